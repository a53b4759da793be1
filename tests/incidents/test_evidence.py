"""Evidence is checked by its content, stored under a random name, and opened only by who may."""

import datetime
import hashlib
import io
import struct
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from incidents.evidence import (
    EMPTY_FILE,
    FORBIDDEN_TYPE,
    IMAGE_TOO_BIG,
    NAME_MISMATCH,
    NOT_A_LOGO,
    TOO_LARGE,
    _sniff,
    check_upload,
    safe_display_name,
    validate_logo,
)
from incidents.models import Evidence, ReportLocked
from incidents.services import evidence_add_file, evidence_add_url, incident_submit
from tests import factories
from workflows.models import AccessLog
from workflows.services.steps import case_take_in_triage

pytestmark = pytest.mark.django_db


def image_bytes(fmt: str = "PNG", size=(40, 30), colour=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, fmt)
    return buffer.getvalue()


def phone_jpeg_bytes() -> bytes:
    """A JPEG with a second picture appended (MPO), as many phone cameras write their photos."""
    buffer = io.BytesIO()
    first, second = Image.new("RGB", (40, 30), "red"), Image.new("RGB", (40, 30), "blue")
    first.save(buffer, "MPO", save_all=True, append_images=[second])
    return buffer.getvalue()


def png_bytes(colour=(200, 30, 30)) -> bytes:
    return image_bytes("PNG", colour=colour)


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims huge dimensions: what a decompression bomb looks like."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def refusal(uploaded) -> str:
    with pytest.raises(ValidationError) as caught:
        check_upload(uploaded)
    return caught.value.messages[0]


