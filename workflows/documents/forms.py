from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflows.models import NotificationMethod


class SentForm(forms.Form):
    sent_on = forms.DateField(label=_("Sent on"), initial=timezone.localdate,
                              widget=forms.DateInput(attrs={"type": "date"}))
    method = forms.ChoiceField(label=_("Sent by"), choices=NotificationMethod.choices)


class SupersedeForm(forms.Form):
    reason = forms.CharField(label=_("Why is this document superseded?"),
                             widget=forms.Textarea(attrs={"rows": 2}))


class SignedCopyForm(forms.Form):
    file = forms.FileField(label=_("Signed copy (PDF)"))
