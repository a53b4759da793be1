"""Ending what must not outlive a case's procedure: a preventive suspension ends when the case is
closed or a sanction is decided (it is an ordemaatregel pending the decision, art. 209 DLB), and a
closed case has no running deadline left except one that lapsed (kept to show the lost right)."""

from datetime import date

from workflows.events import record_event
from workflows.models import Case, CaseDeadline
from workflows.services.labels import EVENT_LABELS
from workflows.states import CaseState

ENDS_SUSPENSION = {CaseState.CLOSED, CaseState.SANCTION_DECIDED}


def suspensions_end(*, case: Case, on: date, actor) -> None:
    ending = case.suspensions.filter(ended_on__isnull=True, ends_on__gt=on)
    for suspension in ending:
        suspension.ended_on = max(on, suspension.starts_on)
        suspension.save(update_fields=["ended_on"])
        record_event(case=case, actor=actor, kind="suspension_ended",
                     label=EVENT_LABELS["suspension_ended"],
                     payload={"starts_on": suspension.starts_on, "ended_on": suspension.ended_on})
    case.deadlines.filter(code="preventive_suspension_max",
                          status=CaseDeadline.Status.RUNNING).update(
        status=CaseDeadline.Status.CANCELLED)


def case_wind_down(*, case: Case, on: date, actor) -> None:
    """Called after every step: end suspensions on a decision or closure; on closure cancel the
    deadlines that no longer matter."""
    if case.state in ENDS_SUSPENSION:
        suspensions_end(case=case, on=on, actor=actor)
    if case.state == CaseState.CLOSED:
        for deadline in case.deadlines.filter(status=CaseDeadline.Status.RUNNING):
            if not deadline.is_lapsed:
                CaseDeadline.objects.filter(pk=deadline.pk).update(
                    status=CaseDeadline.Status.CANCELLED)
