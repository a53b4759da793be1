"""The review's stress case (docs/documents.md, findings T1–T10): a 94-character name with ë ç ’ ĳ,
a three-line address, a 4,000-character description in paragraphs and 36 case events or more,
on a letterhead with a logo and a long name. Every page of its report, minutes, letters and case
file is read back from the PDF's text coordinates."""

import io
import re

import pytest
from PIL import Image
from django.core.files.uploadedfile import SimpleUploadedFile
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from pypdf import PdfReader
from reportlab.platypus import Spacer, Table

from incidents.models import Employee, LegalStatus
from tests import factories
from tests.documents.conftest import LETTER_DELIVERY, flat, pdf_reader, submitted_case
from tests.documents.test_letters_hold_up import placed_text
from workflows.documents.builders import LETTERS, render_content
from workflows.documents.markup import flowables
from workflows.documents.models import IssuedDocument
from workflows.documents.pdf import (
    CONFIDENTIAL_WIDTH,
    DocumentMeta,
    FONT,
    FONT_BOLD,
    FONT_MONO,
    FRAME_WIDTH,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    WINDOW,
    organisation,
    render_pdf,
)
from workflows.documents.services import document_issue, document_supersede
from workflows.services import steps

pytestmark = pytest.mark.django_db
Kind = IssuedDocument.Kind
FIRST_NAME = "Marie-Françoise Joëlle"
LAST_NAME = "Ĳsbrandt-Vandenbroucke-D’Hondt van der Straeten-Van Den Brïel-Çelikoğlu"
ADDRESS = "Residentie De Hoge Kouter appartement 4B, Koning Albert I-laan 112 bus 3, " \
          "9999 Voorbeeld-Sint-Lievens"
ORGANISATION_NAME = "Gemeente en OCMW Sint-Lievens-Houtem"
PARAGRAPH = ("Op Facebook deelde het personeelslid een foto van een vertrouwelijke nota over de "
             "begroting. Het bericht werd gedeeld in drie groepen en leidde tot € 1.250.000 aan "
             "vermeende schade volgens art. 35 en § 2 van de nota. ")
DESCRIPTION = "\n\n".join([PARAGRAPH * 2] * 20)[:4000]
KINDS = (Kind.INCIDENT_REPORT, Kind.HEARING_MINUTES, Kind.DISMISSAL_LETTER, Kind.REASON_NOTICE)
# The header and footer bands: everything between them is the text column.
BODY_TOP = PAGE_HEIGHT - 20 * mm
BODY_BOTTOM = MARGIN_BOTTOM
COLUMN_RIGHT = PAGE_WIDTH - MARGIN_RIGHT
# What a line's width measured again from its extracted text may differ from reportlab's own
# measure (the review's overflow was 2 mm, 5.7 pt).
MEASURE = 1.5
WATERMARK = "VERVANGEN"  # drawn diagonally across every page of a superseded original


