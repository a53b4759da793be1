"""The tamper suite: each way of altering a case behind the application's back (raw SQL on the
database, files replaced on disk) makes `verify_case_history` exit 1 naming the case and the object;
an untouched database with several cases, file and link evidence, opinions, minutes and issued
documents exits 0."""

import hashlib
import io
import json
import os
from datetime import time

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from incidents.services import addendum_add
from tests import factories
from tests.documents.conftest import at, days_ago, png_upload, submitted_case
from workflows.documents.models import IssuedDocument
from workflows.documents import services as documents_services
from workflows.documents.services import document_issue, document_supersede
from workflows.models import CaseEvent
from workflows.services import disciplinary, steps
from workflows.sealing import SEALED, content_digests, current_content, object_key
from workflows.services.reviews import opinion_file, review_request

pytestmark = pytest.mark.django_db
CHECKPOINT_KEY = "a-key-that-only-the-environment-holds"


def verify(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_case_history", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue() + err.getvalue()


def sql(statement: str, *params) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, list(params))


def dismissal_case(hr, decider, legal):
    case = steps.case_take_in_triage(case=submitted_case(), user=hr)
    case = steps.case_open_dismissal(case=case, user=hr, knowledge_date=days_ago(2),
                                     reason="Zekere kennis pas na het verslag van de dienst.")
    case = steps.case_convene_hearing(case=case, user=hr, scheduled_at=at(days_ago(1), 10),
                                      summoned_on=days_ago(8),
                                      place="Gemeentehuis", facts_summary="Bericht op Facebook.",
                                      confirm_unusual_time=True)
    case = steps.case_record_hearing(case=case, user=hr, outcome="held", held_on=days_ago(1),
                                     start_time=time(10), end_time=time(11, 15),
                                     minutes="Het personeelslid erkent de feiten.")
    case = steps.case_decide_dismissal(case=case, user=decider,
                                       body=factories.deciding_body(case), reason="Zware fout.")
    addendum_add(incident=case.incident, user=case.incident.reporter, text="Nog een schermafdruk.",
                 files=[png_upload("extra.png")], urls=["https://example.org/post/2"])
    review_request(case=case, user=hr, reviewer=legal, question="Termijn nageleefd?")
    opinion_file(case=case, user=legal, text="De termijn is nageleefd.")
    document_issue(case=case, kind="hearing_minutes", user=hr)
    return case


def disciplinary_case(hr, decider):
    case = steps.case_take_in_triage(case=submitted_case(status="statutory"), user=hr)
    case = steps.case_open_disciplinary(case=case, user=hr, knowledge_date=days_ago(20),
                                        investigator=hr, reason="Zekere kennis na het verslag.")
    case = disciplinary.case_take_note_of_report(case=case, user=hr, noted_on=days_ago(10))
    case = disciplinary.case_decide_not_to_prosecute(case=case, user=decider, reason="Niet bewezen.",
                                                     body=factories.deciding_body(case))
    document_issue(case=case, kind="incident_report", user=hr)
    return case


@pytest.fixture
def cases(hr_user, decider_user, legal_user):
    return dismissal_case(hr_user, decider_user, legal_user), disciplinary_case(hr_user, decider_user)


@pytest.fixture
def checkpoints(settings, tmp_path):
    settings.INTEGRITY_CHECKPOINT_KEY = CHECKPOINT_KEY
    settings.INTEGRITY_CHECKPOINT_FILE = str(tmp_path / "checkpoints.jsonl")
    settings.INTEGRITY_CHECKPOINT_EMAIL = []
    return tmp_path / "checkpoints.jsonl"


def assert_caught(case, *fragments):
    code, output = verify()
    assert code == 1, output
    lines = [line for line in output.splitlines() if line.startswith(f"{case.reference}: ")]
    assert any(all(fragment in line for fragment in fragments) for line in lines), output


def test_an_untouched_database_with_several_cases_is_intact(cases):
    first, second = cases
    assert first.incident.evidence.filter(kind="file").count() == 2
    assert first.incident.evidence.filter(kind="url").count() == 2
    assert IssuedDocument.objects.filter(case__in=[first, second]).count() == 2
    code, output = verify()
    assert code == 0, output
    assert "All 2 case(s) intact" in output


