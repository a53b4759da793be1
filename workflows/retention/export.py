"""Subject-access export (GDPR art. 15): one ZIP with everything the system holds about an employee
as the subject of reports, for the HR lead to review and hand over."""

import hashlib
import io
import zipfile
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from incidents.models import Employee
from workflows.access import client_ip, log_access
from workflows.defence.record import record_of
from workflows.defence.selectors import defence_file
from workflows.models import AccessLog, Case
from workflows.retention.models import SubjectAccessExport
from workflows.retention.selectors import ExportScope, export_scope
from workflows.selectors import case_page_data

EXPORT_PERMISSION = "retention.export_subject_data"
EXPORT_NOT_ALLOWED = _("Only an HR lead can export everything held about an employee.")
INDEX_NAME = "index.html"


@dataclass
class ExportedFile:
    """A file in the ZIP; `path` is empty when the stored file could not be read."""

    path: str
    label: str
    recorded_sha256: str
    sha256: str = ""
    content: bytes = b""


def _read(field_file) -> bytes | None:
    try:
        with field_file.open("rb") as handle:
            return handle.read()
    except (FileNotFoundError, OSError):
        return None


def _exported(field_file, path: str, label: str, recorded_sha256: str) -> ExportedFile:
    content = _read(field_file)
    if content is None:
        return ExportedFile(path="", label=label, recorded_sha256=recorded_sha256)
    return ExportedFile(path=path, label=label, recorded_sha256=recorded_sha256,
                        sha256=hashlib.sha256(content).hexdigest(), content=content)


def _evidence_files(case: Case, evidence: list) -> None:
    """Attach each evidence file to its row; stored names are random, the ZIP uses the original."""
    for item in evidence:
        item.exported = None
        if item.file:
            name = get_valid_filename(item.original_name or "") or "evidence"
            item.exported = _exported(item.file, f"{case.reference}/evidence/{item.pk}-{name}",
                                      item.original_name, item.sha256)


def _issued_documents(case: Case) -> list:
    try:
        document_model = apps.get_model("documents", "IssuedDocument")
    except LookupError:
        return []
    documents = list(document_model.objects.filter(case=case).select_related("generated_by"))
    for document in documents:
        document.exported = _exported(
            document.file, f"{case.reference}/documents/{document.download_name}",
            document.title, document.sha256)
    return documents


def _attachment_files(case: Case, attachments: list) -> None:
    for item in attachments:
        name = get_valid_filename(item.original_name or "") or "attachment"
        item.exported = _exported(item.file, f"{case.reference}/attachments/{item.pk}-{name}",
                                  item.original_name, item.sha256)


def _case_section(case: Case) -> dict:
    data = case_page_data(case)
    _evidence_files(case, data["evidence"])
    defence = defence_file(case)
    _attachment_files(case, defence["attachments"])
    return {"case": case, **data, **defence, "documents": _issued_documents(case),
            "criminal_proceedings": list(case.criminal_proceedings.all()),
            "holds": list(case.holds.all()),
            "dismissal_tasks": list(case.dismissal_tasks.select_related("done_by"))}


def _files_of(sections: list[dict]) -> list[ExportedFile]:
    files = []
    for section in sections:
        files += [e.exported for e in section["evidence"] if e.exported]
        files += [a.exported for a in section["attachments"]]
        files += [d.exported for d in section["documents"]]
    return [f for f in files if f.path]


def _record(employee: Employee, scope: ExportScope) -> list:
    """The employee's disciplinary record today, without sanctions of cases left out of the
    export (a restricted case must not show through its decision)."""
    in_scope = {case.pk for case in scope.cases}
    return [entry for entry in record_of(employee, on=timezone.localdate())
            if entry.case is None or entry.case.pk in in_scope]


def _build_zip(*, employee: Employee, user, scope: ExportScope) -> tuple[bytes, int]:
    sections = [_case_section(case) for case in scope.cases]
    files = _files_of(sections)
    index = render_to_string("retention/export_index.html", {
        "employee": employee, "status_history": list(employee.status_history.all()),
        "sections": sections, "scope": scope, "exported_by": user, "exported_at": timezone.now(),
        "record": _record(employee, scope),
    })
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(INDEX_NAME, index)
        for exported in files:
            archive.writestr(exported.path, exported.content)
    return buffer.getvalue(), len(files)


@transaction.atomic
def _log_export(*, employee, user, request, scope: ExportScope, data: bytes, files: int) -> None:
    target = f"subject-access export {employee.personnel_number}"
    for case in scope.cases:
        if request is not None:
            log_access(request=request, case=case, action=AccessLog.Action.EXPORT, target=target)
        else:
            AccessLog.objects.create(user=user, case=case, action=AccessLog.Action.EXPORT,
                                     target=target)
    entry = SubjectAccessExport(
        employee=employee, personnel_number=employee.personnel_number, user=user,
        cases_included=len(scope.cases), cases_withheld=scope.withheld, files_included=files,
        sha256=hashlib.sha256(data).hexdigest(), size=len(data),
        ip_address=client_ip(request) if request is not None else None,
    )
    entry.full_clean()
    entry.save()


def subject_access_export(*, employee: Employee, user, request=None) -> bytes:
    """The ZIP of everything held about `employee` that `user` may see, logged on every case.

    Cases the user may not see (restricted, excluded, about themselves) are left out and counted in
    the index; see `selectors.ExportScope`.
    """
    if not user.has_perm(EXPORT_PERMISSION):
        raise PermissionDenied(EXPORT_NOT_ALLOWED)
    scope = export_scope(user=user, employee=employee)
    data, files = _build_zip(employee=employee, user=user, scope=scope)
    _log_export(employee=employee, user=user, request=request, scope=scope, data=data, files=files)
    return data
