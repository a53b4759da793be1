"""Services for the steps specific to the disciplinary procedure (Decreet Lokaal Bestuur art.
198-216; decree of 27 March 1991 ch. IX). Hearings are shared with the dismissal track (steps.py)."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflows.defence.services import check_citations, decision_cite
from workflows.events import record_event
from workflows.legal_sources import source_in_language
from workflows.competence import check_in_catalogue
from workflows.models import (
    Appeal,
    Case,
    DeadlineRule,
    Notification,
    NotificationRule,
    PreventiveSuspension,
    SanctionProposal,
    SuspensionRule,
)
from workflows.models.steps import (
    SANCTION_DURATION_RULES,
    NotificationMethod,
    Sanction,
)
from workflows.services.cases import case_run_step
from workflows.services.common import (
    check_notification_form,
    decision_check,
    not_future,
    record_decision,
    record_notification,
    require_reason,
)
from workflows.deadlines import rule_due_date
from workflows.services.deadlines import deadline_close, deadline_start, rule_for
from workflows.services.labels import EVENT_LABELS
from workflows.services.suspensions import (
    check_suspension_chain,
    check_suspension_pay,
    suspension_rule_for,
)
from workflows.states import CaseState, Regime, Track
from workflows.statistics.consistency import check_consistency
from workflows.statistics.figures import outcome_key

INVESTIGATOR_CANNOT_DECIDE = _(
    "You are the investigator of this case: the decision whether to prosecute must be taken by "
    "someone else."
)
PROPOSER_CANNOT_DECIDE = _(
    "You proposed the sanction in this case: a sanction cannot be proposed and imposed by the same "
    "person (Flemish staff statute, Part VIII, art. VIII 7)."
)
PROPOSER_NOT_ALLOWED = _("The proposal is made by the investigator or the employee's line manager.")
DURATION_REQUIRED = _("Give the duration in months for this sanction.")
DURATION_TOO_LONG = _("At most %(max)s for this sanction (%(source)s).")
FRACTION_REQUIRED = _("Give the share of net pay withheld (at most one fifth).")
FRACTION_TOO_HIGH = _("At most one fifth of the net pay may be withheld (Loonbeschermingswet).")
RECEIPT_REQUIRED = _("Give the date the employee received the decision: the appeal period runs from it.")
RECEIPT_BEFORE_SENDING = _("The decision cannot have been received before it was sent.")
SUSPENSION_NOT_HERE = _(
    "A preventive suspension is only possible during a disciplinary procedure or, for education "
    "staff, a dismissal procedure for serious reason (decree of 27 March 1991)."
)
SUSPENSION_HEARING_FIRST = _(
    "Record when the employee was heard about the suspension, or the urgency that prevented it."
)
INVALID_DECISION_METHOD = _(
    "A disciplinary decision must be notified in a form whose receipt the employer can prove, as "
    "the rulebook lists them: %(methods)s (%(source)s%(flag)s). The appeal period runs from "
    "receipt."
)
SUSPENSION_TOO_LONG = _(
    "A preventive suspension lasts at most %(max)s (%(source)s): its last day is %(last)s at the "
    "latest.")
SUSPENSION_ENDS_BEFORE_START = _("The suspension cannot end before it starts.")
SUSPENSION_NOT_ALLOWED = _("Only the deciding authority can impose a preventive suspension.")
MAX_WITHHOLDING = Decimal("0.2")

APPEAL_BODIES = {
    Regime.LOCAL_GOVERNMENT: "Beroepscommissie voor Tuchtzaken",
    Regime.EDUCATION: "Kamer van beroep (officieel gesubsidieerd onderwijs)",
}


def case_take_note_of_report(*, case: Case, user, noted_on: date, reason: str = "") -> Case:
    not_future(noted_on, "noted_on")

    return case_run_step(
        case=case, user=user, name="take_note_of_report", note=reason,
        arguments={"noted_on": noted_on}, payload={"noted_on": noted_on},
        then=lambda c: deadline_start(case=c, code="prosecution_decision", start=noted_on,
                                      actor=user),
    )


def _prosecution_check(*, case: Case, user, reason: str, body):
    # The investigator examined the facts; deciding on the prosecution is for someone else.
    if case.investigator_id is not None and case.investigator_id == user.pk:
        raise ValidationError(INVESTIGATOR_CANNOT_DECIDE)
    require_reason(reason)
    return decision_check(case=case, user=user, body=body, decision="prosecution")


def case_decide_to_prosecute(*, case: Case, user, reason: str, body) -> Case:
    rule = _prosecution_check(case=case, user=user, reason=reason, body=body)

    def after(c):
        today = timezone.localdate()
        deadline_close(case=c, code="prosecution_decision", on=today)
        deadline_close(case=c, code="start_proceedings", on=today)
        record_decision(c, user, kind="prosecute", reasons=reason, body=body, rule=rule)

    return case_run_step(case=case, user=user, name="decide_to_prosecute", note=reason,
                         payload={"body": body.pk, "authority": body.name}, then=after)


def case_decide_not_to_prosecute(*, case: Case, user, reason: str, body) -> Case:
    rule = _prosecution_check(case=case, user=user, reason=reason, body=body)

    def after(c):
        today = timezone.localdate()
        deadline_close(case=c, code="prosecution_decision", on=today)
        deadline_close(case=c, code="start_proceedings", on=today, met=False)
        record_decision(c, user, kind="no_prosecution", reasons=reason, body=body, rule=rule)

    return case_run_step(case=case, user=user, name="decide_not_to_prosecute", note=reason,
                         payload={"body": body.pk, "authority": body.name}, then=after)


def case_close_time_barred(*, case: Case, user, reason: str) -> Case:
    """The only step left once a time limit that lapses has passed (no override exists)."""
    require_reason(reason)
    return case_run_step(case=case, user=user, name="close_time_barred", note=reason)


def check_sanction(*, case: Case, sanction: str, duration_months, withholding_fraction) -> None:
    if not sanction:
        return
    check_in_catalogue(case=case, sanction=sanction, on=timezone.localdate())
    rule_code = SANCTION_DURATION_RULES.get(sanction)
    if rule_code:
        if not duration_months:
            raise ValidationError({"duration_months": DURATION_REQUIRED})
        rule = rule_for(case=case, code=rule_code, on=timezone.localdate())
        if duration_months > rule.length:
            raise ValidationError({"duration_months": DURATION_TOO_LONG % {
                "max": rule.length_label, "source": source_in_language(rule.legal_source)}})
    if sanction == Sanction.SALARY_WITHHOLDING:
        if withholding_fraction is None:
            raise ValidationError({"withholding_fraction": FRACTION_REQUIRED})
        if withholding_fraction > MAX_WITHHOLDING or withholding_fraction <= 0:
            raise ValidationError({"withholding_fraction": FRACTION_TOO_HIGH})


def case_propose_sanction(*, case: Case, user, proposer, proposer_role: str, sanction: str,
                          motivation: str, duration_months=None) -> Case:
    """Tuchtvoorstel: the investigator or the line manager proposes; HR records it."""
    allowed = {"investigator": case.investigator_id, "line_manager": case.incident.reporter_id}
    if proposer is None or allowed.get(proposer_role) != proposer.pk:
        raise ValidationError({"proposer": PROPOSER_NOT_ALLOWED})
    if not (motivation or "").strip():
        raise ValidationError({"motivation": _("Give the motivation of the proposal.")})
    if sanction:
        check_in_catalogue(case=case, sanction=sanction, on=timezone.localdate())
    return case_run_step(
        case=case, user=user, name="propose_sanction", note=motivation,
        payload={"proposer": proposer.get_username(), "sanction": sanction,
                 "duration_months": duration_months},
        then=lambda c: SanctionProposal.objects.create(
            case=c, proposer=proposer, proposer_role=proposer_role, sanction=sanction,
            duration_months=duration_months, motivation=motivation, recorded_by=user),
    )


def case_decide_sanction(*, case: Case, user, sanction: str, reason: str, body,
                         duration_months=None, withholding_fraction=None,
                         cited_sanctions=(), deviation_reason: str = "") -> Case:
    """A reasoned decision by the competent body: a sanction from the catalogue, or no sanction
    (empty `sanction`). Whoever proposed the sanction may not decide, whatever their groups. It
    may cite prior sanctions of the employee that were not erased at the date of the facts."""
    if case.proposals.filter(proposer_id=user.pk).exists():
        raise ValidationError(PROPOSER_CANNOT_DECIDE)
    require_reason(reason)
    rule = decision_check(case=case, user=user, body=body, decision=sanction or "sanction")
    check_sanction(case=case, sanction=sanction, duration_months=duration_months,
                   withholding_fraction=withholding_fraction)
    check_citations(case=case, keys=cited_sanctions)
    outcome = Case.Outcome.SANCTION if sanction else Case.Outcome.NO_SANCTION
    check_consistency(case=case, chosen=outcome_key(outcome, sanction),
                      deviation_reason=deviation_reason)
    extra = {"sanction": sanction, "duration_months": duration_months,
             "withholding_fraction": withholding_fraction, "deviation_reason": deviation_reason}

    def after(c):
        deadline_close(case=c, code="decision_after_hearing", on=timezone.localdate())
        decision_cite(decision=record_decision(c, user, kind=sanction or "no_sanction",
                                               reasons=reason, body=body, rule=rule, **extra),
                      keys=cited_sanctions)

    return case_run_step(
        case=case, user=user, name="decide_sanction", note=reason, arguments={"outcome": outcome},
        payload={"sanction": sanction, "duration_months": duration_months,
                 "body": body.pk, "authority": body.name,
                 "cited_sanctions": sorted(cited_sanctions), "deviation_reason": deviation_reason},
        then=after,
    )


def presumed_receipt(*, case: Case, method: str, sent_on: date, received_on):
    """The receipt date, and whether it is presumed: an uncollected registered letter is deemed
    received on the rulebook's day after posting (art. 53bis Ger.W. by analogy, to be confirmed)."""
    if received_on is not None or method != NotificationMethod.REGISTERED_LETTER:
        return received_on, False
    rule = DeadlineRule.objects.in_force("registered_letter_receipt", case.regime, sent_on)
    if rule is None:
        return None, False
    return rule_due_date(rule, sent_on), True


