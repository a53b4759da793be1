from django import template

register = template.Library()


@register.filter
def column_of(table, column):
    """The rows of one view (an entity, or all) of a protected table."""
    return table.column(column)


@register.filter
def total_of(table, column):
    return table.total(column)
