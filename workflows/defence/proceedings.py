"""Criminal proceedings about the same facts, the hold they may put on the disciplinary procedure,
and what remains to be done after a dismissal."""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from workflows.deadlines import due_date, next_judicial_working_day
from workflows.defence.models import (
    CaseHold,
    CriminalProceeding,
    DismissalNotice,
    DismissalTask,
    HoldBasis,
)
from workflows.event_notes import task_note
from workflows.events import record_event
from workflows.models import (
    Case,
    CaseDeadline,
    DeadlineRule,
    Notification,
    NotificationMethod,
    NotificationRule,
)
from workflows.models.rulebook import DeadlineUnit
from workflows.models.steps import Sanction
from workflows.services.common import check_notification_form, not_future, record_notification
from workflows.services.deadlines import rule_for
from workflows.services.labels import EVENT_LABELS
from workflows.states import Track

HANDLE = "workflows.handle_case"
HANDLE_NOT_ALLOWED = _("Only the HR handlers of this case can record this.")
HOLD_ONLY_DISCIPLINARY = _("Only a disciplinary procedure that is still running can be put on hold.")
ALREADY_ON_HOLD = _("The procedure is already on hold.")
NOT_ON_HOLD = _("The procedure is not on hold.")
BASIS_NOT_APPLICABLE = _("This legal basis does not apply to the case's regime on the date the "
                         "hold starts: choose one from the rulebook that does.")
HOLD_BEFORE_PROCEEDINGS = _("The procedure cannot be on hold pending criminal proceedings before "
                            "they were known (%(known)s).")
HOLD_AFTER_PROCEEDINGS = _("These criminal proceedings ended on %(ended)s: the procedure cannot "
                           "be on hold pending them after that day.")
PROCEEDINGS_ENDED = _("The end of these criminal proceedings was already recorded.")
ENDED_BEFORE_KNOWN = _("Criminal proceedings cannot end before they were known (%(known)s).")
RESUMED_BEFORE_HOLD = _("The procedure cannot resume before it was put on hold.")
NOT_DISMISSED = _("There is no dismissal in this case.")
DISMISSAL_NOT_NOTIFIED = _("Record the notification of the dismissal first: the tasks run from "
                           "the end of the employment.")
NOTICE_REQUIRED = _("Give the posting or delivery date of the notice letter, how it was sent and "
                    "the length of the notice period in weeks.")
NOTICE_METHOD_INVALID = _("An employer gives notice only in the forms the rulebook lists: "
                          "%(methods)s (%(source)s%(flag)s). A notice in another form is null: "
                          "send a new notice in one of these forms and record that one.")
CHECKLIST_EXISTS = _("The checklist was already made.")
TASK_DONE = _("This task was already ticked off.")

# The disciplinary clock stops while the criminal case runs; the length of a preventive suspension
# does not (art. 209 DLB sets its own maximum, also during a criminal investigation).
DEADLINES_NOT_SUSPENDED = {"preventive_suspension_max"}
DISMISSAL_SANCTIONS = {Sanction.DISMISSAL, Sanction.REMOVAL}
DISMISSAL_OUTCOMES = {Case.Outcome.DISMISSED, Case.Outcome.DISMISSAL_WITH_NOTICE}
TASK_RULES = {
    DismissalTask.Kind.C4: "dismissal_task_c4",
    DismissalTask.Kind.SOCIAL_DOCUMENTS: "dismissal_task_social_documents",
    DismissalTask.Kind.FINAL_PAY: "dismissal_task_final_pay",
}


def _require_handler(user, case: Case) -> None:
    if not (user.has_perm(HANDLE, case) or user.has_perm(HANDLE)):
        raise PermissionDenied(HANDLE_NOT_ALLOWED)


def open_hold(case: Case) -> CaseHold | None:
    return case.holds.filter(ends_on__isnull=True).select_related("proceeding").first()


@transaction.atomic
def criminal_proceeding_record(*, case: Case, user, body: str, reference: str,
                               known_on: date) -> CriminalProceeding:
    _require_handler(user, case)
    not_future(known_on, "known_on")
    proceeding = CriminalProceeding.objects.create(case=case, body=body, reference=reference,
                                                   known_on=known_on, recorded_by=user)
    record_event(case=case, actor=user, kind="criminal_proceeding_recorded",
                 label=EVENT_LABELS["criminal_proceeding_recorded"],
                 payload={"body": body, "reference": reference, "known_on": known_on})
    return proceeding