def check_notification_method(*, case: Case, method: str, sent_on: date) -> None:
    """The method must be one the rulebook's notification rule in force lists (flagged or not)."""
    check_notification_form(case=case, subject=NotificationRule.Subject.DISCIPLINARY_DECISION,
                            method=method, on=sent_on, field="method",
                            refused=INVALID_DECISION_METHOD)


def case_notify_decision(*, case: Case, user, method: str, sent_on: date,
                         received_on: date | None) -> Case:
    not_future(sent_on, "sent_on")
    check_notification_method(case=case, method=method, sent_on=sent_on)
    received_on, presumed = presumed_receipt(case=case, method=method, sent_on=sent_on,
                                             received_on=received_on)
    if case.outcome == Case.Outcome.SANCTION and received_on is None:
        raise ValidationError({"received_on": RECEIPT_REQUIRED})
    if received_on is not None and not presumed:
        not_future(received_on, "received_on")
        if received_on < sent_on:
            raise ValidationError({"received_on": RECEIPT_BEFORE_SENDING})

    def after(c):
        if c.state == CaseState.APPEAL_WINDOW:
            deadline_start(case=c, code="appeal", start=received_on, actor=user)
        notification = record_notification(c, subject=Notification.Subject.DECISION,
                                           method=method, sent_on=sent_on,
                                           received_on=received_on)
        if presumed:
            Notification.objects.filter(pk=notification.pk).update(receipt_presumed=True)

    return case_run_step(case=case, user=user, name="notify_decision", then=after,
                         payload={"method": method, "sent_on": sent_on,
                                  "received_on": received_on, "receipt_presumed": presumed})


