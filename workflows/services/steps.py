"""One service per step of the procedure. Each checks what the law requires, runs the transition
through `case_run_step` (permission, conditions, save, event: one transaction) and records what the
step produced."""

from datetime import date, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import roles
from workflows.access import grant_case_permissions, grant_group_case_permissions
from workflows.conditions import DISCIPLINARY_STATUSES
from workflows.deadlines import is_working_day, rule_due_date
from workflows.legal_sources import source_in_language
from workflows.models import Case, DeadlineRule, Hearing, Notification
from workflows.models.steps import VALID_REASON_METHODS
from workflows.services.cases import case_run_step
from workflows.services.common import (
    decision_check,
    not_future,
    record_decision,
    record_notification,
    require_reason,
)
from workflows.services.deadlines import deadline_close, deadline_move_start, deadline_start
from workflows.states import Track
from workflows.statistics.consistency import check_consistency

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
SUMMONS_PROOF_REQUIRED = _(
    "Say how the summons was delivered and when (registered letter, handed over against receipt): "
    "the authority may only decide on the file when the employee was duly summoned."
)
MINUTES_REQUIRED = _("Record the statements made at the hearing.")
HEARING_TIMES_REQUIRED = _(
    "Record when the hearing started and when it ended: the minutes state both.")
HEARING_ENDS_BEFORE_START = _("The hearing cannot end before it started.")
OUTCOME_NOT_IN_TRACK = _(
    "This outcome does not exist in this procedure. In the disciplinary procedure the hearing was "
    "held, or the duly summoned employee did not appear (the authority then decides on the file)."
)
HELD_BEFORE_SCHEDULED = _(
    "The hearing is recorded as held on %(held)s, before its scheduled date %(scheduled)s: explain why."
)
KNOWLEDGE_JUSTIFICATION_REQUIRED = _(
    "Explain why the hearing, and not an earlier moment, gave certain knowledge of the facts."
)
KNOWLEDGE_MOVE_NOT_ALLOWED = _(
    "Only an HR lead can move the start of the dismissal deadline to the hearing."
)
KNOWLEDGE_AFTER_DEADLINE = _(
    "Warning: the deadline counted from the first knowledge date ended on %(due)s, before this "
    "hearing. A late hearing does not revive a passed deadline: the 3 days run from the hearing "
    "only if the hearing truly gave certain knowledge and the employer acted diligently. Tick the "
    "box to confirm."
)
HEARING_AFTER_DEADLINE = _(
    "Warning: the running deadline ends on %(due)s, before this hearing. Deciding after the "
    "hearing will be late unless the hearing itself gives certain knowledge. Tick the box to "
    "convene it all the same."
)
NOTICE_TOO_SHORT = _(
    "The hearing must be at least %(length)s after the summons, so on %(earliest)s at the earliest "
    "(%(source)s%(flag)s)."
)
UNUSUAL_TIME = _(
    "The hearing is set on a Sunday, a public holiday or at night (%(when)s). Tick the box to "
    "confirm this time."
)
KNOWLEDGE_LATER_THAN_REPORT = _(
    "This date is later than the date the reporting manager learned of the facts (%(reported)s). "
    "Explain why the competent authority only had certain knowledge later: a court may count "
    "from the manager's knowledge."
)
WRITTEN_WARNING_STATUTORY = _(
    "For statutory staff a written warning kept in the personnel file may count as a disguised "
    "disciplinary sanction imposed without the disciplinary guarantees. Tick the box to confirm, "
    "or choose a conversation without an entry in the file."
)
TO_BE_CONFIRMED = _(", to be confirmed by the legal service")
# Night: hearings before 7.00 or from 20.00 need a confirmation (defect 9 of the legal review).
DAY_STARTS, NIGHT_STARTS = 7, 20


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


