"""Issuing documents and marking them as sent or superseded. Each service checks the right,
writes, and appends the case event in one transaction."""

import hashlib
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflows.documents.builders import LETTERS
from workflows.documents.checks import issue_problems, sending_problems
from workflows.documents.models import Delivery, IssuedDocument, SignedCopy
from workflows.documents.render import render_document
from workflows.documents.seal import check_signatures
from workflows.documents.selectors import document_available, latest_document, user_may_issue
from workflows.events import lock_case, record_event
from workflows.models import Case, NotificationMethod
from workflows.models.steps import VALID_REASON_METHODS
from workflows.services.labels import EVENT_LABELS
from workflows.services.steps import INVALID_REASON_METHOD

NOT_ALLOWED = _("You do not have the right to issue or change the documents of this case.")
NOT_AVAILABLE = _("This document cannot be drawn up yet: the case does not contain what it needs.")
ALREADY_SENT = _(
    "Version %(version)s of this document was sent: it cannot be replaced. Supersede it first, "
    "with a written reason."
)
ALREADY_MARKED_SENT = _("This document is already marked as sent.")
IS_SUPERSEDED = _("This document was superseded; it can no longer be changed.")
SENT_BEFORE_ISSUED = _("A document cannot have been sent before it was issued.")
SENT_IN_FUTURE = _("The date sent cannot be in the future.")
UNKNOWN_METHOD = _("Choose how the document was sent.")
REASON_REQUIRED = _("Write why this document is superseded.")
DELIVERY_REQUIRED = _("Choose how this letter will be delivered: it is printed above the address.")
UNKNOWN_DELIVERY = _("Choose one of the delivery methods offered.")
NOT_A_PDF = _("This file is not a PDF document that can be read.")
NO_SIGNATURE = _("This PDF carries no signature: upload the copy that was signed.")
TOO_LARGE = _("This file is larger than the limit of %(limit)s MB.")
APPROVAL_NOT_ALLOWED = _("Only a legal reviewer of this case can approve its documents.")
ALREADY_APPROVED = _("This document is already legally approved.")


def _check_right(user, case: Case, kind: str) -> None:
    if not user_may_issue(user, case, kind):
        raise PermissionDenied(NOT_ALLOWED)


def _check_delivery(kind: str, delivery: str) -> None:
    if kind not in LETTERS:
        return
    if not delivery:
        raise ValidationError({"delivery": DELIVERY_REQUIRED})
    if delivery not in Delivery.values:
        raise ValidationError({"delivery": UNKNOWN_DELIVERY})
    if kind == IssuedDocument.Kind.REASON_NOTICE and delivery not in VALID_REASON_METHODS:
        # Art. 35 al. 5 Arbeidsovereenkomstenwet: only these forms notify the reason validly.
        raise ValidationError({"delivery": INVALID_REASON_METHOD})


def document_issue(*, case: Case, kind: str, user, delivery: str = "") -> IssuedDocument:
    """Draw up the document from the case as it is now and keep it as a new version. A letter
    names how it is delivered (printed above the address); it is refused, with every reason at
    once, when its hearing, suspension or addressee would make it unlawful (checks.py).

    Earlier versions stay. A version marked as sent cannot be replaced by a new one until it has
    been superseded with a reason: what the employee received must stay identifiable.
    """
    _check_right(user, case, kind)
    if not document_available(case, kind):
        raise ValidationError(NOT_AVAILABLE)
    _check_delivery(kind, delivery)
    delivery = delivery if kind in LETTERS else ""
    problems = issue_problems(case=case, kind=kind, delivery=delivery,
                              issue_date=timezone.localdate())
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        lock_case(case)
        previous = latest_document(case, kind)
        if previous and previous.is_sent and not previous.is_superseded:
            raise ValidationError(ALREADY_SENT % {"version": previous.version})
        version = previous.version + 1 if previous else 1
        issued_at = timezone.now()
        content, pdf = render_document(case=case, kind=kind, version=version,
                                       issued_at=issued_at, user=user, delivery=delivery)
        document = IssuedDocument(
            case=case, kind=kind, version=version, title=content.title, content=content.markup,
            delivery=delivery,
            sha256=hashlib.sha256(pdf).hexdigest(), size=len(pdf), generated_by=user,
            generated_at=issued_at,
        )
        # The file is written before the row commits; a row that never commits leaves an orphan
        # file, never a row without its file.
        document.file.save("document.pdf", ContentFile(pdf), save=False)
        document.save()
        record_event(case=case, actor=user, kind="document_issued",
                     label=EVENT_LABELS["document_issued"],
                     payload=_event_payload(document))
    return document


