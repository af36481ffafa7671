"""A family's estimate: what their council pays for their children, against the SRA."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from kinship.accounts.models import Organisation
from kinship.places.models import Council

from ..calculations import (
    Band,
    Difference,
    YearAmount,
    age_on,
    band_for_age,
    difference,
    yearly_amount,
    yearly_amount_for_age,
)
from ..models import CarerType, RatePublication
from .publications import bands_of, kinship_team, latest_publication_up_to
from .sra import SraRates, current_financial_year, sra_for_year

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


def estimate_for_family(
    council: Council, arrangement: str, children: list[ChildInput], today: date | None = None
) -> FamilyEstimate:
    today = today or date.today()
    year = current_financial_year(today)
    carer_types = ARRANGEMENT_CARER_TYPES.get(arrangement, [CarerType.KINSHIP])
    pub = latest_publication_up_to(council, year, list(carer_types))
    bands = bands_of(pub) if pub else []
    sra = sra_for_year(year)
    estimates = []
    for n, child in enumerate(children, start=1):
        age = age_on(child.born, today) if child.born else child.age
        if age is None:  # the form asks for one or the other
            raise ValueError("Each child needs an age or a date of birth.")
        band = band_for_age(bands, age) if bands else None

        def year_amount(band_list, child=child, age=age):
            if not band_list:
                return None
            if child.born:
                return yearly_amount(band_list, child.born, year)
            return yearly_amount_for_age(band_list, age, year)

        sra_weekly = sra.weekly_for_age(age) if sra else None
        estimates.append(
            ChildEstimate(
                n,
                age,
                child.born,
                band,
                band.weekly if band else None,
                year_amount(bands),
                sra_weekly,
                year_amount(list(sra.bands)) if sra else None,
                difference(band.weekly, sra_weekly) if band else None,
            )
        )
    return FamilyEstimate(council, arrangement, year, pub, sra, kinship_team(council), estimates)
