"""Appending to a case's history. Every service that changes a case calls `record_event` inside its
transaction, so the change and its trace commit together or not at all."""

from django.db import transaction

from workflows.models import Case, CaseEvent


def lock_case(case: Case) -> Case:
    """Serialise writers on one case (a row lock on PostgreSQL) so event numbers never collide."""
    Case.objects.select_for_update().filter(pk=case.pk).values_list("pk", flat=True).first()
    return case


def record_event(
    *,
    case: Case,
    actor,
    kind: str,
    label: str,
    from_state: str = "",
    to_state: str = "",
    note: str = "",
    payload: dict | None = None,
) -> CaseEvent:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_event must run inside the service's transaction")
    lock_case(case)
    last = CaseEvent.objects.filter(case=case).order_by("-sequence").first()
    event = CaseEvent(
        case=case,
        sequence=(last.sequence + 1) if last else 1,
        actor=actor,
        kind=kind,
        label=str(label),
        from_state=from_state,
        to_state=to_state,
        note=note,
        payload=payload or {},
        previous_hash=last.hash if last else "",
    )
    event.hash = event.compute_hash()
    event.save()
    return event
