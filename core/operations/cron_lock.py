"""One run at a time of a cron job, even when every application server's timer starts it.

On PostgreSQL a session-level advisory lock: every server shares the database, and the lock goes
away with the connection if the process dies. On SQLite (a single server) an exclusive `flock` on a
file next to the database, also released by the kernel when the process dies. A run that finds the
lock taken stops quietly: the other run does the work, so no mail is sent twice and no case is
purged twice. A daily job (`once_a_day`) also records its finished run: the timers of two servers
are a second or two apart, and a run that starts after the other one ended must not mail again.
"""

import fcntl
import hashlib
import os
import tempfile
from contextlib import contextmanager
from functools import partial, wraps
from pathlib import Path

from django.db import connection
from django.utils import timezone


def advisory_key(name: str) -> int:
    """A stable signed 64-bit key for pg_try_advisory_lock (Python's hash() differs per process)."""
    return int.from_bytes(hashlib.sha256(f"tuchtdossier:{name}".encode()).digest()[:8], "big",
                          signed=True)


@contextmanager
def _postgres_lock(name: str):
    key = advisory_key(name)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        acquired = cursor.fetchone()[0]
    try:
        yield acquired
    finally:
        if acquired:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


def lock_path(name: str) -> Path:
    """Next to the SQLite file, which only processes of this machine can open. An in-memory
    database belongs to one process, so its lock only has to exclude that process's threads."""
    if connection.is_in_memory_db():
        return Path(tempfile.gettempdir()) / f"tuchtdossier-{os.getpid()}-{name}.lock"
    database = Path(connection.settings_dict["NAME"]).resolve()
    return database.parent / f".{database.name}.{name}.lock"


@contextmanager
def _file_lock(name: str):
    path = lock_path(name)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)


def single_run(name: str):
    """The lock of the job `name`: yields True to the one run that holds it, False to the others."""
    return _postgres_lock(name) if connection.vendor == "postgresql" else _file_lock(name)


def runs_alone(handle=None, *, only_with: str | None = None, once_a_day: bool = False):
    """Decorates a management command's `handle`: a second run started while the first is still
    busy writes one line and exits with status 0, so the timer does not report a failure. With
    `only_with`, only runs given that option take the lock (the others only read). With
    `once_a_day`, a run on a day the job already finished stops the same way."""
    if handle is None:
        return partial(runs_alone, only_with=only_with, once_a_day=once_a_day)

    @wraps(handle)
    def locked_handle(command, *args, **options):
        if only_with and not options.get(only_with):
            return handle(command, *args, **options)
        name = command.__module__.rsplit(".", 1)[-1]
        with single_run(name) as acquired:
            if not acquired:
                command.stdout.write(f"{name} is already running elsewhere; this run stops.")
                return None
            if not once_a_day:
                return handle(command, *args, **options)
            return _daily_run(name, handle, command, *args, **options)

    return locked_handle


def _daily_run(name: str, handle, command, *args, **options):
    from core.models import JobRun

    today = timezone.localdate()
    if JobRun.objects.filter(job=name, day=today).exists():
        command.stdout.write(f"{name} already ran today ({today:%d/%m/%Y}); this run stops.")
        return None
    result = handle(command, *args, **options)
    # Only a run that ended records the day: one that failed half-way may be run again.
    JobRun.objects.get_or_create(job=name, day=today)
    return result
