"""Reads of referrals. Staff see only referrals their organisation sent or now receives."""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from kinship.accounts.models import Organisation
from kinship.accounts.selectors import alternatives_for, can_receive, staff_who_can_act
from kinship.directory.models import Service, ServiceArea, ServiceStatus
from kinship.families.models import Consent, ConsentScope, FamilyAccess, Household
from kinship.families.selectors import visible_households

from . import lifecycle
from .lifecycle import State
from .models import Referral, ReferralCount, ReferralEvent, Urgency
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


def sent_on(user) -> QuerySet[Referral]:
    """Referrals the user's organisation redirected elsewhere and no longer takes part in:
    its read-only "sent on" history (reference, where it went, its state; no family details)."""
    org_id = _org_id(user)
    if not org_id:
        return Referral.objects.none()
    redirected = ReferralEvent.objects.filter(
        organisation_id=org_id, action=lifecycle.Action.REDIRECT).values("referral_id")
    return (Referral.objects.filter(pk__in=redirected)
            .exclude(Q(to_organisation_id=org_id) | Q(from_organisation_id=org_id))
            .select_related("to_organisation").order_by("-updated_at"))


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
    """The inbox's rows, newest first (a page of it is read by `inbox_page`)."""
    now = now or timezone.now()
    qs = _box(user, filters.box)
    if filters.state in State.values:
        qs = qs.filter(state=filters.state)
    if filters.urgency in Urgency.values:
        qs = qs.filter(urgency=filters.urgency)
    if filters.overdue:
        # Overdue referrals are all undecided: saying so lets the partial index serve the page.
        qs = qs.filter(state__in=sorted(lifecycle.AWAITING_DECISION)).filter(overdue_filter(now))
    if filters.reference:
        qs = qs.filter(reference__icontains=filters.reference[:16])
    return (qs.select_related("from_organisation", "to_organisation", "to_service",
                              "owner_organisation")
            .order_by("-created_at", "-id"))


def _related_paths(tree, prefix: str = "") -> list[str]:
    """A queryset's select_related tree ({"a": {"b": {}}}) as the paths that rebuild it."""
    if not isinstance(tree, dict):
        return []
    paths = []
    for name, below in tree.items():
        path = f"{prefix}{name}"
        paths.extend(_related_paths(below, f"{path}__") or [path])
    return paths


class IdPaginator(Paginator):
    """Page-number pagination whose page costs the same at page 400 as at page 1: the page's
    ids are read first, by an index-only scan of the box's `(organisation, created_at, id)`
    index (skipping the earlier pages' index entries, not their rows), then only those rows
    are read with their organisations and service. Page-number links work as before."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        qs = cast(QuerySet, self.object_list)
        ids = list(qs.values_list("pk", flat=True)[bottom:top])
        related = _related_paths(qs.query.select_related)
        rows = {r.pk: r for r in qs.model.objects.filter(pk__in=ids).order_by()
                .select_related(*related)} if ids else {}
        return Page([rows[pk] for pk in ids if pk in rows], number, self)


def inbox_page(user, filters: InboxFilters, number, per_page: int, counts: dict):
    """One page of the inbox: two short queries whatever the page number (and a COUNT only
    for filters the kept counts do not answer)."""
    paginator = IdPaginator(inbox(user, filters), per_page)
    total = known_count(filters, counts)
    if total is not None:
        paginator.count = total  # a cached_property: the counts already hold it
    return paginator.get_page(number)


def inbox_counts(user, box: str, now: datetime | None = None) -> dict:
    """Counts by state, read from the counts the database keeps (`ReferralCount`, one short
    query), and the overdue count: the undecided count less the undecided referrals whose
    deadlines have not passed yet (a small, recent range of a partial index), which is exact
    because overdue referrals are all undecided (see `overdue_filter`)."""
    now = now or timezone.now()
    org_id = _org_id(user)
    counts = {s: 0 for s in State.values}
    if org_id:
        kept = ReferralCount.objects.filter(
            organisation_id=org_id, box="outgoing" if box == "outgoing" else "incoming")
        for state, n in kept.values_list("state", "n"):
            counts[state] = n
    counts["all"] = sum(counts.values())
    undecided = sum(counts[s] for s in lifecycle.AWAITING_DECISION)
    not_due = 0
    if undecided:
        not_due = (_box(user, box).filter(state__in=sorted(lifecycle.AWAITING_DECISION),
                                          decision_due_at__gte=now)
                   .filter(~Q(state__in=sorted(lifecycle.AWAITING_ACK))
                           | Q(ack_due_at__gte=now))
                   .order_by().count())
    counts["overdue"] = undecided - not_due
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


def _sees_whole_family(user, household_id: int) -> bool:
    """The family's record is open to the user's organisation (it holds it, or the family
    agreed to share it with them): then the family's other referrals are too."""
    return visible_households(user).filter(pk=household_id).exists()


def household_referrals(user, household_id: int) -> list[Referral]:
    """The family's referrals the user may know about: all of them if the family's record is
    open to their organisation, otherwise only those their organisation sent or receives."""
    qs = Referral.objects.filter(household_id=household_id)
    if not _sees_whole_family(user, household_id):
        org_id = _org_id(user)
        qs = qs.filter(Q(to_organisation_id=org_id) | Q(from_organisation_id=org_id))
    return list(qs.select_related("from_organisation", "to_organisation", "to_service")
                .order_by("-created_at"))


