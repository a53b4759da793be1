"""One service per step of the procedure. Each checks what the law requires, runs the transition
through `case_run_step` (permission, conditions, save, event: one transaction) and records what the
step produced."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import roles
from workflows.access import grant_case_permissions, grant_group_case_permissions
from workflows.models import Case, Hearing, Notification
from workflows.models.steps import VALID_REASON_METHODS
from workflows.services.cases import case_run_step
from workflows.services.common import (
    decision_check,
    not_future,
    record_decision,
    record_notification,
    require_reason,
)
from workflows.services.deadlines import deadline_close, deadline_start
from workflows.states import Track

INVALID_REASON_METHOD = _(
    "The serious reason must be notified by registered letter, bailiff's writ or a written notice "
    "handed over whose duplicate the employee signs (art. 35 al. 5 Arbeidsovereenkomstenwet). "
    "Ordinary post, e-mail or courier are not valid and would make the dismissal irregular."
)
POSTED_AFTER_DEADLINE = _(
    "The posting date %(date)s is after the legal deadline of %(due)s; the reason would be "
    "notified too late (art. 35 al. 4). Record an override first if this is justified."
)
NO_HEARING = _("Convene the hearing first.")
HEARING_REASON_REQUIRED = _("Explain why the hearing did not take place.")
MINUTES_REQUIRED = _("Record the statements made at the hearing.")


def case_take_in_triage(*, case: Case, user, note: str = "") -> Case:
    return case_run_step(
        case=case, user=user, name="take_in_triage", note=note, arguments={"handler": user},
        payload={"handler": user.get_username()},
        then=lambda c: grant_case_permissions(
            case=c, who=user, codenames=roles.HANDLER_CASE_PERMISSIONS),
    )


def case_close_without_follow_up(*, case: Case, user, reason: str) -> Case:
    require_reason(reason)
    return case_run_step(case=case, user=user, name="close_without_follow_up", note=reason)


def case_take_informal_measure(*, case: Case, user, measure: str, reason: str) -> Case:
    require_reason(reason)
    return case_run_step(case=case, user=user, name="take_informal_measure", note=reason,
                         arguments={"measure": measure}, payload={"measure": measure})


def case_close(*, case: Case, user, reason: str) -> Case:
    require_reason(reason)
    return case_run_step(case=case, user=user, name="close", note=reason)


def _open_formal(c: Case, user, knowledge_date: date, first_deadline: str) -> None:
    grant_group_case_permissions(case=c, group_name=roles.DECIDING_AUTHORITY,
                                 codenames=roles.DECIDER_CASE_PERMISSIONS)
    deadline_start(case=c, code=first_deadline, start=knowledge_date, actor=user)


def case_open_dismissal(*, case: Case, user, knowledge_date: date, reason: str = "") -> Case:
    not_future(knowledge_date, "knowledge_date")
    return case_run_step(
        case=case, user=user, name="open_dismissal_procedure", note=reason,
        arguments={"knowledge_date": knowledge_date}, payload={"knowledge_date": knowledge_date},
        then=lambda c: _open_formal(c, user, knowledge_date, "dismissal"),
    )


def case_open_disciplinary(*, case: Case, user, knowledge_date: date, investigator,
                           reason: str = "") -> Case:
    not_future(knowledge_date, "knowledge_date")
    return case_run_step(
        case=case, user=user, name="open_disciplinary_procedure", note=reason,
        arguments={"knowledge_date": knowledge_date, "investigator": investigator},
        payload={"knowledge_date": knowledge_date, "investigator": investigator.get_username()},
        then=lambda c: _open_formal(c, user, knowledge_date, "start_proceedings"),
    )


def case_convene_hearing(*, case: Case, user, scheduled_at, place: str, facts_summary: str,
                         reason: str = "") -> Case:
    """Convocation (dismissal track) or summons (disciplinary track) to a hearing."""
    name = "convene_hearing" if case.track == Track.DISMISSAL else "summon"
    return case_run_step(
        case=case, user=user, name=name, note=reason,
        payload={"scheduled_at": scheduled_at, "place": place},
        then=lambda c: Hearing.objects.create(
            case=c, scheduled_at=scheduled_at, place=place, facts_summary=facts_summary),
    )


def case_record_hearing(*, case: Case, user, outcome: str, held_on: date, attendees: str = "",
                        minutes: str = "", outcome_reason: str = "",
                        gave_certain_knowledge: bool = False) -> Case:
    not_future(held_on, "held_on")
    if outcome == Hearing.Outcome.HELD and not minutes.strip():
        raise ValidationError({"minutes": MINUTES_REQUIRED})
    if outcome != Hearing.Outcome.HELD and not outcome_reason.strip():
        raise ValidationError({"outcome_reason": HEARING_REASON_REQUIRED})
    hearing = case.hearings.order_by("-scheduled_at").first()
    if hearing is None:
        raise ValidationError(NO_HEARING)
    name = "record_hearing" if case.track == Track.DISMISSAL else "record_disciplinary_hearing"

    def record(c):
        Hearing.objects.filter(pk=hearing.pk).update(
            outcome=outcome, held_on=held_on, attendees=attendees, minutes=minutes,
            outcome_reason=outcome_reason, gave_certain_knowledge=gave_certain_knowledge,
        )
        if gave_certain_knowledge and c.track == Track.DISMISSAL:
            # Case law: where the hearing gives certain knowledge, art. 35's 3 days run from it.
            Case.objects.filter(pk=c.pk).update(knowledge_date=held_on)
            c.knowledge_date = held_on
            deadline_start(case=c, code="dismissal", start=held_on, actor=user)

    return case_run_step(
        case=case, user=user, name=name, note=outcome_reason,
        payload={"outcome": outcome, "held_on": held_on,
                 "gave_certain_knowledge": gave_certain_knowledge},
        then=record,
    )


def case_decide_dismissal(*, case: Case, user, reason: str, body) -> Case:
    require_reason(reason)
    rule = decision_check(case=case, user=user, body=body, decision="dismissal")
    return case_run_step(
        case=case, user=user, name="decide_dismissal", note=reason,
        payload={"body": body.pk, "authority": body.name},
        then=lambda c: record_decision(c, user, kind="dismissal", reasons=reason, body=body,
                                       rule=rule),
    )


def case_decide_other_measure(*, case: Case, user, measure: str, reason: str, body) -> Case:
    """The measure taken instead of the dismissal, by the body competent to dismiss."""
    require_reason(reason)
    rule = decision_check(case=case, user=user, body=body, decision="dismissal")

    def after(c):
        deadline_close(case=c, code="dismissal", on=timezone.localdate(), met=False)
        record_decision(c, user, kind=measure, reasons=reason, body=body, rule=rule)

    return case_run_step(case=case, user=user, name="decide_other_measure", note=reason,
                         arguments={"measure": measure},
                         payload={"measure": measure, "body": body.pk, "authority": body.name},
                         then=after)


def case_notify_dismissal(*, case: Case, user, method: str, sent_on: date) -> Case:
    not_future(sent_on, "sent_on")

    def after(c):
        # The dismissal is given when it is notified: that meets the 3-day limit of art. 35 al. 3
        # and starts the 3 working days for notifying the reason (art. 35 al. 4).
        record_notification(c, subject=Notification.Subject.DISMISSAL, method=method,
                            sent_on=sent_on)
        deadline_close(case=c, code="dismissal", on=sent_on)
        deadline_start(case=c, code="reason_notice", start=sent_on, actor=user)

    return case_run_step(case=case, user=user, name="notify_dismissal",
                         payload={"method": method, "sent_on": sent_on}, then=after)


def case_notify_reason(*, case: Case, user, method: str, sent_on: date) -> Case:
    if method not in VALID_REASON_METHODS:
        raise ValidationError({"method": INVALID_REASON_METHOD})
    not_future(sent_on, "sent_on")
    deadline = case.running_deadline("reason_notice")
    if deadline and sent_on > deadline.due_date and not deadline.overridden:
        raise ValidationError({"sent_on": POSTED_AFTER_DEADLINE % {
            "date": sent_on.strftime("%d/%m/%Y"), "due": deadline.due_date.strftime("%d/%m/%Y")}})

    def after(c):
        record_notification(c, subject=Notification.Subject.REASON, method=method,
                            sent_on=sent_on)
        deadline_close(case=c, code="reason_notice", on=sent_on)

    return case_run_step(case=case, user=user, name="notify_reason",
                         payload={"method": method, "sent_on": sent_on}, then=after)
