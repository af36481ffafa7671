"""The pure entitlements engine: facts in, decisions out. No Django, no database, no requests.

decide(facts, on)                 what a kinship family can get on a date, today's law
decide(facts, on, True)           the same with the proposed Scottish Offer added
compare(facts, on)                both side by side, and which rule ids differ
decide_young_person(person, on)   the 12-26 version, addressed to "you"
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal, cast

from pydantic import BaseModel, ConfigDict

from .conditions import Range, Tri, evaluate
from .facts import (
    Answer,
    Arrangement,
    Carer,
    Facts,
    Household,
    PersonFacts,
    SchoolStage,
    YoungPerson,
)
from .ruleset import Amount, OutcomeText, Rule, load_rule_sets
from .wording import Voice, describe, join_clauses, status_text

__all__ = [
    "HEADINGS",
    "Comparison",
    "Decision",
    "Decisions",
    "all_rules",
    "compare",
    "compare_young_person",
    "decide",
    "decide_young_person",
    "differing_rule_ids",
    "load_rule_sets",
    "rules_in_force",
    "what_changes_if",
    "what_changes_if_young_person",
]

Outcome = Literal["entitled", "may_be_entitled", "not_for_arrangement"]
ENTITLED: Outcome = "entitled"
MAY_BE: Outcome = "may_be_entitled"
NOT_FOR_ARRANGEMENT: Outcome = "not_for_arrangement"

HEADINGS: dict[str, str] = {
    ENTITLED: "You can get",
    MAY_BE: "You may be able to get \N{EM DASH} here is how to check",
    NOT_FOR_ARRANGEMENT: "Not for your arrangement \N{EM DASH} but you could",
}

_LOOKED_AFTER = {Arrangement.LOOKED_AFTER_KINSHIP, Arrangement.PERMANENCE_ORDER}
_OUT = ConfigDict(frozen=True)


# ---- what the engine hands back ------------------------------------------------------------


class SourceOut(BaseModel):
    model_config = _OUT
    title: str
    citation: str
    url: str
    checked_against: str | None = None


class AmountOut(BaseModel):
    model_config = _OUT
    label: str
    amount_gbp: Decimal
    per: str
    period: str
    effective_from: date | None
    effective_to: date | None
    verified: bool
    note: str
    source_url: str
    council_code: str | None = None
    # True: in effect on the date asked about; False: the last rate we know, now out of date;
    # None: we could not confirm which year the figure is for.
    current: bool | None


class Decision(BaseModel):
    model_config = _OUT
    rule_id: str
    rule_set: str
    title: str
    explanation: str
    outcome: Outcome
    reason: str  # why, naming the facts that led here
    how_to_check: str | None = None
    instead: str | None = None
    status: str
    legal_stage: str
    legal_status: str  # the status in words, with its date ("In force since 1 April 2016")
    scope: str
    audience: str
    topic: str
    verified: bool
    verification_note: str
    subject: Literal["household", "child", "young_person"]
    child_index: int | None = None
    child_name: str | None = None
    sources: tuple[SourceOut, ...]
    amounts: tuple[AmountOut, ...] = ()
    facts_used: tuple[str, ...] = ()


class Decisions(BaseModel):
    model_config = _OUT
    on: date
    include_proposed: bool
    entitled: tuple[Decision, ...] = ()
    may_be_entitled: tuple[Decision, ...] = ()
    not_for_arrangement: tuple[Decision, ...] = ()

    def all(self) -> tuple[Decision, ...]:
        return self.entitled + self.may_be_entitled + self.not_for_arrangement

    def outcome_for(self, rule_id: str, child_index: int | None = None) -> Outcome | None:
        for decision in self.all():
            if decision.rule_id == rule_id and decision.child_index == child_index:
                return decision.outcome
        return None


class Comparison(BaseModel):
    model_config = _OUT
    on: date
    today: Decisions  # the law in force
    with_offer: Decisions  # the law in force plus the proposed Scottish Offer
    changed_rule_ids: tuple[str, ...]


# ---- rules ---------------------------------------------------------------------------------


def all_rules() -> tuple[Rule, ...]:
    return tuple(rule for rule_set in load_rule_sets() for rule in rule_set.rules)


def rules_in_force(on: date, include_proposed: bool = False) -> tuple[Rule, ...]:
    """Rules that apply on a date; proposals only when asked for."""
    return tuple(rule for rule in all_rules() if rule.applies_on(on, include_proposed))


# ---- turning the family's answers into facts a rule can test --------------------------------


def _answer(value: Answer) -> str | None:
    return None if value == Answer.NOT_SURE else value.value


def _shift_years(day: date, years: int) -> date | None:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        try:  # 29 February in a year without one
            return day.replace(year=day.year + years, day=28)
        except ValueError:
            return None


def _whole_years(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _whole_months(born: date, on: date) -> int:
    return (on.year - born.year) * 12 + on.month - born.month - (on.day < born.day)


def _birth_window(person: PersonFacts, as_of: date) -> tuple[date, date] | None:
    """Earliest and latest possible dates of birth."""
    if person.date_of_birth is not None:
        return person.date_of_birth, person.date_of_birth
    if person.age is None:
        return None
    latest = _shift_years(as_of, -person.age)
    before_earliest = _shift_years(as_of, -(person.age + 1))
    if latest is None or before_earliest is None:
        return None
    return before_earliest + timedelta(days=1), latest


def _span(window: tuple[date, date] | None, on: date, measure) -> Range | None:
    if window is None:
        return None
    earliest, latest = window
    lo, hi = measure(latest, on), measure(earliest, on)
    if hi < 0:  # not yet born on that date
        return None
    return Range(max(lo, 0), hi)


def _left_care_age(person: PersonFacts, window: tuple[date, date] | None, on: date):
    if person.age_left_care is not None:
        return Range.exact(person.age_left_care)
    if person.left_care_on is None or person.left_care_on > on:
        return None
    return _span(window, person.left_care_on, _whole_years)


def _school_start_year(born: date) -> int:
    # Children born March to February start primary 1 together in August (Scotland).
    return born.year + (5 if born.month >= 3 else 4)


def _expected_school_stage(born: date, on: date, in_education: str | None) -> str:
    school_year = on.year if on.month >= 8 else on.year - 1
    year_index = school_year - _school_start_year(born)  # 0 is P1, 7 is S1
    if year_index < 0:
        return SchoolStage.NOT_AT_SCHOOL.value
    if year_index <= 4:
        return SchoolStage.PRIMARY_1_TO_5.value
    if year_index <= 6:
        return SchoolStage.PRIMARY_6_TO_7.value
    if year_index <= 10 or (year_index <= 12 and in_education != "no"):
        return SchoolStage.SECONDARY.value
    return SchoolStage.LEFT_SCHOOL.value


def _school_age_payment_window(person: PersonFacts, age: Range | None, on: date) -> str | None:
    # Apply from 1 June of the year the child could first start school to the end of February.
    born = person.date_of_birth
    if born is not None:
        start = date(_school_start_year(born), 6, 1)
        end = date(start.year + 1, 3, 1) - timedelta(days=1)
        return "yes" if start <= on <= end else "no"
    if age is not None and (age.hi < 4 or age.lo > 5):
        return "no"
    return None


def _care_history(
    person: PersonFacts, age: Range | None, left_care_age: Range | None
) -> tuple[str | None, str | None, str | None]:
    """Looked after now? Ever looked after? Left care? Each "yes", "no" or None (not sure)."""
    arrangement = person.arrangement
    in_continuing_care = _answer(person.in_continuing_care)
    looked_after_now: str | None = None
    if arrangement != Arrangement.NOT_SURE:
        looked_after_now = "yes" if arrangement in _LOOKED_AFTER else "no"
    # Continuing care starts when being looked after ends; a date or age of leaving care means
    # they left; and nobody is looked after past 18. Each of these outranks the arrangement.
    if in_continuing_care == "yes" or left_care_age is not None or (age and age.lo >= 18):
        looked_after_now = "no"

    was = _answer(person.was_looked_after)
    ever: str | None
    if "yes" in (looked_after_now, was, in_continuing_care) or left_care_age is not None:
        ever = "yes"
    else:
        ever = was  # "no", or None when not sure

    if looked_after_now == "yes" or ever == "no":
        has_left_care = "no"
    elif ever == "yes" and (looked_after_now == "no" or left_care_age is not None):
        has_left_care = "yes"
    else:
        has_left_care = None
    return looked_after_now, ever, has_left_care


def _school_stage(
    person: PersonFacts, window: tuple[date, date] | None, on: date
) -> tuple[str | None, str]:
    """The stage of school, and what our estimate rests on ("" when the family told us)."""
    stage = getattr(person, "school_stage", SchoolStage.NOT_SURE)
    if stage != SchoolStage.NOT_SURE:
        return stage.value, ""
    in_education = _answer(person.in_education)
    born = person.date_of_birth
    if born is not None and born <= on:
        return _expected_school_stage(born, on, in_education), "date of birth"
    if window is not None and window[1] <= on:
        # An age alone fits a year of birth dates: only if all of them give the same stage.
        earliest, latest = window
        stages = {_expected_school_stage(day, on, in_education) for day in (earliest, latest)}
        if len(stages) == 1:
            return stages.pop(), "age"
    return None, ""


def _enum_or_none(value: object) -> str | None:
    text = getattr(value, "value", None)
    return None if text in (None, "not_sure") else text


def person_facts(person: PersonFacts, as_of: date, on: date) -> tuple[dict[str, object], str]:
    """The child.* facts for one child or young person; also what the school stage was worked
    out from ("date of birth", "age", or "" when the family told us or we don't know)."""
    window = _birth_window(person, as_of)
    age = _span(window, on, _whole_years)
    left_care_age = _left_care_age(person, window, on)
    looked_after_now, ever, has_left_care = _care_history(person, age, left_care_age)
    school_stage, estimated = _school_stage(person, window, on)
    facts: dict[str, object] = {
        "child.age": age,
        "child.age_months": _span(window, on, _whole_months),
        "child.left_care_age": left_care_age,
        "child.arrangement": _enum_or_none(person.arrangement),
        "child.school_stage": school_stage,
        "child.parents_situation": _enum_or_none(getattr(person, "parents_situation", None)),
        "child.ever_looked_after": ever,
        "child.looked_after_now": looked_after_now,
        "child.has_left_care": has_left_care,
        "child.at_risk_of_becoming_looked_after": _answer(
            person.currently_at_risk_of_becoming_looked_after
        ),
        "child.in_education": _answer(person.in_education),
        "child.in_continuing_care": _answer(person.in_continuing_care),
        "child.in_school_age_payment_window": _school_age_payment_window(person, age, on),
    }
    return facts, estimated


def _has_kinship_carer(carers: tuple[Carer, ...]) -> str | None:
    if any(not c.parent and c.relationship.value != "not_sure" for c in carers):
        return "yes"
    if carers and all(c.parent for c in carers):
        return "no"
    return None


def household_facts(household: Household) -> dict[str, object]:
    universal_credit = _answer(household.receives_universal_credit)
    other = _answer(household.receives_other_qualifying_benefit)
    if "yes" in (universal_credit, other):
        qualifying = "yes"
    elif universal_credit == other == "no":
        qualifying = "no"
    else:
        qualifying = None
    return {
        "household.receives_universal_credit": universal_credit,
        "household.receives_other_qualifying_benefit": other,
        "household.receives_qualifying_benefit": qualifying,
        "household.has_kinship_carer": _has_kinship_carer(household.carers),
        "household.liable_for_council_tax": _answer(household.liable_for_council_tax),
        "household.council_code": household.council_code,
    }


# ---- judging one rule for one subject --------------------------------------------------------


def _value(expression, facts, default: bool) -> tuple[Tri, tuple[str, ...]]:
    return (default, ()) if expression is None else evaluate(expression, facts)


def judge(rule: Rule, facts: dict[str, object]) -> tuple[Outcome, tuple[str, ...]] | None:
    """The outcome of a rule for these facts, with the facts that decided it; None if it is
    not relevant (or plainly not met, in which case nothing is shown)."""
    conditions = rule.conditions
    relevant, relevant_paths = _value(conditions.relevant_when, facts, True)
    if relevant is False:
        return None
    excluded, excluded_paths = _value(conditions.not_for_arrangement_when, facts, False)
    if excluded is True:
        return NOT_FOR_ARRANGEMENT, excluded_paths
    entitled, entitled_paths = _value(conditions.entitled_when, facts, False)
    maybe, maybe_paths = _value(conditions.may_be_when, facts, False)
    if entitled is False and maybe is False:
        return None
    # Doubt about relevance or about an exclusion turns a "yes" into "check". The facts that
    # made the rule relevant are part of the reason too ("Amy is 9").
    doubts = excluded_paths if excluded is None else ()
    if entitled is True:
        paths = entitled_paths + relevant_paths + doubts
        return (ENTITLED if not doubts and relevant else MAY_BE), paths
    if maybe is True:
        return MAY_BE, maybe_paths + relevant_paths + doubts
    unknown = (entitled_paths if entitled is None else ()) + (maybe_paths if maybe is None else ())
    return MAY_BE, unknown + relevant_paths + doubts


def _reason(
    text: OutcomeText, paths: tuple[str, ...], facts: dict, voice: Voice, estimated_stage: str
) -> str:
    unique = tuple(dict.fromkeys(paths))
    known = [
        describe(p, facts.get(p), voice, estimated_stage)
        for p in unique
        if facts.get(p) is not None
    ]
    unknown = [describe(p, None, voice) for p in unique if facts.get(p) is None]
    parts = [text.reason]
    if known:
        parts.append(f"This is because {join_clauses(known)}.")
    if unknown:
        parts.append(f"We can't be sure yet: {join_clauses(unknown)}.")
    return " ".join(parts)


def _fits_age(amount: Amount, age: Range | None) -> bool:
    if age is None or (amount.age_min is None and amount.age_max is None):
        return True
    low = amount.age_min if amount.age_min is not None else 0
    high = amount.age_max if amount.age_max is not None else 10**6
    return age.lo <= high and age.hi >= low


def _positions(ages: list[object]) -> list[str | None]:
    """Each child's place for rates paid at one amount for the eldest or only child and another
    for each other child (Child Benefit): known only when the ages leave no doubt."""
    if len(ages) == 1:
        return ["eldest_or_only"]
    found: list[str | None] = []
    for index, age in enumerate(ages):
        others = [a for i, a in enumerate(ages) if i != index]
        if not isinstance(age, Range) or not all(isinstance(a, Range) for a in others):
            found.append(None)
        elif any(a.lo > age.hi for a in others):  # type: ignore[union-attr]
            found.append("other")
        elif all(age.lo > a.hi for a in others):  # type: ignore[union-attr]
            found.append("eldest_or_only")
        else:
            found.append(None)  # the same age in years: either could be the eldest
    return found


def _fits_child(amount: Amount, stage: object, position: str | None) -> bool:
    """A rate for some school stages or for the eldest/other child fits unless we know the
    child is not one of them; not knowing shows every rate that could apply."""
    known_stage = stage not in (None, SchoolStage.NOT_SURE.value)
    if amount.school_stages and known_stage and stage not in amount.school_stages:
        return False
    return not (amount.child_position and position and amount.child_position != position)


def _amounts(
    rule: Rule,
    on: date,
    age: Range | None,
    council: str | None,
    stage: object = None,
    position: str | None = None,
):
    usable = [
        a
        for a in rule.amounts
        if (a.council_code is None or a.council_code == council)
        and _fits_age(a, age)
        and _fits_child(a, stage, position)
        and (a.effective_from is None or a.effective_from <= on)
    ]
    chosen: list[AmountOut] = []
    for label in dict.fromkeys(a.label for a in usable):
        same = [a for a in usable if a.label == label]
        in_effect = [a for a in same if a.effective_to is None or on <= a.effective_to]
        pool = in_effect or same  # otherwise the last rate we know of
        latest = max(pool, key=lambda a: a.effective_from or date.min)
        current = None if latest.effective_from is None else bool(in_effect)
        chosen.append(
            AmountOut(
                label=latest.label,
                amount_gbp=latest.amount_gbp,
                per=latest.per,
                period=latest.period,
                effective_from=latest.effective_from,
                effective_to=latest.effective_to,
                verified=latest.verified,
                note=latest.note,
                source_url=latest.source_url,
                council_code=latest.council_code,
                current=current,
            )
        )
    return tuple(chosen)


@dataclass(frozen=True)
class _Subject:
    """Who a rule is judged for: the household, one child, or a young person."""

    kind: Literal["household", "child", "young_person"]
    facts: dict[str, object]
    voice: Voice
    index: int | None = None
    name: str | None = None
    estimated_stage: str = ""
    position: str | None = None  # eldest_or_only / other among the children; None: unknown


def _sources(rule: Rule) -> tuple[SourceOut, ...]:
    return tuple(
        SourceOut(title=s.title, citation=s.citation, url=s.url, checked_against=s.checked_against)
        for s in rule.sources
    )


def _decision(rule: Rule, subject: _Subject, on: date) -> Decision | None:
    judged = judge(rule, subject.facts)
    if judged is None:
        return None
    outcome, paths = judged
    wording = rule.young_person_wording if subject.kind == "young_person" else rule.wording
    assert wording is not None  # the loader insists on it for child and young-person rules
    text = {
        ENTITLED: wording.entitled,
        MAY_BE: wording.may_be_entitled,
        NOT_FOR_ARRANGEMENT: wording.not_for_arrangement,
    }[outcome]
    assert text is not None  # the loader insists each reachable outcome has its words
    age = subject.facts.get("child.age")
    council = subject.facts.get("household.council_code")
    amounts = ()
    if outcome != NOT_FOR_ARRANGEMENT:
        amounts = _amounts(
            rule,
            on,
            age if isinstance(age, Range) else None,
            cast(str | None, council),  # facts hold the council code as text
            subject.facts.get("child.school_stage"),
            subject.position,
        )
    return Decision(
        rule_id=rule.id,
        rule_set=rule.rule_set,
        title=wording.title,
        explanation=wording.explanation,
        outcome=outcome,
        reason=_reason(text, paths, subject.facts, subject.voice, subject.estimated_stage),
        how_to_check=text.how_to_check,
        instead=text.instead,
        status=rule.status,
        legal_stage=rule.legal_stage,
        legal_status=status_text(rule),
        scope=rule.scope,
        audience=rule.audience,
        topic=rule.topic,
        verified=rule.verified,
        verification_note=rule.verification_note,
        subject=subject.kind,
        child_index=subject.index,
        child_name=subject.name,
        sources=_sources(rule),
        amounts=amounts,
        facts_used=tuple(dict.fromkeys(paths)),
    )


def _collect(rules, subjects_for, on: date, include_proposed: bool) -> Decisions:
    """Judge each rule for each of its subjects; group and order the decisions for display."""
    found: list[tuple[tuple[int, int], Decision]] = []
    for position, rule in enumerate(rules):
        for subject in subjects_for(rule):
            decision = _decision(rule, subject, on)
            if decision is not None:
                order = -1 if subject.index is None else subject.index
                found.append(((order, position), decision))
    ordered = [decision for _, decision in sorted(found, key=lambda item: item[0])]
    return Decisions(
        on=on,
        include_proposed=include_proposed,
        entitled=tuple(d for d in ordered if d.outcome == ENTITLED),
        may_be_entitled=tuple(d for d in ordered if d.outcome == MAY_BE),
        not_for_arrangement=tuple(d for d in ordered if d.outcome == NOT_FOR_ARRANGEMENT),
    )


def _child_label(index: int, name: str | None, count: int) -> str:
    if name:
        return name
    return "the child" if count == 1 else f"child {index + 1}"


# ---- the public functions ----------------------------------------------------------------------


def decide(facts: Facts, on: date, include_proposed: bool = False) -> Decisions:
    """What this kinship family can get on a date, grouped for display."""
    shared = household_facts(facts.household)
    children = facts.household.children
    household = _Subject(
        "household", shared, Voice("the child" if len(children) == 1 else "the children")
    )
    own_facts = [person_facts(child, facts.as_of, on) for child in children]
    positions = _positions([own.get("child.age") for own, _ in own_facts])
    child_subjects = []
    for index, (child, (own, estimated)) in enumerate(zip(children, own_facts, strict=True)):
        label = _child_label(index, child.name, len(children))
        child_subjects.append(
            _Subject(
                "child", shared | own, Voice(label), index, child.name, estimated, positions[index]
            )
        )

    def subjects_for(rule: Rule) -> list[_Subject]:
        return [household] if rule.applies_to == "household" else child_subjects

    return _collect(rules_in_force(on, include_proposed), subjects_for, on, include_proposed)


def decide_young_person(person: YoungPerson, on: date, include_proposed: bool = False) -> Decisions:
    """The young person's own version: their rights, in words addressed to "you"."""
    own, estimated = person_facts(person, person.as_of, on)
    # A young person is not asked about the household's money: only where they live counts.
    unknown_household = {path: None for path in household_facts(Household())}
    facts = unknown_household | {"household.council_code": person.council_code} | own
    subject = _Subject("young_person", facts, Voice("you", is_you=True), None, None, estimated)
    rules = [
        rule
        for rule in rules_in_force(on, include_proposed)
        if rule.applies_to == "child" and rule.audience in ("child", "young_person")
    ]
    return _collect(rules, lambda rule: [subject], on, include_proposed)


def differing_rule_ids(first: Decisions, second: Decisions) -> tuple[str, ...]:
    """Rule ids whose decisions (for any child or the household) are not the same in both."""

    def by_rule(decisions: Decisions) -> dict[str, set[Decision]]:
        grouped: dict[str, set[Decision]] = {}
        for decision in decisions.all():
            grouped.setdefault(decision.rule_id, set()).add(decision)
        return grouped

    one, two = by_rule(first), by_rule(second)
    return tuple(
        sorted(
            rule_id for rule_id in one.keys() | two.keys() if one.get(rule_id) != two.get(rule_id)
        )
    )


def compare(facts: Facts, on: date) -> Comparison:
    """Today's law beside today's law plus the proposed Scottish Offer."""
    today = decide(facts, on, include_proposed=False)
    with_offer = decide(facts, on, include_proposed=True)
    return Comparison(
        on=on,
        today=today,
        with_offer=with_offer,
        changed_rule_ids=differing_rule_ids(today, with_offer),
    )


def compare_young_person(person: YoungPerson, on: date) -> Comparison:
    today = decide_young_person(person, on, include_proposed=False)
    with_offer = decide_young_person(person, on, include_proposed=True)
    return Comparison(
        on=on,
        today=today,
        with_offer=with_offer,
        changed_rule_ids=differing_rule_ids(today, with_offer),
    )


# ---- what changes if the legal arrangement changes ---------------------------------------------

ChangeKind = Literal["lost", "carries_on", "changes", "gained"]
_HELD = (ENTITLED, MAY_BE)  # outcomes that mean the family has, or may have, the support


class Change(BaseModel):
    model_config = _OUT
    rule_id: str
    title: str
    kind: ChangeKind
    child_index: int | None = None
    before: Outcome | None  # None: not shown at all
    after: Outcome | None
    status: str
    legal_status: str
    sources: tuple[SourceOut, ...]


class WhatChangesIf(BaseModel):
    """The entitlements today and after a planned change of legal arrangement, side by side."""

    model_config = _OUT
    on: date
    child_index: int | None  # None for a young person asking about themselves
    from_arrangement: str
    to_arrangement: str
    today: Decisions
    after: Decisions
    lost: tuple[Change, ...]
    carries_on: tuple[Change, ...]
    changes: tuple[Change, ...]  # still there, but more or less certain
    gained: tuple[Change, ...]
    ask_before: tuple[str, ...]  # what to ask the council before the order is made


def _moved(person, to: Arrangement, on: date):
    """The same person after moving to another arrangement today: leaving the council's care
    today if they were looked after and will not be."""
    update: dict[str, object] = {"arrangement": to}
    leaving = person.arrangement in _LOOKED_AFTER and to not in _LOOKED_AFTER
    if leaving:
        update |= {"was_looked_after": Answer.YES, "left_care_on": on, "age_left_care": None}
    if to in _LOOKED_AFTER:
        update |= {"was_looked_after": Answer.YES, "left_care_on": None, "age_left_care": None}
    return person.model_copy(update=update)


def _change_list(today: Decisions, after: Decisions) -> dict[str, list[Change]]:
    def key(d: Decision) -> tuple[str, int | None]:
        return d.rule_id, d.child_index

    before_map = {key(d): d for d in today.all()}
    after_map = {key(d): d for d in after.all()}
    found: dict[str, list[Change]] = {"lost": [], "carries_on": [], "changes": [], "gained": []}
    for k in list(before_map) + [k for k in after_map if k not in before_map]:
        was, now = before_map.get(k), after_map.get(k)
        had = was is not None and was.outcome in _HELD
        has = now is not None and now.outcome in _HELD
        if had and has:
            kind = "carries_on" if was.outcome == now.outcome else "changes"
        elif had:
            kind = "lost"
        elif has:
            kind = "gained"
        else:
            continue
        shown = now if has else was
        found[kind].append(
            Change(
                rule_id=shown.rule_id,
                title=shown.title,
                kind=kind,
                child_index=shown.child_index,
                before=was.outcome if was else None,
                after=now.outcome if now else None,
                status=shown.status,
                legal_status=shown.legal_status,
                sources=shown.sources,
            )
        )
    return found


def _questions(found: dict[str, list[Change]]) -> tuple[str, ...]:
    asks = [
        f"Will \N{LEFT DOUBLE QUOTATION MARK}{c.title}\N{RIGHT DOUBLE QUOTATION MARK} carry on "
        "after the change, for how long, and can you put that in writing?"
        for c in found["lost"] + found["changes"]
        if c.status != "proposed" and not (c.kind == "changes" and c.after == ENTITLED)
    ]
    asks.append(
        "What support will you give us after the order, and who do we contact if we need help?"
    )
    asks.append(
        "Before we agree, can we get free advice? (The Kinship Care Advice Service for Scotland "
        "is on 08000 28 22 33.)"
    )
    return tuple(asks)


def _what_changes(today: Decisions, after: Decisions, on, index, was, to) -> WhatChangesIf:
    found = _change_list(today, after)
    return WhatChangesIf(
        on=on,
        child_index=index,
        from_arrangement=was.value,
        to_arrangement=to.value,
        today=today,
        after=after,
        lost=tuple(found["lost"]),
        carries_on=tuple(found["carries_on"]),
        changes=tuple(found["changes"]),
        gained=tuple(found["gained"]),
        ask_before=_questions(found),
    )


def what_changes_if(
    facts: Facts, on: date, child_index: int, to: Arrangement, include_proposed: bool = False
) -> WhatChangesIf:
    """What this family can get today, and what it could get if one child's legal arrangement
    changed to `to` today (for example looked after -> kinship care order): what is lost, what
    carries on, what is gained, and what to ask the council before the order is made."""
    children = facts.household.children
    if not 0 <= child_index < len(children):
        raise ValueError("no such child")
    child = children[child_index]
    moved = list(children)
    moved[child_index] = _moved(child, to, on)
    after_facts = facts.model_copy(
        update={"household": facts.household.model_copy(update={"children": tuple(moved)})}
    )
    today = decide(facts, on, include_proposed)
    after = decide(after_facts, on, include_proposed)
    return _what_changes(today, after, on, child_index, child.arrangement, to)


def what_changes_if_young_person(
    person: YoungPerson, on: date, to: Arrangement, include_proposed: bool = False
) -> WhatChangesIf:
    """The young person's version of `what_changes_if`, worded for them."""
    today = decide_young_person(person, on, include_proposed)
    after = decide_young_person(_moved(person, to, on), on, include_proposed)
    return _what_changes(today, after, on, None, person.arrangement, to)
