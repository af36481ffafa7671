"""A benefits estimate for one household with PolicyEngine UK, kept fast and honest.

Building PolicyEngine's tax-benefit system takes many seconds (it is what makes a bare
`Simulation` slow), so it is built once per process and each household is a small simulation
on top of it that asks only for the benefits we show. No Django here: the cache and the
background task live in services.py and tasks.py.

What the model does not cover (Guardian's Allowance, Best Start, kinship allowances) and the
Council Tax Reduction figure we do not trust are left to the engine's cited rules; see
docs/entitlements-estimate.md.
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from .engine import person_facts
from .facts import Arrangement, Facts

# The benefits we ask the model for, and show.
VARIABLES: dict[str, str] = {
    "child_benefit": "Child Benefit",
    "scottish_child_payment": "Scottish Child Payment",
    "universal_credit": "Universal Credit",
    "pension_credit": "Pension Credit",
}
ASSUMED_CARER_AGE = 45
ASSUMED_CHILD_AGE = 8
WEEKS_A_YEAR = Decimal("52")
_PENNY = Decimal("0.01")
# A child the council looks after is not part of the carer's benefit claim: the council's
# allowance is meant to cover them (see the engine's universal_credit_child_amount rule).
_NOT_IN_BENEFIT_UNIT = {Arrangement.LOOKED_AFTER_KINSHIP, Arrangement.PERMANENCE_ORDER}

_system = None
_system_lock = threading.Lock()


def model_version() -> str:
    from importlib.metadata import version

    return version("policyengine-uk")


def tax_benefit_system():
    """PolicyEngine UK's rules, built once per process (the slow part of a simulation)."""
    global _system
    if _system is None:
        with _system_lock:
            if _system is None:
                from policyengine_uk import CountryTaxBenefitSystem

                _system = CountryTaxBenefitSystem()
    return _system


def fiscal_year(on: date) -> int:
    """PolicyEngine's year 2026 is the tax year from 6 April 2026."""
    return on.year if (on.month, on.day) >= (4, 6) else on.year - 1


@dataclass(frozen=True)
class Household:
    """Only what the model needs, with nothing that names anyone: safe to hash and queue."""

    year: int
    carer_age: int
    child_ages: tuple[int, ...]
    assumptions: tuple[str, ...] = field(default=())

    def situation(self) -> dict:
        year = str(self.year)
        people = {"carer": {"age": {year: self.carer_age}}}
        for index, age in enumerate(self.child_ages):
            people[f"child_{index + 1}"] = {"age": {year: age}}
        members = list(people)
        return {
            "people": people,
            "benunits": {"benunit": {"members": members}},
            "households": {"household": {"members": members, "country": {year: "SCOTLAND"}}},
        }

    def cache_key(self) -> str:
        data = json.dumps(
            [self.year, self.carer_age, sorted(self.child_ages), self.assumptions, model_version()]
        )
        return "entitlements-estimate:" + hashlib.sha256(data.encode()).hexdigest()[:32]


def household_for(facts: Facts, on: date) -> Household:
    assumptions = [
        "No one in the household earns, has savings or gets other income.",
        "Rent and other housing costs are not included.",
        "Everyone claims what they are entitled to.",
    ]
    carer = facts.household.carers[0] if facts.household.carers else None
    carer_age = carer.age if carer and carer.age is not None else None
    if carer_age is None:
        carer_age = ASSUMED_CARER_AGE
        assumptions.append(f"We assumed you are {ASSUMED_CARER_AGE}, as you did not say.")
    ages = []
    for child in facts.household.children:
        if child.arrangement in _NOT_IN_BENEFIT_UNIT:
            assumptions.append(
                "A child the council looks after is left out: the council's allowance covers "
                "them instead."
            )
            continue
        own, _estimated = person_facts(child, facts.as_of, on)
        age = own["child.age"]
        if age is None:
            ages.append(ASSUMED_CHILD_AGE)
            assumptions.append(f"We assumed a child of unknown age is {ASSUMED_CHILD_AGE}.")
        else:
            ages.append(age.lo)
    return Household(fiscal_year(on), carer_age, tuple(ages), tuple(dict.fromkeys(assumptions)))


@dataclass(frozen=True)
class Line:
    variable: str
    label: str
    yearly: str  # Decimal as text, so the result can sit in a JSON cache
    weekly: str


@dataclass(frozen=True)
class Estimate:
    year: int
    lines: tuple[Line, ...]
    assumptions: tuple[str, ...]
    model: str

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Estimate:
        return cls(
            year=data["year"],
            lines=tuple(Line(**line) for line in data["lines"]),
            assumptions=tuple(data["assumptions"]),
            model=data["model"],
        )


def _money(value) -> Decimal:
    return Decimal(str(float(value))).quantize(_PENNY, rounding=ROUND_HALF_UP)


def compute(household: Household) -> Estimate:
    """Run the model for one household (a second or so once the system is built)."""
    from policyengine_core.simulations import SimulationBuilder

    simulation = SimulationBuilder().build_from_entities(
        tax_benefit_system(), household.situation()
    )
    lines = []
    for variable, label in VARIABLES.items():
        yearly = _money(simulation.calculate(variable, household.year).sum())
        weekly = (yearly / WEEKS_A_YEAR).quantize(_PENNY, rounding=ROUND_HALF_UP)
        lines.append(Line(variable, label, str(yearly), str(weekly)))
    return Estimate(household.year, tuple(lines), household.assumptions, model_version())


def compute_bare(household: Household) -> dict[str, float]:
    """The same figures from a bare PolicyEngine `Simulation` (for the benchmark)."""
    from policyengine_uk import Simulation

    simulation = Simulation(situation=household.situation())
    return {v: float(simulation.calculate(v, household.year).sum()) for v in VARIABLES}
