"""`manage.py backup`: the database and every stored file in one archive, with a manifest.

The database is written with Django's serializer (format `exactjson`), not with a database's own
dump tool: the same archive restores on SQLite and on PostgreSQL, and every row keeps its primary
key, so the hash-chained case events, django-guardian's per-case rights (which point at a content
type and an object by id) and the content types themselves come back exactly as they were.
"""

import hashlib
import io
import json
import os
import posixpath
import tarfile
import tempfile
from collections import defaultdict
from pathlib import Path

from django.core import serializers
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from core.operations.health import PROBE_FOLDER

FORMAT_VERSION = 1
SERIALIZER = "exactjson"
MANIFEST = "manifest.json"
DATABASE = f"database.{SERIALIZER}"
MEDIA = "media/"
# Sessions are not kept: after a restore everyone logs in again.
NOT_BACKED_UP = ["sessions.Session"]


def register_serializer() -> None:
    serializers.register_serializer(SERIALIZER, "core.operations.exact_json")


def applied_migrations() -> dict[str, list[str]]:
    applied = defaultdict(list)
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied[app].append(name)
    return dict(applied)


def _names_under(folder: str):
    directories, files = default_storage.listdir(folder)
    for name in sorted(files):
        yield posixpath.join(folder, name) if folder else name
    for name in sorted(directories):
        if folder or name != PROBE_FOLDER:
            yield from _names_under(posixpath.join(folder, name) if folder else name)


def stored_file_names() -> list[str]:
    """Every file in the media storage (evidence, attachments, issued documents)."""
    try:
        return list(_names_under(""))
    except FileNotFoundError:
        return []


class HashingReader:
    """Passes a file on to the archive while computing its SHA-256."""

    def __init__(self, handle):
        self.handle, self.digest = handle, hashlib.sha256()

    def read(self, size=-1):
        chunk = self.handle.read(size)
        self.digest.update(chunk)
        return chunk


def _add(archive: tarfile.TarFile, name: str, handle, size: int) -> str:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, int(timezone.now().timestamp()), 0o600
    reader = HashingReader(handle)
    archive.addfile(info, reader)
    return reader.digest.hexdigest()


def dump_database(path: Path) -> None:
    """One consistent snapshot: on PostgreSQL every table is read in one repeatable-read
    transaction, so a case written during the backup is in it whole or not at all."""
    register_serializer()
    # Only the first statement of a transaction may set its isolation level; inside a caller's
    # transaction the dump reads what that transaction sees.
    own_snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic():
        if own_snapshot:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        call_command("dumpdata", format=SERIALIZER, all=True, exclude=NOT_BACKED_UP,
                     output=str(path), verbosity=0)


def backup_create(destination: Path) -> dict:
    """Write the archive under a temporary name and rename it when complete, so that a backup
    that failed half-way never looks like a finished one."""
    partial = destination.with_name(f".{destination.name}.partial")
    try:
        manifest = _write_archive(partial)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, destination)
    return manifest


def _write_archive(path: Path) -> dict:
    with tempfile.TemporaryDirectory() as scratch:
        dump = Path(scratch) / DATABASE
        dump_database(dump)
        files = {}
        with tarfile.open(path, "w:gz") as archive:
            with dump.open("rb") as handle:
                files[DATABASE] = _add(archive, DATABASE, handle, dump.stat().st_size)
            for name in stored_file_names():
                with default_storage.open(name, "rb") as handle:
                    files[MEDIA + name] = _add(archive, MEDIA + name, handle,
                                               default_storage.size(name))
            manifest = {"format": FORMAT_VERSION, "created_at": timezone.now().isoformat(),
                        "database_vendor": connection.vendor,
                        "migrations": applied_migrations(), "files": files}
            content = json.dumps(manifest, indent=2, sort_keys=True).encode()
            _add(archive, MANIFEST, io.BytesIO(content), len(content))
    return manifest
