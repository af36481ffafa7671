from django import template

from kinship.directory.selectors import is_stale as _is_stale

register = template.Library()


@register.filter
def is_stale(service) -> bool:
    return _is_stale(service)


@register.filter
def percent_of(value, highest) -> int:
    """A bar's width in whole percent (for CSS classes kh-bar--0 .. kh-bar--100 in steps of 5)."""
    try:
        share = 100 * int(value) / max(1, int(highest))
    except (TypeError, ValueError):
        return 0
    return int(round(share / 5) * 5)
