"""Writes on reports: drafts, evidence, submission and addenda."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import roles
from incidents.evidence import check_upload
from incidents.models import (
    PROVISION_REQUIRED,
    PROVISION_WRONG_KIND,
    Addendum,
    DraftUpload,
    Employee,
    Evidence,
    Incident,
    InvolvedPerson,
    Provision,
    ReportLocked,
)

NOT_YOUR_REPORT = gettext_lazy("Only the manager who wrote this report can change it.")
CASE_CLOSED = gettext_lazy("The case is closed: no addenda can be added any more.")
ADDENDUM_EMPTY = gettext_lazy("Write the correction or addition, or add evidence.")
ADDENDUM_ON_DRAFT = gettext_lazy("This report is still a draft: change the draft itself.")
OWN_RECORD_LINK = gettext_lazy(
    "You cannot change which user account belongs to your own staff record, nor link your own "
    "account to another record: ask another HR lead."
)


def check_provisions(*, provisions, communication: str) -> None:
    if not provisions:
        raise ValidationError({"provisions": PROVISION_REQUIRED})
    check_provisions_fit(provisions=provisions, communication=communication)


def check_provisions_fit(*, provisions, communication: str) -> None:
    """Every provision chosen covers the kind of communication (once that kind is chosen)."""
    if not communication:
        return
    allowed = {communication, Provision.Applies.BOTH}
    for provision in provisions:
        if provision.applies_to not in allowed:
            raise ValidationError({"provisions": PROVISION_WRONG_KIND % {
                "provision": f"{provision.article} {provision.text}",
                "communication": Incident(communication=communication).get_communication_display(),
            }})


@transaction.atomic
def incident_save_draft(
    *, reporter, fields: dict, provisions, people: list[dict], incident: Incident | None = None
) -> Incident:
    """Create or update a draft report with whatever is filled in: only format errors are
    refused (a date in the future, a provision that does not fit); the fields a submitted report
    needs are checked by `incident_submit`. Everything is validated before anything is written."""
    if incident is None:
        incident = Incident(reporter=reporter)
    elif incident.reporter_id != reporter.pk:
        raise PermissionDenied(NOT_YOUR_REPORT)
    elif incident.is_submitted:
        raise ReportLocked(_("A submitted report cannot be changed; add an addendum instead."))
    for name, value in fields.items():
        setattr(incident, name, value)
    incident.full_clean()
    check_provisions_fit(provisions=provisions, communication=incident.communication)
    incident.save()
    incident.provisions.set(provisions)
    incident.people.all().delete()
    for person in people:
        InvolvedPerson(incident=incident, **person).full_clean(exclude=["incident"])
        InvolvedPerson.objects.create(incident=incident, **person)
    return incident


@transaction.atomic
def incident_delete_draft(*, incident: Incident, user) -> None:
    """Its author may throw a draft away; nobody else ever saw it. A submitted report is evidence
    and is never deleted (ReportLocked). The stored files go once the deletion commits."""
    if incident.reporter_id != user.pk:
        raise PermissionDenied(NOT_YOUR_REPORT)
    stored = [item.file for item in incident.evidence.exclude(file="")]
    incident.delete()
    for file in stored:
        transaction.on_commit(lambda file=file: file.storage.delete(file.name), robust=True)


def evidence_add_file(*, incident: Incident, uploaded, user, addendum: Addendum | None = None,
                      note: str = "") -> Evidence:
    """Check the file by its content, write it under a random name, then commit its row.

    The file is written before the row commits; a row that never commits leaves an orphan that
    `manage.py clean_orphan_files` removes.
    """
    if incident.is_submitted and addendum is None:
        raise ReportLocked(_("A submitted report cannot be changed; add an addendum instead."))
    checked = check_upload(uploaded)
    evidence = Evidence(
        incident=incident, addendum=addendum, kind=Evidence.Kind.FILE,
        original_name=checked.original_name, content_type=checked.content_type,
        size=checked.size, sha256=checked.sha256, note=note, added_by=user,
    )
    evidence.file.save("upload", File(uploaded), save=False)
    evidence.save()
    return evidence


def evidence_add_url(*, incident: Incident, url: str, captured_at, user,
                     addendum: Addendum | None = None, note: str = "") -> Evidence:
    evidence = Evidence(
        incident=incident, addendum=addendum, kind=Evidence.Kind.URL, url=url,
        captured_at=captured_at, note=note, added_by=user,
    )
    evidence.full_clean(exclude=["file", "incident", "addendum", "added_by"])
    evidence.save()
    return evidence


def draft_upload_keep(*, user, uploaded) -> DraftUpload:
    """Keep a file chosen on a report form that came back with errors, so it is not asked again.
    It is checked by content now, like evidence; it becomes evidence when the report is saved."""
    checked = check_upload(uploaded)
    draft = DraftUpload(owner=user, original_name=checked.original_name,
                        content_type=checked.content_type, size=checked.size,
                        sha256=checked.sha256)
    draft.file.save("upload", File(uploaded), save=False)
    draft.save()
    return draft


@transaction.atomic
def evidence_add_draft_upload(*, incident: Incident, draft: DraftUpload, user) -> Evidence:
    """Turn a kept file into evidence of the report (a copy under evidence/, checked again); the
    kept file goes once that commits."""
    if draft.owner_id != user.pk:
        raise PermissionDenied(NOT_YOUR_REPORT)
    with draft.file.open("rb") as handle:
        evidence = evidence_add_file(incident=incident, user=user,
                                     uploaded=File(handle, name=draft.original_name))
    stored = draft.file
    DraftUpload.objects.filter(pk=draft.pk).delete()
    transaction.on_commit(lambda: stored.storage.delete(stored.name), robust=True)
    return evidence


@transaction.atomic
def incident_submit(*, incident: Incident, user) -> Incident:
    """Submit a draft: it becomes immutable, a case opens for HR, and HR is told by e-mail."""
    from workflows.services.cases import case_open

    if incident.reporter_id != user.pk:
        raise PermissionDenied(NOT_YOUR_REPORT)
    incident.full_clean()
    incident.check_complete()
    check_provisions(provisions=list(incident.provisions.all()),
                     communication=incident.communication)
    now = timezone.now()
    updated = Incident.objects.filter(pk=incident.pk, status=Incident.Status.DRAFT).update(
        status=Incident.Status.SUBMITTED, submitted_at=now
    )
    if not updated:
        raise ReportLocked(_("This report was already submitted."))
    incident.status, incident.submitted_at = Incident.Status.SUBMITTED, now
    case = case_open(incident=incident, actor=user)
    # robust: a mail server that is down is logged; it never undoes or hides the submission.
    transaction.on_commit(lambda: _notify_hr(case), robust=True)
    return incident


def _notify_hr(case) -> None:
    recipients = list(
        get_user_model().objects.filter(groups__name=roles.HR, is_active=True)
        .exclude(email="").values_list("email", flat=True)
    )
    if not recipients:
        return
    send_mail(
        subject=_("New report to triage: %(reference)s") % {"reference": case.reference},
        message=_(
            "A new report about a breach of the social media code was submitted.\n"
            "Open the triage queue: %(path)s"
        ) % {"path": reverse("workflows:case_list") + "?state=reported"},
        from_email=None,
        recipient_list=recipients,
    )


@transaction.atomic
def addendum_add(*, incident: Incident, user, text: str, files=(), urls=()) -> Addendum:
    """Add a dated correction or addition; the report itself is never overwritten."""
    from workflows.events import lock_case, record_event
    from workflows.services.labels import EVENT_LABELS

    if incident.reporter_id != user.pk:
        raise PermissionDenied(NOT_YOUR_REPORT)
    case = getattr(incident, "case", None)
    if case is None:
        raise ValidationError(ADDENDUM_ON_DRAFT)
    if case.is_closed:
        raise ValidationError(CASE_CLOSED)
    if not text.strip() and not files and not urls:
        raise ValidationError(ADDENDUM_EMPTY)
    # Lock the case first: every writer of this report's addenda queues here, so no two
    # addenda get the same number (the unique constraint would otherwise refuse the second).
    lock_case(case)
    last = incident.addenda.order_by("-number").first()
    addendum = Addendum.objects.create(
        incident=incident, author=user, text=text, number=(last.number + 1) if last else 1
    )
    for uploaded in files:
        evidence_add_file(incident=incident, uploaded=uploaded, user=user, addendum=addendum)
    for url in urls:
        evidence_add_url(incident=incident, url=url, captured_at=timezone.now(), user=user,
                         addendum=addendum)
    record_event(case=case, actor=user, kind="addendum_added", label=EVENT_LABELS["addendum_added"],
                 payload={"addendum": addendum.number, "files": len(files), "urls": len(urls)})
    return addendum


def employee_link_check(*, employee, new_user_id, actor) -> None:
    """F1: nobody changes who they are in the staff register. Whoever is linked to a record (or
    would become linked to it) cannot change that record's user account; an unlinked subject
    could otherwise read the case about themselves. `actor` None is the operator's command line."""
    old_user_id = _stored_user_id(employee)
    if actor is None or old_user_id == new_user_id:
        return
    if actor.pk in (old_user_id, new_user_id):
        raise PermissionDenied(OWN_RECORD_LINK)


