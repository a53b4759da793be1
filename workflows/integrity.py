"""Checking that a case's history, the content it sealed, its evidence and its issued documents
were not altered. `verify_case_history` runs `check_case` on every case; the sealed content is
described in workflows/sealing.py, the checkpoints of each chain's head in
workflows/checkpoints.py."""

import hashlib
from dataclasses import dataclass

from django.apps import apps
from django.utils.translation import gettext as _

from workflows.models import Case, CaseEvent
from workflows.sealing import ContentProblem, content_problems


@dataclass(frozen=True)
class Finding:
    case: str
    problem: str


def file_sha256(field_file) -> str | None:
    """The SHA-256 of a stored file, or None when it is missing."""
    digest = hashlib.sha256()
    try:
        with field_file.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except (FileNotFoundError, OSError, ValueError):
        return None
    return digest.hexdigest()


def broken_event(case: Case, events=None) -> CaseEvent | None:
    """The first event whose hash or link to the previous event does not match, if any; `events`
    are the case's events in sequence order when the caller has read them already."""
    if events is None:
        events = CaseEvent.objects.filter(case=case).order_by("sequence").iterator()
    previous_hash = ""
    expected_sequence = 1
    for event in events:
        if (event.sequence != expected_sequence or event.previous_hash != previous_hash
                or event.hash != event.compute_hash()):
            return event
        previous_hash = event.hash
        expected_sequence += 1
    return None


def chain_is_intact(case: Case, events=None) -> bool:
    return broken_event(case, events) is None


def check_case(case: Case) -> list[Finding]:
    findings = []
    event = broken_event(case)
    if event is not None:
        findings.append(Finding(case.reference, _("history altered from event %(n)s (%(kind)s)") % {
            "n": event.sequence, "kind": event.kind}))
    for evidence in case.incident.evidence.exclude(file=""):
        actual = file_sha256(evidence.file)
        if actual != evidence.sha256:
            findings.append(Finding(case.reference, _(
                "evidence “%(name)s” is missing or does not match its SHA-256") % {
                "name": evidence.original_name}))
    findings.extend(_document_findings(case))
    findings.extend(_content_findings(case))
    findings.extend(_attachment_findings(case))
    return findings


def _attachment_findings(case: Case) -> list[Finding]:
    """Each attachment's file must match its SHA-256, and that SHA-256 must be the one its event
    wrote into the hash chain (so neither the file nor the row can be swapped)."""
    if not apps.is_installed("workflows.defence"):
        return []
    chained = {event.payload.get("attachment"): event.payload.get("sha256")
               for event in case.events.filter(kind="attachment_added")}
    findings = []
    for attachment in case.attachments.all():
        if (file_sha256(attachment.file) != attachment.sha256
                or chained.get(attachment.pk) != attachment.sha256):
            findings.append(Finding(case.reference, _(
                "attachment “%(name)s” is missing or does not match its SHA-256") % {
                "name": attachment.original_name}))
    return findings


def _document_findings(case: Case) -> list[Finding]:
    if not apps.is_installed("workflows.documents"):
        return []
    issued = _issued_hashes(case)
    findings = []
    for document in case.documents.all():
        name = {"kind": document.get_kind_display(), "version": document.version}
        if file_sha256(document.file) != document.sha256:
            findings.append(Finding(case.reference, _(
                "issued document %(kind)s v%(version)s is missing or does not match its SHA-256")
                % name))
        if issued.get(document.pk, document.sha256) != document.sha256:
            findings.append(Finding(case.reference, _(
                "issued document %(kind)s v%(version)s does not have the SHA-256 its "
                "“document issued” event recorded") % name))
    return findings


def _issued_hashes(case: Case) -> dict:
    """The SHA-256 each `document_issued` event recorded, by document id (also for events written
    before content sealing existed)."""
    payloads = CaseEvent.objects.filter(case=case, kind="document_issued").values_list(
        "payload", flat=True)
    return {p["document"]: p["sha256"] for p in payloads if "document" in p and "sha256" in p}


def _content_findings(case: Case) -> list[Finding]:
    payloads = CaseEvent.objects.filter(case=case).order_by("sequence").values_list(
        "payload", flat=True)
    return [Finding(case.reference, describe(problem)) for problem in
            content_problems(case.pk, payloads)]


def describe(problem: ContentProblem) -> str:
    label, pk = problem.key.split(":")
    model = apps.get_model(label)
    what = f"{model._meta.verbose_name} #{pk} ({problem.key})"
    if problem.kind == "deleted":
        return _("%(what)s was deleted outside the application") % {"what": what}
    if problem.kind == "unsealed":
        return _("%(what)s is not recorded in the history") % {"what": what}
    field = model._meta.get_field(problem.field)
    return _("%(what)s: field “%(field)s” (%(name)s) was changed after it was sealed") % {
        "what": what, "field": field.verbose_name, "name": problem.field}
