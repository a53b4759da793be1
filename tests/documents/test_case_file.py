"""The complete case file the legal service reads: one PDF with everything, in order."""

import hashlib

import pytest
from django.utils import translation

from core.templatetags.dates_nl import long_date_nl
from incidents.models import Evidence
from tests.documents.conftest import (
    LETTER_DELIVERY,
    TODAY,
    days_ago,
    flat,
    pdf_reader,
    pdf_text,
)
from workflows.documents.models import IssuedDocument
from workflows.documents.services import document_issue, document_mark_sent, document_supersede

pytestmark = pytest.mark.django_db
Kind = IssuedDocument.Kind


@pytest.fixture
def issued(remedies_confirmed, reviewed_case, hr_user):
    report = document_issue(case=reviewed_case, kind=Kind.INCIDENT_REPORT, user=hr_user)
    document_supersede(document=report, user=hr_user, reason="Aanvulling ontbrak.")
    letter = document_issue(case=reviewed_case, kind=Kind.DISMISSAL_LETTER, user=hr_user, delivery=LETTER_DELIVERY)
    document_mark_sent(document=letter, user=hr_user, sent_on=TODAY, method="registered_letter")
    notice = document_issue(case=reviewed_case, kind=Kind.REASON_NOTICE, user=hr_user, delivery=LETTER_DELIVERY)
    return [report, letter, notice]


@pytest.fixture
def case_file(reviewed_case, issued, legal_user):
    return document_issue(case=reviewed_case, kind=Kind.CASE_FILE, user=legal_user)


def test_cover_page_identifies_the_case_and_is_marked_confidential(case_file):
    cover = flat(pdf_reader(case_file).pages[0].extract_text())
    assert f"Volledig dossier {case_file.case.reference}" in cover
    assert "Joëlle Van Den Brïel" in cover
    assert "ontslag om dringende reden" in cover
    assert "Vertrouwelijk." in cover


def test_contents_list_the_sections_and_every_issued_document(case_file, issued):
    contents = flat(pdf_reader(case_file).pages[1].extract_text())
    assert "Inhoud" in contents
    for section in ("1. De melding", "2. Tijdlijn", "3. Termijnen", "5. Bewijsstukken",
                    "6. Juridische adviezen", "8. Uitgegeven documenten"):
        assert section in contents
    for number, document in enumerate(issued, start=1):
        assert f"8.{number} {document.title}, versie {document.version}" in contents


def test_timeline_lists_every_event_and_confirms_the_hash_chain(case_file):
    text = flat(pdf_text(case_file))
    events = list(case_file.case.events.order_by("sequence"))
    with translation.override("nl-be"):
        labels = [event.display_label for event in events[:-1]]  # the last: issuing this file
    assert "Dossier geopend op basis van de ingediende melding" in labels
    for label in labels:
        assert flat(label) in text
    assert "De keten werd bij het samenstellen nagerekend en is intact." in text


def test_evidence_index_with_hashes_and_the_legal_opinion(case_file):
    text = flat(pdf_text(case_file))
    evidence = Evidence.objects.get(incident=case_file.case.incident, kind=Evidence.Kind.FILE)
    assert evidence.sha256 in text.replace(" ", "")
    assert "Advies van Lies Maes" in text
    assert "De termijn van drie werkdagen is nageleefd." in text


def test_every_issued_document_follows_in_order_with_its_status_and_hash(case_file, issued):
    text = flat(pdf_text(case_file))
    positions = [text.index(f"8.{n} {d.title}, versie {d.version} Uitgegeven")
                 for n, d in enumerate(issued, start=1)]
    assert positions == sorted(positions)
    assert "vervangen op" in text and "Aanvulling ontbrak." in text
    assert "per aangetekende brief" in text
    for document in issued:
        assert document.sha256 in text.replace(" ", "")
    assert "Dit ontslag wordt gegeven binnen de wettelijke termijn" in text
    assert "Waarom deze feiten een dringende reden zijn" in text


def test_the_originals_are_embedded_byte_for_byte_and_match_their_recorded_hashes(
        case_file, issued):
    attachments = pdf_reader(case_file).attachments
    assert sorted(attachments) == sorted(document.download_name for document in issued)
    for document in issued:
        (content,) = attachments[document.download_name]
        with document.file.open("rb") as stored:
            assert content == stored.read()
        assert hashlib.sha256(content).hexdigest() == document.sha256


def test_each_original_page_is_a_page_of_the_case_file_and_superseded_ones_are_watermarked(
        case_file, issued):
    pages = [flat(page.extract_text()) for page in pdf_reader(case_file).pages]
    for document in issued:
        original = [flat(page.extract_text()) for page in pdf_reader(document).pages]
        start = pages.index(original[0]) if not document.is_superseded else next(
            index for index, page in enumerate(pages) if original[0] in page)
        laid = pages[start:start + len(original)]
        for own, in_file in zip(original, laid):
            assert own in in_file
            assert ("VERVANGEN" in in_file) == document.is_superseded


def test_the_timeline_names_document_version_and_short_hash(case_file, issued):
    text = flat(pdf_text(case_file))
    letter = issued[1]
    assert f"Ontslag om dringende reden, versie 1, SHA-256 {letter.sha256[:12]}…" in text


def test_the_opinion_is_printed_with_the_question_it_answers(case_file):
    text = flat(pdf_text(case_file))
    assert ("Vraag: Is de termijn van artikel 35 nageleefd? Advies: De termijn van drie "
            "werkdagen is nageleefd.") in text


def test_bookmarks_lead_to_every_section_and_every_document(case_file, issued):
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)
    walk(pdf_reader(case_file).outline)
    for section in ("1. De melding", "2. Tijdlijn", "7. Register van uitgegeven documenten",
                    "8. Uitgegeven documenten"):
        assert section in titles
    for number, document in enumerate(issued, start=1):
        assert f"8.{number} {document.title}, versie {document.version}" in titles


def test_an_earlier_case_file_is_in_the_register_but_not_nested_in_the_next(case_file,
                                                                            legal_user):
    second = document_issue(case=case_file.case, kind=Kind.CASE_FILE, user=legal_user)
    assert second.version == 2
    text = flat(pdf_text(second))
    assert "eerder volledig dossier, niet opgenomen" in text
    assert case_file.sha256[:8] in text
    assert case_file.download_name not in pdf_reader(second).attachments


def test_the_hearing_section_states_when_the_hearing_started_and_ended(case_file):
    text = flat(pdf_text(case_file))
    assert f"op {long_date_nl(days_ago(1))}, van 10.00 tot 11.15 uur." in text
