from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField

from incidents.models import Incident, LegalStatus, Provision
from workflows.states import CaseState, Regime, Track
from workflows.tracks import DisciplinaryTrack, DismissalTrack, TriageTrack

EDUCATION_STATUSES = {
    LegalStatus.EDUCATION_PERMANENT,
    LegalStatus.EDUCATION_TEMPORARY_INDEFINITE,
    LegalStatus.EDUCATION_TEMPORARY_FIXED,
}


class Case(TriageTrack, DismissalTrack, DisciplinaryTrack, ConcurrentTransitionMixin, models.Model):
    class Outcome(models.TextChoices):
        NO_FOLLOW_UP = "no_follow_up", _("Closed without follow-up")
        CONVERSATION = "conversation", _("Informal measure: conversation")
        WRITTEN_WARNING = "written_warning", _("Informal measure: written warning")
        DISMISSED = "dismissed", _("Dismissal for serious reason")
        DISMISSAL_WITH_NOTICE = "dismissal_with_notice", _("Ordinary dismissal with notice")
        WORK_RULES_SANCTION = "work_rules_sanction", _("Sanction under the work rules")
        WARNING = "warning", _("Warning")
        NO_MEASURE = "no_measure", _("No measure")
        NOT_PROSECUTED = "not_prosecuted", _("Not prosecuted")
        PROSECUTION_LAPSED = "prosecution_lapsed", _(
            "Prosecution lapsed: presumed abandoned after the time to decide")
        PROCEEDINGS_TIME_BARRED = "proceedings_time_barred", _(
            "Time limit to start disciplinary proceedings passed")
        SANCTION = "sanction", _("Disciplinary sanction")
        NO_SANCTION = "no_sanction", _("No disciplinary sanction")
        SANCTION_ANNULLED = "sanction_annulled", _("Sanction annulled on appeal")

    class Seriousness(models.TextChoices):
        MINOR = "minor", _("Minor")
        SERIOUS = "serious", _("Serious")
        VERY_SERIOUS = "very_serious", _("Very serious (possible zware fout, Art. 6)")

    reference = models.CharField(_("reference"), max_length=20, unique=True, blank=True)
    incident = models.OneToOneField(Incident, on_delete=models.PROTECT, related_name="case")
    state = FSMField(
        _("state"), default=CaseState.REPORTED, choices=CaseState.choices, protected=True
    )
    track = models.CharField(_("track"), max_length=20, choices=Track.choices, default=Track.TRIAGE)
    regime = models.CharField(_("legal regime"), max_length=20, choices=Regime.choices, blank=True)
    legal_status = models.CharField(
        _("legal status at the date of the facts"), max_length=40, choices=LegalStatus.choices
    )
    provisions = models.ManyToManyField(
        Provision, related_name="cases", verbose_name=_("provisions (as qualified by HR)")
    )
    seriousness = models.CharField(
        _("seriousness"), max_length=20, choices=Seriousness.choices, blank=True
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="handled_cases", verbose_name=_("HR handler"),
    )
    investigator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="investigated_cases", verbose_name=_("investigator"),
    )
    knowledge_date = models.DateField(_("date of certain knowledge"), null=True, blank=True)
    report_noted_on = models.DateField(_("investigation report noted on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices, blank=True)
    restricted = models.BooleanField(_("restricted"), default=False)
    legal_hold = models.BooleanField(_("legal hold"), default=False)
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_at"]
        indexes = [
            # The case list (newest first, one page of 25) and the HR home page's triage queue
            # (state "reported", oldest first): both read the index in order instead of sorting
            # every visible case (docs/performance.md, 100,000 cases). The state index is needed
            # too: with `opened_at` alone SQLite walks all cases for the triage queue.
            models.Index(fields=["opened_at"], name="case_opened_at"),
            models.Index(fields=["state", "opened_at"], name="case_state_opened_at"),
        ]
        permissions = [
            ("triage_case", "Can take reported cases in triage"),
            ("handle_case", "Can run the procedure of a case"),
            ("decide_case", "Can take decisions in a case"),
            ("review_case", "Can review a case and write legal opinions"),
            ("assign_case", "Can assign handlers and reviewers"),
            ("view_all_cases", "Can see all cases not excluded from"),
            ("view_access_log", "Can read the access log of a case"),
            ("override_deadline", "Can record an override of a passed deadline"),
            ("view_statistics", "Can see the protected statistics and the annual report"),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("workflows:case_detail", kwargs={"reference": self.reference})

    @property
    def employee(self):
        return self.incident.employee

    @property
    def is_education(self) -> bool:
        return self.legal_status in EDUCATION_STATUSES

    @property
    def is_closed(self) -> bool:
        return self.state == CaseState.CLOSED

    def running_deadline(self, code: str):
        return next(
            (d for d in self.deadlines.all() if d.code == code and d.is_running), None
        )

    def deadline_passed(self, code: str) -> bool:
        deadline = self.running_deadline(code)
        return deadline is not None and deadline.is_overdue

    def deadline_blocks(self, code: str) -> bool:
        """A passed deadline blocks its step: for good when its rule lapses, otherwise until the
        HR lead allows the step although late."""
        deadline = self.running_deadline(code)
        if deadline is None or not deadline.is_overdue:
            return False
        return deadline.rule.lapses or not deadline.overridden

    def deadline_lapsed(self, code: str) -> bool:
        deadline = self.running_deadline(code)
        return deadline is not None and deadline.is_lapsed

    @property
    def lapsed_deadlines(self) -> list:
        """Running deadlines whose rule lapsed: the right they protect is lost."""
        return [d for d in self.deadlines.all() if d.is_running and d.is_lapsed]
