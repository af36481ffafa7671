"""Importing an Open Referral UK 3.0 feed: a JSON file (one service, a list of services, or
a paged list envelope) or a paged API base URL.

Each record is checked, then written in its own savepoint: a bad record is rejected with a
reason and changes nothing, good records around it still land, and nothing already stored
is deleted. Records are matched by their ORUK id, so re-importing updates and never
duplicates; an identical record is reported unchanged without a write."""

import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from urllib.parse import urlencode, urlparse

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime, parse_time

from kinship.places.models import Council

from .. import search
from ..fetch import fetch
from ..models import (
    Accessibility,
    Address,
    Attribute,
    Contact,
    CostOption,
    Funding,
    Language,
    Location,
    Organization,
    OrganizationIdentifier,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceStatus,
    Taxonomy,
    TaxonomyTerm,
)

MAX_FEED_BYTES = 100 * 1024 * 1024
MAX_PAGES = 10_000


class Rejected(Exception):
    """A record that cannot be imported; the message is the reason shown in the report."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"created: {self.created}", f"updated: {self.updated}",
               f"unchanged: {self.unchanged}", f"rejected: {len(self.rejected)}"]
        out += [f"  - {ref}: {reason}" for ref, reason in self.rejected]
        return out


# --- reading feeds ---

def records_from_document(document) -> list:
    if isinstance(document, list):
        return document
    if isinstance(document, dict) and isinstance(document.get("contents"), list):
        return document["contents"]
    if isinstance(document, dict):
        return [document]
    raise Rejected("the feed is not a JSON object or list")


def _fetch_json(url: str):
    # Through the SSRF guard (..fetch): https only, public addresses only, every redirect
    # re-checked, size and time limits from settings.PARTNER_FEED_FETCH.
    return json.loads(fetch(url))


def records_from_api(base_url: str, per_page: int = 100) -> Iterator:
    """Every service of a paged ORUK API, each fetched in full from /services/{id}."""
    base = base_url.rstrip("/")
    for page in range(1, MAX_PAGES + 1):
        listing = _fetch_json(f"{base}/services?{urlencode({'page': page, 'per_page': per_page})}")
        for item in listing.get("contents", []):
            try:
                yield _fetch_json(f"{base}/services/{uuid.UUID(str(item.get('id')))}")
            except (ValueError, OSError, Rejected) as error:
                yield {"_fetch_error": str(error), "id": item.get("id")}
        if listing.get("last_page", True) or not listing.get("contents"):
            return


def read_source(source: str) -> Iterable:
    if source.startswith(("http://", "https://")):
        if urlparse(source).path.endswith(".json"):
            return records_from_document(_fetch_json(source))  # one published document
        return records_from_api(source)
    path = Path(source)
    if path.stat().st_size > MAX_FEED_BYTES:
        raise Rejected("the feed is larger than 100 MB")
    return records_from_document(json.loads(path.read_text(encoding="utf-8")))


# --- checking one record ---

_url = URLValidator(schemes=["http", "https"])
_email = EmailValidator()


def _text(record: dict, key: str, limit: int, required: bool = False) -> str:
    value = record.get(key)
    if value is None:
        if required:
            raise Rejected(f"{key} is missing")
        return ""
    if not isinstance(value, str):
        raise Rejected(f"{key} must be text")
    value = value.strip()
    if required and not value:
        raise Rejected(f"{key} is empty")
    if len(value) > limit:
        raise Rejected(f"{key} is longer than {limit} characters")
    return value


def _uuid(value, what: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except (ValueError, TypeError):
        raise Rejected(f"{what} {str(value)[:60]!r} is not a UUID") from None


def _checked(value: str, validator, what: str) -> str:
    if value:
        try:
            validator(value)
        except ValidationError:
            raise Rejected(f"{what} {value[:80]!r} is not valid") from None
    return value


def _age(record: dict, key: str) -> int | None:
    value = record.get(key)
    if value is None or value == "":
        return None
    try:
        age = int(float(value))
    except (TypeError, ValueError):
        raise Rejected(f"{key} must be a number") from None
    if not 0 <= age <= 120:
        raise Rejected(f"{key} must be between 0 and 120")
    return age


def _date(value, what: str) -> date | None:
    if not value:
        return None
    try:
        parsed = parse_date(str(value)[:10])
    except ValueError:
        parsed = None
    if parsed is None:
        raise Rejected(f"{what} {str(value)[:30]!r} is not a date")
    return parsed


def _datetime(value):
    if not value:
        return None
    try:
        parsed = parse_datetime(str(value).replace(" ", "T"))
    except ValueError:
        parsed = None
    if parsed is None:
        raise Rejected(f"{str(value)[:40]!r} is not a date-time")
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed, UTC)


def _time(value) -> time | None:
    try:
        return parse_time(str(value)) if value else None
    except ValueError:
        return None


def _coordinate(value, limit: float) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    # Out-of-range coordinates (as in the standard's own example) are dropped, not trusted.
    return number if -limit <= number <= limit else None


def fingerprint(record: dict) -> str:
    canonical = json.dumps(record, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass
class CheckedService:
    id: uuid.UUID
    fields: dict
    organization: dict
    record: dict


class Problems:
    """Every problem found in one record, each with its JSON path."""

    def __init__(self):
        self.items: list[str] = []

    def check(self, path: str, check, *args, default=None):
        try:
            return check(*args)
        except Rejected as error:
            self.items.append(f"{path}: {error}")
            return default

    def add(self, path: str, message: str) -> None:
        self.items.append(f"{path}: {message}")

    def raise_any(self) -> None:
        if self.items:
            raise Rejected("; ".join(self.items))


# Services whose feed names no organisation (the standard allows it) are kept under this one.
NO_ORGANIZATION_ID = uuid.UUID("6b0f5f0e-2a9c-4d67-9b43-0c8e5d7a1f00")
NO_ORGANIZATION_NAME = "Organisation not named in the feed"


def check_service(record, path: str = "$") -> CheckedService:
    if not isinstance(record, dict):
        raise Rejected(f"{path}: the record is not a JSON object")
    if "_fetch_error" in record:
        raise Rejected(f"could not fetch it: {record['_fetch_error']}")
    p = Problems()
    service_id = p.check(f"{path}.id", _uuid, record.get("id"), "id")
    status = record.get("status") or ServiceStatus.ACTIVE
    if status not in ServiceStatus.values:
        p.add(f"{path}.status", f"status {str(status)[:40]!r} is not one of "
                                f"{ServiceStatus.values}")

    def text(key, limit, required=False):
        return p.check(f"{path}.{key}", _text, record, key, limit, required, default="")

    def checked(key, limit, validator):
        return p.check(f"{path}.{key}", _checked, text(key, limit), validator, key,
                       default="")

    fields = {
        "name": text("name", 300, required=True),
        "description": text("description", 20_000),
        "url": checked("url", 500, _url),
        "email": checked("email", 254, _email),
        "status": status,
        "fees_description": text("fees", 5000),
        "accreditations": text("accreditations", 5000),
        "alert": text("alert", 5000),
        "minimum_age": p.check(f"{path}.minimum_age", _age, record, "minimum_age"),
        "maximum_age": p.check(f"{path}.maximum_age", _age, record, "maximum_age"),
        "last_checked": p.check(f"{path}.assured_date", _date, record.get("assured_date"),
                                "assured_date"),
        "assurer_email": checked("assurer_email", 254, _email),
        "source_last_modified": p.check(f"{path}.last_modified", _datetime,
                                        record.get("last_modified")),
    }
    if (fields["minimum_age"] is not None and fields["maximum_age"] is not None
            and fields["minimum_age"] > fields["maximum_age"]):
        p.add(f"{path}.minimum_age", "minimum_age is more than maximum_age")
    organization = record.get("organization")
    if organization is None and record.get("organization_id"):
        org_id = p.check(f"{path}.organization_id", _uuid, record["organization_id"],
                         "organization_id")
        if org_id and not Organization.objects.filter(pk=org_id).exists():
            p.add(f"{path}.organization_id",
                  f"organization {org_id} is neither in the record nor stored")
        organization = {"id": org_id}
    elif organization is None:
        # The standard lets a service name no organisation.
        organization = {"id": NO_ORGANIZATION_ID, "name": NO_ORGANIZATION_NAME,
                        "_placeholder": True}
    if not isinstance(organization, dict):
        p.add(f"{path}.organization", "must be an object")
        organization = {}
    elif not organization.get("_placeholder") and "id" in organization \
            and not isinstance(organization["id"], uuid.UUID):
        organization = {**organization, "id": p.check(f"{path}.organization.id", _uuid,
                                                      organization.get("id"),
                                                      "organization.id")}
        if "name" in organization:
            organization["name"] = p.check(f"{path}.organization.name", _text, organization,
                                           "name", 300, True, default="")
    elif "id" not in organization:
        p.add(f"{path}.organization.id", "missing")
    _check_children(record, path, p)
    p.raise_any()
    return CheckedService(service_id, fields, organization, record)


def _check_items(record: dict, key: str, path: str, p: Problems) -> list[tuple[str, dict]]:
    value = record.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        p.add(f"{path}.{key}", "must be a list")
        return []
    out = []
    for i, item in enumerate(value):
        where = f"{path}.{key}[{i}]"
        if not isinstance(item, dict):
            p.add(where, "must be an object")
            continue
        p.check(f"{where}.id", _uuid, item.get("id"), f"{key[:-1]}.id")
        out.append((where, item))
    return out


def _check_location(loc: dict, where: str, p: Problems) -> None:
    p.check(f"{where}.id", _uuid, loc.get("id"), "location.id")
    for a_where, address in _check_items(loc, "addresses", where, p):
        for key in ("address_1", "city", "postal_code"):
            p.check(f"{a_where}.{key}", _text, address, key, 300)
    for a_where, access in _check_items(loc, "accessibility", where, p):
        p.check(f"{a_where}.url", _checked, str(access.get("url") or ""), _url,
                "accessibility.url")


def _check_children(record: dict, path: str, p: Problems) -> None:
    """The nested records' problems, before anything is written."""
    for where, s in _check_items(record, "schedules", path, p):
        for key in ("valid_from", "valid_to", "dtstart"):
            p.check(f"{where}.{key}", _date, s.get(key), f"schedule.{key}")
        p.check(f"{where}.schedule_link", _checked, str(s.get("schedule_link") or ""), _url,
                "schedule.schedule_link")
    for where, a in _check_items(record, "service_areas", path, p):
        p.check(f"{where}.uri", _checked, str(a.get("uri") or ""), _url, "service_area.uri")
    for where, sal in _check_items(record, "service_at_locations", path, p):
        if isinstance(sal.get("location"), dict):
            _check_location(sal["location"], f"{where}.location", p)
    for where, c in _check_items(record, "cost_options", path, p):
        if c.get("amount") is not None:
            try:
                Decimal(str(c["amount"]))
            except InvalidOperation:
                p.add(f"{where}.amount", "cost_option.amount is not a number")
        for key in ("valid_from", "valid_to"):
            p.check(f"{where}.{key}", _date, c.get(key), f"cost_option.{key}")
    for key in ("languages", "contacts", "phones", "funding", "attributes"):
        for where, item in _check_items(record, key, path, p):
            if key == "attributes" and item.get("taxonomy_term_id") is not None:
                p.check(f"{where}.taxonomy_term_id", _uuid, item["taxonomy_term_id"],
                        "attribute.taxonomy_term_id")


