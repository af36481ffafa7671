"""The fixed vocabulary of a wellbeing assessment, with where each list comes from.

- SHANARRI, the eight wellbeing indicators of the Wellbeing Wheel: the Children and Young People
  (Scotland) Act 2014 s.96(2) and GIRFEC practice guidance 1 (2022), "Using the National
  Practice Model", https://www.gov.scot/publications/getting-right-child-girfec-practice-
  guidance-1-using-national-practice-model/pages/9/ and the wheel,
  https://www.gov.scot/publications/shanarri/pages/wellbeing-wheel. The short descriptions are
  paraphrases (the project's design notes, DOMAIN.md section 9), not the gov.scot wording.
- The My World Triangle's three sides and their sub-headings: the same guidance, section 7-8,
  and IRISS, https://content.iriss.org.uk/assessment/mairi_triangle.html.
- The seven kinds of support: the Scottish Government's draft Vision and Offer for kinship care
  (consultation, December 2025), "Family" commitment; codes shared with the directory
  (`kinship.directory.models.KindOfSupport`). A working draft: the list may change.
- The carer's own needs (health, money, housing, respite, legal help) are the areas the issue
  names for a family-focused assessment; the list is ours, not a statutory one.
- Complaints: councils follow the SPSO's Local Authority Model Complaints Handling Procedure
  (Public Services Reform (Scotland) Act 2010; the combined version covering social work was
  published in January 2020): stage 1 frontline response within 5 working days, stage 2
  investigation within 20, then the Scottish Public Services Ombudsman, https://www.spso.org.uk.
  A third-sector partner has its own procedure.
- The rating scale and the child's questions are Kinship Hub's own wording: GIRFEC prescribes
  no numeric scale and no fixed question set (not verified that no national one exists).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kinship.directory.models import KindOfSupport

__all__ = [
    "KindOfSupport",
    "Indicator",
    "TriangleSide",
    "CarerNeed",
    "Rating",
    "SOURCES",
    "INDICATOR_HINTS",
    "TRIANGLE_HINTS",
    "child_questions",
    "QUESTION_SETS",
]

SOURCES = {
    "shanarri": "https://www.gov.scot/publications/shanarri/pages/wellbeing-wheel",
    "national_practice_model": (
        "https://www.gov.scot/publications/getting-right-child-girfec-practice-guidance-1-"
        "using-national-practice-model/pages/6/"
    ),
    "my_world_triangle": "https://content.iriss.org.uk/assessment/mairi_triangle.html",
    "childs_plan": (
        "https://www.gov.scot/publications/getting-right-child-girfec-practice-"
        "statement-girfec-childs-plan/pages/3/"
    ),
    "complaints": "https://www.spso.org.uk",
    "offer": (
        "https://consult.gov.scot/children-and-families/scottish-government-vision-for-"
        "kinship-care/consultation/subpage.2016-07-07.1474135251"
    ),
}


class Indicator(models.TextChoices):
    SAFE = "safe", _("Safe")
    HEALTHY = "healthy", _("Healthy")
    ACHIEVING = "achieving", _("Achieving")
    NURTURED = "nurtured", _("Nurtured")
    ACTIVE = "active", _("Active")
    RESPECTED = "respected", _("Respected")
    RESPONSIBLE = "responsible", _("Responsible")
    INCLUDED = "included", _("Included")


# Keyed by the code (a str), so a stored area looks its hint up directly.
INDICATOR_HINTS: dict[str, object] = {
    Indicator.SAFE: _("Secure, listened to, able to develop; free from abuse or neglect"),
    Indicator.HEALTHY: _(
        "Physical and mental health; access to care; support for healthy, safe choices"
    ),
    Indicator.ACHIEVING: _(
        "Supported in learning and in building skills, confidence and self-esteem"
    ),
    Indicator.NURTURED: _(
        "Physical and emotional security and warmth for growth, resilience and identity"
    ),
    Indicator.ACTIVE: _("Opportunities for play, recreation and sport"),
    Indicator.RESPECTED: _("Involved and heard in decisions about their life"),
    Indicator.RESPONSIBLE: _("Active, responsible roles, with guidance where needed"),
    Indicator.INCLUDED: _(
        "Helped to overcome inequalities; accepted in family, school and community"
    ),
}


class TriangleSide(models.TextChoices):
    GROW = "grow", _("How I grow and develop")
    CARE = "care", _("What I need from people who look after me")
    WORLD = "world", _("My wider world")


TRIANGLE_HINTS: dict[str, object] = {
    TriangleSide.GROW: _(
        "Being healthy; learning and achieving; communicating; confidence in "
        "who I am; becoming independent; enjoying family and friends"
    ),
    TriangleSide.CARE: _(
        "Everyday care; keeping me safe; being there for me; play and fun; "
        "guidance; knowing what will happen and when; my family's "
        "background and beliefs"
    ),
    TriangleSide.WORLD: _(
        "Support from family and friends; school; local resources; work "
        "for my family; enough money; comfortable, safe housing; belonging"
    ),
}


class CarerNeed(models.TextChoices):
    HEALTH = "health", _("Health")
    MONEY = "money", _("Money")
    HOUSING = "housing", _("Housing")
    RESPITE = "respite", _("Respite (a break from caring)")
    LEGAL = "legal", _("Legal help")


class Rating(models.IntegerChoices):
    """Higher is better, so the chart over time reads upwards as things improve."""

    URGENT = 1, _("1 - urgent concern")
    SIGNIFICANT = 2, _("2 - significant needs")
    SOME = 3, _("3 - some needs")
    WELL = 4, _("4 - doing well")


# Age-appropriate questions a worker goes through with the child (or the child answers with
# a link). Plain words; each maps to an indicator so the child's view sits beside the others.
QUESTION_SETS = {
    "younger": [  # under 8: short, concrete, read aloud
        ("safe", _("Do you feel safe at home? What helps you feel safe?")),
        ("nurtured", _("Who looks after you? What do they do that you like?")),
        ("active", _("What do you like to play?")),
        ("achieving", _("What is good about school or nursery? What is hard?")),
        ("wish", _("If you had a magic wand, what would you change?")),
    ],
    "older": [  # 8 and over
        ("safe", _("Do you feel safe where you live? Is anything worrying you?")),
        ("healthy", _("How are you feeling, in your body and in your mind?")),
        ("achieving", _("How is school going? Is there anything you need help with?")),
        ("nurtured", _("Who do you go to when you need someone? Do you feel listened to?")),
        ("respected", _("Do people ask what you think about decisions about your life?")),
        ("included", _("Do you get to see friends and family you want to see?")),
        ("wish", _("What is the one thing that would make things better for you?")),
    ],
}


def child_questions(age: int | None) -> tuple[str, list[tuple[str, str]]]:
    """The question set for a child of this age (the older set when the age is not known)."""
    key = "younger" if age is not None and age < 8 else "older"
    return key, QUESTION_SETS[key]
