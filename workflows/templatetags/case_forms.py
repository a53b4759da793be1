from django import template

register = template.Library()


@register.filter
def lookup(mapping: dict, key: str):
    return mapping.get(key)
