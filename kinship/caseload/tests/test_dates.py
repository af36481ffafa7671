"""The date rules: every computed date comes from a rule with a source, and no date in the
past is shown as upcoming (property tests)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinship.allowances.calculations import Band
from kinship.caseload import dates
from kinship.caseload.selectors import rule_refs
from kinship.entitlements.engine import all_rules
from kinship.families.models import LegalArrangement

BANDS = (
    Band(0, 4, Decimal("160.00")),
    Band(5, 10, Decimal("180.00")),
    Band(11, 15, Decimal("225.00")),
    Band(16, None, Decimal("273.00")),
)


def test_every_rule_names_existing_rules_with_a_source():
    known = {r.id: r for r in all_rules()}
    for rule in dates.RULES.values():
        assert rule.rule_ids and rule.what_to_do
        for rule_id in rule.rule_ids:
            if rule_id.startswith("kinship_hub."):
                assert rule.source_title, rule.key
            else:
                assert rule_id in known, rule_id
                assert known[rule_id].sources, rule_id
        assert all(ref.title for ref in rule_refs(rule))


@settings(max_examples=300, deadline=None)
@given(
    born=st.dates(date(1995, 1, 1), date(2030, 12, 31)),
    today=st.dates(date(2020, 1, 1), date(2035, 12, 31)),
    arrangement=st.sampled_from(LegalArrangement.values),
)
def test_child_dates_are_upcoming_and_sourced(born, today, arrangement):
    found = dates.child_dates(dates.ChildFacts("A", born, arrangement), today, BANDS)
    for d in found:
        assert today <= d.on <= today + timedelta(days=dates.LOOKAHEAD_DAYS)
        assert not d.overdue
        assert d.rule in dates.RULES.values() and d.rule.rule_ids
    nxt = dates.next_upcoming(found, today)
    assert nxt is None or nxt.on >= today


@settings(max_examples=200, deadline=None)
@given(
    on=st.dates(date(2020, 1, 1), date(2035, 12, 31)),
    today=st.dates(date(2020, 1, 1), date(2035, 12, 31)),
    key=st.sampled_from(["assessment_review", "referral_deadline", "action_due"]),
)
def test_past_service_dates_are_overdue_never_upcoming(on, today, key):
    d = dates.dated(key, on, "x", today)
    assert d.overdue == (on < today)
    assert dates.next_upcoming([d], today) in ((None,) if on < today else (d,))


@settings(max_examples=300, deadline=None)
@given(born=st.dates(date(1990, 1, 1), date(2030, 12, 31)), years=st.integers(1, 30))
def test_attains_age(born, years):
    day = dates.attains_age(born, years)
    assert dates.age_on(born, day) == years
    assert dates.age_on(born, day - timedelta(days=1)) == years - 1


def test_leap_day_birthday_is_1_march():
    assert dates.attains_age(date(2012, 2, 29), 16) == date(2028, 2, 29)
    assert dates.attains_age(date(2012, 2, 29), 17) == date(2029, 3, 1)


@pytest.mark.parametrize(
    "arrangement,keys",
    [
        (
            LegalArrangement.LOOKED_AFTER_KINSHIP,
            {"sixteen_looked_after", "allowance_band_looked_after"},
        ),
        (LegalArrangement.KINSHIP_CARE_ORDER, {"sixteen_order"}),
        (LegalArrangement.INFORMAL, set()),
    ],
)
def test_sixteenth_birthday_by_arrangement(arrangement, keys):
    today = date(2026, 12, 3)
    born = date(2011, 1, 10)  # 16 on 10 January 2027
    found = dates.child_dates(dates.ChildFacts("A", born, arrangement), today, BANDS)
    assert {d.key for d in found} == keys


def test_band_change_amounts():
    today = date(2026, 12, 3)
    change = dates.next_band_change(date(2016, 1, 10), today, BANDS)
    assert change == (date(2027, 1, 10), Decimal("180.00"), Decimal("225.00"))


def test_order_change_is_the_cliff_edge_only_from_looked_after():
    change = dates.PlannedChange(
        "A", "looked_after_kinship", "kinship_care_order", date(2027, 1, 1), "Planned"
    )
    assert (
        dates.order_change_date(change, date(2026, 12, 3), cliff_edge=True).key
        == "order_cliff_edge"
    )
