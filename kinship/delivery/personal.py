"""Spot text that looks like personal details, so a moderator sees it before anyone else.

Deliberately cautious (false alarms are cheap: a moderator reads it; a missed phone number is
not): phone numbers, email addresses, full postcodes, street addresses, dates of birth and
phrases that introduce a name. Returns the kinds found, never the details themselves.
"""

from __future__ import annotations

import re

PATTERNS: list[tuple[str, re.Pattern]] = [
    ("email address", re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")),
    ("phone number", re.compile(r"(?<!\d)(\+?44\s?|0)(\d[\s-]?){9,10}(?!\d)")),
    ("postcode", re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)),
    (
        "street address",
        re.compile(
            r"\b\d+[a-z]?,?\s+(?:[A-Z][a-z]+\s+){1,3}(?:street|st|road|rd|avenue|ave|drive|dr|"
            r"lane|crescent|court|place|terrace|gardens|way|close|square|view|brae|wynd)\b",
            re.IGNORECASE,
        ),
    ),
    ("date of birth", re.compile(r"\b(born on|date of birth|d\.?o\.?b\.?)\b", re.IGNORECASE)),
    (
        "name",
        re.compile(
            r"\b(my name is|i am called|i'm called|called|named|my (?:grand)?(?:son|daughter|"
            r"mum|dad|gran|granny|grandad|grandson|granddaughter|nephew|niece|social worker)"
            r"(?: is)?)"
            r"\s+[A-Z][a-z]+",
            re.IGNORECASE,
        ),
    ),
    ("name", re.compile(r"\b(Mr|Mrs|Ms|Miss|Dr)\.?\s+[A-Z][a-z]+")),
]


def personal_details(text: str) -> list[str]:
    found: list[str] = []
    for kind, pattern in PATTERNS:
        if pattern.search(text) and kind not in found:
            found.append(kind)
    return found


def redact(text: str) -> str:
    """The text with anything that looks personal replaced, as the moderator's starting point."""
    for kind, pattern in PATTERNS:
        text = pattern.sub(f"[{kind} removed]", text)
    return text
