"""Properties that must hold for every family, checked with generated facts (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kinship.entitlements.conditions import Always
from kinship.entitlements.engine import (
    compare,
    decide,
    decide_young_person,
    differing_rule_ids,
    rules_in_force,
)
from kinship.entitlements.facts import (
    Answer,
    Arrangement,
    Carer,
    Child,
    Facts,
    Household,
    ParentsSituation,
    Relationship,
    SchoolStage,
    YoungPerson,
)
from kinship.entitlements.wording import COUNCIL_NAMES

PROPERTY_SETTINGS = settings(
    max_examples=150,
    deadline=None,
    database=None,  # write nothing outside this folder (no .hypothesis directory)
    suppress_health_check=[HealthCheck.too_slow],
)

answers = st.sampled_from(list(Answer))
fact_dates = st.dates(min_value=date(1995, 1, 1), max_value=date(2035, 12, 31))
ask_dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2045, 12, 31))
councils = st.none() | st.sampled_from(sorted(COUNCIL_NAMES))


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


@st.composite
def person_fields(draw, as_of: date, max_age: int) -> dict:
    how_old = draw(st.sampled_from(["date_of_birth", "age", "unknown"]))
    how_left = draw(st.sampled_from(["date", "age", "unknown"]))
    return {
        "date_of_birth": draw(st.dates(min_value=_years_before(as_of, max_age), max_value=as_of))
        if how_old == "date_of_birth"
        else None,
        "age": draw(st.integers(0, max_age)) if how_old == "age" else None,
        "arrangement": draw(st.sampled_from(list(Arrangement))),
        "was_looked_after": draw(answers),
        "left_care_on": draw(fact_dates) if how_left == "date" else None,
        "age_left_care": draw(st.integers(0, 30)) if how_left == "age" else None,
        "currently_at_risk_of_becoming_looked_after": draw(answers),
        "in_education": draw(answers),
        "in_continuing_care": draw(answers),
    }


@st.composite
def children(draw, as_of: date) -> Child:
    return Child(
        name=draw(st.none() | st.sampled_from(["Amy", "Leo", "Zoe"])),
        school_stage=draw(st.sampled_from(list(SchoolStage))),
        parents_situation=draw(st.sampled_from(list(ParentsSituation))),
        **draw(person_fields(as_of, 30)),
    )


@st.composite
def families(draw) -> Facts:
    as_of = draw(fact_dates)
    household = Household(
        council_code=draw(councils),
        children=tuple(draw(st.lists(children(as_of), max_size=3))),
        carers=tuple(
            draw(
                st.lists(
                    st.builds(
                        Carer,
                        relationship=st.sampled_from(list(Relationship)),
                        age=st.none() | st.integers(10, 100),
                        is_parent=st.booleans(),
                    ),
                    max_size=2,
                )
            )
        ),
        receives_universal_credit=draw(answers),
        receives_other_qualifying_benefit=draw(answers),
        liable_for_council_tax=draw(answers),
    )
    return Facts(household=household, as_of=as_of)


@st.composite
def young_people(draw) -> YoungPerson:
    as_of = draw(fact_dates)
    return YoungPerson(as_of=as_of, council_code=draw(councils), **draw(person_fields(as_of, 40)))


def _oldest_possible_age(person, as_of: date, on: date) -> int | None:
    """Independent of the engine: the highest age the person could be on `on`."""
    if person.date_of_birth is not None:
        born = person.date_of_birth
    elif person.age is not None:
        born = _years_before(as_of, person.age + 1) + timedelta(days=1)
    else:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


@PROPERTY_SETTINGS
@given(families(), ask_dates, st.booleans())
def test_never_crashes_and_every_decision_has_a_source(facts, on, include_proposed):
    decisions = decide(facts, on, include_proposed)
    for decision in decisions.all():
        assert decision.sources
        assert all(source.url.startswith("http") for source in decision.sources)
        assert decision.reason
        assert decision.subject in ("household", "child")
    for outcome in ("entitled", "may_be_entitled", "not_for_arrangement"):
        assert all(d.outcome == outcome for d in getattr(decisions, outcome))
    compare(facts, on)


@PROPERTY_SETTINGS
@given(young_people(), ask_dates, st.booleans())
def test_young_person_version_never_crashes_and_always_cites(person, on, include_proposed):
    decisions = decide_young_person(person, on, include_proposed)
    assert all(decision.sources for decision in decisions.all())
    assert all(decision.subject == "young_person" for decision in decisions.all())


@PROPERTY_SETTINGS
@given(young_people(), ask_dates, st.booleans())
def test_nobody_who_could_be_26_is_told_they_get_aftercare(person, on, include_proposed):
    oldest = _oldest_possible_age(person, person.as_of, on)
    decisions = decide_young_person(person, on, include_proposed)
    aftercare_yes = [d for d in decisions.entitled if d.topic == "aftercare"]
    if oldest is None or oldest >= 26:
        assert aftercare_yes == []


@PROPERTY_SETTINGS
@given(families(), ask_dates, st.booleans())
def test_no_child_who_could_be_26_is_told_they_get_aftercare(facts, on, include_proposed):
    decisions = decide(facts, on, include_proposed)
    for decision in decisions.entitled:
        if decision.topic == "aftercare":
            child = facts.household.children[decision.child_index]
            oldest = _oldest_possible_age(child, facts.as_of, on)
            assert oldest is not None and oldest < 26


@PROPERTY_SETTINGS
@given(families(), ask_dates, councils, st.booleans())
def test_changing_only_the_council_never_changes_a_national_decision(
    facts, on, other_council, include_proposed
):
    moved = facts.model_copy(
        update={"household": facts.household.model_copy(update={"council_code": other_council})}
    )
    here = [d for d in decide(facts, on, include_proposed).all() if d.scope == "national"]
    there = [d for d in decide(moved, on, include_proposed).all() if d.scope == "national"]
    assert here == there


@PROPERTY_SETTINGS
@given(families(), ask_dates)
def test_switching_to_the_offer_changes_exactly_the_proposed_rules(facts, on):
    today = decide(facts, on, include_proposed=False)
    with_offer = decide(facts, on, include_proposed=True)
    proposed_with_a_decision = {d.rule_id for d in with_offer.all() if d.status == "proposed"}
    assert set(differing_rule_ids(today, with_offer)) == proposed_with_a_decision
    assert [d for d in with_offer.all() if d.status != "proposed"] == list(today.all())
    assert all(d.status == "in_force" for d in today.all())


@PROPERTY_SETTINGS
@given(young_people(), ask_dates)
def test_young_person_offer_changes_only_proposed_rules(person, on):
    today = decide_young_person(person, on, include_proposed=False)
    with_offer = decide_young_person(person, on, include_proposed=True)
    proposed = {rule.id for rule in rules_in_force(on, True) if rule.status == "proposed"}
    assert set(differing_rule_ids(today, with_offer)) <= proposed


@PROPERTY_SETTINGS
@given(ask_dates, st.booleans(), st.integers(0, 3))
def test_not_sure_everywhere_never_gives_a_confident_yes(on, include_proposed, child_count):
    facts = Facts(
        as_of=date(2026, 7, 1),
        household=Household(carers=(Carer(),), children=(Child(),) * child_count),
    )
    decisions = decide(facts, on, include_proposed)
    unconditional = {
        rule.id
        for rule in rules_in_force(on, include_proposed)
        if isinstance(rule.conditions.entitled_when, Always)
    }
    assert {d.rule_id for d in decisions.entitled} <= unconditional
    assert decisions.not_for_arrangement == ()
