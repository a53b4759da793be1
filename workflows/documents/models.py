"""Issued documents: every PDF the procedure produced, kept with its hash, author and version.

An issued document is evidence of what the organisation sent: its row and file are never changed
or deleted. Only two markings are added later, through the services: that it was sent, or that it
was superseded (with a written reason).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflows.models import NotificationMethod

# The only columns a service may still write after issuing.
MARKING_FIELDS = frozenset(
    {"approved_by", "approved_at", "sent_on", "sent_method", "sent_by", "superseded_reason", "superseded_at", "superseded_by"}
)


class Delivery(models.TextChoices):
    """How a letter is delivered, chosen when it is issued and printed above the address."""

    REGISTERED = "registered_letter", _("Registered letter")
    BAILIFF = "bailiff", _("Bailiff's writ")
    RECEIPT = "hand_delivered", _("Handed over against receipt")
    ORDINARY = "ordinary_mail", _("Ordinary mail")


class IssuedDocumentIsFinal(Exception):
    pass


def document_path(instance: "IssuedDocument", filename: str) -> str:
    # A random name: nothing about the case or the employee can be read from the storage path.
    return f"documents/{uuid.uuid4().hex}.pdf"


class IssuedDocumentQuerySet(models.QuerySet):
    def update(self, **kwargs):
        if not set(kwargs) <= MARKING_FIELDS:
            raise IssuedDocumentIsFinal("An issued document cannot be changed.")
        return super().update(**kwargs)

    def delete(self):
        raise IssuedDocumentIsFinal("An issued document cannot be deleted.")


class IssuedDocument(models.Model):
    class Kind(models.TextChoices):
        INCIDENT_REPORT = "incident_report", _("Incident report")
        CONVOCATION = "convocation", _("Convocation to the hearing")
        HEARING_MINUTES = "hearing_minutes", _("Hearing minutes")
        DISMISSAL_LETTER = "dismissal_letter", _("Dismissal letter (serious reason)")
        REASON_NOTICE = "reason_notice", _("Notification of the serious reason")
        DISCIPLINARY_DECISION = "disciplinary_decision", _("Disciplinary decision")
        PREVENTIVE_SUSPENSION = "preventive_suspension", _("Preventive suspension decision")
        NO_PROSECUTION = "no_prosecution", _("Decision not to prosecute")
        CLOSING_LETTER = "closing_letter", _("Closing letter (no follow-up)")
        CASE_FILE = "case_file", _("Complete case file")

    case = models.ForeignKey(
        "workflows.Case", on_delete=models.PROTECT, related_name="documents",
        verbose_name=_("case"),
    )
    kind = models.CharField(_("document"), max_length=30, choices=Kind.choices)
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=document_path)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size in bytes"))
    # The laid-out text exactly as issued, so the case file reproduces it without re-reading data
    # that may have been completed since.
    content = models.TextField(_("content as issued"))
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("issued by"),
    )
    generated_at = models.DateTimeField(_("issued at"), default=timezone.now)
    delivery = models.CharField(_("delivery"), max_length=30, choices=Delivery.choices, blank=True)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    sent_method = models.CharField(
        _("sent by"), max_length=30, choices=NotificationMethod.choices, blank=True
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("marked as sent by"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("legally approved by"),
    )
    approved_at = models.DateTimeField(_("legally approved at"), null=True, blank=True)
    superseded_reason = models.TextField(_("reason it was superseded"), blank=True)
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)
    superseded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("superseded by"),
    )

    objects = IssuedDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        ordering = ["case", "generated_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind", "version"], name="one_document_per_kind_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.get_kind_display()} v{self.version}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise IssuedDocumentIsFinal("An issued document cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise IssuedDocumentIsFinal("An issued document cannot be deleted.")

    @property
    def is_sent(self) -> bool:
        return self.sent_on is not None

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None

    @property
    def is_superseded(self) -> bool:
        return self.superseded_at is not None

    @property
    def download_name(self) -> str:
        return f"{self.case.reference}-{self.kind}-v{self.version}.pdf"


def signed_copy_path(instance: "SignedCopy", filename: str) -> str:
    return f"documents/signed/{uuid.uuid4().hex}.pdf"


class SignedCopy(models.Model):
    """A copy of an issued document signed outside the application (e.g. with an eID), kept
    next to the original with the signatures found in it when it was uploaded. Never changed."""

    # Purged with its document at the end of the retention period (workflows/retention).
    document = models.ForeignKey(IssuedDocument, on_delete=models.CASCADE,
                                 related_name="signed_copies", verbose_name=_("document"))
    file = models.FileField(_("file"), upload_to=signed_copy_path)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size in bytes"))
    # [{"signer", "signed_at", "intact", "trusted", "covers_whole_file"}], as validated at upload.
    signatures = models.JSONField(_("signatures"), default=list)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("signed copy")
        verbose_name_plural = _("signed copies")
        ordering = ["document", "uploaded_at", "id"]

    def __str__(self) -> str:
        return f"{self.document} ({self.uploaded_at:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise IssuedDocumentIsFinal("A signed copy cannot be changed.")
        super().save(*args, **kwargs)
