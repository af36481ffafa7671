"""Reads of the directory: the search interface, pages, provision gaps and who may edit."""

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from kinship.accounts.models import OrganisationKind
from kinship.places.models import Council
from kinship.places.selectors import council_centroids, distance_km, neighbouring_councils

from . import cache, search
from .models import (
    KindOfSupport,
    LocalOffer,
    Organization,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceStatus,
    TaxonomyTerm,
)

STALE_AFTER_DAYS = 183  # "not checked for over 6 months"
NEIGHBOURS_KM = 60.0  # council centres this close are "nearby councils" (at least 3)
MAX_PAGE = 1000


@dataclass(frozen=True)
class DirectoryQuery:
    """A validated search: the search page's form and the benchmark build one of these."""

    council: Council | None = None
    centre: tuple[float, float] | None = None
    kind: str = ""
    term_id: str = ""
    arrangement: str = ""
    age: int | None = None
    words: str = ""
    # Neighbouring councils' services are shown only when the family asks for them.
    include_neighbours: bool = False
    # The national advice service has its own box on the page, so the list leaves it out.
    exclude_id: str = ""

    def index_query(self) -> search.IndexQuery:
        areas: tuple[str, ...] = ()
        neighbours: tuple[str, ...] = ()
        if self.council is not None:
            areas = (self.council.code,)
            if self.include_neighbours:
                neighbours = tuple(neighbouring_councils(self.council.code, NEIGHBOURS_KM))
        centre = self.centre
        if centre is None and self.council is not None:
            centre = council_centroids().get(self.council.code)
        return search.IndexQuery(
            area_codes=areas, home_council=self.council.code if self.council else "",
            centre=centre, kind=self.kind,
            arrangement="" if self.arrangement == "other_or_not_sure" else self.arrangement,
            age=self.age, words=tuple(search.words_to_tokens(self.words)),
            term_id=self.term_id, neighbours=neighbours, exclude_id=self.exclude_id,
        )


@dataclass
class ServiceHit:
    service: Service
    group: int
    distance_km: float | None
    reason: str = ""

    @property
    def is_local_offer(self) -> bool:
        return self.group == search.LOCAL_OFFER

    @property
    def is_national(self) -> bool:
        return self.group == search.NATIONAL_GROUP

    @property
    def is_neighbour(self) -> bool:
        return self.group == search.NEIGHBOUR

    @property
    def phone(self) -> str:
        phones = self.service.phones.all()
        return phones[0].number if phones else ""

    @property
    def stale(self) -> bool:
        return is_stale(self.service)


def _distance_phrase(service: Service, distance: float | None) -> str:
    if distance is None:
        return ""
    km = _("less than 1 km") if distance < 1 else _("%(km)d km") % {"km": round(distance)}
    places = [sal.location for sal in service.service_at_locations.all()
              if sal.location.location_type == "physical"]
    town = next((p.city or p.name for p in places if p.city or p.name), "")
    if town:
        return _("%(km)s away: in person in %(town)s") % {"km": km, "town": town}
    return _("%(km)s away") % {"km": km}


def why_shown(service: Service, group: int, home: Council | None, neighbours=(),
              distance: float | None = None) -> str:
    """Why a result is in the list, in the family's words ("covers Highland", "national",
    "12 km away: in person in Inverness")."""
    far = _distance_phrase(service, distance)
    if group == search.NATIONAL_GROUP or (home is None and service.is_national):
        return _("National: for families anywhere in Scotland")
    covered = [a.council for a in service.service_areas.all() if a.council_id]
    if group == search.LOCAL_OFFER and home is not None:
        reason = _("Covers %(council)s: the council's own kinship team") % {
            "council": home.name}
    elif group == search.NEIGHBOUR:
        near = sorted((c for c in covered if c.code in neighbours),
                      key=lambda c: list(neighbours).index(c.code))
        name = (near or covered)[0].name if (near or covered) else ""
        reason = _("Covers %(council)s, a nearby council, and takes families from other "
                   "areas") % {"council": name}
    elif home is not None and any(c.code == home.code for c in covered):
        reason = _("Covers %(council)s") % {"council": home.name}
    elif home is not None and service.council_id == home.code:
        reason = _("Based in %(council)s") % {"council": home.name}
    elif covered:
        reason = _("Covers %(places)s") % {"places": ", ".join(c.name for c in covered[:3])}
    else:
        reason = ""
    return "; ".join(p for p in (reason, far) if p)


@dataclass
class SearchPage:
    total: int
    number: int
    per_page: int
    hits: list[ServiceHit]

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    # The shape of Django's Page, for the shared pagination template.
    @property
    def paginator(self):
        return self

    @property
    def has_other_pages(self) -> bool:
        return self.num_pages > 1

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.hits else 0

    @property
    def end_index(self) -> int:
        return self.start_index + len(self.hits) - 1 if self.hits else 0


