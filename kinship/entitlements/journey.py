"""The public checker's journey: which questions to ask, in what order, and how the answers a
family gave (held in their session while they answer) become the engine's `Facts`.

Answers are a plain JSON-safe dict `{"steps": {step_key: {field: value}}}` so they can sit in
the session; nothing here touches the database or the request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pydantic import ValidationError

from .facts import (
    Answer,
    Arrangement,
    Carer,
    Child,
    Facts,
    Household,
    ParentsSituation,
    Relationship,
    SchoolStage,
)

MAX_CHILDREN = 20  # the engine's Household.children limit
LOOKED_AFTER_NOW = {Arrangement.LOOKED_AFTER_KINSHIP.value, Arrangement.PERMANENCE_ORDER.value}
# The questions asked before the first answer; everything else is an optional "make this answer
# more exact" step after it (issue 12: a typical family sees an answer within 8 questions).
FIRST_ANSWER_QUESTIONS = 8
# A change of order is the "cliff edge" the Offer wants to remove; ask about it where it can
# happen: a child looked after, or living with family with no order yet.
PLANNED_CHANGE_FROM = {
    Arrangement.LOOKED_AFTER_KINSHIP.value,
    Arrangement.INFORMAL.value,
    "just_arrived",
}
# Kinship care assistance turns on the child's history only for these arrangements
# (2014 Act s.71(3), (5)); for the others the history changes no decision.
HISTORY_MATTERS = {
    Arrangement.INFORMAL.value,
    Arrangement.KINSHIP_CARE_ORDER.value,
    Arrangement.OTHER_S11_ORDER.value,
    Arrangement.S7_GUARDIAN.value,
    Arrangement.NOT_SURE.value,
    "just_arrived",
    None,
}


@dataclass(frozen=True)
class Step:
    key: str  # the page's address under /check/, e.g. "child-2-age"
    kind: str  # which question: "children", "child_age", "carer_relationship", ...
    child: int | None = None  # 0-based index of the child the question is about
    optional: bool = False  # after the first answer: "make this answer more exact"

    @property
    def number(self) -> int | None:
        return None if self.child is None else self.child + 1


CHILD_KINDS = (
    "child_age",
    "child_arrangement",
    "child_planned_change",
    "child_looked_after",
    "child_left_care",
    "child_at_risk",
    "child_school",
    "child_parents",
)
HOUSEHOLD_KINDS = ("carer_relationship", "council", "universal_credit")
MONEY_KINDS = ("other_benefits", "council_tax")


def _slug(kind: str) -> str:
    return kind.replace("_", "-")


def child_step_key(kind: str, child: int) -> str:
    return f"child-{child + 1}-{_slug(kind.removeprefix('child_'))}"


def steps_data(answers: dict | None) -> dict:
    steps = (answers or {}).get("steps")
    return steps if isinstance(steps, dict) else {}


def step_answer(answers: dict | None, key: str) -> dict | None:
    value = steps_data(answers).get(key)
    return value if isinstance(value, dict) else None


def children_count(answers: dict | None) -> int:
    count = (step_answer(answers, "children") or {}).get("count")
    if isinstance(count, int) and 1 <= count <= MAX_CHILDREN:
        return count
    return 0


def _child_value(answers: dict, kind: str, child: int, field: str):
    return (step_answer(answers, child_step_key(kind, child)) or {}).get(field)


def is_parent(answers: dict | None) -> bool:
    relationship = (step_answer(answers, "carer-relationship") or {}).get("relationship")
    return relationship == Relationship.PARENT.value


def _could_be(age, born, low: int, high: int) -> bool:
    """Could the child's age be between low and high (inclusive)? Unknown ages could."""
    if born:
        return True  # the engine works it out; the question depends on the date below
    return age is None or low <= age <= high


def _school_needs_asking(answers: dict, child: int, today: date) -> bool:
    # Ask only when the stage cannot be worked out from the age or date of birth and could
    # matter (free school meals and clothing grants, ages about 4 to 18).
    from .engine import person_facts  # the engine is pure; imported here to keep import order

    age = _child_value(answers, "child_age", child, "age")
    born = _child_value(answers, "child_age", child, "date_of_birth")
    if not _could_be(age, born, 4, 18):
        return False
    told = child_facts(answers, child).model_copy(update={"school_stage": SchoolStage.NOT_SURE})
    facts, _basis = person_facts(told, today, today)
    return facts["child.school_stage"] is None


