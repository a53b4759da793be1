"""`manage.py clean_orphan_files`: stored evidence and issued documents that no row points to are
removed once they are older than the grace period; everything a row points to, everything young
enough to belong to an upload still committing, and everything outside the two folders stays."""

import hashlib
import os
import time
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.security.conftest import pdf_bytes, png_bytes, upload
from workflows.management.commands import clean_orphan_files

pytestmark = pytest.mark.django_db
HOUR = 3600


def write(root: Path, name: str, content: bytes = b"x", *, age: int = 2 * HOUR) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    stamp = time.time() - age
    os.utime(path, (stamp, stamp))
    return path


def clean(*args) -> str:
    out = StringIO()
    call_command("clean_orphan_files", *args, stdout=out)
    return out.getvalue()


def issued_document(case, user):
    IssuedDocument = apps.get_model("documents", "IssuedDocument")
    content = pdf_bytes()
    return IssuedDocument.objects.create(
        case=case, kind="incident_report", version=1, title="Verslag", content="Verslag",
        file=ContentFile(content, name="verslag.pdf"), sha256=hashlib.sha256(content).hexdigest(),
        size=len(content), generated_by=user)


@pytest.fixture
def media(settings):
    root = Path(settings.MEDIA_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    return root


@pytest.fixture
def stored(world, media):
    """A case with its evidence and an issued document, all old; and orphans around them."""
    case = world.reported()
    evidence = case.incident.evidence.get()
    document = issued_document(case, world.hr)
    for field_file in (evidence.file, document.file):
        stamp = time.time() - 2 * HOUR
        os.utime(field_file.path, (stamp, stamp))
    return {
        "evidence": Path(evidence.file.path), "document": Path(document.file.path),
        "old evidence orphan": write(media, "evidence/2026/01/0123456789abcdef"),
        "old document orphan": write(media, "documents/fedcba9876543210.pdf"),
        "young evidence orphan": write(media, "evidence/2026/11/upload-in-flight", age=60),
        "outside the folders": write(media, "other/notes.txt"),
        "at the media root": write(media, "readme.txt"),
    }


class TestCleanOrphanFiles:
    def test_old_orphans_are_removed_and_named(self, stored, media):
        output = clean()
        assert not stored["old evidence orphan"].exists()
        assert not stored["old document orphan"].exists()
        assert "Removed evidence/2026/01/0123456789abcdef" in output
        assert "Removed documents/fedcba9876543210.pdf" in output
        assert "2 orphan file(s) removed" in output

    def test_referenced_young_and_outside_files_stay(self, stored):
        clean()
        for name in ("evidence", "document", "young evidence orphan", "outside the folders",
                     "at the media root"):
            assert stored[name].exists(), name

    def test_dry_run_lists_without_removing(self, stored):
        output = clean("--dry-run")
        assert "Would remove evidence/2026/01/0123456789abcdef" in output
        assert "dry run: nothing removed" in output
        assert all(path.exists() for path in stored.values())

    def test_the_grace_period_can_be_shortened(self, stored):
        output = clean("--min-age-minutes", "0")
        assert not stored["young evidence orphan"].exists()
        assert stored["evidence"].exists() and stored["document"].exists()
        assert "3 orphan file(s) removed" in output

    def test_a_negative_grace_period_is_refused(self, stored):
        with pytest.raises(CommandError):
            clean("--min-age-minutes", "-5")
        assert stored["old evidence orphan"].exists()

    def test_symbolic_links_are_neither_followed_nor_removed(self, stored, media, tmp_path):
        precious = write(tmp_path, "outside-media/precious.txt")
        (media / "evidence" / "link-to-dir").symlink_to(precious.parent, target_is_directory=True)
        (media / "evidence" / "link-to-file").symlink_to(precious)
        clean("--min-age-minutes", "0")
        assert precious.exists()
        assert (media / "evidence" / "link-to-file").is_symlink()

    def test_nothing_to_do_on_an_empty_media_folder(self, media):
        assert "0 orphan file(s) removed" in clean()

    def test_without_the_documents_app_its_folder_is_left_alone(self, stored, monkeypatch):
        real = clean_orphan_files.installed_model
        monkeypatch.setattr(clean_orphan_files, "installed_model",
                            lambda label: None if label.startswith("documents.") else real(label))
        output = clean()
        assert stored["old document orphan"].exists()
        assert "Skipped documents/" in output
        assert not stored["old evidence orphan"].exists()


def test_a_file_left_by_a_rolled_back_upload_is_removed_after_the_grace_period(
        world, client, media):
    """The real case: a good file is written, the next one is refused, the addendum's transaction
    rolls back, and the good file is left without a row."""
    case = world.reported()
    before = set(media.rglob("*"))
    client.force_login(world.manager)
    response = client.post(reverse("incidents:addendum_create", args=[case.incident_id]), {
        "text": "Twee bestanden.",
        "files": [upload("goed.png", png_bytes()), upload("slecht.png", pdf_bytes())]})
    assert response.status_code == 400  # the form again, with the typed text (F4)
    assert case.incident.addenda.count() == 0
    left = [p for p in set(media.rglob("*")) - before if p.is_file()]
    assert left, "the refused addendum left no file behind: nothing to clean"
    assert "0 orphan file(s) removed" in clean()
    for path in left:
        os.utime(path, (time.time() - 2 * HOUR,) * 2)
    clean()
    assert not any(path.exists() for path in left)
    assert Path(case.incident.evidence.get().file.path).exists()
