"""One small form per step: exactly what the step's service needs, nothing more."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import roles
from core.form_limits import SafeModelMultipleChoiceField, apply_limits
from core.forms import BY_NAME, PersonChoiceField
from incidents.models import Body, Provision
from workflows.defence.record import case_record
from workflows.models import Appeal, Case, Hearing, NotificationMethod
from workflows.competence import competent_body_list, sanction_catalogue
from workflows.models.steps import Sanction
from workflows.services.reviews import default_review_due_date

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
TEXT = forms.Textarea(attrs={"rows": 3})


class RowsReadOnce(ModelChoiceIterator):
    """The choices of a field whose rows several forms of one page share (`field.shared_rows`, a
    dict kept on the case): read once however many forms show them; a submitted choice is still
    checked against the database (`queryset`)."""

    def rows(self) -> list:
        shared = getattr(self.field, "shared_rows", None)
        if shared is None:
            return list(self.queryset)
        if "rows" not in shared:
            shared["rows"] = list(self.queryset)
        return shared["rows"]

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.rows():
            yield self.choice(obj)

    def __len__(self) -> int:
        return len(self.rows()) + (1 if self.field.empty_label is not None else 0)

    def __bool__(self) -> bool:
        return self.field.empty_label is not None or bool(self.rows())


class SharedChoiceField(forms.ModelChoiceField):
    iterator = RowsReadOnce


class HROfficerField(PersonChoiceField):
    iterator = RowsReadOnce


def offer_hr_officers(field: HROfficerField, case: Case) -> None:
    """The case page offers the HR staff in three forms (handler, add and remove a co-handler):
    one query for the three (issue #16)."""
    field.queryset = hr_officers(case)
    field.shared_rows = case.__dict__.setdefault("_hr_officer_rows", {})


class StepForm(forms.Form):
    def __init__(self, *args, case: Case, **kwargs):
        self.case = case
        super().__init__(*args, **kwargs)
        apply_limits(self)


class NoteForm(StepForm):
    note = forms.CharField(label=_("Note (optional)"), required=False, widget=TEXT)


class ReasonForm(StepForm):
    reason = forms.CharField(label=_("Reason"), widget=TEXT, max_length=10000)


class DecisionReasonForm(ReasonForm):
    """A decision: only the bodies the rulebook makes competent for it are offered."""

    competence = "prosecution"
    body = SharedChoiceField(label=_("Deciding body"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = self.competent_bodies()

    def competent_bodies(self):
        """Asked once per case and decisions: two steps of a page may decide the same thing
        (dismissal, or dismissal with notice), issue #16."""
        decisions = tuple(self.decisions())
        memo = self.case.__dict__.setdefault("_competent_bodies", {})
        if decisions not in memo:
            try:
                memo[decisions] = competent_body_list(case=self.case, decisions=list(decisions),
                                                      on=timezone.localdate()), ""
            except ValidationError as error:
                memo[decisions] = [], " ".join(error.messages)
        rows, refusal = memo[decisions]
        self.fields["body"].help_text = refusal or self.fields["body"].help_text
        # The choices shown are the rows read; a submitted choice is checked in the database.
        self.fields["body"].shared_rows = {"rows": rows}
        return Body.objects.filter(pk__in=[body.pk for body in rows]).select_related("employer")

    def decisions(self) -> list[str]:
        return [self.competence]


class InformalMeasureForm(ReasonForm):
    measure = forms.ChoiceField(label=_("Measure"), choices=[
        (Case.Outcome.CONVERSATION, Case.Outcome.CONVERSATION.label),
        (Case.Outcome.WRITTEN_WARNING, Case.Outcome.WRITTEN_WARNING.label),
    ])
    confirm_written_warning = forms.BooleanField(
        label=_("I know that for statutory staff a written warning kept in the file may count as a "
                "disguised sanction"), required=False)


class KnowledgeForm(StepForm):
    knowledge_date = forms.DateField(
        label=_("Date on which the competent authority had certain knowledge of the facts"),
        widget=DATE,
    )
    reason = forms.CharField(
        label=_("Note (required when this date is later than the reporting manager's)"),
        required=False, widget=TEXT)


class InvestigationForm(KnowledgeForm):
    investigator = PersonChoiceField(label=_("Investigator"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["investigator"].queryset = get_user_model().objects.filter(
            is_active=True, groups__name__in=[roles.HR, roles.HR_LEADS, roles.LEGAL]
        ).exclude(employee=self.case.incident.employee).distinct().order_by(*BY_NAME)


class ConvocationForm(StepForm):
    summoned_on = forms.DateField(label=_("Date the summons is sent"), widget=DATE,
                                  required=False, help_text=_("Today if left empty."))
    scheduled_at = forms.DateTimeField(label=_("Date and time of the hearing"), widget=DATETIME)
    place = forms.CharField(label=_("Place"), max_length=200)
    facts_summary = forms.CharField(label=_("Facts held against the employee"), widget=TEXT,
                                    max_length=20000)
    confirm_unusual_time = forms.BooleanField(
        label=_("Confirm a hearing on a Sunday, a public holiday or at night"), required=False)
    confirm_after_deadline = forms.BooleanField(
        label=_("Confirm a hearing after the running deadline"), required=False)


class HearingRecordForm(StepForm):
    outcome = forms.ChoiceField(label=_("Outcome"))
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    start_time = forms.TimeField(label=_("Started at"), widget=TIME, required=False,
                                 help_text=_("Required when the hearing took place."))
    end_time = forms.TimeField(label=_("Ended at"), widget=TIME, required=False)
    date_note = forms.CharField(
        label=_("Why the hearing took place before its scheduled date (if so)"), required=False,
        widget=TEXT)
    attendees = forms.CharField(label=_("Attendees"), required=False, widget=TEXT)
    minutes = forms.CharField(label=_("Statements (minutes)"), required=False, widget=TEXT,
                              max_length=50000)
    outcome_reason = forms.CharField(label=_("Why the hearing did not take place"),
                                     required=False, widget=TEXT)
    gave_certain_knowledge = forms.BooleanField(
        label=_("The hearing gave certain knowledge of the facts (the deadline runs from it; HR "
                "lead only)"),
        required=False,
    )
    knowledge_justification = forms.CharField(
        label=_("Why the hearing, and not an earlier moment, gave certain knowledge"),
        required=False, widget=TEXT)
    confirm_late_knowledge = forms.BooleanField(
        label=_("Confirm although the deadline from the first knowledge date had already passed"),
        required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        outcomes = Hearing.OUTCOMES_BY_TRACK.get(self.case.track, Hearing.Outcome.values)
        self.fields["outcome"].choices = [(o, Hearing.Outcome(o).label) for o in outcomes]
        if self.case.track != "dismissal":
            for name in ("gave_certain_knowledge", "knowledge_justification",
                         "confirm_late_knowledge"):
                del self.fields[name]


class FinalDecisionForm(DecisionReasonForm):
    """A decision that settles the case: compared with how comparable cases ended."""

    deviation_reason = forms.CharField(
        label=_("Why this case differs from comparable cases (if asked)"), required=False,
        widget=TEXT, max_length=10000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Asked for after the decision itself, which it justifies.
        self.order_fields([name for name in self.fields if name != "deviation_reason"]
                          + ["deviation_reason"])


class DismissalDecisionForm(FinalDecisionForm):
    competence = "dismissal"


class OtherMeasureForm(FinalDecisionForm):
    competence = "dismissal"
    measure = forms.ChoiceField(label=_("Measure"), choices=[
        (o, o.label) for o in (Case.Outcome.DISMISSAL_WITH_NOTICE,
                               Case.Outcome.WORK_RULES_SANCTION, Case.Outcome.WARNING,
                               Case.Outcome.NO_MEASURE)
    ])


class NotificationForm(StepForm):
    method = forms.ChoiceField(label=_("Method"), choices=NotificationMethod.choices)
    sent_on = forms.DateField(label=_("Date sent or handed over (posting date)"), widget=DATE)


class DismissalNotificationForm(NotificationForm):
    pass


class ReasonNotificationForm(NotificationForm):
    # Every method is offered so that an invalid one is refused with its legal reason.
    pass


class DecisionNotificationForm(NotificationForm):
    received_on = forms.DateField(label=_("Date received by the employee"), widget=DATE,
                                  required=False)


class InvestigationReportForm(StepForm):
    noted_on = forms.DateField(label=_("Date the report was formally taken note of"),
                               widget=DATE)
    reason = forms.CharField(label=_("Note (optional)"), required=False, widget=TEXT)


def catalogue_choices(case: Case) -> list[tuple[str, str]]:
    """The regime's sanctions from the rulebook, flagged where the legal service must confirm."""
    choices = []
    for rule in sanction_catalogue(regime=case.regime, on=timezone.localdate()):
        label = Sanction(rule.sanction).label if rule.sanction in Sanction.values else rule.sanction
        if rule.to_be_confirmed:
            label = _("%(sanction)s (to be confirmed by the legal service)") % {"sanction": label}
        choices.append((rule.sanction, label))
    return choices


class SanctionProposalForm(StepForm):
    proposer_role = forms.ChoiceField(label=_("Proposal by"), choices=[
        ("investigator", _("the investigator")), ("line_manager", _("the line manager")),
    ])
    sanction = forms.ChoiceField(label=_("Proposed sanction"), required=False)
    duration_months = forms.IntegerField(label=_("Duration in months"), required=False,
                                         min_value=1, max_value=120)
    motivation = forms.CharField(label=_("Motivation of the proposal"), widget=TEXT,
                                 max_length=20000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sanction"].choices = [("", _("No sanction"))] + catalogue_choices(self.case)

    def clean(self):
        data = super().clean()
        # The proposer is the person in that role on the case, never whoever fills in the form.
        people = {"investigator": self.case.investigator,
                  "line_manager": self.case.incident.reporter}
        data["proposer"] = people.get(data.get("proposer_role"))
        return data


class SanctionForm(FinalDecisionForm):
    competence = "sanction"
    sanction = forms.ChoiceField(label=_("Sanction"), required=False)
    duration_months = forms.IntegerField(label=_("Duration in months"), required=False,
                                         min_value=1, max_value=120)
    withholding_fraction = forms.DecimalField(
        label=_("Share of net pay withheld (e.g. 0.2 for one fifth)"), required=False,
        min_value=0, max_value=1, max_digits=4, decimal_places=3,
    )

    cited_sanctions = forms.MultipleChoiceField(
        label=_("Prior sanctions cited (only those not erased)"), required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sanction"].choices = [("", _("No sanction"))] + catalogue_choices(self.case)
        self.fields["cited_sanctions"].choices = [
            (entry.key, f"{entry.sanction_label}, {entry.decided_on:%d/%m/%Y} "
                        f"({entry.source_label})")
            for entry in case_record(self.case) if not entry.erased
        ]

    def decisions(self) -> list[str]:
        return ["sanction"] + [code for code, _label in catalogue_choices(self.case)]


class AppealForm(StepForm):
    lodged_on = forms.DateField(label=_("Date the appeal was lodged"), widget=DATE)
    reason = forms.CharField(label=_("Note (optional)"), required=False, widget=TEXT)


class AppealOutcomeForm(StepForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Appeal.Outcome.choices)
    outcome_on = forms.DateField(label=_("Date of the outcome"), widget=DATE)
    reason = forms.CharField(label=_("Summary of the appeal decision"), widget=TEXT)


class OverrideForm(forms.Form):
    """Proceed although late: the step stays recorded as late."""

    justification = forms.CharField(label=_("Justification"), widget=TEXT, max_length=10000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_limits(self)


class CorrectStartForm(OverrideForm):
    start = forms.DateField(label=_("Correct starting date"), widget=DATE)
    field_order = ["start", "justification"]


class SuspensionForm(StepForm):
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Last day (inclusive)"), widget=DATE)
    salary_reduction_percent = forms.IntegerField(
        label=_("Salary reduction (percentage of net pay)"), min_value=0, max_value=100, initial=0,
        required=False,
        help_text=_("0: the pay is kept. The rulebook sets whether a reduction is allowed, its "
                    "largest share and its condition."))
    reason = forms.CharField(label=_("Reason"), widget=TEXT)
    heard_on = forms.DateField(label=_("Employee heard on"), widget=DATE, required=False)
    no_hearing_reason = forms.CharField(
        label=_("Or: the urgency that prevented hearing the employee first"), required=False,
        widget=TEXT)

    def clean_salary_reduction_percent(self) -> int:
        return self.cleaned_data["salary_reduction_percent"] or 0


class AssignForm(StepForm):
    handler = HROfficerField(label=_("HR handler"), queryset=None)
    note = forms.CharField(label=_("Note (optional)"), required=False, widget=TEXT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer_hr_officers(self.fields["handler"], self.case)


class ReviewRequestForm(StepForm):
    reviewer = PersonChoiceField(label=_("Legal reviewer"), queryset=None)
    question = forms.CharField(label=_("Question"), widget=TEXT, max_length=10000)
    due_date = forms.DateField(label=_("Answer wanted by"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["due_date"].initial = default_review_due_date()
        self.fields["reviewer"].queryset = get_user_model().objects.filter(
            is_active=True, groups__name=roles.LEGAL
        ).exclude(employee=self.case.incident.employee).exclude(
            pk__in=self.case.exclusions.values("user")).order_by(*BY_NAME)


class OpinionForm(StepForm):
    text = forms.CharField(label=_("Legal opinion"), widget=forms.Textarea(attrs={"rows": 6}),
                           max_length=50000)


def hr_officers(case: Case):
    return get_user_model().objects.filter(
        is_active=True, groups__name__in=[roles.HR, roles.HR_LEADS]
    ).exclude(employee=case.incident.employee).distinct().order_by(*BY_NAME)


class CoHandlerForm(StepForm):
    user = HROfficerField(label=_("HR officer"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer_hr_officers(self.fields["user"], self.case)


class RestrictForm(StepForm):
    restricted = forms.BooleanField(label=_("Restricted: only the people named on the case see it"),
                                    required=False)
    reason = forms.CharField(label=_("Reason"), widget=TEXT, max_length=2000)


class PersonByUsernameField(forms.ModelChoiceField):
    """A person found by the user name typed in: a text box, never a list of every account (the
    case page would grow with the number of accounts: 1.6 s at 10,000, docs/performance.md)."""

    default_error_messages = {
        "invalid_choice": _("No active account has this user name (it may not be chosen here)."),
    }

    def __init__(self, **kwargs):
        super().__init__(queryset=None, to_field_name="username", **kwargs,
                         widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))


class ExclusionForm(StepForm):
    user = PersonByUsernameField(label=_("Person to exclude"),
                                 help_text=_("The person's user name, as on their account."))
    reason = forms.CharField(label=_("Reason"), widget=TEXT, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = get_user_model().objects.filter(
            is_active=True).exclude(pk=self.case.handler_id).order_by(*BY_NAME)


class RequalifyForm(StepForm):
    provisions = SafeModelMultipleChoiceField(
        label=_("Provisions breached"), queryset=None, widget=forms.CheckboxSelectMultiple)
    seriousness = forms.ChoiceField(label=_("Seriousness"), choices=Case.Seriousness.choices)
    reason = forms.CharField(label=_("Reason for the re-qualification"), widget=TEXT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provisions"].queryset = Provision.objects.filter(
            code_version__is_current=True).select_related("code_version")
        if not self.is_bound:
            self.initial = {"provisions": [p.pk for p in self.case.provisions.all()],
                            "seriousness": self.case.seriousness}


class BulkAssignForm(forms.Form):
    """HR lead: one handler for several cases of the triage queue."""

    cases = forms.ModelMultipleChoiceField(label=_("Cases"), queryset=None,
                                           widget=forms.CheckboxSelectMultiple)
    handler = PersonChoiceField(label=_("HR handler"), queryset=None)

    def __init__(self, *args, queue, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = queue
        self.fields["cases"].label_from_instance = lambda case: (
            f"{case.reference} — {case.incident.employee.full_name}")
        self.fields["handler"].queryset = get_user_model().objects.filter(
            is_active=True, groups__name__in=[roles.HR, roles.HR_LEADS]).distinct().order_by(*BY_NAME)
