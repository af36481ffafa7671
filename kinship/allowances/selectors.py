"""Reads: the SRA, councils' publications, the all-council comparison and a family's estimate.
The arithmetic itself is in calculations.py; this module fetches and assembles."""

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Max

from kinship.accounts.models import Organisation, OrganisationKind
from kinship.places.models import Council

from .calculations import (
    Band,
    Difference,
    YearAmount,
    age_on,
    amounts_over_ages,
    band_for_age,
    difference,
    financial_year_for,
    yearly_amount,
    yearly_amount_for_age,
)
from .models import CarerType, RatePublication, RecommendedAllowance

NATIONAL_SOURCE_NOTE = (
    "The latest published Scottish Recommended Allowance is for 2023-24. As far as we could "
    "verify it has not been uprated since, so later years are compared with the 2023-24 rates."
)


def current_financial_year(today: date | None = None) -> str:
    return financial_year_for(today or date.today())


# --- the Scottish Recommended Allowance ---------------------------------------------------

@dataclass(frozen=True)
class SraRates:
    requested_year: str
    rates_year: str
    bands: tuple[Band, ...]
    source_url: str

    @property
    def carried_forward(self) -> bool:
        """True when these are an earlier year's rates (no uprating verified since)."""
        return self.rates_year != self.requested_year

    def weekly_for_age(self, age: int) -> Decimal | None:
        band = band_for_age(self.bands, age)
        return band.weekly if band else None


def sra_for_year(financial_year: str) -> SraRates | None:
    """The SRA that applies to a year: that year's, or else the latest earlier one (never a
    guessed uprating). None before the SRA existed."""
    rates_year = (
        RecommendedAllowance.objects.filter(financial_year__lte=financial_year)
        .aggregate(y=Max("financial_year"))["y"]
    )
    if rates_year is None:
        return None
    rows = list(RecommendedAllowance.objects.filter(financial_year=rates_year)
                .order_by("age_from"))
    return SraRates(financial_year, rates_year,
                    tuple(Band(r.age_from, r.age_to, r.weekly_amount) for r in rows),
                    rows[0].source_url)


def latest_sra() -> SraRates | None:
    latest = RecommendedAllowance.objects.aggregate(y=Max("financial_year"))["y"]
    return sra_for_year(latest) if latest else None


# --- publications --------------------------------------------------------------------------

def bands_of(publication: RatePublication) -> list[Band]:
    return [Band(b.age_from, b.age_to, b.weekly_amount) for b in publication.bands.all()]


def publications_with_detail():
    return RatePublication.objects.select_related("council", "published_by").prefetch_related(
        "bands", "extras"
    )


def latest_publication(council: Council, financial_year: str,
                       carer_type: str) -> RatePublication | None:
    return (publications_with_detail()
            .filter(council=council, financial_year=financial_year, carer_type=carer_type)
            .order_by("-version").first())


def latest_publication_up_to(council: Council, financial_year: str,
                             carer_types: list[str]) -> RatePublication | None:
    """The newest version for the latest year up to `financial_year`, trying carer types in
    order of preference within each year."""
    candidates = list(
        publications_with_detail()
        .filter(council=council, financial_year__lte=financial_year, carer_type__in=carer_types)
        .order_by("-financial_year", "-version")
    )
    if not candidates:
        return None
    best_year = candidates[0].financial_year
    for carer_type in carer_types:
        for pub in candidates:
            if pub.financial_year == best_year and pub.carer_type == carer_type:
                return pub
    return None


@dataclass(frozen=True)
class BandComparison:
    band: Band
    sra_weekly: Decimal | None  # the lowest SRA amount for the ages in this band
    sra_varies: bool  # the SRA pays more than one amount across these ages
    difference: Difference | None


def bands_against_sra(bands: list[Band], sra: "SraRates | None") -> list[BandComparison]:
    rows = []
    for band in sorted(bands, key=lambda b: b.age_from):
        sra_amounts = amounts_over_ages(sra.bands, band.age_from, band.age_to) if sra else []
        low = min(sra_amounts) if sra_amounts else None
        rows.append(BandComparison(band, low, len(set(sra_amounts)) > 1,
                                   difference(band.weekly, low)))
    return rows


@dataclass
class PublicationHistory:
    financial_year: str
    carer_type: str
    versions: list[RatePublication]  # newest first
    sra: "SraRates | None" = None
    band_rows: list[BandComparison] = field(default_factory=list)

    @property
    def latest(self) -> RatePublication:
        return self.versions[0]

    @property
    def carer_type_label(self) -> str:
        return str(CarerType(self.carer_type).label)