# --- writing one record ---

def _save_organization(data: dict) -> Organization:
    if data.get("_placeholder"):
        org, _ = Organization.objects.get_or_create(pk=data["id"],
                                                    defaults={"name": data["name"]})
        return org
    existing = Organization.objects.filter(pk=data["id"]).first()
    if set(data) == {"id"}:
        return existing
    if existing is not None and existing.account_organisation_id:
        return existing  # one of ours: its own staff keep it, a feed does not
    values = {
        "name": data["name"],
        "description": _text(data, "description", 20_000),
        "email": _checked(_text(data, "email", 254), _email, "organization.email"),
        "website": _checked(_text(data, "website", 500), _url, "organization.website"),
        "logo": _checked(_text(data, "logo", 500), _url, "organization.logo"),
        "uri": _checked(_text(data, "uri", 500), _url, "organization.uri"),
        "parent_organization_id": _uuid(data["parent_organization_id"], "parent_organization_id")
        if data.get("parent_organization_id") else None,
    }
    org, _ = Organization.objects.update_or_create(pk=data["id"], defaults=values)
    identifiers = data.get("organization_identifiers")
    if isinstance(identifiers, list):
        org.identifiers.all().delete()
        for item in identifiers:
            if isinstance(item, dict) and item.get("identifier"):
                OrganizationIdentifier.objects.create(
                    id=_uuid(item.get("id"), "organization_identifier.id"), organization=org,
                    identifier_scheme=_text(item, "identifier_scheme", 100),
                    identifier_type=_text(item, "identifier_type", 200),
                    identifier=_text(item, "identifier", 200))
    return org