def test_every_event_that_writes_content_seals_it(cases):
    first, _second = cases
    sealed = {}
    for payload in first.events.order_by("sequence").values_list("payload", flat=True):
        sealed.update(payload.get("sealed", {}))
    opinion = first.opinions.get()
    hearing = first.hearings.get()
    assert f"workflows.legalopinion:{opinion.pk}" in sealed
    assert set(sealed[f"workflows.hearing:{hearing.pk}"]) >= {"minutes", "attendees", "outcome"}
    assert f"incidents.incident:{first.incident.pk}" in sealed
    assert all(f"incidents.evidence:{pk}" in sealed
               for pk in first.incident.evidence.values_list("pk", flat=True))


def test_the_rows_sealed_for_each_case_are_the_rows_of_that_case(cases):
    """The look-ups compiled once per table (sealing._rows) find what the ORM finds."""
    for case in cases:
        expected = {}
        for entry in SEALED:
            rows = apps.get_model(entry.model)._base_manager.filter(
                **{entry.case_lookup: case.pk}).order_by("pk")
            expected.update((object_key(entry, row.pk), (entry, content_digests(row, entry.fields)))
                            for row in rows)
        assert current_content(case.pk) == expected
    assert len({key.split(":")[0] for key in current_content(cases[0].pk)}) >= 8


def test_editing_an_event_in_the_middle_is_caught(cases):
    first, _ = cases
    target = first.events.get(kind="convene_hearing")
    sql("UPDATE workflows_caseevent SET note = %s WHERE id = %s", "herschreven", target.pk)
    assert_caught(first, f"history altered from event {target.sequence}")


def test_editing_the_last_event_is_caught(cases):
    first, _ = cases
    last = first.events.order_by("-sequence").first()
    sql("UPDATE workflows_caseevent SET label = %s WHERE id = %s", "iets anders", last.pk)
    assert_caught(first, f"history altered from event {last.sequence}")


def test_deleting_an_event_in_the_middle_is_caught(cases):
    first, _ = cases
    target = first.events.get(kind="decide_dismissal")
    sql("DELETE FROM workflows_caseevent WHERE id = %s", target.pk)
    assert_caught(first, "history altered")


def test_deleting_the_last_events_is_caught_as_truncated_after_the_checkpoint(cases, checkpoints):
    first, second = cases
    code, output = verify("--checkpoint")
    assert code == 0 and "Checkpoint of 2 case head(s)" in output
    last = second.events.order_by("-sequence").first()
    sql("DELETE FROM workflows_caseevent WHERE case_id = %s AND sequence = %s",
        second.pk, last.sequence)
    assert_caught(second, "truncated after checkpoint", f"event {last.sequence}")


def test_deleting_the_event_that_sealed_an_opinion_leaves_the_opinion_unrecorded(cases):
    first, _ = cases
    opinion = first.opinions.get()
    sealing = [e for e in first.events.all()
               if f"workflows.legalopinion:{opinion.pk}" in e.payload.get("sealed", {})]
    assert sealing == [first.events.order_by("-sequence")[1]]
    sql("DELETE FROM workflows_caseevent WHERE case_id = %s AND sequence >= %s",
        first.pk, sealing[0].sequence)
    assert_caught(first, f"legal opinion #{opinion.pk}", "not recorded in the history")


def test_a_rewritten_checkpoint_is_reported(cases, checkpoints):
    verify("--checkpoint")
    entry = json.loads(checkpoints.read_text())
    entry["heads"] = {}
    checkpoints.write_text(json.dumps(entry) + "\n")
    code, output = verify()
    assert code == 1 and "checkpoint: the latest checkpoint" in output


def test_deleting_an_evidence_row_is_caught(cases):
    first, _ = cases
    evidence = first.incident.evidence.filter(kind="url").first()
    sql("DELETE FROM incidents_evidence WHERE id = %s", evidence.pk)
    assert_caught(first, f"piece of evidence #{evidence.pk}", "deleted outside the application")


def test_editing_a_submitted_report_names_the_field(cases):
    first, _ = cases
    sql("UPDATE incidents_incident SET description = %s WHERE id = %s", "Niets gebeurd.",
        first.incident.pk)
    assert_caught(first, f"incident report #{first.incident.pk}", "(description)")


def test_editing_a_legal_opinion_names_the_field(cases):
    first, _ = cases
    opinion = first.opinions.get()
    sql("UPDATE workflows_legalopinion SET text = %s WHERE id = %s", "De termijn is verstreken.",
        opinion.pk)
    assert_caught(first, f"legal opinion #{opinion.pk}", "(text)")


