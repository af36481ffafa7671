"""Writes to the directory. Every write that changes what search sees refreshes the index."""

import uuid
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone

from kinship.audit.models import AuditAction
from kinship.audit.services import record
from kinship.places.models import Council
from kinship.places.postcodes import lookup_postcode

from . import search
from .models import (
    ARRANGEMENT_FIELDS,
    LocalOffer,
    LocalOfferVersion,
    Location,
    Organization,
    Phone,
    Service,
    ServiceArea,
    ServiceAtLocation,
    TaxonomyTerm,
)


def directory_organization_for(account_organisation) -> Organization:
    """The directory entry of one of our organisations, created on first use."""
    existing = Organization.objects.filter(account_organisation=account_organisation).first()
    if existing:
        return existing
    return Organization.objects.create(
        account_organisation=account_organisation,
        name=account_organisation.name,
        description=account_organisation.get_kind_display(),
        email=account_organisation.email,
        website=account_organisation.website,
    )


@dataclass
class ServiceDetails:
    """What an owner edits about a service (the staff form's cleaned data)."""

    name: str
    description: str = ""
    url: str = ""
    email: str = ""
    phone: str = ""
    status: str = "active"
    minimum_age: int | None = None
    maximum_age: int | None = None
    arrangements: list[str] = field(default_factory=list)
    term_codes: list[str] = field(default_factory=list)
    council_codes: list[str] = field(default_factory=list)
    is_national: bool = False
    is_specialist_kinship_team: bool = False
    postcode: str = ""
    address: str = ""


def _apply_terms(service: Service, term_codes: list[str]) -> None:
    """Link the chosen terms and the kinds they belong to (so a kind filter finds them)."""
    terms = list(TaxonomyTerm.objects.filter(code__in=term_codes))
    parents = [t.parent_id for t in terms if t.parent_id]
    # set() takes primary keys of any type; the stubs only allow int ones (ours are UUIDs).
    service.taxonomy_terms.set([t.pk for t in terms] + parents)  # type: ignore[arg-type]


def _apply_areas(service: Service, council_codes: list[str], is_national: bool) -> None:
    ServiceArea.objects.filter(service=service).delete()
    if is_national:
        ServiceArea.objects.create(service=service, is_national=True, name="Scotland")
        return
    councils = Council.objects.filter(code__in=council_codes)
    ServiceArea.objects.bulk_create(
        [ServiceArea(service=service, council=c, name=c.name) for c in councils]
    )


def _apply_location(service: Service, postcode: str, address: str) -> None:
    """One physical location from a postcode; only its district's centre is kept as lat/lon."""
    if not postcode:
        return
    place = lookup_postcode(postcode)
    lat, lon = place.centroid if place.ok and place.centroid else (None, None)
    link = service.service_at_locations.select_related("location").first()
    location = link.location if link else Location()
    location.address_1 = address
    location.postal_code = place.normalised or postcode
    location.latitude, location.longitude = lat, lon
    location.city = place.district.place if place.ok and place.district else ""
    location.name = address or location.postal_code
    location.save()
    if not link:
        ServiceAtLocation.objects.create(service=service, location=location)
    service.latitude, service.longitude = lat, lon
    if place.ok and service.council_id is None:
        service.council = place.council
    service.save(update_fields=["latitude", "longitude", "council", "last_modified"])


@transaction.atomic
def save_service(*, organization: Organization, details: ServiceDetails, actor=None,
                 service: Service | None = None, request=None) -> Service:
    creating = service is None
    service = service or Service(organization=organization)
    service.name = details.name
    service.description = details.description
    service.url = details.url
    service.email = details.email
    service.status = details.status
    service.minimum_age = details.minimum_age
    service.maximum_age = details.maximum_age
    service.is_national = details.is_national
    service.is_specialist_kinship_team = details.is_specialist_kinship_team
    for arrangement, flag in ARRANGEMENT_FIELDS.items():
        setattr(service, flag, arrangement in details.arrangements)
    if not details.is_national and details.council_codes and service.council_id is None:
        service.council_id = details.council_codes[0]
    service.last_checked = timezone.localdate()
    service.save()
    _apply_terms(service, details.term_codes)
    _apply_areas(service, details.council_codes, details.is_national)
    if details.phone:
        phone = service.phones.first() or Phone(service=service)
        phone.number = details.phone
        phone.save()
    else:
        service.phones.all().delete()
    _apply_location(service, details.postcode, details.address)
    search.refresh_index([service.pk])
    if actor is not None:
        record(actor=actor, action=AuditAction.CREATE if creating else AuditAction.CHANGE,
               obj=service, purpose="directory entry", request=request)
    return service


