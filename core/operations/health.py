"""The load balancer's health check: can this instance serve requests right now?

Answers without a login, sets no cookie and says nothing about cases: only which check failed.
The reason of a failure goes to the log, where the request id ties it to this request.
"""

import logging
import uuid

from django.contrib.auth.decorators import login_not_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)
PROBE_FOLDER = "health"
PROBE_CONTENT = b"tuchtdossier health probe"


def database_answers() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def storage_round_trip() -> None:
    """Write, read back and delete a probe file through the same storage as the evidence."""
    name = default_storage.save(f"{PROBE_FOLDER}/probe-{uuid.uuid4().hex}",
                                ContentFile(PROBE_CONTENT))
    try:
        with default_storage.open(name, "rb") as handle:
            if handle.read() != PROBE_CONTENT:
                raise OSError("the probe read back differs from what was written")
    finally:
        default_storage.delete(name)


def migrations_applied() -> None:
    """An instance running code whose migrations are not applied would fail on its first query
    of a new column: take it out of the pool until `migrate` has run."""
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        raise RuntimeError(f"{len(pending)} migration(s) not applied")


CHECKS = {"database": database_answers, "storage": storage_round_trip,
          "migrations": migrations_applied}


def run_checks() -> dict[str, str]:
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
            results[name] = "ok"
        except Exception:  # noqa: BLE001 - any failure means "unhealthy", the log keeps the reason
            logger.exception("Health check %s failed", name)
            results[name] = "failed"
    return results


@login_not_required
@never_cache
@require_GET
def health(request):
    results = run_checks()
    failed = sorted(name for name, outcome in results.items() if outcome != "ok")
    body = {"status": "failed" if failed else "ok", "checks": results}
    if failed:
        body["failed"] = failed
    return JsonResponse(body, status=503 if failed else 200)