def case_lodge_appeal(*, case: Case, user, lodged_on: date, reason: str = "") -> Case:
    not_future(lodged_on, "lodged_on")

    def after(c):
        Appeal.objects.create(case=c, body=APPEAL_BODIES[c.regime], lodged_on=lodged_on)
        deadline_close(case=c, code="appeal", on=lodged_on)

    return case_run_step(case=case, user=user, name="lodge_appeal", note=reason,
                         payload={"body": APPEAL_BODIES[case.regime], "lodged_on": lodged_on},
                         then=after)


def case_record_appeal_outcome(*, case: Case, user, outcome: str, outcome_on: date,
                               reason: str) -> Case:
    require_reason(reason)
    not_future(outcome_on, "outcome_on")

    return case_run_step(
        case=case, user=user, name="record_appeal_outcome", note=reason,
        arguments={"annulled": outcome == Appeal.Outcome.ANNULLED},
        payload={"outcome": outcome, "outcome_on": outcome_on},
        then=lambda c: c.appeals.filter(outcome="").update(outcome=outcome, outcome_on=outcome_on),
    )


def case_close_after_appeal_period(*, case: Case, user, reason: str) -> Case:
    require_reason(reason)

    return case_run_step(
        case=case, user=user, name="close_after_appeal_period", note=reason,
        then=lambda c: deadline_close(case=c, code="appeal", on=timezone.localdate(), met=False),
    )