class TestEvidenceTypeSniffing:
    @pytest.mark.parametrize(
        ("name", "content", "content_type"),
        [
            ("screenshot.png", image_bytes("PNG"), "image/png"),
            ("photo.jpg", image_bytes("JPEG"), "image/jpeg"),
            ("photo.JPEG", image_bytes("JPEG"), "image/jpeg"),
            ("phone-photo.jpg", phone_jpeg_bytes(), "image/jpeg"),
            ("animation.gif", image_bytes("GIF"), "image/gif"),
            ("screenshot.webp", image_bytes("WEBP"), "image/webp"),
            ("export.pdf", PDF, "application/pdf"),
        ],
    )
    def test_screenshots_and_pdf_are_accepted_by_their_content(self, name, content, content_type):
        checked = check_upload(upload(name, content))
        assert checked.content_type == content_type
        assert checked.sha256 == hashlib.sha256(content).hexdigest()
        assert checked.size == len(content)

    def test_the_type_declared_by_the_browser_is_ignored(self):
        checked = check_upload(upload("screenshot.png", png_bytes(), content_type="text/html"))
        assert checked.content_type == "image/png"

    def test_a_png_that_is_really_html_is_refused(self):
        page = b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"
        message = refusal(upload("screenshot.png", page, content_type="image/png"))
        assert message == FORBIDDEN_TYPE % {"name": "screenshot.png"}

    @pytest.mark.parametrize("name", ["notes.txt", "macro.docx", "script.svg"])
    def test_other_file_types_are_refused(self, name):
        message = refusal(upload(name, b"<svg xmlns='http://www.w3.org/2000/svg'/> text"))
        assert message == FORBIDDEN_TYPE % {"name": name}

    @pytest.mark.parametrize("content", [b"%!PS-Adobe-3.0\n%%EOF\n", b"%PDF", b" %PDF-1.7\n"])
    def test_a_file_that_does_not_begin_with_the_pdf_signature_is_not_a_pdf(self, content):
        message = refusal(upload("statement.pdf", content))
        assert message == FORBIDDEN_TYPE % {"name": "statement.pdf"}

    def test_a_real_png_named_pdf_is_refused_as_a_mismatch(self):
        message = refusal(upload("statement.pdf", png_bytes()))
        assert message == NAME_MISMATCH % {"name": "statement.pdf", "detected": "PNG"}

    def test_a_pdf_named_png_is_refused_as_a_mismatch(self):
        message = refusal(upload("screenshot.png", PDF))
        assert message == NAME_MISMATCH % {"name": "screenshot.png", "detected": "PDF"}

    def test_an_empty_file_is_refused(self):
        assert refusal(upload("empty.png", b"")) == EMPTY_FILE % {"name": "empty.png"}

    def test_a_file_over_the_limit_of_the_settings_is_refused(self, settings):
        content = png_bytes()
        settings.EVIDENCE_MAX_BYTES = len(content) - 1
        message = refusal(upload("big.png", content))
        limit = filesizeformat(settings.EVIDENCE_MAX_BYTES)
        assert message == TOO_LARGE % {"name": "big.png", "limit": limit}

    def test_a_file_exactly_at_the_limit_is_accepted(self, settings):
        content = png_bytes()
        settings.EVIDENCE_MAX_BYTES = len(content)
        assert check_upload(upload("exact.png", content)).size == len(content)

    def test_the_default_limit_is_20_megabytes(self):
        assert settings.EVIDENCE_MAX_BYTES == 20 * 1024 * 1024

    @pytest.mark.parametrize(
        ("width", "height"),
        [
            (10_000, 7_000),  # 70 Mpx: under Pillow's own limit, over ours
            (10_000, 10_000),  # 100 Mpx: Pillow warns
            (100_000, 100_000),  # 10 Gpx: Pillow refuses to open
        ],
    )
    def test_a_decompression_bomb_png_is_refused_without_decoding_it(self, width, height):
        message = refusal(upload("bomb.png", png_declaring(width, height)))
        assert message == IMAGE_TOO_BIG % {"name": "bomb.png"}

    def test_a_truncated_png_is_refused(self):
        content = png_bytes()
        message = refusal(upload("broken.png", content[: len(content) // 2]))
        assert message == FORBIDDEN_TYPE % {"name": "broken.png"}

    def test_the_uploaders_path_is_dropped_from_the_name(self):
        checked = check_upload(upload("..\\..\\C:\\Users\\jan\\screen\x07shot.png", png_bytes()))
        assert checked.original_name == "screenshot.png"

    def test_an_image_of_exactly_60_megapixels_is_accepted(self):
        checked = check_upload(upload("wide.png", png_declaring(10_000, 6_000)))
        assert checked.content_type == "image/png"

    def test_an_image_of_one_pixel_more_than_60_megapixels_is_refused(self):
        message = refusal(upload("wide.png", png_declaring(60_000_001, 1)))
        assert message == IMAGE_TOO_BIG % {"name": "wide.png"}


class TestCheckedFile:
    @pytest.mark.parametrize("content", [b"%PDF-1.7\n%%EOF\n", png_bytes(), b"plain text"])
    def test_the_type_is_read_from_the_content_and_the_file_left_at_its_start(self, content):
        uploaded = upload("bewijs.bin", content)
        uploaded.read(3)
        _sniff(uploaded)
        assert uploaded.read() == content

    def test_a_checked_file_is_left_at_its_start_for_whoever_reads_it_next(self):
        uploaded = upload("bewijs.png", png_bytes())
        check_upload(uploaded)
        assert uploaded.read() == png_bytes()

    def test_the_checksum_recorded_for_a_file_cannot_be_changed_afterwards(self):
        import dataclasses

        checked = check_upload(upload("bewijs.png", png_bytes()))
        with pytest.raises(dataclasses.FrozenInstanceError):
            checked.sha256 = "0" * 64


class TestEvidenceNames:
    """The uploader's file name is shown and used to check the type: at most 200 characters, the
    ending kept, never empty."""

    def test_a_long_name_is_shortened_in_its_stem_to_200_characters_keeping_its_ending(self):
        checked = check_upload(upload("a" * 300 + ".png", png_bytes()))
        assert checked.original_name == "a" * 196 + ".png"

    def test_a_name_of_200_characters_is_kept_whole(self):
        name = "b" * 185 + ".abcdefghijklmn"
        assert safe_display_name(name) == name

    def test_a_name_of_201_characters_is_shortened_by_one(self):
        assert safe_display_name("d" * 197 + ".pdf") == "d" * 196 + ".pdf"

    def test_a_long_name_keeps_at_most_the_first_10_characters_of_its_ending(self):
        shortened = safe_display_name("c" * 300 + ".abcdefghijklmn")
        assert shortened == "c" * 190 + ".abcdefghi"

    def test_a_name_that_cleans_to_nothing_is_called_bestand(self):
        assert safe_display_name("\x00\x07\x1b") == "bestand"
        assert safe_display_name("") == "bestand"


class TestLogo:
    """A letterhead logo: a PNG or JPEG by its content, at most 2 MB (incidents/evidence.py)."""

    def png_of_size(self, size: int) -> SimpleUploadedFile:
        content = png_bytes()
        return upload("logo.png", content + b"\x00" * (size - len(content)))

    def test_a_png_of_exactly_2_megabytes_is_accepted(self):
        validate_logo(self.png_of_size(2 * 1024 * 1024))

    def test_a_png_of_one_byte_more_is_refused(self):
        with pytest.raises(ValidationError) as caught:
            validate_logo(self.png_of_size(2 * 1024 * 1024 + 1))
        assert caught.value.messages == [NOT_A_LOGO % {"name": "logo.png"}]

    @pytest.mark.parametrize("fmt", ["GIF", "WEBP"])
    def test_an_image_that_reportlab_cannot_draw_is_refused(self, fmt):
        with pytest.raises(ValidationError):
            validate_logo(upload("logo.png", image_bytes(fmt)))


class TestEvidenceAddFile:
    def test_stores_the_file_under_a_random_name_with_its_hash_uploader_and_time(self):
        incident = factories.IncidentFactory()
        content = png_bytes()
        before = timezone.now()
        uploaded = upload("facebook-post.png", content)
        evidence = evidence_add_file(incident=incident, uploaded=uploaded, user=incident.reporter)
        evidence.refresh_from_db()
        assert (evidence.kind, evidence.original_name) == (Evidence.Kind.FILE, "facebook-post.png")
        assert (evidence.content_type, evidence.size) == ("image/png", len(content))
        assert evidence.sha256 == hashlib.sha256(content).hexdigest()
        assert evidence.added_by == incident.reporter
        assert evidence.added_at >= before
        stored = Path(evidence.file.path)
        assert stored.is_relative_to(Path(settings.MEDIA_ROOT))
        assert stored.read_bytes() == content
        assert "facebook" not in stored.name and stored.suffix == ""
        assert len(stored.name) == 32

    def test_two_files_with_the_same_name_are_stored_separately(self):
        incident = factories.IncidentFactory()
        first = evidence_add_file(incident=incident, uploaded=upload("a.png", png_bytes()),
                                  user=incident.reporter)
        other = upload("a.png", png_bytes((0, 0, 0)))
        second = evidence_add_file(incident=incident, uploaded=other, user=incident.reporter)
        assert first.file.name != second.file.name
        assert first.sha256 != second.sha256

    def test_a_refused_file_leaves_no_row_and_no_file(self):
        incident = factories.IncidentFactory()
        with pytest.raises(ValidationError):
            evidence_add_file(incident=incident, uploaded=upload("page.png", b"<html></html>"),
                              user=incident.reporter)
        assert not incident.evidence.exists()
        assert not (Path(settings.MEDIA_ROOT) / "evidence").exists()

    def test_a_submitted_report_takes_new_files_only_through_an_addendum(self):
        incident = factories.IncidentFactory()
        incident_submit(incident=incident, user=incident.reporter)
        with pytest.raises(ReportLocked):
            evidence_add_file(incident=incident, uploaded=upload("late.png", png_bytes()),
                              user=incident.reporter)
        assert not incident.evidence.exists()


class TestEvidenceAddUrl:
    def test_keeps_the_link_with_its_capture_time(self):
        incident = factories.IncidentFactory()
        captured = timezone.now() - datetime.timedelta(hours=2)
        evidence = evidence_add_url(incident=incident, url="https://x.com/jan/status/1",
                                    captured_at=captured, user=incident.reporter)
        evidence.refresh_from_db()
        assert (evidence.kind, evidence.url) == (Evidence.Kind.URL, "https://x.com/jan/status/1")
        assert evidence.captured_at == captured
        assert not evidence.file and evidence.sha256 == ""

    def test_refuses_what_is_not_a_web_address(self):
        incident = factories.IncidentFactory()
        with pytest.raises(ValidationError):
            evidence_add_url(incident=incident, url="javascript:alert(1)",
                             captured_at=timezone.now(), user=incident.reporter)
        assert not incident.evidence.exists()


@pytest.fixture
def submitted_evidence():
    incident = factories.IncidentFactory()
    evidence = evidence_add_file(incident=incident, uploaded=upload("post.png", png_bytes()),
                                 user=incident.reporter)
    incident_submit(incident=incident, user=incident.reporter)
    return evidence


def download_url(evidence, **query) -> str:
    url = reverse("incidents:evidence_download", args=[evidence.incident_id, evidence.pk])
    return url + ("?inline=1" if query.get("inline") else "")


class TestEvidenceDownload:
    def test_is_an_attachment_under_its_original_name_that_the_browser_may_not_sniff(
        self, client, submitted_evidence
    ):
        client.force_login(submitted_evidence.incident.reporter)
        response = client.get(download_url(submitted_evidence))
        assert response.status_code == 200
        assert response["Content-Disposition"] == 'attachment; filename="post.png"'
        assert response["Content-Type"] == "image/png"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response["Content-Security-Policy"]
        assert b"".join(response.streaming_content) == submitted_evidence.file.open("rb").read()

    def test_a_screenshot_may_be_shown_inline_for_the_preview(self, client, submitted_evidence):
        client.force_login(submitted_evidence.incident.reporter)
        response = client.get(download_url(submitted_evidence, inline=True))
        assert response["Content-Disposition"] == 'inline; filename="post.png"'
        assert response["X-Content-Type-Options"] == "nosniff"

    def test_a_pdf_is_always_an_attachment(self, client):
        incident = factories.IncidentFactory()
        evidence = evidence_add_file(incident=incident, uploaded=upload("doc.pdf", PDF),
                                     user=incident.reporter)
        client.force_login(incident.reporter)
        response = client.get(download_url(evidence, inline=True))
        assert response["Content-Disposition"].startswith("attachment;")

    def test_the_reporter_may_download_the_evidence_of_a_draft(self, client):
        incident = factories.IncidentFactory()
        evidence = evidence_add_file(incident=incident, uploaded=upload("draft.png", png_bytes()),
                                     user=incident.reporter)
        client.force_login(incident.reporter)
        response = client.get(download_url(evidence))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == png_bytes()

    def test_another_manager_gets_not_found(self, client, submitted_evidence):
        client.force_login(factories.manager())
        assert client.get(download_url(submitted_evidence)).status_code == 404

    def test_hr_who_may_see_the_case_may_download_and_the_download_is_logged(
        self, client, submitted_evidence
    ):
        officer = factories.hr()
        client.force_login(officer)
        assert client.get(download_url(submitted_evidence)).status_code == 200
        entry = AccessLog.objects.get(user=officer)
        assert entry.action == AccessLog.Action.DOWNLOAD_EVIDENCE
        assert entry.case == submitted_evidence.incident.case

    def test_hr_does_not_see_the_evidence_of_a_draft(self, client):
        incident = factories.IncidentFactory()
        evidence = evidence_add_file(incident=incident, uploaded=upload("draft.png", png_bytes()),
                                     user=incident.reporter)
        client.force_login(factories.hr_lead())
        assert client.get(download_url(evidence)).status_code == 404

    def test_hr_no_longer_sees_it_once_the_case_left_triage_to_another_handler(
        self, client, submitted_evidence
    ):
        case_take_in_triage(case=submitted_evidence.incident.case, user=factories.hr())
        client.force_login(factories.hr())
        assert client.get(download_url(submitted_evidence)).status_code == 404

    def test_the_evidence_must_belong_to_the_report_in_the_address(
        self, client, submitted_evidence
    ):
        other = factories.IncidentFactory(reporter=submitted_evidence.incident.reporter)
        client.force_login(submitted_evidence.incident.reporter)
        url = reverse("incidents:evidence_download", args=[other.pk, submitted_evidence.pk])
        assert client.get(url).status_code == 404

    def test_an_anonymous_visitor_is_sent_to_the_login_page(self, client, submitted_evidence):
        url = download_url(submitted_evidence)
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('login')}?next={url}"
