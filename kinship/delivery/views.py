"""Public pages of the delivery tracker: the plan, each area and commitment, open data.
GET only, no cookies, no JavaScript needed."""

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import selectors


@require_GET
def index(request):
    return render(
        request,
        "delivery/index.html",
        {
            "areas": selectors.areas_with_commitments(),
            "totals": selectors.status_totals(),
            "history": selectors.history(limit=20),
            "themes": selectors.public_themes(),
        },
    )


@require_GET
def area(request, slug):
    found = selectors.get_area(slug)
    if found is None:
        raise Http404("No such area of the offer")
    return render(request, "delivery/area.html", {"area": found})


@require_GET
def commitment(request, slug):
    found = selectors.get_commitment(slug)
    if found is None:
        raise Http404("No such commitment")
    return render(
        request,
        "delivery/commitment.html",
        {
            "commitment": found,
            "panels": selectors.indicator_panels(found),
            "history": selectors.history(found),
            "themes": selectors.public_themes(found),
            "responses": selectors.published_responses(found),
        },
    )


def _download(body: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def plan_csv(request):
    return _download(selectors.plan_csv(), "delivery-plan.csv")


@require_GET
def plan_json(request):
    return JsonResponse(selectors.plan_json(), json_dumps_params={"ensure_ascii": False})


@require_GET
def indicators_csv(request):
    return _download(selectors.readings_csv(), "delivery-indicators.csv")


@require_GET
def indicators_json(request):
    return JsonResponse(
        {"readings": selectors.readings_rows()}, json_dumps_params={"ensure_ascii": False}
    )
