"""Reports of a breach, the people involved, addenda and evidence."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from incidents.models.code import Communication, Provision
from incidents.models.staff import Employee


REPORT_LOCKED = _("A submitted report cannot be changed; add an addendum instead.")
FACTS_IN_FUTURE = _("The date of the facts cannot be in the future.")
KNOWLEDGE_IN_FUTURE = _("The date you learned of it cannot be in the future.")
KNOWLEDGE_BEFORE_FACTS = _("You cannot have learned of the facts before they happened.")
EMPLOYEE_HAD_LEFT = _("This employee had left the organisation on %(date)s, before the facts.")
PLATFORM_NAME_REQUIRED = _("Give the name of the platform when you choose “Other”.")
PROVISION_REQUIRED = _("Choose at least one provision of the code that was breached.")
PROVISION_WRONG_KIND = _(
    "The provision “%(provision)s” does not apply to %(communication)s."
)
REQUIRED_TO_SUBMIT = _("Fill this in before submitting the report.")
# A draft may be saved half-filled; these must be filled in before the report is submitted.
FIELDS_REQUIRED_TO_SUBMIT = (
    "employee", "facts_date", "knowledge_date", "platform", "account_kind", "communication",
    "description",
)



class Platform(models.TextChoices):
    """The kinds of social media of Art. 3 of the code."""

    ONLINE_NETWORK = "online_network", _("Online network (e.g. Facebook, LinkedIn)")
    MICROBLOG = "microblog", _("Microblog (e.g. X/Twitter)")
    FILE_SHARING = "file_sharing", _("File or location sharing (e.g. YouTube, Flickr)")
    BLOG = "blog", _("Blog")
    OTHER = "other", _("Other")


class AccountKind(models.TextChoices):
    """The kinds of account of Art. 4 of the code."""

    OFFICIAL = "official", _("Official account of the organisation")
    PROFESSIONAL = "professional", _("Professional, non-official account")
    PRIVATE = "private", _("Private account")


class ReportLocked(Exception):
    """A submitted report is evidence: it is never changed, only completed by addenda."""


class Incident(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="reported_incidents",
        verbose_name=_("reported by"),
    )
    # Blank only on a draft: the check constraint below and `check_complete` hold a submitted
    # report to every field of FIELDS_REQUIRED_TO_SUBMIT.
    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="incidents", verbose_name=_("employee"),
        null=True, blank=True,
    )
    facts_date = models.DateField(_("date of the facts"), null=True, blank=True)
    facts_time = models.TimeField(_("time of the facts"), null=True, blank=True)
    knowledge_date = models.DateField(_("date you learned of it"), null=True, blank=True)
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices, blank=True)
    platform_name = models.CharField(_("name of the platform"), max_length=100, blank=True)
    account_kind = models.CharField(_("kind of account"), max_length=20, choices=AccountKind.choices,
                                    blank=True)
    account_name = models.CharField(_("account name"), max_length=200, blank=True)
    communication = models.CharField(
        _("kind of communication"), max_length=20, choices=Communication.choices, blank=True
    )
    provisions = models.ManyToManyField(
        Provision, related_name="incidents", verbose_name=_("provisions breached")
    )
    description = models.TextField(_("factual description"), blank=True)
    content_urls = models.TextField(_("URLs of the content"), blank=True)
    still_online = models.BooleanField(_("content still online"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("incident report")
        verbose_name_plural = _("incident reports")
        ordering = ["-created_at"]
        indexes = [
            # "My reports" and the manager's home page: one manager's reports, newest first, read
            # in index order instead of sorting thousands of them (docs/performance.md).
            models.Index(fields=["reporter", "created_at"], name="incident_reporter_created"),
        ]
        constraints = [
            models.CheckConstraint(
                name="incident_submitted_is_complete",
                condition=models.Q(status="draft") | (
                    models.Q(employee__isnull=False, facts_date__isnull=False,
                             knowledge_date__isnull=False)
                    & ~models.Q(platform="") & ~models.Q(account_kind="")
                    & ~models.Q(communication="") & ~models.Q(description="")
                ),
            ),
        ]

    def __str__(self) -> str:
        who = self.employee.full_name if self.employee_id else _("employee not chosen yet")
        return f"{who}, {self.facts_date:%d/%m/%Y}" if self.facts_date else str(who)

    def save(self, *args, **kwargs):
        if self.pk and Incident.objects.filter(pk=self.pk, status=self.Status.SUBMITTED).exists():
            raise ReportLocked(REPORT_LOCKED)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.pk and Incident.objects.filter(pk=self.pk, status=self.Status.SUBMITTED).exists():
            raise ReportLocked(REPORT_LOCKED)
        return super().delete(*args, **kwargs)

    def clean(self):
        errors = {}
        today = timezone.localdate()
        if self.facts_date and self.facts_date > today:
            errors["facts_date"] = FACTS_IN_FUTURE
        if self.knowledge_date:
            if self.knowledge_date > today:
                errors["knowledge_date"] = KNOWLEDGE_IN_FUTURE
            elif self.facts_date and self.knowledge_date < self.facts_date:
                errors["knowledge_date"] = KNOWLEDGE_BEFORE_FACTS
        employee = self.employee if self.employee_id else None
        if employee and employee.left_on and self.facts_date and employee.left_on < self.facts_date:
            errors["employee"] = EMPLOYEE_HAD_LEFT % {"date": employee.left_on.strftime("%d/%m/%Y")}
        if self.platform == Platform.OTHER and not self.platform_name.strip():
            errors["platform_name"] = PLATFORM_NAME_REQUIRED
        if errors:
            raise ValidationError(errors)

    def check_complete(self) -> None:
        """Submitting needs every required field; a draft is saved with whatever is filled in."""
        missing = {name: REQUIRED_TO_SUBMIT for name in FIELDS_REQUIRED_TO_SUBMIT
                   if not str(getattr(self, f"{name}_id" if name == "employee" else name) or "")
                   .strip()}
        if missing:
            raise ValidationError(missing)

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @property
    def url_list(self) -> list[str]:
        return [line.strip() for line in self.content_urls.splitlines() if line.strip()]


class InvolvedPerson(models.Model):
    class Role(models.TextChoices):
        WITNESS = "witness", _("Witness")
        COLLEAGUE = "colleague", _("Other colleague")
        EXTERNAL = "external", _("External party")

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    details = models.CharField(_("details (contact, function)"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("person involved")
        verbose_name_plural = _("people involved")
        ordering = ["incident", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class Addendum(models.Model):
    """A dated correction or addition to a submitted report; the report itself never changes."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="addenda")
    number = models.PositiveIntegerField(_("number"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    created_at = models.DateTimeField(_("added at"), default=timezone.now)
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("addendum")
        verbose_name_plural = _("addenda")
        ordering = ["incident", "number"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "number"], name="unique_addendum_number")
        ]

    def __str__(self) -> str:
        return f"{_('Addendum')} {self.number}"


def evidence_path(instance: "Evidence", filename: str) -> str:
    # The stored name is random: the uploader's file name is kept only as data, never as a path.
    return f"evidence/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class Evidence(models.Model):
    class Kind(models.TextChoices):
        FILE = "file", _("File")
        URL = "url", _("Link only")

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="evidence")
    addendum = models.ForeignKey(
        Addendum, on_delete=models.CASCADE, null=True, blank=True, related_name="evidence"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=evidence_path, blank=True)
    original_name = models.CharField(_("original file name"), max_length=255, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    url = models.URLField(_("URL"), max_length=1000, blank=True)
    captured_at = models.DateTimeField(_("captured at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("added by")
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("piece of evidence")
        verbose_name_plural = _("evidence")
        ordering = ["incident", "added_at", "id"]

    def __str__(self) -> str:
        return self.original_name or self.url