def team_around_family(user, household_id: int) -> list[TeamMember]:
    """Every organisation working with the family now: holding its record, having its consent
    to share, or handling one of its open referrals. Someone the family's record is not open
    to sees only the organisations on referrals their own organisation is a party to."""
    team: dict[int, TeamMember] = {}

    def add(org, why):
        team.setdefault(org.pk, TeamMember(org, [])).why.append(why)

    if _sees_whole_family(user, household_id):
        for access in (FamilyAccess.objects.filter(household_id=household_id,
                                                   ended_at__isnull=True)
                       .select_related("organisation")):
            add(access.organisation, "holds the family's record")
        for consent in (Consent.objects.filter(household_id=household_id,
                                               scope=ConsentScope.SHARE_WITH_ORGANISATION,
                                               withdrawn_at__isnull=True)
                        .select_related("organisation")):
            add(consent.organisation, "family agreed to share with them")
    for referral in household_referrals(user, household_id):
        if referral.state not in lifecycle.TERMINAL_STATES:
            add(referral.to_organisation, f"handling referral {referral.reference}")
    return sorted(team.values(), key=lambda m: m.organisation.name)


def service_choices(exclude_organisation_id: int | None = None, *, council_code: str = "",
                    kind: str = "", words: str = "") -> list[tuple[str, str]]:
    """Active services whose organisation takes referrals through Kinship Hub; narrowed, when
    asked, to those covering a council (or all Scotland), of a kind of support, or whose name
    or organisation's name has the words."""
    qs = (Service.objects.filter(status=ServiceStatus.ACTIVE,
                                 organization__account_organisation__isnull=False)
          .select_related("organization").order_by("organization__name", "name"))
    if exclude_organisation_id:
        qs = qs.exclude(organization__account_organisation_id=exclude_organisation_id)
    if council_code:
        # As Open Referral UK filters: by service area where a service has areas; one with
        # none is kept unless it is based in another council.
        areas = ServiceArea.objects.filter(service=OuterRef("pk"))
        qs = qs.filter(Q(is_national=True)
                       | Exists(areas.filter(Q(is_national=True) | Q(council_id=council_code)))
                       | (~Exists(areas) & (Q(council__isnull=True) | Q(council_id=council_code))))
    if kind:
        qs = qs.filter(Q(taxonomy_terms__code=kind)
                       | Q(taxonomy_terms__parent__code=kind)).distinct()
    for word in words.split()[:8]:
        qs = qs.filter(Q(name__icontains=word) | Q(organization__name__icontains=word))
    staffed = Exists(staff_who_can_act().filter(
        organisation_id=OuterRef("organization__account_organisation_id")))
    qs = qs.annotate(staffed=staffed)
    return [(str(s.pk), f"{s.organization.name}: {s.name}" + (
        "" if s.staffed else f" ({NO_ONE_LABEL})")) for s in qs[:2000]]


NO_ONE_LABEL = "no one to receive referrals yet"


@dataclass
class ReceiverGap:
    """The service's organisation has no one who can act on a referral: say so before
    sending, with where else to go."""

    organisation: Organisation
    alternatives: list[Organisation]


def receiver_gap(service_id, household_id: int | None = None) -> ReceiverGap | None:
    try:
        key = uuid.UUID(str(service_id))
    except ValueError:
        return None
    service = (Service.objects.select_related("organization__account_organisation")
               .filter(pk=key).first())
    org = service.organization.account_organisation if service else None
    if org is None or can_receive(org):
        return None
    council = (Household.objects.filter(pk=household_id).values_list("council_id", flat=True)
               .first() if household_id else None)
    return ReceiverGap(org, alternatives_for(org, council))


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


def referral_by_reference(reference: str) -> Referral | None:
    """The referral a family's (formatted) reference names, for the status page."""
    return (Referral.objects.select_related("from_organisation", "to_organisation", "to_service")
            .filter(reference=reference).first())


def family_status_rows(referral: Referral) -> list[tuple[str, str, str]]:
    """What the family sees about its referral: sent, where it is now, last change."""
    return [
        (gettext("Sent"), date_format(timezone.localtime(referral.created_at), "j F Y"), ""),
        (gettext("Where it is now"), family_status(referral), "status-text"),
        (gettext("Last change"), date_format(timezone.localtime(referral.updated_at), "j F Y"),
         ""),
    ]


def enquiry_referral_rows(enquiry) -> list[tuple[str, str, str]]:
    """For the enquiry's status page: the progress of each referral made from that enquiry
    (and only that enquiry), in the family's words."""
    referrals = (Referral.objects.filter(enquiry=enquiry)
                 .select_related("to_organisation", "from_organisation", "no_one_to_receive_at")
                 .order_by("created_at"))
    return [(gettext("Referral %(reference)s to %(organisation)s")
             % {"reference": r.reference, "organisation": r.to_organisation.name},
             family_status(r), f"referral-{r.reference}") for r in referrals]


NO_ONE_YET = ("Your referral is waiting for someone at {to} to take it on. We cannot yet say "
              "when they will reply: call the advice line below and quote your reference.")
PASSED_TO_NATIONAL = ("No one at {unstaffed} could take your referral yet, so {to} has it and "
                      "will find the right place for you. They should reply within {days} "
                      "working days.")


def family_status(referral: Referral) -> str:
    """Where the referral is, in plain words, for the family. A reply time is promised only
    when someone at the receiving organisation can act on it."""
    words = FAMILY_WORDS[referral.state]
    if referral.state in lifecycle.AWAITING_DECISION:
        if not can_receive(referral.to_organisation_id):
            words = NO_ONE_YET
        elif referral.no_one_to_receive_at_id and referral.state != State.ACKNOWLEDGED:
            words = PASSED_TO_NATIONAL
    unstaffed = getattr(referral.no_one_to_receive_at, "name", "")
    return words.format(to=referral.to_organisation.name, unstaffed=unstaffed,
                        sender=referral.from_organisation.name, days=ack_days())
