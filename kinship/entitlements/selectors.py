"""Reads for the checker's pages: the engine's decisions arranged for display, and the links
out to the council's allowances and matching services. Nothing here writes anything."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

from django.urls import NoReverseMatch, reverse

from kinship.places.models import Council
from kinship.places.selectors import get_council

from .engine import HEADINGS, Decision, Decisions, compare, decide, decide_young_person
from .facts import Facts, YoungPerson
from .journey import child_label, journey, to_facts
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
    return Results(
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
