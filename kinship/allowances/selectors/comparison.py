"""Every council's rates side by side for one band, as a table, CSV, JSON and a chart."""

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Max
from django.utils.translation import gettext as _

from kinship.places.models import Council

from ..calculations import (
    Band,
    Difference,
    amounts_over_ages,
    difference,
)
from ..models import CarerType, RatePublication
from .publications import bands_of, blank_if_none, publications_with_detail
from .sra import NATIONAL_SOURCE_NOTE, SraRates, current_financial_year, latest_sra, sra_for_year

# --- comparison of all councils ------------------------------------------------------------


@dataclass(frozen=True)
class ComparisonRow:
    council: Council
    publication: RatePublication | None
    weekly_lowest: Decimal | None
    weekly_highest: Decimal | None
    sra_weekly: Decimal | None
    difference: Difference | None
    latest_year: str  # the latest year this council published for this carer type, or ""
    is_current_year: bool

    @property
    def status(self) -> str:
        if self.publication is None:
            return "Not published"
        return "Current" if self.is_current_year else "Published"

    @property
    def varies_in_band(self) -> bool:
        return self.weekly_lowest != self.weekly_highest

    @property
    def position(self) -> str:
        """ "above", "at", "below" the SRA, or "" when unknown."""
        if self.difference is None:
            return ""
        if self.difference.pounds > 0:
            return "above"
        return "below" if self.difference.pounds < 0 else "at"


@dataclass
class Comparison:
    financial_year: str
    carer_type: str
    band: Band  # the SRA age band compared (its weekly is the SRA amount)
    sra: SraRates | None
    rows: list[ComparisonRow] = field(default_factory=list)

    @property
    def carer_type_label(self) -> str:
        return str(CarerType(self.carer_type).label)

    def count(self, position: str) -> int:
        return sum(1 for r in self.rows if r.position == position)

    @property
    def above(self) -> int:
        return self.count("above")

    @property
    def at(self) -> int:
        return self.count("at")

    @property
    def below(self) -> int:
        return self.count("below")

    @property
    def not_published(self) -> int:
        return sum(1 for r in self.rows if r.publication is None)

    @property
    def has_demo(self) -> bool:
        return any(r.publication and r.publication.is_demo for r in self.rows)


def comparison_bands() -> list[Band]:
    """The age bands the comparison offers: the latest SRA's."""
    sra = latest_sra()
    return list(sra.bands) if sra else [Band(0, None, Decimal(0))]


def band_key(band: Band) -> str:
    return f"{band.age_from}+" if band.age_to is None else f"{band.age_from}-{band.age_to}"


def compare_councils(
    financial_year: str, carer_type: str, band: Band, today: date | None = None
) -> Comparison:
    sra = sra_for_year(financial_year)
    sra_weekly = None
    if sra:
        sra_amounts = amounts_over_ages(sra.bands, band.age_from, band.age_to)
        sra_weekly = min(sra_amounts) if sra_amounts else None
    is_current = financial_year == current_financial_year(today)
    latest_versions = (
        publications_with_detail()
        .filter(financial_year=financial_year, carer_type=carer_type)
        .order_by("council_id", "-version")
    )
    by_council: dict[str, RatePublication] = {}
    for pub in latest_versions:
        by_council.setdefault(pub.council_id, pub)
    latest_years = dict(
        RatePublication.objects.filter(carer_type=carer_type)
        .values_list("council_id")
        .annotate(y=Max("financial_year"))
    )
    result = Comparison(financial_year, carer_type, band, sra)
    for council in Council.objects.order_by("name"):
        pub = by_council.get(council.code)
        lowest = highest = diff = None
        if pub is not None:
            amounts = amounts_over_ages(bands_of(pub), band.age_from, band.age_to)
            if amounts:
                lowest, highest = min(amounts), max(amounts)
                diff = difference(lowest, sra_weekly)
        result.rows.append(
            ComparisonRow(
                council,
                pub,
                lowest,
                highest,
                sra_weekly,
                diff,
                latest_years.get(council.code, ""),
                is_current,
            )
        )
    return result


CSV_COLUMNS = [
    "council_code",
    "council",
    "financial_year",
    "carer_type",
    "age_band",
    "status",
    "weekly_gbp",
    "weekly_gbp_highest_in_band",
    "sra_weekly_gbp",
    "sra_rates_year",
    "difference_gbp",
    "difference_percent",
    "version",
    "published_at",
    "effective_from",
    "latest_year_published",
    "demonstration_figures",
    "source_url",
]


