"""Public pages: search, service, organisation, local offer and provision gaps. No account,
no cookies, no JavaScript needed."""

import csv
from dataclasses import replace

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from kinship.places.selectors import get_council

from . import cache as directory_cache
from . import selectors
from .forms import SearchForm
from .models import KindOfSupport

PER_PAGE = 20
CSV_LIMIT = 500
SEARCH_PARAMS = ("postcode", "council", "kind", "arrangement", "age", "q")


def _query_with(request, **changes) -> str:
    """The current search's query string with some parameters set (None: removed), from
    the first page."""
    params = request.GET.copy()
    params.pop("page", None)
    for key, value in changes.items():
        params.pop(key, None)
        if value is not None:
            params[key] = value
    return params.urlencode()


def _page_number(request) -> int:
    try:
        return max(1, min(int(request.GET.get("page", "1")), selectors.MAX_PAGE))
    except (TypeError, ValueError):
        return 1


def _csv_safe(value) -> str:
    """Stop a spreadsheet from running a cell as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _run_search(request, advice=None):
    submitted = any(request.GET.get(p) for p in SEARCH_PARAMS)
    form = SearchForm(request.GET if submitted else None)
    results = None
    query = None
    if submitted and form.is_valid():
        query = replace(form.to_query(), exclude_id=str(advice.pk) if advice else "")
        results = selectors.search_directory(query, _page_number(request), PER_PAGE)
    return form, query, results


# A rendered search page is kept (cache.py, forgotten on any directory change) only for a
# visitor with no session: such a page depends on nothing but its URL and language (no CSRF
# token, as the form is a GET; no messages, which live in the session; the staff navigation is
# not drawn on public pages). Long query strings are not kept.
KEPT_QUERY_MAX = 300


def _page_key(request):
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None
    path = request.get_full_path()
    if len(path) > KEPT_QUERY_MAX:
        return None
    return ("search-page", get_language(), path)


@require_GET
def search(request):
    """The search page; a search already drawn for a visitor without a session is sent again
    from what is kept, so a repeated search costs about what a trivial page does (issue 20)."""
    key = _page_key(request)
    if key is None:
        return _search(request)
    body = directory_cache.get_page(key)
    if body is not None:
        return HttpResponse(body)
    response = _search(request)
    if response.status_code == 200:
        directory_cache.put_page(key, response.content)
    return response


def _search(request):
    advice = selectors.national_advice_service()
    form, query, results = _run_search(request, advice)
    council = query.council if query else None
    context = {
        "form": form,
        "results": results,
        "page": results,
        "query": query,
        "council": council,
        "local_offer": selectors.local_offer_service(council) if council else None,
        "national_advice": advice,
        "csv_query": request.GET.urlencode(),
        "nearby_query": _query_with(request, nearby="on"),
        "without_nearby_query": _query_with(request, nearby=None),
        "kinds": dict(KindOfSupport.choices),
    }
    response = render(request, "directory/search.html", context)
    if form.is_bound and not form.is_valid():
        response.status_code = 400
    return response


@require_GET
def search_csv(request):
    form, query, _ = _run_search(request, selectors.national_advice_service())
    if query is None:
        return HttpResponse("Search first, then save the list.\n", status=400,
                            content_type="text/plain; charset=utf-8")
    results = selectors.search_directory(query, 1, CSV_LIMIT)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="kinship-support.csv"'
    writer = csv.writer(response)
    writer.writerow(["Service", "Organisation", "Phone", "Email", "Web", "Distance (km)",
                     "Last checked", "Page on Kinship Hub"])
    for hit in results.hits:
        s = hit.service
        phone = next(iter(s.phones.all()), None)
        writer.writerow([_csv_safe(v) for v in [
            s.name, s.organization.name, phone.number if phone else "", s.email, s.url,
            f"{hit.distance_km:.0f}" if hit.distance_km is not None else "",
            s.last_checked.isoformat() if s.last_checked else "never",
            request.build_absolute_uri(reverse("directory:service", args=[s.pk])),
        ]])
    return response


@require_GET
def service_detail(request, service_id):
    service = selectors.get_service(service_id)
    if service is None:
        raise Http404("No such service")
    return render(request, "directory/service.html", {
        "service": service,
        "terms_by_kind": selectors.terms_by_kind(service),
        "kinds": dict(KindOfSupport.choices),
        "stale": selectors.is_stale(service),
        "locations": [sal.location for sal in service.service_at_locations.all()],
    })


@require_GET
def organization_detail(request, organization_id):
    organization = selectors.get_organization(organization_id)
    if organization is None:
        raise Http404("No such organisation")
    services = selectors.service_queryset().filter(organization=organization)
    return render(request, "directory/organization.html",
                  {"organization": organization, "services": services})


@require_GET
def local_offer(request, slug):
    council = get_council(slug)
    if council is None:
        raise Http404("No such council")
    offer = selectors.get_local_offer(council)
    current = offer.current if offer else None
    by_kind = selectors.local_offer_services_by_kind(council)
    sections = [
        {"code": k.value, "label": k.label,
         "text": (current.by_kind.get(k.value, "") if current else ""),
         "services": by_kind.get(k.value, [])}
        for k in KindOfSupport
    ]
    return render(request, "directory/local_offer.html", {
        "council": council,
        "offer": offer,
        "current": current,
        "versions": list(offer.versions.all()) if offer else [],
        "sections": sections,
        "team_service": selectors.local_offer_service(council),
        "team": offer.team if offer else None,
    })


@require_GET
def gaps(request):
    rows = selectors.provision_gaps()
    highest = max([r.total(k.value) for r in rows for k in KindOfSupport] or [1]) or 1
    gap_totals = {k.value: 0 for k in KindOfSupport}
    for row in rows:
        for kind, local, _national in row.cells():
            gap_totals[kind] += local == 0
    return render(request, "directory/gaps.html", {
        "rows": rows, "kinds": list(KindOfSupport), "highest": highest,
        "gap_count": sum(gap_totals.values()), "gap_totals": gap_totals,
        "gap_max": max(gap_totals.values()) or 1, "today": timezone.localdate(),
    })


@require_GET
def gaps_csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="kinship-provision-gaps.csv"'
    writer = csv.writer(response)
    writer.writerow(["council_code", "council", "kind_of_support", "kind_label",
                     "local_services", "national_services", "total", "gap"])
    labels = dict(KindOfSupport.choices)
    for row in selectors.provision_gaps():
        for kind, local, national in row.cells():
            writer.writerow([row.council.code, row.council.name, kind, labels[kind], local,
                             national, local + national, "yes" if local == 0 else "no"])
    return response
