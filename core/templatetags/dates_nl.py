from datetime import date

from django import template
from django.utils import dateformat, translation

register = template.Library()


def long_date_nl(value: date) -> str:
    """A date as Dutch legal letters write it: 'dinsdag 29 december 2026'."""
    with translation.override("nl"):
        return dateformat.format(value, "l j F Y")


@register.filter
def long_date(value: date | None) -> str:
    """The date written out in the interface language ('dinsdag 29 december 2026')."""
    if not value:
        return ""
    return dateformat.format(value, "l j F Y")
