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
    # Judicial Code working days (art. 53bis Ger.W.): Saturdays, Sundays and holidays excluded.
    JUDICIAL_WORKING_DAYS = "judicial_working_days", _(
        "working days (Saturdays, Sundays and public holidays excluded)")


class OnExpiry(models.TextChoices):
    """What the law attaches to a passed deadline."""

    LATE = "late", _("the step may still be taken, recorded as late, with its legal consequence")
    LAPSE = "lapse", _("the right is lost: no override, the step can no longer be taken")


class DeadlineState(models.TextChoices):
    """A deadline's status, always computed from its dates (never stored, never set by hand):

    running   the step is not taken yet and the due date is further away than the reminder horizon
    due_soon  not taken, due within settings.DEADLINE_REMINDER_DAYS days
    overdue   not taken, due date passed (a rule that lapses shows "lapsed" instead)
    met       the step was taken on or before the due date
    late      the step was taken after the due date (only possible after "proceed although late")
    lapsed    the due date of a rule that lapses passed before the step was taken: the right is lost
    cancelled the deadline no longer applies (another outcome made the step moot)
    on_hold   not taken, the procedure waits for a criminal case (workflows.defence): the deadline
              does not run, and on resume its due date moves by the days on hold
    """

    RUNNING = "running", _("Running")
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
    MET = "met", _("Met")
    LATE = "late", _("Late")
    LAPSED = "lapsed", _("Lapsed")
    CANCELLED = "cancelled", _("No longer applicable")
    ON_HOLD = "on_hold", _("On hold")


class VersionedRuleQuerySet(models.QuerySet):
    """Every rulebook entry (time limit, remedy, catalogue, competence) is versioned the same way."""

    def version_in_force(self, on_date, **key):
        """The latest version, in force on `on_date`, of the entry identified by `key`."""
        return (
            self.filter(effective_from__lte=on_date, **key)
            .order_by("-effective_from", "-version")
            .first()
        )


class DeadlineRuleQuerySet(VersionedRuleQuerySet):
    def in_force(self, code: str, regime: str, on_date):
        """The latest version of the rule that was in force on `on_date`."""
        return self.version_in_force(on_date, code=code, regime=regime)


