"""The rulebook in the application: the legal service and the HR lead read every rule with its
source, version, effective date and flag, see which running cases use which version, and confirm
or correct a rule (services in workflows/services/rulebook.py)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from core.form_limits import apply_limits
from core.forms import add_service_errors
from incidents.models import Body
from workflows import selectors
from workflows.forms import DATE, TEXT
from workflows.models import DeadlineUnit
from workflows.models.steps import NotificationMethod
from workflows.services.rulebook import (
    CONFIRM_PERMISSION,
    RULE_KINDS,
    rule_confirm,
    rule_correct,
)

VIEW_PERMISSION = "workflows.view_rulebook"
NOT_ALLOWED = _("The rulebook is for the legal service and the HR lead.")


class ConfirmForm(forms.Form):
    reason = forms.CharField(label=_("Source that confirms the rule"), widget=TEXT,
                             max_length=10000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_limits(self)


class MethodsField(forms.MultipleChoiceField):
    """The notification methods of a rule, stored comma-separated in NotificationMethod's order."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(choices=NotificationMethod.choices, **kwargs)

    def prepare_value(self, value):
        return value.split(",") if isinstance(value, str) else value

    def clean(self, value):
        chosen = set(super().clean(value))
        return ",".join(method for method in NotificationMethod.values if method in chosen)


class CorrectionForm(ConfirmForm):
    """The fields a correction may change, per kind of rule."""

    FIELDS = {
        "deadline": {
            "length": forms.IntegerField(label=_("Length"), min_value=1, max_value=3650),
            "unit": forms.ChoiceField(label=_("Unit"), choices=DeadlineUnit.choices),
        },
        "sanction": {
            "in_catalogue": forms.BooleanField(label=_("In the catalogue"), required=False),
            "effect_nl": forms.CharField(
                label=_("What the decision letter says it means, pay included (Dutch)"),
                widget=TEXT, max_length=2000, required=False),
        },
        "competence": {
            "body_kind": forms.ChoiceField(label=_("Competent body"), choices=Body.Kind.choices),
            "delegable": forms.BooleanField(label=_("May delegate (art. 201 DLB)"),
                                            required=False),
        },
        "suspension": {
            "reduction_allowed": forms.BooleanField(label=_("Salary reduction allowed"),
                                                    required=False),
            "max_reduction_percent": forms.IntegerField(
                label=_("Largest reduction (percentage of net pay)"), min_value=0, max_value=100),
            "only_with_criminal_proceedings": forms.BooleanField(
                label=_("Reduction only while the facts are subject of criminal proceedings"),
                required=False),
            "extendable_with_criminal_proceedings": forms.BooleanField(
                label=_("May be extended beyond the maximum during criminal proceedings"),
                required=False),
        },
        "hold_basis": {
            "text_nl": forms.CharField(label=_("Text (Dutch)"), widget=TEXT, max_length=2000),
            "text_en": forms.CharField(label=_("Text (English)"), widget=TEXT, max_length=2000),
        },
        "notification": {
            "methods": MethodsField(label=_("Methods whose receipt the employer can prove")),
        },
        "remedy": {
            "body_nl": forms.CharField(label=_("Appeal body (Dutch)"), max_length=200),
            "postal_address": forms.CharField(label=_("Postal address"), max_length=300),
            "form_nl": forms.CharField(label=_("Form of the appeal (Dutch)"), max_length=300),
            "time_limit_nl": forms.CharField(
                label=_("Time limit with its starting event (Dutch)"), max_length=300),
        },
    }

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = _("Why: the legal source of the correction")
        self.fields.update({name: field for name, field in self.FIELDS[kind].items()})
        self.fields["legal_source"] = forms.CharField(label=_("Legal source"), max_length=300)
        self.fields["effective_from"] = forms.DateField(label=_("In force from"), widget=DATE)
        apply_limits(self)


def _mark_latest(kind: str, rules: list) -> None:
    """Only the latest version of a rule can be confirmed or corrected."""
    key = RULE_KINDS[kind][1]
    latest = {}
    for rule in rules:
        identity = tuple(getattr(rule, name) for name in key)
        latest[identity] = max(latest.get(identity, 0), rule.version)
    for rule in rules:
        rule.is_latest = rule.version == latest[tuple(getattr(rule, name) for name in key)]


def _require(user, permission):
    if not user.has_perm(permission):
        raise PermissionDenied(NOT_ALLOWED)


def _rule(kind: str, pk: int):
    if kind not in RULE_KINDS:
        raise Http404
    rule = RULE_KINDS[kind][0].objects.filter(pk=pk).first()
    if rule is None:
        raise Http404
    return rule


@require_http_methods(["GET"])
def rulebook(request):
    _require(request.user, VIEW_PERMISSION)
    entries = selectors.rulebook_entries(request.user)
    for kind, rules in entries.items():
        _mark_latest(kind, rules)
    return render(request, "workflows/rulebook.html", {
        "entries": entries,
        "may_confirm": request.user.has_perm(CONFIRM_PERMISSION),
        "confirm_form": ConfirmForm(),
    })


@require_POST
def rule_confirm_view(request, kind, pk):
    _require(request.user, CONFIRM_PERMISSION)
    rule = _rule(kind, pk)
    form = ConfirmForm(request.POST)
    if form.is_valid():
        try:
            rule_confirm(rule=rule, user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Rule confirmed: a new version, no longer flagged."))
    else:
        messages.error(request, " ".join(form.errors.get("reason", [])))
    return redirect("rulebook:rulebook")


@require_http_methods(["GET", "POST"])
def rule_correct_view(request, kind, pk):
    _require(request.user, CONFIRM_PERMISSION)
    rule = _rule(kind, pk)
    initial = {name: getattr(rule, name) for name in RULE_KINDS[kind][2]}
    initial["effective_from"] = rule.effective_from
    form = CorrectionForm(request.POST or None, kind=kind, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            rule_correct(rule=rule, user=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Rule corrected: the new version applies from now on."))
            return redirect("rulebook:rulebook")
    return render(request, "workflows/rule_correct.html", {"rule": rule, "form": form},
                  status=400 if form.is_bound else 200)
