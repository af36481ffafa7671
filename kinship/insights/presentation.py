"""Turning a stored release table into what pages and open data show: a grid, an SVG bar
chart's geometry, CSV and JSON. Every output is built from the same stored (protected) cells."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from .disclosure import TOTAL
from .models import Release, ReleaseTable
from .reference import NO_LOCAL

HIDDEN_MARK = "[c]"  # the symbol UK official statistics use for a confidential figure
CSV_COLUMNS = [
    "period_start",
    "period_end",
    "measure",
    "geography",
    "area_code",
    "area",
    "category_code",
    "category",
    "value",
    "shown",
    "unit",
]


def _number(value) -> str:
    if value is None:
        return HIDDEN_MARK
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}"
    return f"{int(value):,}"


@dataclass
class Grid:
    cols: list[tuple[str, str]]
    rows: list[tuple[str, str, list[str]]]  # code, label, shown values


def grid(table: ReleaseTable) -> Grid:
    values = {(c["row"], c["col"]): c["value"] for c in table.cells}
    cols = [tuple(col) for col in table.cols]
    rows = []
    for code, label in table.rows:
        row_values = [values.get((code, col)) for col, _ in cols]
        if (
            table.protected
            and code not in (TOTAL,)
            and all(v in (0, None) for v in row_values)
            and not any(v is None for v in row_values)
        ):
            continue  # an area with nothing at all adds a line of zeros; the CSV keeps it
        rows.append((code, label, [_number(v) for v in row_values]))
    return Grid(cols=cols, rows=rows)


@dataclass
class Bar:
    label: str
    text: str
    y: int
    width: int
    plot_left: int = 330

    @property
    def bar_y(self) -> int:
        return self.y + 2

    @property
    def text_y(self) -> int:
        return self.y + 14

    @property
    def value_x(self) -> int:
        return self.plot_left + self.width + 6


@dataclass
class Chart:
    title: str
    summary: str
    bars: list[Bar]
    width: int = 760
    plot_left: int = 330
    plot_width: int = 340

    @property
    def label_x(self) -> int:
        return self.plot_left - 8

    @property
    def height(self) -> int:
        return 24 * len(self.bars) + 8


def chart(table: ReleaseTable) -> Chart | None:
    """A bar per category for Scotland (or, for gaps, the count of areas with none)."""
    row = TOTAL if table.protected else NO_LOCAL if table.measure == "provision-gaps" else None
    if row is None:
        return None
    values = {c["col"]: c["value"] for c in table.cells if c["row"] == row}
    cols = [(code, label) for code, label in table.cols if code != TOTAL]
    if not cols:
        return None
    top = max([v for v in values.values() if v] or [1])
    result = Chart(title="", summary="", bars=[])
    for i, (code, label) in enumerate(cols):
        value = values.get(code)
        width = 0 if not value else max(1, round(result.plot_width * value / top))
        result.bars.append(Bar(label=label[:45], text=_number(value), y=4 + 24 * i, width=width))
    label = dict(table.rows).get(row, "")
    result.title = f"Bar chart: {table.title}, {label}"
    result.summary = "; ".join(f"{b.label}: {b.text}" for b in result.bars)
    return result


def csv_rows(release: Release, tables: list[ReleaseTable]):
    for table in tables:
        for cell in table.cells:
            yield {
                "period_start": release.period_start.isoformat(),
                "period_end": release.period_end.isoformat(),
                "measure": table.measure,
                "geography": table.geography,
                "area_code": "" if cell["row"] == TOTAL else cell["row"],
                "area": cell["row_label"],
                "category_code": cell["col"],
                "category": cell["col_label"],
                "value": "" if cell["value"] is None else cell["value"],
                "shown": "no" if cell["value"] is None else "yes",
                "unit": table.unit,
            }


def to_csv(release: Release, tables: list[ReleaseTable]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(csv_rows(release, tables))
    return out.getvalue()


def disclosure_note(release: Release, table: ReleaseTable) -> list[str]:
    """The plain-English disclosure record shown beside a table."""
    if not table.protected:
        return [
            table.disclosure.get("source", ""),
            "These figures describe services and councils, not families, so no figure "
            "is hidden or moved.",
        ]
    cells = table.disclosure.get("cells", {})
    hidden = cells.get("primary", 0) + cells.get("secondary", 0)
    lines = list(table.disclosure.get("rules", []))
    lines.append(
        f"In this table {hidden} of {sum(cells.values())} figures are hidden "
        f"({HIDDEN_MARK}) and {cells.get('perturbed', 0)} were moved slightly."
    )
    return lines


def to_json(release: Release, tables: list[ReleaseTable]) -> dict:
    return {
        "release": {
            "id": release.pk,
            "period": release.get_period_kind_display(),
            "period_start": release.period_start.isoformat(),
            "period_end_exclusive": release.period_end.isoformat(),
            "approved_at": release.approved_at.isoformat() if release.approved_at else None,
        },
        "tables": [
            {
                "measure": t.measure,
                "geography": t.geography,
                "title": t.title,
                "unit": t.unit,
                "disclosure": disclosure_note(release, t),
                "cells": [
                    {k: c[k] for k in ("row", "row_label", "col", "col_label", "value")}
                    for c in t.cells
                ],
            }
            for t in tables
        ],
    }