def _detail_steps(answers: dict, child: int, today: date) -> list[Step]:
    """The questions about one child after the first answer's core, each only if its answer
    can still change a decision."""

    def step(kind: str) -> Step:
        return Step(child_step_key(kind, child), kind, child)

    steps = []
    age = _child_value(answers, "child_age", child, "age")
    born = _child_value(answers, "child_age", child, "date_of_birth")
    if not is_parent(answers):
        arrangement = _child_value(answers, "child_arrangement", child, "arrangement")
        if arrangement in PLANNED_CHANGE_FROM and _could_be(age, born, 0, 17):
            steps.append(step("child_planned_change"))
        if arrangement in HISTORY_MATTERS:
            steps.append(step("child_looked_after"))
            looked_after = _child_value(answers, "child_looked_after", child, "answer")
            if looked_after == Answer.YES.value:
                if _could_be(age, born, 12, 25):
                    steps.append(step("child_left_care"))
            elif _could_be(age, born, 0, 15):
                steps.append(step("child_at_risk"))
    if _school_needs_asking(answers, child, today):
        steps.append(step("child_school"))
    if not is_parent(answers) and _could_be(age, born, 0, 19):
        steps.append(step("child_parents"))
    return steps


def journey(answers: dict | None, today: date | None = None) -> list[Step]:
    """Every question this family should see, in order, given what they have said so far:
    first what decides the most (who the children are and how they came to live with you,
    where you live, Universal Credit), then the details. Only the first
    FIRST_ANSWER_QUESTIONS are asked before the first answer; the rest are optional."""
    answers = answers or {}
    today = today or date.today()
    count = children_count(answers)
    parent = is_parent(answers)
    steps = [Step("children", "children"), Step("carer-relationship", "carer_relationship")]
    for child in range(count):
        steps.append(Step(child_step_key("child_age", child), "child_age", child))
        if not parent:
            steps.append(
                Step(child_step_key("child_arrangement", child), "child_arrangement", child)
            )
    steps += [Step("council", "council"), Step("universal-credit", "universal_credit")]
    for child in range(count):
        steps.extend(_detail_steps(answers, child, today))
    if (step_answer(answers, "universal-credit") or {}).get("answer") != Answer.YES.value:
        steps.append(Step("other-benefits", "other_benefits"))
    steps.append(Step("council-tax", "council_tax"))
    return [
        step if index < FIRST_ANSWER_QUESTIONS else Step(step.key, step.kind, step.child, True)
        for index, step in enumerate(steps)
    ]


def first_answer_steps(answers: dict | None) -> list[Step]:
    return [step for step in journey(answers) if not step.optional]


def more_exact_steps(answers: dict | None) -> list[Step]:
    """The optional questions after the first answer that are still unanswered."""
    return [s for s in journey(answers) if s.optional and not is_answered(answers, s)]


# Asked only on the way to the benefits estimate (it decides Universal Credit or Pension Credit),
# not in the checker's own questions: no rule turns on the carer's age.
CARER_AGE = Step("carer-age", "carer_age", optional=True)


def find_step(answers: dict | None, key: str) -> Step | None:
    if key == CARER_AGE.key:
        return CARER_AGE if answers else None
    return next((s for s in journey(answers) if s.key == key), None)


def is_answered(answers: dict | None, step: Step) -> bool:
    return step_answer(answers, step.key) is not None


def first_unanswered(answers: dict | None, after: Step | None = None) -> Step | None:
    steps = journey(answers)
    if after is not None:
        keys = [s.key for s in steps]
        steps = steps[keys.index(after.key) + 1 :] if after.key in keys else steps
    return next((s for s in steps if not s.optional and not is_answered(answers, s)), None)


def next_step(answers: dict | None, current: Step) -> Step | None:
    steps = journey(answers)
    keys = [s.key for s in steps]
    if current.key not in keys:
        return None
    index = keys.index(current.key)
    return steps[index + 1] if index + 1 < len(steps) else None


