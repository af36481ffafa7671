"""Reads of referrals. Staff see only referrals their organisation sent or now receives."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from kinship.accounts.models import Organisation
from kinship.directory.models import Service, ServiceStatus
from kinship.families.models import Consent, ConsentScope, FamilyAccess, Household
from kinship.families.selectors import visible_households

from . import lifecycle
from .lifecycle import State
from .models import Referral, ReferralEvent, Urgency
from .services import ack_days, overdue_filter, parties_of

BOXES = ("incoming", "outgoing")


def _org_id(user) -> int | None:
    return getattr(user, "organisation_id", None) if getattr(user, "is_authenticated",
                                                             False) else None


def visible_referrals(user) -> QuerySet[Referral]:
    org_id = _org_id(user)
    if not org_id:
        return Referral.objects.none()
    return Referral.objects.filter(Q(to_organisation_id=org_id) | Q(from_organisation_id=org_id))


@dataclass
class InboxFilters:
    box: str = "incoming"
    state: str = ""
    urgency: str = ""
    overdue: bool = False
    reference: str = ""


def _box(user, box: str) -> QuerySet[Referral]:
    org_id = _org_id(user)
    if not org_id:
        return Referral.objects.none()
    if box == "outgoing":
        return Referral.objects.filter(from_organisation_id=org_id)
    return Referral.objects.filter(to_organisation_id=org_id)


def inbox(user, filters: InboxFilters, now: datetime | None = None) -> QuerySet[Referral]:
    """One page of the inbox is one query, whatever the number of rows."""
    now = now or timezone.now()
    qs = _box(user, filters.box)
    if filters.state in State.values:
        qs = qs.filter(state=filters.state)
    if filters.urgency in Urgency.values:
        qs = qs.filter(urgency=filters.urgency)
    if filters.overdue:
        qs = qs.filter(overdue_filter(now))
    if filters.reference:
        qs = qs.filter(reference__icontains=filters.reference[:16])
    return (qs.select_related("from_organisation", "to_organisation", "to_service",
                              "owner_organisation")
            .order_by("-created_at", "-id"))


def inbox_counts(user, box: str, now: datetime | None = None) -> dict:
    """Counts by state (one GROUP BY over the organisation's index) and overdue (only among
    undecided referrals, a small share): two queries whatever the size of the box."""
    now = now or timezone.now()
    qs = _box(user, box)
    counts = {s: 0 for s in State.values}
    for row in qs.order_by().values("state").annotate(n=Count("pk")):
        counts[row["state"]] = row["n"]
    counts["all"] = sum(counts.values())
    counts["overdue"] = (qs.filter(state__in=lifecycle.AWAITING_DECISION)
                         .filter(overdue_filter(now)).order_by().count())
    return counts


def known_count(filters: InboxFilters, counts: dict) -> int | None:
    """The number of rows the filters select, when the counts already say (saves a COUNT)."""
    if filters.urgency or filters.reference:
        return None
    if filters.overdue:
        return None if filters.state else counts["overdue"]
    return counts.get(filters.state, 0) if filters.state else counts["all"]


def get_referral(user, pk) -> Referral | None:
    """The referral if the user's organisation is a party to it; None otherwise (the caller
    audits the refusal)."""
    try:
        key = uuid.UUID(str(pk))
    except ValueError:
        return None
    referral = (Referral.objects.select_related(
        "from_organisation", "to_organisation", "owner_organisation",
        "to_service__organization", "household__council", "created_by")
        .filter(pk=key).first())
    org_id = _org_id(user)
    if referral is None or org_id not in (referral.to_organisation_id,
                                          referral.from_organisation_id):
        return None
    return referral


def allowed_actions(user, referral: Referral) -> list[str]:
    return lifecycle.allowed_actions(referral.state, parties_of(user, referral))


def events(referral: Referral) -> list[ReferralEvent]:
    return list(ReferralEvent.objects.filter(referral=referral).order_by("sequence"))


def household_visible_to(user, referral: Referral) -> Household | None:
    """The household's record, only if the user's organisation may open it (consent)."""
    return (visible_households(user).filter(pk=referral.household_id)
            .prefetch_related("carers", "children").first())


@dataclass
class TeamMember:
    organisation: Organisation
    why: list[str]


def team_around_family(household_id: int) -> list[TeamMember]:
    """Every organisation working with the family now: holding its record, having its consent
    to share, or handling one of its open referrals."""
    team: dict[int, TeamMember] = {}

    def add(org, why):
        team.setdefault(org.pk, TeamMember(org, [])).why.append(why)

    for access in (FamilyAccess.objects.filter(household_id=household_id, ended_at__isnull=True)
                   .select_related("organisation")):
        add(access.organisation, "holds the family's record")
    for consent in (Consent.objects.filter(household_id=household_id,
                                           scope=ConsentScope.SHARE_WITH_ORGANISATION,
                                           withdrawn_at__isnull=True)
                    .select_related("organisation")):
        add(consent.organisation, "family agreed to share with them")
    for referral in (Referral.objects.filter(household_id=household_id)
                     .exclude(state__in=lifecycle.TERMINAL_STATES)
                     .select_related("to_organisation")):
        add(referral.to_organisation, f"handling referral {referral.reference}")
    return sorted(team.values(), key=lambda m: m.organisation.name)


def household_referrals(household_id: int) -> list[Referral]:
    return list(Referral.objects.filter(household_id=household_id)
                .select_related("from_organisation", "to_organisation", "to_service")
                .order_by("-created_at"))


def service_choices(exclude_organisation_id: int | None = None) -> list[tuple[str, str]]:
    """Active services whose organisation takes referrals through Kinship Hub."""
    qs = (Service.objects.filter(status=ServiceStatus.ACTIVE,
                                 organization__account_organisation__isnull=False)
          .select_related("organization").order_by("organization__name", "name"))
    if exclude_organisation_id:
        qs = qs.exclude(organization__account_organisation_id=exclude_organisation_id)
    return [(str(s.pk), f"{s.organization.name}: {s.name}") for s in qs[:2000]]


FAMILY_WORDS: dict[str, str] = {
    State.SENT: "{to} has your referral. They should reply within {days} working "
               "days.",
    State.ACKNOWLEDGED: "{to} has seen your referral and is deciding how to help.",
    State.ACCEPTED: "{to} has agreed to help and will be in touch.",
    State.IN_PROGRESS: "{to} is working with you.",
    State.COMPLETED: "{to} has finished their work on this referral.",
    State.DECLINED: "{to} cannot help with this. {sender} is finding the right place for "
                    "you and will be in touch.",
    State.REDIRECTED: "Your referral has been passed to {to}, who can help better. You will "
                      "not need to tell your story again.",
    State.CLOSED: "{sender} has closed this referral.",
}


def family_status(referral: Referral) -> str:
    """Where the referral is, in plain words, for the family."""
    return FAMILY_WORDS[referral.state].format(to=referral.to_organisation.name,
                                               sender=referral.from_organisation.name,
                                               days=ack_days())
