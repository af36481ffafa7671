"""Disclosure control for the figures the delivery tracker publishes: the `insights` app's.

Every figure about people (referrals, families, feedback) goes through
`kinship.insights.disclosure.protect`, the same function that protects insights' published
tables: primary suppression of counts from 1 to INSIGHTS_THRESHOLD-1, secondary suppression by
τ-ARGUS (so a withheld part cannot be recovered from the whole), and cell-key perturbation of
every figure shown (the same way every time, so readings taken on different days cannot be
subtracted to reveal a family). A share is a table of one row, (part, rest), and is published
as the protected part over the protected whole. Counts of councils or gaps are about public
bodies and services and are published as they are, as insights publishes provision gaps and
allowance parity.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from kinship.insights import cellkey
from kinship.insights.disclosure import TOTAL, protect
from kinship.insights.selectors import disclosure_settings
from kinship.insights.suppression import SuppressionError

PUBLIC_BODIES = "Councils are public bodies: no disclosure control needed."
ROW, PART, REST, COUNT = "all", "part", "rest", "count"
# If the suppression engine fails, the figure is withheld (fail closed), never shown unprotected.
UNPROTECTED = "Withheld: the figure could not be checked for disclosure this time."


def threshold() -> int:
    """The primary threshold of insights' published figures (settings.INSIGHTS_THRESHOLD)."""
    return disclosure_settings()[0]


@dataclass(frozen=True)
class Controlled:
    value: Decimal | None  # None: withheld
    note: str
    # The protected counts behind the figure (None when withheld); never the true counts.
    shown_part: int | None = None
    shown_whole: int | None = None

    @property
    def withheld(self) -> bool:
        return self.value is None


def _note() -> str:
    t = threshold()
    return (
        f"Protected as Kinship Hub's published statistics are: counts from 1 to {t - 1} are "
        "withheld, with any figure that would reveal them, and every count shown may have "
        f"been moved by up to {cellkey.MAX_PERTURBATION}, the same way every time."
    )


def control_count(n: int, *, about_people: bool = True, key_sum: int = 0) -> Controlled:
    """One count. `key_sum` is the sum of its records' keys (insights' record keys)."""
    if not about_people:
        return Controlled(Decimal(n), PUBLIC_BODIES, n, None)
    t, safety = disclosure_settings()
    try:
        table = protect(
            {(ROW, COUNT): n}, {(ROW, COUNT): key_sum}, threshold=t, safety_range=safety
        )
    except SuppressionError:
        return Controlled(None, UNPROTECTED)
    shown = table.value(ROW, COUNT)
    if shown is None:
        return Controlled(None, f"Fewer than {t}: withheld so no one can be identified.")
    return Controlled(Decimal(shown), _note(), shown, None)


def control_share(
    part: int,
    whole: int,
    *,
    about_people: bool = True,
    part_keys: int = 0,
    whole_keys: int = 0,
) -> Controlled:
    """A percentage to one decimal place, or withheld. `part_keys` and `whole_keys` are the
    record-key sums of the part and of the whole."""
    if whole == 0:
        return Controlled(None, "Nothing to measure yet.")
    if not about_people:
        return Controlled(_percent(part, whole), PUBLIC_BODIES, part, whole)
    t, safety = disclosure_settings()
    try:
        table = protect(
            {(ROW, PART): part, (ROW, REST): whole - part},
            {(ROW, PART): part_keys, (ROW, REST): whole_keys - part_keys},
            threshold=t,
            safety_range=safety,
            rows=[ROW],
            cols=[PART, REST],
        )
    except SuppressionError:
        return Controlled(None, UNPROTECTED)
    shown_part, shown_whole = table.value(ROW, PART), table.value(ROW, TOTAL)
    if shown_part is None or not shown_whole:
        return Controlled(None, f"Withheld: a part smaller than {t} could identify someone.")
    shown_part = min(shown_part, shown_whole)  # each is moved on its own; never over 100%
    return Controlled(_percent(shown_part, shown_whole), _note(), shown_part, shown_whole)


def _percent(part: int, whole: int) -> Decimal:
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
