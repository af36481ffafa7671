"""Issue 12's hard cases that are not one rule's outcome: how statuses are worded and ordered."""

from __future__ import annotations

from datetime import date

import pytest

from kinship.entitlements.engine import (
    all_rules,
    decide_young_person,
    what_changes_if,
    what_changes_if_young_person,
)
from kinship.entitlements.facts import Arrangement, Facts, YoungPerson
from kinship.entitlements.selectors import young_person_results

ON = date(2026, 7, 1)


def _care_leaver_24() -> YoungPerson:
    return YoungPerson(as_of=ON, age=24, was_looked_after="yes", age_left_care=15)


def test_todays_law_comes_before_any_proposal_and_proposals_have_their_own_group():
    column = young_person_results(_care_leaver_24(), ON, with_offer=True)
    keys = [group.key for group in column.groups]
    assert keys[-1] == "proposed"
    for group in column.groups[:-1]:
        assert all(not item.proposed for item in group.items), group.key
    proposed = column.groups[-1].items
    assert proposed and all(item.proposed for item in proposed)


def test_each_status_is_worded_one_way_with_its_date():
    decisions = decide_young_person(_care_leaver_24(), ON, include_proposed=True)
    by_rule = {d.rule_id: d for d in decisions.all()}
    act = by_rule["offer_aftercare_left_care_before_16"]
    assert act.legal_status.startswith("Passed by the Scottish Parliament on 15 May 2026")
    assert "not in force" in act.legal_status
    assert "proposed" not in act.legal_status.lower()
    today = by_rule["aftercare_19_to_26"]
    assert today.legal_status == "In force since 1 April 2015"


def test_every_rule_has_a_status_phrase_and_no_stage_words_in_titles():
    from kinship.entitlements.wording import status_text

    for rule in all_rules():
        phrase = status_text(rule)
        assert phrase, rule.id
        if rule.status == "proposed":
            assert "not law" in phrase or "not in force" in phrase, rule.id
        for title in (rule.wording.title, getattr(rule.young_person_wording, "title", "")):
            assert "(proposed)" not in title and "not yet in force" not in title, rule.id


# ---- what changes if: the "cliff edge" before an order is made ----------------------------------


def _looked_after_family(**child) -> Facts:
    return Facts(
        as_of=ON,
        household={
            "council_code": "S12000017",
            "receives_universal_credit": "yes",
            "carers": [{"relationship": "grandparent"}],
            "children": [{"name": "Amy", "age": 9, "arrangement": "looked_after_kinship"} | child],
        },
    )


def test_moving_from_looked_after_to_a_kinship_care_order_shows_what_is_lost_and_gained():
    change = what_changes_if(_looked_after_family(), ON, 0, Arrangement.KINSHIP_CARE_ORDER)
    lost = {c.rule_id for c in change.lost}
    gained = {c.rule_id for c in change.gained}
    carries = {c.rule_id for c in change.carries_on}
    assert "allowance_looked_after" in lost
    assert {"allowance_kinship_care_order", "kinship_care_assistance_order_holder"} <= gained
    assert {"kinship_care_advice_service", "scottish_child_payment"} <= carries
    assert any("kinship care allowance" in ask for ask in change.ask_before)
    assert change.today.outcome_for("allowance_looked_after", 0) == "entitled"
    assert change.after.outcome_for("allowance_looked_after", 0) is None


def test_a_16_year_old_leaving_care_for_an_order_loses_continuing_care_and_gains_aftercare():
    family = _looked_after_family(age=16)
    change = what_changes_if(family, ON, 0, Arrangement.KINSHIP_CARE_ORDER)
    assert "continuing_care" in {c.rule_id for c in change.lost}
    assert "aftercare_up_to_19" in {c.rule_id for c in change.gained}


def test_the_young_persons_own_what_changes_if():
    person = YoungPerson(
        as_of=ON, age=16, was_looked_after="yes", arrangement="looked_after_kinship"
    )
    change = what_changes_if_young_person(person, ON, Arrangement.KINSHIP_CARE_ORDER)
    assert "continuing_care" in {c.rule_id for c in change.lost}
    assert change.child_index is None


def test_what_changes_if_refuses_a_child_that_is_not_there():
    with pytest.raises(ValueError):
        what_changes_if(_looked_after_family(), ON, 3, Arrangement.KINSHIP_CARE_ORDER)


