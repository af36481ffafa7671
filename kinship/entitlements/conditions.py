"""A small declarative condition language with three-valued ("not sure") logic.

A condition is written in YAML as either a predicate string or all/any/not over conditions:

    all:
      - child.arrangement in [kinship_care_order, other_s11_order]
      - child.age < 16
      - not: household.receives_universal_credit == no

Predicates: ``==``, ``!=``, ``<``, ``<=``, ``>``, ``>=``, ``in [..]``, ``not in [..]``,
``is known``, ``is unknown``; the word ``always`` is a condition that is always true.

Every fact can be unknown. Evaluation uses Kleene's logic: True, False or None (unknown).
Numbers (ages) are ranges, because an age given as "12" some months ago is 12 or 13 today.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Union

from .facts import Answer, Arrangement, ParentsSituation, SchoolStage

Tri = bool | None  # True, False, or None for "not known"


@dataclass(frozen=True)
class Range:
    """A whole number known to lie between lo and hi inclusive."""

    lo: int
    hi: int

    @classmethod
    def exact(cls, value: int) -> Range:
        return cls(value, value)

    @property
    def is_exact(self) -> bool:
        return self.lo == self.hi


# ---- the facts a condition may name -------------------------------------------------------


@dataclass(frozen=True)
class FactSpec:
    kind: str  # "answer", "enum", "number" or "code"
    values: frozenset[str] = frozenset()


def _enum_values(enum: type) -> frozenset[str]:
    # "not_sure" is never a value to compare with: a rule says "is unknown" instead.
    return frozenset(member.value for member in enum if member.value != "not_sure")


_ANSWER = FactSpec("answer", _enum_values(Answer))
_NUMBER = FactSpec("number")

FACTS: dict[str, FactSpec] = {
    "child.age": _NUMBER,
    "child.age_months": _NUMBER,
    "child.left_care_age": _NUMBER,
    "child.arrangement": FactSpec("enum", _enum_values(Arrangement)),
    "child.school_stage": FactSpec("enum", _enum_values(SchoolStage)),
    "child.parents_situation": FactSpec("enum", _enum_values(ParentsSituation)),
    "child.ever_looked_after": _ANSWER,
    "child.looked_after_now": _ANSWER,
    "child.has_left_care": _ANSWER,
    "child.at_risk_of_becoming_looked_after": _ANSWER,
    "child.in_education": _ANSWER,
    "child.in_continuing_care": _ANSWER,
    "child.in_school_age_payment_window": _ANSWER,
    "household.receives_universal_credit": _ANSWER,
    "household.receives_other_qualifying_benefit": _ANSWER,
    "household.receives_qualifying_benefit": _ANSWER,
    "household.has_kinship_carer": _ANSWER,
    "household.liable_for_council_tax": _ANSWER,
    "household.council_code": FactSpec("code"),
}

COUNCIL_FACT = "household.council_code"

# ---- expressions ---------------------------------------------------------------------------

_PREDICATE = re.compile(
    r"^(?P<path>[a-z_]+\.[a-z0-9_]+)\s+"
    r"(?P<op>==|!=|<=|>=|<|>|not in|in|is known|is unknown)"
    r"(?:\s+(?P<value>.+))?$"
)
_CODE = re.compile(r"^S12\d{6}$")


class ConditionError(ValueError):
    """A condition in a rule file that cannot be understood."""


@dataclass(frozen=True)
class Predicate:
    path: str
    op: str
    value: object = None  # int/float for numbers, str for answers/enums/codes, tuple for in

    def evaluate(self, facts: dict[str, object]) -> Tri:
        actual = facts.get(self.path)
        if self.op == "is known":
            return actual is not None
        if self.op == "is unknown":
            return actual is None
        if actual is None:
            return None
        if isinstance(actual, Range):
            return _compare_range(actual, self.op, self.value)
        if self.op == "==":
            return actual == self.value
        if self.op == "!=":
            return actual != self.value
        if self.op == "in":
            return actual in self.value
        if self.op == "not in":
            return actual not in self.value
        return None  # an ordering test on a non-number cannot be decided


@dataclass(frozen=True)
class Always:
    pass


@dataclass(frozen=True)
class All:
    items: tuple[Expression, ...]


@dataclass(frozen=True)
class Any_:
    items: tuple[Expression, ...]


@dataclass(frozen=True)
class Not:
    item: Expression


Expression = Union[Predicate, Always, All, Any_, Not]  # noqa: UP007 - a runtime alias


def _compare_range(actual: Range, op: str, value: object) -> Tri:
    if not isinstance(value, int | float):
        return None
    lo, hi = actual.lo, actual.hi
    if op == "<":
        return True if hi < value else False if lo >= value else None
    if op == "<=":
        return True if hi <= value else False if lo > value else None
    if op == ">":
        return True if lo > value else False if hi <= value else None
    if op == ">=":
        return True if lo >= value else False if hi < value else None
    if op in ("==", "!="):
        if lo == hi == value:
            equal: Tri = True
        elif value < lo or value > hi:
            equal = False
        else:
            equal = None
        return equal if op == "==" or equal is None else not equal
    return None


# ---- parsing ------------------------------------------------------------------------------


def parse(raw: object) -> Expression:
    """Turn the YAML form of a condition into an expression, or raise ConditionError."""
    if isinstance(raw, str):
        return Always() if raw.strip() == "always" else _parse_predicate(raw.strip())
    if isinstance(raw, dict) and len(raw) == 1:
        ((key, body),) = raw.items()
        if key in ("all", "any"):
            if not isinstance(body, list) or not body:
                raise ConditionError(f"'{key}' needs a non-empty list of conditions")
            items = tuple(parse(item) for item in body)
            return All(items) if key == "all" else Any_(items)
        if key == "not":
            return Not(parse(body))
    raise ConditionError(
        f"cannot read condition {raw!r}: write a predicate such as 'child.age < 16' "
        "or one of all / any / not"
    )


def _parse_predicate(text: str) -> Predicate:
    match = _PREDICATE.match(text)
    if not match:
        raise ConditionError(f"cannot read predicate '{text}'")
    path, op, raw_value = match["path"], match["op"], match["value"]
    spec = FACTS.get(path)
    if spec is None:
        known = ", ".join(sorted(FACTS))
        raise ConditionError(f"unknown fact '{path}' in '{text}' (known facts: {known})")
    if op in ("is known", "is unknown"):
        if raw_value:
            raise ConditionError(f"'{op}' takes no value in '{text}'")
        return Predicate(path, op)
    if raw_value is None:
        raise ConditionError(f"'{text}' needs a value after '{op}'")
    if op in ("in", "not in"):
        words = _parse_list(raw_value, text)
        return Predicate(path, op, tuple(_check_value(spec, path, w, text) for w in words))
    if op in ("<", "<=", ">", ">=") and spec.kind != "number":
        raise ConditionError(f"'{path}' is not a number, so '{op}' cannot apply in '{text}'")
    return Predicate(path, op, _check_value(spec, path, raw_value.strip(), text))


def _parse_list(raw: str, text: str) -> list[str]:
    raw = raw.strip()
    if not (raw.startswith("[") and raw.endswith("]")):
        raise ConditionError(f"'in' needs a list in square brackets in '{text}'")
    words = [word.strip().strip("'\"") for word in raw[1:-1].split(",")]
    if not all(words):
        raise ConditionError(f"empty item in list in '{text}'")
    return words


def _check_value(spec: FactSpec, path: str, word: str, text: str) -> object:
    word = word.strip().strip("'\"")
    if spec.kind == "number":
        try:
            return float(word) if "." in word else int(word)
        except ValueError:
            raise ConditionError(f"'{path}' needs a number, not '{word}', in '{text}'") from None
    if spec.kind == "code":
        if not _CODE.match(word):
            raise ConditionError(f"'{word}' is not a council code like S12000023 in '{text}'")
        return word
    if word not in spec.values:
        allowed = ", ".join(sorted(spec.values))
        raise ConditionError(
            f"'{word}' is not a value of '{path}' (allowed: {allowed}) in '{text}'"
        )
    return word


def fact_paths(expression: Expression | None) -> set[str]:
    """Every fact an expression names."""
    if expression is None or isinstance(expression, Always):
        return set()
    if isinstance(expression, Predicate):
        return {expression.path}
    if isinstance(expression, Not):
        return fact_paths(expression.item)
    return set().union(*(fact_paths(item) for item in expression.items))


# ---- evaluation ---------------------------------------------------------------------------


def evaluate(expression: Expression, facts: dict[str, object]) -> tuple[Tri, tuple[str, ...]]:
    """The value of an expression and the facts that decided it (for the reason shown)."""
    if isinstance(expression, Always):
        return True, ()
    if isinstance(expression, Predicate):
        return expression.evaluate(facts), (expression.path,)
    if isinstance(expression, Not):
        value, paths = evaluate(expression.item, facts)
        return (None if value is None else not value), paths
    results = [evaluate(item, facts) for item in expression.items]
    decisive = not isinstance(expression, All)  # a False decides "all"; a True decides "any"
    for wanted in (decisive, None):
        hits = [paths for value, paths in results if value is wanted]
        if hits:
            return wanted, _merge(hits)
    return (not decisive), _merge([paths for _, paths in results])


def _merge(groups: list[tuple[str, ...]]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(path for group in groups for path in group))
