"""`manage.py backup` and `restore`: a demo database with evidence, attachments and issued
documents comes back whole in an empty database, with its hash chains and file hashes intact."""

import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.db import connection

from core.operations import restore
from core.operations.backup import DATABASE, MANIFEST, MEDIA
from tests.defence.conftest import pdf_upload
from tests.retention.conftest import full_procedure_case, reload
from tests import factories
from workflows.defence.services import attachment_add
from workflows.models import Case, CaseEvent
from workflows.models.access import CaseGroupObjectPermission, CaseUserObjectPermission

pytestmark = pytest.mark.django_db
ROOT = Path(django_settings.BASE_DIR)


@pytest.fixture
def demo_database(settings, hr_user, legal_user, decider_user):
    """The demo data of `make run` and a case taken through the whole disciplinary procedure,
    with evidence, an addendum, an issued PDF and a defence attachment."""
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False
    case = full_procedure_case(hr=hr_user, lead=factories.hr_lead(), legal=legal_user,
                               decider=decider_user)
    attachment_add(case=reload(case), user=hr_user, kind="legal_advice",
                   uploaded=pdf_upload(), document_date=case.incident.knowledge_date)
    return case


def backup_to(folder: Path) -> Path:
    archive = folder / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    return archive


def members(archive: Path) -> dict[str, bytes]:
    with tarfile.open(archive) as opened:
        return {m.name: opened.extractfile(m).read() for m in opened.getmembers() if m.isfile()}


def rewrite(archive: Path, changed: dict[str, bytes]) -> None:
    content = {**members(archive), **changed}
    with tarfile.open(archive, "w:gz") as opened:
        for name, data in content.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            opened.addfile(info, io.BytesIO(data))


def run_manage(environment: dict, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT,
                          env=environment, capture_output=True, text=True, timeout=300)


def manage_environment(database_url: str, media: Path) -> dict:
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    environment.update(DJANGO_SETTINGS_MODULE="config.settings", DJANGO_DEBUG="0",
                       DJANGO_SECRET_KEY="restore-test-" + "k" * 50, DATABASE_URL=database_url,
                       MEDIA_ROOT=str(media), DJANGO_LOG_LEVEL="WARNING")
    return environment


def assert_round_trip(tmp_path: Path, database_url: str) -> None:
    """Back up the test database, restore it into the empty database at `database_url` (another
    process, as an administrator would), back that up again: both archives hold the same rows
    and the same files."""
    original = backup_to(tmp_path)
    environment = manage_environment(database_url, tmp_path / "restored-media")
    for args in (["migrate", "--noinput", "-v0"], ["restore", str(original)],
                 ["backup", str(tmp_path / "again.tar.gz")]):
        result = run_manage(environment, *args)
        assert result.returncode == 0, result.stdout + result.stderr
        if args[0] == "restore":
            assert "case(s) intact" in result.stdout and "problem" not in result.stdout
    first, second = members(original), members(tmp_path / "again.tar.gz")
    first_manifest, second_manifest = json.loads(first[MANIFEST]), json.loads(second[MANIFEST])
    assert first_manifest["files"] == second_manifest["files"]
    assert first[DATABASE] == second[DATABASE]
    # New rows after the restore get fresh ids (PostgreSQL's sequences follow the restored rows).
    environment["DJANGO_SUPERUSER_PASSWORD"] = "Na-Restore-2026!"
    result = run_manage(environment, "createsuperuser", "--noinput", "--username", "admin-new",
                        "--email", "admin@example.org")
    assert result.returncode == 0, result.stderr


def test_backup_holds_the_database_every_stored_file_and_their_hashes(demo_database, tmp_path):
    content = members(backup_to(tmp_path))
    manifest = json.loads(content[MANIFEST])
    stored = {name for name in manifest["files"] if name.startswith(MEDIA)}
    assert {name.split("/")[1] for name in stored} == {"evidence", "documents", "attachments"}
    assert set(content) == set(manifest["files"]) | {MANIFEST}
    rows = json.loads(content[DATABASE])
    labels = {row["model"] for row in rows}
    assert {"workflows.caseevent", "workflows.caseuserobjectpermission",
            "workflows.casegroupobjectpermission", "contenttypes.contenttype",
            "documents.issueddocument", "incidents.evidence"} <= labels
    assert "sessions.session" not in labels
    event = CaseEvent.objects.filter(case=demo_database).order_by("pk").first()
    dumped = next(r for r in rows if r["model"] == "workflows.caseevent" and r["pk"] == event.pk)
    assert dumped["fields"]["created_at"] == event.created_at.isoformat(), "microseconds kept"


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite round trip")
def test_backup_of_a_demo_database_restores_into_an_empty_sqlite_database_and_verifies_clean(
        demo_database, tmp_path):
    assert CaseUserObjectPermission.objects.exists() and CaseGroupObjectPermission.objects.exists()
    assert_round_trip(tmp_path, f"sqlite:///{tmp_path / 'restored.sqlite3'}")


