from decimal import Decimal, InvalidOperation

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


@register.filter
def money(value) -> str:
    """An amount as people read it: £12,393.36."""
    try:
        return f"\N{POUND SIGN}{Decimal(value):,.2f}"
    except (InvalidOperation, TypeError, ValueError):
        return ""


ARRANGEMENT_WORDS = {
    "informal": "a family arrangement",
    "looked_after_kinship": "being looked after by the council",
    "kinship_care_order": "a kinship care order",
    "other_s11_order": "another section 11 order",
    "s7_guardian": "guardianship",
    "permanence_order": "a permanence order",
    "adoption": "adoption",
    "not_sure": "an arrangement we don't know",
}


@register.filter
def arrangement_words(value: str) -> str:
    return ARRANGEMENT_WORDS.get(str(value), str(value))
