from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from core.form_limits import SafeModelMultipleChoiceField, apply_limits
from incidents.models import (
    FIELDS_REQUIRED_TO_SUBMIT,
    PROVISION_REQUIRED,
    DraftUpload,
    Employee,
    Incident,
    InvolvedPerson,
    Provision,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_FILES = 10
TOO_MANY_FILES = _("Add at most %(max)s files at once.") % {"max": MAX_FILES}
BAD_URL = _("“%(url)s” is not a valid web address (it must start with http:// or https://).")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; each is checked by content in the service, not here."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(TOO_MANY_FILES)
        return files


def clean_url_lines(text: str) -> list[str]:
    urls = [line.strip() for line in (text or "").splitlines() if line.strip()]
    validate = URLValidator(schemes=["http", "https"])
    for url in urls:
        try:
            validate(url)
        except forms.ValidationError:
            raise forms.ValidationError(BAD_URL % {"url": url[:200]}) from None
    return urls


def grouped_provisions(queryset):
    groups = {}
    for provision in queryset:
        groups.setdefault(provision.context_label, []).append((provision.pk, provision.article + " — " + provision.text))
    return list(groups.items())


class ProvisionCheckboxes(forms.CheckboxSelectMultiple):
    """Each box says which kind of communication its provision covers, so that the report form's
    script (static/js/report-form.js) shows only the provisions of the kind chosen."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["attrs"]["data-applies"] = self.applies.get(value, "")
        return option


class EmployeeChoiceField(forms.ModelChoiceField):
    """Name, personnel number and department, so the manager can find the person by any of them."""

    def label_from_instance(self, obj) -> str:
        return f"{obj} — {obj.department.name}"


class IncidentForm(forms.ModelForm):
    required_css_class = "required"
    provisions = SafeModelMultipleChoiceField(
        label=_("Provisions of the code that were breached"),
        queryset=Provision.objects.none(), widget=ProvisionCheckboxes,
        error_messages={"required": PROVISION_REQUIRED},
        help_text=_("Choose the provisions that match the kind of communication."),
    )
    # NullBooleanSelect maps the stored True/False back to its options, so a draft keeps its answer.
    still_online = forms.NullBooleanField(
        label=_("Is the content still online?"), required=False, widget=forms.NullBooleanSelect,
    )
    files = MultipleFileField(
        label=_("Evidence files (screenshots, PDF)"),
        help_text=_("PNG, JPEG, GIF, WebP or PDF; the content is checked, not the name."),
    )
    evidence_urls = forms.CharField(
        label=_("Links to keep as evidence (one per line)"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    # Files chosen before the form came back with errors, kept on the server (only the owner's).
    kept_uploads = SafeModelMultipleChoiceField(
        queryset=DraftUpload.objects.none(), required=False, widget=forms.MultipleHiddenInput,
    )

    class Meta:
        model = Incident
        field_classes = {"employee": EmployeeChoiceField}
        fields = [
            "employee", "facts_date", "facts_time", "knowledge_date", "platform", "platform_name",
            "account_kind", "account_name", "communication", "provisions", "description",
            "content_urls", "still_online",
        ]
        widgets = {
            "facts_date": DATE, "knowledge_date": DATE,
            "facts_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "description": forms.Textarea(attrs={"rows": 6}),
            "content_urls": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "knowledge_date": _("The day you yourself learned of the facts."),
            "content_urls": _("One web address per line."),
        }

    def __init__(self, *args, owner=None, draft=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.draft = draft
        self._require_submission_fields(not draft)
        self.fields["kept_uploads"].queryset = DraftUpload.objects.filter(owner=owner)
        self.fields["employee"].queryset = Employee.objects.select_related("department")
        self.fields["employee"].widget.attrs["data-search-label"] = _(
            "Search by name, personnel number or department")
        current = Provision.objects.filter(code_version__is_current=True).select_related("code_version")
        self.fields["provisions"].queryset = current
        rows = list(current)
        self.fields["provisions"].choices = grouped_provisions(rows)
        self.fields["provisions"].widget.applies = {p.pk: p.applies_to for p in rows}
        apply_limits(self)

    def _require_submission_fields(self, required: bool) -> None:
        for name in (*FIELDS_REQUIRED_TO_SUBMIT, "provisions"):
            self.fields[name].required = required

    def full_clean(self):
        """A draft is checked for format only; once checked, its form shows the required marks
        again, so the reporter still sees what submitting will need."""
        super().full_clean()
        if self.draft:
            self._require_submission_fields(True)

    def clean_content_urls(self):
        return "\n".join(clean_url_lines(self.cleaned_data.get("content_urls")))

    def clean_evidence_urls(self):
        return clean_url_lines(self.cleaned_data.get("evidence_urls"))

    def report_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "provisions"}


# What a submitted report needs is required on the form itself (and marked); only "Save as draft"
# relaxes it, per form (IncidentForm(draft=True)).
for _name in FIELDS_REQUIRED_TO_SUBMIT:
    IncidentForm.base_fields[_name].required = True


PeopleFormSet = forms.inlineformset_factory(
    Incident, InvolvedPerson, fields=["name", "role", "details"], extra=2, max_num=20,
    validate_max=True, can_delete=False,
)


class AddendumForm(forms.Form):
    text = forms.CharField(label=_("Correction or addition"), required=False,
                           widget=forms.Textarea(attrs={"rows": 4}), max_length=20000)
    files = MultipleFileField(label=_("Extra evidence files"))
    evidence_urls = forms.CharField(label=_("Extra links (one per line)"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}))

    def clean_evidence_urls(self):
        return clean_url_lines(self.cleaned_data.get("evidence_urls"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_limits(self)