def service_queryset():
    return Service.objects.select_related("organization", "council").prefetch_related(
        Prefetch("taxonomy_terms", queryset=TaxonomyTerm.objects.select_related("parent")),
        "phones", "service_areas__council",
    )


def listing_queryset():
    """Just what a result in a list shows (name, summary, organisation, phone, dates, and
    the areas and places that say why it is shown): four queries for any number."""
    return Service.objects.select_related("organization").prefetch_related(
        "phones",
        Prefetch("service_areas", queryset=ServiceArea.objects.select_related("council")),
        Prefetch("service_at_locations",
                 queryset=ServiceAtLocation.objects.select_related("location")),
    )


def full_service_queryset():
    """Services with everything the ORUK "full" shape nests, in a stable order."""
    return Service.objects.select_related("organization").order_by("name", "id").prefetch_related(
        "organization__identifiers", "schedules", "service_areas__council", "languages",
        "cost_options", "contacts", "phones", "funding", "attributes",
        Prefetch("taxonomy_terms", queryset=TaxonomyTerm.objects.select_related("taxonomy")),
        Prefetch("service_at_locations",
                 queryset=ServiceAtLocation.objects.select_related("location")
                 .prefetch_related("location__accessibility", "location__addresses")),
    )


def search_directory(query: DirectoryQuery, page: int = 1, per_page: int = 20) -> SearchPage:
    """One page of results: the council's local offer and services covering the council,
    then national services, then (only when asked) neighbouring councils' services that take
    families from outside; each group by relevance and distance. Each hit says why."""
    page = min(max(1, page), MAX_PAGE)
    index_query = query.index_query()
    total, hits = search.ranked_ids(index_query, per_page, (page - 1) * per_page)
    if total and not hits:  # past the end: show the last page instead
        page = max(1, -(-total // per_page))
        total, hits = search.ranked_ids(index_query, per_page, (page - 1) * per_page)
    by_id = listed_services([uuid.UUID(h.service_id) for h in hits])
    results = []
    for hit in hits:
        service = by_id.get(uuid.UUID(hit.service_id))
        if service is None:
            continue
        distance = None
        centre = query.centre or index_query.centre
        if centre and service.latitude is not None and hit.group != search.NATIONAL_GROUP:
            distance = distance_km(centre[0], centre[1], service.latitude, service.longitude)
        reason = why_shown(service, hit.group, query.council, index_query.neighbours,
                           distance if query.centre else None)
        results.append(ServiceHit(service, hit.group, distance if query.centre else None,
                                  reason))
    return SearchPage(total=total, number=page, per_page=per_page, hits=results)


def is_stale(service: Service, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return service.last_checked is None or (today - service.last_checked).days > STALE_AFTER_DAYS


def stale_services(today: date | None = None):
    cutoff = (today or timezone.localdate()) - timedelta(days=STALE_AFTER_DAYS)
    return Service.objects.filter(
        Q(last_checked__lt=cutoff) | Q(last_checked__isnull=True),
        status=ServiceStatus.ACTIVE,
    ).select_related("organization__account_organisation")


def kind_terms() -> list[TaxonomyTerm]:
    return list(TaxonomyTerm.objects.filter(parent__isnull=True, code__in=KindOfSupport.values)
                .prefetch_related("children"))


def kind_choices() -> list[tuple[str, str | Promise]]:
    return [(k.value, k.label) for k in KindOfSupport]


def terms_by_kind(service: Service) -> dict[str, list[TaxonomyTerm]]:
    grouped: dict[str, list[TaxonomyTerm]] = {}
    for term in service.taxonomy_terms.all():
        grouped.setdefault(term.kind_code, [])
        if term.parent_id:
            grouped[term.kind_code].append(term)
    return grouped


def get_service(service_id) -> Service | None:
    try:
        key = uuid.UUID(str(service_id))
    except ValueError:
        return None
    return service_queryset().prefetch_related(
        "contacts", "schedules", "languages", "cost_options",
        "service_at_locations__location__accessibility",
    ).filter(pk=key).first()


def get_organization(org_id) -> Organization | None:
    try:
        key = uuid.UUID(str(org_id))
    except ValueError:
        return None
    return Organization.objects.filter(pk=key).first()


def listed_services(ids: list[uuid.UUID]) -> dict[uuid.UUID, Service]:
    """{id: service as a result in a list shows it}, kept between requests until the
    directory changes (see cache.py): the same services recur in every search of a council."""
    found = cache.get_many(
        [("listed", i) for i in ids],
        lambda keys: {("listed", pk): s for pk, s in
                      listing_queryset().in_bulk([k[1] for k in keys]).items()},
    )
    return {key[1]: service for key, service in found.items()}


def local_offer_service(council: Council) -> Service | None:
    return cache.get(("local_offer", council.code), lambda: listing_queryset().filter(
        council=council, is_local_offer=True).first())


def national_advice_service() -> Service | None:
    """The national advice service's own entry (shown on every search), kept until the
    directory changes."""
    return cache.get("national_advice", _national_advice_service)


def _national_advice_service() -> Service | None:
    # Looked up through its organisation, so the query never scans the services table.
    org_ids = list(Organization.objects.filter(
        account_organisation__kind=OrganisationKind.NATIONAL_ADVICE).values_list("pk", flat=True))
    if not org_ids:
        return None
    return (
        listing_queryset()
        .filter(organization_id__in=org_ids, is_national=True, status=ServiceStatus.ACTIVE)
        .order_by("-is_specialist_kinship_team", "name")
        .first()
    )


def get_local_offer(council: Council) -> LocalOffer | None:
    return LocalOffer.objects.select_related("team", "council").filter(council=council).first()


def local_offer_services_by_kind(council: Council) -> dict[str, list[Service]]:
    """The council's own services (its kinship team's), grouped by kind of support."""
    org_ids = list(Organization.objects.filter(account_organisation__home_council=council)
                   .values_list("pk", flat=True))
    services = service_queryset().filter(status=ServiceStatus.ACTIVE,
                                         organization_id__in=org_ids)
    grouped: dict[str, list[Service]] = {k.value: [] for k in KindOfSupport}
    for service in services:
        kinds = {t.kind_code for t in service.taxonomy_terms.all()}
        for kind in kinds:
            grouped.setdefault(kind, []).append(service)
    return grouped


# --- who may edit ---

def can_edit_service(user, service: Service) -> bool:
    """Only the owning organisation's staff edit a service (platform admins support them)."""
    return user.has_perm("directory.edit_service", service)


def can_edit_local_offer(user, council: Council) -> bool:
    """Only that council's own staff (its kinship team) edit its local offer."""
    return user.has_perm("directory.edit_local_offer", council)


def services_owned_by(account_organisation):
    return service_queryset().filter(organization__account_organisation=account_organisation)


# --- provision gaps ---

@dataclass
class GapRow:
    council: Council
    counts: dict[str, tuple[int, int]]  # kind -> (local, national)

    def total(self, kind: str) -> int:
        return sum(self.counts.get(kind, (0, 0)))

    def cells(self) -> list[tuple[str, int, int]]:
        return [(k.value, *self.counts.get(k.value, (0, 0))) for k in KindOfSupport]


def provision_gaps() -> list[GapRow]:
    """For each council and kind of support: active services covering the council locally,
    and national services (available everywhere)."""
    active = Q(service__status=ServiceStatus.ACTIVE)
    kind_of = {t.pk: t.code for t in TaxonomyTerm.objects.filter(
        parent__isnull=True, code__in=KindOfSupport.values)}
    national = dict.fromkeys(kind_of.values(), 0)
    for row in (Service.objects.filter(status=ServiceStatus.ACTIVE, is_national=True)
                .values("taxonomy_terms").annotate(n=Count("id"))):
        if row["taxonomy_terms"] in kind_of:
            national[kind_of[row["taxonomy_terms"]]] = row["n"]
    local: dict[tuple[str, str], int] = {}
    rows = (
        ServiceArea.objects.filter(active, council__isnull=False,
                                   service__taxonomy_terms__in=list(kind_of))
        .values("council_id", "service__taxonomy_terms")
        .annotate(n=Count("service", distinct=True))
    )
    for area in rows:
        local[(area["council_id"], kind_of[area["service__taxonomy_terms"]])] = area["n"]
    return [
        GapRow(council=c, counts={k: (local.get((c.code, k), 0), national.get(k, 0))
                                  for k in kind_of.values()})
        for c in Council.objects.order_by("name")
    ]


# --- partner feeds (staff page) ---


def feeds_for(user) -> list:
    """The feeds a person may manage (the platform administrator: all), each with its most
    recent pull as `last_pull` (None before the first)."""
    from django.db.models import OuterRef, Subquery

    from kinship.accounts.permissions import is_platform_admin

    from .models import FeedPull, PartnerFeed

    if not user.has_perm("directory.manage_feeds"):
        return []
    qs = PartnerFeed.objects.select_related("owner").order_by("owner__name", "url")
    if not is_platform_admin(user):
        qs = qs.filter(owner_id=user.organisation_id)
    latest = FeedPull.objects.filter(feed=OuterRef("pk")).order_by("-started_at", "-pk")
    feeds = list(qs.annotate(last_pull_id=Subquery(latest.values("pk")[:1])))
    pulls = FeedPull.objects.in_bulk([f.last_pull_id for f in feeds if f.last_pull_id])
    for feed in feeds:
        feed.last_pull = pulls.get(feed.last_pull_id)
    return feeds


def get_feed(feed_id):
    from .models import PartnerFeed

    try:
        return PartnerFeed.objects.select_related("owner").get(pk=int(feed_id))
    except (ValueError, TypeError, OverflowError, PartnerFeed.DoesNotExist):
        return None


def feed_pulls(feed, limit: int = 20) -> list:
    return list(feed.pulls.order_by("-started_at", "-pk")[:limit])
