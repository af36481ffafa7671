from django import template

register = template.Library()

PER = {
    "week": "a week",
    "four_weeks": "every 4 weeks",
    "month": "a month",
    "year": "a year",
    "one_off": "once",
}


@register.filter
def per_text(per: str) -> str:
    """How often an amount is paid, in words: "a week", "once"."""
    return PER.get(per, per)