def test_editing_hearing_minutes_names_the_field(cases):
    first, _ = cases
    hearing = first.hearings.get()
    sql("UPDATE workflows_hearing SET minutes = %s WHERE id = %s", "Ontkent alles.", hearing.pk)
    assert_caught(first, f"hearing #{hearing.pk}", "(minutes)")


def test_moving_the_end_time_of_a_hearing_names_the_field(cases):
    first, _ = cases
    hearing = first.hearings.get()
    assert hearing.end_time == time(11, 15)
    sql("UPDATE workflows_hearing SET end_time = %s WHERE id = %s", "12:40:00", hearing.pk)
    assert_caught(first, f"hearing #{hearing.pk}", "(end_time)")


def test_changing_a_decisions_reasons_names_the_field(cases):
    first, _ = cases
    decision = first.decisions.get()
    sql("UPDATE workflows_decision SET reasons = %s WHERE id = %s", "Andere reden.", decision.pk)
    assert_caught(first, f"decision #{decision.pk}", "(reasons)")


def test_replacing_an_issued_pdf_together_with_its_stored_hash_is_caught(cases):
    _, second = cases
    document = second.documents.get()
    forged = b"%PDF-1.4 a different letter"
    with open(document.file.path, "wb") as handle:
        handle.write(forged)
    sql("UPDATE documents_issueddocument SET sha256 = %s, size = %s WHERE id = %s",
        hashlib.sha256(forged).hexdigest(), len(forged), document.pk)
    assert_caught(second, "does not have the SHA-256 its “document issued” event recorded")
    assert_caught(second, f"issued document #{document.pk}", "(sha256)")


def test_a_row_inserted_behind_the_applications_back_is_reported(cases, legal_user):
    first, _ = cases
    sql("INSERT INTO workflows_legalopinion (case_id, author_id, text, filed_at) "
        "VALUES (%s, %s, %s, %s)", first.pk, legal_user.pk, "Ondergeschoven advies.",
        "2026-01-01 10:00:00")
    assert_caught(first, "legal opinion #", "not recorded in the history")


def test_tampering_with_one_case_does_not_implicate_the_other(cases):
    first, second = cases
    sql("UPDATE workflows_hearing SET minutes = %s WHERE case_id = %s", "Ontkent.", first.pk)
    code, output = verify()
    assert code == 1
    assert first.reference in output and second.reference not in output


def test_checkpoint_refuses_without_a_key(cases, settings):
    settings.INTEGRITY_CHECKPOINT_KEY = ""
    with pytest.raises(Exception, match="INTEGRITY_CHECKPOINT_KEY"):
        call_command("verify_case_history", "--checkpoint", stdout=io.StringIO())


def test_checkpoint_is_appended_and_mailed(cases, checkpoints, settings, mailoutbox):
    settings.INTEGRITY_CHECKPOINT_EMAIL = ["audit@gemeente.be"]
    verify("--checkpoint")
    verify("--checkpoint")
    lines = checkpoints.read_text().splitlines()
    assert len(lines) == 2
    heads = json.loads(lines[-1])["heads"]
    first, _ = cases
    last = first.events.order_by("-sequence").first()
    assert heads[first.reference] == {"sequence": last.sequence, "hash": last.hash}
    assert [m.to for m in mailoutbox] == [["audit@gemeente.be"]] * 2
    assert last.hash in mailoutbox[-1].body


def test_deleting_every_event_of_a_case_is_caught_by_the_checkpoint(cases, checkpoints):
    verify("--checkpoint")
    _, second = cases
    sql("DELETE FROM workflows_caseevent WHERE case_id = %s", second.pk)
    assert CaseEvent.objects.filter(case=second).count() == 0
    assert_caught(second, "history truncated after checkpoint")


def test_every_page_of_an_issued_document_prints_the_head_of_the_history_at_issue_time(cases):
    from tests.documents.conftest import pdf_reader

    _, second = cases
    document = second.documents.get()
    issued = second.events.get(kind="document_issued", payload__document=document.pk)
    head = second.events.get(sequence=issued.sequence - 1)
    reader = pdf_reader(document)
    for page in reader.pages:
        assert f"historiek nr. {head.sequence} {head.hash[:16]}" in page.extract_text()
    assert head.hash in reader.metadata.subject


def test_changing_the_deciding_body_names_the_field(cases):
    first, _ = cases
    decision = first.decisions.get()
    other = type(decision.body).objects.exclude(pk=decision.body_id).first()
    sql("UPDATE workflows_decision SET body_id = %s WHERE id = %s", other.pk, decision.pk)
    assert_caught(first, f"decision #{decision.pk}", "(body)")