def _items(record: dict, key: str) -> list[dict]:
    value = record.get(key)
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _council_for(area: dict) -> Council | None:
    for key in ("service_area", "name", "extent"):
        text = str(area.get(key) or "").strip()
        if not text:
            continue
        council = (Council.objects.filter(code=text).first()
                   or Council.objects.filter(name__iexact=text).first())
        if council:
            return council
    return None


def _save_location(loc: dict) -> Location:
    """Create or update a location (and its accessibility) from an ORUK location record."""
    address = (_items(loc, "addresses") or [{}])[0]
    location, _ = Location.objects.update_or_create(
        pk=_uuid(loc.get("id"), "location.id"),
        defaults={
            "location_type": loc.get("location_type")
            if loc.get("location_type") in ("physical", "postal", "virtual")
            else "physical",
            "name": _text(loc, "name", 300),
            "description": _text(loc, "description", 5000),
            "latitude": _coordinate(loc.get("latitude"), 90),
            "longitude": _coordinate(loc.get("longitude"), 180),
            "external_identifier": _text(loc, "external_identifier", 100),
            "external_identifier_type": _text(loc, "external_identifier_type", 40),
            "address_1": _text(address, "address_1", 300),
            "city": _text(address, "city", 100),
            "region": _text(address, "region", 100),
            "postal_code": _text(address, "postal_code", 20),
            "country": (_text(address, "country", 2) or "GB")[:2],
        },
    )
    if "accessibility" in loc:
        location.accessibility.all().delete()
        for a in _items(loc, "accessibility"):
            Accessibility.objects.create(
                id=_uuid(a.get("id"), "accessibility.id"), location=location,
                description=_text(a, "description", 5000),
                details=_text(a, "details", 5000),
                url=_checked(_text(a, "url", 500), _url, "accessibility.url"),
                accessibility=_text(a, "accessibility", 5000))
    if "addresses" in loc:
        # Every address, as given; the first also fills the location's own fields.
        location.addresses.all().delete()
        Address.objects.bulk_create([
            Address(id=_uuid(a.get("id"), "address.id"), location=location, position=i,
                    attention=_text(a, "attention", 300), address_1=_text(a, "address_1", 300),
                    city=_text(a, "city", 100), region=_text(a, "region", 100),
                    state_province=_text(a, "state_province", 100),
                    postal_code=_text(a, "postal_code", 20),
                    country=_text(a, "country", 2)[:2],
                    address_type=_text(a, "address_type", 20))
            for i, a in enumerate(_items(loc, "addresses"))])
        first = location.addresses.first()
        if first is not None and location.address_id != first.id:
            location.address_id = first.id
            location.save(update_fields=["address_id"])
    return location


