"""The staff register: departments, employees and the history of their legal status."""

from datetime import date

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EmployingEntity(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    OCMW = "ocmw", _("OCMW (public social welfare centre)")
    SCHOOL = "school", _("Subsidised school")


class Grade(models.TextChoices):
    """The grade of a post, as far as competence needs it: art. 201 DLB allows delegation of the
    disciplinary power only to a staff member of at least equal grade. Decretal grades (algemeen
    directeur, financieel directeur and their deputies) rank above level A."""

    DECRETAL = "decretal", _("Decretal grade")
    A = "A", _("Level A")
    B = "B", _("Level B")
    C = "C", _("Level C")
    D = "D", _("Level D")
    E = "E", _("Level E")


GRADE_RANK = {Grade.DECRETAL: 6, Grade.A: 5, Grade.B: 4, Grade.C: 3, Grade.D: 2, Grade.E: 1}


def grade_at_least(grade: str, other: str) -> bool:
    """True when `grade` ranks at least as high as `other` (art. 201 DLB)."""
    return GRADE_RANK.get(grade, 0) >= GRADE_RANK.get(other, 0)


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


class Protection(models.TextChoices):
    """Protection against dismissal or retaliation that calls for a legal opinion before any
    disciplinary or dismissal decision (docs/legal-sources.md §5, per category to be confirmed)."""

    PREGNANCY = "pregnancy", _("Pregnancy or maternity")
    UNION_MANDATE = "union_mandate", _("Union mandate")
    PREVENTION_ADVISER = "prevention_adviser", _("Prevention adviser")
    PROTECTED_REPORTER = "protected_reporter", _(
        "Protected reporter (Flemish decree of 18 November 2022 on reporting channels)")


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
        # The entity's name may carry its own parentheses: never nest them.
        return f"{self.name} — {self.get_entity_display()}"


# The one rule for personnel numbers: the import, the admin (model validation) and the URLs
# (config/converters.py) all use it, so every number in the register can appear in a link.
PERSONNEL_NUMBER_PATTERN = r"[A-Za-z0-9._-]{1,30}"
PERSONNEL_NUMBER_INVALID = _(
    "A personnel number has 1 to 30 characters: letters A–Z without accents, digits, “.”, “_” "
    "or “-” (no spaces or “/”)."
)
personnel_number_validator = RegexValidator(
    rf"\A{PERSONNEL_NUMBER_PATTERN}\Z", PERSONNEL_NUMBER_INVALID, code="invalid_personnel_number"
)


class Employee(models.Model):
    personnel_number = models.CharField(
        _("personnel number"), max_length=30, unique=True,
        validators=[personnel_number_validator], help_text=PERSONNEL_NUMBER_INVALID,
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="employees", verbose_name=_("department")
    )
    employer = models.ForeignKey(
        "incidents.Employer", on_delete=models.PROTECT, related_name="employees", blank=True,
        verbose_name=_("employing entity"),
        help_text=_("Left empty, the first entity of the department's kind."),
    )
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    grade = models.CharField(
        _("grade"), max_length=20, blank=True,
        choices=Grade.choices,
        help_text=_("Decides the competent disciplinary authority (art. 201 DLB)."),
    )
    address = models.CharField(
        _("postal address"), max_length=300, blank=True,
        help_text=_("Where registered letters are sent, e.g. “Kerkstraat 1, 9000 Gent”."),
    )
    form_of_address = models.CharField(
        _("form of address"), max_length=10, blank=True,
        choices=[("mevrouw", _("Ms (mevrouw)")), ("heer", _("Mr (heer)"))],
        help_text=_("Used in letters: “Geachte mevrouw Peeters”. Leave empty if unknown."),
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
    protection = models.CharField(
        _("special protection"), max_length=30, choices=Protection.choices, blank=True,
        help_text=_("A case against a protected employee needs a legal opinion before any decision."),
    )

    class Meta:
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return f"{self.last_name} {self.first_name} ({self.personnel_number})"

    def save(self, *args, **kwargs):
        if self.employer_id is None and self.department_id is not None:
            from incidents.models.employers import Employer

            self.employer = Employer.default_for(self.department.entity)
        super().save(*args, **kwargs)

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
