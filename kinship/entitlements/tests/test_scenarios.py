"""Table-driven checks: realistic families (tests/scenarios.yaml) and what they are told."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from kinship.entitlements.engine import (
    HEADINGS,
    compare,
    decide,
    decide_young_person,
    rules_in_force,
)
from kinship.entitlements.facts import Facts, YoungPerson

SCENARIOS = yaml.safe_load(Path(__file__).with_name("scenarios.yaml").read_text(encoding="utf-8"))
OUTCOMES = {"entitled", "may_be_entitled", "not_for_arrangement", "none"}
RULE_IDS = {rule.id for rule in rules_in_force(date(2100, 1, 1), include_proposed=True)}


def _decisions(scenario: dict):
    include, on = scenario.get("include_proposed", False), scenario["on_date"]
    if "young_person" in scenario:
        return decide_young_person(YoungPerson(**scenario["young_person"]), on, include)
    return decide(Facts(**scenario["facts"]), on, include)


def test_there_are_enough_scenarios_and_each_cites_a_source():
    assert len(SCENARIOS) >= 60
    assert len({s["id"] for s in SCENARIOS}) == len(SCENARIOS)
    for scenario in SCENARIOS:
        assert scenario["expect"], scenario["id"]
        for expectation in scenario["expect"]:
            assert expectation["outcome"] in OUTCOMES, expectation
            assert expectation["rule"] in RULE_IDS, expectation
            assert len(expectation.get("source", "")) > 5, expectation


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["id"] for s in SCENARIOS])
def test_scenario(scenario: dict):
    decisions = _decisions(scenario)
    for expectation in scenario["expect"]:
        got = decisions.outcome_for(expectation["rule"], expectation.get("child"))
        wanted = None if expectation["outcome"] == "none" else expectation["outcome"]
        assert got == wanted, (
            f"{scenario['id']}: {expectation['rule']} (child {expectation.get('child')}) "
            f"gave {got}, expected {wanted} per {expectation['source']}"
        )
    for decision in decisions.all():
        assert decision.sources, decision.rule_id
        assert decision.reason.strip()
        if decision.outcome == "may_be_entitled":
            assert decision.how_to_check
        if decision.outcome == "not_for_arrangement":
            assert decision.instead


def _household(**overrides) -> Facts:
    child = {
        "name": "Amy",
        "age": 7,
        "arrangement": "looked_after_kinship",
        "was_looked_after": "yes",
    } | overrides.pop("child", {})
    household = {
        "council_code": "S12000040",
        "receives_universal_credit": "yes",
        "carers": [{"relationship": "grandparent"}],
        "children": [child],
    } | overrides
    return Facts(as_of=date(2026, 7, 1), household=household)


def test_allowance_amount_follows_the_childs_age_band():
    decisions = decide(_household(), date(2026, 7, 1))
    allowance = next(d for d in decisions.entitled if d.rule_id == "allowance_looked_after")
    assert [(a.label, a.amount_gbp) for a in allowance.amounts] == [
        ("Scottish Recommended Allowance, age 5 to 10", Decimal("195.81"))
    ]
    assert allowance.amounts[0].verified is True


def test_rates_change_with_the_date_asked_about():
    def payment(on: date) -> Decimal:
        decisions = decide(_household(), on)
        scp = next(d for d in decisions.entitled if d.rule_id == "scottish_child_payment")
        assert len(scp.amounts) == 1
        return scp.amounts[0].amount_gbp

    assert payment(date(2025, 12, 1)) == Decimal("27.15")
    assert payment(date(2026, 7, 1)) == Decimal("28.20")


def test_an_old_rate_is_flagged_as_out_of_date():
    decisions = decide(_household(), date(2028, 1, 1))
    scp = next(d for d in decisions.entitled if d.rule_id == "scottish_child_payment")
    assert scp.amounts[0].amount_gbp == Decimal("28.20")
    assert scp.amounts[0].current is False


def test_unconfirmed_figures_say_so():
    facts = _household(
        child={"age": None, "date_of_birth": date(2026, 1, 1), "arrangement": "kinship_care_order"}
    )
    decisions = decide(facts, date(2026, 7, 1))
    baby = next(d for d in decisions.all() if d.rule_id == "best_start_grant_pregnancy_and_baby")
    assert baby.amounts and all(a.verified is False and a.current is None for a in baby.amounts)


def test_council_specific_amounts_only_in_that_council():
    facts = _household(child={"school_stage": "secondary", "age": 13})
    in_west_lothian = decide(facts, date(2026, 7, 1))
    grant = next(d for d in in_west_lothian.all() if d.rule_id == "school_clothing_grant")
    assert any(a.council_code == "S12000040" for a in grant.amounts)
    elsewhere = decide(
        facts.model_copy(
            update={"household": facts.household.model_copy(update={"council_code": "S12000023"})}
        ),
        date(2026, 7, 1),
    )
    grant = next(d for d in elsewhere.all() if d.rule_id == "school_clothing_grant")
    assert all(a.council_code is None for a in grant.amounts)


def test_reason_names_the_facts_that_decided():
    decisions = decide(
        _household(child={"arrangement": "kinship_care_order", "age": 17, "age_left_care": 17}),
        date(2026, 7, 1),
    )
    continuing = next(d for d in decisions.all() if d.rule_id == "continuing_care")
    assert continuing.outcome == "not_for_arrangement"
    assert "kinship care order for Amy" in continuing.reason
    assert continuing.instead and "aftercare" in continuing.instead


def test_unknown_facts_are_named_as_unknown():
    facts = Facts(as_of=date(2026, 7, 1), household={"children": [{"name": "Zoe"}]})
    decisions = decide(facts, date(2026, 7, 1))
    benefit = next(d for d in decisions.all() if d.rule_id == "child_benefit")
    assert benefit.outcome == "may_be_entitled"
    assert "we don't know Zoe's age" in benefit.reason


def test_young_person_version_speaks_to_you():
    person = YoungPerson(as_of=date(2026, 7, 1), age=17, was_looked_after="yes", age_left_care=16)
    decisions = decide_young_person(person, date(2026, 7, 1))
    aftercare = next(d for d in decisions.entitled if d.rule_id == "aftercare_up_to_19")
    assert aftercare.subject == "young_person"
    assert aftercare.reason.startswith("You have a right to aftercare")
    assert "you stopped being looked after by the council at age 16" in aftercare.reason
    assert all(d.audience in ("child", "young_person") for d in decisions.all())


def test_compare_lists_only_the_proposed_rules_that_differ():
    facts = _household(child={"arrangement": "kinship_care_order", "age": 12})
    comparison = compare(facts, date(2026, 7, 1))
    assert comparison.changed_rule_ids
    assert all(rule_id.startswith("offer_") for rule_id in comparison.changed_rule_ids)
    assert not comparison.today.include_proposed and comparison.with_offer.include_proposed


def test_headings_cover_every_group():
    assert set(HEADINGS) == {"entitled", "may_be_entitled", "not_for_arrangement"}


def test_facts_refuse_answers_that_cannot_both_be_true():
    import pydantic

    with pytest.raises(pydantic.ValidationError, match="not both"):
        Facts(
            as_of=date(2026, 7, 1),
            household={"children": [{"age": 3, "date_of_birth": date(2023, 1, 1)}]},
        )
    with pytest.raises(pydantic.ValidationError, match="after the date of these facts"):
        Facts(as_of=date(2026, 7, 1), household={"children": [{"date_of_birth": date(2027, 1, 1)}]})
    with pytest.raises(pydantic.ValidationError):
        Facts(as_of=date(2026, 7, 1), household={"council_code": "Orkney"})
