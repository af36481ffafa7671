"""The Scottish Recommended Allowance (SRA) by financial year, and the current year."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from ..calculations import (
    Band,
    band_for_age,
    financial_year_for,
)
from ..models import RecommendedAllowance

NATIONAL_SOURCE_NOTE = _(
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
    rates_year = RecommendedAllowance.objects.filter(financial_year__lte=financial_year).aggregate(
        y=Max("financial_year")
    )["y"]
    if rates_year is None:
        return None
    rows = list(RecommendedAllowance.objects.filter(financial_year=rates_year).order_by("age_from"))
    return SraRates(
        financial_year,
        rates_year,
        tuple(Band(r.age_from, r.age_to, r.weekly_amount) for r in rows),
        rows[0].source_url,
    )


def latest_sra() -> SraRates | None:
    latest = RecommendedAllowance.objects.aggregate(y=Max("financial_year"))["y"]
    return sra_for_year(latest) if latest else None