def _save_children(service: Service, record: dict) -> None:
    """Replace the service's nested records with the feed's (only keys the feed includes)."""
    if "schedules" in record:
        service.schedules.all().delete()
        for s in _items(record, "schedules"):
            Schedule.objects.create(
                id=_uuid(s.get("id"), "schedule.id"), service=service,
                valid_from=_date(s.get("valid_from"), "schedule.valid_from"),
                valid_to=_date(s.get("valid_to"), "schedule.valid_to"),
                dtstart=_date(s.get("dtstart"), "schedule.dtstart"),
                bymonthday=_text(s, "bymonthday", 100),
                schedule_link=_checked(_text(s, "schedule_link", 500), _url,
                                       "schedule.schedule_link"),
                freq=s.get("freq") if s.get("freq") in Schedule.Freq.values else "",
                interval=_age(s, "interval"), byday=_text(s, "byday", 40),
                opens_at=_time(s.get("opens_at")), closes_at=_time(s.get("closes_at")),
                description=_text(s, "description", 5000),
                attending_type=_text(s, "attending_type", 300), notes=_text(s, "notes", 5000))
    if "service_areas" in record:
        service.service_areas.all().delete()
        for a in _items(record, "service_areas"):
            council = _council_for(a)
            national = str(a.get("service_area", "")).lower() in ("national", "scotland")
            ServiceArea.objects.create(
                id=_uuid(a.get("id"), "service_area.id"), service=service, council=council,
                is_national=national, name=_text(a, "name", 300),
                extent=_text(a, "extent", 20_000), extent_type=_text(a, "extent_type", 40),
                uri=_checked(_text(a, "uri", 500), _url, "service_area.uri"))
        service.is_national = service.service_areas.filter(is_national=True).exists()
    if "service_at_locations" in record:
        service.service_at_locations.all().delete()
        for sal in _items(record, "service_at_locations"):
            loc = sal.get("location") if isinstance(sal.get("location"), dict) else None
            if loc is None:
                continue
            location = _save_location(loc)
            ServiceAtLocation.objects.create(
                id=_uuid(sal.get("id"), "service_at_location.id"), service=service,
                location=location)
            if service.latitude is None and location.latitude is not None:
                service.latitude, service.longitude = location.latitude, location.longitude
    if "languages" in record:
        service.languages.all().delete()
        for lang in _items(record, "languages"):
            Language.objects.create(id=_uuid(lang.get("id"), "language.id"), service=service,
                                    name=_text(lang, "name", 100),
                                    code=_text(lang, "code", 10), note=_text(lang, "note", 300))
    if "cost_options" in record:
        service.cost_options.all().delete()
        for c in _items(record, "cost_options"):
            try:
                amount = Decimal(str(c["amount"])) if c.get("amount") is not None else None
            except InvalidOperation:
                raise Rejected("cost_option.amount is not a number") from None
            CostOption.objects.create(
                id=_uuid(c.get("id"), "cost_option.id"), service=service,
                valid_from=_date(c.get("valid_from"), "cost_option.valid_from"),
                valid_to=_date(c.get("valid_to"), "cost_option.valid_to"),
                option=_text(c, "option", 300), amount=amount,
                amount_description=_text(c, "amount_description", 300))
    if "contacts" in record:
        service.contacts.all().delete()
        for c in _items(record, "contacts"):
            Contact.objects.create(id=_uuid(c.get("id"), "contact.id"), service=service,
                                   name=_text(c, "name", 200), title=_text(c, "title", 200))
    if "phones" in record:
        service.phones.all().delete()
        for p in _items(record, "phones"):
            if p.get("number"):
                Phone.objects.create(id=_uuid(p.get("id"), "phone.id"), service=service,
                                     number=_text(p, "number", 40),
                                     description=_text(p, "description", 300))
    if "funding" in record:
        service.funding.all().delete()
        Funding.objects.bulk_create([
            Funding(id=_uuid(f.get("id"), "funding.id"), service=service,
                    source=_text(f, "source", 5000))
            for f in _items(record, "funding")])
    if "attributes" in record:
        _save_attributes(service, _items(record, "attributes"))


