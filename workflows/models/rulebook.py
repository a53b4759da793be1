"""The rulebook: every legal time limit is data with its source, effective date and status.

A rule is never edited in place: a correction is a new version of the same code, so a case keeps
the version its deadline was computed with.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from workflows.states import Regime


class DeadlineUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("working days (Sundays and public holidays excluded)")
    CALENDAR_DAYS = "calendar_days", _("calendar days")
    MONTHS = "months", _("months")


class DeadlineRuleQuerySet(models.QuerySet):
    def in_force(self, code: str, regime: str, on_date):
        """The latest version of the rule that was in force on `on_date`."""
        return (
            self.filter(code=code, regime=regime, effective_from__lte=on_date)
            .order_by("-effective_from", "-version")
            .first()
        )


class DeadlineRule(models.Model):
    code = models.SlugField(_("code"), max_length=50)
    regime = models.CharField(_("legal regime"), max_length=20, choices=Regime.choices)
    version = models.PositiveIntegerField(_("version"), default=1)
    name_nl = models.CharField(_("name (Dutch)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    length = models.PositiveIntegerField(_("length"))
    unit = models.CharField(_("unit"), max_length=20, choices=DeadlineUnit.choices)
    starts_nl = models.CharField(_("starts with (Dutch)"), max_length=200)
    starts_en = models.CharField(_("starts with (English)"), max_length=200)
    legal_source = models.CharField(_("legal source"), max_length=300)
    effective_from = models.DateField(_("in force from"))
    to_be_confirmed = models.BooleanField(_("to be confirmed by the legal service"), default=False)
    change_reason = models.TextField(_("reason for this version"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = DeadlineRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("deadline rule")
        verbose_name_plural = _("rulebook")
        ordering = ["regime", "code", "-effective_from", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "regime", "effective_from", "version"], name="unique_rule_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.legal_source}, v{self.version})"

    @property
    def _english(self) -> bool:
        return (get_language() or "nl").startswith("en")

    @property
    def name(self) -> str:
        return self.name_en if self._english else self.name_nl

    @property
    def starts_with(self) -> str:
        return self.starts_en if self._english else self.starts_nl

    @property
    def length_label(self) -> str:
        units = {
            DeadlineUnit.WORKING_DAYS: ngettext("%(n)d working day", "%(n)d working days", self.length),
            DeadlineUnit.CALENDAR_DAYS: ngettext("%(n)d day", "%(n)d days", self.length),
            DeadlineUnit.MONTHS: ngettext("%(n)d month", "%(n)d months", self.length),
        }
        return units[self.unit] % {"n": self.length}


class CaseDeadline(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        MET = "met", _("Met")
        CANCELLED = "cancelled", _("No longer applicable")

    case = models.ForeignKey("workflows.Case", on_delete=models.CASCADE, related_name="deadlines")
    code = models.SlugField(_("code"), max_length=50)
    rule = models.ForeignKey(DeadlineRule, on_delete=models.PROTECT, related_name="deadlines")
    start_date = models.DateField(_("starts from"))
    due_date = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RUNNING)
    met_on = models.DateField(_("met on"), null=True, blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("overridden by"),
    )
    override_reason = models.TextField(_("override justification"), blank=True)
    overridden_at = models.DateTimeField(_("overridden at"), null=True, blank=True)

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "code"], condition=models.Q(status="running"),
                name="one_running_deadline_per_code",
            )
        ]

    def __str__(self) -> str:
        return f"{self.rule.name}: {self.due_date:%d/%m/%Y}"

    @property
    def is_running(self) -> bool:
        return self.status == self.Status.RUNNING

    @property
    def overridden(self) -> bool:
        return self.overridden_at is not None

    @property
    def days_left(self) -> int:
        return (self.due_date - timezone.localdate()).days

    @property
    def is_overdue(self) -> bool:
        return self.is_running and self.days_left < 0


class RemedyQuerySet(models.QuerySet):
    def in_force(self, decision: str, regime: str, on_date):
        """The latest version of the remedy in force on `on_date` for this kind of decision."""
        return (
            self.filter(decision=decision, regime=regime, effective_from__lte=on_date)
            .order_by("-effective_from", "-version")
            .first()
        )


class Remedy(models.Model):
    """How an adverse individual decision can be challenged, as the letter must state it: body,
    postal address, form and time limit with its starting event (Bestuursdecreet 7 December 2018,
    art. II.4: without it the time limit for an appeal starts four months later).

    Like deadline rules, remedies are data with their source and a "to be confirmed" flag; a
    letter that cites a flagged remedy shows the flag and cannot be marked as sent."""

    class Decision(models.TextChoices):
        DISCIPLINARY_SANCTION = "disciplinary_sanction", _("Disciplinary sanction")
        PREVENTIVE_SUSPENSION = "preventive_suspension", _("Preventive suspension")
        DISMISSAL = "dismissal", _("Dismissal for serious reason")

    decision = models.CharField(_("decision"), max_length=30, choices=Decision.choices)
    regime = models.CharField(_("legal regime"), max_length=20, choices=Regime.choices)
    version = models.PositiveIntegerField(_("version"), default=1)
    body_nl = models.CharField(_("body (Dutch)"), max_length=200)
    postal_address = models.CharField(_("postal address"), max_length=300)
    form_nl = models.CharField(_("form of the appeal (Dutch)"), max_length=300)
    time_limit_nl = models.CharField(
        _("time limit with its starting event (Dutch)"), max_length=300,
        help_text=_("As the letter says it, e.g. “binnen 30 dagen na de ontvangst van deze "
                    "beslissing”."))
    legal_source = models.CharField(
        _("legal source"), max_length=300,
        help_text=_("Statutes only: case-law numbers do not belong in a letter to the employee."))
    effective_from = models.DateField(_("in force from"))
    to_be_confirmed = models.BooleanField(_("to be confirmed by the legal service"), default=False)

    objects = RemedyQuerySet.as_manager()

    class Meta:
        verbose_name = _("remedy")
        verbose_name_plural = _("remedies")
        ordering = ["regime", "decision", "-effective_from", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "regime", "effective_from", "version"],
                                    name="unique_remedy_version")
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()}: {self.body_nl} (v{self.version})"