@transaction.atomic
def criminal_proceeding_end(*, case: Case, user, proceeding: CriminalProceeding,
                            ended_on: date) -> CriminalProceeding:
    """The criminal case ended: it no longer holds the procedure nor allows an extension of a
    preventive suspension beyond its maximum (decree of 27 March 1991, chapter IX)."""
    _require_handler(user, case)
    not_future(ended_on, "ended_on")
    if proceeding.ended_on is not None:
        raise ValidationError(PROCEEDINGS_ENDED)
    if ended_on < proceeding.known_on:
        raise ValidationError({"ended_on": ENDED_BEFORE_KNOWN % {
            "known": proceeding.known_on.strftime("%d/%m/%Y")}})
    CriminalProceeding.objects.filter(pk=proceeding.pk).update(ended_on=ended_on)
    record_event(case=case, actor=user, kind="criminal_proceeding_ended",
                 label=EVENT_LABELS["criminal_proceeding_ended"],
                 payload={"proceeding": proceeding.pk, "ended_on": ended_on})
    proceeding.refresh_from_db()
    return proceeding


def hold_bases(case: Case, on: date) -> list[HoldBasis]:
    """The rulebook's legal bases for a hold that apply to the case's regime on `on`: of each
    entry, the version in force then."""
    latest: dict[str, HoldBasis] = {}
    for basis in HoldBasis.objects.filter(regime=case.regime, effective_from__lte=on).order_by(
            "code", "-effective_from", "-version"):
        latest.setdefault(basis.code, basis)
    return list(latest.values())


@transaction.atomic
def case_hold_start(*, case: Case, user, proceeding: CriminalProceeding, starts_on: date,
                    basis: HoldBasis, note: str = "") -> CaseHold:
    _require_handler(user, case)
    if case.track != Track.DISCIPLINARY or case.is_closed:
        raise ValidationError(HOLD_ONLY_DISCIPLINARY)
    not_future(starts_on, "starts_on")
    # Backdating a hold beyond the proceedings would stop deadlines, and revive lapsed ones, on
    # the strength of proceedings the employer did not yet know of.
    if starts_on < proceeding.known_on:
        raise ValidationError({"starts_on": HOLD_BEFORE_PROCEEDINGS % {
            "known": proceeding.known_on.strftime("%d/%m/%Y")}})
    if proceeding.ended_on is not None and starts_on > proceeding.ended_on:
        raise ValidationError({"starts_on": HOLD_AFTER_PROCEEDINGS % {
            "ended": proceeding.ended_on.strftime("%d/%m/%Y")}})
    if basis not in hold_bases(case, starts_on):
        raise ValidationError({"basis": BASIS_NOT_APPLICABLE})
    if open_hold(case) is not None:
        raise ValidationError(ALREADY_ON_HOLD)
    hold = CaseHold.objects.create(case=case, proceeding=proceeding, starts_on=starts_on,
                                   basis=basis, note=note)
    _suspend_deadlines(case, starts_on)
    record_event(case=case, actor=user, kind="hold_started", label=EVENT_LABELS["hold_started"],
                 note=basis.text_nl, payload={
                     "proceeding": proceeding.pk, "starts_on": starts_on, "basis": basis.pk,
                     "basis_version": basis.version, "legal_source": basis.legal_source,
                     "to_be_confirmed": basis.to_be_confirmed, "note": note})
    return hold


def _suspend_deadlines(case: Case, starts_on: date) -> None:
    """The running deadlines stop: "on hold" from `starts_on`, never overdue while it lasts. A
    deadline that had already passed before the hold stays passed: a hold revives no lost right."""
    case.deadlines.filter(status=CaseDeadline.Status.RUNNING, due_date__gte=starts_on).exclude(
        code__in=DEADLINES_NOT_SUSPENDED).update(on_hold_since=starts_on)