def _save_attributes(service: Service, attributes: list[dict]) -> None:
    """Link the service to each attribute's term, importing a term the feed includes but we
    do not have yet, and keep the attribute's own id and link type."""
    service.attributes.all().delete()
    terms, given = [], []
    for a in attributes:
        nested = a.get("taxonomy_term") if isinstance(a.get("taxonomy_term"), dict) else None
        term_id = a.get("taxonomy_term_id") or (nested or {}).get("id")
        if not term_id:
            continue
        term_id = _uuid(term_id, "attribute.taxonomy_term_id")
        if nested is not None and not TaxonomyTerm.objects.filter(pk=term_id).exists():
            _import_term({**nested, "id": str(term_id)}, "$.attributes.taxonomy_term")
        if TaxonomyTerm.objects.filter(pk=term_id).exists():
            terms.append(term_id)
            given.append(Attribute(id=_uuid(a.get("id"), "attribute.id"), service=service,
                                   taxonomy_term_id=term_id,
                                   link_type=_text(a, "link_type", 100)))
    service.taxonomy_terms.set(terms)
    Attribute.objects.filter(pk__in=[g.id for g in given]).delete()
    Attribute.objects.bulk_create(given)


def record_type(record) -> str:
    """Which ORUK 3.0 document a record is: organization (perhaps with its services),
    service_at_location, location, taxonomy, taxonomy_term or (by default) service."""
    if not isinstance(record, dict):
        return "service"
    keys = set(record)
    if isinstance(record.get("service"), dict) or "location_id" in keys \
            or (isinstance(record.get("location"), dict) and "name" not in keys):
        return "service_at_location"
    if keys & {"status", "service_areas", "service_at_locations", "organization",
               "organization_id", "schedules"}:
        return "service"
    if keys & {"services", "organization_identifiers", "website", "logo",
               "parent_organization_id"}:
        return "organization"
    if keys & {"location_type", "addresses", "accessibility", "latitude", "longitude"}:
        return "location"
    if keys & {"parent_id", "term", "taxonomy_id", "term_uri", "taxonomy"}:
        return "taxonomy_term"
    if keys & {"taxonomy_terms", "version", "uri"}:
        return "taxonomy"
    return "service"


