"""Statistical disclosure control of one published table: suppression, then perturbation.

1. Primary and secondary suppression by τ-ARGUS on the true counts (`suppression.py`).
2. Every cell still shown, totals included, is perturbed by its cell key (`cellkey.py`).
3. The outcome carries its disclosure record: the rules, which cells were withheld or moved.

Pure: no Django. The threshold and safety range come from settings through `selectors`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import cellkey
from .suppression import PRIMARY, SAFE, SECONDARY, TOTAL, margins, suppress

PERTURBED = "perturbed"


@dataclass(frozen=True)
class Cell:
    row: str
    col: str
    value: int | None  # None: withheld
    status: str  # safe, perturbed, primary, secondary


@dataclass(frozen=True)
class ProtectedTable:
    rows: list[str]
    cols: list[str]
    cells: dict[tuple[str, str], Cell]
    threshold: int
    safety_range: int
    counts: dict[str, int] = field(default_factory=dict)

    def value(self, row: str, col: str) -> int | None:
        return self.cells[(row, col)].value

    def rules(self) -> list[str]:
        return [
            f"Counts from 1 to {self.threshold - 1} are not shown (primary suppression).",
            "Further cells are not shown where a hidden count could otherwise be worked out "
            f"from the totals, keeping at least {self.safety_range}% uncertainty about each "
            "hidden count (secondary suppression by τ-ARGUS, optimal method).",
            f"Every figure shown may have been moved by up to {cellkey.MAX_PERTURBATION}, "
            "the same way every time it is published, so figures from different releases "
            "or areas cannot be subtracted to reveal a family (cell-key perturbation).",
        ]


def protect(
    counts: dict[tuple[str, str], int],
    key_sums: dict[tuple[str, str], int],
    *,
    threshold: int,
    safety_range: int,
    rows: list[str] | None = None,
    cols: list[str] | None = None,
) -> ProtectedTable:
    """Protect a two-way table of counts. `key_sums` holds each inner cell's record-key sum."""
    rows = rows if rows is not None else sorted({row for row, _ in counts})
    cols = cols if cols is not None else sorted({col for _, col in counts})
    full_counts = {(row, col): counts.get((row, col), 0) for row in rows for col in cols}
    inner_keys = {key: key_sums.get(key, 0) for key in full_counts}
    status = suppress(full_counts, threshold=threshold, safety_range=safety_range).status
    totals = margins(full_counts)
    total_keys = margins(inner_keys)  # a margin's contributors are its cells' contributors
    cells: dict[tuple[str, str], Cell] = {}
    tally = {SAFE: 0, PERTURBED: 0, PRIMARY: 0, SECONDARY: 0}
    for key, true_value in totals.items():
        state = status.get(key, SAFE)
        if state == SAFE and 0 < true_value < threshold:
            state = PRIMARY  # belt and braces: a small count is never shown
        if state != SAFE:
            cells[key] = Cell(key[0], key[1], None, state)
        else:
            ck = cellkey.cell_key(total_keys[key])
            shown = cellkey.perturb(true_value, ck, threshold=threshold)
            state = PERTURBED if shown != true_value else SAFE
            cells[key] = Cell(key[0], key[1], shown, state)
        tally[state] += 1
    return ProtectedTable(
        rows=list(rows),
        cols=list(cols),
        cells=cells,
        threshold=threshold,
        safety_range=safety_range,
        counts=tally,
    )


__all__ = [
    "TOTAL",
    "Cell",
    "ProtectedTable",
    "protect",
    "PERTURBED",
    "PRIMARY",
    "SECONDARY",
    "SAFE",
]
