"""Loading the dated rule files: YAML, checked against rules/schema.json and then for meaning.

A file that is wrong in any way raises RuleFileError naming the file and the rule.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import yaml

from .conditions import COUNCIL_FACT, ConditionError, Expression, fact_paths, parse

RULES_DIR = Path(__file__).with_name("rules")
SCHEMA_PATH = RULES_DIR / "schema.json"
_PENNY = Decimal("0.01")


class RuleFileError(ValueError):
    def __init__(self, file: str, rule_id: str | None, message: str) -> None:
        self.file, self.rule_id, self.message = file, rule_id, message
        where = f"{file}, rule '{rule_id}'" if rule_id else file
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Source:
    title: str
    citation: str
    url: str
    checked_against: str | None = None


@dataclass(frozen=True)
class Amount:
    label: str
    amount_gbp: Decimal
    per: str  # week, four_weeks, month, year or one_off
    period: str  # e.g. "2025-26", or "year not verified"
    effective_from: date | None
    effective_to: date | None
    verified: bool
    source_url: str
    note: str = ""
    age_min: int | None = None
    age_max: int | None = None
    council_code: str | None = None
    # Which children a rate is for: the school stages it applies to (none: any), and whether it
    # is the rate for the eldest or only child or for each other child (none: any child).
    school_stages: tuple[str, ...] = ()
    child_position: str | None = None  # "eldest_or_only" or "other"


@dataclass(frozen=True)
class OutcomeText:
    reason: str
    how_to_check: str | None = None
    instead: str | None = None


@dataclass(frozen=True)
class Wording:
    title: str
    explanation: str
    entitled: OutcomeText | None
    may_be_entitled: OutcomeText
    not_for_arrangement: OutcomeText | None


@dataclass(frozen=True)
class Conditions:
    relevant_when: Expression | None = None
    not_for_arrangement_when: Expression | None = None
    entitled_when: Expression | None = None
    may_be_when: Expression | None = None

    def fact_paths(self) -> set[str]:
        return set().union(
            fact_paths(self.relevant_when),
            fact_paths(self.not_for_arrangement_when),
            fact_paths(self.entitled_when),
            fact_paths(self.may_be_when),
        )


@dataclass(frozen=True)
class Rule:
    id: str
    rule_set: str
    topic: str
    audience: str  # carer, child or young_person
    applies_to: str  # household or child (a young person is evaluated as "child")
    scope: str  # national or council
    status: str  # in_force or proposed
    legal_stage: str
    effective_from: date | None
    effective_to: date | None
    verified: bool
    verification_note: str
    conditions: Conditions
    wording: Wording
    young_person_wording: Wording | None
    sources: tuple[Source, ...]
    amounts: tuple[Amount, ...]
    enacted_on: date | None = None  # Royal Assent of a law passed but not in force
    proposed_on: date | None = None  # publication of a proposal
    commencement: str = ""  # what is known of a passed law's start, and whether verified

    def applies_on(self, on: date, include_proposed: bool) -> bool:
        if self.effective_to is not None and on > self.effective_to:
            return False
        if self.status == "proposed":
            # A proposal counts as soon as it is asked for, unless it has a later start date.
            return include_proposed and (self.effective_from is None or on >= self.effective_from)
        return self.effective_from is not None and on >= self.effective_from


@dataclass(frozen=True)
class RuleSet:
    name: str
    version: str
    title: str
    file: str
    rules: tuple[Rule, ...]


class _StrictLoader(yaml.SafeLoader):
    """Safe YAML that keeps dates as text (the schema checks them) and refuses repeated keys."""


_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _mapping_without_repeats(loader: _StrictLoader, node: yaml.MappingNode) -> dict:
    seen: set[object] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"repeated key '{key}'", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=True)


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_repeats
)


@lru_cache(maxsize=1)
def _schema_validator():
    # Imported here: jsonschema's format checkers are slow to import and only needed once.
    import jsonschema

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)


def load_rule_file(path: Path) -> RuleSet:
    """Read, schema-check and build one rule file; RuleFileError on any problem."""
    name = path.name
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)  # noqa: S506
    except (OSError, yaml.YAMLError) as error:
        raise RuleFileError(name, None, f"cannot read YAML: {error}") from error
    _check_schema(name, data)
    rules = tuple(_build_rule(name, data["rule_set"], raw) for raw in data["rules"])
    _check_unique_ids(name, rules)
    return RuleSet(data["rule_set"], str(data["version"]), data["title"], name, rules)


def _check_schema(name: str, data: object) -> None:
    errors = sorted(_schema_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    if not errors:
        return
    error = errors[0]
    path = list(error.absolute_path)
    rule_id = None
    if len(path) >= 2 and path[0] == "rules" and isinstance(data, dict):
        raw_rule = data["rules"][path[1]]
        rule_id = raw_rule.get("id") if isinstance(raw_rule, dict) else None
        rule_id = rule_id or f"#{path[1] + 1}"
    where = "/".join(str(part) for part in path) or "(top level)"
    more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
    raise RuleFileError(name, rule_id, f"{error.message} at {where}{more}")


def _build_rule(file: str, rule_set: str, raw: dict) -> Rule:
    rule_id = raw["id"]
    try:
        conditions = Conditions(**{key: parse(value) for key, value in raw["conditions"].items()})
    except ConditionError as error:
        raise RuleFileError(file, rule_id, str(error)) from error
    rule = Rule(
        id=rule_id,
        rule_set=rule_set,
        topic=raw["topic"],
        audience=raw["audience"],
        applies_to=raw["applies_to"],
        scope=raw["scope"],
        status=raw["status"],
        legal_stage=raw["legal_stage"],
        effective_from=_date(raw["effective_from"]),
        effective_to=_date(raw["effective_to"]),
        verified=raw["verified"],
        verification_note=raw["verification_note"],
        conditions=conditions,
        wording=_wording(raw["title"], raw["explanation"], raw["outcome"]),
        young_person_wording=_young_person_wording(raw.get("young_person")),
        sources=tuple(Source(**source) for source in raw["source"]),
        amounts=tuple(_amount(amount) for amount in raw.get("amounts", ())),
        enacted_on=_date(raw.get("enacted_on")),
        proposed_on=_date(raw.get("proposed_on")),
        commencement=raw.get("commencement", ""),
    )
    _check_meaning(file, rule)
    return rule


def _check_meaning(file: str, rule: Rule) -> None:
    """What a schema cannot say: the rule must be able to give each outcome it can reach."""

    def fail(message: str) -> None:
        raise RuleFileError(file, rule.id, message)

    conditions, wording = rule.conditions, rule.wording
    if conditions.entitled_when is None and conditions.may_be_when is None:
        fail("needs 'entitled_when' or 'may_be_when' in its conditions")
    if conditions.entitled_when is not None and wording.entitled is None:
        fail("has 'entitled_when' but no 'entitled' outcome text")
    if (conditions.not_for_arrangement_when is None) != (wording.not_for_arrangement is None):
        fail("'not_for_arrangement_when' and the 'not_for_arrangement' outcome go together")
    paths = conditions.fact_paths()
    if rule.scope == "national" and COUNCIL_FACT in paths:
        fail("a national rule cannot depend on the council; make its scope 'council'")
    if rule.scope == "national" and any(a.council_code for a in rule.amounts):
        fail("a national rule cannot carry council-specific amounts")
    if rule.applies_to == "household" and any(p.startswith("child.") for p in paths):
        fail("a household rule cannot use facts about one child")
    if rule.audience in ("child", "young_person") and rule.young_person_wording is None:
        fail("a rule for children or young people needs 'young_person' wording")
    if rule.status == "in_force" and rule.effective_from is None:
        fail("a rule in force needs an 'effective_from' date")
    # Each status is worded with its date, so the date must be there.
    if rule.legal_stage == "enacted_not_in_force" and not (rule.enacted_on and rule.commencement):
        fail("a law passed but not in force needs 'enacted_on' and 'commencement'")
    if rule.legal_stage in ("bill", "consultation_proposal") and rule.proposed_on is None:
        fail("a proposal needs 'proposed_on', the date it was published")
    if rule.effective_from and rule.effective_to and rule.effective_to < rule.effective_from:
        fail("'effective_to' is before 'effective_from'")
    for amount in rule.amounts:
        starts, ends = amount.effective_from, amount.effective_to
        if starts and ends and ends < starts:
            fail(f"amount '{amount.label}' ends before it starts")


def _check_unique_ids(file: str, rules: tuple[Rule, ...]) -> None:
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise RuleFileError(file, rule.id, "this rule id is used twice")
        seen.add(rule.id)


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _outcome(raw: dict | None) -> OutcomeText | None:
    if raw is None:
        return None
    return OutcomeText(raw["reason"], raw.get("how_to_check"), raw.get("instead"))


def _wording(title: str, explanation: str, outcome: dict) -> Wording:
    return Wording(
        title=title,
        explanation=explanation,
        entitled=_outcome(outcome.get("entitled")),
        may_be_entitled=_outcome(outcome["may_be_entitled"]),
        not_for_arrangement=_outcome(outcome.get("not_for_arrangement")),
    )


def _young_person_wording(raw: dict | None) -> Wording | None:
    if raw is None:
        return None
    return _wording(raw["title"], raw["explanation"], raw["outcome"])


def _amount(raw: dict) -> Amount:
    return Amount(
        label=raw["label"],
        amount_gbp=Decimal(str(raw["amount_gbp"])).quantize(_PENNY),
        per=raw["per"],
        period=raw["period"],
        effective_from=_date(raw.get("effective_from")),
        effective_to=_date(raw.get("effective_to")),
        verified=raw["verified"],
        source_url=raw["source_url"],
        note=raw.get("note", ""),
        age_min=raw.get("age_min"),
        age_max=raw.get("age_max"),
        council_code=raw.get("council_code"),
        school_stages=tuple(raw.get("school_stages", ())),
        child_position=raw.get("child_position"),
    )


@lru_cache(maxsize=8)
def load_rule_sets(directory: Path | None = None) -> tuple[RuleSet, ...]:
    """Every rule file in the folder, validated; cached because the files only change on deploy."""
    folder = directory or RULES_DIR
    rule_sets = tuple(load_rule_file(path) for path in sorted(folder.glob("*.yaml")))
    if not rule_sets:
        raise RuleFileError(str(folder), None, "no rule files (*.yaml) found")
    seen: dict[str, str] = {}
    for rule_set in rule_sets:
        for rule in rule_set.rules:
            if rule.id in seen:
                raise RuleFileError(
                    rule_set.file, rule.id, f"this rule id is already used in {seen[rule.id]}"
                )
            seen[rule.id] = rule_set.file
    return rule_sets
