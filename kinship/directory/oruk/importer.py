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
from datetime import date, time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from urllib.parse import urlencode, urlparse
from urllib.request import Request, urlopen

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import DatabaseError, transaction
from django.utils.dateparse import parse_date, parse_time

from kinship.places.models import Council

from .. import search
from ..models import (
    Accessibility,
    Contact,
    CostOption,
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
    TaxonomyTerm,
)

MAX_FEED_BYTES = 100 * 1024 * 1024
MAX_PAGES = 10_000
FETCH_TIMEOUT_SECONDS = 30


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
    if isinstance(document, dict) and isinstance(document.get("services"), list):
        return document["services"]
    if isinstance(document, dict):
        return [document]
    raise Rejected("the feed is not a JSON object or list")


def _fetch_json(url: str):
    if urlparse(url).scheme not in ("http", "https"):
        raise Rejected(f"only http and https feeds can be fetched: {url}")
    request = Request(url, headers={"Accept": "application/json",  # noqa: S310 - scheme checked
                                    "User-Agent": "KinshipHub-ORUK-import/1"})
    with urlopen(request, timeout=FETCH_TIMEOUT_SECONDS) as response:  # noqa: S310
        body = response.read(MAX_FEED_BYTES + 1)
    if len(body) > MAX_FEED_BYTES:
        raise Rejected("the feed is larger than 100 MB")
    return json.loads(body)


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


def check_service(record) -> CheckedService:
    if not isinstance(record, dict):
        raise Rejected("the record is not a JSON object")
    if "_fetch_error" in record:
        raise Rejected(f"could not fetch it: {record['_fetch_error']}")
    service_id = _uuid(record.get("id"), "id")
    status = record.get("status") or ServiceStatus.ACTIVE
    if status not in ServiceStatus.values:
        raise Rejected(f"status {str(status)[:40]!r} is not one of {ServiceStatus.values}")
    fields = {
        "name": _text(record, "name", 300, required=True),
        "description": _text(record, "description", 20_000),
        "url": _checked(_text(record, "url", 500), _url, "url"),
        "email": _checked(_text(record, "email", 254), _email, "email"),
        "status": status,
        "fees_description": _text(record, "fees", 5000),
        "accreditations": _text(record, "accreditations", 5000),
        "alert": _text(record, "alert", 5000),
        "minimum_age": _age(record, "minimum_age"),
        "maximum_age": _age(record, "maximum_age"),
        "last_checked": _date(record.get("assured_date"), "assured_date"),
        "assurer_email": _checked(_text(record, "assurer_email", 254), _email, "assurer_email"),
    }
    if (fields["minimum_age"] is not None and fields["maximum_age"] is not None
            and fields["minimum_age"] > fields["maximum_age"]):
        raise Rejected("minimum_age is more than maximum_age")
    organization = record.get("organization")
    if organization is None and record.get("organization_id"):
        org_id = _uuid(record["organization_id"], "organization_id")
        if not Organization.objects.filter(pk=org_id).exists():
            raise Rejected(f"organization {org_id} is neither in the record nor stored")
        organization = {"id": str(org_id)}
    if not isinstance(organization, dict):
        raise Rejected("the service has no organization")
    org_id = _uuid(organization.get("id"), "organization.id")
    organization = {**organization, "id": org_id}
    if "name" in organization:
        organization["name"] = _text(organization, "name", 300, required=True)
    return CheckedService(service_id, fields, organization, record)


# --- writing one record ---

def _save_organization(data: dict) -> Organization:
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


def _save_children(service: Service, record: dict) -> None:
    """Replace the service's nested records with the feed's (only keys the feed includes)."""
    if "schedules" in record:
        service.schedules.all().delete()
        for s in _items(record, "schedules"):
            Schedule.objects.create(
                id=_uuid(s.get("id"), "schedule.id"), service=service,
                valid_from=_date(s.get("valid_from"), "schedule.valid_from"),
                valid_to=_date(s.get("valid_to"), "schedule.valid_to"),
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
            location.accessibility.all().delete()
            for a in _items(loc, "accessibility"):
                Accessibility.objects.create(
                    id=_uuid(a.get("id"), "accessibility.id"), location=location,
                    description=_text(a, "description", 5000),
                    details=_text(a, "details", 5000),
                    url=_checked(_text(a, "url", 500), _url, "accessibility.url"))
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
    if "attributes" in record:
        known = []
        for a in _items(record, "attributes"):
            term_id = a.get("taxonomy_term_id") or (a.get("taxonomy_term") or {}).get("id")
            if term_id:
                known.append(_uuid(term_id, "attribute.taxonomy_term_id"))
        service.taxonomy_terms.set(TaxonomyTerm.objects.filter(pk__in=known))


def import_record(record) -> str:
    """Import one service record. Returns "created", "updated" or "unchanged"; raises
    Rejected with the reason (and changes nothing) if it cannot be imported."""
    checked = check_service(record)
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
            outcome = import_record(record)
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
