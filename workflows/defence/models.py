"""The employee's defence on file, the disciplinary record, criminal proceedings and what an
employer still owes after a dismissal.

Attachments are evidence of the procedure (a receipt proves a notification, signed minutes prove
the hearing): like the report's evidence they are checked by content, stored under a random name
with their SHA-256, never changed or deleted, and their hash is written into the case's event chain.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from workflows.models.catalogue import RuleVersion
from workflows.models.events import AppendOnlyModel
from workflows.models.steps import Sanction
from workflows.states import Regime


class AttachmentKind(models.TextChoices):
    WRITTEN_DEFENCE = "written_defence", _("Written defence")
    SIGNED_MINUTES = "signed_minutes", _("Signed minutes of the hearing")
    MINUTES_REMARKS = "minutes_remarks", _("Employee's remarks on the minutes")
    MAIL_RECEIPT = "mail_receipt", _("Registered-mail receipt")
    BAILIFF_WRIT = "bailiff_writ", _("Bailiff's writ")
    LEGAL_ADVICE = "legal_advice", _("Outside legal advice")
    MEDICAL_OR_POLICE = "medical_or_police", _("Medical or police document")
    OTHER = "other", _("Other")


class ProvenStep(models.TextChoices):
    HEARING = "hearing", _("the hearing")
    NOTIFICATION = "notification", _("a notification")


# The step each kind of attachment proves; kinds not listed prove no particular step.
PROVES = {
    AttachmentKind.WRITTEN_DEFENCE: ProvenStep.HEARING,
    AttachmentKind.SIGNED_MINUTES: ProvenStep.HEARING,
    AttachmentKind.MINUTES_REMARKS: ProvenStep.HEARING,
    AttachmentKind.MAIL_RECEIPT: ProvenStep.NOTIFICATION,
    AttachmentKind.BAILIFF_WRIT: ProvenStep.NOTIFICATION,
}


def attachment_path(instance: "CaseAttachment", filename: str) -> str:
    # A random name: nothing about the case or the employee can be read from the storage path.
    return f"attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class CaseAttachment(AppendOnlyModel):
    case = models.ForeignKey("workflows.Case", on_delete=models.PROTECT, related_name="attachments")
    kind = models.CharField(_("kind of document"), max_length=30, choices=AttachmentKind.choices)
    hearing = models.ForeignKey(
        "workflows.Hearing", on_delete=models.PROTECT, null=True, blank=True,
        related_name="attachments", verbose_name=_("hearing it proves"),
    )
    notification = models.ForeignKey(
        "workflows.Notification", on_delete=models.PROTECT, null=True, blank=True,
        related_name="attachments", verbose_name=_("notification it proves"),
    )
    document_date = models.DateField(_("date of the document or of its receipt"))
    track_and_trace = models.CharField(_("track-and-trace number"), max_length=40, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to=attachment_path)
    original_name = models.CharField(_("original file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("added by"),
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("case attachment")
        verbose_name_plural = _("case attachments")
        ordering = ["case", "added_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"


class FileInspection(AppendOnlyModel):
    """The employee (or counsel) consulted the disciplinary file: when, where, which pieces."""

    case = models.ForeignKey("workflows.Case", on_delete=models.PROTECT, related_name="inspections")
    inspected_on = models.DateField(_("inspected on"))
    place = models.CharField(_("place"), max_length=200)
    pieces = models.TextField(_("pieces inspected"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("inspection of the file")
        verbose_name_plural = _("inspections of the file")
        ordering = ["case", "inspected_on", "id"]

    def __str__(self) -> str:
        return f"{self.case}: {self.inspected_on:%d/%m/%Y}"


class Counsel(AppendOnlyModel):
    class Capacity(models.TextChoices):
        LAWYER = "lawyer", _("Lawyer")
        UNION = "union", _("Union representative")
        OTHER = "other", _("Other person of trust")

    case = models.ForeignKey("workflows.Case", on_delete=models.PROTECT, related_name="counsel")
    name = models.CharField(_("name"), max_length=200)
    capacity = models.CharField(_("capacity"), max_length=20, choices=Capacity.choices)
    hearing = models.ForeignKey(
        "workflows.Hearing", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("hearing"),
    )
    attended = models.BooleanField(_("attended the hearing"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("counsel")
        verbose_name_plural = _("counsel")
        ordering = ["case", "recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_capacity_display()})"


class PriorSanction(models.Model):
    """A sanction imposed before this system was used, entered by HR for the record. Sanctions
    decided in this system are read from their decisions instead (selectors.record_of)."""

    employee = models.ForeignKey("incidents.Employee", on_delete=models.PROTECT,
                                 related_name="prior_sanctions", verbose_name=_("employee"))
    regime = models.CharField(_("legal regime"), max_length=20, choices=Regime.choices)
    sanction = models.CharField(_("sanction"), max_length=30, choices=Sanction.choices)
    decided_on = models.DateField(_("decided on"))
    authority = models.CharField(_("deciding authority"), max_length=200)
    reference = models.CharField(_("reference of the decision"), max_length=100, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("entered by"))
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)

    class Meta:
        verbose_name = _("prior sanction")
        verbose_name_plural = _("prior sanctions")
        ordering = ["employee", "decided_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_sanction_display()} {self.decided_on:%d/%m/%Y}"


class DecisionCitation(models.Model):
    """A prior sanction that a disciplinary decision cites: either a decision of this system or an
    entered prior sanction."""

    decision = models.ForeignKey("workflows.Decision", on_delete=models.CASCADE,
                                 related_name="citations")
    cited_decision = models.ForeignKey("workflows.Decision", on_delete=models.CASCADE, null=True,
                                       blank=True, related_name="cited_by")
    cited_entry = models.ForeignKey(PriorSanction, on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="cited_by")

    class Meta:
        verbose_name = _("cited prior sanction")
        verbose_name_plural = _("cited prior sanctions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cited_decision__isnull=True) ^ models.Q(cited_entry__isnull=True),
                name="citation_cites_one_thing",
            )
        ]

    def __str__(self) -> str:
        return f"{self.decision} → {self.cited_decision or self.cited_entry}"


class CriminalProceeding(models.Model):
    class Body(models.TextChoices):
        PROSECUTOR = "prosecutor", _("Public prosecutor")
        INVESTIGATING_JUDGE = "investigating_judge", _("Investigating judge")
        CRIMINAL_COURT = "criminal_court", _("Criminal court")

    case = models.ForeignKey("workflows.Case", on_delete=models.CASCADE,
                             related_name="criminal_proceedings")
    body = models.CharField(_("before"), max_length=30, choices=Body.choices)
    reference = models.CharField(_("their reference"), max_length=100, blank=True)
    known_on = models.DateField(_("known since"))
    # The day the criminal case ended (judgment, dismissal of the case): from then on it neither
    # holds the procedure nor allows a preventive suspension beyond its normal maximum.
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("recorded by"))

    class Meta:
        verbose_name = _("criminal proceedings")
        verbose_name_plural = _("criminal proceedings")
        ordering = ["case", "known_on"]

    def __str__(self) -> str:
        return f"{self.get_body_display()} {self.reference}".strip()

    def runs_on(self, day) -> bool:
        return self.known_on <= day and (self.ended_on is None or day <= self.ended_on)


class HoldBasis(RuleVersion):
    """A legal basis for putting the disciplinary procedure on hold while criminal proceedings
    about the same facts run: rulebook data with its source, version and flag, chosen per hold."""

    code = models.SlugField(_("code"), max_length=50)
    text_nl = models.TextField(_("text (Dutch)"))
    text_en = models.TextField(_("text (English)"))

    class Meta:
        verbose_name = _("legal basis for a hold")
        verbose_name_plural = _("legal bases for a hold")
        ordering = ["regime", "code", "-effective_from", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "regime", "effective_from", "version"],
                                    name="unique_hold_basis_version")
        ]

    def __str__(self) -> str:
        return f"{self.text} ({self.legal_source}, v{self.version})"

    @property
    def text(self) -> str:
        return self.text_en if (get_language() or "nl").startswith("en") else self.text_nl


class CaseHold(models.Model):
    """The disciplinary procedure waits for the criminal case: its deadlines do not run."""

    case = models.ForeignKey("workflows.Case", on_delete=models.CASCADE, related_name="holds")
    proceeding = models.ForeignKey(CriminalProceeding, on_delete=models.CASCADE,
                                   related_name="holds")
    starts_on = models.DateField(_("on hold from"))
    ends_on = models.DateField(_("resumed on"), null=True, blank=True)
    # Holds put before the legal basis was a rulebook entry have none: their text is the note.
    basis = models.ForeignKey(HoldBasis, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="holds", verbose_name=_("legal basis"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("hold")
        verbose_name_plural = _("holds")
        ordering = ["case", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=models.Q(ends_on__isnull=True),
                                    name="one_open_hold_per_case")
        ]

    def __str__(self) -> str:
        return f"{self.case}: {self.starts_on:%d/%m/%Y}"


class DismissalNotice(models.Model):
    """An ordinary dismissal with notice: the notice letter (a notification of the dismissal), the
    day the notice period starts (when the letter takes effect, rulebook) and its length as HR
    entered it; its last day ends the employment and dates the tasks after the dismissal."""

    case = models.OneToOneField("workflows.Case", on_delete=models.CASCADE,
                                related_name="dismissal_notice")
    notification = models.OneToOneField("workflows.Notification", on_delete=models.PROTECT,
                                        related_name="+", verbose_name=_("notice letter"))
    weeks = models.PositiveSmallIntegerField(_("notice period in weeks"))
    starts_on = models.DateField(_("notice period starts on"))
    ends_on = models.DateField(_("last day of the employment"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("notice period")
        verbose_name_plural = _("notice periods")

    def __str__(self) -> str:
        return f"{self.starts_on:%d/%m/%Y} – {self.ends_on:%d/%m/%Y}"


class DismissalTask(models.Model):
    class Kind(models.TextChoices):
        C4 = "c4", _("Hand over the C4 form (unemployment certificate)")
        SOCIAL_DOCUMENTS = "social_documents", _(
            "Send the social documents (individual account, holiday pay certificate)")
        FINAL_PAY = "final_pay", _("Pay the final pay and end-of-service holiday pay")

    case = models.ForeignKey("workflows.Case", on_delete=models.CASCADE,
                             related_name="dismissal_tasks")
    kind = models.CharField(_("task"), max_length=30, choices=Kind.choices)
    rule = models.ForeignKey("workflows.DeadlineRule", on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                blank=True, related_name="+", verbose_name=_("done by"))

    class Meta:
        verbose_name = _("task after the dismissal")
        verbose_name_plural = _("tasks after the dismissal")
        ordering = ["case", "due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "kind"], name="one_dismissal_task_per_kind")
        ]

    def __str__(self) -> str:
        return self.get_kind_display()
