"""Disclosure control for the figures the delivery tracker publishes.

Counts about people (referrals, families, feedback) are controlled: a count from 1 to
THRESHOLD-1 is withheld, and so is a percentage whose part or remainder is that small (either
could point to a family). Counts of councils are about public bodies and are published as
they are.

The `insights` app holds the project's full statistical disclosure control (τ-ARGUS
suppression and cell-key perturbation) for tables; these are single headline figures, and this
module is the one seam where they would switch to it: every delivery figure passes through
`control_count` / `control_share`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings


def threshold() -> int:
    """The same primary threshold as insights' published figures (settings.INSIGHTS_THRESHOLD).
    Single figures are withheld below it; insights' secondary suppression and cell-key
    perturbation apply to its tables, not yet to these (see docs/delivery.md)."""
    return int(settings.INSIGHTS_THRESHOLD)


@dataclass(frozen=True)
class Controlled:
    value: Decimal | None  # None: withheld
    note: str

    @property
    def withheld(self) -> bool:
        return self.value is None


def _small(n: int) -> bool:
    return 0 < n < threshold()


def control_count(n: int, *, about_people: bool = True) -> Controlled:
    if not about_people:
        return Controlled(Decimal(n), "Councils are public bodies: no disclosure control needed.")
    if _small(n):
        return Controlled(None, f"Fewer than {threshold()}: withheld so no one can be identified.")
    return Controlled(Decimal(n), f"Counts from 1 to {threshold() - 1} are withheld.")


def control_share(part: int, whole: int, *, about_people: bool = True) -> Controlled:
    """A percentage to one decimal place, or withheld."""
    if whole == 0:
        return Controlled(None, "Nothing to measure yet.")
    if about_people and (_small(part) or _small(whole - part) or whole < threshold()):
        return Controlled(
            None, f"Withheld: a part smaller than {threshold()} could identify someone."
        )
    pct = (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return Controlled(
        pct,
        f"Counts from 1 to {threshold() - 1} are withheld."
        if about_people
        else "Councils are public bodies: no disclosure control needed.",
    )
