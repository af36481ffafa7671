from django import template

register = template.Library()


@register.filter
def is_invalid(widget) -> bool:
    """Django marks a field with errors aria-invalid; the design system wants a class too."""
    return str(widget.get("attrs", {}).get("aria-invalid", "")).lower() == "true"


@register.filter
def get_item(mapping, key):
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (for paging and filter links)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params[key] = value
    return params.urlencode()
