"""Reads for the checker's pages: the engine's decisions arranged for display, and the links
out to the council's allowances and matching services. Nothing here writes anything."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.urls import NoReverseMatch, reverse

from kinship.places.models import Council
from kinship.places.selectors import get_council

from .engine import (
    HEADINGS,
    Decision,
    Decisions,
    WhatChangesIf,
    compare,
    decide,
    decide_young_person,
    what_changes_if,
)
from .facts import Facts, YoungPerson
from .journey import child_label, journey, planned_change, to_facts
from .questions import summary_rows

logger = logging.getLogger(__name__)

GROUPS = ("entitled", "may_be_entitled", "not_for_arrangement")
PROPOSED = "proposed"
PROPOSED_HEADING = "Not law yet: proposed, or passed but not in force"
MATCHING_SERVICES = 3
TODAY, WITH_OFFER = "today", "offer"


@dataclass(frozen=True)
class Item:
    decision: Decision
    who: str  # "For Amy", "For your household"
    proposed: bool
    changed_by_offer: bool


@dataclass(frozen=True)
class Group:
    key: str
    heading: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Column:
    title: str
    groups: tuple[Group, ...]

    @property
    def count(self) -> int:
        return sum(len(group.items) for group in self.groups)


# How many times a year each kind of payment comes.
PER_YEAR = {"week": Decimal(52), "four_weeks": Decimal(13), "month": Decimal(12),
            "year": Decimal(1)}
NEXT_STEPS = 3


@dataclass(frozen=True)
class Money:
    """One line of the summary's money: a figure from a rule (never our own estimate)."""

    title: str
    who: str
    label: str
    amount: Decimal
    per: str
    yearly: Decimal | None  # None for a one-off payment
    certain: bool  # "you can get" rather than "you may be able to get"
    verified: bool


@dataclass(frozen=True)
class Summary:
    money: tuple[Money, ...]
    next_steps: tuple[str, ...]
    not_kinship_care: bool  # the household is parents: kinship support does not apply


def summary_for(decisions: Decisions, answers: dict | None, changes=()) -> Summary:
    """The first screen of the results: money, the few things to do next, and whether this is
    kinship care at all. Only today's law: proposals never go in the summary."""
    held = [d for d in decisions.entitled + decisions.may_be_entitled if d.status != "proposed"]
    money = []
    for d in held:
        for a in d.amounts:
            if a.current is False:
                continue  # an out-of-date rate stays in the details, marked there
            yearly = a.amount_gbp * PER_YEAR[a.per] if a.per in PER_YEAR else None
            money.append(Money(d.title, _who(d, answers, False), a.label, a.amount_gbp, a.per,
                               yearly, d.outcome == "entitled", a.verified))
    # Short enough for a phone's first screen; how to check each is in the details.
    steps: list[str] = []
    if changes:
        steps.append("Before any order is made, ask the council what support would carry on "
                     "(see \u201cWhat changes if\u201d below).")
    for d in decisions.entitled:
        if d.status != "proposed" and d.amounts:
            steps.append(f"Ask for or apply for: {d.title}.")
    for d in decisions.may_be_entitled:
        if d.status != "proposed" and d.amounts:
            steps.append(f"Check whether you can get: {d.title}.")
    return Summary(
        money=tuple(money),
        next_steps=tuple(dict.fromkeys(steps))[:NEXT_STEPS],
        not_kinship_care=any(d.rule_id == "not_kinship_care_parent"
                             for d in decisions.not_for_arrangement),
    )


@dataclass(frozen=True)
class PlannedChange:
    who: str
    comparison: WhatChangesIf


@dataclass
class Results:
    on: date
    law: str
    columns: list[Column]
    changed_rule_ids: tuple[str, ...]
    changed_titles: list[str]
    council: Council | None
    answers_summary: list[dict]
    services: list = field(default_factory=list)
    services_url: str = ""
    allowance_url: str = ""
    summary: Summary | None = None
    planned: list[PlannedChange] = field(default_factory=list)


def _who(decision: Decision, answers: dict | None, young_person: bool) -> str:
    if young_person:
        return ""
    if decision.child_index is None:
        return "For your household"
    return f"For {child_label(answers, decision.child_index)}"


