"""What every issued PDF must be: readable anywhere (embedded fonts), numbered, marked with the
case reference, described by its metadata, and faithful to what users typed."""

import pytest
from pypdf.generic import IndirectObject

from tests.documents.conftest import (
    LETTER_DELIVERY,
    DUTCH_TEXT,
    MARKUP_TEXT,
    flat,
    pdf_reader,
    pdf_text,
    submitted_case,
)
from incidents.models import Employer
from workflows.documents.models import IssuedDocument
from workflows.documents.services import document_issue
from workflows.services import steps

pytestmark = pytest.mark.django_db
Kind = IssuedDocument.Kind


def resolved(value):
    return value.get_object() if isinstance(value, IndirectObject) else value


def fonts_of(reader) -> list[dict]:
    fonts = []
    for page in reader.pages:
        page_fonts = resolved(resolved(page["/Resources"]).get("/Font", {}))
        fonts.extend(resolved(font) for font in page_fonts.values())
    return fonts


@pytest.fixture
def minutes(heard_dismissal_case, hr_user):
    return document_issue(case=heard_dismissal_case, kind=Kind.HEARING_MINUTES, user=hr_user)


@pytest.fixture
def case_file(reviewed_case, hr_user, legal_user):
    """The case file holds every kind of layout: tables, contents, signatures, ruled lines."""
    for kind in (Kind.INCIDENT_REPORT, Kind.HEARING_MINUTES, Kind.REASON_NOTICE):
        document_issue(case=reviewed_case, kind=kind, user=hr_user,
                       delivery=LETTER_DELIVERY if kind == Kind.REASON_NOTICE else "")
    return document_issue(case=reviewed_case, kind=Kind.CASE_FILE, user=legal_user)


def test_every_font_is_embedded_and_none_is_helvetica(case_file):
    fonts = fonts_of(pdf_reader(case_file))
    assert fonts
    for font in fonts:
        assert "Helvetica" not in str(font["/BaseFont"])
        descriptor = resolved(font["/FontDescriptor"])
        assert "/FontFile2" in descriptor, font["/BaseFont"]
    assert any("DejaVuSans-Bold" in str(font["/BaseFont"]) for font in fonts)


def test_every_page_says_pagina_x_van_y_and_carries_the_case_reference(minutes, case_file):
    pages = pdf_reader(minutes).pages
    for number, page in enumerate(pages, start=1):
        assert f"Pagina {number} van {len(pages)}" in page.extract_text()
    pages = pdf_reader(case_file).pages
    assert len(pages) > 5
    assert f"Pagina 1 van {len(pages)}" in pages[0].extract_text()
    for page in pages:  # the case file's own pages and the originals laid in it
        text = page.extract_text()
        assert "Pagina " in text
        assert f"Vertrouwelijk — dossier {case_file.case.reference}" in text


def test_metadata_title_author_subject_and_language(minutes):
    reader = pdf_reader(minutes)
    assert reader.metadata.title == f"Proces-verbaal van verhoor — {minutes.case.reference}"
    assert reader.metadata.author == minutes.case.incident.employee.employer.name
    assert minutes.case.reference in reader.metadata.subject
    assert "versie 1" in reader.metadata.subject
    assert reader.trailer["/Root"]["/Lang"] == "nl-BE"


def test_dutch_characters_typed_by_users_come_back_unchanged(minutes):
    text = flat(pdf_text(minutes))
    assert flat(DUTCH_TEXT) in text
    assert "Joëlle Van Den Brïel" in text


def test_markup_in_user_text_is_printed_literally(db, hr_user):
    case = steps.case_take_in_triage(case=submitted_case(description=MARKUP_TEXT), user=hr_user)
    report = document_issue(case=case, kind=Kind.INCIDENT_REPORT, user=hr_user)
    assert MARKUP_TEXT in flat(pdf_text(report))


def test_the_employing_entity_heads_the_letter(dismissed_case, hr_user):
    employer = dismissed_case.incident.employee.employer
    Employer.objects.filter(pk=employer.pk).update(
        name="Gemeente Zoersel-Tëst", address="Kerkplein 1, 2980 Zoersel", place="Zoersel",
        phone="03 123 45 67")
    case = type(dismissed_case).objects.get(pk=dismissed_case.pk)
    letter = document_issue(case=case, kind=Kind.DISMISSAL_LETTER, user=hr_user,
                            delivery=LETTER_DELIVERY)
    first_page = flat(pdf_reader(letter).pages[0].extract_text())
    assert "Gemeente Zoersel-Tëst" in first_page
    assert "Kerkplein 1, 2980 Zoersel" in first_page
    assert "03 123 45 67" in first_page
    assert "Zoersel, " in first_page
    assert pdf_reader(letter).metadata.author == "Gemeente Zoersel-Tëst"
