"""What each step of the checker asks and how its answer is shown on "Check your answers".

One entry per question kind (see journey.CHILD_KINDS and friends): the form, the heading,
extra form arguments, and a function that turns a stored answer into words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django import forms as django_forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from kinship.places.selectors import get_council

from . import forms
from .journey import Step, child_label, step_answer


def _choice_text(choices, value) -> str:
    return str(dict(choices).get(value, _("Not answered")))


def _answer_text(stored: dict) -> str:
    return _choice_text(forms.YES_NO_NOT_SURE, stored.get("answer"))


def _age_text(stored: dict) -> str:
    parts = []
    if stored.get("name"):
        parts.append(_("Called %(name)s") % {"name": stored["name"]})
    if stored.get("date_of_birth"):
        born = date.fromisoformat(stored["date_of_birth"])
        parts.append(_("born %(date)s") % {"date": born.strftime("%d/%m/%Y")})
    elif stored.get("age") is not None:
        parts.append(_("aged %(age)s") % {"age": stored["age"]})
    else:
        parts.append(_("age not known"))
    return ", ".join(parts)


def _council_text(stored: dict) -> str:
    council = get_council(stored.get("code") or "")
    return council.name if council else _("Not sure, or rather not say")


def _left_care_text(stored: dict) -> str:
    if stored.get("age") is None:
        return _("I'm not sure")
    return _("At age %(age)s") % {"age": stored["age"]}


def _carer_age_text(stored: dict) -> str:
    return str(stored["age"]) if stored.get("age") is not None else _("Rather not say")


@dataclass(frozen=True)
class Question:
    form_class: type[django_forms.Form]
    heading: str  # may contain {child}; translated when shown
    summary_label: str  # the short label on "Check your answers"
    describe: Callable[[dict], str]
    lead: str = ""  # a sentence of explanation under the heading
    form_kwargs: dict = field(default_factory=dict)


# Built at import time, so the texts are lazy: translated when shown.
QUESTIONS: dict[str, Question] = {
    "children": Question(
        forms.ChildrenForm,
        _l("How many children do you look after?"),
        _l("Children you look after"),
        lambda stored: str(stored.get("count", "")),
        _l("Children you bring up for a relative or friend: grandchildren, nieces and nephews, "
          "younger brothers and sisters, or a friend's children."),
    ),
    "child_age": Question(
        forms.ChildAgeForm,
        _l("How old is {child}?"),
        _l("Age"),
        _age_text,
    ),
    "child_arrangement": Question(
        forms.ArrangementForm,
        _l("How did {child} come to live with you?"),
        _l("Legal arrangement"),
        lambda stored: _choice_text(forms.ARRANGEMENT_CHOICES, stored.get("arrangement")),
        _l("What support you can get depends on this more than anything else. If it has "
          "changed, choose what is true now."),
    ),
    "child_planned_change": Question(
        forms.PlannedChangeForm,
        _l("Is a change to {child}'s legal arrangement planned?"),
        _l("Planned change"),
        lambda stored: _choice_text(forms.PLANNED_CHOICES, stored.get("to")),
        _l("Support can stop when an order changes. Knowing this now lets us show what would "
          "change, and what to ask the council before the order is made."),
    ),
    "child_looked_after": Question(
        forms.AnswerForm,
        _l("Has the council ever looked after {child}?"),
        _l("Ever looked after by the council"),
        _answer_text,
        _l("This means a children's hearing or the council decided where they lived, for example "
          "with foster carers, in a children's home, or with you before a court order."),
    ),
    "child_left_care": Question(
        forms.LeftCareForm,
        _l("How old was {child} when the council stopped looking after them?"),
        _l("Age when no longer looked after"),
        _left_care_text,
        _l("Some support, like aftercare, depends on the age a young person left care."),
    ),
    "child_at_risk": Question(
        forms.AnswerForm,
        _l("Would {child} have to be looked after by the council if they could not live with "
          "you?"),
        _l("At risk of being looked after"),
        _answer_text,
        _l("For example, a social worker told you the child could not stay with their parents. "
          "Some help from the council depends on this."),
    ),
    "child_school": Question(
        forms.SchoolForm,
        _l("What stage of school is {child} at?"),
        _l("School stage"),
        lambda stored: _choice_text(forms.SCHOOL_CHOICES, stored.get("stage")),
    ),
    "child_parents": Question(
        forms.ParentsForm,
        _l("What has happened to {child}'s parents?"),
        _l("Parents"),
        lambda stored: _choice_text(forms.PARENTS_CHOICES, stored.get("situation")),
    ),
    "carer_relationship": Question(
        forms.CarerRelationshipForm,
        _l("How are you related to the children?"),
        _l("Your relationship"),
        lambda stored: _choice_text(forms.RELATIONSHIP_CHOICES, stored.get("relationship")),
        _l("If it differs between the children, choose the closest."),
    ),
    "carer_age": Question(
        forms.CarerAgeForm,
        _l("How old are you?"),
        _l("Your age"),
        _carer_age_text,
    ),
    "council": Question(
        forms.CouncilForm,
        _l("Where do you live?"),
        _l("Council area"),
        _council_text,
        _l("Councils pay different allowances and run different services."),
    ),
    "universal_credit": Question(
        forms.AnswerForm,
        _l("Do you get Universal Credit?"),
        _l("Universal Credit"),
        _answer_text,
        _l("The next three questions are about money. They help us tell you about benefits. You "
          "can skip them."),
    ),
    "other_benefits": Question(
        forms.AnswerForm,
        _l("Do you get any of these benefits?"),
        _l("Other benefits"),
        _answer_text,
        _l("Pension Credit, Income Support, income-based Jobseeker's Allowance, income-related "
          "Employment and Support Allowance, Child Tax Credit, Working Tax Credit or Housing "
          "Benefit."),
    ),
    "council_tax": Question(
        forms.AnswerForm,
        _l("Do you have to pay council tax?"),
        _l("Pay council tax"),
        _answer_text,
        _l("Answer yes if your name is on the council tax bill, even if you get a reduction."),
    ),
}


def heading(answers: dict | None, step: Step) -> str:
    text = str(QUESTIONS[step.kind].heading)
    if step.child is None:
        return text
    return text.format(child=child_label(answers, step.child))


def summary_rows(answers: dict | None, steps: list[Step]) -> list[dict]:
    """Rows for "Check your answers": one per question, grouped by child."""
    rows = []
    for step in steps:
        question = QUESTIONS[step.kind]
        stored = step_answer(answers, step.key)
        rows.append(
            {
                "key": step.key,
                "group": (
                    child_label(answers, step.child).capitalize()
                    if step.child is not None
                    else _("You and your household")
                ),
                "label": str(question.summary_label),
                "value": question.describe(stored) if stored is not None else _("Not answered"),
                "answered": stored is not None,
            }
        )
    return rows
