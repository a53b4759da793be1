"""Anchoring the head of every case's history outside the database.

The hash chain proves that no event in the middle was edited or removed, but someone who can write
the database could delete the LAST events of a case and leave a shorter chain that is still
intact. A checkpoint prevents that: `verify_case_history --checkpoint` (cron) writes, for every
case, the number and hash of its last event, signed with an HMAC whose key is only in the
environment (INTEGRITY_CHECKPOINT_KEY), as one line appended to INTEGRITY_CHECKPOINT_FILE and/or
mailed to INTEGRITY_CHECKPOINT_EMAIL. Verification then compares each case with the latest
checkpoint: an event the checkpoint saw that is gone or different means the history was truncated
or rewritten after that checkpoint. Every issued document also prints the head at its issue time.
"""

import hashlib
import hmac
import json
import os
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.models import Case, CaseEvent

NO_KEY = "INTEGRITY_CHECKPOINT_KEY is not set: a checkpoint cannot be signed."
NO_TARGET = ("Neither INTEGRITY_CHECKPOINT_FILE nor INTEGRITY_CHECKPOINT_EMAIL is set: the "
             "checkpoint would go nowhere.")


class CheckpointError(Exception):
    pass


@dataclass(frozen=True)
class Head:
    sequence: int
    hash: str


def case_head(case: Case) -> Head | None:
    """The last event of the case's history (None for a case without events)."""
    last = CaseEvent.objects.filter(case=case).order_by("-sequence").values_list(
        "sequence", "hash").first()
    return Head(*last) if last else None


def all_heads() -> dict[str, dict]:
    last = CaseEvent.objects.filter(case=OuterRef("pk")).order_by("-sequence")
    rows = Case.objects.annotate(
        head_sequence=Subquery(last.values("sequence")[:1]),
        head_hash=Subquery(last.values("hash")[:1]),
    ).exclude(head_hash=None).order_by("reference").values_list(
        "reference", "head_sequence", "head_hash")
    return {reference: {"sequence": sequence, "hash": digest}
            for reference, sequence, digest in rows}


def _signature(body: dict) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"))
    key = settings.INTEGRITY_CHECKPOINT_KEY.encode("utf-8")
    return hmac.new(key, canonical.encode("utf-8"), hashlib.sha256).hexdigest()


def checkpoint_write() -> dict:
    """Sign the heads of every case; append them to the file and mail them."""
    if not settings.INTEGRITY_CHECKPOINT_KEY:
        raise CheckpointError(NO_KEY)
    if not settings.INTEGRITY_CHECKPOINT_FILE and not settings.INTEGRITY_CHECKPOINT_EMAIL:
        raise CheckpointError(NO_TARGET)
    body = {"at": timezone.now().isoformat(), "heads": all_heads()}
    line = json.dumps({**body, "hmac": _signature(body)}, sort_keys=True)
    if settings.INTEGRITY_CHECKPOINT_FILE:
        _append(settings.INTEGRITY_CHECKPOINT_FILE, line)
    if settings.INTEGRITY_CHECKPOINT_EMAIL:
        send_mail(subject=f"Tuchtdossier checkpoint {body['at']}", message=line,
                  from_email=None, recipient_list=settings.INTEGRITY_CHECKPOINT_EMAIL)
    return body


def _append(path: str, line: str) -> None:
    # O_APPEND: earlier checkpoints are never rewritten by this program (make the file append-only
    # for the operating system too, e.g. `chattr +a`).
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(descriptor, "a", encoding="utf-8") as handle:
        handle.write(line + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def latest_checkpoint() -> dict | None:
    """The last checkpoint in the file, its signature checked; None when there is none yet."""
    path = settings.INTEGRITY_CHECKPOINT_FILE
    if not path or not os.path.exists(path) or not settings.INTEGRITY_CHECKPOINT_KEY:
        return None
    with open(path, encoding="utf-8") as handle:
        lines = [line for line in handle.read().splitlines() if line.strip()]
    if not lines:
        return None
    try:
        entry = json.loads(lines[-1])
        body = {"at": entry["at"], "heads": entry["heads"]}
        valid = hmac.compare_digest(_signature(body), entry["hmac"])
    except (ValueError, KeyError, TypeError):
        valid = False
    if not valid:
        raise CheckpointError(_("the latest checkpoint in %(path)s is damaged or its signature "
                                "does not match") % {"path": path})
    return body


def checkpoint_problems(checkpoint: dict, references) -> list[tuple[str, str]]:
    """(case, problem) for every checked case whose history no longer contains its head as the
    checkpoint recorded it."""
    problems = []
    for reference, head in sorted(checkpoint["heads"].items()):
        if references is not None and reference not in references:
            continue
        problem = _compare(reference, head, checkpoint["at"])
        if problem:
            problems.append((reference, problem))
    return problems


def _compare(reference: str, head: dict, at: str) -> str:
    when = {"at": at, "n": head["sequence"]}
    event = CaseEvent.objects.filter(case__reference=reference,
                                     sequence=head["sequence"]).values_list("hash", flat=True)
    if not Case.objects.filter(reference=reference).exists():
        if _purged(reference):
            return ""
        return _("case deleted after checkpoint %(at)s") % when
    if not event:
        return _("history truncated after checkpoint %(at)s: event %(n)s is gone") % when
    if event[0] != head["hash"]:
        return _("history rewritten before checkpoint %(at)s: event %(n)s differs") % when
    return ""


def _purged(reference: str) -> bool:
    """A case removed by the retention purge is logged there; that removal is not tampering."""
    from workflows.retention.models import RetentionLog

    return RetentionLog.objects.filter(reference=reference).exists()
