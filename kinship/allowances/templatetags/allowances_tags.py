"""Money and difference formatting for the allowance pages (one place, so the page and the
downloads show the same figures)."""

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()
MINUS = "\u2212"


def _decimal(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


@register.filter
def pounds(value) -> str:
    amount = _decimal(value)
    return "" if amount is None else f"£{amount:,.2f}"


@register.filter
def signed_pounds(value) -> str:
    amount = _decimal(value)
    if amount is None:
        return ""
    if amount > 0:
        return f"+£{amount:,.2f}"
    return f"{MINUS}£{-amount:,.2f}" if amount < 0 else "£0.00"


@register.filter
def signed_percent(value) -> str:
    amount = _decimal(value)
    if amount is None:
        return ""
    if amount > 0:
        return f"+{amount}%"
    return f"{MINUS}{-amount}%" if amount < 0 else f"{amount}%"


@register.filter
def band_label(band) -> str:
    if band is None:
        return ""
    return f"{band.age_from} and over" if band.age_to is None else (
        f"{band.age_from} to {band.age_to}")
