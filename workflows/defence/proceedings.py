"""Criminal proceedings about the same facts, the hold they may put on the disciplinary procedure,
and what remains to be done after a dismissal."""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from workflows.deadlines import due_date
from workflows.defence.models import CaseHold, CriminalProceeding, DismissalTask
from workflows.event_notes import task_note
from workflows.events import record_event
from workflows.models import Case, CaseDeadline, DeadlineRule, Notification, NotificationMethod
from workflows.models.steps import Sanction
from workflows.services.common import not_future
from workflows.services.deadlines import rule_for
from workflows.services.labels import EVENT_LABELS
from workflows.states import Track

HANDLE = "workflows.handle_case"
HANDLE_NOT_ALLOWED = _("Only the HR handlers of this case can record this.")
HOLD_ONLY_DISCIPLINARY = _("Only a disciplinary procedure that is still running can be put on hold.")
ALREADY_ON_HOLD = _("The procedure is already on hold.")
NOT_ON_HOLD = _("The procedure is not on hold.")
RESUMED_BEFORE_HOLD = _("The procedure cannot resume before it was put on hold.")
NOT_DISMISSED = _("There is no dismissal in this case.")
DISMISSAL_NOT_NOTIFIED = _("Record the notification of the dismissal first: the tasks run from "
                           "the end of the employment.")
CHECKLIST_EXISTS = _("The checklist was already made.")
TASK_DONE = _("This task was already ticked off.")

# The disciplinary clock stops while the criminal case runs; the length of a preventive suspension
# does not (art. 209 DLB sets its own maximum, also during a criminal investigation).
DEADLINES_NOT_SUSPENDED = {"preventive_suspension_max"}
DISMISSAL_SANCTIONS = {Sanction.DISMISSAL, Sanction.REMOVAL}
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
def case_hold_start(*, case: Case, user, proceeding: CriminalProceeding, starts_on: date,
                    legal_basis: str) -> CaseHold:
    _require_handler(user, case)
    if case.track != Track.DISCIPLINARY or case.is_closed:
        raise ValidationError(HOLD_ONLY_DISCIPLINARY)
    not_future(starts_on, "starts_on")
    if open_hold(case) is not None:
        raise ValidationError(ALREADY_ON_HOLD)
    hold = CaseHold.objects.create(case=case, proceeding=proceeding, starts_on=starts_on,
                                   legal_basis=legal_basis)
    record_event(case=case, actor=user, kind="hold_started", label=EVENT_LABELS["hold_started"],
                 note=legal_basis, payload={"proceeding": proceeding.pk, "starts_on": starts_on})
    return hold


def _shift_deadlines(case: Case, days: int) -> list[dict]:
    """Add the days on hold to every running deadline of the procedure."""
    shifted = []
    running = case.deadlines.filter(status=CaseDeadline.Status.RUNNING).exclude(
        code__in=DEADLINES_NOT_SUSPENDED)
    for deadline in running:
        new_due = deadline.due_date + timedelta(days=days)
        CaseDeadline.objects.filter(pk=deadline.pk).update(due_date=new_due)
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
    shifted = _shift_deadlines(case, (ends_on - hold.starts_on).days)
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
    return case.outcome == Case.Outcome.DISMISSED or case.decisions.filter(
        sanction__in=DISMISSAL_SANCTIONS).exists()


def dismissal_notice(case: Case) -> Notification | None:
    subjects = [Notification.Subject.DISMISSAL, Notification.Subject.DECISION]
    return case.notifications.filter(subject__in=subjects).order_by("sent_on", "id").first()


def employment_end(case: Case, notice: Notification) -> date:
    effect = registered_letter_effect(case, notice)
    return effect[1] if effect else notice.sent_on


@transaction.atomic
def dismissal_checklist_create(*, case: Case, user) -> list[DismissalTask]:
    """The employer's obligations after a dismissal, each due by its rulebook entry."""
    _require_handler(user, case)
    if not is_dismissed(case):
        raise ValidationError(NOT_DISMISSED)
    if case.dismissal_tasks.exists():
        raise ValidationError(CHECKLIST_EXISTS)
    notice = dismissal_notice(case)
    if notice is None:
        raise ValidationError(DISMISSAL_NOT_NOTIFIED)
    start = employment_end(case, notice)
    tasks = []
    for kind, code in TASK_RULES.items():
        rule = rule_for(case=case, code=code, on=start)
        tasks.append(DismissalTask.objects.create(
            case=case, kind=kind, rule=rule,
            due_on=due_date(start=start, length=rule.length, unit=rule.unit)))
    record_event(case=case, actor=user, kind="dismissal_checklist_created",
                 label=EVENT_LABELS["dismissal_checklist_created"],
                 payload={"employment_ends": start,
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
