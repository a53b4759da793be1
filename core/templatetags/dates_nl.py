from datetime import date, datetime

from django import template
from django.utils import dateformat, timezone, translation

register = template.Library()


def _day(value: date) -> date:
    """The day of `value`: for a moment (an aware datetime, stored in UTC), the day it is in
    Belgium. A case closed at 0.30 on 1 December is stored as 23.30 UTC on 30 November, and its
    letter must say 1 December."""
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def long_date_nl(value: date) -> str:
    """A date as Dutch legal letters write it: 'dinsdag 29 december 2026'."""
    with translation.override("nl"):
        return long_date(value)


@register.filter
def long_date(value: date | None) -> str:
    """The date written out in the interface language ('dinsdag 29 december 2026')."""
    if not value:
        return ""
    return dateformat.format(_day(value), "l j F Y")
