"""Appending to a case's history. Every service that changes a case calls `record_event` inside its
transaction, so the change and its trace commit together or not at all. Each event also seals the
case's content written since the previous event (see workflows/sealing.py)."""

from django.db import transaction

from workflows.models import Case, CaseEvent
from workflows.sealing import pending_seals

CONTENT_SEALED = "content_sealed"


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
    seals = _pending(case)
    if seals:
        payload = {**(payload or {}), "sealed": seals}
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


def _pending(case: Case) -> dict:
    payloads = CaseEvent.objects.filter(case=case).order_by("sequence").values_list(
        "payload", flat=True)
    return pending_seals(case.pk, payloads)


def seal_pending(*, case: Case, actor) -> CaseEvent | None:
    """Seal content a step wrote after its own event (e.g. the hearing a convocation creates)."""
    if not _pending(case):
        return None
    from workflows.services.labels import EVENT_LABELS

    return record_event(case=case, actor=actor, kind=CONTENT_SEALED,
                        label=EVENT_LABELS[CONTENT_SEALED])
