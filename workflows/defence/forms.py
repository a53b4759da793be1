"""Forms of the defence file, the record, criminal proceedings and the checklist after a dismissal.
Each is a case action (workflows/case_actions.py): exactly what its service needs."""

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflows.competence import catalogue_codes
from workflows.defence.models import (
    AttachmentKind,
    Counsel,
    CriminalProceeding,
    DismissalTask,
    HoldBasis,
)
from workflows.defence.proceedings import hold_bases
from workflows.forms import DATE, TEXT, StepForm
from workflows.legal_sources import source_in_language
from workflows.models import Case, NotificationRule
from workflows.models.steps import NotificationMethod, Sanction

class FetchedRowsIterator(ModelChoiceIterator):
    """Iterates the queryset the form was given rather than a fresh copy of it."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.field.rows:
            yield self.choice(obj)

    def __len__(self):
        return len(self.field.rows) + (self.field.empty_label is not None)


class CaseRowChoiceField(forms.ModelChoiceField):
    """A choice among the rows of one case (its hearings, its notifications). Django copies the
    queryset it is given and asks the database again for the choices; this field lists the rows
    of the queryset as given, so the rows the case page fetched once are not read again
    (issue #16: the case page's queries). Validation still looks the chosen row up."""

    iterator = FetchedRowsIterator
    rows = None

    def _set_queryset(self, queryset):
        self.rows = queryset
        super()._set_queryset(queryset)

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)


class HearingChoiceField(CaseRowChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{timezone.localtime(obj.scheduled_at):%d/%m/%Y %H:%M}, {obj.place}"


class NotificationChoiceField(CaseRowChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.get_subject_display()}: {obj.get_method_display()}, {obj.sent_on:%d/%m/%Y}"


class AttachmentForm(StepForm):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=AttachmentKind.choices)
    file = forms.FileField(label=_("File (PDF or image)"))
    document_date = forms.DateField(label=_("Date of the document or of its receipt"),
                                    widget=DATE)
    hearing = HearingChoiceField(label=_("Hearing it proves"), queryset=None, required=False)
    notification = NotificationChoiceField(label=_("Notification it proves"), queryset=None,
                                           required=False)
    track_and_trace = forms.CharField(label=_("Track-and-trace number (registered letter)"),
                                      required=False, max_length=40)
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hearing"].queryset = self.case.hearings.all()
        self.fields["notification"].queryset = self.case.notifications.all()

    def clean(self):
        data = super().clean()
        data["uploaded"] = data.pop("file", None)
        return data


class InspectionForm(StepForm):
    inspected_on = forms.DateField(label=_("Date the file was inspected"), widget=DATE)
    place = forms.CharField(label=_("Place"), max_length=200)
    pieces = forms.CharField(label=_("Pieces inspected"), widget=TEXT, max_length=5000)


class CounselForm(StepForm):
    name = forms.CharField(label=_("Name of the counsel"), max_length=200)
    capacity = forms.ChoiceField(label=_("Capacity"), choices=Counsel.Capacity.choices)
    hearing = HearingChoiceField(label=_("Hearing"), queryset=None, required=False)
    attended = forms.BooleanField(label=_("Attended the hearing"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hearing"].queryset = self.case.hearings.all()


class PriorSanctionForm(StepForm):
    sanction = forms.ChoiceField(label=_("Sanction"))
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE)
    authority = forms.CharField(label=_("Deciding authority"), max_length=200)
    reference = forms.CharField(label=_("Reference of the decision (optional)"), required=False,
                                max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        codes = catalogue_codes(regime=self.case.regime, on=timezone.localdate())
        self.fields["sanction"].choices = [(s, Sanction(s).label) for s in codes]


class CriminalProceedingForm(StepForm):
    body = forms.ChoiceField(label=_("Before"), choices=CriminalProceeding.Body.choices)
    reference = forms.CharField(label=_("Their reference (optional)"), required=False,
                                max_length=100)
    known_on = forms.DateField(label=_("Known since"), widget=DATE)


class CriminalProceedingEndForm(StepForm):
    proceeding = forms.ModelChoiceField(label=_("Criminal proceedings"), queryset=None)
    ended_on = forms.DateField(label=_("Ended on"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proceeding"].queryset = self.case.criminal_proceedings.filter(
            ended_on__isnull=True)


class HoldBasisField(forms.ModelChoiceField):
    def label_from_instance(self, obj: HoldBasis) -> str:
        flag = f"; {_('to be confirmed by the legal service')}" if obj.to_be_confirmed else ""
        return f"{obj.text} ({source_in_language(obj.legal_source)}, v{obj.version}{flag})"


class HoldStartForm(StepForm):
    proceeding = forms.ModelChoiceField(label=_("Criminal proceedings"), queryset=None)
    starts_on = forms.DateField(label=_("On hold from"), widget=DATE)
    # Only the rulebook's entries for the case's regime: the legal basis is data with a source.
    basis = HoldBasisField(label=_("Legal basis (rulebook)"), queryset=None,
                           widget=forms.RadioSelect, empty_label=None)
    note = forms.CharField(label=_("Note (optional)"), widget=TEXT, max_length=300,
                           required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proceeding"].queryset = self.case.criminal_proceedings.all()
        bases = hold_bases(self.case, timezone.localdate())
        self.fields["basis"].queryset = HoldBasis.objects.filter(pk__in=[b.pk for b in bases])


class SuspensionExtendForm(StepForm):
    ends_on = forms.DateField(label=_("New last day of the suspension"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), widget=TEXT, max_length=10000)


class HoldEndForm(StepForm):
    ends_on = forms.DateField(label=_("Resumed on"), widget=DATE)


class ChecklistForm(StepForm):
    """After a dismissal with notice the tasks run from the end of the notice period, so the
    notice letter and the length of the period (set by HR, e.g. by seniority) are asked for."""

    notice_method = forms.ChoiceField(label=_("Notice given by"),
                                      choices=NotificationMethod.choices)
    notice_sent_on = forms.DateField(label=_("Date the notice letter was posted or handed over"),
                                     widget=DATE)
    notice_weeks = forms.IntegerField(label=_("Notice period in weeks"), min_value=1,
                                      max_value=520)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.case.outcome != Case.Outcome.DISMISSAL_WITH_NOTICE:
            for name in ("notice_method", "notice_sent_on", "notice_weeks"):
                del self.fields[name]
            return
        # The forms the rulebook allows today; the service judges the posting date's rule.
        rule = NotificationRule.objects.in_force(
            timezone.localdate(), subject=NotificationRule.Subject.EMPLOYER_NOTICE,
            regime=self.case.regime)
        if rule is not None:
            self.fields["notice_method"].choices = [
                (m, label) for m, label in NotificationMethod.choices if m in rule.method_list]


class TaskDoneForm(StepForm):
    task = forms.ModelChoiceField(label=_("Task"), queryset=None)
    done_on = forms.DateField(label=_("Done on"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = DismissalTask.objects.filter(case=self.case,
                                                                   done_on__isnull=True)