def previous_step(answers: dict | None, current: Step) -> Step | None:
    steps = journey(answers)
    keys = [s.key for s in steps]
    if current.key not in keys:
        return None
    index = keys.index(current.key)
    return steps[index - 1] if index > 0 else None


def ready_for_results(answers: dict | None) -> bool:
    """Results need at least the number of children; any other answer may be "not sure"."""
    return children_count(answers) > 0


def planned_change(answers: dict | None, child: int) -> Arrangement | None:
    """The legal arrangement a change is planned to for this child, if one is."""
    value = _child_value(answers or {}, "child_planned_change", child, "to")
    try:
        planned = Arrangement(value)
    except ValueError:
        return None
    return None if planned == Arrangement.NOT_SURE else planned


# ---- answers to facts ----------------------------------------------------------------------


def _enum(enum_class, value, default):
    try:
        return enum_class(value)
    except ValueError:
        return default


def _parse_date(value) -> date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def child_label(answers: dict | None, child: int) -> str:
    """How we name a child on screen: their name if given, else "the child" or "child 2"."""
    name = _child_value(answers or {}, "child_age", child, "name")
    if isinstance(name, str) and name.strip():
        return name.strip()
    return "the child" if children_count(answers) <= 1 else f"child {child + 1}"


def child_facts(answers: dict, child: int) -> Child:
    age = _child_value(answers, "child_age", child, "age")
    arrangement = _enum(
        Arrangement,
        _child_value(answers, "child_arrangement", child, "arrangement"),
        Arrangement.NOT_SURE,
    )
    looked_after = _enum(
        Answer, _child_value(answers, "child_looked_after", child, "answer"), Answer.NOT_SURE
    )
    if arrangement.value in LOOKED_AFTER_NOW:
        looked_after = Answer.YES
    left_care_age = None
    at_risk = Answer.NOT_SURE
    if arrangement.value not in LOOKED_AFTER_NOW:
        if looked_after == Answer.YES:
            left_care_age = _child_value(answers, "child_left_care", child, "age")
        else:
            at_risk = _enum(
                Answer, _child_value(answers, "child_at_risk", child, "answer"), Answer.NOT_SURE
            )
    name = _child_value(answers, "child_age", child, "name")
    return Child(
        name=name.strip()[:80] if isinstance(name, str) and name.strip() else None,
        date_of_birth=_parse_date(_child_value(answers, "child_age", child, "date_of_birth")),
        age=age if isinstance(age, int) else None,
        arrangement=arrangement,
        was_looked_after=looked_after,
        age_left_care=left_care_age if isinstance(left_care_age, int) else None,
        currently_at_risk_of_becoming_looked_after=at_risk,
        school_stage=_enum(
            SchoolStage, _child_value(answers, "child_school", child, "stage"), SchoolStage.NOT_SURE
        ),
        parents_situation=_enum(
            ParentsSituation,
            _child_value(answers, "child_parents", child, "situation"),
            ParentsSituation.NOT_SURE,
        ),
    )


def _answer_of(answers: dict, key: str) -> Answer:
    return _enum(Answer, (step_answer(answers, key) or {}).get("answer"), Answer.NOT_SURE)


def to_facts(answers: dict | None, as_of: date) -> Facts:
    """The engine's facts for these answers. Raises ValueError only if the stored answers
    contradict themselves (which the forms prevent), never for a missing answer."""
    answers = answers or {}
    children = tuple(child_facts(answers, i) for i in range(children_count(answers)))
    carer = step_answer(answers, "carer-relationship") or {}
    carer_age = (step_answer(answers, "carer-age") or {}).get("age")
    council = (step_answer(answers, "council") or {}).get("code") or None
    try:
        return Facts(
            as_of=as_of,
            household=Household(
                council_code=council,
                children=children,
                carers=(
                    Carer(
                        relationship=_enum(
                            Relationship, carer.get("relationship"), Relationship.NOT_SURE
                        ),
                        age=carer_age if isinstance(carer_age, int) else None,
                    ),
                ),
                receives_universal_credit=_answer_of(answers, "universal-credit"),
                receives_other_qualifying_benefit=_answer_of(answers, "other-benefits"),
                liable_for_council_tax=_answer_of(answers, "council-tax"),
            ),
        )
    except ValidationError as error:
        raise ValueError(str(error)) from error
