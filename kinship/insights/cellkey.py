"""Cell-key perturbation: the same cell always moves by the same small amount.

The method is the Australian Bureau of Statistics' cell key method, used by the Office for
National Statistics for Census 2021 outputs: every record carries a fixed random *record key*
(0-255); a cell's *key* is the sum of its records' keys modulo 256; a published count is the
true count plus a perturbation looked up from a fixed table (`PTABLE`) by (count, cell key).
Because the key depends only on which records are in the cell, a cell re-published in a later
release moves by the same amount (consistency), while two cells that differ by one family have
unrelated keys, so subtracting one published figure from another (a month from a quarter, a
council from its partnership) gives the difference plus noise of up to ±2·MAX_PERTURBATION,
never the exact count. Pure: no Django.
"""

from __future__ import annotations

KEY_RANGE = 256
MAX_PERTURBATION = 2

# Chances (out of 256) of moving a count by -2, -1, 0, +1, +2: a symmetric spread with no
# bias, so totals stay unbiased on average.
_SPREAD = {-2: 26, -1: 51, 0: 102, 1: 51, 2: 26}


def _row(value: int, threshold: int) -> list[tuple[int, int]]:
    """The (perturbation, slots) of one count: never below `threshold` once at or above it.

    Small counts (1 to threshold-1) are suppressed, never published, so they need no row;
    counts near the threshold only move up, so a published figure is never a small count.
    """
    allowed = [(d, w) for d, w in _SPREAD.items() if value + d >= threshold]
    total = sum(w for _, w in allowed)
    # Spread the 256 slots over the allowed moves in proportion, remainder to "no move".
    slots = [(d, w * KEY_RANGE // total) for d, w in allowed]
    remainder = KEY_RANGE - sum(s for _, s in slots)
    return [(d, s + (remainder if d == 0 else 0)) for d, s in slots]


def perturbation(value: int, cell_key: int, *, threshold: int) -> int:
    """How much to add to `value` (a count at or above the threshold) for this cell key."""
    if not 0 <= cell_key < KEY_RANGE:
        raise ValueError("cell key out of range")
    if value == 0:
        return 0  # an empty cell stays empty: there is no family in it to protect
    if value < threshold:
        raise ValueError("small counts are suppressed, not perturbed")
    position = 0
    for move, slots in _row(value, threshold):
        position += slots
        if cell_key < position:
            return move
    raise AssertionError("the table covers every key")  # pragma: no cover


def perturb(value: int, cell_key: int, *, threshold: int) -> int:
    return value + perturbation(value, cell_key, threshold=threshold)


def cell_key(record_key_sum: int) -> int:
    """A cell's key from the sum of its records' keys."""
    return record_key_sum % KEY_RANGE


def possible_published(value: int, *, threshold: int) -> set[int]:
    """Every figure that a true count can be published as (what an attacker must allow for)."""
    if value == 0:
        return {0}
    return {value + d for d, slots in _row(value, threshold) if slots}


# Record keys come from the database row id through a keyed affine map modulo a prime, so
# the database can sum them inside the aggregate query (no rows in Python) on SQLite and
# PostgreSQL alike; the multiplier and offset are secret (derived from the site's secret key)
# so nobody outside can compute a record's key from its id.
PRIME = 2_147_483_647


def record_key(pk: int, multiplier: int, offset: int) -> int:
    return ((pk * multiplier + offset) % PRIME) % KEY_RANGE
