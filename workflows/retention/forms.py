from django import forms
from django.utils.translation import gettext_lazy as _


class LegalHoldForm(forms.Form):
    on = forms.TypedChoiceField(
        choices=[("1", _("Place the legal hold")), ("0", _("Lift the legal hold"))],
        coerce=lambda value: value == "1", widget=forms.HiddenInput,
    )
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea)
