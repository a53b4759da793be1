from django import template

from workflows.legal_sources import source_in_language

register = template.Library()


@register.filter
def in_reader_language(source: str) -> str:
    """A legal source in the reader's language (workflows.legal_sources)."""
    return source_in_language(source)
