"""Evidence files chosen on a report form that came back with errors: kept, so they are not asked
again, until the report is saved (then they become evidence) or they expire."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def draft_upload_path(instance: "DraftUpload", filename: str) -> str:
    # Random, like evidence: the uploader's file name is data, never a path.
    return f"drafts/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class DraftUpload(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file = models.FileField(_("file"), upload_to=draft_upload_path)
    original_name = models.CharField(_("original file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("kept at"), default=timezone.now)

    class Meta:
        verbose_name = _("file kept for a report")
        verbose_name_plural = _("files kept for reports")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.original_name
