"""Limits every form applies to free text and dates, so hostile or mistyped input gets a clear
message instead of reaching the database or the deadline arithmetic."""

import datetime

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TEXT_MAX_LENGTH = 10000
EARLIEST_DATE = datetime.date(1990, 1, 1)
YEARS_AHEAD = 5
DATE_OUT_OF_RANGE = _("Enter a date between %(earliest)s and %(latest)s.")


def latest_date() -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year + YEARS_AHEAD, day=min(today.day, 28))


def check_plausible_date(value) -> None:
    day = value.date() if isinstance(value, datetime.datetime) else value
    if day is not None and not (EARLIEST_DATE <= day <= latest_date()):
        raise forms.ValidationError(DATE_OUT_OF_RANGE % {
            "earliest": EARLIEST_DATE.strftime("%d/%m/%Y"),
            "latest": latest_date().strftime("%d/%m/%Y")})


def apply_limits(form: forms.Form) -> None:
    """Give every text field a length limit and every date field a plausible range."""
    for field in form.fields.values():
        if isinstance(field, forms.CharField) and not isinstance(field, forms.URLField):
            if field.max_length is None:
                field.max_length = TEXT_MAX_LENGTH
                field.validators.append(MaxLengthValidator(TEXT_MAX_LENGTH))
                field.widget.attrs.setdefault("maxlength", str(TEXT_MAX_LENGTH))
        if isinstance(field, (forms.DateField, forms.DateTimeField)):
            field.validators.append(check_plausible_date)


class SafeModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Refuses ids that cannot be database keys before they reach the query (a huge number
    would otherwise overflow the database driver)."""

    def _check_values(self, value):
        for pk in value:
            try:
                if not 0 < int(str(pk)) < 2**63:
                    raise ValueError
            except ValueError:
                raise forms.ValidationError(self.error_messages["invalid_choice"],
                                            code="invalid_choice", params={"value": pk}) from None
        return super()._check_values(value)