@pytest.mark.django_db
def test_what_changes_if_over_the_api(client):
    payload = {
        "facts": _looked_after_family().model_dump(mode="json"),
        "child": 0,
        "to": "kinship_care_order",
    }
    response = client.post(
        "/api/entitlements/what-changes-if", payload, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert "allowance_looked_after" in {c["rule_id"] for c in body["lost"]}
    assert body["ask_before"]
    bad = client.post(
        "/api/entitlements/what-changes-if", payload | {"child": 7}, content_type="application/json"
    )
    assert bad.status_code == 422
    schema = client.get("/api/entitlements/openapi.json").json()
    assert "/api/entitlements/what-changes-if" in schema["paths"]
    assert "/api/entitlements/young-person/what-changes-if" in schema["paths"]


# ---- an answer in eight questions -----------------------------------------------------------

ARRANGEMENTS = [
    "informal",
    "looked_after_kinship",
    "kinship_care_order",
    "other_s11_order",
    "s7_guardian",
    "permanence_order",
    "adoption",
    "just_arrived",
    "not_sure",
]


def _walk(client, children: int, arrangement: str, relationship: str = "grandparent") -> int:
    """Answer each question the checker asks until it shows the first answer; count them."""
    location, asked = "/check/children/", 0
    while location.startswith("/check/") and location != "/check/results/":
        key = location.split("/")[2]
        kind = key.split("-", 2)[-1] if key.startswith("child-") else key
        data = {
            "children": {"count": str(children)},
            "carer-relationship": {"relationship": relationship},
            "age": {"age": "15"},
            "arrangement": {"arrangement": arrangement},
            "planned-change": {"to": "kinship_care_order"},
            "left-care": {"age": "14"},
            "school": {"stage": "not_sure"},
            "parents": {"situation": "not_sure"},
            "council": {"council": "S12000017"},
        }.get(kind, {"answer": "not_sure"})
        response = client.post(location, data)
        assert response.status_code == 302, (location, response.content.decode()[:500])
        location, asked = response["Location"], asked + 1
        assert asked <= 20
    return asked


@pytest.mark.django_db
@pytest.mark.parametrize("arrangement", ARRANGEMENTS)
@pytest.mark.parametrize("children", [1, 2])
def test_the_first_answer_comes_within_eight_questions(client, arrangement, children):
    assert _walk(client, children, arrangement) <= 8
    body = client.get("/check/results/").content.decode()
    assert "Free advice" in body and "08000 28 22 33" in body


@pytest.mark.django_db
def test_a_parent_is_told_plainly_within_a_few_questions(client):
    assert _walk(client, 1, "kinship_care_order", relationship="parent") <= 8
    body = client.get("/check/results/").content.decode()
    assert "This is not kinship care." in body


@pytest.mark.django_db
def test_the_counter_never_jumps(client):
    client.post("/check/children/", {"count": "2"})
    first = client.get("/check/carer-relationship/").content.decode()
    assert "Question 2 of 8" in first


@pytest.mark.django_db
def test_a_planned_change_shows_what_changes_on_the_results_page(client):
    for key, data in [
        ("children", {"count": "1"}),
        ("carer-relationship", {"relationship": "grandparent"}),
        ("child-1-age", {"age": "9"}),
        ("child-1-arrangement", {"arrangement": "looked_after_kinship"}),
        ("council", {"council": "S12000017"}),
        ("universal-credit", {"answer": "yes"}),
        ("child-1-planned-change", {"to": "kinship_care_order"}),
    ]:
        assert client.post(f"/check/{key}/", data).status_code == 302
    body = client.get("/check/results/").content.decode()
    assert "What changes if The child moves to a kinship care order" in body
    assert "What you would lose" in body and 'data-rule-id="allowance_looked_after"' in body
    assert "Ask the council before the order is made" in body
    assert body.index("Money you may be able to get") < body.index("The details")


@pytest.mark.django_db
def test_the_young_persons_page_shows_what_changes_if(client):
    response = client.post(
        "/check/young-person/",
        {
            "age": "16",
            "looked_after": "yes",
            "still": "yes",
            "continuing_care": "not_sure",
            "planned": "kinship_care_order",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "What changes if your carer gets a kinship care order" in body
    assert "What you would lose" in body and "Continuing care" in body
    bad = client.post(
        "/check/young-person/",
        {
            "age": "16",
            "looked_after": "yes",
            "still": "yes",
            "continuing_care": "no",
            "planned": "<script>",
        },
    )
    assert bad.status_code == 400 and "<script>" not in bad.content.decode().split("<main")[1]


def test_sources_md_states_each_rules_legal_status_as_shown():
    from pathlib import Path

    from kinship.entitlements.wording import status_text

    text = (Path(__file__).parents[1] / "SOURCES.md").read_text(encoding="utf-8")
    for rule in all_rules():
        assert f"| `{rule.id}` | {status_text(rule)} |" in text, rule.id


# ---- which rate is for which child: the newcomer's walk found both shown for one child ---------


def _amount_labels(facts: Facts, rule_id: str) -> dict[int | None, set[str]]:
    from kinship.entitlements.engine import decide

    decisions = decide(facts, ON)
    return {
        d.child_index: {a.label for a in d.amounts} for d in decisions.all() if d.rule_id == rule_id
    }


def _household(*ages, arrangement=Arrangement.KINSHIP_CARE_ORDER, council="S12000017"):
    from kinship.entitlements.facts import Child, Household

    children = tuple(Child(age=age, arrangement=arrangement) for age in ages)
    return Facts(as_of=ON, household=Household(council_code=council, children=children))


def test_an_only_child_gets_the_eldest_or_only_rate_and_a_primary_pupil_the_primary_grant():
    benefit = _amount_labels(_household(9), "child_benefit")
    assert benefit == {0: {"Eldest or only child"}}
    clothing = _amount_labels(_household(9), "school_clothing_grant")
    assert clothing[0] == {"Minimum for a primary pupil"}
    assert _amount_labels(_household(14), "school_clothing_grant")[0] == {
        "Minimum for a secondary pupil"
    }


def test_with_several_children_the_eldest_gets_the_first_rate_and_the_others_the_second():
    benefit = _amount_labels(_household(4, 9), "child_benefit")
    assert benefit == {0: {"Each other child"}, 1: {"Eldest or only child"}}


def test_when_the_ages_cannot_tell_who_is_eldest_both_rates_are_shown():
    both = {"Eldest or only child", "Each other child"}
    assert _amount_labels(_household(7, 7), "child_benefit") == {0: both, 1: both}
    assert _amount_labels(_household(None, 9), "child_benefit") == {0: both, 1: both}
