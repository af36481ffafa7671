"""Import from ALISS (A Local Information System for Scotland), from saved API v4 responses.

The shapes read here are those of ALISS's public API v4 (`/api/v4/services/`, its search
listing `{"meta", "count", "next", "previous", "data": [...]}`, `/api/v4/services/<id>/` and
`/api/v4/organisations/<id>/` as `{"meta", "data": {...}}`), as its public source code
defines them (github.com/aliss/ALISS, aliss/api/serializers.py and v4_views.py). Every
response carries `meta.licence` (CC BY 4.0) and `meta.attribution`; each imported entry keeps
that attribution, which the service page and the ORUK output show.

Nothing is fetched: the import reads files saved from the API. Entries are matched by their
ALISS id (re-importing updates, never duplicates); an ALISS service that is already in the
directory under another source (same name, and the same organisation, web page or phone) is
reported as a duplicate and left alone. ALISS categories are mapped to our kinds of support;
categories that map to none are kept on the entry and reported."""

import hashlib
import json
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction

from kinship.places.models import Council

from . import search
from .models import (
    Location,
    Organization,
    OrganizationIdentifier,
    Phone,
    Service,
    ServiceArea,
    ServiceAtLocation,
    TaxonomyTerm,
)

SOURCE = "aliss"
SOURCE_NAME = "ALISS (A Local Information System for Scotland)"
DEFAULT_LICENCE = "https://creativecommons.org/licenses/by/4.0/"
# Stable ids for what we make from ALISS records, so re-imports land on the same rows.
NAMESPACE = uuid.UUID("8a0c7a0e-5d1b-4c3e-9f57-3b7f1d2e6a44")
MAX_FILE_BYTES = 50 * 1024 * 1024
SCOTLAND_CODE = "S92000003"  # ALISS's "Country" service area for all of Scotland

# ALISS category slug -> our finer taxonomy term code (kinship/directory/data/taxonomy.yaml).
# Only clear matches: anything else is kept on the entry as it came and reported.
CATEGORY_MAP = {
    "money": "benefits-money-advice",
    "money-advice": "benefits-money-advice",
    "energy-advice": "energy-costs",
    "housing-and-homelessness": "housing-advice",
    "housing-advice": "housing-advice",
    "housing-support": "housing-advice",
    "rights-representation": "rights-advice",
    "adoption-foster-care": "rights-advice",
    "legal-representation": "legal-advice-orders",
    "helplines": "helpline",
    "counselling": "counselling",
    "therapy": "counselling",
    "bereavement": "bereavement",
    "mediation": "family-mediation",
    "family-mediation": "family-mediation",
    "peer-support": "carer-support-groups",
    "support-group": "carer-support-groups",
    "befriending": "carer-support-groups",
    "mentoring": "mentoring",
    "social-group": "family-activities",
    "parenting-education": "parenting-courses",
    "digital-literacy": "digital-skills",
    "computer-class": "digital-skills",
    "short-breaks": "short-breaks",
    "respite": "short-breaks",
    "childcare": "childcare",
    "goods": "essentials",
    "baby-supplies": "essentials",
    "clothing": "essentials",
    "home-goods": "essentials",
    "foodbank": "essentials",
    "community-transport": "transport",
    "transport-mobility": "transport",
}

_url = URLValidator(schemes=["http", "https"])
_email = EmailValidator()


class AlissError(Exception):
    """A record that cannot be imported; the message says why (with where in the record)."""


@dataclass
class AlissReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)
    # ALISS category slug -> how many imported entries carry it unmapped
    unmapped: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        out = [
            f"created: {self.created}",
            f"updated: {self.updated}",
            f"unchanged: {self.unchanged}",
            f"duplicates skipped: {len(self.duplicates)}",
            f"rejected: {len(self.rejected)}",
        ]
        out += [f"  - duplicate {ref}: {why}" for ref, why in self.duplicates]
        out += [f"  - rejected {ref}: {why}" for ref, why in self.rejected]
        if self.unmapped:
            out.append("ALISS categories kept but not mapped to a kind of support:")
            out += [f"  - {slug}: {n}" for slug, n in sorted(self.unmapped.items())]
        return out


# --- reading saved responses ---


