from django import template

register = template.Library()


@register.filter
def who(user, empty="—") -> str:
    """A person's full name, or their user name, or a dash when nobody is set."""
    if user is None:
        return empty
    return user.get_full_name() or user.get_username()
