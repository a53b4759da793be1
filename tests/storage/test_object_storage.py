"""Evidence, attachments and issued documents in an S3-compatible object storage (moto's server
over HTTP): uploads land in the bucket and nowhere else, downloads stream the object through the
permission check and never hand out a URL, the integrity check reads the objects and notices one
that was overwritten, the health check probes the bucket, and a backup restores into a new one."""

import io
import json
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import storages
from django.core.management import call_command
from django.urls import reverse
from storages.backends.s3 import S3Storage

from config.settings import object_storage
from core.operations.backup import MANIFEST, MEDIA
from tests.documents.conftest import (  # noqa: F401 - the case fixtures of the documents tests
    LETTER_DELIVERY,
    dismissed_case,
    heard_dismissal_case,
    triaged_case,
)
from tests.operations.test_backup_restore import (  # noqa: F401 - demo_database is a fixture
    backup_to,
    demo_database,
    flush_database,
    members,
)
from tests.security.conftest import png_bytes, upload, world  # noqa: F401 - world is a fixture
from tests.storage.conftest import new_bucket
from workflows.documents.models import IssuedDocument
from workflows.integrity import check_case
from workflows.models import Case

pytestmark = pytest.mark.django_db


def files_under(folder) -> list[Path]:
    return [path for path in Path(folder).rglob("*") if path.is_file()]


def add_evidence_through_the_page(client, world, case, content: bytes):
    """The manager adds a screenshot to the submitted report, as in the browser."""
    client.force_login(world.manager)
    response = client.post(reverse("incidents:addendum_create", args=[case.incident_id]), {
        "text": "Nog een schermafdruk.", "files": [upload("nieuw.png", content)]})
    assert response.status_code == 302, response.content.decode()[:500]
    return case.incident.evidence.get(original_name="nieuw.png")


def download(client, evidence):
    return client.get(reverse("incidents:evidence_download",
                              args=[evidence.incident_id, evidence.pk]))


class TestSettings:
    def test_without_a_bucket_files_stay_on_the_local_disk(self):
        assert object_storage({"OBJECT_STORAGE_ENDPOINT_URL": "http://s3.local"}) is None

    def test_the_bucket_is_private_signed_and_never_overwritten(self):
        storage = object_storage({"OBJECT_STORAGE_BUCKET": "tucht",
                                  "OBJECT_STORAGE_ENDPOINT_URL": "https://s3.example.org",
                                  "OBJECT_STORAGE_REGION": "eu-west-1"})
        assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
        options = storage["OPTIONS"]
        assert (options["bucket_name"], options["endpoint_url"], options["region_name"]) == (
            "tucht", "https://s3.example.org", "eu-west-1")
        assert options["default_acl"] == "private" and options["querystring_auth"] is True
        assert options["querystring_expire"] <= 60 and options["custom_domain"] is None
        assert options["file_overwrite"] is False
        assert 0 < options["max_memory_size"] <= 5 * 1024 * 1024

    def test_an_unknown_addressing_style_is_refused_at_start(self):
        with pytest.raises(ImproperlyConfigured, match="ADDRESSING_STYLE"):
            object_storage({"OBJECT_STORAGE_BUCKET": "tucht",
                            "OBJECT_STORAGE_ADDRESSING_STYLE": "sideways"})


class TestEvidence:
    def test_an_upload_through_the_page_lands_in_the_bucket_and_not_on_the_disk(
            self, s3_storage, world, client, settings):
        assert isinstance(storages["default"], S3Storage)
        case = world.reported()
        content = png_bytes(64, 48)
        evidence = add_evidence_through_the_page(client, world, case, content)
        assert evidence.file.name in s3_storage.keys()
        assert s3_storage.read(evidence.file.name) == content
        assert files_under(settings.MEDIA_ROOT) == []

    def test_the_handler_downloads_the_same_bytes_streamed_from_the_bucket(
            self, s3_storage, world, client):
        case = world.reported()
        content = png_bytes(64, 48)
        evidence = add_evidence_through_the_page(client, world, case, content)
        client.force_login(world.hr_lead)
        response = download(client, evidence)
        assert response.status_code == 200 and response.streaming
        assert b"".join(response.streaming_content) == content
        assert "Location" not in response and s3_storage.name not in str(response.headers)

    def test_someone_without_access_gets_404_and_no_address_of_the_object(
            self, s3_storage, world, client):
        case = world.reported()
        evidence = add_evidence_through_the_page(client, world, case, png_bytes(64, 48))
        for intruder in (world.other_manager, world.outsider):
            client.force_login(intruder)
            response = download(client, evidence)
            assert response.status_code == 404
            body = response.content.decode()
            assert s3_storage.name not in body and evidence.file.name not in body
            assert "X-Amz" not in body and "Location" not in response

    def test_a_missing_object_is_a_404_not_a_server_error(self, s3_storage, world, client):
        case = world.reported()
        evidence = add_evidence_through_the_page(client, world, case, png_bytes(64, 48))
        s3_storage.client.delete_object(Bucket=s3_storage.name, Key=evidence.file.name)
        client.force_login(world.hr_lead)
        client.raise_request_exception = False
        assert download(client, evidence).status_code == 404