def council_history(council: Council) -> list[PublicationHistory]:
    """Every publication of a council, grouped by year and carer type, newest year first."""
    groups: dict[tuple[str, str], PublicationHistory] = {}
    pubs = publications_with_detail().filter(council=council).order_by(
        "-financial_year", "carer_type", "-version")
    for pub in pubs:
        key = (pub.financial_year, pub.carer_type)
        groups.setdefault(key, PublicationHistory(pub.financial_year, pub.carer_type, []))
        groups[key].versions.append(pub)
    sra_by_year: dict[str, SraRates | None] = {}
    for group in groups.values():
        year = group.financial_year
        if year not in sra_by_year:
            sra_by_year[year] = sra_for_year(year)
        group.sra = sra_by_year[year]
        group.band_rows = bands_against_sra(bands_of(group.latest), group.sra)
    return list(groups.values())


def next_version(council: Council, financial_year: str, carer_type: str) -> int:
    top = RatePublication.objects.filter(
        council=council, financial_year=financial_year, carer_type=carer_type
    ).aggregate(v=Max("version"))["v"]
    return (top or 0) + 1


def published_years() -> list[str]:
    """Years anyone can compare: every year with a publication, and the current year."""
    years = set(RatePublication.objects.values_list("financial_year", flat=True).distinct())
    years.add(current_financial_year())
    return sorted(years, reverse=True)


def kinship_team(council: Council) -> Organisation | None:
    return (Organisation.objects.filter(kind=OrganisationKind.COUNCIL_KINSHIP_TEAM,
                                        home_council=council).order_by("name").first())


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
        """"above", "at", "below" the SRA, or "" when unknown."""
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


def compare_councils(financial_year: str, carer_type: str, band: Band,
                     today: date | None = None) -> Comparison:
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
        .values_list("council_id").annotate(y=Max("financial_year"))
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
        result.rows.append(ComparisonRow(
            council, pub, lowest, highest, sra_weekly, diff,
            latest_years.get(council.code, ""), is_current,
        ))
    return result


CSV_COLUMNS = [
    "council_code", "council", "financial_year", "carer_type", "age_band", "status",
    "weekly_gbp", "weekly_gbp_highest_in_band", "sra_weekly_gbp", "sra_rates_year",
    "difference_gbp", "difference_percent", "version", "published_at", "effective_from",
    "latest_year_published", "demonstration_figures", "source_url",
]


def _text(value) -> str:
    return "" if value is None else str(value)


