"""Rule files are checked on load; a bad one is refused with a message naming file and rule."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from kinship.entitlements.ruleset import (
    RULES_DIR,
    SCHEMA_PATH,
    RuleFileError,
    load_rule_file,
    load_rule_sets,
)

GOOD_RULE = {
    "id": "demo_rule",
    "topic": "money",
    "title": "A demonstration payment",
    "explanation": "A payment that exists only in this test.",
    "audience": "carer",
    "applies_to": "child",
    "scope": "national",
    "status": "in_force",
    "legal_stage": "in_force",
    "effective_from": "2020-01-01",
    "effective_to": None,
    "verified": True,
    "verification_note": "Made up for a test.",
    "conditions": {"entitled_when": "child.age < 16"},
    "outcome": {
        "entitled": {"reason": "You can get it."},
        "may_be_entitled": {"reason": "You may get it.", "how_to_check": "Ask someone."},
    },
    "source": [{"title": "A test", "citation": "Test Act, s.1", "url": "https://example.org"}],
}


def _write(tmp_path: Path, rules: list[dict], name: str = "bad.yaml") -> Path:
    path = tmp_path / name
    document = {"rule_set": "test", "version": "1", "title": "Test rules", "rules": rules}
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path


def _rule(**changes) -> dict:
    rule = copy.deepcopy(GOOD_RULE)
    for key, value in changes.items():
        if value is ...:
            rule.pop(key)
        else:
            rule[key] = value
    return rule


def _refused(path: Path) -> RuleFileError:
    with pytest.raises(RuleFileError) as caught:
        load_rule_file(path)
    return caught.value


def test_the_schema_is_a_valid_json_schema():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.validators.validator_for(schema).check_schema(schema)


def test_every_shipped_rule_file_loads():
    rule_sets = load_rule_sets()
    assert {rule_set.file for rule_set in rule_sets} == {
        path.name for path in RULES_DIR.glob("*.yaml")
    }
    assert sum(len(rule_set.rules) for rule_set in rule_sets) >= 25


def test_sources_md_covers_every_rule():
    sources = (RULES_DIR.parent / "SOURCES.md").read_text(encoding="utf-8")
    missing = [
        rule.id
        for rule_set in load_rule_sets()
        for rule in rule_set.rules
        if f"`{rule.id}`" not in sources
    ]
    assert missing == []


def test_a_good_rule_loads(tmp_path):
    rule_set = load_rule_file(_write(tmp_path, [_rule()]))
    assert [rule.id for rule in rule_set.rules] == ["demo_rule"]


def test_a_missing_field_is_named_with_file_and_rule(tmp_path):
    error = _refused(_write(tmp_path, [_rule(), _rule(id="second_rule", title=...)]))
    assert error.file == "bad.yaml" and error.rule_id == "second_rule"
    assert "'title' is a required property" in str(error)
    assert str(error).startswith("bad.yaml, rule 'second_rule':")


def test_a_rule_without_a_source_is_refused(tmp_path):
    error = _refused(_write(tmp_path, [_rule(source=[])]))
    assert error.rule_id == "demo_rule" and "source" in str(error)


def test_a_wrong_status_is_refused(tmp_path):
    error = _refused(_write(tmp_path, [_rule(status="maybe")]))
    assert error.rule_id == "demo_rule" and "status" in str(error)


def test_a_bad_date_is_refused(tmp_path):
    error = _refused(_write(tmp_path, [_rule(effective_from="2026-13-01")]))
    assert error.rule_id == "demo_rule" and "effective_from" in str(error)


def test_an_unknown_fact_is_refused(tmp_path):
    error = _refused(_write(tmp_path, [_rule(conditions={"entitled_when": "child.shoe_size < 5"})]))
    assert error.rule_id == "demo_rule" and "unknown fact 'child.shoe_size'" in str(error)


def test_a_misspelt_value_is_refused_with_the_allowed_values(tmp_path):
    bad = {"entitled_when": "child.arrangement in [informl, kinship_care_order]"}
    error = _refused(_write(tmp_path, [_rule(conditions=bad)]))
    assert "'informl' is not a value of 'child.arrangement'" in str(error)
    assert "kinship_care_order" in str(error)


def test_a_garbled_condition_is_refused(tmp_path):
    error = _refused(_write(tmp_path, [_rule(conditions={"entitled_when": {"both": []}})]))
    assert error.rule_id == "demo_rule"


def test_a_national_rule_may_not_depend_on_the_council(tmp_path):
    conditions = {"entitled_when": "household.council_code == S12000023"}
    error = _refused(_write(tmp_path, [_rule(conditions=conditions)]))
    assert "national rule cannot depend on the council" in str(error)
    load_rule_file(_write(tmp_path, [_rule(conditions=conditions, scope="council")], "ok.yaml"))


def test_each_reachable_outcome_needs_its_words(tmp_path):
    outcome = {"may_be_entitled": {"reason": "You may get it.", "how_to_check": "Ask."}}
    error = _refused(_write(tmp_path, [_rule(outcome=outcome)]))
    assert "no 'entitled' outcome text" in str(error)
    conditions = {"entitled_when": "always", "not_for_arrangement_when": "child.age > 3"}
    error = _refused(_write(tmp_path, [_rule(conditions=conditions)]))
    assert "not_for_arrangement" in str(error)


def test_a_may_be_outcome_must_say_how_to_check(tmp_path):
    outcome = {"entitled": {"reason": "Yes."}, "may_be_entitled": {"reason": "Maybe."}}
    error = _refused(_write(tmp_path, [_rule(outcome=outcome)]))
    assert "how_to_check" in str(error)


def test_a_rule_for_young_people_needs_their_words(tmp_path):
    error = _refused(_write(tmp_path, [_rule(audience="young_person")]))
    assert "young_person" in str(error)


def test_a_rule_in_force_needs_a_start_date(tmp_path):
    error = _refused(_write(tmp_path, [_rule(effective_from=None)]))
    assert "effective_from" in str(error)


def test_a_proposal_cannot_claim_to_be_in_force(tmp_path):
    error = _refused(_write(tmp_path, [_rule(status="proposed", legal_stage="in_force")]))
    assert error.rule_id == "demo_rule"


def test_repeated_rule_ids_are_refused(tmp_path):
    error = _refused(_write(tmp_path, [_rule(), _rule()]))
    assert "used twice" in str(error)


def test_the_same_rule_id_in_two_files_is_refused(tmp_path):
    _write(tmp_path, [_rule()], "one.yaml")
    _write(tmp_path, [_rule()], "two.yaml")
    with pytest.raises(RuleFileError) as caught:
        load_rule_sets(tmp_path)
    assert "two.yaml" in str(caught.value) and "one.yaml" in str(caught.value)


def test_a_repeated_yaml_key_is_refused(tmp_path):
    path = _write(tmp_path, [_rule()])
    text = path.read_text(encoding="utf-8").replace(
        "title: A demonstration payment", "title: A demonstration payment\n  title: Again"
    )
    path.write_text(text, encoding="utf-8")
    error = _refused(path)
    assert "repeated key 'title'" in str(error)


def test_a_file_that_is_not_yaml_is_refused(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("rules: [unclosed", encoding="utf-8")
    error = _refused(path)
    assert error.file == "broken.yaml" and "cannot read YAML" in str(error)