def import_record(record, report: "ImportReport | None" = None, ref: str = "record") -> str:
    """Import one ORUK 3.0 record of any document type. Returns "created", "updated" or
    "unchanged"; raises Rejected with every reason (and changes nothing) if it cannot be
    imported. Services nested in an organisation are imported one by one into `report`."""
    kind = record_type(record)
    if kind == "organization":
        return _import_organization(record, report or ImportReport(), ref)
    if kind == "service_at_location":
        return _import_service_at_location(record)
    if kind == "location":
        return _import_location(record)
    if kind == "taxonomy":
        return _import_taxonomy(record)
    if kind == "taxonomy_term":
        return _import_term(record)
    return _import_service(record)


def _import_service(record, path: str = "$") -> str:
    checked = check_service(record, path)
    digest = fingerprint(checked.record)
    existing = Service.objects.select_related("organization").filter(pk=checked.id).first()
    if existing is not None and existing.organization.account_organisation_id:
        raise Rejected("this id belongs to a service kept by a Kinship Hub organisation")
    if existing is not None and existing.import_fingerprint == digest:
        return "unchanged"
    try:
        with transaction.atomic():
            organization = _save_organization(checked.organization)
            if organization is None:
                raise Rejected(f"organization {checked.organization['id']} is not stored")
            service, created = Service.objects.update_or_create(
                pk=checked.id,
                defaults={**checked.fields, "organization": organization,
                          "import_fingerprint": digest},
            )
            _save_children(service, checked.record)
            service.save()
            search.refresh_index([service.pk])
    except DatabaseError as error:
        raise Rejected(f"it clashes with stored data ({type(error).__name__})") from None
    return "created" if created else "updated"


def _guarded(write):
    """Run a write in its own savepoint; a clash with stored data is a rejection."""
    try:
        with transaction.atomic():
            return write()
    except DatabaseError as error:
        raise Rejected(f"it clashes with stored data ({type(error).__name__})") from None


def _outcome(created: bool, before, after) -> str:
    return "created" if created else ("unchanged" if before == after else "updated")


def _import_organization(record: dict, report: "ImportReport", ref: str) -> str:
    p = Problems()
    org_id = p.check("$.id", _uuid, record.get("id"), "id")
    p.check("$.name", _text, record, "name", 300, True)
    for key, validator in (("email", _email), ("website", _url), ("logo", _url),
                           ("uri", _url)):
        p.check(f"$.{key}", _checked, str(record.get(key) or ""), validator, key)
    if record.get("parent_organization_id"):
        p.check("$.parent_organization_id", _uuid, record["parent_organization_id"],
                "parent_organization_id")
    _check_items(record, "organization_identifiers", "$", p)
    services = record.get("services")
    if services is not None and not isinstance(services, list):
        p.add("$.services", "must be a list")
    p.raise_any()
    existing = Organization.objects.filter(pk=org_id).first()
    if existing is not None and existing.account_organisation_id:
        raise Rejected("this id belongs to a Kinship Hub organisation, kept by its own staff")
    before = _org_state(existing)
    org = _guarded(lambda: _save_organization({**record, "id": org_id}))
    outcome = _outcome(existing is None, before, _org_state(org))
    # Its services name it by being nested in it; each is imported (or rejected) alone.
    for i, service in enumerate(services or []):
        if isinstance(service, dict):
            service = {**service, "organization_id": str(org_id)}
            service.pop("organization", None)
        try:
            result = _import_service(service, f"$.services[{i}]")
        except Rejected as error:
            report.rejected.append((f"{ref} $.services[{i}]", str(error)))
            continue
        setattr(report, result, getattr(report, result) + 1)
    return outcome


def _org_state(org) -> tuple | None:
    if org is None:
        return None
    return (org.name, org.description, org.email, org.website, org.logo, org.uri,
            org.parent_organization_id,
            sorted((i.identifier_scheme, i.identifier_type, i.identifier)
                   for i in org.identifiers.all()))


