"""The one place where a case's history is deleted. Only `services.case_purge` calls it.

Case events, legal opinions, the access log and issued documents are append-only on purpose: their
managers refuse `delete()` so that no view, admin action or slip of code can rewrite the record of a
procedure. At the end of the retention period that rule yields to GDPR storage limitation (art.
5(1)(e) GDPR): personal data may not be kept longer than needed. This module therefore deletes
through plain `models.QuerySet(model=...)` querysets, which do not carry the append-only checks,
and it refuses to run outside the caller's transaction, so the purge, its log entry and the check
for a legal hold commit together or not at all.
"""

import logging
from collections import Counter
from dataclasses import dataclass

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import Storage
from django.db import models, transaction
from guardian.models import GroupObjectPermission, UserObjectPermission

from incidents.models import Addendum, Evidence, Incident, InvolvedPerson
from workflows.models import AccessLog, Case, CaseEvent, LegalOpinion
from workflows.statistics.consistency import comparison_release_recount

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoredFile:
    storage: Storage
    name: str


def _rows(model) -> models.QuerySet:
    # Deliberately not `model.objects`: see the module docstring.
    return models.QuerySet(model=model)


def _issued_document_model():
    try:
        return apps.get_model("documents", "IssuedDocument")
    except LookupError:
        return None


def _defence_models() -> list:
    try:
        return [apps.get_model("defence", name)
                for name in ("Counsel", "FileInspection", "CaseAttachment")]
    except LookupError:
        return []


def _protected_by_case() -> list:
    """Rows that point at the case with PROTECT, deleted before the case itself."""
    document = _issued_document_model()
    models_ = [document, *_defence_models(), CaseEvent, LegalOpinion, AccessLog]
    return [m for m in models_ if m is not None]


def case_files(case: Case) -> list[StoredFile]:
    evidence = Evidence.objects.filter(incident_id=case.incident_id).exclude(file="")
    files = [StoredFile(e.file.storage, e.file.name) for e in evidence]
    document = _issued_document_model()
    if document is not None:
        files += [StoredFile(d.file.storage, d.file.name)
                  for d in _rows(document).filter(case=case).exclude(file="")]
        copies = apps.get_model("documents", "SignedCopy")
        files += [StoredFile(c.file.storage, c.file.name)
                  for c in _rows(copies).filter(document__case=case).exclude(file="")]
    attachments = [m for m in _defence_models() if m._meta.model_name == "caseattachment"]
    for model in attachments:
        files += [StoredFile(a.file.storage, a.file.name)
                  for a in _rows(model).filter(case=case).exclude(file="")]
    return files


def _pks(model, incident_id: int) -> list[int]:
    return list(model.objects.filter(incident_id=incident_id).values_list("pk", flat=True))


def _admin_log_rows(case: Case) -> models.QuerySet:
    """The admin's own history names the objects it touched (an incident's title names the
    employee)."""
    targets = {
        Case: [case.pk],
        Incident: [case.incident_id],
        Evidence: _pks(Evidence, case.incident_id),
        Addendum: _pks(Addendum, case.incident_id),
        InvolvedPerson: _pks(InvolvedPerson, case.incident_id),
    }
    query = models.Q(pk__in=[])
    for model, pks in targets.items():
        content_type = ContentType.objects.get_for_model(model)
        query |= models.Q(content_type=content_type, object_id__in=[str(pk) for pk in pks])
    return LogEntry.objects.filter(query)


def _generic_permission_rows(case: Case) -> list[models.QuerySet]:
    """django-guardian's generic tables, in case a right was ever stored there for this case."""
    content_type = ContentType.objects.get_for_model(Case)
    return [
        model.objects.filter(content_type=content_type, object_pk=str(case.pk))
        for model in (UserObjectPermission, GroupObjectPermission)
    ]


def purge_case_rows(case: Case) -> dict[str, int]:
    """Delete every row of the case and of its report; return the count per model.

    The case's deadlines, hearings, decisions, notifications, appeals, suspensions, review
    requests, exclusions and object-permission rows go with the case (CASCADE); the report's
    people, addenda and evidence rows go with the report. Files are not touched here: the caller
    removes them once the transaction has committed.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("purge_case_rows must run inside the purge's transaction")
    removed: Counter = Counter()
    provision_ids = list(case.provisions.values_list("pk", flat=True))
    steps = [_admin_log_rows(case), *_generic_permission_rows(case)]
    steps += [_rows(model).filter(case=case) for model in _protected_by_case()]
    steps += [_rows(Case).filter(pk=case.pk), _rows(Incident).filter(pk=case.incident_id)]
    for queryset in steps:
        _count, per_model = queryset.delete()
        removed.update(per_model)
    # The consistency panel's published figures counted this case: they lose it now.
    comparison_release_recount(case=case, provision_ids=provision_ids)
    return {label: count for label, count in sorted(removed.items()) if count}


def delete_files(files: list[StoredFile]) -> None:
    """Remove the files of a purged case; run by `transaction.on_commit`, never before."""
    for stored in files:
        try:
            stored.storage.delete(stored.name)
        except OSError:
            # The rows are gone and cannot come back: the file is now an orphan, which
            # `manage.py clean_orphan_files` removes on its next run.
            logger.exception("Could not delete %s after a retention purge", stored.name)