def suspension_allowed(case: Case) -> bool:
    """Art. 209 DLB (disciplinary procedure); decree of 27 March 1991: also during a dismissal for
    serious reason of education staff."""
    if case.is_closed:
        return False
    return case.track == Track.DISCIPLINARY or (
        case.track == Track.DISMISSAL and case.regime == Regime.EDUCATION)


def check_suspension(*, case: Case, starts_on: date, ends_on: date, heard_on,
                     no_hearing_reason: str, salary_reduction_percent: int = 0) -> SuspensionRule:
    """The suspension's dates and pay against the rulebook; returns the SuspensionRule applied."""
    if not suspension_allowed(case):
        raise ValidationError(SUSPENSION_NOT_HERE)
    if heard_on is None and not (no_hearing_reason or "").strip():
        raise ValidationError({"heard_on": SUSPENSION_HEARING_FIRST})
    if heard_on is not None:
        not_future(heard_on, "heard_on")
    if ends_on < starts_on:
        raise ValidationError({"ends_on": SUSPENSION_ENDS_BEFORE_START})
    rule = rule_for(case=case, code="preventive_suspension_max", on=starts_on)
    # `ends_on` is the last day (inclusive): 6 months from 1 January end on 30 June.
    last_allowed = rule_due_date(rule, starts_on) - timedelta(days=1)
    if ends_on > last_allowed:
        raise ValidationError({"ends_on": SUSPENSION_TOO_LONG % {
            "max": rule.length_label, "source": source_in_language(rule.legal_source),
            "last": last_allowed.strftime("%d/%m/%Y")}})
    terms = suspension_rule_for(case, starts_on)
    check_suspension_chain(case=case, rule=terms, maximum=rule, ends_on=ends_on)
    check_suspension_pay(case=case, rule=terms, percent=salary_reduction_percent)
    return terms


@transaction.atomic
def case_impose_preventive_suspension(*, case: Case, user, starts_on: date, ends_on: date,
                                      reason: str, salary_reduction_percent: int = 0,
                                      heard_on=None,
                                      no_hearing_reason: str = "") -> PreventiveSuspension:
    """Ordemaatregel (art. 209 DLB: at most 6 months, lapses when its limits are not respected;
    education: at most 1 year). The employee is heard first, unless urgency prevented it. A salary
    reduction (percentage of net pay) only as far as the regime's SuspensionRule allows it."""
    if not (user.has_perm("workflows.decide_case", case)):
        raise PermissionDenied(SUSPENSION_NOT_ALLOWED)
    require_reason(reason)
    terms = check_suspension(case=case, starts_on=starts_on, ends_on=ends_on, heard_on=heard_on,
                             no_hearing_reason=no_hearing_reason,
                             salary_reduction_percent=salary_reduction_percent)
    deadline = deadline_start(case=case, code="preventive_suspension_max", start=starts_on,
                              actor=user)
    case.deadlines.filter(pk=deadline.pk).update(due_date=ends_on)
    suspension = PreventiveSuspension.objects.create(
        case=case, starts_on=starts_on, ends_on=ends_on,
        salary_reduction=bool(salary_reduction_percent),
        salary_reduction_percent=salary_reduction_percent, rule=terms, reason=reason,
        imposed_by=user, heard_on=heard_on, no_hearing_reason=no_hearing_reason,
    )
    record_event(case=case, actor=user, kind="suspension_imposed",
                 label=EVENT_LABELS["suspension_imposed"], note=reason,
                 payload={"starts_on": starts_on, "ends_on": ends_on, "heard_on": heard_on,
                          "salary_reduction_percent": salary_reduction_percent,
                          "rule": terms.pk})
    return suspension
