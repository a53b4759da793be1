"""Services for the steps specific to the disciplinary procedure (Decreet Lokaal Bestuur art.
198-216; decree of 27 March 1991 ch. IX). Hearings are shared with the dismissal track (steps.py)."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflows.defence.services import check_citations, decision_cite
from workflows.events import record_event
from workflows.models import Appeal, Case, Notification, PreventiveSuspension
from workflows.models.steps import SANCTION_DURATION_RULES, SANCTIONS_BY_REGIME, Sanction
from workflows.services.cases import case_run_step
from workflows.services.common import (
    not_future,
    record_decision,
    record_notification,
    require_reason,
)
from workflows.services.deadlines import deadline_close, deadline_start, rule_for
from workflows.services.labels import EVENT_LABELS
from workflows.states import CaseState, Regime, Track

SANCTION_NOT_IN_CATALOGUE = _("The sanction “%(sanction)s” is not in the catalogue of this regime.")
DURATION_REQUIRED = _("Give the duration in months for this sanction.")
DURATION_TOO_LONG = _("At most %(max)s for this sanction (%(source)s).")
FRACTION_REQUIRED = _("Give the share of net pay withheld (at most one fifth).")
FRACTION_TOO_HIGH = _("At most one fifth of the net pay may be withheld (Loonbeschermingswet).")
RECEIPT_REQUIRED = _("Give the date the employee received the decision: the appeal period runs from it.")
RECEIPT_BEFORE_SENDING = _("The decision cannot have been received before it was sent.")
SUSPENSION_NOT_HERE = _("A preventive suspension is only possible during a disciplinary procedure.")
SUSPENSION_TOO_LONG = _("A preventive suspension lasts at most %(max)s (%(source)s).")
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


def case_decide_to_prosecute(*, case: Case, user, reason: str, authority: str) -> Case:
    require_reason(reason)

    def after(c):
        today = timezone.localdate()
        deadline_close(case=c, code="prosecution_decision", on=today)
        deadline_close(case=c, code="start_proceedings", on=today)
        record_decision(c, user, kind="prosecute", reasons=reason, authority=authority)

    return case_run_step(case=case, user=user, name="decide_to_prosecute", note=reason,
                         payload={"authority": authority}, then=after)


def case_decide_not_to_prosecute(*, case: Case, user, reason: str, authority: str) -> Case:
    require_reason(reason)

    def after(c):
        today = timezone.localdate()
        deadline_close(case=c, code="prosecution_decision", on=today)
        deadline_close(case=c, code="start_proceedings", on=today, met=False)
        c.suspensions.filter(ends_on__gt=today).update(ends_on=today)
        deadline_close(case=c, code="preventive_suspension_max", on=today, met=False)
        record_decision(c, user, kind="no_prosecution", reasons=reason, authority=authority)

    return case_run_step(case=case, user=user, name="decide_not_to_prosecute", note=reason,
                         payload={"authority": authority}, then=after)


def check_sanction(*, case: Case, sanction: str, duration_months, withholding_fraction) -> None:
    if not sanction:
        return
    if sanction not in SANCTIONS_BY_REGIME.get(case.regime, []):
        raise ValidationError({"sanction": SANCTION_NOT_IN_CATALOGUE % {
            "sanction": Sanction(sanction).label}})
    rule_code = SANCTION_DURATION_RULES.get(sanction)
    if rule_code:
        if not duration_months:
            raise ValidationError({"duration_months": DURATION_REQUIRED})
        rule = rule_for(case=case, code=rule_code, on=timezone.localdate())
        if duration_months > rule.length:
            raise ValidationError({"duration_months": DURATION_TOO_LONG % {
                "max": rule.length_label, "source": rule.legal_source}})
    if sanction == Sanction.SALARY_WITHHOLDING:
        if withholding_fraction is None:
            raise ValidationError({"withholding_fraction": FRACTION_REQUIRED})
        if withholding_fraction > MAX_WITHHOLDING or withholding_fraction <= 0:
            raise ValidationError({"withholding_fraction": FRACTION_TOO_HIGH})


def case_decide_sanction(*, case: Case, user, sanction: str, reason: str, authority: str,
                         duration_months=None, withholding_fraction=None,
                         cited_sanctions=()) -> Case:
    """A reasoned decision: a sanction from the catalogue, or no sanction (empty `sanction`).
    It may cite prior sanctions of the employee that were not erased at the date of the facts."""
    require_reason(reason)
    check_sanction(case=case, sanction=sanction, duration_months=duration_months,
                   withholding_fraction=withholding_fraction)
    check_citations(case=case, keys=cited_sanctions)
    outcome = Case.Outcome.SANCTION if sanction else Case.Outcome.NO_SANCTION
    extra = {"sanction": sanction, "duration_months": duration_months,
             "withholding_fraction": withholding_fraction}
    return case_run_step(
        case=case, user=user, name="decide_sanction", note=reason, arguments={"outcome": outcome},
        payload={"sanction": sanction, "duration_months": duration_months,
                 "authority": authority, "cited_sanctions": sorted(cited_sanctions)},
        then=lambda c: decision_cite(
            decision=record_decision(c, user, kind=sanction or "no_sanction", reasons=reason,
                                     authority=authority, **extra),
            keys=cited_sanctions),
    )


def case_notify_decision(*, case: Case, user, method: str, sent_on: date,
                         received_on: date | None) -> Case:
    not_future(sent_on, "sent_on")
    if case.outcome == Case.Outcome.SANCTION and received_on is None:
        raise ValidationError({"received_on": RECEIPT_REQUIRED})
    if received_on is not None:
        not_future(received_on, "received_on")
        if received_on < sent_on:
            raise ValidationError({"received_on": RECEIPT_BEFORE_SENDING})

    def after(c):
        if c.state == CaseState.APPEAL_WINDOW:
            deadline_start(case=c, code="appeal", start=received_on, actor=user)
        record_notification(c, subject=Notification.Subject.DECISION, method=method,
                            sent_on=sent_on, received_on=received_on)

    return case_run_step(case=case, user=user, name="notify_decision", then=after,
                         payload={"method": method, "sent_on": sent_on,
                                  "received_on": received_on})


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


@transaction.atomic
def case_impose_preventive_suspension(*, case: Case, user, starts_on: date, ends_on: date,
                                      salary_reduction: bool, reason: str) -> PreventiveSuspension:
    """Ordemaatregel (art. 209 DLB: at most 6 months; education: at most 1 year)."""
    if not (user.has_perm("workflows.decide_case", case)):
        raise PermissionDenied(SUSPENSION_NOT_ALLOWED)
    if case.track != Track.DISCIPLINARY or case.is_closed:
        raise ValidationError(SUSPENSION_NOT_HERE)
    require_reason(reason)
    if ends_on < starts_on:
        raise ValidationError({"ends_on": SUSPENSION_ENDS_BEFORE_START})
    rule = rule_for(case=case, code="preventive_suspension_max", on=starts_on)
    deadline = deadline_start(case=case, code="preventive_suspension_max", start=starts_on,
                              actor=user)
    if ends_on > deadline.due_date:
        raise ValidationError({"ends_on": SUSPENSION_TOO_LONG % {
            "max": rule.length_label, "source": rule.legal_source}})
    case.deadlines.filter(pk=deadline.pk).update(due_date=ends_on)
    suspension = PreventiveSuspension.objects.create(
        case=case, starts_on=starts_on, ends_on=ends_on, salary_reduction=salary_reduction,
        reason=reason, imposed_by=user,
    )
    record_event(case=case, actor=user, kind="suspension_imposed",
                 label=EVENT_LABELS["suspension_imposed"], note=reason,
                 payload={"starts_on": starts_on, "ends_on": ends_on,
                          "salary_reduction": salary_reduction})
    return suspension
