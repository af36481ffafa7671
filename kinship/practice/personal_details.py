"""Spot personal details in a discussion post, so nothing about a family is published without a
moderator reading it first.

Builds on the "have your say" check (`delivery.personal`: phone numbers, email addresses,
postcodes, street addresses, "date of birth" phrases, phrases introducing a name) and adds what
a practitioner is likely to type: dates written as numbers or with a month name (a date of
birth, a court date), and first names or surnames from the demo names list (`core.names`).
Cautious on purpose: a false alarm costs a moderator a minute. Returns kinds, never details.
"""

from __future__ import annotations

import re

from kinship.core.names import CHILD_NAMES, FIRST_NAMES, SURNAMES
from kinship.delivery.personal import personal_details as feedback_details

_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
DATE = re.compile(
    r"\b(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{2}|\d{4})"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS}\s+\d{{4}}"
    rf"|{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})\b",
    re.IGNORECASE,
)
# Names as capitalised words: "Isla" or "MacLeod" in a sentence, not "isla" or "ross-shire".
NAMES = re.compile(
    r"\b(?:"
    + "|".join(sorted({*FIRST_NAMES, *CHILD_NAMES, *SURNAMES}, key=len, reverse=True))
    + r")\b"
)


def personal_details(text: str) -> list[str]:
    """The kinds of personal detail the text seems to hold (empty if none)."""
    found = list(feedback_details(text))
    if DATE.search(text) and "date of birth" not in found:
        found.append("date of birth")
    if NAMES.search(text) and "name" not in found:
        found.append("name")
    return found