def records_from_response(document) -> tuple[list[dict], dict]:
    """The service records in one saved v4 response, and its meta (licence, attribution)."""
    if not isinstance(document, dict):
        raise AlissError("the file is not an ALISS API response (a JSON object)")
    meta = document.get("meta") if isinstance(document.get("meta"), dict) else {}
    data = document.get("data")
    if isinstance(data, list):  # the services listing
        return [r for r in data if isinstance(r, dict)] or [], meta
    if isinstance(data, dict) and isinstance(data.get("services"), list):
        # An organisation: its services name it only by being nested in it.
        org = {
            k: data.get(k)
            for k in ("id", "name", "url", "description", "aliss_url", "permalink", "slug")
        }
        locations = data.get("locations") if isinstance(data.get("locations"), list) else []
        return [
            {
                **s,
                "organisation": s.get("organisation") or org,
                "locations": s.get("locations") or locations,
            }
            for s in data["services"]
            if isinstance(s, dict)
        ], meta
    if isinstance(data, dict):  # one service
        return [data], meta
    raise AlissError("the file has no ALISS data (expected meta and data)")


def read_files(paths) -> list[tuple[dict, dict]]:
    """(record, meta) for every service in these saved responses."""
    out = []
    for raw in paths:
        path = Path(raw)
        if path.stat().st_size > MAX_FILE_BYTES:
            raise AlissError(f"{path.name} is larger than 50 MB")
        records, meta = records_from_response(json.loads(path.read_text(encoding="utf-8")))
        out += [(r, meta) for r in records]
    return out


def attribution_text(meta: dict) -> str:
    """What CC BY 4.0 asks of us: who made it, the licence, and ALISS's own credits."""
    credits = [
        a.get("text", "").strip()
        for a in meta.get("attribution") or []
        if isinstance(a, dict) and a.get("text")
    ]
    licence = meta.get("licence") or DEFAULT_LICENCE
    lines = [f"From {SOURCE_NAME}, www.aliss.org, licensed under {_licence_name(licence)}."]
    return " ".join(lines + [c if c.endswith(".") else c + "." for c in credits])


def _licence_name(url: str) -> str:
    return "CC BY 4.0" if "creativecommons.org/licenses/by/4.0" in url else url


# --- checking one record ---


def _text(
    record: dict, key: str, limit: int, path: str, problems: list, required: bool = False
) -> str:
    value = record.get(key)
    if value is None or value == "":
        if required:
            problems.append(f"{path}.{key}: missing")
        return ""
    if not isinstance(value, str):
        problems.append(f"{path}.{key}: must be text")
        return ""
    value = value.strip()
    if len(value) > limit:
        problems.append(f"{path}.{key}: longer than {limit} characters")
        return ""
    return value


def _valid(value: str, validator, where: str, problems: list) -> str:
    if value:
        try:
            validator(value)
        except ValidationError:
            problems.append(f"{where}: {value[:80]!r} is not valid")
            return ""
    return value


def _uuid(value, where: str, problems: list) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (ValueError, TypeError):
        problems.append(f"{where}: {str(value)[:60]!r} is not an ALISS id (a UUID)")
        return None


@dataclass
class CheckedRecord:
    aliss_id: str
    fields: dict
    organisation: dict
    term_codes: list[str]
    unmapped: list[str]
    councils: list[str]
    national: bool
    locations: list[dict]
    phone: str


def _areas(record: dict, problems: list) -> tuple[list[str], bool]:
    councils, national = [], False
    known = set(Council.objects.values_list("code", flat=True))
    for i, area in enumerate(record.get("service_areas") or []):
        if not isinstance(area, dict):
            problems.append(f"$.service_areas[{i}]: not an object")
            continue
        code = str(area.get("code") or "").strip()
        kind = str(area.get("type") or "").lower()
        if code == SCOTLAND_CODE or kind in ("country", "0"):
            national = True
        elif code in known:
            councils.append(code)
        # Health boards and HSCPs (S08/S37 codes) have no council of their own here: the
        # service's locations still place it.
    return councils, national