def resumed_due_date(deadline: CaseDeadline, days: int, held_before: int = 0) -> date:
    """The due date of a held deadline after `days` more days on hold (`held_before`: the days of
    the case's earlier holds that stopped it). A hold lengthens the period itself: when its last
    day moves past a Saturday, Sunday or holiday (Civil Code, Book 1, art. 1.7, rulebook
    `moves_to_next_working_day`), the days on hold are added to the period's own last day and the
    result moves again. Adding them to the moved day would give the employer days the law does
    not, and a lapsing limit would show "in time" after it lapsed."""
    rule = deadline.rule
    moves = rule.moves_to_next_working_day and rule.unit in (DeadlineUnit.CALENDAR_DAYS,
                                                             DeadlineUnit.MONTHS)
    own_last_day = due_date(start=deadline.start_date, length=rule.length, unit=rule.unit)
    own_last_day += timedelta(days=held_before)
    # A term decided shorter than the rule (or not counted by it) simply moves by the days on hold.
    if not moves or deadline.due_date != next_judicial_working_day(own_last_day):
        return deadline.due_date + timedelta(days=days)
    return next_judicial_working_day(own_last_day + timedelta(days=days))


def _days_held_before(hold: CaseHold, deadline: CaseDeadline) -> int:
    """The days of the case's earlier holds: each stopped every deadline running when it began
    (one that had passed before then passed before this hold too, and is not held now)."""
    return sum((earlier.ends_on - earlier.starts_on).days
               for earlier in hold.case.holds.exclude(pk=hold.pk).filter(ends_on__isnull=False)
               if earlier.starts_on >= deadline.start_date)


def _shift_deadlines(case: Case, hold: CaseHold) -> list[dict]:
    """Add the days on hold to every deadline the hold stopped; they run again."""
    days = (hold.ends_on - hold.starts_on).days
    shifted = []
    held = case.deadlines.filter(status=CaseDeadline.Status.RUNNING,
                                 on_hold_since__isnull=False).select_related("rule")
    for deadline in held:
        new_due = resumed_due_date(deadline, days, _days_held_before(hold, deadline))
        CaseDeadline.objects.filter(pk=deadline.pk).update(due_date=new_due, on_hold_since=None)
        shifted.append({"code": deadline.code, "previous_due": deadline.due_date, "due": new_due})
    return shifted


@transaction.atomic
def case_hold_end(*, case: Case, user, ends_on: date) -> CaseHold:
    """Resume the procedure: its deadlines move by the number of days it was on hold."""
    _require_handler(user, case)
    hold = open_hold(case)
    if hold is None:
        raise ValidationError(NOT_ON_HOLD)
    not_future(ends_on, "ends_on")
    if ends_on < hold.starts_on:
        raise ValidationError({"ends_on": RESUMED_BEFORE_HOLD})
    CaseHold.objects.filter(pk=hold.pk).update(ends_on=ends_on)
    hold.ends_on = ends_on
    shifted = _shift_deadlines(case, hold)
    record_event(case=case, actor=user, kind="hold_ended", label=EVENT_LABELS["hold_ended"],
                 payload={"ends_on": ends_on, "days": (ends_on - hold.starts_on).days,
                          "deadlines": shifted})
    hold.refresh_from_db()
    return hold


def registered_letter_effect(case: Case, notification: Notification):
    """When a registered letter takes effect: the rulebook's `registered_letter_effect` counted
    from the posting date (flagged: by analogy with art. 53bis Ger.W.). None for other methods."""
    if notification.method != NotificationMethod.REGISTERED_LETTER:
        return None
    rule = DeadlineRule.objects.in_force("registered_letter_effect", case.regime,
                                         notification.sent_on)
    if rule is None:
        return None
    return rule, due_date(start=notification.sent_on, length=rule.length, unit=rule.unit)


def is_dismissed(case: Case) -> bool:
    return case.outcome in DISMISSAL_OUTCOMES or any(
        decision.sanction in DISMISSAL_SANCTIONS for decision in case.decisions.all())


def dismissal_notice(case: Case) -> Notification | None:
    subjects = [Notification.Subject.DISMISSAL, Notification.Subject.DECISION]
    return case.notifications.filter(subject__in=subjects).order_by("sent_on", "id").first()


