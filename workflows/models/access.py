"""Who may see a case: direct foreign-key object permissions (django-guardian), exclusions, the
legal review requests and opinions, and the log of every look at a case file."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from workflows.models.events import AppendOnlyModel


class CaseUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey("workflows.Case", on_delete=models.CASCADE)


class CaseGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey("workflows.Case", on_delete=models.CASCADE)


class CaseExclusion(models.Model):
    """A person who must never see this case (e.g. a close colleague of the employee)."""

    case = models.ForeignKey("workflows.Case", on_delete=models.CASCADE, related_name="exclusions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=300)

    class Meta:
        verbose_name = _("exclusion")
        verbose_name_plural = _("exclusions")
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], name="one_exclusion_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.case}: {self.user}"


class ReviewRequest(models.Model):
    case = models.ForeignKey(
        "workflows.Case", on_delete=models.CASCADE, related_name="review_requests"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_requests",
        verbose_name=_("legal reviewer"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    question = models.TextField(_("question for legal"))
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    due_date = models.DateField(_("answer wanted by"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answer = models.ForeignKey(
        "workflows.LegalOpinion", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="answered_requests", verbose_name=_("answer"),
    )

    class Meta:
        verbose_name = _("review request")
        verbose_name_plural = _("review requests")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.case} → {self.reviewer}"

    @property
    def due_state(self) -> str:
        """In the colours of a deadline: answered, overdue (red), due soon (amber) or running."""
        if self.answered_at:
            return "met"
        left = (self.due_date - timezone.localdate()).days
        if left < 0:
            return "overdue"
        return "due_soon" if left <= settings.DEADLINE_REMINDER_DAYS else "running"

    @property
    def days_overdue(self) -> int:
        return max(0, (timezone.localdate() - self.due_date).days)


class LegalOpinion(AppendOnlyModel):
    """A dated, signed legal opinion; immutable once filed."""

    case = models.ForeignKey("workflows.Case", on_delete=models.PROTECT, related_name="opinions")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(_("opinion"))
    filed_at = models.DateTimeField(_("filed at"), default=timezone.now)

    class Meta:
        verbose_name = _("legal opinion")
        verbose_name_plural = _("legal opinions")
        ordering = ["case", "filed_at"]

    def __str__(self) -> str:
        return f"{self.case}: {self.author} {self.filed_at:%d/%m/%Y}"


class AccessLog(AppendOnlyModel):
    class Action(models.TextChoices):
        VIEW_CASE = "view_case", _("Viewed the case")
        DOWNLOAD_EVIDENCE = "download_evidence", _("Downloaded evidence")
        DOWNLOAD_DOCUMENT = "download_document", _("Downloaded a document")
        EXPORT = "export", _("Exported data")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(
        "workflows.Case", on_delete=models.PROTECT, null=True, related_name="access_log"
    )
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    target = models.CharField(_("what"), max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.user} {self.action}"