def mark_checked(service: Service, *, actor=None, request=None, on: date | None = None) -> None:
    service.last_checked = on or timezone.localdate()
    service.save(update_fields=["last_checked", "last_modified"])
    if actor is not None:
        record(actor=actor, action=AuditAction.CHANGE, obj=service, request=request,
               purpose="marked as checked")


@transaction.atomic
def publish_local_offer(*, council: Council, introduction: str, by_kind: dict[str, str],
                        change_note: str = "", actor=None, team=None,
                        request=None) -> LocalOfferVersion:
    """Publish a new version of a council's local offer (earlier versions stay as they were)."""
    offer, _ = LocalOffer.objects.select_for_update().get_or_create(
        council=council, defaults={"team": team}
    )
    if team is not None and offer.team_id is None:
        offer.team = team
        offer.save(update_fields=["team"])
    last = offer.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = LocalOfferVersion.objects.create(
        offer=offer, number=last + 1, introduction=introduction,
        by_kind={k: v for k, v in by_kind.items() if v}, change_note=change_note,
        published_by=(actor.organisation.name if actor is not None and actor.organisation
                      else (offer.team.name if offer.team is not None else "Kinship Hub")),
    )
    if actor is not None:
        record(actor=actor, action=AuditAction.CHANGE, obj=offer, request=request,
               purpose="published local offer", details={"version": version.number})
    return version


@dataclass
class NewService:
    """A service for bulk creation (demo data, benchmark, tests)."""

    organization_id: str | uuid.UUID
    name: str
    description: str
    term_ids: list
    council_codes: list[str] = field(default_factory=list)
    is_national: bool = False
    latitude: float | None = None
    longitude: float | None = None
    postcode: str = ""
    town: str = ""
    minimum_age: int | None = None
    maximum_age: int | None = None
    arrangements: tuple[str, ...] = tuple(ARRANGEMENT_FIELDS)
    is_local_offer: bool = False
    is_specialist_kinship_team: bool = False
    last_checked: date | None = None
    url: str = ""
    email: str = ""
    phone: str = ""
    is_demo: bool = True


@transaction.atomic
def bulk_create_services(items: list[NewService], *, refresh: bool = True,
                         batch_size: int = 2000) -> list:
    """Insert many services with their areas, terms, location and phone in a few queries."""
    services, areas, locations, sals, phones = [], [], [], [], []
    links: list = []
    through = Service.taxonomy_terms.through
    for item in items:
        service = Service(
            organization_id=item.organization_id, name=item.name, description=item.description,
            url=item.url, email=item.email, minimum_age=item.minimum_age,
            maximum_age=item.maximum_age, is_national=item.is_national,
            is_local_offer=item.is_local_offer,
            is_specialist_kinship_team=item.is_specialist_kinship_team,
            council_id=(None if item.is_national or not item.council_codes
                        else item.council_codes[0]),
            latitude=item.latitude, longitude=item.longitude, last_checked=item.last_checked,
            is_demo=item.is_demo,
            **{flag: a in item.arrangements for a, flag in ARRANGEMENT_FIELDS.items()},
        )
        services.append(service)
        if item.is_national:
            areas.append(ServiceArea(service=service, is_national=True, name="Scotland"))
        areas.extend(ServiceArea(service=service, council_id=code) for code in
                     ([] if item.is_national else item.council_codes))
        links.extend(through(service_id=service.pk, taxonomyterm_id=t) for t in item.term_ids)
        if item.postcode or item.latitude is not None:
            location = Location(name=item.town or item.postcode, postal_code=item.postcode,
                                city=item.town, latitude=item.latitude,
                                longitude=item.longitude)
            locations.append(location)
            sals.append(ServiceAtLocation(service=service, location=location))
        if item.phone:
            phones.append(Phone(service=service, number=item.phone))
    Service.objects.bulk_create(services, batch_size=batch_size)
    ServiceArea.objects.bulk_create(areas, batch_size=batch_size)
    through.objects.bulk_create(links, batch_size=batch_size, ignore_conflicts=True)
    Location.objects.bulk_create(locations, batch_size=batch_size)
    ServiceAtLocation.objects.bulk_create(sals, batch_size=batch_size)
    Phone.objects.bulk_create(phones, batch_size=batch_size)
    if refresh:
        search.refresh_index([s.pk for s in services])
    return [s.pk for s in services]