def _location_state(loc) -> tuple | None:
    if loc is None:
        return None
    return tuple(getattr(loc, f.attname) for f in Location._meta.concrete_fields
                 if f.name != "last_modified") + tuple(
        sorted((a.description, a.details, a.url) for a in loc.accessibility.all()))


def _import_location(record: dict) -> str:
    p = Problems()
    _check_location(record, "$", p)
    p.raise_any()
    existing = Location.objects.filter(pk=_uuid(record.get("id"), "id")).first()
    before = _location_state(existing)
    location = _guarded(lambda: _save_location(record))
    return _outcome(existing is None, before, _location_state(location))


def _import_service_at_location(record: dict) -> str:
    p = Problems()
    sal_id = p.check("$.id", _uuid, record.get("id"), "id")
    service = record.get("service")
    location = record.get("location")
    if isinstance(location, dict):
        _check_location(location, "$.location", p)
    elif record.get("location_id"):
        location_id = p.check("$.location_id", _uuid, record["location_id"], "location_id")
        if location_id and not Location.objects.filter(pk=location_id).exists():
            p.add("$.location_id", f"location {location_id} is neither in the record nor "
                                   "stored")
    else:
        p.add("$.location", "missing (give the location, or the id of a stored one)")
    service_id = None
    if isinstance(service, dict):
        try:
            check_service(service, "$.service")
        except Rejected as error:
            p.items.append(str(error))
    elif record.get("service_id"):
        service_id = p.check("$.service_id", _uuid, record["service_id"], "service_id")
        if service_id and not Service.objects.filter(pk=service_id).exists():
            p.add("$.service_id", f"service {service_id} is neither in the record nor stored")
    else:
        p.add("$.service", "missing (give the service, or the id of a stored one)")
    p.raise_any()

    def write():
        if isinstance(service, dict):
            _import_service(service, "$.service")
        stored = Service.objects.select_related("organization").get(
            pk=_uuid(service["id"], "service.id") if isinstance(service, dict) else service_id)
        if stored.organization.account_organisation_id:
            raise Rejected("this service is kept by a Kinship Hub organisation")
        loc = _save_location(location) if isinstance(location, dict) else \
            Location.objects.get(pk=_uuid(record["location_id"], "location_id"))
        existing = ServiceAtLocation.objects.filter(pk=sal_id).first()
        if existing and existing.service_id == stored.pk and existing.location_id == loc.pk \
                and existing.description == _text(record, "description", 5000):
            return "unchanged"
        ServiceAtLocation.objects.update_or_create(pk=sal_id, defaults={
            "service": stored, "location": loc,
            "description": _text(record, "description", 5000)})
        if stored.latitude is None and loc.latitude is not None:
            stored.latitude, stored.longitude = loc.latitude, loc.longitude
            stored.save(update_fields=["latitude", "longitude", "last_modified"])
        search.refresh_index([stored.pk])
        return "updated" if existing else "created"

    return _guarded(write)


OUR_TAXONOMY = "kinship-support"


def _import_taxonomy(record: dict) -> str:
    p = Problems()
    tax_id = p.check("$.id", _uuid, record.get("id"), "id")
    name = p.check("$.name", _text, record, "name", 200, True, default="")
    p.check("$.uri", _checked, str(record.get("uri") or ""), _url, "uri")
    terms = record.get("taxonomy_terms")
    if terms is not None and not isinstance(terms, list):
        p.add("$.taxonomy_terms", "must be a list")
    p.raise_any()
    existing = Taxonomy.objects.filter(pk=tax_id).first()
    if existing is not None and existing.code == OUR_TAXONOMY:
        raise Rejected("this id is Kinship Hub's own taxonomy of kinds of support")
    values = {"name": name, "description": _text(record, "description", 5000),
              "uri": _text(record, "uri", 200), "version": _text(record, "version", 40)}
    before = existing and tuple(getattr(existing, k) for k in values)

    def write():
        tax, created = Taxonomy.objects.update_or_create(
            pk=tax_id, defaults=values, create_defaults={**values, "code": f"oruk-{tax_id.hex}"})
        for i, term in enumerate(terms or []):
            if isinstance(term, dict):
                _import_term({**term, "taxonomy_id": str(tax_id)}, f"$.taxonomy_terms[{i}]")
        return _outcome(created, before, tuple(getattr(tax, k) for k in values))

    return _guarded(write)