class DeadlineRule(models.Model):
    code = models.SlugField(_("code"), max_length=50)
    regime = models.CharField(_("legal regime"), max_length=20, choices=Regime.choices)
    version = models.PositiveIntegerField(_("version"), default=1)
    name_nl = models.CharField(_("name (Dutch)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    length = models.PositiveIntegerField(_("length"))
    unit = models.CharField(_("unit"), max_length=30, choices=DeadlineUnit.choices)
    starts_nl = models.CharField(_("starts with (Dutch)"), max_length=200)
    starts_en = models.CharField(_("starts with (English)"), max_length=200)
    legal_source = models.CharField(_("legal source"), max_length=300)
    effective_from = models.DateField(_("in force from"))
    to_be_confirmed = models.BooleanField(_("to be confirmed by the legal service"), default=False)
    on_expiry = models.CharField(_("when the deadline passes"), max_length=10,
                                 choices=OnExpiry.choices, default=OnExpiry.LATE)
    late_consequence_nl = models.TextField(_("legal consequence of a late step (Dutch)"), blank=True)
    late_consequence_en = models.TextField(_("legal consequence of a late step (English)"),
                                           blank=True)
    # Civil Code, Book 1, art. 1.7: a period whose last day is a Saturday, Sunday or public holiday
    # ends on the next working day, unless a special rule says otherwise: an attribute per rule.
    moves_to_next_working_day = models.BooleanField(
        _("a last day on a Saturday, Sunday or public holiday moves to the next working day"),
        default=False)
    move_to_be_confirmed = models.BooleanField(
        _("moving the last day is to be confirmed by the legal service"), default=False)
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
    def lapses(self) -> bool:
        return self.on_expiry == OnExpiry.LAPSE

    @property
    def late_consequence(self) -> str:
        return self.late_consequence_en if self._english else self.late_consequence_nl

    @property
    def length_label(self) -> str:
        units = {
            DeadlineUnit.WORKING_DAYS: ngettext("%(n)d working day", "%(n)d working days", self.length),
            DeadlineUnit.CALENDAR_DAYS: ngettext("%(n)d day", "%(n)d days", self.length),
            DeadlineUnit.MONTHS: ngettext("%(n)d month", "%(n)d months", self.length),
            DeadlineUnit.JUDICIAL_WORKING_DAYS: ngettext(
                "%(n)d working day", "%(n)d working days", self.length),
        }
        return units[self.unit] % {"n": self.length}


class CaseDeadline(models.Model):
    class Status(models.TextChoices):
        """Where the step stands; whether it was in time is `state`, computed from the dates."""

        RUNNING = "running", _("Step not taken yet")
        TAKEN = "taken", _("Step taken")
        CANCELLED = "cancelled", _("No longer applicable")

    case = models.ForeignKey("workflows.Case", on_delete=models.CASCADE, related_name="deadlines")
    code = models.SlugField(_("code"), max_length=50)
    rule = models.ForeignKey(DeadlineRule, on_delete=models.PROTECT, related_name="deadlines")
    start_date = models.DateField(_("starts from"))
    due_date = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RUNNING)
    met_on = models.DateField(_("step taken on"), null=True, blank=True)
    # "Proceed although late": the HR lead lets the step be taken after the due date; it stays late.
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("late step allowed by"),
    )
    override_reason = models.TextField(_("why the step is taken although late"), blank=True)
    overridden_at = models.DateTimeField(_("late step allowed at"), null=True, blank=True)
    # "Correct the starting date": the first dates are kept and shown next to the corrected ones.
    original_start_date = models.DateField(_("original start date"), null=True, blank=True)
    original_due_date = models.DateField(_("original due date"), null=True, blank=True)
    start_corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("start date corrected by"),
    )
    start_correction_reason = models.TextField(_("why the start date was corrected"), blank=True)
    start_corrected_at = models.DateTimeField(_("start date corrected at"), null=True, blank=True)
    # Set while the procedure is on hold pending a criminal case (workflows.defence.proceedings):
    # the deadline does not run from this date; resuming moves the due date and clears it.
    on_hold_since = models.DateField(_("on hold since"), null=True, blank=True)

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due_date"]
        indexes = [
            # The deadlines dashboard and the HR home page: running deadlines, most urgent first,
            # read in index order until a page of visible ones is found (docs/performance.md).
            models.Index(fields=["status", "due_date"], name="deadline_status_due"),
        ]
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
        """The HR lead allowed the step although late ("proceed although late")."""
        return self.overridden_at is not None

    @property
    def start_corrected(self) -> bool:
        return self.start_corrected_at is not None

    @property
    def days_left(self) -> int:
        return (self.due_date - timezone.localdate()).days

    @property
    def is_on_hold(self) -> bool:
        return self.is_running and self.on_hold_since is not None

    @property
    def is_overdue(self) -> bool:
        return self.is_running and not self.is_on_hold and self.days_left < 0

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days_left)

    @property
    def counts_working_days(self) -> bool:
        return self.rule.unit in (DeadlineUnit.WORKING_DAYS, DeadlineUnit.JUDICIAL_WORKING_DAYS)

    @property
    def days_left_as_counted(self) -> int:
        """Days left the way the rule counts them: working days for a working-day limit (art. 35
        Arbeidsovereenkomstenwet), calendar days otherwise."""
        if not self.counts_working_days:
            return max(0, self.days_left)
        from workflows import deadlines  # computing deadlines imports this module

        judicial = self.rule.unit == DeadlineUnit.JUDICIAL_WORKING_DAYS
        return deadlines.working_days_between(
            timezone.localdate(), self.due_date,
            is_working=deadlines.is_judicial_working_day if judicial else deadlines.is_working_day)

    def state_on(self, day) -> str:
        """The DeadlineState on `day` (see DeadlineState for what each value means)."""
        if self.status == self.Status.CANCELLED:
            return DeadlineState.CANCELLED
        if self.status == self.Status.TAKEN:
            if self.met_on is not None and self.met_on > self.due_date:
                return DeadlineState.LAPSED if self.rule.lapses else DeadlineState.LATE
            return DeadlineState.MET
        if self.is_on_hold and self.on_hold_since <= day:
            return DeadlineState.ON_HOLD
        if day > self.due_date:
            return DeadlineState.LAPSED if self.rule.lapses else DeadlineState.OVERDUE
        if (self.due_date - day).days <= settings.DEADLINE_REMINDER_DAYS:
            return DeadlineState.DUE_SOON
        return DeadlineState.RUNNING

    @property
    def state(self) -> str:
        return self.state_on(timezone.localdate())

    def get_state_display(self) -> str:
        return str(DeadlineState(self.state).label)

    @property
    def is_lapsed(self) -> bool:
        return self.state == DeadlineState.LAPSED

    def in_time_on(self, day) -> bool:
        """True only when the dates prove the step is in time if taken on `day`."""
        if self.status == self.Status.TAKEN:
            return self.state_on(day) == DeadlineState.MET
        return self.status == self.Status.RUNNING and day <= self.due_date


class RemedyQuerySet(VersionedRuleQuerySet):
    def in_force(self, decision: str, regime: str, on_date):
        """The latest version of the remedy in force on `on_date` for this kind of decision."""
        return self.version_in_force(on_date, decision=decision, regime=regime)


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
        # The route after the appeal body has decided (the Council of State), which the
        # disciplinary decision must state as well (legal review, defect 11).
        APPEAL_DECISION = "appeal_decision", _("Decision on the appeal against a sanction")

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
    change_reason = models.TextField(_("reason for this version"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("created by"),
    )

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

