"""Reference tables published beside the protected figures. They describe services and
councils' published rates, not families, so they need no disclosure control; each names its
source. Read through the owning apps' selectors."""

from __future__ import annotations

from kinship.allowances.models import CarerType
from kinship.allowances.selectors import (
    compare_councils,
    comparison_bands,
    current_financial_year,
)
from kinship.directory.models import KindOfSupport
from kinship.directory.selectors import provision_gaps

from .models import ReleaseTable

NO_LOCAL = "no-local"


def provision_gap_table() -> ReleaseTable:
    kinds = [(k.value, str(k.label)) for k in KindOfSupport]
    rows, cells = [], []
    gaps = dict.fromkeys((code for code, _ in kinds), 0)
    for gap in provision_gaps():
        rows.append([gap.council.code, gap.council.name])
        for code, label in kinds:
            local, _national = gap.counts.get(code, (0, 0))
            gaps[code] += local == 0
            cells.append(
                {
                    "row": gap.council.code,
                    "row_label": gap.council.name,
                    "col": code,
                    "col_label": label,
                    "value": local,
                    "status": "reference",
                }
            )
    rows.append([NO_LOCAL, "Council areas with no local service"])
    for code, label in kinds:
        cells.append(
            {
                "row": NO_LOCAL,
                "row_label": rows[-1][1],
                "col": code,
                "col_label": label,
                "value": gaps[code],
                "status": "reference",
            }
        )
    return ReleaseTable(
        measure="provision-gaps",
        geography="council",
        title="Local services by kind of support and council area (0 is a gap)",
        unit="services",
        rows=rows,
        cols=[list(k) for k in kinds],
        cells=cells,
        protected=False,
        disclosure={
            "source": "Kinship Hub service directory: active services covering each "
            "council area, national services not counted."
        },
    )


def allowance_parity_table() -> ReleaseTable:
    year = current_financial_year()
    band = comparison_bands()[0]
    comparison = compare_councils(year, CarerType.KINSHIP, band)
    cols = [
        ["council", "Council weekly (£)"],
        ["sra", "Scottish Recommended Allowance (£)"],
        ["difference", "Difference (£)"],
    ]
    rows, cells = [], []
    for row in comparison.rows:
        rows.append([row.council.code, row.council.name])
        values = {
            "council": row.weekly_lowest,
            "sra": row.sra_weekly,
            "difference": row.difference.pounds if row.difference else None,
        }
        for code, label in cols:
            value = values[code]
            cells.append(
                {
                    "row": row.council.code,
                    "row_label": row.council.name,
                    "col": code,
                    "col_label": label,
                    "value": float(value) if value is not None else None,
                    "status": "reference" if value is not None else "not-published",
                }
            )
    age = f"{band.age_from}+" if band.age_to is None else f"{band.age_from} to {band.age_to}"
    return ReleaseTable(
        measure="allowance-parity",
        geography="council",
        title=f"Kinship allowance against the SRA, ages {age}, {year}",
        unit="£ a week",
        rows=rows,
        cols=cols,
        cells=cells,
        protected=False,
        disclosure={
            "source": "Councils' published rates and the Scottish Recommended "
            "Allowance, as on the allowances comparison page."
        },
    )


def reference_tables() -> list[ReleaseTable]:
    return [provision_gap_table(), allowance_parity_table()]
