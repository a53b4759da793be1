"""Retention periods per outcome, the log of purged cases and the log of subject-access exports.

Flemish administrations keep records per a selectielijst (Bestuursdecreet 7 December 2018); no
fixed period for disciplinary files was found, so the period is a setting per outcome that the
archivist confirms (docs/legal-sources.md, section 4).
"""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from incidents.models import Employee
from workflows.models import Case
from workflows.models.events import AppendOnlyModel

PERIOD_REQUIRED = _("A retention period must be at least one month.")
PLACEHOLDER_HELP = _(
    "The periods loaded at installation are placeholders, not legal advice: the archivist must "
    "confirm each one against the selectielijst (Bestuursdecreet 7 December 2018) and then untick "
    "“to be confirmed”."
)


class RetentionPolicy(models.Model):
    """How long a closed case with this outcome is kept; the period runs from its closure."""

    outcome = models.CharField(
        _("outcome"), max_length=30, choices=Case.Outcome.choices, unique=True
    )
    years = models.PositiveSmallIntegerField(_("years"), default=0, help_text=PLACEHOLDER_HELP)
    months = models.PositiveSmallIntegerField(_("months"), default=0)
    legal_source = models.CharField(_("legal source"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    to_be_confirmed = models.BooleanField(
        _("to be confirmed by the archivist"), default=True,
        help_text=_("Ticked for the placeholder periods loaded at installation."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("last changed by"),
    )
    updated_at = models.DateTimeField(_("last changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("retention period")
        verbose_name_plural = _("retention periods")
        ordering = ["outcome"]
        # One row per outcome, seeded by a migration: a row is changed, never deleted (a case whose
        # outcome has no row is simply never purged).
        default_permissions = ("add", "change", "view")
        permissions = [("set_legal_hold", "Can put a case on legal hold or lift it")]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: {self.period_label}"

    def clean(self):
        if self.years == 0 and self.months == 0:
            raise ValidationError({"years": PERIOD_REQUIRED})

    @property
    def period_label(self) -> str:
        parts = []
        if self.years:
            parts.append(ngettext("%(n)d year", "%(n)d years", self.years) % {"n": self.years})
        if self.months:
            parts.append(ngettext("%(n)d month", "%(n)d months", self.months) % {"n": self.months})
        return " ".join(parts)

    def ends_on(self, closed_on: date) -> date:
        """The last day of the period; the case may be purged from the next day on."""
        return closed_on + relativedelta(years=self.years, months=self.months)


class RetentionLog(AppendOnlyModel):
    """What was purged, when and under which period. It outlives the case and names nobody: the
    reference, outcome and dates are enough to answer "where is case X?" years later."""

    run = models.UUIDField(_("run"))
    reference = models.CharField(_("case reference"), max_length=20)
    outcome = models.CharField(_("outcome"), max_length=30, choices=Case.Outcome.choices)
    closed_at = models.DateTimeField(_("closed at"))
    purged_at = models.DateTimeField(_("purged at"), default=timezone.now)
    period_years = models.PositiveSmallIntegerField(_("years kept"))
    period_months = models.PositiveSmallIntegerField(_("months kept"))
    legal_source = models.CharField(_("legal source of the period"), max_length=300, blank=True)
    period_to_be_confirmed = models.BooleanField(_("period was a placeholder"))
    ran_by = models.CharField(_("run by"), max_length=200)
    removed = models.JSONField(_("rows and files removed"), default=dict)

    class Meta:
        verbose_name = _("retention log entry")
        verbose_name_plural = _("retention log")
        ordering = ["-purged_at", "reference"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.reference} {self.purged_at:%d/%m/%Y}"


class SubjectAccessExport(AppendOnlyModel):
    """One subject-access export (GDPR art. 15): who exported what about whom, and when."""

    employee = models.ForeignKey(
        Employee, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("employee"),
    )
    # Kept as text too, so the entry still says whose data it was if the employee row goes.
    personnel_number = models.CharField(_("personnel number"), max_length=30)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("exported by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    cases_included = models.PositiveIntegerField(_("cases included"))
    cases_withheld = models.PositiveIntegerField(_("cases left out"))
    files_included = models.PositiveIntegerField(_("files included"))
    sha256 = models.CharField(_("SHA-256 of the ZIP"), max_length=64)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("subject-access export")
        verbose_name_plural = _("subject-access exports")
        ordering = ["-at"]
        default_permissions = ("view",)
        permissions = [
            ("export_subject_data", "Can export everything held about an employee (GDPR art. 15)"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.personnel_number}"