def comparison_table(comparison: Comparison) -> list[dict[str, str]]:
    """The comparison as rows of text: what the page's table, the CSV and the JSON all show."""
    rows = []
    for r in comparison.rows:
        pub = r.publication
        rows.append(
            {
                "council_code": r.council.code,
                "council": r.council.name,
                "financial_year": comparison.financial_year,
                "carer_type": comparison.carer_type,
                "age_band": comparison.band.label,
                "status": r.status,
                "weekly_gbp": blank_if_none(r.weekly_lowest),
                "weekly_gbp_highest_in_band": blank_if_none(r.weekly_highest),
                "sra_weekly_gbp": blank_if_none(r.sra_weekly),
                "sra_rates_year": comparison.sra.rates_year if comparison.sra else "",
                "difference_gbp": blank_if_none(r.difference.pounds if r.difference else None),
                "difference_percent": blank_if_none(r.difference.percent if r.difference else None),
                "version": blank_if_none(pub.version if pub else None),
                "published_at": pub.published_at.date().isoformat() if pub else "",
                "effective_from": pub.effective_from.isoformat() if pub else "",
                "latest_year_published": r.latest_year,
                "demonstration_figures": "yes" if pub and pub.is_demo else ("no" if pub else ""),
                "source_url": pub.source_url if pub else "",
            }
        )
    return rows


def comparison_csv(comparison: Comparison) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    # Every cell is ours (council names, numbers, URLs checked on upload): none can start a
    # spreadsheet formula except a negative number, which is what it looks like.
    writer.writerows(comparison_table(comparison))
    return out.getvalue()


def comparison_json(comparison: Comparison) -> dict:
    sra = comparison.sra
    return {
        "financial_year": comparison.financial_year,
        "carer_type": comparison.carer_type,
        "age_band": comparison.band.label,
        "sra": None
        if sra is None
        else {
            "rates_year": sra.rates_year,
            "weekly_gbp": blank_if_none(comparison.rows[0].sra_weekly) if comparison.rows else "",
            "carried_forward_from_earlier_year": sra.carried_forward,
            "source_url": sra.source_url,
            "note": str(NATIONAL_SOURCE_NOTE) if sra.carried_forward else "",
        },
        "columns": CSV_COLUMNS,
        "councils": comparison_table(comparison),
    }


@dataclass(frozen=True)
class ChartBar:
    label: str
    y: int
    width: int
    amount: Decimal | None
    position: str


@dataclass(frozen=True)
class Chart:
    bars: list[ChartBar]
    width: int
    height: int
    plot_left: int
    plot_width: int
    sra_x: int | None
    scale_max: Decimal
    summary: str


def bar_chart(
    comparison: Comparison, *, row_height: int = 22, plot_left: int = 190, plot_width: int = 420
) -> Chart:
    """Geometry for a server-drawn horizontal bar chart (one bar per council)."""
    amounts = [r.weekly_lowest for r in comparison.rows if r.weekly_lowest is not None]
    sra = comparison.rows[0].sra_weekly if comparison.rows else None
    scale_max = max([*amounts, sra or Decimal(0), Decimal(1)]) * Decimal("1.1")

    def x(amount: Decimal) -> int:
        return int(amount / scale_max * plot_width)

    bars = [
        ChartBar(
            r.council.name,
            10 + i * row_height,
            x(r.weekly_lowest) if r.weekly_lowest is not None else 0,
            r.weekly_lowest,
            r.position,
        )
        for i, r in enumerate(comparison.rows)
    ]
    summary = _(
        "Weekly %(carers)s allowance for ages %(band)s in %(year)s: %(above)s councils above "
        "the SRA, %(at)s at it, %(below)s below it and %(missing)s not published. The table "
        "below has every figure."
    ) % {
        "carers": str(comparison.carer_type_label).lower(),
        "band": comparison.band.label,
        "year": comparison.financial_year,
        "above": comparison.count("above"),
        "at": comparison.count("at"),
        "below": comparison.count("below"),
        "missing": comparison.not_published,
    }
    return Chart(
        bars,
        plot_left + plot_width + 80,
        20 + len(bars) * row_height,
        plot_left,
        plot_width,
        x(sra) if sra is not None else None,
        scale_max,
        summary,
    )
