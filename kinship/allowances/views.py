"""Public pages: the all-council comparison (page, CSV, JSON), a council's page and the
family check. GET only, no cookies, no JavaScript needed."""

import json
from urllib.parse import urlencode

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET

from kinship.places.selectors import get_council

from . import selectors
from .forms import CompareForm, FamilyForm
from .selectors import (
    NATIONAL_SOURCE_NOTE,
    bar_chart,
    compare_councils,
    comparison_csv,
    comparison_json,
    comparison_table,
    council_history,
    current_financial_year,
    estimate_for_family,
    kinship_team,
    sra_for_year,
)
from .sources import ALLOWANCE_SOURCES


def _comparison_or_errors(request):
    form = CompareForm(request.GET.dict())
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    return form, compare_councils(data["year"], data["carer_type"], form.selected_band())


@require_GET
def compare(request):
    form, comparison = _comparison_or_errors(request)
    context = {"form": form, "comparison": comparison, "current_year": current_financial_year(),
               "sra_note": NATIONAL_SOURCE_NOTE}
    if comparison is None:
        return render(request, "allowances/compare.html", context, status=400)
    data = form.cleaned_data
    context.update(
        pairs=list(zip(comparison.rows, comparison_table(comparison), strict=True)),
        chart=bar_chart(comparison),
        query=urlencode({k: data[k] for k in ("year", "carer_type", "band")}),
    )
    return render(request, "allowances/compare.html", context)


def _filename(comparison) -> str:
    return (f"allowances-{comparison.financial_year}-{comparison.carer_type}-"
            f"{comparison.band.label.replace('–', '-').replace('+', 'plus')}")


@require_GET
def compare_csv(request):
    form, comparison = _comparison_or_errors(request)
    if comparison is None:
        return HttpResponse(json.dumps(form.errors), status=400,
                            content_type="application/json")
    response = HttpResponse(comparison_csv(comparison), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(comparison)}.csv"'
    return response


@require_GET
def compare_json(request):
    form, comparison = _comparison_or_errors(request)
    if comparison is None:
        return JsonResponse({"errors": form.errors}, status=400)
    return JsonResponse(comparison_json(comparison), json_dumps_params={"ensure_ascii": False})


@require_GET
def publications_csv(request):
    response = HttpResponse(selectors.publications_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="allowance-publications.csv"'
    return response


@require_GET
def council(request, slug):
    place = get_council(slug)
    if place is None or place.slug != slug:
        raise Http404("No such council")
    year = current_financial_year()
    try:
        local_offer_url = reverse("directory:local_offer", args=[place.slug])
    except NoReverseMatch:  # the directory app is optional to this page
        local_offer_url = ""
    return render(request, "allowances/council.html", {
        "local_offer_url": local_offer_url,
        "council": place, "history": council_history(place), "current_year": year,
        "sra": sra_for_year(year), "sra_note": NATIONAL_SOURCE_NOTE, "team": kinship_team(place),
    })


@require_GET
def what_should_i_get(request):
    # A link may name the council only (from a council's page): start the form with it.
    if "arrangement" in request.GET or "children" in request.GET:
        form = FamilyForm(request.GET)
    else:
        form = FamilyForm(initial={"council": request.GET.get("council", "")[:20]})
    estimate = None
    status = 200
    if form.is_bound:
        if form.is_valid():
            place = get_council(form.cleaned_data["council"])
            estimate = estimate_for_family(place, form.cleaned_data["arrangement"],
                                           form.cleaned_data["children"])
        else:
            status = 400
    return render(request, "allowances/what_should_i_get.html", {
        "form": form, "estimate": estimate, "sources": ALLOWANCE_SOURCES,
        "sra_note": NATIONAL_SOURCE_NOTE,
    }, status=status)
