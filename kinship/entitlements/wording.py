"""Plain-English phrases for the facts behind a decision ("Amy is 15", "you get Universal Credit").

Two voices: a carer reading about a child ("Amy ..."), and a young person reading about
themselves ("you ..."). Phrases start in lower case unless they start with a name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from .conditions import Range

if TYPE_CHECKING:
    from .ruleset import Rule

# The 32 councils (DOMAIN.md §9; codes as in the ONS/PHS lists).
COUNCIL_NAMES: dict[str, str] = {
    "S12000033": "Aberdeen City",
    "S12000034": "Aberdeenshire",
    "S12000041": "Angus",
    "S12000035": "Argyll and Bute",
    "S12000036": "City of Edinburgh",
    "S12000005": "Clackmannanshire",
    "S12000006": "Dumfries and Galloway",
    "S12000042": "Dundee City",
    "S12000008": "East Ayrshire",
    "S12000045": "East Dunbartonshire",
    "S12000010": "East Lothian",
    "S12000011": "East Renfrewshire",
    "S12000014": "Falkirk",
    "S12000047": "Fife",
    "S12000049": "Glasgow City",
    "S12000017": "Highland",
    "S12000018": "Inverclyde",
    "S12000019": "Midlothian",
    "S12000020": "Moray",
    "S12000013": "Na h-Eileanan Siar",
    "S12000021": "North Ayrshire",
    "S12000050": "North Lanarkshire",
    "S12000023": "Orkney Islands",
    "S12000048": "Perth and Kinross",
    "S12000038": "Renfrewshire",
    "S12000026": "Scottish Borders",
    "S12000027": "Shetland Islands",
    "S12000028": "South Ayrshire",
    "S12000029": "South Lanarkshire",
    "S12000030": "Stirling",
    "S12000039": "West Dunbartonshire",
    "S12000040": "West Lothian",
}


@dataclass(frozen=True)
class Voice:
    """Who a phrase is about: a named child (carer's view) or "you" (young person's view)."""

    name: str  # "Amy", "child 2" or "you"
    is_you: bool = False

    @property
    def possessive(self) -> str:
        return "your" if self.is_you else f"{self.name}'s"

    def be(self, rest: str) -> str:
        return f"you are {rest}" if self.is_you else f"{self.name} is {rest}"

    def has(self, rest: str) -> str:
        return f"you have {rest}" if self.is_you else f"{self.name} has {rest}"


def _age(value: Range | None, voice: Voice, unit: str = "") -> str:
    if value is None:
        return f"we don't know {voice.possessive} age"
    if value.is_exact:
        return voice.be(f"{value.lo}{unit}")
    joiner = "or" if value.hi == value.lo + 1 else "to"
    return voice.be(f"{value.lo} {joiner} {value.hi}{unit}")


def _months(value: Range | None, voice: Voice) -> str:
    if value is None:
        return f"we don't know {voice.possessive} date of birth"
    if value.is_exact and value.lo < 24:
        return voice.be(f"{value.lo} months old")
    if value.is_exact:
        return voice.be(f"{value.lo // 12} years and {value.lo % 12} months old")
    return voice.be(f"about {value.lo // 12} years old")


def _left_care_age(value: Range | None, voice: Voice) -> str:
    who = "you" if voice.is_you else voice.name
    if value is None:
        was, them = ("were", "you") if voice.is_you else ("was", "them")
        return f"we don't know how old {who} {was} when the council stopped looking after {them}"
    ages = f"{value.lo}" if value.is_exact else f"{value.lo} or {value.hi}"
    return f"{who} stopped being looked after by the council at age {ages}"


_ARRANGEMENT_CARER = {
    "informal": "{n} lives with you by family arrangement, with no court order and no council "
    "in charge",
    "looked_after_kinship": "{n} is looked after by the council and placed with you",
    "kinship_care_order": "you have a kinship care order for {n} (a section 11 order from the "
    "sheriff court)",
    "other_s11_order": "there is a section 11 court order for {n} that is not a kinship care order",
    "s7_guardian": "you are {n}'s guardian, appointed by a parent (section 7)",
    "permanence_order": "{n} is on a permanence order",
    "adoption": "{n} is adopted",
}
_ARRANGEMENT_YOU = {
    "informal": "you live with family or friends by family arrangement, with no court order",
    "looked_after_kinship": "you are looked after by the council and live with kinship carers",
    "kinship_care_order": "your carer has a kinship care order for you (a section 11 court order)",
    "other_s11_order": "there is a section 11 court order about where you live",
    "s7_guardian": "you have a guardian who was appointed by a parent",
    "permanence_order": "you are on a permanence order",
    "adoption": "you are adopted",
}

_YES_NO_UNKNOWN: dict[str, tuple[str, str, str]] = {
    # fact: (when yes, when no, when unknown); {n} is the name, {p} the possessive
    "child.ever_looked_after": (
        "{n} {has} been looked after by the council at some point",
        "{n} {has} never been looked after by the council",
        "we don't know whether {n} {has} ever been looked after by the council",
    ),
    "child.looked_after_now": (
        "{n} {is} looked after by the council now",
        "{n} {is} not looked after by the council now",
        "we don't know whether {n} {is} looked after by the council now",
    ),
    "child.has_left_care": (
        "{n} {has} left the council's care",
        "{n} {has} not left the council's care (or never was in it)",
        "we don't know whether {n} {has} left the council's care",
    ),
    "child.at_risk_of_becoming_looked_after": (
        "{n} might otherwise have to be looked after by the council",
        "{n} {is} not at risk of being looked after by the council",
        "we don't know whether {n} would otherwise be at risk of being looked after by the council",
    ),
    "child.in_education": (
        "{n} {is} in full-time school or college",
        "{n} {is} not in full-time education",
        "we don't know whether {n} {is} in full-time education",
    ),
    "child.in_continuing_care": (
        "{n} {is} in continuing care",
        "{n} {is} not in continuing care",
        "we don't know whether {n} {is} in continuing care",
    ),
    "child.in_school_age_payment_window": (
        "{n} {is} at the age for the school-starting payment now",
        "{n} {is} not at the age for the school-starting payment now",
        "we need {p} date of birth to check the school-starting age",
    ),
    "household.receives_universal_credit": (
        "you get Universal Credit",
        "you don't get Universal Credit",
        "we don't know whether you get Universal Credit",
    ),
    "household.receives_other_qualifying_benefit": (
        "you get another low-income benefit (such as Pension Credit or tax credits)",
        "you don't get another low-income benefit",
        "we don't know whether you get another low-income benefit",
    ),
    "household.receives_qualifying_benefit": (
        "you get Universal Credit or another low-income benefit",
        "you don't get Universal Credit or another low-income benefit",
        "we don't know whether you get Universal Credit or another low-income benefit",
    ),
    "household.has_kinship_carer": (
        "you are a relative or friend bringing up the child, not a parent",
        "the people bringing up the child are the child's parents",
        "we don't know how you are related to the child",
    ),
    "household.liable_for_council_tax": (
        "you pay council tax",
        "you don't pay council tax",
        "we don't know whether you pay council tax",
    ),
}

_SCHOOL_STAGE = {
    "not_at_school": "{n} {is} not at school yet",
    "primary_1_to_5": "{n} {is} in primary 1 to 5",
    "primary_6_to_7": "{n} {is} in primary 6 or 7",
    "secondary": "{n} {is} at secondary school",
    "left_school": "{n} {has} left school",
}

_PARENTS = {
    "both_alive": "both of {p} parents are alive",
    "both_died": "both of {p} parents have died",
    "one_died_other_whereabouts_unknown": "one of {p} parents has died and nobody knows where "
    "the other is",
    "one_died_other_in_prison_or_hospital": "one of {p} parents has died and the other is in "
    "prison or in hospital by court order",
    "one_died_other_not_caring_or_paying": "one of {p} parents has died and the other does not "
    "look after or pay for {o}",
    "mother_died_father_unknown": "{p} mother has died and {p} father is not known",
    "one_died_other_involved": "one of {p} parents has died and the other is still involved",
}


def describe(path: str, value: object, voice: Voice, estimated: str = "") -> str:
    """One clause describing what we know (or don't) about a fact; `estimated` names what a
    school stage was worked out from ("date of birth" or "age")."""
    fill = {
        "n": "you" if voice.is_you else voice.name,
        "p": voice.possessive,
        "o": "you" if voice.is_you else "them",
        "is": "are" if voice.is_you else "is",
        "has": "have" if voice.is_you else "has",
    }
    if path == "child.age":
        return _age(value, voice)  # type: ignore[arg-type]
    if path == "child.age_months":
        return _months(value, voice)  # type: ignore[arg-type]
    if path == "child.left_care_age":
        return _left_care_age(value, voice)  # type: ignore[arg-type]
    if path == "child.arrangement":
        if value is None:
            return f"we don't know yet what legal arrangement {fill['n']} {fill['is']} in"
        table = _ARRANGEMENT_YOU if voice.is_you else _ARRANGEMENT_CARER
        return table[str(value)].format(n=voice.name)
    if path == "child.school_stage":
        if value is None:
            return f"we don't know what stage of school {fill['n']} {fill['is']} at"
        phrase = _SCHOOL_STAGE[str(value)].format(**fill)
        return f"going by {fill['p']} {estimated}, {phrase}" if estimated else phrase
    if path == "child.parents_situation":
        if value is None:
            return f"we don't know what has happened to {fill['p']} parents"
        return _PARENTS[str(value)].format(**fill)
    if path == "household.council_code":
        if value is None:
            return "we don't know which council area you live in"
        return f"you live in {COUNCIL_NAMES.get(str(value), str(value))}"
    yes, no, unknown = _YES_NO_UNKNOWN[path]
    chosen = unknown if value is None else yes if value == "yes" else no
    return chosen.format(**fill)


def join_clauses(clauses: list[str]) -> str:
    if len(clauses) <= 1:
        return "".join(clauses)
    return "; ".join(clauses[:-1]) + "; and " + clauses[-1]


def _day(value: date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else "a date not verified"


def status_text(rule: Rule) -> str:
    """A rule's legal status in one phrase, with its date; the only place statuses are worded,
    so the page, the PDF and the API say each status the same way."""
    stage = rule.legal_stage
    if stage == "in_force":
        return f"In force since {_day(rule.effective_from)}"
    if stage == "policy_in_force":
        return f"National policy since {_day(rule.effective_from)}"
    if stage == "service_available":
        return f"A service running since {_day(rule.effective_from)}"
    if stage == "enacted_not_in_force":
        return (
            f"Passed by the Scottish Parliament on {_day(rule.enacted_on)}, not in force yet: "
            f"{rule.commencement}"
        )
    if stage == "bill":
        return f"Proposed in a bill on {_day(rule.proposed_on)}: not law"
    return f"Proposed in a Scottish Government consultation on {_day(rule.proposed_on)}: not law"
