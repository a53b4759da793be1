"""Filters for the documents pages of the interface (not for the PDF templates)."""

from django import template

from workflows.documents.models import IssuedDocument

register = template.Library()


@register.filter
def kind_label(kind) -> str:
    """The interface label of a document kind, given as a Kind member or its stored value."""
    try:
        return IssuedDocument.Kind(str(kind)).label
    except ValueError:
        return str(kind)


@register.filter
def is_letter(kind) -> bool:
    """A letter to the employee: its delivery is chosen when it is issued."""
    from workflows.documents.builders import LETTERS

    return str(kind) in LETTERS


@register.simple_tag
def delivery_choices():
    from workflows.documents.models import Delivery

    return Delivery.choices
