from django import forms
from django.contrib.auth import get_user_model
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from core import roles
from core.forms import BY_NAME, PersonChoiceField
from incidents.models import Department, Provision
from workflows.states import CaseState, Track


PROVISION_LABEL_CHARS = 60


class ProvisionChoiceField(forms.ModelChoiceField):
    """A filter option is read at a glance: the article and the start of its text, not the whole
    provision (the case page shows it in full)."""

    def label_from_instance(self, obj) -> str:
        return f"{obj.article} {Truncator(obj.text).chars(PROVISION_LABEL_CHARS)}"


class CaseFilterForm(forms.Form):
    query = forms.CharField(label=_("Reference or name"), required=False, max_length=100)
    state = forms.ChoiceField(label=_("State"), required=False,
                              choices=[("", _("All"))] + CaseState.choices)
    track = forms.ChoiceField(label=_("Track"), required=False,
                              choices=[("", _("All"))] + Track.choices)
    department = forms.ModelChoiceField(label=_("Department"), required=False,
                                        queryset=Department.objects.all(),
                                        empty_label=_("All"))
    provision = ProvisionChoiceField(label=_("Provision"), required=False,
                                       queryset=Provision.objects.select_related("code_version"),
                                       empty_label=_("All"))
    handler = PersonChoiceField(label=_("Handler"), required=False, queryset=None,
                                     empty_label=_("All"))
    overdue = forms.BooleanField(label=_("Only with an overdue deadline"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = get_user_model().objects.filter(
            groups__name__in=[roles.HR, roles.HR_LEADS]
        ).distinct().order_by(*BY_NAME)