def _stored_user_id(employee):
    if employee.pk is None:
        return None
    return Employee.objects.filter(pk=employee.pk).values_list("user_id", flat=True).first()


def employee_link_record(*, employee, old_user_id, actor) -> None:
    """Every change of an employee's user account is an event on every case about them (the
    link decides who may not see those cases). Runs in the caller's transaction."""
    if old_user_id == employee.user_id:
        return
    names = dict(get_user_model().objects.filter(pk__in=[old_user_id, employee.user_id])
                 .values_list("pk", "username"))
    _record_link_change(employee, actor, {
        "employee": employee.personnel_number, "from": names.get(old_user_id, ""),
        "to": names.get(employee.user_id, "")})


def employee_link_record_account_deletion(*, user) -> None:
    """Deleting a user account unlinks it from its staff record (SET_NULL): that is a change of
    the link like any other, recorded on every case about the employee before the row goes.
    Runs inside the deletion's transaction (pre_delete); who deleted is not known there."""
    employee = Employee.objects.filter(user=user).first()
    if employee is not None:
        _record_link_change(employee, None, {
            "employee": employee.personnel_number, "from": user.get_username(), "to": "",
            "account_deleted": True})


def _record_link_change(employee, actor, payload: dict) -> None:
    from workflows.events import record_event
    from workflows.models import Case
    from workflows.services.labels import EVENT_LABELS

    for case in Case.objects.filter(incident__employee=employee).order_by("pk"):
        record_event(case=case, actor=actor, kind="employee_link_changed",
                     label=EVENT_LABELS["employee_link_changed"], payload=payload)
