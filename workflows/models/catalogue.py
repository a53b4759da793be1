"""The rulebook beyond time limits: which sanctions each regime knows, which body decides what, and
the log of every confirmation and correction of a rule.

Like a deadline rule, an entry is never edited in place: a correction is a new version with who and
why, and a decision keeps the version it was checked against (`Decision.competence_rule`).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from incidents.models import Body, Grade
from workflows.models.rulebook import VersionedRuleQuerySet
from workflows.states import Regime


def sanction_label(code: str) -> str:
    from workflows.models.steps import Sanction

    return str(Sanction(code).label) if code in Sanction.values else code


class RuleVersionQuerySet(VersionedRuleQuerySet):
    def in_force(self, on_date, **key):
        """The latest version, in force on `on_date`, of the rule identified by `key`."""
        return self.version_in_force(on_date, **key)


class RuleVersion(models.Model):
    """What every rulebook entry has: its regime, legal source, effective date, version and flag."""

    regime = models.CharField(_("legal regime"), max_length=20, choices=Regime.choices)
    version = models.PositiveIntegerField(_("version"), default=1)
    legal_source = models.CharField(_("legal source"), max_length=300)
    effective_from = models.DateField(_("in force from"))
    to_be_confirmed = models.BooleanField(_("to be confirmed by the legal service"), default=False)
    change_reason = models.TextField(_("reason for this version"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = RuleVersionQuerySet.as_manager()

    class Meta:
        abstract = True


class SanctionRule(RuleVersion):
    """One sanction of a regime's catalogue. A version with `in_catalogue` off takes the sanction
    out of the catalogue from its effective date."""

    sanction = models.CharField(_("sanction"), max_length=30)
    in_catalogue = models.BooleanField(_("in the catalogue"), default=True)
    # What the decision letter tells the employee the sanction means (pay included). Flagged on
    # its own: a catalogue entry can be confirmed while its effect on pay is not.
    effect_nl = models.TextField(_("effect stated in the letter (Dutch)"), blank=True)
    effect_to_be_confirmed = models.BooleanField(
        _("effect to be confirmed by the legal service"), default=False)

    class Meta:
        verbose_name = _("sanction catalogue entry")
        verbose_name_plural = _("sanction catalogue")
        ordering = ["regime", "sanction", "-effective_from", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["regime", "sanction", "effective_from", "version"],
                                    name="unique_sanction_rule_version")
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.get_regime_display()}, v{self.version})"

    @property
    def label(self) -> str:
        return sanction_label(self.sanction)


class CompetenceRule(RuleVersion):
    """Which kind of body decides `decision` (a sanction code, or "sanction", "prosecution",
    "dismissal" for all of that step) in a regime, for employees of `grade` (empty: every grade).
    `delegable`: the body may delegate to a staff member of at least equal grade (art. 201 DLB)."""

    class Decision(models.TextChoices):
        DISMISSAL = "dismissal", _("Dismissal (or the measure taken instead)")
        PROSECUTION = "prosecution", _("Decision whether to prosecute")
        SANCTION = "sanction", _("Disciplinary decision (every sanction)")

    decision = models.CharField(_("decision"), max_length=30)
    grade = models.CharField(_("grade of the employee"), max_length=20, choices=Grade.choices,
                             blank=True, help_text=_("Empty: every grade."))
    body_kind = models.CharField(_("competent body"), max_length=30, choices=Body.Kind.choices)
    delegable = models.BooleanField(_("may delegate (art. 201 DLB)"), default=False)

    class Meta:
        verbose_name = _("competence rule")
        verbose_name_plural = _("competence rules")
        ordering = ["regime", "decision", "grade", "-effective_from", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["regime", "decision", "grade", "effective_from", "version"],
                name="unique_competence_rule_version",
            )
        ]

    def __str__(self) -> str:
        regime = self.get_regime_display()
        return f"{self.decision_label}: {self.get_body_kind_display()} ({regime})"

    @property
    def decision_label(self) -> str:
        if self.decision in self.Decision.values:
            return str(self.Decision(self.decision).label)
        return sanction_label(self.decision)


class SuspensionRule(RuleVersion):
    """What a regime allows during a preventive suspension (ordemaatregel): whether pay may be
    reduced, by how much, on which condition; whether it may be extended beyond its maximum
    (rule "preventive_suspension_max"); and what its lapse means. One entry per regime."""

    reduction_allowed = models.BooleanField(_("salary reduction allowed"), default=False)
    max_reduction_percent = models.PositiveSmallIntegerField(
        _("largest reduction (percentage of net pay)"), default=0,
        validators=[MaxValueValidator(100)])
    only_with_criminal_proceedings = models.BooleanField(
        _("reduction only while the facts are subject of criminal proceedings"), default=False)
    extendable_with_criminal_proceedings = models.BooleanField(
        _("may be extended beyond the maximum during criminal proceedings"), default=False)
    lapse_consequence_nl = models.TextField(_("consequence of the lapse (Dutch)"))
    lapse_consequence_en = models.TextField(_("consequence of the lapse (English)"))

    class Meta:
        verbose_name = _("preventive suspension rule")
        verbose_name_plural = _("preventive suspension rules")
        ordering = ["regime", "-effective_from", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["regime", "effective_from", "version"],
                                    name="unique_suspension_rule_version")
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} ({self.get_regime_display()}, v{self.version})"

    @property
    def lapse_consequence(self) -> str:
        english = (get_language() or "nl").startswith("en")
        return self.lapse_consequence_en if english else self.lapse_consequence_nl


class NotificationRule(RuleVersion):
    """The forms in which a decision must be notified: the appeal period against a disciplinary
    decision runs from its receipt, which the employer must prove (legal-rules §5 "Notification
    of a disciplinary decision", to be confirmed); notice of an ordinary dismissal given by the
    employer is null in any other form than the statute's (art. 37 §1 Arbeidsovereenkomstenwet).
    A method not listed is refused when the notification is recorded."""

    class Subject(models.TextChoices):
        DISCIPLINARY_DECISION = "disciplinary_decision", _("Notifying a disciplinary decision")
        EMPLOYER_NOTICE = "employer_notice", _("Notice of dismissal given by the employer")

    subject = models.CharField(_("what is notified"), max_length=30, choices=Subject.choices)
    methods = models.CharField(
        _("methods allowed"), max_length=200,
        help_text=_("The notification methods, comma-separated, in NotificationMethod's order."))

    class Meta:
        verbose_name = _("notification rule")
        verbose_name_plural = _("notification rules")
        ordering = ["regime", "subject", "-effective_from", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["subject", "regime", "effective_from", "version"],
                                    name="unique_notification_rule_version")
        ]

    def __str__(self) -> str:
        return f"{self.get_subject_display()} ({self.get_regime_display()}, v{self.version})"

    @property
    def method_list(self) -> list[str]:
        return [method for method in self.methods.split(",") if method]

    def method_labels(self) -> str:
        from workflows.models.steps import NotificationMethod

        return ", ".join(str(NotificationMethod(m).label) for m in self.method_list)


class RuleChange(models.Model):
    """The rulebook's own log, independent of any case: who confirmed or corrected which rule, and
    why."""

    class Action(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        CORRECTED = "corrected", _("Corrected (new version)")

    rule_kind = models.CharField(_("kind of rule"), max_length=30)
    rule_id = models.PositiveIntegerField(_("rule"))
    new_rule_id = models.PositiveIntegerField(_("new version"), null=True, blank=True)
    rule_label = models.CharField(_("rule"), max_length=300)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    reason = models.TextField(_("reason"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("by"))
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("rulebook change")
        verbose_name_plural = _("rulebook changes")
        ordering = ["-at", "-pk"]
        permissions = [
            ("view_rulebook", "Can read the rulebook and the cases using each rule"),
            ("confirm_rule", "Can confirm or correct a rulebook entry"),
        ]

    def __str__(self) -> str:
        return f"{self.rule_label}: {self.get_action_display()}"
