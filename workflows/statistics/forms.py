from django import forms
from django.utils.translation import gettext_lazy as _

from incidents.models import EmployingEntity
from workflows.statistics.tables import ALL


class StatisticsFilterForm(forms.Form):
    """A whole calendar year: free periods could be subtracted from each other to isolate a few
    cases; whole years do not overlap."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    entity = forms.ChoiceField(label=_("Employing entity"), required=False,
                               choices=[(ALL, _("All entities"))] + EmployingEntity.choices)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]

    def view(self, default_year: int) -> tuple[int, str]:
        if self.is_valid():
            return self.cleaned_data["year"], self.cleaned_data["entity"] or ALL
        return default_year, ALL
