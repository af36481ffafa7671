"""Issue 12's hard cases that are not one rule's outcome: how statuses are worded and ordered."""

from __future__ import annotations

from datetime import date

from kinship.entitlements.engine import all_rules, decide_young_person
from kinship.entitlements.facts import YoungPerson
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
