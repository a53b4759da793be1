"""What each user chose about notifications, the mails held back for a daily digest, and the
private address of their hearings calendar."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationPreference(models.Model):
    class Delivery(models.TextChoices):
        IMMEDIATE = "immediate", _("Immediately: one mail for each thing that waits for me")
        DIGEST = "digest", _("Once a day: one mail with everything since the last one")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="notification_preference")
    delivery = models.CharField(_("mail"), max_length=10, choices=Delivery.choices,
                                default=Delivery.IMMEDIATE)
    last_digest_at = models.DateTimeField(_("last digest sent at"), null=True, blank=True)
    # SHA-256 of the secret in the calendar feed's address: the address itself is shown once and
    # never stored, so a copy of the database does not open anyone's calendar.
    calendar_token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    calendar_token_made_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user}: {self.delivery}"


class DigestEntry(models.Model):
    """A mail held back for a user who chose the daily digest; `sent_at` marks it as done."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey("workflows.Case", on_delete=models.CASCADE, related_name="+")
    subject = models.CharField(max_length=300)
    message = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("digest entry")
        verbose_name_plural = _("digest entries")
        indexes = [models.Index(fields=["user", "sent_at"], name="digest_entry_pending")]

    def __str__(self) -> str:
        return f"{self.user}: {self.subject}"
