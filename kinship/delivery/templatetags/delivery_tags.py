from django import template

from kinship.delivery.selectors import format_figure

register = template.Library()


@register.filter
def figure(value, unit: str) -> str:
    """A reading's value as shown: one decimal place at most, % for percentages."""
    return format_figure(value, unit)