def _term_code(wanted: str, term_id: uuid.UUID) -> str:
    """The source's own code where it is free, so it goes back out as it came."""
    existing = TaxonomyTerm.objects.filter(pk=term_id).values_list("code", flat=True).first()
    if existing:
        return existing
    ok = wanted and len(wanted) <= 80 and wanted.replace("-", "").replace("_", "").isalnum()
    if ok and not TaxonomyTerm.objects.filter(code=wanted).exists():
        return wanted
    return f"oruk-{term_id.hex}"


def _import_term(record: dict, path: str = "$") -> str:
    p = Problems()
    term_id = p.check(f"{path}.id", _uuid, record.get("id"), "id")
    name = p.check(f"{path}.name", _text, record, "name", 200, True, default="")
    p.check(f"{path}.term_uri", _checked, str(record.get("term_uri") or ""), _url,
            "term_uri")
    parent_id = p.check(f"{path}.parent_id", _uuid, record["parent_id"], "parent_id") \
        if record.get("parent_id") else None
    taxonomy_id = p.check(f"{path}.taxonomy_id", _uuid, record["taxonomy_id"],
                          "taxonomy_id") if record.get("taxonomy_id") else None
    p.raise_any()
    existing = TaxonomyTerm.objects.select_related("taxonomy").filter(pk=term_id).first()
    ours = Taxonomy.objects.filter(code=OUR_TAXONOMY).first()
    if existing is not None and ours is not None and existing.taxonomy_id == ours.pk:
        raise Rejected("this id is one of Kinship Hub's own kinds of support")
    if ours is not None and taxonomy_id == ours.pk:
        raise Rejected("terms cannot be added to Kinship Hub's own taxonomy")

    def write():
        taxonomy = Taxonomy.objects.filter(pk=taxonomy_id).first() if taxonomy_id else None
        label = _text(record, "taxonomy", 200)
        if taxonomy is None and label:
            # Named but not identified: one taxonomy per name, with a stable id.
            named = uuid.uuid5(NO_ORGANIZATION_ID, f"taxonomy:{label}")
            taxonomy, _ = Taxonomy.objects.get_or_create(
                pk=named, defaults={"name": label, "code": f"oruk-{named.hex}",
                                    "description": label})
        parent = TaxonomyTerm.objects.filter(pk=parent_id).first() if parent_id else None
        values = {
            "name": name, "description": _text(record, "description", 5000),
            "term_uri": _text(record, "term_uri", 200), "taxonomy": taxonomy,
            "parent": parent,
            # A parent the feed names but does not include is kept as its id.
            "parent_ref": parent_id if parent is None else None,
            "code": _term_code(_text(record, "term", 80), term_id),
            "taxonomy_label": label if taxonomy is not None and label != taxonomy.name
            else "",
        }
        before = existing and tuple(getattr(existing, k) for k in values)
        term, created = TaxonomyTerm.objects.update_or_create(pk=term_id, defaults=values)
        return _outcome(created, before, tuple(getattr(term, k) for k in values))

    return _guarded(write)


def import_records(records: Iterable, progress=None) -> ImportReport:
    report = ImportReport()
    iterator = iter(progress(records) if progress else records)
    index = 0
    while True:
        index += 1
        try:
            record = next(iterator)
        except StopIteration:
            break
        except (OSError, ValueError, Rejected) as error:
            # A feed page that cannot be read ends the import; what was read is kept.
            report.rejected.append((f"feed after record {index - 1}",
                                    f"could not read the rest of the feed: {error}"))
            break
        ref = f"record {index}"
        if isinstance(record, dict) and record.get("id"):
            ref += f" (id {str(record.get('id'))[:40]})"
        try:
            outcome = import_record(record, report, ref)
        except Rejected as error:
            report.rejected.append((ref, str(error)))
            continue
        setattr(report, outcome, getattr(report, outcome) + 1)
    return report


def export_directory() -> dict:
    """The whole directory as one ORUK list page of fully nested services."""
    from ..selectors import full_service_queryset
    from .serializers import service_full

    contents = [service_full(s) for s in full_service_queryset()]
    return {"total_items": len(contents), "total_pages": 1, "page_number": 1,
            "size": len(contents), "first_page": True, "last_page": True,
            "empty": not contents, "contents": contents}
