"""Writes on the defence file: attachments, the inspection of the file, counsel, and prior sanctions
entered for the record. Each checks the right, saves and records a hash-chained case event in one
transaction."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from incidents.evidence import check_upload
from workflows.defence.models import (
    PROVES,
    AttachmentKind,
    CaseAttachment,
    Counsel,
    DecisionCitation,
    FileInspection,
    PriorSanction,
    ProvenStep,
)
from workflows.defence.record import case_record
from workflows.events import record_event
from workflows.models import Case, Decision, Hearing, Notification, NotificationMethod
from workflows.models.steps import SANCTIONS_BY_REGIME
from workflows.services.common import not_future
from workflows.services.labels import EVENT_LABELS

ATTACH_NOT_ALLOWED = _("Only HR, legal and the deciding authority of this case can add documents.")
HANDLE_NOT_ALLOWED = _("Only the HR handlers of this case can record this.")
CASE_CLOSED = _("The case is closed.")
HEARING_REQUIRED = _("Choose the hearing this document proves.")
NOTIFICATION_REQUIRED = _("Choose the notification this document proves.")
NO_STEP_FOR_KIND = _("This kind of document proves no particular step: leave hearing and "
                     "notification empty.")
WRONG_METHOD = _("This notification was not sent by %(method)s: this document cannot prove it.")
TRACKING_REQUIRED = _("Give the track-and-trace number of the registered letter.")
ATTENDED_WITHOUT_HEARING = _("Choose the hearing the counsel attended.")
SANCTION_NOT_IN_REGIME = _("This sanction does not exist in the employee's legal regime.")
CITATION_ERASED = _("A sanction that is erased (or not on the record at the date of the facts) "
                    "cannot be cited.")

HANDLE = "workflows.handle_case"
ATTACH_PERMISSIONS = ("workflows.handle_case", "workflows.review_case", "workflows.decide_case")
# The notification method each proof of sending belongs to.
PROOF_METHOD = {
    AttachmentKind.MAIL_RECEIPT: NotificationMethod.REGISTERED_LETTER,
    AttachmentKind.BAILIFF_WRIT: NotificationMethod.BAILIFF,
}


def may_attach(user, case: Case) -> bool:
    return any(user.has_perm(p, case) or user.has_perm(p) for p in ATTACH_PERMISSIONS)


def _require_handler(user, case: Case) -> None:
    if not (user.has_perm(HANDLE, case) or user.has_perm(HANDLE)):
        raise PermissionDenied(HANDLE_NOT_ALLOWED)


def check_proven_step(*, kind: str, hearing: Hearing | None,
                      notification: Notification | None) -> None:
    """Tie each kind of document to the step it proves (a receipt to its notification, signed
    minutes to the hearing), so the file shows what each piece is evidence of."""
    step = PROVES.get(kind)
    if step is None and (hearing or notification):
        raise ValidationError(NO_STEP_FOR_KIND)
    if step == ProvenStep.HEARING and hearing is None:
        raise ValidationError({"hearing": HEARING_REQUIRED})
    if step == ProvenStep.NOTIFICATION:
        if notification is None:
            raise ValidationError({"notification": NOTIFICATION_REQUIRED})
        method = PROOF_METHOD[kind]
        if notification.method != method:
            raise ValidationError({"notification": WRONG_METHOD % {"method": method.label}})


def _attachment_payload(attachment: CaseAttachment) -> dict:
    return {
        "attachment": attachment.pk, "kind": attachment.kind, "sha256": attachment.sha256,
        "size": attachment.size, "content_type": attachment.content_type,
        "original_name": attachment.original_name, "document_date": attachment.document_date,
        "hearing": attachment.hearing_id, "notification": attachment.notification_id,
        "track_and_trace": attachment.track_and_trace,
    }


@transaction.atomic
def attachment_add(*, case: Case, user, kind: str, uploaded, document_date: date,
                   hearing: Hearing | None = None, notification: Notification | None = None,
                   track_and_trace: str = "", note: str = "") -> CaseAttachment:
    """Check the file by its content (as the report's evidence), store it under a random name and
    write its SHA-256 into the case's event chain."""
    if not may_attach(user, case):
        raise PermissionDenied(ATTACH_NOT_ALLOWED)
    not_future(document_date, "document_date")
    check_proven_step(kind=kind, hearing=hearing, notification=notification)
    if kind == AttachmentKind.MAIL_RECEIPT and not track_and_trace.strip():
        raise ValidationError({"track_and_trace": TRACKING_REQUIRED})
    try:
        checked = check_upload(uploaded)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    attachment = CaseAttachment(
        case=case, kind=kind, hearing=hearing, notification=notification,
        document_date=document_date, track_and_trace=track_and_trace.strip(), note=note,
        original_name=checked.original_name, content_type=checked.content_type,
        size=checked.size, sha256=checked.sha256, added_by=user,
    )
    attachment.file.save("upload", File(uploaded), save=False)
    attachment.save()
    record_event(case=case, actor=user, kind="attachment_added",
                 label=EVENT_LABELS["attachment_added"], note=note,
                 payload=_attachment_payload(attachment))
    return attachment


@transaction.atomic
def inspection_record(*, case: Case, user, inspected_on: date, place: str,
                      pieces: str) -> FileInspection:
    _require_handler(user, case)
    not_future(inspected_on, "inspected_on")
    inspection = FileInspection.objects.create(case=case, inspected_on=inspected_on, place=place,
                                               pieces=pieces, recorded_by=user)
    record_event(case=case, actor=user, kind="inspection_recorded",
                 label=EVENT_LABELS["inspection_recorded"], note=pieces,
                 payload={"inspected_on": inspected_on, "place": place})
    return inspection


@transaction.atomic
def counsel_record(*, case: Case, user, name: str, capacity: str, hearing: Hearing | None,
                   attended: bool) -> Counsel:
    _require_handler(user, case)
    if attended and hearing is None:
        raise ValidationError({"hearing": ATTENDED_WITHOUT_HEARING})
    counsel = Counsel.objects.create(case=case, name=name, capacity=capacity, hearing=hearing,
                                     attended=attended, recorded_by=user)
    record_event(case=case, actor=user, kind="counsel_recorded",
                 label=EVENT_LABELS["counsel_recorded"],
                 payload={"name": name, "capacity": capacity, "hearing": hearing and hearing.pk,
                          "attended": attended})
    return counsel


@transaction.atomic
def prior_sanction_enter(*, case: Case, user, sanction: str, decided_on: date, authority: str,
                         reference: str = "") -> PriorSanction:
    """A sanction imposed before this system, entered for the record of the case's employee."""
    _require_handler(user, case)
    not_future(decided_on, "decided_on")
    if sanction not in SANCTIONS_BY_REGIME.get(case.regime, []):
        raise ValidationError({"sanction": SANCTION_NOT_IN_REGIME})
    entry = PriorSanction.objects.create(
        employee=case.employee, regime=case.regime, sanction=sanction, decided_on=decided_on,
        authority=authority, reference=reference, entered_by=user)
    record_event(case=case, actor=user, kind="prior_sanction_entered",
                 label=EVENT_LABELS["prior_sanction_entered"],
                 payload={"entry": entry.pk, "sanction": sanction, "decided_on": decided_on,
                          "reference": reference})
    return entry


def check_citations(*, case: Case, keys) -> None:
    """Only live sanctions on the record at the date of the facts may be cited."""
    live = {entry.key for entry in case_record(case) if not entry.erased}
    if not set(keys) <= live:
        raise ValidationError({"cited_sanctions": CITATION_ERASED})


def decision_cite(*, decision: Decision, keys) -> None:
    """Runs inside the decision's transaction, after check_citations."""
    for key in keys:
        field = "cited_decision_id" if key.startswith("d") else "cited_entry_id"
        DecisionCitation.objects.create(decision=decision, **{field: int(key[1:])})