def case_take_informal_measure(*, case: Case, user, measure: str, reason: str,
                               confirm_written_warning: bool = False) -> Case:
    require_reason(reason)
    if (measure == Case.Outcome.WRITTEN_WARNING and case.legal_status in DISCIPLINARY_STATUSES
            and not confirm_written_warning):
        raise ValidationError({"confirm_written_warning": WRITTEN_WARNING_STATUTORY})
    return case_run_step(case=case, user=user, name="take_informal_measure", note=reason,
                         arguments={"measure": measure}, payload={"measure": measure})


def case_close(*, case: Case, user, reason: str) -> Case:
    require_reason(reason)
    return case_run_step(case=case, user=user, name="close", note=reason)


def _open_formal(c: Case, user, knowledge_date: date, first_deadline: str) -> None:
    grant_group_case_permissions(case=c, group_name=roles.DECIDING_AUTHORITY,
                                 codenames=roles.DECIDER_CASE_PERMISSIONS)
    deadline_start(case=c, code=first_deadline, start=knowledge_date, actor=user)


def check_knowledge_date(case: Case, knowledge_date: date, reason: str) -> None:
    """HR's knowledge date later than the manager's needs a written explanation (burden of proof)."""
    not_future(knowledge_date, "knowledge_date")
    reported = case.incident.knowledge_date
    if reported and knowledge_date > reported and not (reason or "").strip():
        raise ValidationError({"reason": KNOWLEDGE_LATER_THAN_REPORT % {
            "reported": reported.strftime("%d/%m/%Y")}})


def case_open_dismissal(*, case: Case, user, knowledge_date: date, reason: str = "") -> Case:
    check_knowledge_date(case, knowledge_date, reason)
    return case_run_step(
        case=case, user=user, name="open_dismissal_procedure", note=reason,
        arguments={"knowledge_date": knowledge_date}, payload={"knowledge_date": knowledge_date},
        then=lambda c: _open_formal(c, user, knowledge_date, "dismissal"),
    )


def case_open_disciplinary(*, case: Case, user, knowledge_date: date, investigator,
                           reason: str = "") -> Case:
    check_knowledge_date(case, knowledge_date, reason)
    return case_run_step(
        case=case, user=user, name="open_disciplinary_procedure", note=reason,
        arguments={"knowledge_date": knowledge_date, "investigator": investigator},
        payload={"knowledge_date": knowledge_date, "investigator": investigator.get_username()},
        then=lambda c: _open_formal(c, user, knowledge_date, "start_proceedings"),
    )


def check_hearing_notice(*, case: Case, day: date, summoned_on: date) -> None:
    """Minimum notice between summons and hearing (rulebook "hearing_notice", to be confirmed)."""
    notice = DeadlineRule.objects.in_force("hearing_notice", case.regime, summoned_on)
    if notice is None:
        return
    earliest = rule_due_date(notice, summoned_on)
    if day < earliest:
        raise ValidationError({"scheduled_at": NOTICE_TOO_SHORT % {
            "length": notice.length_label, "earliest": earliest.strftime("%d/%m/%Y"),
            "source": source_in_language(notice.legal_source), "flag": TO_BE_CONFIRMED if notice.to_be_confirmed else ""}})


def check_hearing_time(*, case: Case, scheduled_at, summoned_on: date,
                       confirm_after_deadline: bool, confirm_unusual_time: bool) -> None:
    not_future(summoned_on, "summoned_on")
    local = timezone.localtime(scheduled_at)
    day = local.date()
    check_hearing_notice(case=case, day=day, summoned_on=summoned_on)
    unusual = not is_working_day(day) or not DAY_STARTS <= local.hour < NIGHT_STARTS
    if unusual and not confirm_unusual_time:
        raise ValidationError({"confirm_unusual_time": UNUSUAL_TIME % {
            "when": local.strftime("%d/%m/%Y %H:%M")}})
    deadline = case.running_deadline("dismissal")
    if deadline and day > deadline.due_date and not confirm_after_deadline:
        raise ValidationError({"confirm_after_deadline": HEARING_AFTER_DEADLINE % {
            "due": deadline.due_date.strftime("%d/%m/%Y")}})