def _locations(record: dict, problems: list) -> list[dict]:
    out = []
    for i, loc in enumerate(record.get("locations") or []):
        if not isinstance(loc, dict):
            problems.append(f"$.locations[{i}]: not an object")
            continue
        where = f"$.locations[{i}]"
        lat, lon = loc.get("latitude"), loc.get("longitude")
        try:
            lat = float(lat) if lat is not None else None
            lon = float(lon) if lon is not None else None
        except (TypeError, ValueError):
            problems.append(f"{where}.latitude/longitude: not numbers")
            lat = lon = None
        if lat is not None and not (54 <= lat <= 61.5 and -9.5 <= (lon or 0) <= 0):
            problems.append(f"{where}: {lat}, {lon} is not in Scotland")
            lat = lon = None
        out.append(
            {
                "id": _uuid(loc.get("id"), f"{where}.id", problems),
                "name": _text(loc, "name", 300, where, problems),
                "description": _text(loc, "description", 5000, where, problems),
                "address_1": _text(loc, "street_address", 300, where, problems),
                "city": _text(loc, "locality", 100, where, problems),
                "region": _text(loc, "region", 100, where, problems),
                "postal_code": _text(loc, "postal_code", 20, where, problems),
                "latitude": lat,
                "longitude": lon,
            }
        )
    return out


def check_record(record) -> CheckedRecord:
    """Every problem with one ALISS service record (raised together, each with its path)."""
    if not isinstance(record, dict):
        raise AlissError("$: the record is not a JSON object")
    problems: list[str] = []
    aliss_id = _uuid(record.get("id"), "$.id", problems)
    org = record.get("organisation")
    if not isinstance(org, dict):
        problems.append("$.organisation: missing")
        org = {}
    org_id = _uuid(org.get("id"), "$.organisation.id", problems) if org else None
    org_name = _text(org, "name", 300, "$.organisation", problems, required=True)
    fields = {
        "name": _text(record, "name", 300, "$", problems, required=True),
        "description": _text(record, "description", 20_000, "$", problems),
        "url": _valid(_text(record, "url", 500, "$", problems), _url, "$.url", problems),
        "email": _valid(_text(record, "email", 254, "$", problems), _email, "$.email", problems),
        "source_url": _valid(
            _text(record, "permalink", 500, "$", problems)
            or _text(record, "aliss_url", 500, "$", problems),
            _url,
            "$.permalink",
            problems,
        ),
    }
    phone = _text(record, "phone", 40, "$", problems)
    codes, unmapped = [], []
    for i, cat in enumerate(record.get("categories") or []):
        slug = cat.get("slug") if isinstance(cat, dict) else None
        if not isinstance(slug, str) or not re.fullmatch(r"[a-z0-9-]{1,80}", slug):
            problems.append(f"$.categories[{i}].slug: missing or not a slug")
            continue
        (codes if slug in CATEGORY_MAP else unmapped).append(CATEGORY_MAP.get(slug, slug))
    councils, national = _areas(record, problems)
    locations = _locations(record, problems)
    if problems:
        raise AlissError("; ".join(problems))
    return CheckedRecord(
        aliss_id=str(aliss_id),
        fields=fields,
        organisation={
            "id": str(org_id),
            "name": org_name,
            "website": _valid(
                _text(org, "url", 500, "$.organisation", []), _url, "$.organisation.url", []
            ),
        },
        term_codes=codes,
        unmapped=unmapped,
        councils=councils,
        national=national,
        locations=locations,
        phone=phone,
    )


# --- de-duplicating and writing ---


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", (text or "").lower()).strip()


def find_duplicate(checked: CheckedRecord) -> Service | None:
    """An entry we already have from another source: the same name, and the same
    organisation, web page or phone."""
    name = _norm(checked.fields["name"])
    candidates = (
        Service.objects.exclude(source=SOURCE)
        .filter(name__iexact=checked.fields["name"].strip())
        .select_related("organization")
        .prefetch_related("phones")
    )
    for service in candidates:
        if _norm(service.name) != name:
            continue
        same_org = _norm(service.organization.name) == _norm(checked.organisation["name"])
        same_url = bool(checked.fields["url"]) and service.url.rstrip("/") == checked.fields[
            "url"
        ].rstrip("/")
        digits = re.sub(r"\D", "", checked.phone)
        same_phone = bool(digits) and any(
            re.sub(r"\D", "", p.number) == digits for p in service.phones.all()
        )
        if same_org or same_url or same_phone:
            return service
    return None


def _organisation(data: dict) -> Organization:
    pk = uuid.uuid5(NAMESPACE, f"organisation:{data['id']}")
    org, _ = Organization.objects.update_or_create(
        pk=pk, defaults={"name": data["name"], "website": data["website"]}
    )
    OrganizationIdentifier.objects.get_or_create(
        organization=org,
        identifier_scheme="ALISS",
        identifier_type="ALISS organisation id",
        identifier=data["id"],
    )
    return org