@pytest.fixture
def empty_postgres_database():
    """A new database on the test server, dropped afterwards."""
    import psycopg

    name = f"tucht_restore_{uuid.uuid4().hex[:8]}"
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params["dbname"] = "postgres"
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}").geturl()
    yield url
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
def test_backup_of_a_demo_database_restores_into_an_empty_postgresql_database_and_verifies_clean(
        demo_database, tmp_path, empty_postgres_database):
    assert_round_trip(tmp_path, empty_postgres_database)


def flush_database() -> None:
    """Empty the test database. PostgreSQL refuses to truncate tables with foreign-key checks
    still pending from this test's transaction: run them first, then defer them again as in the
    fresh transaction a real restore runs in."""
    if connection.vendor != "postgresql":
        call_command("flush", interactive=False, verbosity=0)
        return
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        call_command("flush", interactive=False, verbosity=0)
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def empty_the_database_and_storage(settings, tmp_path) -> None:
    flush_database()
    settings.MEDIA_ROOT = tmp_path / "empty-media"


def test_restore_refuses_a_database_that_holds_data_and_changes_nothing(demo_database, tmp_path):
    archive = backup_to(tmp_path)
    events = CaseEvent.objects.count()
    with pytest.raises(CommandError, match="The database is not empty"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert CaseEvent.objects.count() == events and Case.objects.filter(pk=demo_database.pk).exists()


def test_restore_refuses_a_storage_that_holds_files(demo_database, tmp_path, settings):
    archive = backup_to(tmp_path)
    media = settings.MEDIA_ROOT
    flush_database()
    settings.MEDIA_ROOT = media
    with pytest.raises(CommandError, match="media storage already holds"):
        call_command("restore", str(archive), stdout=io.StringIO())


def test_restore_into_an_empty_database_brings_back_cases_rights_and_files(
        demo_database, tmp_path, settings):
    archive = backup_to(tmp_path)
    reference, events = demo_database.reference, CaseEvent.objects.count()
    rights = (CaseUserObjectPermission.objects.count(), CaseGroupObjectPermission.objects.count())
    empty_the_database_and_storage(settings, tmp_path)
    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)
    assert "case(s) intact" in out.getvalue()
    assert CaseEvent.objects.count() == events and rights == (
        CaseUserObjectPermission.objects.count(), CaseGroupObjectPermission.objects.count())
    case = Case.objects.get(reference=reference)
    assert case.incident.evidence.exclude(file="").count() == 2
    assert all(e.file.storage.exists(e.file.name) for e in case.incident.evidence.exclude(file=""))


def test_restore_refuses_an_archive_whose_file_was_altered(demo_database, tmp_path, settings):
    archive = backup_to(tmp_path)
    evidence = next(n for n in members(archive) if n.startswith(MEDIA + "evidence/"))
    rewrite(archive, {evidence: b"another picture"})
    empty_the_database_and_storage(settings, tmp_path)
    with pytest.raises(CommandError, match="does not match its manifest"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert not Case.objects.exists()
    assert restore.stored_file_names() == []


def test_restore_refuses_an_archive_with_a_file_the_manifest_does_not_list(
        demo_database, tmp_path, settings):
    archive = backup_to(tmp_path)
    rewrite(archive, {MEDIA + "evidence/extra.png": b"slipped in"})
    empty_the_database_and_storage(settings, tmp_path)
    with pytest.raises(CommandError, match="missing or unlisted: media/evidence/extra.png"):
        call_command("restore", str(archive), stdout=io.StringIO())


def test_restore_fails_when_the_restored_history_does_not_verify(demo_database, tmp_path, settings):
    """An archive altered together with its manifest passes the manifest check; the case's own
    SHA-256 in the database still catches it, and the command exits non-zero."""
    archive = backup_to(tmp_path)
    content = members(archive)
    evidence = next(n for n in content if n.startswith(MEDIA + "evidence/"))
    manifest = json.loads(content[MANIFEST])
    manifest["files"][evidence] = hashlib.sha256(b"swapped").hexdigest()
    rewrite(archive, {evidence: b"swapped", MANIFEST: json.dumps(manifest).encode()})
    empty_the_database_and_storage(settings, tmp_path)
    out = io.StringIO()
    with pytest.raises(CommandError, match="verify_case_history found problems"):
        call_command("restore", str(archive), stdout=out)
    assert "does not match its SHA-256" in out.getvalue()


def test_restore_refuses_something_that_is_not_a_backup(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "empty-media"
    flush_database()
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="is not a Tuchtdossier backup archive"):
        call_command("restore", str(bogus), stdout=io.StringIO())


def test_backup_never_overwrites_an_existing_archive(tmp_path):
    existing = tmp_path / "backup.tar.gz"
    existing.write_bytes(b"last night's backup")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(existing), stdout=io.StringIO())
    assert existing.read_bytes() == b"last night's backup"


def test_a_freshly_migrated_database_counts_as_empty():
    """If this fails, a new data migration fills a table: add its model to FILLED_BY_MIGRATE."""
    restore.refuse_unless_empty()