def case_convene_hearing(*, case: Case, user, scheduled_at, place: str, facts_summary: str,
                         reason: str = "", summoned_on: date | None = None,
                         confirm_after_deadline: bool = False,
                         confirm_unusual_time: bool = False) -> Case:
    """Convocation (dismissal track) or summons (disciplinary track) to a hearing, sent on
    `summoned_on` (today unless told)."""
    name = "convene_hearing" if case.track == Track.DISMISSAL else "summon"
    summoned_on = summoned_on or timezone.localdate()
    check_hearing_time(case=case, scheduled_at=scheduled_at, summoned_on=summoned_on,
                       confirm_after_deadline=confirm_after_deadline,
                       confirm_unusual_time=confirm_unusual_time)
    return case_run_step(
        case=case, user=user, name=name, note=reason,
        payload={"scheduled_at": scheduled_at, "place": place, "summoned_on": summoned_on,
                 "confirmed_after_deadline": confirm_after_deadline,
                 "confirmed_unusual_time": confirm_unusual_time},
        then=lambda c: Hearing.objects.create(
            case=c, scheduled_at=scheduled_at, place=place, facts_summary=facts_summary),
    )


def check_hearing_times(*, outcome: str, start_time: time | None,
                        end_time: time | None) -> None:
    """A hearing that took place has a start and an end time, the end after the start; one that
    did not take place may leave both empty (L7)."""
    if outcome != Hearing.Outcome.HELD and start_time is None and end_time is None:
        return
    for name, value in (("start_time", start_time), ("end_time", end_time)):
        if value is None:
            raise ValidationError({name: HEARING_TIMES_REQUIRED})
    if end_time <= start_time:
        raise ValidationError({"end_time": HEARING_ENDS_BEFORE_START})


def check_hearing_record(*, case: Case, hearing: Hearing, outcome: str, held_on: date,
                         minutes: str, outcome_reason: str, date_note: str,
                         start_time: time | None = None, end_time: time | None = None) -> None:
    not_future(held_on, "held_on")
    if outcome not in Hearing.OUTCOMES_BY_TRACK.get(case.track, []):
        raise ValidationError({"outcome": OUTCOME_NOT_IN_TRACK})
    if outcome == Hearing.Outcome.HELD and not minutes.strip():
        raise ValidationError({"minutes": MINUTES_REQUIRED})
    if outcome == Hearing.Outcome.DID_NOT_APPEAR and not outcome_reason.strip():
        raise ValidationError({"outcome_reason": SUMMONS_PROOF_REQUIRED})
    if outcome != Hearing.Outcome.HELD and not outcome_reason.strip():
        raise ValidationError({"outcome_reason": HEARING_REASON_REQUIRED})
    check_hearing_times(outcome=outcome, start_time=start_time, end_time=end_time)
    scheduled = timezone.localtime(hearing.scheduled_at).date()
    if held_on < scheduled and not date_note.strip():
        raise ValidationError({"date_note": HELD_BEFORE_SCHEDULED % {
            "held": held_on.strftime("%d/%m/%Y"), "scheduled": scheduled.strftime("%d/%m/%Y")}})


def check_knowledge_move(*, case: Case, user, held_on: date, justification: str,
                         confirm_late_knowledge: bool) -> None:
    """Case law lets art. 35's 3 days run from a hearing that gives certain knowledge, where the
    employer acted diligently: the HR lead's act, justified, with a warning if already late."""
    if not user.has_perm("workflows.override_deadline"):
        raise PermissionDenied(KNOWLEDGE_MOVE_NOT_ALLOWED)
    if not justification.strip():
        raise ValidationError({"knowledge_justification": KNOWLEDGE_JUSTIFICATION_REQUIRED})
    deadline = case.running_deadline("dismissal")
    passed = deadline and max(held_on, timezone.localdate()) > deadline.due_date
    if passed and not confirm_late_knowledge:
        raise ValidationError({"confirm_late_knowledge": KNOWLEDGE_AFTER_DEADLINE % {
            "due": deadline.due_date.strftime("%d/%m/%Y")}})


