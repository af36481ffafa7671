"""Public pages: published releases, each table with its chart, its disclosure note and open
data (CSV and JSON built from the same stored rows). No personal data, no free text."""

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import presentation, selectors


@require_GET
def index(request):
    return render(
        request,
        "insights/index.html",
        {
            "releases": selectors.published_releases()[:100],
        },
    )


def _published(pk):
    release = selectors.published_release(pk)
    if release is None:
        raise Http404("No such published release")
    return release


def _tables(release, measure=None):
    tables = list(release.tables.all())
    if measure is not None:
        tables = [t for t in tables if f"{t.measure}-{t.geography}" == measure]
        if not tables:
            raise Http404("No such table")
    return tables


@require_GET
def release(request, pk):
    item = _published(pk)
    return render(
        request,
        "insights/release.html",
        {
            "release": item,
            "tables": [
                {
                    "table": t,
                    "grid": presentation.grid(t),
                    "chart": presentation.chart(t),
                    "note": presentation.disclosure_note(item, t),
                }
                for t in _tables(item)
            ],
        },
    )


def _filename(release, measure=None) -> str:
    name = f"kinship-insight-{release.period_kind}-{release.period_start:%Y-%m}"
    return f"{name}-{measure}" if measure else name


@require_GET
def release_csv(request, pk, measure=None):
    item = _published(pk)
    body = presentation.to_csv(item, _tables(item, measure))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(item, measure)}.csv"'
    return response


@require_GET
def release_json(request, pk, measure=None):
    item = _published(pk)
    return JsonResponse(
        presentation.to_json(item, _tables(item, measure)),
        json_dumps_params={"ensure_ascii": False},
    )
