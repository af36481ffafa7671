"""Open Referral UK 3.0 API (every path and query parameter of oruk/openapi.json). Plain JSON
views: the response shapes are the standard's, not ours, so they are written out in
oruk/serializers.py and checked against the standard's own schemas in the tests."""

import json
import uuid
from datetime import UTC, datetime, time
from functools import wraps
from pathlib import Path

from django.db.models import Q
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.views.decorators.csrf import csrf_exempt

from kinship.core.openapi import with_error_responses
from kinship.places.postcodes import lookup_postcode
from kinship.places.selectors import distance_km

from . import search
from .models import (
    Organization,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from .oruk import serializers as ser
from .selectors import full_service_queryset

OPENAPI_FILE = Path(__file__).resolve().parent / "oruk" / "openapi.json"
PROFILE_URL = "https://openreferraluk.org/specifications/3.0/"
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
MAX_SEARCH_LENGTH = 200
MAX_PROXIMITY_METRES = 1_000_000
# How far a service that declares no service area is looked for when no proximity is given.
NO_AREA_RADIUS_METRES = 30_000


class BadRequest(Exception):
    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.parameter, self.message = parameter, message


def _json(data, status=200):
    response = JsonResponse(data, status=status, safe=False,
                            json_dumps_params={"ensure_ascii": False})
    # ORUK compliance: open to any web page.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def api_view(view):
    # Exempt from CSRF only so that an undeclared method gets the JSON 405 below rather than
    # Django's HTML 403: nothing here ever acts on anything but GET.
    @csrf_exempt
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            # The standard declares GET only: answer in JSON, never the HTML error page.
            response = _json({"error": "Method Not Allowed",
                              "message": f"{request.method} is not allowed here; use GET"},
                             status=405)
            response["Allow"] = "GET, HEAD, OPTIONS"
            return response
        if request.method == "OPTIONS":
            response = _json({}, status=200)
            response["Allow"] = "GET, HEAD, OPTIONS"
            return response
        try:
            return view(request, *args, **kwargs)
        except BadRequest as error:
            return _json({"error": "Bad Request", "parameter": error.parameter,
                          "message": error.message}, status=400)
        except Http404 as error:
            return _json({"error": "Not Found", "message": str(error) or "Not found"},
                         status=404)

    return wrapper


# --- parameters ---

def _int(request, name: str, default: int, low: int, high: int) -> int:
    raw = request.GET.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadRequest(name, f"{name} must be a whole number") from None
    if not low <= value <= high:
        raise BadRequest(name, f"{name} must be between {low} and {high}")
    return value


def _bool(request, name: str) -> bool:
    raw = request.GET.get(name, "").lower()
    if raw in ("", "false", "0", "no"):
        return False
    if raw in ("true", "1", "yes"):
        return True
    raise BadRequest(name, f"{name} must be true or false")


def _uuid(value: str, name: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except (ValueError, AttributeError, TypeError):
        raise BadRequest(name, f"{name} must be a UUID, like "
                               "ac148810-d857-441c-9679-408f346de14b") from None


def _optional_uuid(request, name: str) -> uuid.UUID | None:
    raw = request.GET.get(name)
    return _uuid(raw, name) if raw else None


def _search_words(request) -> str:
    text = request.GET.get("search", "")
    if len(text) > MAX_SEARCH_LENGTH:
        raise BadRequest("search", f"search must be at most {MAX_SEARCH_LENGTH} characters")
    return text


def _format(request) -> str:
    value = request.GET.get("format", "json") or "json"
    if value not in ("json", "ndjson"):
        raise BadRequest("format", "format must be json or ndjson")
    return value


def _modified_after(request):
    raw = request.GET.get("modified_after")
    if not raw:
        return None
    value = parse_datetime(raw.replace(" ", "+")) if "T" in raw else None
    if value is None:
        try:
            day = parse_date(raw)
        except ValueError:
            day = None
        if day is None:
            raise BadRequest("modified_after",
                             "modified_after must be a date-time, like 2026-01-31T09:00:00Z")
        value = datetime.combine(day, time.min)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value


def _taxonomy_filters(request, queryset, through: str):
    # A well-formed id nothing has is an empty page (the standard's answer), not an error.
    term_id = _optional_uuid(request, "taxonomy_term_id")
    if term_id:
        queryset = queryset.filter(**{f"{through}taxonomy_terms": term_id})
    taxonomy_id = _optional_uuid(request, "taxonomy_id")
    if taxonomy_id:
        queryset = queryset.filter(**{f"{through}taxonomy_terms__taxonomy": taxonomy_id})
    return queryset.distinct() if (term_id or taxonomy_id) else queryset


def _service_filters(request, queryset, through: str = ""):
    words = _search_words(request)
    if words.strip():
        ids = search.matching_ids(search.words_to_tokens(words))
        queryset = queryset.filter(**{f"{through}pk__in": ids})
    queryset = _taxonomy_filters(request, queryset, through)
    org_id = _optional_uuid(request, "organization_id")
    if org_id:
        queryset = queryset.filter(**{f"{through}organization_id": org_id})
    since = _modified_after(request)
    if since:
        queryset = queryset.filter(**{f"{through}last_modified__gte": since})
    return queryset


def _paged(request, items, serialise, total: int | None = None):
    """The standard's list envelope, or every item as NDJSON when format=ndjson."""
    page = _int(request, "page", 1, 1, 1_000_000)
    per_page = _int(request, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
    if _format(request) == "ndjson":
        def lines():
            iterator = items.iterator(chunk_size=500) if hasattr(items, "iterator") else items
            for item in iterator:
                yield json.dumps(serialise(item), ensure_ascii=False) + "\n"

        response = StreamingHttpResponse(lines(), content_type="application/x-ndjson")
        response["Access-Control-Allow-Origin"] = "*"
        return response
    total = items.count() if total is None and hasattr(items, "count") else (
        total if total is not None else len(items))
    total_pages = max(1, -(-total // per_page))
    start = (page - 1) * per_page
    contents = [serialise(item) for item in items[start:start + per_page]] \
        if start < total else []
    return _json({
        "total_items": total, "total_pages": total_pages, "page_number": page,
        "size": len(contents), "first_page": page == 1, "last_page": page >= total_pages,
        "empty": not contents, "contents": contents,
    })


# --- querysets ---

def _services():
    return Service.objects.select_related("organization").order_by("name", "id")


def _services_full():
    return full_service_queryset()


def _get(queryset, raw_id: str, name: str):
    key = _uuid(raw_id, "id")
    obj = queryset.filter(pk=key).first()
    if obj is None:
        raise Http404(f"No {name} has id {key}")
    return obj


# --- endpoints ---

@api_view
def api_details(request):
    return _json({
        "version": "3.0",
        "profile": PROFILE_URL,
        "openapi_url": request.build_absolute_uri(reverse("oruk:openapi")),
    })


@api_view
def openapi(request):
    spec = json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))
    spec["servers"] = [{"url": request.build_absolute_uri(reverse("oruk:api_details"))
                        .rstrip("/"), "description": "Kinship Hub"}]
    # The standard's file declares only 200; say which errors this server answers too.
    return _json(with_error_responses(spec, 400, 404, 405))


@api_view
def services(request):
    full = _bool(request, "full")
    minimal = _bool(request, "minimal")
    queryset = _service_filters(request, _services_full() if full else _services())
    if minimal:
        return _paged(request, queryset, lambda s: {
            "id": str(s.id), "name": s.name, "status": s.status,
            "last_modified": ser._iso(s.last_modified)})
    return _paged(request, queryset, ser.service_full if full else ser.service_basic)


@api_view
def service_detail(request, service_id):
    return _json(ser.service_full(_get(_services_full(), service_id, "service")))


@api_view
def organizations(request):
    full = _bool(request, "full")
    full_service = _bool(request, "full_service")
    words = _search_words(request)
    queryset = Organization.objects.order_by("name", "id")
    if words.strip():
        queryset = queryset.filter(name__icontains=words.strip())
    if full or full_service:
        queryset = queryset.prefetch_related("identifiers")
        return _paged(request, queryset, lambda o: ser.organization_full(
            o, _org_services(o, full_service), full_service))
    return _paged(request, queryset, ser.organization_basic)


def _org_services(org, full_service: bool):
    queryset = _services_full() if full_service else _services()
    return list(queryset.filter(organization=org))


@api_view
def organization_detail(request, organization_id):
    full_service = _bool(request, "full_service")
    org = _get(Organization.objects.prefetch_related("identifiers"), organization_id,
               "organization")
    return _json(ser.organization_full(org, _org_services(org, full_service), full_service))


def _sal_queryset():
    return ServiceAtLocation.objects.select_related(
        "location", "service__organization").order_by("service__name", "id")


@api_view
def service_at_locations(request):
    full = _bool(request, "full")
    queryset = _service_filters(request, _sal_queryset(), through="service__")
    postcode = request.GET.get("postcode", "")
    proximity = request.GET.get("proximity", "")
    serialise = ser.service_at_location_full if full else ser.service_at_location_basic
    if full:
        queryset = queryset.prefetch_related("location__accessibility")
    if proximity and not postcode:
        raise BadRequest("proximity", "proximity needs a postcode to measure from")
    if not postcode:
        return _paged(request, queryset, serialise)
    place = lookup_postcode(postcode)
    if not place.ok:
        raise BadRequest("postcode", place.message)
    metres = None
    if proximity:
        try:
            metres = float(proximity)
        except ValueError:
            raise BadRequest("proximity", "proximity must be a number of metres") from None
        if not 0 < metres <= MAX_PROXIMITY_METRES:
            raise BadRequest("proximity", f"proximity must be between 1 and "
                                          f"{MAX_PROXIMITY_METRES} metres")
    # Coverage: services whose area includes the postcode's council, or all of Scotland. The
    # standard filters on service area only where one exists: a service that declares none
    # is found by distance (within proximity, or the default radius).
    queryset = queryset.prefetch_related("service__service_areas").filter(
        Q(service__is_national=True) | Q(service__service_areas__council=place.council)
        | Q(service__service_areas__isnull=True)).distinct()
    lat, lon = place.centroid
    rows = [r for r in queryset if r.service.is_national or _has_area(r.service)
            or (r.location.latitude is not None and distance_km(
                lat, lon, r.location.latitude, r.location.longitude) * 1000
                <= (metres or NO_AREA_RADIUS_METRES))]
    if metres is not None:
        rows = [r for r in rows if r.location.latitude is not None
                and distance_km(lat, lon, r.location.latitude, r.location.longitude) * 1000
                <= metres]
    rows.sort(key=lambda r: distance_km(lat, lon, r.location.latitude, r.location.longitude)
              if r.location.latitude is not None else float("inf"))
    return _paged(request, rows, serialise, total=len(rows))


def _has_area(service) -> bool:
    return bool(service.service_areas.all())


@api_view
def service_at_location_detail(request, sal_id):
    queryset = ServiceAtLocation.objects.select_related("location").prefetch_related(
        "location__accessibility")
    return _json(ser.service_at_location_full(_get(queryset, sal_id, "service_at_location")))


@api_view
def taxonomies(request):
    words = _search_words(request)
    queryset = Taxonomy.objects.order_by("name", "id")
    if words.strip():
        queryset = queryset.filter(name__icontains=words.strip())
    return _paged(request, queryset, ser.taxonomy)


@api_view
def taxonomy_detail(request, taxonomy_id):
    tax = _get(Taxonomy.objects.prefetch_related("terms__taxonomy"), taxonomy_id, "taxonomy")
    return _json(ser.taxonomy(tax, with_terms=True))


@api_view
def taxonomy_terms(request):
    words = _search_words(request)
    queryset = TaxonomyTerm.objects.select_related("taxonomy").order_by("position", "name",
                                                                         "id")
    if words.strip():
        queryset = queryset.filter(name__icontains=words.strip())
    taxonomy_id = _optional_uuid(request, "taxonomy_id")
    if taxonomy_id:
        queryset = queryset.filter(taxonomy_id=taxonomy_id)
    parent_id = _optional_uuid(request, "parent_id")
    if parent_id:
        queryset = queryset.filter(parent_id=parent_id)
    if _bool(request, "top_only"):
        queryset = queryset.filter(parent__isnull=True)
    return _paged(request, queryset, ser.taxonomy_term)


@api_view
def taxonomy_term_detail(request, term_id):
    return _json(ser.taxonomy_term(_get(TaxonomyTerm.objects.select_related("taxonomy"),
                                        term_id, "taxonomy_term")))

