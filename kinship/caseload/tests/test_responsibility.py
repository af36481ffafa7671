"""Which council is responsible (responsibility.py): the rules, with property tests that every
answer names a rule with a source, that a looked-after child's council does not change when
the carer moves, and that kinship care assistance and local support follow the family."""

from hypothesis import given
from hypothesis import strategies as st

from kinship.caseload import responsibility as r
from kinship.families.models import LegalArrangement

COUNCILS = st.sampled_from(["S12000049", "S12000036", "S12000046", "S12000033"])
MAYBE_COUNCIL = st.none() | COUNCILS
FACTS = st.builds(
    r.Facts,
    arrangement=st.sampled_from(r.ARRANGEMENTS),
    placing_council=MAYBE_COUNCIL,
    carer_council=MAYBE_COUNCIL,
    child_council=MAYBE_COUNCIL,
)


def _by_kind(facts):
    return {a.kind: a for a in r.responsible(facts)}


def test_arrangements_are_the_families_values():
    assert set(r.ARRANGEMENTS) == set(LegalArrangement.values)


def test_every_rule_has_a_source_and_unverified_rules_say_so():
    for rule in r.RULES.values():
        assert rule.sources and all(s.url.startswith("https://") for s in rule.sources)
        assert all(s.title and s.citation for s in rule.sources)
        if not rule.verified:
            assert "UNVERIFIED" in rule.note
        else:
            # A verified rule was checked against at least one text that was read.
            assert any(s.checked_against for s in rule.sources)


@given(FACTS)
def test_every_answer_names_a_rule_with_a_source(facts):
    answers = r.responsible(facts)
    assert [a.kind for a in answers] == list(r.KINDS)
    for a in answers:
        assert a.rule_id in r.RULES
        assert a.rule.sources
        assert a.reason
        assert a.verified == a.rule.verified
        assert len(set(a.councils)) == len(a.councils)
        assert all(a.councils)


@given(FACTS, MAYBE_COUNCIL, MAYBE_COUNCIL)
def test_looked_after_child_keeps_the_placing_council_when_the_family_moves(facts, carer, child):
    if facts.arrangement not in r.LOOKED_AFTER:
        return
    moved = r.Facts(facts.arrangement, facts.placing_council, carer, child)
    before, after = _by_kind(facts), _by_kind(moved)
    for kind in (r.CASE, r.ALLOWANCE):
        assert before[kind].councils == after[kind].councils
        assert after[kind].councils == ((facts.placing_council,) if facts.placing_council else ())
        assert after[kind].verified


@given(FACTS)
def test_local_support_follows_the_child(facts):
    local = _by_kind(facts)[r.LOCAL_SUPPORT]
    assert local.councils == ((facts.child_council,) if facts.child_council else ())
    assert local.rule_id == "child_in_need_where_child_lives"


@given(FACTS)
def test_kinship_care_assistance_follows_where_people_live(facts):
    answer = _by_kind(facts)[r.ASSISTANCE]
    assert answer.rule_id == "kinship_care_assistance_where_person_lives"
    if facts.carer_council:
        assert answer.councils[0] == facts.carer_council
    assert set(answer.councils) <= {facts.carer_council, facts.child_council}


@given(FACTS)
def test_order_allowance_across_boundaries_is_marked_unverified(facts):
    answer = _by_kind(facts)[r.ALLOWANCE]
    if facts.arrangement == r.KINSHIP_CARE_ORDER:
        assert not answer.verified
        assert answer.rule_id == "kinship_care_order_across_boundaries"
        assert set(answer.councils) == {
            c for c in (facts.placing_council, facts.carer_council) if c
        }


@given(FACTS, COUNCILS)
def test_a_move_to_another_council_passes_local_support(facts, new):
    moved = r.Facts(facts.arrangement, facts.placing_council, new, new)
    assert r.local_support_moves(facts, moved) == (facts.child_council != new)


def test_looked_after_placed_by_glasgow_living_in_edinburgh():
    facts = r.Facts(r.LOOKED_AFTER_KINSHIP, "S12000049", "S12000036", "S12000036")
    got = _by_kind(facts)
    assert got[r.CASE].councils == ("S12000049",)
    assert got[r.ALLOWANCE].councils == ("S12000049",)
    assert got[r.ASSISTANCE].councils == ("S12000036",)
    assert got[r.LOCAL_SUPPORT].councils == ("S12000036",)


def test_placing_council_not_recorded_asks_for_it():
    got = _by_kind(r.Facts(r.LOOKED_AFTER_KINSHIP, None, "S12000036", "S12000036"))
    assert got[r.CASE].councils == () and "not recorded" in got[r.CASE].reason


def test_unknown_arrangement_is_refused():
    import pytest

    with pytest.raises(ValueError):
        r.responsible(r.Facts("made_up", None, None, None))


def test_pure():
    import ast
    from pathlib import Path

    tree = ast.parse(Path(r.__file__).read_text(encoding="utf-8"))
    imported = [
        n.module if isinstance(n, ast.ImportFrom) else a.name
        for n in ast.walk(tree)
        if isinstance(n, ast.Import | ast.ImportFrom)
        for a in n.names
    ]
    assert not [m for m in imported if m and (m.startswith("django") or m.startswith("kinship"))]
