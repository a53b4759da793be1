"""Filters for the document templates in templates/documents/pdf/ (see docs/documents.md)."""

from decimal import Decimal

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from workflows.documents import wording

register = template.Library()


@register.filter
def term(value, group: str) -> str:
    """{{ case.legal_status|term:"legal_status" }} -> "contractueel personeelslid"."""
    return wording.term(group, value)


@register.filter(needs_autoescape=True)
def lines(value, autoescape=True) -> str:
    """User text with its line breaks kept; the text itself stays escaped."""
    text = conditional_escape(value or "") if autoescape else (value or "")
    return mark_safe("<br/>".join(str(text).splitlines()))


@register.filter
def timeliness(deadline, day) -> str:
    """What the dates prove about a step on `day`: "met" (taken on or before the due date),
    "pending" (not taken yet, still in time on `day`: no claim can be made yet), "late", or ""
    for no deadline. Only "met" lets a document say the step was in time."""
    if deadline is None or deadline.status == deadline.Status.CANCELLED:
        return ""
    if deadline.in_time_on(day):
        return "met" if deadline.status == deadline.Status.TAKEN else "pending"
    return "late"


@register.filter
def provision_context(provision) -> str:
    return wording.provision_context(provision)


@register.filter
def period(rule) -> str:
    """A rulebook rule's length in Dutch: "30 dagen", "3 werkdagen", "6 maanden"."""
    return wording.period(rule.length, rule.unit)


@register.filter
def months(count) -> str:
    return wording.period(int(count), "months") if count else ""


@register.filter
def percent(fraction) -> str:
    """0.200 -> "20 %"; 0.125 -> "12,5 %" (Belgian notation)."""
    if fraction is None:
        return ""
    value = (Decimal(fraction) * 100).normalize()
    return f"{value:f}".replace(".", ",") + " %"


@register.filter
def person(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


@register.filter
def midsentence(value) -> str:
    """"Het college van burgemeester en schepenen" inside a sentence: "het college …" (T9);
    an abbreviation such as "OCMW" keeps its capitals."""
    text = str(value or "").strip()
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


@register.filter
def sha(value) -> str:
    """A SHA-256 in the monospaced face, in groups of eight that a line break never splits (T7)."""
    digest = str(value or "")
    groups = " ".join(digest[i:i + 8] for i in range(0, len(digest), 8))
    return mark_safe(f"<code>{conditional_escape(groups)}</code>")
