"""What was reported: the staff register, the code's provisions, reports and their evidence."""

import uuid
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


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


class EmployingEntity(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    OCMW = "ocmw", _("OCMW (public social welfare centre)")
    SCHOOL = "school", _("Subsidised school")


class LegalStatus(models.TextChoices):
    """The legal position that decides which procedure applies (code of conduct, Art. 1 and 6)."""

    CONTRACTUAL = "contractual", _("Contractual")
    STATUTORY = "statutory", _("Statutory")
    STATUTORY_PROBATION = "statutory_probation", _("Statutory on probation")
    EDUCATION_PERMANENT = "education_permanent", _("Education: permanently appointed")
    EDUCATION_TEMPORARY_INDEFINITE = (
        "education_temporary_indefinite",
        _("Education: temporary for an indefinite term"),
    )
    EDUCATION_TEMPORARY_FIXED = (
        "education_temporary_fixed",
        _("Education: temporary for a fixed term"),
    )


class Department(models.Model):
    name = models.CharField(_("name"), max_length=200)
    entity = models.CharField(_("employing entity"), max_length=20, choices=EmployingEntity.choices)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["entity", "name"]
        constraints = [
            models.UniqueConstraint(fields=["entity", "name"], name="unique_department_per_entity")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_entity_display()})"


class Employee(models.Model):
    personnel_number = models.CharField(_("personnel number"), max_length=30, unique=True)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="employees", verbose_name=_("department")
    )
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    address = models.CharField(
        _("postal address"), max_length=300, blank=True,
        help_text=_("Where registered letters are sent, e.g. “Kerkstraat 1, 9000 Gent”."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employee",
        verbose_name=_("user account"),
    )
    left_on = models.DateField(_("left the organisation on"), null=True, blank=True)

    class Meta:
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return f"{self.last_name} {self.first_name} ({self.personnel_number})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def address_lines(self) -> list[str]:
        return [part.strip() for part in self.address.split(",") if part.strip()]

    @property
    def is_active(self) -> bool:
        return self.left_on is None or self.left_on > timezone.localdate()

    def status_on(self, day: date) -> str | None:
        """The legal status in force on `day`; what counts for a case is the date of the facts."""
        periods = sorted(self.status_history.all(), key=lambda p: p.valid_from, reverse=True)
        for period in periods:
            if period.valid_from <= day:
                return period.legal_status
        return None

    @property
    def current_status(self) -> str | None:
        return self.status_on(timezone.localdate())


class EmployeeStatus(models.Model):
    """One period of a legal status; a change of status adds a row and keeps the earlier ones."""

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="status_history"
    )
    legal_status = models.CharField(_("legal status"), max_length=40, choices=LegalStatus.choices)
    valid_from = models.DateField(_("valid from"))

    class Meta:
        verbose_name = _("legal status period")
        verbose_name_plural = _("legal status history")
        ordering = ["employee", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "valid_from"], name="one_status_per_employee_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_legal_status_display()} ({self.valid_from:%d/%m/%Y})"


class CodeVersion(models.Model):
    """A version of the code of conduct. A new version adds provisions; old ones stay as they were."""

    label = models.CharField(_("label"), max_length=100, unique=True)
    adopted_on = models.DateField(_("adopted on"))
    is_current = models.BooleanField(_("current version"), default=False)

    class Meta:
        verbose_name = _("code version")
        verbose_name_plural = _("code versions")
        ordering = ["-adopted_on"]

    def __str__(self) -> str:
        return self.label


class Communication(models.TextChoices):
    PROFESSIONAL = "professional", _("Professional communication")
    PERSONAL = "personal", _("Personal communication")


class Provision(models.Model):
    class Section(models.TextChoices):
        OFFICIAL_ACCOUNTS = "art4", _("Art. 4: place in the organisation")
        PRINCIPLE = "principle", _("5.1 Basic principle")
        DO = "do", _("5.2 Do")
        DONT = "dont", _("5.3 Don't")

    class Applies(models.TextChoices):
        PROFESSIONAL = "professional", _("professional communication")
        PERSONAL = "personal", _("personal communication")
        BOTH = "both", _("professional and personal communication")

    code_version = models.ForeignKey(
        CodeVersion, on_delete=models.PROTECT, related_name="provisions"
    )
    article = models.CharField(_("article"), max_length=10)
    section = models.CharField(_("section"), max_length=20, choices=Section.choices)
    applies_to = models.CharField(_("applies to"), max_length=20, choices=Applies.choices)
    text_nl = models.TextField(_("text (Dutch)"))
    text_en = models.TextField(_("text (English)"))
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        verbose_name = _("provision")
        verbose_name_plural = _("provisions")
        ordering = ["code_version", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["code_version", "position"], name="unique_provision_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.article} — {self.context_label} — {self.text}"

    @property
    def text(self) -> str:
        return self.text_en if (get_language() or "nl").startswith("en") else self.text_nl

    @property
    def context_label(self) -> str:
        if self.section == self.Section.DONT and self.applies_to == self.Applies.PERSONAL:
            return str(_("personal communication"))
        if self.section in (self.Section.DO, self.Section.DONT):
            return str(self.get_applies_to_display())
        return str(self.get_section_display())


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
    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="incidents", verbose_name=_("employee")
    )
    facts_date = models.DateField(_("date of the facts"))
    facts_time = models.TimeField(_("time of the facts"), null=True, blank=True)
    knowledge_date = models.DateField(_("date you learned of it"))
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    platform_name = models.CharField(_("name of the platform"), max_length=100, blank=True)
    account_kind = models.CharField(_("kind of account"), max_length=20, choices=AccountKind.choices)
    account_name = models.CharField(_("account name"), max_length=200, blank=True)
    communication = models.CharField(
        _("kind of communication"), max_length=20, choices=Communication.choices
    )
    provisions = models.ManyToManyField(
        Provision, related_name="incidents", verbose_name=_("provisions breached")
    )
    description = models.TextField(_("factual description"))
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

    def __str__(self) -> str:
        return f"{self.employee.full_name}, {self.facts_date:%d/%m/%Y}"

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
