"""Tamper-evident history: events are append-only and chained; raw SQL tampering is caught."""

import io

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from tests.workflows.conftest import submitted_case
from tests import factories
from workflows.events import record_event
from workflows.integrity import broken_event, chain_is_intact
from workflows.models import CaseEvent, HistoryIsAppendOnly
from workflows.services import steps

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    hr = factories.hr()
    case = steps.case_take_in_triage(case=submitted_case(), user=hr)
    return steps.case_open_dismissal(case=case, user=hr, knowledge_date=timezone.localdate())


def verify(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_case_history", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue() + err.getvalue()


def test_each_event_is_chained_to_the_previous_one(case):
    events = list(case.events.order_by("sequence"))
    assert [e.sequence for e in events] == list(range(1, len(events) + 1))
    assert events[0].previous_hash == ""
    assert all(b.previous_hash == a.hash for a, b in zip(events, events[1:]))
    assert chain_is_intact(case)


def test_intact_history_passes_the_check(case):
    code, output = verify()
    assert code == 0 and "All 1 case(s) intact" in output


def test_events_cannot_be_changed_or_deleted_through_the_orm(case):
    event = case.events.first()
    event.note = "changed"
    with pytest.raises(HistoryIsAppendOnly):
        event.save()
    with pytest.raises(HistoryIsAppendOnly):
        event.delete()
    with pytest.raises(HistoryIsAppendOnly):
        CaseEvent.objects.filter(case=case).update(note="x")
    with pytest.raises(HistoryIsAppendOnly):
        CaseEvent.objects.filter(case=case).delete()


def test_raw_sql_edit_of_a_note_is_caught_at_that_event(case):
    target = case.events.get(kind="take_in_triage")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE workflows_caseevent SET note = %s WHERE id = %s",
                       ["rewritten", target.pk])
    assert broken_event(case).sequence == target.sequence
    code, output = verify(case.reference)
    assert code == 1
    assert f"{case.reference}: history altered from event {target.sequence}" in output


def test_raw_sql_deletion_of_an_event_is_caught(case):
    target = case.events.get(kind="take_in_triage")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM workflows_caseevent WHERE id = %s", [target.pk])
    code, output = verify()
    assert code == 1 and "history altered" in output


def test_recomputed_hash_does_not_hide_a_rewrite(case):
    """Rewriting one event and its own hash still breaks the link from the next event."""
    target = case.events.get(kind="take_in_triage")
    target.note = "rewritten"
    new_hash = target.compute_hash()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE workflows_caseevent SET note = %s, hash = %s WHERE id = %s",
                       ["rewritten", new_hash, target.pk])
    assert broken_event(case).sequence == target.sequence + 1


def test_altered_evidence_file_is_reported(case, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from incidents.services import addendum_add

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    png = buffer.getvalue()
    addendum_add(incident=case.incident, user=case.incident.reporter, text="extra",
                 files=[SimpleUploadedFile("shot.png", png, content_type="image/png")])
    evidence = case.incident.evidence.get()
    with open(evidence.file.path, "ab") as handle:
        handle.write(b"tampered")
    code, output = verify()
    assert code == 1 and "shot.png" in output


def test_unknown_case_reference_is_an_error(case):
    code, output = verify("TD-1999-9999")
    assert code == 2 and "no such case" in output


def test_case_page_shows_the_chain_state_to_legal(case, client):
    lead = factories.hr_lead()
    client = factories.english_client()
    client.force_login(lead)
    assert "hash chain is intact" in client.get(case.get_absolute_url()).content.decode()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE workflows_caseevent SET note = 'x' WHERE case_id = %s", [case.pk])
    assert "does not match its hash chain" in client.get(case.get_absolute_url()).content.decode()


def test_a_gap_in_the_numbering_is_caught_even_with_a_recomputed_hash(case):
    """Renumbering the last event and recomputing its hash keeps every link intact: only the
    numbering shows that events are missing before it."""
    last = case.events.order_by("sequence").last()
    last.sequence += 1
    with connection.cursor() as cursor:
        cursor.execute("UPDATE workflows_caseevent SET sequence = %s, hash = %s WHERE id = %s",
                       [last.sequence, last.compute_hash(), last.pk])
    assert broken_event(case).pk == last.pk


def test_a_history_of_more_than_256_events_is_intact(case):
    """Long cases exist (a 200-event case file is in the benchmarks): the chain check compares the
    numbering by value, whatever the event count."""
    with transaction.atomic():
        for number in range(260 - case.events.count()):
            record_event(case=case, actor=case.handler, kind="note", label="Notitie",
                         note=f"Notitie {number}")
    assert case.events.count() == 260
    assert chain_is_intact(case)


def test_an_event_numbered_below_its_place_is_caught_at_that_event(case):
    """The numbering runs 1, 2, 3, ...: the first event renumbered 0, with its hash recomputed, is
    the event reported, not only the next one whose link no longer matches."""
    first = case.events.order_by("sequence").first()
    first.sequence = 0
    with connection.cursor() as cursor:
        cursor.execute("UPDATE workflows_caseevent SET sequence = %s, hash = %s WHERE id = %s",
                       [0, first.compute_hash(), first.pk])
    assert broken_event(case).pk == first.pk


@pytest.mark.parametrize("forged", ["0" * 64, "f" * 64])
def test_a_forged_link_is_caught_whether_it_sorts_before_or_after_the_real_one(case, forged):
    """An event's link to the previous event is compared for equality: a forged link (with the
    event's own hash recomputed) is caught whatever its value, not only when it happens to sort
    on one side of the real hash."""
    second = case.events.order_by("sequence")[1]
    second.previous_hash = forged
    with connection.cursor() as cursor:
        cursor.execute("UPDATE workflows_caseevent SET previous_hash = %s, hash = %s WHERE id = %s",
                       [forged, second.compute_hash(), second.pk])
    assert broken_event(case).pk == second.pk