def _state(checked: CheckedRecord, meta: dict) -> str:
    """What the record says, for "unchanged" without a write."""
    return json.dumps(
        [
            checked.fields,
            checked.organisation,
            checked.term_codes,
            checked.unmapped,
            checked.councils,
            checked.national,
            checked.locations,
            checked.phone,
            attribution_text(meta),
        ],
        sort_keys=True,
        default=str,
    )


def import_record(record, meta: dict) -> tuple[str, list[str]]:
    """Import one ALISS service. Returns the outcome ("created", "updated", "unchanged" or
    "duplicate:<name of the entry we have>") and its unmapped categories."""
    checked = check_record(record)
    digest = hashlib.sha256(_state(checked, meta).encode()).hexdigest()
    existing = Service.objects.filter(source=SOURCE, source_id=checked.aliss_id).first()
    if existing is None:
        duplicate = find_duplicate(checked)
        if duplicate is not None:
            return "duplicate:" + duplicate.name, checked.unmapped
    elif existing.import_fingerprint == digest:
        return "unchanged", checked.unmapped
    terms = list(TaxonomyTerm.objects.filter(code__in=checked.term_codes))
    with transaction.atomic():
        organisation = _organisation(checked.organisation)
        physical = [loc for loc in checked.locations if loc["latitude"] is not None]
        first = physical[0] if physical else None
        council = checked.councils[0] if checked.councils else None
        service, created = _upsert(checked, organisation, council, first, meta, digest)
        service.taxonomy_terms.set(
            [t.pk for t in terms] + [t.parent_id for t in terms if t.parent_id]
        )
        service.service_areas.all().delete()
        if service.is_national:
            ServiceArea.objects.create(service=service, is_national=True, name="Scotland")
        ServiceArea.objects.bulk_create(
            [ServiceArea(service=service, council_id=c) for c in checked.councils]
        )
        service.service_at_locations.all().delete()
        for loc in checked.locations:
            location, _ = Location.objects.update_or_create(
                pk=uuid.uuid5(NAMESPACE, f"location:{loc['id']}"),
                defaults={k: v for k, v in loc.items() if k != "id"},
            )
            ServiceAtLocation.objects.create(service=service, location=location)
        service.phones.all().delete()
        if checked.phone:
            Phone.objects.create(service=service, number=checked.phone)
        search.refresh_index([service.pk])
    return ("created" if created else "updated"), checked.unmapped


def _upsert(
    checked: CheckedRecord, organisation: Organization, council, first, meta, digest
) -> tuple[Service, bool]:
    national = checked.national and not checked.councils
    values = {
        **checked.fields,
        "organization": organisation,
        "is_national": national,
        "council_id": None if national else council,
        "latitude": first["latitude"] if first else None,
        "longitude": first["longitude"] if first else None,
        "attribution": attribution_text(meta),
        "licence_url": meta.get("licence") or DEFAULT_LICENCE,
        "source_categories": checked.unmapped,
        "import_fingerprint": digest,
    }
    service = Service.objects.filter(source=SOURCE, source_id=checked.aliss_id).first()
    created = service is None
    if created:
        service = Service(
            id=uuid.uuid5(NAMESPACE, f"service:{checked.aliss_id}"),
            source=SOURCE,
            source_id=checked.aliss_id,
        )
    for key, value in values.items():
        setattr(service, key, value)
    service.save()
    return service, created


def import_records(items, progress=None) -> AlissReport:
    """Import (record, meta) pairs; each record in its own savepoint."""
    report = AlissReport()
    for index, (record, meta) in enumerate(progress(items) if progress else items, start=1):
        ref = f"record {index}"
        if isinstance(record, dict) and record.get("id"):
            ref += f" (ALISS id {str(record['id'])[:40]})"
        try:
            with transaction.atomic():
                outcome, unmapped = import_record(record, meta)
        except AlissError as error:
            report.rejected.append((ref, str(error)))
            continue
        if outcome.startswith("duplicate:"):
            report.duplicates.append((ref, f"already listed as {outcome.split(':', 1)[1]!r}"))
            continue
        for slug in unmapped:
            report.unmapped[slug] = report.unmapped.get(slug, 0) + 1
        setattr(report, outcome, getattr(report, outcome) + 1)
    return report