def document_mark_sent(*, document: IssuedDocument, user, sent_on: date,
                       method: str) -> IssuedDocument:
    _check_right(user, document.case, document.kind)
    if document.is_superseded:
        raise ValidationError(IS_SUPERSEDED)
    if document.is_sent:
        raise ValidationError(ALREADY_MARKED_SENT)
    if method not in NotificationMethod.values:
        raise ValidationError({"method": UNKNOWN_METHOD})
    if document.kind == IssuedDocument.Kind.REASON_NOTICE and method not in VALID_REASON_METHODS:
        # Art. 35 al. 5 Arbeidsovereenkomstenwet: only these forms notify the reason validly.
        raise ValidationError({"method": INVALID_REASON_METHOD})
    if sent_on > timezone.localdate():
        raise ValidationError({"sent_on": SENT_IN_FUTURE})
    if sent_on < timezone.localdate(document.generated_at):
        raise ValidationError({"sent_on": SENT_BEFORE_ISSUED})
    problems = sending_problems(document=document, sent_on=sent_on, method=method)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        IssuedDocument.objects.filter(pk=document.pk).update(
            sent_on=sent_on, sent_method=method, sent_by=user)
        document.refresh_from_db()
        record_event(case=document.case, actor=user, kind="document_sent",
                     label=EVENT_LABELS["document_sent"],
                     payload={**_event_payload(document), "sent_on": sent_on, "method": method})
    return document


def document_supersede(*, document: IssuedDocument, user, reason: str) -> IssuedDocument:
    _check_right(user, document.case, document.kind)
    if not (reason or "").strip():
        raise ValidationError({"reason": REASON_REQUIRED})
    if document.is_superseded:
        raise ValidationError(IS_SUPERSEDED)
    with transaction.atomic():
        IssuedDocument.objects.filter(pk=document.pk).update(
            superseded_reason=reason.strip(), superseded_at=timezone.now(), superseded_by=user)
        document.refresh_from_db()
        record_event(case=document.case, actor=user, kind="document_superseded",
                     label=EVENT_LABELS["document_superseded"], note=reason.strip(),
                     payload=_event_payload(document))
    return document


def document_approve(*, document: IssuedDocument, user) -> IssuedDocument:
    """Legal marks an issued version as legally approved; the approval names that version."""
    if not user.has_perm("workflows.review_case", document.case):
        raise PermissionDenied(APPROVAL_NOT_ALLOWED)
    if document.is_superseded:
        raise ValidationError(IS_SUPERSEDED)
    if document.is_approved:
        raise ValidationError(ALREADY_APPROVED)
    with transaction.atomic():
        IssuedDocument.objects.filter(pk=document.pk).update(
            approved_by=user, approved_at=timezone.now())
        document.refresh_from_db()
        record_event(case=document.case, actor=user, kind="document_approved",
                     label=EVENT_LABELS["document_approved"], payload=_event_payload(document))
    return document


def document_signed_copy_add(*, document: IssuedDocument, user, uploaded) -> SignedCopy:
    """Keep a copy of the document signed outside the application, with its signatures as
    validated now: the signer, when, and whether the signed bytes are intact."""
    _check_right(user, document.case, document.kind)
    limit = settings.EVIDENCE_MAX_BYTES
    if uploaded.size > limit:
        raise ValidationError({"file": TOO_LARGE % {"limit": limit // (1024 * 1024)}})
    content = uploaded.read()
    signatures = _signatures_of(content)
    with transaction.atomic():
        copy = SignedCopy(document=document, sha256=hashlib.sha256(content).hexdigest(),
                          size=len(content), signatures=signatures, uploaded_by=user)
        copy.file.save("signed.pdf", ContentFile(content), save=False)
        copy.save()
        record_event(case=document.case, actor=user, kind="document_signed_copy_added",
                     label=EVENT_LABELS["document_signed_copy_added"],
                     payload={**_event_payload(document), "copy_sha256": copy.sha256,
                              "signers": [s["signer"] for s in signatures]})
    return copy


def _signatures_of(content: bytes) -> list[dict]:
    if not content.startswith(b"%PDF"):
        raise ValidationError({"file": NOT_A_PDF})
    try:
        checks = check_signatures(content)
    except Exception as error:  # pyHanko raises many kinds of errors on a damaged file
        raise ValidationError({"file": NOT_A_PDF}) from error
    if not checks:
        raise ValidationError({"file": NO_SIGNATURE})
    return [{"signer": c.signer, "signed_at": c.signed_at.isoformat() if c.signed_at else "",
             "intact": c.intact, "trusted": c.trusted, "covers_whole_file": c.covers_whole_file}
            for c in checks]


def _event_payload(document: IssuedDocument) -> dict:
    return {"document": document.pk, "kind": document.kind, "version": document.version,
            "sha256": document.sha256}
