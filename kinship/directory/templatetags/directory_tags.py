from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from kinship.directory import cache
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


# The search page's parts that recur from one search to the next, rendered once and kept until
# the directory changes (kinship/directory/cache.py): most of the page's own cost.
MAX_KEPT_VALUE = 200


@register.filter
def field_group(bound_field) -> str:
    """A search form field as `as_field_group` renders it, kept per value and errors."""
    value = repr(bound_field.value())
    if len(value) > MAX_KEPT_VALUE:
        return bound_field.as_field_group()
    key = (
        "field",
        bound_field.html_name,
        bound_field.form.is_bound,
        value,
        tuple(str(e) for e in bound_field.errors),
        get_language(),
    )
    return cache.get(key, lambda: mark_safe(str(bound_field.as_field_group())))  # noqa: S308 - Django's own rendered HTML


@register.filter
def hit_html(hit) -> str:
    """One search result (directory/_search_hit.html), kept per service, group and reason."""
    key = ("hit", hit.service.pk, hit.group, hit.reason, hit.stale, get_language())
    return cache.get(
        key,
        lambda: mark_safe(render_to_string("directory/_search_hit.html", {"hit": hit})),  # noqa: S308 - an escaped template
    )