class TestIntegrity:
    def test_the_history_verifies_and_an_overwritten_object_is_reported(
            self, s3_storage, world, client):
        case = world.reported()
        evidence = add_evidence_through_the_page(client, world, case, png_bytes(64, 48))
        assert check_case(Case.objects.get(pk=case.pk)) == []
        s3_storage.overwrite(evidence.file.name, png_bytes(65, 48))
        problems = [finding.problem for finding in check_case(Case.objects.get(pk=case.pk))]
        assert problems == ["evidence “nieuw.png” is missing or does not match its SHA-256"]

    def test_the_command_exits_1_on_an_overwritten_object(self, s3_storage, world, client):
        case = world.reported()
        evidence = add_evidence_through_the_page(client, world, case, png_bytes(64, 48))
        s3_storage.overwrite(evidence.file.name, b"something else")
        out = io.StringIO()
        with pytest.raises(SystemExit) as exit_:
            call_command("verify_case_history", stdout=out, stderr=io.StringIO())
        assert exit_.value.code == 1
        assert f"{case.reference}: evidence “nieuw.png”" in out.getvalue()


def test_an_issued_document_is_stored_in_the_bucket_and_downloads_whole(
        s3_storage, client, dismissed_case, hr_user, settings):
    client.force_login(hr_user)
    response = client.post(reverse("documents:issue", args=[dismissed_case.reference,
                                                            IssuedDocument.Kind.REASON_NOTICE]),
                           {"delivery": LETTER_DELIVERY})
    assert response.status_code == 302
    document = IssuedDocument.objects.get(case=dismissed_case,
                                          kind=IssuedDocument.Kind.REASON_NOTICE)
    stored = s3_storage.read(document.file.name)
    assert stored.startswith(b"%PDF") and len(stored) == document.size
    download = client.get(reverse("documents:download",
                                  args=[dismissed_case.reference, document.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == stored
    assert files_under(settings.MEDIA_ROOT) == []
    assert check_case(Case.objects.get(pk=dismissed_case.pk)) == []


def test_the_health_check_probes_the_bucket_and_leaves_nothing_in_it(s3_storage, client):
    response = client.get("/health/")
    assert response.status_code == 200 and response.json()["checks"]["storage"] == "ok"
    assert s3_storage.keys() == []


def test_the_health_check_fails_when_the_bucket_is_gone(s3_storage, client, settings):
    gone = {**s3_storage.environment, "OBJECT_STORAGE_BUCKET": "tucht-never-created"}
    settings.STORAGES = {**settings.STORAGES, "default": object_storage(gone)}
    response = client.get("/health/")
    assert response.status_code == 503 and response.json()["failed"] == ["storage"]


def test_orphan_objects_are_cleaned_and_referenced_ones_kept(s3_storage, world, client):
    case = world.reported()
    evidence = add_evidence_through_the_page(client, world, case, png_bytes(64, 48))
    s3_storage.overwrite("evidence/2026/01/orphan-from-a-rolled-back-upload", b"x")
    out = io.StringIO()
    call_command("clean_orphan_files", "--min-age-minutes", "0", stdout=out)
    assert "Removed evidence/2026/01/orphan-from-a-rolled-back-upload" in out.getvalue()
    assert "evidence/2026/01/orphan-from-a-rolled-back-upload" not in s3_storage.keys()
    assert evidence.file.name in s3_storage.keys()


def test_a_backup_from_one_bucket_restores_into_an_empty_one_and_verifies(
        s3_storage, demo_database, tmp_path, settings, s3_endpoint):
    archive = backup_to(tmp_path)
    manifest = json.loads(members(archive)[MANIFEST])
    stored = sorted(name.removeprefix(MEDIA) for name in manifest["files"]
                    if name.startswith(MEDIA))
    assert stored == s3_storage.keys() and stored
    flush_database()
    empty = new_bucket(s3_endpoint)
    settings.STORAGES = {**settings.STORAGES, "default": object_storage(empty.environment)}
    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)
    assert "case(s) intact" in out.getvalue()
    assert empty.keys() == stored
    assert all(empty.read(name) == s3_storage.read(name) for name in stored)
    assert files_under(settings.MEDIA_ROOT) == []
