"""Every issued PDF is a PDF/A, checked by a validator outside this application: Apache PDFBox
Preflight (Debian's libpdfbox2-java), which checks ISO 19005-1 level B. Letters, decisions and
minutes must pass it whole; the case file is a PDF/A-3b, so Preflight may only report what part 3
allows beyond part 1 (attached files, transparency, the part number itself)."""

import io
from datetime import timezone as dt_timezone

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfReader

from incidents.models import Employee
from tests.documents.conftest import LETTER_DELIVERY, TODAY, pdf_reader
from tests.documents.test_seal import sealing, stored  # noqa: F401 (fixture)
from tests.pdfa import PART_3_ALLOWS, preflight  # noqa: F401 (fixture)
from workflows.documents.models import IssuedDocument
from workflows.documents.services import document_issue, document_mark_sent, document_supersede

pytestmark = pytest.mark.django_db
Kind = IssuedDocument.Kind


def xmp(pdf: bytes) -> str:
    return PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Metadata"].get_object().get_data()\
        .decode("utf-8")


def letters_of(case, hr_user) -> list[IssuedDocument]:
    return [document_issue(case=case, kind=kind, user=hr_user, delivery=delivery)
            for kind, delivery in ((Kind.INCIDENT_REPORT, ""),
                                   (Kind.DISMISSAL_LETTER, LETTER_DELIVERY),
                                   (Kind.REASON_NOTICE, LETTER_DELIVERY))]


class TestLettersArePdfA1b:
    def test_letters_reports_and_minutes_pass_the_validator(
            self, preflight, remedies_confirmed, reviewed_case, sanctioned_case, hr_user):
        documents = letters_of(reviewed_case, hr_user) + [
            document_issue(case=sanctioned_case, kind=kind, user=hr_user, delivery=delivery)
            for kind, delivery in ((Kind.HEARING_MINUTES, ""),
                                   (Kind.DISCIPLINARY_DECISION, LETTER_DELIVERY))]
        for document in documents:
            assert preflight(stored(document)) == [], document.kind

    def test_a_sealed_letter_still_passes_the_validator(
            self, preflight, sealing, remedies_confirmed, dismissed_case, hr_user):  # noqa: F811
        letter = document_issue(case=dismissed_case, kind=Kind.DISMISSAL_LETTER, user=hr_user,
                                delivery=LETTER_DELIVERY)
        pdf = stored(letter)
        assert b"/ByteRange" in pdf
        assert preflight(pdf) == [], preflight(pdf)

    def test_a_logo_with_a_transparent_background_is_laid_on_white(
            self, preflight, dismissed_case, hr_user):
        """PDF/A-1 has no transparency (ISO 19005-1 6.4): a PNG logo's alpha channel would
        make the letter invalid."""
        buffer = io.BytesIO()
        Image.new("RGBA", (60, 40), (11, 83, 148, 0)).save(buffer, format="PNG")
        employer = dismissed_case.incident.employee.employer
        employer.logo = SimpleUploadedFile("logo.png", buffer.getvalue())
        employer.save()
        Employee.objects.filter(pk=dismissed_case.incident.employee_id).update(employer=employer)
        letter = document_issue(case=dismissed_case, kind=Kind.DISMISSAL_LETTER, user=hr_user,
                                delivery=LETTER_DELIVERY)
        (image,) = pdf_reader(letter).pages[0].images
        assert image.image.mode == "RGB"
        assert preflight(stored(letter)) == []

    def test_metadata_say_pdf_a_1b_with_the_title_and_the_issue_date(
            self, dismissed_case, hr_user):
        letter = document_issue(case=dismissed_case, kind=Kind.DISMISSAL_LETTER, user=hr_user,
                                delivery=LETTER_DELIVERY)
        packet = xmp(stored(letter))
        assert "<pdfaid:part>1</pdfaid:part>" in packet
        assert "<pdfaid:conformance>B</pdfaid:conformance>" in packet
        info = pdf_reader(letter).metadata
        assert f">{info['/Title']}</rdf:li>" in packet
        issued = letter.generated_at.astimezone(dt_timezone.utc)
        assert f"<xmp:CreateDate>{issued:%Y-%m-%dT%H:%M:%S}" in packet
        assert info["/CreationDate"].startswith(f"D:{issued:%Y%m%d%H%M%S}")
        (intent,) = pdf_reader(letter).trailer["/Root"]["/OutputIntents"]
        assert intent.get_object()["/S"] == "/GTS_PDFA1"


class TestTheCaseFileIsPdfA3b:
    @pytest.fixture
    def case_file(self, remedies_confirmed, reviewed_case, hr_user):
        report, letter, _notice = letters_of(reviewed_case, hr_user)
        document_supersede(document=report, user=hr_user, reason="Aanvulling ontbrak.")
        document_mark_sent(document=letter, user=hr_user, sent_on=TODAY,
                           method="registered_letter")
        return document_issue(case=reviewed_case, kind=Kind.CASE_FILE, user=hr_user)

    def test_the_validator_finds_nothing_that_part_3_does_not_allow(self, preflight, case_file):
        errors = preflight(stored(case_file))
        assert errors, "a case file with attachments cannot be a valid PDF/A-1b"
        assert [error for error in errors if not PART_3_ALLOWS.match(error)] == []
        assert "<pdfaid:part>3</pdfaid:part>" in xmp(stored(case_file))

    def test_each_original_is_attached_as_the_source_of_its_pages(self, case_file):
        reader = pdf_reader(case_file)
        associated = [spec.get_object() for spec in reader.trailer["/Root"]["/AF"]]
        originals = [document for document in case_file.case.documents.all()
                     if document.kind != Kind.CASE_FILE]
        assert sorted(spec["/UF"] for spec in associated) == sorted(
            document.download_name for document in originals)
        for spec in associated:
            assert spec["/AFRelationship"] == "/Source"
            stream = spec["/EF"]["/F"].get_object()
            assert stream["/Subtype"] == "/application/pdf"
            assert "/ModDate" in stream["/Params"]

    def test_a_sealed_case_file_of_sealed_originals_keeps_to_part_3(
            self, preflight, sealing, remedies_confirmed, reviewed_case, hr_user):  # noqa: F811
        letters_of(reviewed_case, hr_user)
        case_file = document_issue(case=reviewed_case, kind=Kind.CASE_FILE, user=hr_user)
        errors = preflight(stored(case_file))
        assert [error for error in errors if not PART_3_ALLOWS.match(error)] == []

    def test_every_font_a_page_selects_is_embedded(self, case_file):
        """Also on the pages of a superseded original, whose watermark is drawn separately."""
        for page in pdf_reader(case_file).pages:
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()
                assert "/FontFile2" in font["/FontDescriptor"], font["/BaseFont"]
