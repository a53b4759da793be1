"""What the procedure's steps record: hearings, decisions, notifications, appeals, suspensions."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from incidents.models import SignatureBlock
from workflows.states import Regime


class Sanction(models.TextChoices):
    """Every sanction the application knows. Which of them a regime allows is rulebook data
    (workflows.models.catalogue.SanctionRule), with its source and flag."""

    # Decreet Lokaal Bestuur (catalogue as listed in docs/legal-sources.md; light/heavy split unverified).
    REPRIMAND = "blaam", _("Reprimand (blaam)")
    SALARY_WITHHOLDING = "inhouding_salaris", _("Salary withholding (inhouding van salaris)")
    SUSPENSION = "schorsing", _("Disciplinary suspension (schorsing)")
    DISMISSAL = "ontslag", _("Dismissal (ontslag)")
    REMOVAL = "afzetting", _("Removal from office (afzetting)")
    # Decree of 27 March 1991 (seen in appeal decisions; statutory list to be confirmed).
    AVAILABILITY = "terbeschikkingstelling", _("Placement on availability (terbeschikkingstelling)")
    DEMOTION_TEMPORARY = "terugzetting", _("Return to temporary appointment (terugzetting)")


# Sanctions with a duration, and the rulebook entry holding their maximum.
SANCTION_DURATION_RULES = {
    Sanction.SALARY_WITHHOLDING: "salary_withholding_max",
    Sanction.SUSPENSION: "disciplinary_suspension_max",
}


DECISION_KINDS = {
    "dismissal": _("Dismissal for serious reason"),
    "prosecute": _("Decision to prosecute"),
    "no_prosecution": _("Decision not to prosecute"),
    "no_sanction": _("No disciplinary sanction"),
}


class NotificationMethod(models.TextChoices):
    REGISTERED_LETTER = "registered_letter", _("Registered letter")
    BAILIFF = "bailiff", _("Bailiff's writ")
    HAND_DELIVERED = "hand_delivered", _("Handed over, duplicate signed by the employee")
    ORDINARY_MAIL = "ordinary_mail", _("Ordinary post")
    EMAIL = "email", _("E-mail")
    COURIER = "courier", _("Courier")
    ORALLY = "orally", _("Orally")


# Art. 35 al. 5 Arbeidsovereenkomstenwet: the only valid forms for notifying the serious reason.
VALID_REASON_METHODS = {
    NotificationMethod.REGISTERED_LETTER,
    NotificationMethod.BAILIFF,
    NotificationMethod.HAND_DELIVERED,
}


class Hearing(models.Model):
    class Outcome(models.TextChoices):
        HELD = "held", _("Held")
        REFUSED = "refused", _("Employee refused to be heard")
        IMPOSSIBLE = "impossible", _("Hearing impossible (unreachable, urgency, established facts)")
        DID_NOT_APPEAR = "did_not_appear", _(
            "Did not appear although duly summoned (the authority decides on the file)")

    # "Hearing impossible" is a contract-law notion (GwH 86/2017); in the tuchtprocedure the summons
    # is statutory and a duly summoned employee who stays away is decided on the file.
    OUTCOMES_BY_TRACK = {
        "dismissal": [Outcome.HELD, Outcome.REFUSED, Outcome.IMPOSSIBLE],
        "disciplinary": [Outcome.HELD, Outcome.DID_NOT_APPEAR],
    }
    OUTCOME_SOURCES = {
        "dismissal": "Grondwettelijk Hof 86/2017 en 22/2018 (uitzonderingen op de hoorplicht: "
                     "vaststaande feiten, hoogdringendheid, onbereikbaar personeelslid)",
        "disciplinary": "BVR 20 juli 2018 (oproeping en verhoor; bij niet-verschijnen van het "
                        "regelmatig opgeroepen personeelslid beslist de tuchtoverheid op het "
                        "dossier, te bevestigen)",
    }

    case = models.ForeignKey("workflows.Case", on_delete=models.CASCADE, related_name="hearings")
    scheduled_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200)
    facts_summary = models.TextField(_("facts held against the employee"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    # The minutes state when the hearing began and ended (L7); a hearing that did not take place
    # has neither.
    start_time = models.TimeField(_("started at"), null=True, blank=True)
    end_time = models.TimeField(_("ended at"), null=True, blank=True)
    attendees = models.TextField(_("attendees"), blank=True)
    minutes = models.TextField(_("statements (minutes)"), blank=True)
    outcome_reason = models.TextField(_("why the hearing did not take place"), blank=True)
    gave_certain_knowledge = models.BooleanField(
        _("the hearing gave certain knowledge of the facts"), default=False
    )
    knowledge_justification = models.TextField(
        _("why the hearing gave certain knowledge"), blank=True)
    date_note = models.TextField(_("why the hearing took place before its scheduled date"),
                                 blank=True)

    class Meta:
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        ordering = ["case", "scheduled_at"]

    def __str__(self) -> str:
        return f"{self.case} {self.scheduled_at:%d/%m/%Y %H:%M}"


class Decision(models.Model):
    case = models.ForeignKey("workflows.Case", on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(_("decision"), max_length=60)
    sanction = models.CharField(_("sanction"), max_length=30, choices=Sanction.choices, blank=True)
    duration_months = models.PositiveSmallIntegerField(_("duration in months"), null=True, blank=True)
    withholding_fraction = models.DecimalField(
        _("share of net pay withheld"), max_digits=4, decimal_places=3, null=True, blank=True
    )
    reasons = models.TextField(_("reasons"))
    deviation_reason = models.TextField(
        _("why this differs from comparable cases"), blank=True,
        help_text=_("Required when no published number of comparable closed cases received this "
                    "outcome (equality principle)."),
    )
    authority = models.CharField(_("deciding authority"), max_length=200)
    # The competent body (workflows.competence checks it); `authority` keeps its name as written
    # at the time, and is all that decisions recorded before bodies existed have.
    body = models.ForeignKey(
        "incidents.Body", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("deciding body"),
    )
    competence_rule = models.ForeignKey(
        "workflows.CompetenceRule", on_delete=models.PROTECT, null=True, blank=True,
        related_name="decisions", verbose_name=_("competence rule applied"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("recorded by"),
    )
    decided_on = models.DateField(_("decided on"), default=timezone.localdate)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["case", "decided_on", "id"]

    def __str__(self) -> str:
        return f"{self.case}: {self.kind}"

    def signature_block(self) -> SignatureBlock:
        """The "Namens ..." line and the named signatories of this decision, for the documents (see
        incidents.models.employers.Body). A decision without a body falls back to its authority's
        name, without a person."""
        if self.body_id is None:
            return SignatureBlock(on_behalf="", signatories=[("", self.authority)])
        return self.body.signature_block()

    @property
    def kind_display(self) -> str:
        """What was decided, in the reader's language (kind holds a sanction, an outcome or a
        decision on prosecution)."""
        from workflows.models.case import Case

        for choices in (Sanction, Case.Outcome):
            if self.kind in choices.values:
                return str(choices(self.kind).label)
        return str(DECISION_KINDS.get(self.kind, self.kind))


class SanctionProposal(models.Model):
    """Tuchtvoorstel: the sanction proposed, with its motivation, by the investigator or the line
    manager before the authority decides. Whoever proposed may not decide (explanatory notes to the
    Flemish government staff statute, Part VIII, art. VIII 7)."""

    case = models.ForeignKey("workflows.Case", on_delete=models.CASCADE, related_name="proposals")
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("proposed by"),
    )
    proposer_role = models.CharField(_("as"), max_length=20, choices=[
        ("investigator", _("Investigator")), ("line_manager", _("Line manager")),
    ])
    sanction = models.CharField(_("proposed sanction"), max_length=30, choices=Sanction.choices,
                                blank=True)
    duration_months = models.PositiveSmallIntegerField(_("duration in months"), null=True,
                                                       blank=True)
    motivation = models.TextField(_("motivation"))
    proposed_on = models.DateField(_("proposed on"), default=timezone.localdate)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("sanction proposal")
        verbose_name_plural = _("sanction proposals")
        ordering = ["case", "proposed_on", "id"]

    def __str__(self) -> str:
        return f"{self.case}: {self.sanction or 'no_sanction'}"


class Notification(models.Model):
    class Subject(models.TextChoices):
        DISMISSAL = "dismissal", _("Dismissal")
        REASON = "reason", _("Serious reason")
        DECISION = "decision", _("Disciplinary decision")

    case = models.ForeignKey(
        "workflows.Case", on_delete=models.CASCADE, related_name="notifications"
    )
    subject = models.CharField(_("what was notified"), max_length=20, choices=Subject.choices)
    method = models.CharField(_("method"), max_length=30, choices=NotificationMethod.choices)
    sent_on = models.DateField(_("date sent or handed over (posting date)"))
    received_on = models.DateField(_("date received"), null=True, blank=True)
    receipt_presumed = models.BooleanField(
        _("receipt date presumed (registered letter not collected)"), default=False)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["case", "sent_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_subject_display()} {self.sent_on:%d/%m/%Y}"


class Appeal(models.Model):
    class Outcome(models.TextChoices):
        REJECTED = "rejected", _("Appeal rejected")
        ANNULLED = "annulled", _("Sanction annulled")

    case = models.ForeignKey("workflows.Case", on_delete=models.CASCADE, related_name="appeals")
    body = models.CharField(_("appeal body"), max_length=200)
    lodged_on = models.DateField(_("lodged on"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_on = models.DateField(_("outcome on"), null=True, blank=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["case", "lodged_on"]

    def __str__(self) -> str:
        return f"{self.body} {self.lodged_on:%d/%m/%Y}"


class PreventiveSuspension(models.Model):
    """Ordemaatregel: art. 209 DLB (max 6 months); decree of 27 March 1991 (max 1 year).

    `ends_on` is the LAST day of the suspension (inclusive): a suspension from 1 January for at
    most 6 months ends on 30 June at the latest. It ends earlier, on `ended_on`, when the case is
    closed or a sanction is decided.
    """

    class EndReason(models.TextChoices):
        CASE_CLOSED = "case_closed", _("the case was closed")
        SANCTION_DECIDED = "sanction_decided", _("a sanction was decided")
        # Art. 209 DLB: it lapses when its time limits are not respected.
        LAPSED = "lapsed", _("its term passed: it lapsed")

    case = models.ForeignKey(
        "workflows.Case", on_delete=models.CASCADE, related_name="suspensions"
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    salary_reduction = models.BooleanField(_("with salary reduction"), default=False)
    salary_reduction_percent = models.PositiveSmallIntegerField(
        _("salary reduction (percentage of net pay)"), default=0)
    # The rule the pay terms were checked against; the letter cites it.
    rule = models.ForeignKey("workflows.SuspensionRule", on_delete=models.PROTECT, null=True,
                             blank=True, related_name="suspensions",
                             verbose_name=_("preventive suspension rule"))
    reason = models.TextField(_("reason"))
    heard_on = models.DateField(_("employee heard on"), null=True, blank=True)
    no_hearing_reason = models.TextField(_("urgency that prevented a prior hearing"), blank=True)
    ended_on = models.DateField(_("ended early on"), null=True, blank=True)
    end_reason = models.CharField(_("why it ended"), max_length=20, choices=EndReason.choices,
                                  blank=True)
    imposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("preventive suspension")
        verbose_name_plural = _("preventive suspensions")
        ordering = ["case", "starts_on"]

    def __str__(self) -> str:
        return f"{self.starts_on:%d/%m/%Y} – {self.last_day:%d/%m/%Y}"

    @property
    def last_day(self):
        """The last day the suspension applies (inclusive)."""
        return self.ended_on or self.ends_on

    def is_active_on(self, day) -> bool:
        return self.starts_on <= day <= self.last_day

    @property
    def lapsed(self) -> bool:
        """Its term passed while the case ran on (art. 209 DLB), recorded or not yet."""
        if self.end_reason or self.ended_on:
            return self.end_reason == self.EndReason.LAPSED
        return self.ends_on < timezone.localdate()