def logo_upload() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 120), "#0b5394").save(buffer, format="PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue())


@pytest.fixture
def triaged_case(db, hr_user):
    """The stress case's report, taken in: the dismissal fixtures of conftest build on it."""
    employee = factories.EmployeeFactory(
        status=LegalStatus.CONTRACTUAL, first_name=FIRST_NAME, last_name=LAST_NAME,
        address=ADDRESS, form_of_address="mevrouw", job_title="Administratief medewerker")
    employer = employee.employer
    employer.name, employer.logo = ORGANISATION_NAME, logo_upload()
    employer.save()
    Employee.objects.filter(pk=employee.pk).update(employer=employer)
    employee.refresh_from_db()
    case = submitted_case(employee=employee, description=DESCRIPTION)
    return steps.case_take_in_triage(case=case, user=hr_user)


@pytest.fixture
def stress_documents(remedies_confirmed, reviewed_case, hr_user, legal_user):
    """Each kind issued three times (two superseded versions), then the case file."""
    case = reviewed_case
    delivery = {kind: LETTER_DELIVERY if kind in LETTERS else "" for kind in KINDS}
    for kind in KINDS:
        for _version in range(2):
            document = document_issue(case=case, kind=kind, user=hr_user,
                                      delivery=delivery[kind])
            document_supersede(document=document, user=hr_user, reason="Nieuwe versie.")
    latest = {kind: document_issue(case=case, kind=kind, user=hr_user, delivery=delivery[kind])
              for kind in KINDS}
    latest[Kind.CASE_FILE] = document_issue(case=case, kind=Kind.CASE_FILE, user=legal_user)
    return case, latest


def face(font: str) -> str:
    return FONT_MONO if "Mono" in font else FONT_BOLD if "Bold" in font else FONT


def right_edge(run) -> float:
    text, x, _y, font, size = run
    return x + stringWidth(text, face(font), size)


def in_window(run) -> bool:
    top = PAGE_HEIGHT - WINDOW.top
    return run[1] >= WINDOW.left - 0.5 and top - WINDOW.height <= run[2] <= top


def body_runs(page):
    return [run for run in placed_text(page) if BODY_BOTTOM < run[2] < BODY_TOP]


def all_pages(documents):
    for kind, document in documents.items():
        for number, page in enumerate(pdf_reader(document).pages, start=1):
            yield f"{kind} p. {number}", page


def test_the_stress_case_is_what_the_review_describes(stress_documents):
    case, _documents = stress_documents
    employee = case.incident.employee
    assert len(employee.full_name) == 94
    assert len(employee.address_lines) == 3
    assert len(case.incident.description) == 4000
    assert case.events.count() >= 36


def test_t1_the_long_name_beside_the_logo_never_reaches_the_confidentiality_mark(
        stress_documents):
    _case, documents = stress_documents
    confidential_left = PAGE_WIDTH - MARGIN_RIGHT - CONFIDENTIAL_WIDTH
    for kind, document in documents.items():
        page = pdf_reader(document).pages[0]
        assert len(page.images) == 1, kind
        runs = placed_text(page)
        mark = next(run for run in runs if run[0].startswith("Vertrouwelijk"))
        assert mark[1] >= confidential_left, kind
        head = [run for run in runs if run is not mark and abs(run[2] - mark[2]) < 20]
        assert any("Sint-Lievens-Houtem" in run[0] for run in head), kind
        for run in head:
            assert run[1] > MARGIN_LEFT + 15 * mm, (kind, run)  # right of the logo
            assert right_edge(run) <= confidential_left + 1, (kind, run)


def test_t2_closing_last_paragraph_and_signature_share_a_page(stress_documents):
    _case, documents = stress_documents
    for kind in (Kind.DISMISSAL_LETTER, Kind.REASON_NOTICE):
        pages = [body_runs(page) for page in pdf_reader(documents[kind]).pages]
        (runs,) = [runs for runs in pages if any("Met de meeste hoogachting" in r[0]
                                                  for r in runs)]
        closing = next(run for run in runs if "Met de meeste hoogachting" in run[0])
        signer = next(run for run in runs if "Anna Vermeulen" in run[0])
        assert signer[2] < closing[2], kind
        assert any(run[2] > closing[2] + 5 for run in runs), f"{kind}: closing heads its page"


def test_t3_no_hole_of_a_quarter_page_before_the_text_that_follows(stress_documents):
    _case, documents = stress_documents
    for kind in KINDS:
        pages = pdf_reader(documents[kind]).pages
        for number, page in enumerate(pages[:-1], start=1):
            lowest = min(run[2] for run in body_runs(page))
            assert lowest - BODY_BOTTOM < PAGE_HEIGHT / 4, f"{kind} p. {number}"


def test_t5_the_timeline_numbers_every_event_once_with_its_header_only_at_the_top(
        stress_documents):
    case, documents = stress_documents
    numbers = []
    for page in pdf_reader(documents[Kind.CASE_FILE]).pages:
        runs = body_runs(page)
        headers = [run for run in runs if run[0] == "Toelichting"]
        if not headers:
            continue
        (header,) = headers
        rows = [run for run in runs if run[2] < header[2] and abs(run[1] - MARGIN_LEFT) < 6]
        assert all(run[2] < header[2] for run in rows)
        numbers += [int(run[0]) for run in rows if run[0].isdigit()]
    # Every event before the case file's own (recorded once the file is issued).
    assert numbers == list(range(1, case.events.count()))


def test_t6_text_and_tables_share_the_header_s_column(stress_documents):
    case, documents = stress_documents
    for where, page in all_pages(documents):
        for run in placed_text(page):
            if in_window(run) or re.fullmatch(r"[. ]+\d+", run[0]) or WATERMARK in run[0].upper():
                # Placed by the envelope (T10), or across the page; the contents' leaders are
                # drawn in a form, whose coordinates the text visitor does not follow.
                continue
            assert run[1] >= MARGIN_LEFT - 0.5, (where, run)
            assert right_edge(run) <= COLUMN_RIGHT + MEASURE, (where, run)
    for kind, document in documents.items():
        first = placed_text(pdf_reader(document).pages[0])
        title = next(run for run in first if run[4] == 15)
        assert abs(title[1] - MARGIN_LEFT) < 0.5, kind
    checked = 0
    for kind, document in documents.items():
        content = render_content(case=case, kind=kind, version=9, issued_at=document.generated_at,
                                 user=case.handler, delivery=document.delivery)
        tables = [item for item in flowables(content.markup) if isinstance(item, Table)]
        checked += len(tables)
        for item in tables:
            assert abs(item.wrap(FRAME_WIDTH, PAGE_HEIGHT)[0] - FRAME_WIDTH) < 0.01, kind
    assert checked >= 10


def test_t7_hashes_are_whole_groups_and_no_date_breaks_inside(stress_documents):
    _case, documents = stress_documents
    groups = 0
    for where, page in all_pages(documents):
        for text, *_rest, font, _size in placed_text(page):
            if "Mono" in font:
                for token in text.split():
                    assert re.fullmatch(r"[0-9a-f]{8}", token), (where, text)
                    groups += 1
            assert not re.search(r"\b\d{1,2}/\d{0,2}$|^\d{0,2}/\d{4}\)?$", text), (where, text)
            assert not re.search(r"\b(Versi|Arbeidsov)$", text), (where, text)
    assert groups >= 8 * 16


def test_t8_no_line_ends_on_euro_paragraph_sign_or_art(stress_documents):
    _case, documents = stress_documents
    for where, page in all_pages(documents):
        for text, *_rest in placed_text(page):
            assert not re.search(r"(€|§|\bart\.)$", text), (where, text)


def test_t9_the_salutation_names_the_surname_once(stress_documents):
    _case, documents = stress_documents
    for kind in (Kind.DISMISSAL_LETTER, Kind.REASON_NOTICE):
        text = flat(pdf_reader(documents[kind]).pages[0].extract_text())
        assert f"Geachte mevrouw {LAST_NAME}," in text
        assert f"Geachte mevrouw {FIRST_NAME}" not in text


def test_t10_name_and_three_line_address_fit_the_envelope_window(stress_documents):
    case, documents = stress_documents
    for kind in (Kind.DISMISSAL_LETTER, Kind.REASON_NOTICE):
        runs = placed_text(pdf_reader(documents[kind]).pages[0])
        window = [run for run in runs if in_window(run)]
        text = " ".join(run[0] for run in window)
        for line in ("AANGETEKEND", "Marie-Françoise", "Çelikoğlu", *ADDRESS.split(", ")):
            assert line in text, (kind, line)
        for run in window:
            assert right_edge(run) <= WINDOW.left + WINDOW.width, (kind, run)
        number = next(run for run in runs if run[0] == case.incident.employee.personnel_number)
        assert number[1] < WINDOW.left, kind


def rendered_pages(markup: str, filler: float) -> list:
    """The pages of `markup` laid out after `filler` points of empty space on page 1."""
    meta = DocumentMeta(title="t", reference="TD-2026-0001", subject="s", footer="f",
                        organisation=organisation())
    pdf = render_pdf([Spacer(1, filler), *flowables(markup)], meta)
    return PdfReader(io.BytesIO(pdf)).pages


# Wherever a page ends, from near the top of page 1 to its foot, in 2 mm steps.
FILLERS = [height * mm for height in range(120, 222, 2)]


def test_t2_wherever_the_page_ends_the_closing_stays_with_the_last_paragraph_and_signature():
    markup = ("<p>" + "Tekst van de brief. " * 30 + "</p><p>De laatste alinea.</p>"
              "<p>Met de meeste hoogachting,</p>"
              "<signatures><sign>Anna Vermeulen<br/>algemeen directeur</sign></signatures>")
    for filler in FILLERS:
        pages = [flat(page.extract_text()) for page in rendered_pages(markup, filler)]
        (closing_page,) = [text for text in pages if "Met de meeste hoogachting" in text]
        assert "Anna Vermeulen" in closing_page, filler / mm
        assert "De laatste alinea." in closing_page, filler / mm


def test_t4_wherever_the_page_ends_no_paragraph_leaves_one_line_alone():
    words = "woord " * 120
    for filler in FILLERS:
        counts = [len([run for run in placed_text(page) if "woord" in run[0]])
                  for page in rendered_pages(f"<p>{words}</p>", filler)]
        assert sum(counts) >= 6
        assert 1 not in counts, (filler / mm, counts)
