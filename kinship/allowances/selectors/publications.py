"""Councils' published rates: versions, history, and the full history as open data."""

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max

from kinship.accounts.models import Organisation, OrganisationKind
from kinship.places.models import Council

from ..calculations import (
    Band,
    Difference,
    amounts_over_ages,
    difference,
)
from ..models import CarerType, RatePublication
from .sra import SraRates, current_financial_year, sra_for_year

# --- publications --------------------------------------------------------------------------


def bands_of(publication: RatePublication) -> list[Band]:
    return [Band(b.age_from, b.age_to, b.weekly_amount) for b in publication.bands.all()]


def publications_with_detail():
    return RatePublication.objects.select_related("council", "published_by").prefetch_related(
        "bands", "extras"
    )


def latest_publication(
    council: Council, financial_year: str, carer_type: str
) -> RatePublication | None:
    return (
        publications_with_detail()
        .filter(council=council, financial_year=financial_year, carer_type=carer_type)
        .order_by("-version")
        .first()
    )


def latest_publication_up_to(
    council: Council, financial_year: str, carer_types: list[str]
) -> RatePublication | None:
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
        rows.append(
            BandComparison(band, low, len(set(sra_amounts)) > 1, difference(band.weekly, low))
        )
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
    pubs = (
        publications_with_detail()
        .filter(council=council)
        .order_by("-financial_year", "carer_type", "-version")
    )
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
    return (
        Organisation.objects.filter(
            kind=OrganisationKind.COUNCIL_KINSHIP_TEAM, home_council=council
        )
        .order_by("name")
        .first()
    )


PUBLICATION_CSV_COLUMNS = [
    "council_code",
    "council",
    "financial_year",
    "carer_type",
    "version",
    "is_latest_version",
    "published_at",
    "effective_from",
    "row_type",
    "age_from",
    "age_to",
    "amount_gbp",
    "note",
    "demonstration_figures",
    "source_url",
]


def publications_csv() -> str:
    """Every version of every council's publication, one row per band or extra payment: the
    full public history as open data."""
    pubs = list(
        publications_with_detail().order_by(
            "council__name", "-financial_year", "carer_type", "-version"
        )
    )
    latest: dict[tuple, int] = {}
    for pub in pubs:
        key = (pub.council_id, pub.financial_year, pub.carer_type)
        latest[key] = max(latest.get(key, 0), pub.version)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(PUBLICATION_CSV_COLUMNS)
    for pub in pubs:
        is_latest = latest[(pub.council_id, pub.financial_year, pub.carer_type)] == pub.version
        common = [
            pub.council_id,
            pub.council.name,
            pub.financial_year,
            pub.carer_type,
            pub.version,
            "yes" if is_latest else "no",
            pub.published_at.date().isoformat(),
            pub.effective_from.isoformat(),
        ]
        tail = ["yes" if pub.is_demo else "no", pub.source_url]
        for band in pub.bands.all():
            writer.writerow(
                [
                    *common,
                    "weekly",
                    band.age_from,
                    blank_if_none(band.age_to),
                    band.weekly_amount,
                    "",
                    *tail,
                ]
            )
        for extra in pub.extras.all():
            writer.writerow(
                [
                    *common,
                    extra.kind,
                    blank_if_none(extra.age_from),
                    blank_if_none(extra.age_to),
                    extra.amount,
                    extra.note,
                    *tail,
                ]
            )
    return out.getvalue()


def blank_if_none(value) -> str:
    return "" if value is None else str(value)
