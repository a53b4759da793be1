"""The organisation's electronic seal on every issued PDF, checked with pyHanko as anyone outside
the application could, and signed copies uploaded for an issued document."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers

from tests.documents.conftest import LETTER_DELIVERY, pdf_reader
from workflows.documents import seal as seal_module
from workflows.documents.models import IssuedDocument, SignedCopy
from workflows.documents.seal import check_signatures, make_demo_certificate
from workflows.documents.services import (
    NO_SIGNATURE,
    NOT_A_PDF,
    document_issue,
    document_signed_copy_add,
)

pytestmark = pytest.mark.django_db
Kind = IssuedDocument.Kind


@pytest.fixture
def sealing(settings, tmp_path):
    path = make_demo_certificate(tmp_path / "seal.p12", "geheim", "Gemeente Voorbeeld (zegel)")
    settings.DOCUMENT_SEAL_PKCS12 = str(path)
    settings.DOCUMENT_SEAL_PASSWORD = "geheim"
    return path


def stored(document) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


def signed_by(pdf: bytes, tmp_path, name: str) -> bytes:
    """The PDF signed by `name`, as an employee would sign it with an eID outside the app."""
    path = make_demo_certificate(tmp_path / "eid.p12", "pin", name)
    signer = signers.SimpleSigner.load_pkcs12(pfx_file=str(path), passphrase=b"pin")
    meta = signers.PdfSignatureMetadata(field_name="Handtekening")
    return signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), meta,
                            signer=signer).getvalue()


def test_without_a_certificate_documents_are_not_sealed(triaged_case, hr_user, settings):
    settings.DOCUMENT_SEAL_PKCS12 = ""
    report = document_issue(case=triaged_case, kind=Kind.INCIDENT_REPORT, user=hr_user)
    assert check_signatures(stored(report)) == []


def test_every_issued_pdf_carries_an_intact_pades_seal(sealing, dismissed_case, hr_user):
    letter = document_issue(case=dismissed_case, kind=Kind.DISMISSAL_LETTER, user=hr_user,
                            delivery=LETTER_DELIVERY)
    (seal,) = check_signatures(stored(letter))
    assert seal.field == seal_module.SEAL_FIELD
    assert "Gemeente Voorbeeld (zegel)" in seal.signer
    assert seal.intact and seal.covers_whole_file
    assert "Ontslag om dringende reden" in pdf_reader(letter).pages[0].extract_text()


def test_a_changed_byte_breaks_the_seal(sealing, triaged_case, hr_user):
    report = document_issue(case=triaged_case, kind=Kind.INCIDENT_REPORT, user=hr_user)
    pdf = bytearray(stored(report))
    position = pdf.index(b"Meldingsformulier") if b"Meldingsformulier" in pdf else len(pdf) // 3
    pdf[position] ^= 0x01
    checks = check_signatures(bytes(pdf))
    assert checks and not checks[0].intact


def test_the_case_file_is_sealed_and_keeps_the_sealed_originals(sealing, dismissed_case,
                                                                 hr_user):
    letter = document_issue(case=dismissed_case, kind=Kind.DISMISSAL_LETTER, user=hr_user,
                            delivery=LETTER_DELIVERY)
    case_file = document_issue(case=dismissed_case, kind=Kind.CASE_FILE, user=hr_user)
    (seal,) = check_signatures(stored(case_file))
    assert seal.intact
    (embedded,) = pdf_reader(case_file).attachments[letter.download_name]
    assert embedded == stored(letter)
    assert check_signatures(embedded)[0].intact


class TestSignedCopy:
    def test_a_signed_copy_is_kept_with_its_validated_signers(self, dismissed_case, hr_user,
                                                              tmp_path):
        letter = document_issue(case=dismissed_case, kind=Kind.DISMISSAL_LETTER, user=hr_user,
                                delivery=LETTER_DELIVERY)
        signed = signed_by(stored(letter), tmp_path, "Joëlle Van Den Brïel")
        copy = document_signed_copy_add(
            document=letter, user=hr_user,
            uploaded=SimpleUploadedFile("getekend.pdf", signed, "application/pdf"))
        (signature,) = copy.signatures
        assert "Joëlle Van Den Brïel" in signature["signer"]
        assert signature["intact"] is True and signature["trusted"] is False
        event = dismissed_case.events.order_by("-sequence").first()
        assert event.kind == "document_signed_copy_added"
        assert event.payload["copy_sha256"] == copy.sha256

    def test_an_unsigned_pdf_or_another_file_is_refused_with_a_reason(self, dismissed_case,
                                                                      hr_user):
        letter = document_issue(case=dismissed_case, kind=Kind.DISMISSAL_LETTER, user=hr_user,
                                delivery=LETTER_DELIVERY)
        for content, message in ((stored(letter), NO_SIGNATURE), (b"GIF89a...", NOT_A_PDF)):
            with pytest.raises(ValidationError) as error:
                document_signed_copy_add(document=letter, user=hr_user,
                                         uploaded=SimpleUploadedFile("x.pdf", content))
            assert str(message) in error.value.messages
        assert not SignedCopy.objects.exists()

    def test_the_documents_page_shows_the_signers(self, client, dismissed_case, hr_user,
                                                  tmp_path):
        letter = document_issue(case=dismissed_case, kind=Kind.DISMISSAL_LETTER, user=hr_user,
                                delivery=LETTER_DELIVERY)
        client.force_login(hr_user)
        url = reverse("documents:signed_copy", args=[dismissed_case.reference, letter.pk])
        signed = signed_by(stored(letter), tmp_path, "Joëlle Van Den Brïel")
        response = client.post(url, {"file": SimpleUploadedFile("g.pdf", signed)}, follow=True)
        assert response.status_code == 200
        assert "Joëlle Van Den Brïel" in response.content.decode()

    def test_someone_who_may_not_handle_the_case_cannot_add_a_copy(self, client, dismissed_case,
                                                                   hr_user, decider_user):
        letter = document_issue(case=dismissed_case, kind=Kind.DISMISSAL_LETTER, user=hr_user,
                                delivery=LETTER_DELIVERY)
        client.force_login(decider_user)
        url = reverse("documents:signed_copy", args=[dismissed_case.reference, letter.pk])
        response = client.post(url, {"file": SimpleUploadedFile("g.pdf", b"%PDF-1.4")})
        assert response.status_code == 403
        assert not SignedCopy.objects.exists()