def _column(
    title: str, decisions: Decisions, answers: dict | None, changed: set[str], young: bool
) -> Column:
    def item(d: Decision) -> Item:
        return Item(
            decision=d,
            who=_who(d, answers, young),
            proposed=d.status == "proposed",
            changed_by_offer=d.rule_id in changed,
        )

    # Today's law first, in its three groups; anything not law yet after it, in its own group,
    # so a proposal is never filed under "you may be able to get".
    groups = [
        Group(key, HEADINGS[key], tuple(item(d) for d in getattr(decisions, key)
                                        if d.status != "proposed"))
        for key in GROUPS
    ]
    proposed = tuple(item(d) for d in decisions.all() if d.status == "proposed")
    if decisions.include_proposed:
        groups.append(Group(PROPOSED, PROPOSED_HEADING, proposed))
    return Column(title, tuple(groups))


def url_for(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def directory_link(council: Council | None) -> str:
    base = url_for("directory:search") or "/support/"
    return f"{base}?council={council.code}" if council else base


def allowance_link(council: Council | None) -> str:
    if council is None:
        return url_for("allowances:compare")
    return url_for("allowances:council", council.slug) or f"/allowances/council/{council.slug}/"


def _directory_arrangement(facts: Facts) -> str:
    arrangements = {child.arrangement.value for child in facts.household.children}
    if len(arrangements) == 1:
        only = arrangements.pop()
        if only in ("informal", "looked_after_kinship", "kinship_care_order"):
            return only
    return ""


def matching_services(council: Council | None, facts: Facts, limit: int = MATCHING_SERVICES):
    """A few services for this council and arrangement, from the directory's own search.
    The directory is another app: if its search fails, the results page still works."""
    if council is None:
        return []
    try:
        from kinship.directory.selectors import DirectoryQuery, search_directory

        query = DirectoryQuery(council=council, arrangement=_directory_arrangement(facts))
        return [hit.service for hit in search_directory(query, 1, limit).hits]
    except Exception:  # an optional panel must never take the results page down
        logger.exception("directory search failed for the entitlements results page")
        return []


def results_for(answers: dict | None, on: date, law: str = TODAY) -> Results:
    """Everything the results page (and its PDF) shows for these answers."""
    facts = to_facts(answers, on)
    council = get_council(facts.household.council_code or "")
    if law == WITH_OFFER:
        comparison = compare(facts, on)
        changed = set(comparison.changed_rule_ids)
        columns = [
            _column("Today's law", comparison.today, answers, changed, False),
            _column("With the proposed Scottish Offer", comparison.with_offer, answers,
                    changed, False),
        ]
        changed_ids = comparison.changed_rule_ids
        titles = {d.rule_id: d.title for d in comparison.with_offer.all()}
        titles |= {d.rule_id: d.title for d in comparison.today.all() if d.rule_id not in titles}
        changed_titles = [titles[rule_id] for rule_id in changed_ids if rule_id in titles]
    else:
        columns = [_column("Today's law", decide(facts, on), answers, set(), False)]
        changed_ids, changed_titles = (), []
    planned = [
        PlannedChange(child_label(answers, index).capitalize(),
                      what_changes_if(facts, on, index, to))
        for index in range(len(facts.household.children))
        if (to := planned_change(answers, index)) is not None
        and to != facts.household.children[index].arrangement
    ]
    today_decisions = comparison.today if law == WITH_OFFER else decide(facts, on)
    return Results(
        summary=summary_for(today_decisions, answers, [p.comparison for p in planned]),
        planned=planned,
        on=on,
        law=law,
        columns=columns,
        changed_rule_ids=changed_ids,
        changed_titles=changed_titles,
        council=council,
        answers_summary=summary_rows(answers, journey(answers)),
        services=matching_services(council, facts),
        services_url=directory_link(council),
        allowance_url=allowance_link(council),
    )


def young_person_results(person: YoungPerson, on: date, with_offer: bool = False) -> Column:
    decisions = decide_young_person(person, on, include_proposed=with_offer)
    return _column("Your rights", decisions, None, set(), True)