def forgery(recorded: str, sorts: str) -> bytes:
    """Content whose SHA-256 sorts `before` or `after` the `recorded` one: a check must compare
    hashes for equality, so that a forgery is caught whatever its hash's value."""
    candidates = (b"%%PDF-1.4 forged %d" % n for n in range(1000))
    return next(content for content in candidates
                if (hashlib.sha256(content).hexdigest() < recorded) == (sorts == "before"))


def missing_or_altered(document) -> tuple[str, str]:
    return (f"issued document {document.get_kind_display()} v{document.version}",
            "is missing or does not match its SHA-256")


@pytest.mark.parametrize("sorts", ["before", "after"])
def test_an_issued_pdf_replaced_on_disk_is_caught(cases, sorts):
    _, second = cases
    document = second.documents.get()
    with open(document.file.path, "wb") as handle:
        handle.write(forgery(document.sha256, sorts))
    assert_caught(second, *missing_or_altered(document))


@pytest.mark.parametrize("sorts", ["before", "after"])
def test_an_issued_pdf_replaced_with_its_stored_hash_is_caught_by_the_issuing_event(cases, sorts):
    _, second = cases
    document = second.documents.get()
    forged = forgery(document.sha256, sorts)
    with open(document.file.path, "wb") as handle:
        handle.write(forged)
    sql("UPDATE documents_issueddocument SET sha256 = %s, size = %s WHERE id = %s",
        hashlib.sha256(forged).hexdigest(), len(forged), document.pk)
    assert_caught(second, "does not have the SHA-256 its “document issued” event recorded")


@pytest.mark.parametrize("sorts", ["before", "after"])
def test_an_evidence_file_replaced_on_disk_is_caught(cases, sorts):
    first, _ = cases
    evidence = first.incident.evidence.filter(kind="file").first()
    with open(evidence.file.path, "wb") as handle:
        handle.write(forgery(evidence.sha256, sorts))
    assert_caught(first, f"evidence “{evidence.original_name}” is missing or does not match")


def test_a_document_whose_issuing_event_predates_recorded_hashes_is_checked_by_its_file(
        cases, hr_user, monkeypatch):
    """`document_issued` events written before content sealing carry no SHA-256: the document is
    then checked against its stored hash alone, and such an event does not break the check."""
    _, second = cases
    monkeypatch.setattr(documents_services, "_event_payload", lambda document: {
        "document": document.pk, "kind": document.kind, "version": document.version})
    document = document_issue(case=second, kind="incident_report", user=hr_user)
    issuing = second.events.get(kind="document_issued", payload__document=document.pk)
    assert "sha256" not in issuing.payload
    code, output = verify()
    assert code == 0, output
    with open(document.file.path, "ab") as handle:
        handle.write(b"%% added after issuing")
    assert_caught(second, *missing_or_altered(document))


def test_an_issued_pdf_that_cannot_be_read_is_reported(cases):
    _, second = cases
    document = second.documents.get()
    os.remove(document.file.path)
    os.mkdir(document.file.path)
    assert_caught(second, *missing_or_altered(document))


def test_an_issued_document_whose_file_was_unlinked_from_its_row_is_reported(cases):
    _, second = cases
    document = second.documents.get()
    sql("UPDATE documents_issueddocument SET file = '' WHERE id = %s", document.pk)
    assert_caught(second, *missing_or_altered(document))


def test_an_issued_pdf_deleted_from_disk_is_reported(cases):
    _, second = cases
    document = second.documents.get()
    os.remove(document.file.path)
    assert_caught(second, *missing_or_altered(document))


def test_a_forged_pdf_stays_caught_after_a_later_event_recorded_the_forged_hash(cases, hr_user):
    """Later events of a document (sent, superseded, approved) record its SHA-256 of that moment,
    which may already be forged: only the one recorded when it was issued counts."""
    _, second = cases
    document = second.documents.get()
    forged = forgery(document.sha256, "before")
    with open(document.file.path, "wb") as handle:
        handle.write(forged)
    sql("UPDATE documents_issueddocument SET sha256 = %s, size = %s WHERE id = %s",
        hashlib.sha256(forged).hexdigest(), len(forged), document.pk)
    document.refresh_from_db()
    document_supersede(document=document, user=hr_user, reason="Vervangen door een nieuwe versie.")
    assert second.events.filter(kind="document_superseded",
                                payload__sha256=hashlib.sha256(forged).hexdigest()).exists()
    assert_caught(second, "does not have the SHA-256 its “document issued” event recorded")
