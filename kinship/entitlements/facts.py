"""The facts a family (or a young person) tells us, as frozen, typed models.

Every question can be answered "not sure". Validation rejects only input that cannot mean
anything (an age and a date of birth at once, a birth after the date of the facts); every
combination that passes validation must be safe to hand to the engine.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Answer(StrEnum):
    YES = "yes"
    NO = "no"
    NOT_SURE = "not_sure"


class Arrangement(StrEnum):
    """The legal basis on which the child lives with the kinship carer."""

    INFORMAL = "informal"  # family arrangement, no order, council not in charge
    LOOKED_AFTER_KINSHIP = "looked_after_kinship"  # looked after, placed with kinship carers
    KINSHIP_CARE_ORDER = "kinship_care_order"  # s.11 1995 Act order to a qualifying person
    OTHER_S11_ORDER = "other_s11_order"  # another s.11 order (not a kinship care order)
    S7_GUARDIAN = "s7_guardian"  # guardian appointed by a parent under s.7 of the 1995 Act
    PERMANENCE_ORDER = "permanence_order"  # s.80 Adoption and Children (Scotland) Act 2007
    ADOPTION = "adoption"
    NOT_SURE = "not_sure"


class Relationship(StrEnum):
    GRANDPARENT = "grandparent"
    AUNT_UNCLE = "aunt_uncle"
    SIBLING = "sibling"
    OTHER_RELATIVE = "other_relative"
    FAMILY_FRIEND = "family_friend"
    # A parent is not a "qualifying person" (Children and Young People (Scotland) Act 2014,
    # s.72(3)), so a household of parents is not kinship care.
    PARENT = "parent"
    NOT_SURE = "not_sure"


class SchoolStage(StrEnum):
    NOT_AT_SCHOOL = "not_at_school"  # baby, toddler or nursery
    PRIMARY_1_TO_5 = "primary_1_to_5"
    PRIMARY_6_TO_7 = "primary_6_to_7"
    SECONDARY = "secondary"
    LEFT_SCHOOL = "left_school"
    NOT_SURE = "not_sure"


class ParentsSituation(StrEnum):
    """What has happened to the child's parents (Guardian's Allowance turns on this)."""

    BOTH_ALIVE = "both_alive"
    BOTH_DIED = "both_died"
    ONE_DIED_OTHER_WHEREABOUTS_UNKNOWN = "one_died_other_whereabouts_unknown"
    ONE_DIED_OTHER_IN_PRISON_OR_HOSPITAL = "one_died_other_in_prison_or_hospital"
    ONE_DIED_OTHER_NOT_CARING_OR_PAYING = "one_died_other_not_caring_or_paying"
    MOTHER_DIED_FATHER_UNKNOWN = "mother_died_father_unknown"
    ONE_DIED_OTHER_INVOLVED = "one_died_other_involved"
    NOT_SURE = "not_sure"


COUNCIL_CODE_PATTERN = r"^S12\d{6}$"

# Dates outside these bounds are typing mistakes; bounding them keeps date arithmetic safe.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2200, 12, 31)

_FROZEN = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class PersonFacts(BaseModel):
    """Facts shared by a child in a household and a young person telling us about themselves."""

    model_config = _FROZEN

    date_of_birth: date | None = Field(default=None, ge=EARLIEST_DATE, le=LATEST_DATE)
    age: int | None = Field(default=None, ge=0, le=40)
    arrangement: Arrangement = Arrangement.NOT_SURE
    was_looked_after: Answer = Answer.NOT_SURE  # ever looked after by a council, including now
    left_care_on: date | None = Field(default=None, ge=EARLIEST_DATE, le=LATEST_DATE)
    age_left_care: int | None = Field(default=None, ge=0, le=30)
    currently_at_risk_of_becoming_looked_after: Answer = Answer.NOT_SURE
    in_education: Answer = Answer.NOT_SURE
    in_continuing_care: Answer = Answer.NOT_SURE

    @model_validator(mode="after")
    def _each_age_given_one_way(self) -> PersonFacts:
        # Two ways of stating the same age could disagree; refuse rather than guess.
        if self.date_of_birth is not None and self.age is not None:
            raise ValueError("give a date of birth or an age, not both")
        if self.left_care_on is not None and self.age_left_care is not None:
            raise ValueError("give the date care ended or the age it ended, not both")
        return self


class Child(PersonFacts):
    name: str | None = Field(default=None, max_length=80)
    age: int | None = Field(default=None, ge=0, le=30)
    school_stage: SchoolStage = SchoolStage.NOT_SURE
    parents_situation: ParentsSituation = ParentsSituation.NOT_SURE


class Carer(BaseModel):
    model_config = _FROZEN

    relationship: Relationship = Relationship.NOT_SURE
    age: int | None = Field(default=None, ge=0, le=120)
    # A parent is not a kinship carer; kept so a household that includes a parent still validates.
    is_parent: bool = False

    @property
    def parent(self) -> bool:
        return self.is_parent or self.relationship == Relationship.PARENT


class Household(BaseModel):
    model_config = _FROZEN

    council_code: str | None = Field(default=None, pattern=COUNCIL_CODE_PATTERN)
    children: tuple[Child, ...] = Field(default=(), max_length=20)
    carers: tuple[Carer, ...] = Field(default=(), max_length=10)
    receives_universal_credit: Answer = Answer.NOT_SURE
    # Income Support, income-based JSA, income-related ESA, Pension Credit, tax credits,
    # Housing Benefit: each benefit's own list differs, so rules treat this as "may be".
    receives_other_qualifying_benefit: Answer = Answer.NOT_SURE
    liable_for_council_tax: Answer = Answer.NOT_SURE
    weekly_income: Decimal | None = Field(default=None, ge=0, max_digits=9, decimal_places=2)
    council_tax_band: Literal["A", "B", "C", "D", "E", "F", "G", "H"] | None = None


class Facts(BaseModel):
    model_config = _FROZEN

    household: Household
    # The day the family gave these facts; an age given as a number is the age on this day.
    as_of: date = Field(ge=EARLIEST_DATE, le=LATEST_DATE)

    @model_validator(mode="after")
    def _nobody_born_after_the_facts(self) -> Facts:
        for child in self.household.children:
            if child.date_of_birth is not None and child.date_of_birth > self.as_of:
                raise ValueError("a child's date of birth is after the date of these facts")
        return self


class YoungPerson(PersonFacts):
    """A young person (usually 12 to 26) asking what they are entitled to, in their own words."""

    council_code: str | None = Field(default=None, pattern=COUNCIL_CODE_PATTERN)
    as_of: date = Field(ge=EARLIEST_DATE, le=LATEST_DATE)

    @model_validator(mode="after")
    def _not_born_after_the_facts(self) -> YoungPerson:
        if self.date_of_birth is not None and self.date_of_birth > self.as_of:
            raise ValueError("date of birth is after the date of these facts")
        return self
