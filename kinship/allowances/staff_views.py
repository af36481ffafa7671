"""Staff pages: a council's kinship team publishes its rates (check, preview, publish)."""


from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kinship.accounts.decorators import staff_required
from kinship.audit.services import record_denied
from kinship.places.selectors import get_council

from .forms import EnterRatesForm, RatesForm
from .permissions import council_of
from .selectors import (
    bands_against_sra,
    council_history,
    current_financial_year,
    latest_sra,
    next_version,
    sra_for_year,
)
from .services import PublicationDetails, publish_rates
from .uploads import template_csv


@staff_required(perm="allowances.publish")
@require_GET
def publications(request):
    place = council_of(request.user)
    return render(request, "allowances/staff/publications.html", {
        "council": place, "history": council_history(place) if place else [],
        "current_year": current_financial_year(),
    })


@staff_required(perm="allowances.publish")
@require_GET
def template(request):
    sra = latest_sra()
    body = template_csv(current_financial_year(), list(sra.bands) if sra else [])
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="allowance-rates-template.csv"'
    return response


def _council_to_publish(request, slug):
    place = get_council(slug)
    if place is None or place.slug != slug:
        raise Http404("No such council")
    if not request.user.has_perm("allowances.publish_for_council", place):
        record_denied(request, obj=place, reason="publish rates for another council")
        raise PermissionDenied("You can publish rates only for your own council.")
    return place


def _preview(request, place, form):
    context = {"council": place, "form": form, "groups": [
        {"group": g, "rows": bands_against_sra(g.bands, sra_for_year(g.financial_year)),
         "version": next_version(place, g.financial_year, g.carer_type)}
        for g in form.parsed.groups
    ]}
    return render(request, "allowances/staff/preview.html", context)


@staff_required(perm="allowances.publish")
@require_http_methods(["GET", "POST"])
def enter(request, slug):
    """Rates typed into boxes: checked by the same rules as a CSV, then the same preview."""
    place = _council_to_publish(request, slug)
    if request.method == "GET":
        sra = latest_sra()
        initial = {"financial_year": current_financial_year(), "carer_type": "kinship"}
        for i, band in enumerate(sra.bands if sra else [], start=1):
            initial[f"band_{i}_from"] = band.age_from
            initial[f"band_{i}_to"] = "" if band.age_to is None else band.age_to
        form = EnterRatesForm(initial=initial)
    else:
        form = EnterRatesForm(request.POST)
        if form.is_valid():
            rates_form = RatesForm(form.rates_form_data())
            if rates_form.is_valid():
                return _preview(request, place, rates_form)
            form.take_errors(rates_form)
    return render(request, "allowances/staff/enter.html", {"council": place, "form": form})


@staff_required(perm="allowances.publish")
@require_http_methods(["GET", "POST"])
def publish(request, slug):
    place = _council_to_publish(request, slug)
    context = {"council": place, "sra": sra_for_year(current_financial_year())}
    if request.method == "GET":
        context["form"] = RatesForm()
        return render(request, "allowances/staff/publish.html", context)
    form = RatesForm(request.POST, request.FILES)
    context["form"] = form
    action = request.POST.get("action", "check")
    if not form.is_valid():
        return render(request, "allowances/staff/publish.html", context)
    if action == "edit":
        return render(request, "allowances/staff/publish.html", {**context, "form": form})
    if action == "publish":
        data = form.cleaned_data
        pubs = publish_rates(
            place, form.parsed.groups,
            PublicationDetails(source_url=data["source_url"], notes=data["notes"],
                               effective_from=data["effective_from"]),
            user=request.user, request=request,
        )
        versions = "; ".join(
            _("%(year)s, %(type)s: version %(version)s") % {
                "year": p.financial_year, "type": p.get_carer_type_display(), "version": p.version}
            for p in pubs)
        messages.success(request, _("Published %(versions)s. Earlier versions stay public in "
                                    "the history.") % {"versions": versions})
        return redirect("allowances_staff:publications")
    return _preview(request, place, form)