def case_record_hearing(*, case: Case, user, outcome: str, held_on: date, attendees: str = "",
                        minutes: str = "", outcome_reason: str = "",
                        gave_certain_knowledge: bool = False, knowledge_justification: str = "",
                        confirm_late_knowledge: bool = False, date_note: str = "",
                        start_time: time | None = None, end_time: time | None = None) -> Case:
    hearing = case.hearings.order_by("-scheduled_at").first()
    if hearing is None:
        raise ValidationError(NO_HEARING)
    check_hearing_record(case=case, hearing=hearing, outcome=outcome, held_on=held_on,
                         minutes=minutes, outcome_reason=outcome_reason, date_note=date_note,
                         start_time=start_time, end_time=end_time)
    moves_knowledge = gave_certain_knowledge and case.track == Track.DISMISSAL
    if moves_knowledge:
        check_knowledge_move(case=case, user=user, held_on=held_on,
                             justification=knowledge_justification,
                             confirm_late_knowledge=confirm_late_knowledge)
    name = "record_hearing" if case.track == Track.DISMISSAL else "record_disciplinary_hearing"

    def record(c):
        Hearing.objects.filter(pk=hearing.pk).update(
            outcome=outcome, held_on=held_on, start_time=start_time, end_time=end_time,
            attendees=attendees, minutes=minutes, outcome_reason=outcome_reason,
            gave_certain_knowledge=gave_certain_knowledge,
            knowledge_justification=knowledge_justification, date_note=date_note,
        )
        if moves_knowledge:
            Case.objects.filter(pk=c.pk).update(knowledge_date=held_on)
            c.knowledge_date = held_on
            deadline_move_start(deadline=c.running_deadline("dismissal"), user=user,
                                start=held_on, justification=knowledge_justification)
        elif c.track == Track.DISCIPLINARY and DeadlineRule.objects.in_force(
                "decision_after_hearing", c.regime, held_on):
            deadline_start(case=c, code="decision_after_hearing", start=held_on, actor=user)

    return case_run_step(
        case=case, user=user, name=name, note=outcome_reason,
        payload={"outcome": outcome, "held_on": held_on,
                 "gave_certain_knowledge": gave_certain_knowledge},
        then=record,
    )


def case_decide_dismissal(*, case: Case, user, reason: str, body,
                          deviation_reason: str = "") -> Case:
    require_reason(reason)
    rule = decision_check(case=case, user=user, body=body, decision="dismissal")
    check_consistency(case=case, chosen=Case.Outcome.DISMISSED, deviation_reason=deviation_reason)
    return case_run_step(
        case=case, user=user, name="decide_dismissal", note=reason,
        payload={"body": body.pk, "authority": body.name, "deviation_reason": deviation_reason},
        then=lambda c: record_decision(c, user, kind="dismissal", reasons=reason, body=body,
                                       rule=rule, deviation_reason=deviation_reason),
    )


def case_decide_other_measure(*, case: Case, user, measure: str, reason: str, body,
                              deviation_reason: str = "") -> Case:
    """The measure taken instead of the dismissal, by the body competent to dismiss."""
    require_reason(reason)
    rule = decision_check(case=case, user=user, body=body, decision="dismissal")
    check_consistency(case=case, chosen=measure, deviation_reason=deviation_reason)

    def after(c):
        deadline_close(case=c, code="dismissal", on=timezone.localdate(), met=False)
        record_decision(c, user, kind=measure, reasons=reason, body=body, rule=rule,
                        deviation_reason=deviation_reason)

    return case_run_step(case=case, user=user, name="decide_other_measure", note=reason,
                         arguments={"measure": measure},
                         payload={"measure": measure, "body": body.pk, "authority": body.name,
                                  "deviation_reason": deviation_reason},
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