def employment_end(case: Case, notice: Notification) -> date:
    effect = registered_letter_effect(case, notice)
    return effect[1] if effect else notice.sent_on


def notice_period(case: Case, notification: Notification, weeks: int) -> tuple[date, date]:
    """First and last day of a notice period of `weeks` weeks that starts when the notice letter
    takes effect (a registered letter: the rulebook's `registered_letter_effect`, flagged)."""
    starts_on = employment_end(case, notification)
    return starts_on, starts_on + timedelta(weeks=weeks) - timedelta(days=1)


def dismissal_notice_record(*, case: Case, user, method: str, sent_on: date | None,
                            weeks: int | None) -> DismissalNotice:
    """The notice letter of an ordinary dismissal with notice, and the notice period it starts."""
    if not (method and sent_on and weeks):
        raise ValidationError(NOTICE_REQUIRED)
    not_future(sent_on, "notice_sent_on")
    check_notification_form(case=case, subject=NotificationRule.Subject.EMPLOYER_NOTICE,
                            method=method, on=sent_on, field="notice_method",
                            refused=NOTICE_METHOD_INVALID)
    notification = record_notification(case, subject=Notification.Subject.DISMISSAL,
                                       method=method, sent_on=sent_on)
    starts_on, ends_on = notice_period(case, notification, weeks)
    return DismissalNotice.objects.create(case=case, notification=notification, weeks=weeks,
                                          starts_on=starts_on, ends_on=ends_on,
                                          recorded_by=user)


def _end_of_employment(case: Case, user, notice: dict) -> tuple[date, dict]:
    """The last day of a dismissal with notice (its notice period), else the day the dismissal
    took effect; with what the event should say about the notice."""
    if case.outcome != Case.Outcome.DISMISSAL_WITH_NOTICE:
        notification = dismissal_notice(case)
        if notification is None:
            raise ValidationError(DISMISSAL_NOT_NOTIFIED)
        return employment_end(case, notification), {}
    period = dismissal_notice_record(case=case, user=user, **notice)
    return period.ends_on, {"method": period.notification.method,
                            "sent_on": period.notification.sent_on, "weeks": period.weeks,
                            "starts_on": period.starts_on, "ends_on": period.ends_on}


@transaction.atomic
def dismissal_checklist_create(*, case: Case, user, notice_method: str = "",
                               notice_sent_on: date | None = None,
                               notice_weeks: int | None = None) -> list[DismissalTask]:
    """The employer's obligations after a dismissal, each due by its rulebook entry from the end
    of the employment: for a dismissal with notice, the last day of the notice period."""
    _require_handler(user, case)
    if not is_dismissed(case):
        raise ValidationError(NOT_DISMISSED)
    if case.dismissal_tasks.exists():
        raise ValidationError(CHECKLIST_EXISTS)
    start, notice = _end_of_employment(case, user, {
        "method": notice_method, "sent_on": notice_sent_on, "weeks": notice_weeks})
    tasks = []
    for kind, code in TASK_RULES.items():
        rule = rule_for(case=case, code=code, on=start)
        tasks.append(DismissalTask.objects.create(
            case=case, kind=kind, rule=rule,
            due_on=due_date(start=start, length=rule.length, unit=rule.unit)))
    record_event(case=case, actor=user, kind="dismissal_checklist_created",
                 label=EVENT_LABELS["dismissal_checklist_created"],
                 payload={"employment_ends": start, "notice": notice,
                          "tasks": [{"kind": t.kind, "due": t.due_on} for t in tasks]})
    return tasks


@transaction.atomic
def dismissal_task_complete(*, task: DismissalTask, user, done_on: date) -> DismissalTask:
    _require_handler(user, task.case)
    not_future(done_on, "done_on")
    if task.done_on is not None:
        raise ValidationError(TASK_DONE)
    DismissalTask.objects.filter(pk=task.pk).update(done_on=done_on, done_by=user)
    task.refresh_from_db()
    record_event(case=task.case, actor=user, kind="dismissal_task_done",
                 label=EVENT_LABELS["dismissal_task_done"],
                 payload={"task": task.kind, "done_on": done_on,
                          "late": done_on > task.due_on} | task_note(task.kind))
    return task