def comparison_table(comparison: Comparison) -> list[dict[str, str]]:
    """The comparison as rows of text: what the page's table, the CSV and the JSON all show."""
    rows = []
    for r in comparison.rows:
        pub = r.publication
        rows.append({
            "council_code": r.council.code,
            "council": r.council.name,
            "financial_year": comparison.financial_year,
            "carer_type": comparison.carer_type,
            "age_band": comparison.band.label,
            "status": r.status,
            "weekly_gbp": _text(r.weekly_lowest),
            "weekly_gbp_highest_in_band": _text(r.weekly_highest),
            "sra_weekly_gbp": _text(r.sra_weekly),
            "sra_rates_year": comparison.sra.rates_year if comparison.sra else "",
            "difference_gbp": _text(r.difference.pounds if r.difference else None),
            "difference_percent": _text(r.difference.percent if r.difference else None),
            "version": _text(pub.version if pub else None),
            "published_at": pub.published_at.date().isoformat() if pub else "",
            "effective_from": pub.effective_from.isoformat() if pub else "",
            "latest_year_published": r.latest_year,
            "demonstration_figures": "yes" if pub and pub.is_demo else ("no" if pub else ""),
            "source_url": pub.source_url if pub else "",
        })
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
        "sra": None if sra is None else {
            "rates_year": sra.rates_year,
            "weekly_gbp": _text(comparison.rows[0].sra_weekly) if comparison.rows else "",
            "carried_forward_from_earlier_year": sra.carried_forward,
            "source_url": sra.source_url,
            "note": NATIONAL_SOURCE_NOTE if sra.carried_forward else "",
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


def bar_chart(comparison: Comparison, *, row_height: int = 22, plot_left: int = 190,
              plot_width: int = 420) -> Chart:
    """Geometry for a server-drawn horizontal bar chart (one bar per council)."""
    amounts = [r.weekly_lowest for r in comparison.rows if r.weekly_lowest is not None]
    sra = comparison.rows[0].sra_weekly if comparison.rows else None
    scale_max = max([*amounts, sra or Decimal(0), Decimal(1)]) * Decimal("1.1")

    def x(amount: Decimal) -> int:
        return int(amount / scale_max * plot_width)

    bars = [
        ChartBar(r.council.name, 10 + i * row_height,
                 x(r.weekly_lowest) if r.weekly_lowest is not None else 0,
                 r.weekly_lowest, r.position)
        for i, r in enumerate(comparison.rows)
    ]
    summary = (
        f"Weekly {comparison.carer_type_label.lower()} allowance for ages {comparison.band.label}"
        f" in {comparison.financial_year}: {comparison.count('above')} councils above the SRA, "
        f"{comparison.count('at')} at it, {comparison.count('below')} below it and "
        f"{comparison.not_published} not published. The table below has every figure."
    )
    return Chart(bars, plot_left + plot_width + 80, 20 + len(bars) * row_height, plot_left,
                 plot_width, x(sra) if sra is not None else None, scale_max, summary)


# --- a family's estimate -------------------------------------------------------------------

ARRANGEMENT_CARER_TYPES = {
    "looked_after": [CarerType.KINSHIP_LOOKED_AFTER, CarerType.KINSHIP, CarerType.FOSTER],
    "kinship_care_order": [CarerType.KINSHIP_CARE_ORDER, CarerType.KINSHIP],
    "informal": [CarerType.KINSHIP],
    "not_sure": [CarerType.KINSHIP, CarerType.KINSHIP_LOOKED_AFTER],
}


@dataclass(frozen=True)
class ChildInput:
    age: int | None = None
    born: date | None = None


@dataclass(frozen=True)
class ChildEstimate:
    number: int
    age: int
    born: date | None
    band: Band | None
    weekly: Decimal | None
    year: YearAmount | None
    sra_weekly: Decimal | None
    sra_year: YearAmount | None
    difference: Difference | None


@dataclass
class FamilyEstimate:
    council: Council
    arrangement: str
    financial_year: str
    publication: RatePublication | None
    sra: SraRates | None
    team: Organisation | None
    children: list[ChildEstimate]

    @property
    def out_of_date(self) -> bool:
        return bool(self.publication and self.publication.financial_year != self.financial_year)


def estimate_for_family(council: Council, arrangement: str, children: list[ChildInput],
                        today: date | None = None) -> FamilyEstimate:
    today = today or date.today()
    year = current_financial_year(today)
    carer_types = ARRANGEMENT_CARER_TYPES.get(arrangement, [CarerType.KINSHIP])
    pub = latest_publication_up_to(council, year, list(carer_types))
    bands = bands_of(pub) if pub else []
    sra = sra_for_year(year)
    estimates = []
    for n, child in enumerate(children, start=1):
        age = age_on(child.born, today) if child.born else child.age
        band = band_for_age(bands, age) if bands else None

        def year_amount(band_list, child=child, age=age):
            if not band_list:
                return None
            if child.born:
                return yearly_amount(band_list, child.born, year)
            return yearly_amount_for_age(band_list, age, year)

        sra_weekly = sra.weekly_for_age(age) if sra else None
        estimates.append(ChildEstimate(
            n, age, child.born, band, band.weekly if band else None, year_amount(bands),
            sra_weekly, year_amount(list(sra.bands)) if sra else None,
            difference(band.weekly, sra_weekly) if band else None,
        ))
    return FamilyEstimate(council, arrangement, year, pub, sra, kinship_team(council), estimates)



PUBLICATION_CSV_COLUMNS = [
    "council_code", "council", "financial_year", "carer_type", "version", "is_latest_version",
    "published_at", "effective_from", "row_type", "age_from", "age_to", "amount_gbp", "note",
    "demonstration_figures", "source_url",
]


def publications_csv() -> str:
    """Every version of every council's publication, one row per band or extra payment: the
    full public history as open data."""
    pubs = list(publications_with_detail().order_by(
        "council__name", "-financial_year", "carer_type", "-version"))
    latest: dict[tuple, int] = {}
    for pub in pubs:
        key = (pub.council_id, pub.financial_year, pub.carer_type)
        latest[key] = max(latest.get(key, 0), pub.version)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(PUBLICATION_CSV_COLUMNS)
    for pub in pubs:
        is_latest = latest[(pub.council_id, pub.financial_year, pub.carer_type)] == pub.version
        common = [pub.council_id, pub.council.name, pub.financial_year, pub.carer_type,
                  pub.version, "yes" if is_latest else "no", pub.published_at.date().isoformat(),
                  pub.effective_from.isoformat()]
        tail = ["yes" if pub.is_demo else "no", pub.source_url]
        for band in pub.bands.all():
            writer.writerow([*common, "weekly", band.age_from, _text(band.age_to),
                             band.weekly_amount, "", *tail])
        for extra in pub.extras.all():
            writer.writerow([*common, extra.kind, _text(extra.age_from), _text(extra.age_to),
                             extra.amount, extra.note, *tail])
    return out.getvalue()
