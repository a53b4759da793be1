"""`manage.py restore`: put a backup back into an empty, migrated database and empty storage.

Nothing is overwritten: a database that already holds the organisation's data, or a storage that
already holds files, is refused. The archive is checked against its manifest before anything is
written; the rows and the files are written in one transaction (files written are removed again
if it fails); and afterwards the cases' hash chains and file hashes are verified.
"""

import hashlib
import json
import tarfile
from pathlib import Path

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import transaction

from core.operations.backup import (
    DATABASE,
    FORMAT_VERSION,
    MANIFEST,
    MEDIA,
    applied_migrations,
    register_serializer,
    stored_file_names,
)

# What `migrate` itself writes into a new database: a database with rows in these tables only
# is still empty. A new data migration adds its model here (a test says so).
FILLED_BY_MIGRATE = {
    "contenttypes.ContentType", "auth.Permission", "auth.Group", "auth.Group_permissions",
    "incidents.CodeVersion", "incidents.Provision", "workflows.DeadlineRule",
    "workflows.SanctionRule", "workflows.CompetenceRule", "workflows.Remedy",
    "workflows.SuspensionRule", "workflows.NotificationRule",
    "retention.RetentionPolicy", "defence.HoldBasis",
}
NOT_AN_ARCHIVE = "{source} is not a Tuchtdossier backup archive: {error}"
TAMPERED = "The archive does not match its manifest ({detail}); nothing was restored."
NOT_EMPTY_DATABASE = ("The database is not empty ({tables}): restore only writes into a new, "
                      "migrated database. Nothing was restored.")
NOT_EMPTY_STORAGE = ("The media storage already holds {count} file(s): restore only writes into "
                     "an empty storage. Nothing was restored.")
OTHER_SCHEMA = ("The backup was made with other migrations than this database has ({detail}): "
                "restore with the version of Tuchtdossier that made the backup, then migrate. "
                "Nothing was restored.")
NOT_VERIFIED = "Restored, but verify_case_history found problems (listed above)."


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def unpack(source: Path, folder: Path) -> dict:
    """Extract the archive (regular files only, never outside `folder`) and check every file
    against the manifest's SHA-256; nothing may be missing or added."""
    try:
        with tarfile.open(source, "r:*") as archive:
            if any(not (member.isfile() or member.isdir()) for member in archive.getmembers()):
                raise CommandError(TAMPERED.format(detail="it holds links or devices"))
            archive.extractall(folder, filter="data")
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, tarfile.TarError, ValueError) as error:
        raise CommandError(NOT_AN_ARCHIVE.format(source=source, error=error)) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_VERSION:
        raise CommandError(NOT_AN_ARCHIVE.format(source=source, error="unknown manifest format"))
    _check_files(folder, manifest.get("files") or {})
    return manifest


def _check_files(folder: Path, listed: dict) -> None:
    present = {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}
    present.discard(MANIFEST)
    if DATABASE not in listed:
        raise CommandError(TAMPERED.format(detail="no database dump"))
    if present != set(listed):
        odd = sorted(present.symmetric_difference(listed))
        raise CommandError(TAMPERED.format(detail=f"missing or unlisted: {', '.join(odd[:5])}"))
    for name, expected in sorted(listed.items()):
        if sha256_of(folder / name) != expected:
            raise CommandError(TAMPERED.format(detail=f"{name} does not match its SHA-256"))


def refuse_unless_empty() -> None:
    filled = [model._meta.label for model in apps.get_models(include_auto_created=True)
              if model._meta.label not in FILLED_BY_MIGRATE and model._meta.managed
              and model._base_manager.exists()]
    if filled:
        raise CommandError(NOT_EMPTY_DATABASE.format(tables=", ".join(sorted(filled)[:5])))
    files = stored_file_names()
    if files:
        raise CommandError(NOT_EMPTY_STORAGE.format(count=len(files)))


def refuse_other_schema(manifest: dict) -> None:
    here, there = applied_migrations(), manifest.get("migrations") or {}
    differ = sorted(app for app in set(here) | set(there) if here.get(app) != there.get(app))
    if differ:
        raise CommandError(OTHER_SCHEMA.format(detail=f"apps {', '.join(differ)}"))


def load(folder: Path, manifest: dict) -> int:
    """Replace what `migrate` wrote by the backup's rows (same primary keys) and write the files."""
    register_serializer()
    written = []
    try:
        with transaction.atomic():
            call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
            call_command("loaddata", str(folder / DATABASE), verbosity=0)
            for name in sorted(manifest["files"]):
                if name.startswith(MEDIA):
                    written.append(_put_file(folder / name, name.removeprefix(MEDIA)))
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise
    finally:
        ContentType.objects.clear_cache()
    return len(written)


def _put_file(path: Path, name: str) -> str:
    with path.open("rb") as handle:
        stored = default_storage.save(name, File(handle, name=name))
    if stored != name:
        default_storage.delete(stored)
        raise CommandError(TAMPERED.format(detail=f"{name} could not be stored under its name"))
    return stored


def verify(stdout) -> None:
    try:
        call_command("verify_case_history", stdout=stdout, stderr=stdout)
    except SystemExit as exit_:
        if exit_.code:
            raise CommandError(NOT_VERIFIED) from None
