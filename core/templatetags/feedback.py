from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def messages_for(context, section: str = "") -> list:
    """The messages of the last action meant for one section of the page (their `extra_tags`),
    or, without a section, all the others: an action taken in a section reports where the reader
    is brought back, not at the top of a long page (on a phone, screens away)."""
    return [message for message in context.get("messages", ())
            if (message.extra_tags or "") == section]
