"""Public pages: mentoring (what it is, asking for a mentor), short breaks on offer, and the
page for professionals. No JavaScript needed; only the ask form sets the CSRF cookie."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kinship.places.selectors import all_councils, council_choices, get_council
from kinship.throttle import services as throttle
from kinship.throttle.client import client_ip

from . import leaflets as leaflet_module
from . import outreach, selectors, services
from .forms import AskForm, ProfessionalForm
from .models import RequestSource


def _posted(request):
    """The posted data (even empty, so an empty post is refused), or None for a GET."""
    return request.POST if request.method == "POST" else None


# Requests for a mentor from one address in an hour before we ask them to call instead.
ASKS_PER_HOUR = 20


def index(request):
    return render(request, "mentors/index.html", {})


@require_http_methods(["GET", "POST"])
def ask(request):
    source = request.GET.get("from", "")
    initial = {"source": source if source in RequestSource.values else RequestSource.DIRECT}
    form = AskForm(_posted(request), initial=initial)
    no_scheme = False
    if request.method == "POST" and form.is_valid():
        if throttle.hit("mentor_ask", client_ip(request), 3600) > ASKS_PER_HOUR:
            return render(
                request, "mentors/ask.html", {"form": form, "throttled": True}, status=429
            )
        data = form.cleaned_data
        try:
            found = services.ask_for_mentor(
                services.MentorAsk(
                    council_code=data["council"],
                    carer_name=data["carer_name"],
                    preferred_channel=data["preferred_channel"],
                    phone=data["phone"],
                    email=data["email"],
                    best_time=data["best_time"],
                    wants=data["wants"],
                    about=data["about"],
                    source=data["source"] or RequestSource.DIRECT,
                ),
                request=request,
            )
        except services.NoScheme:
            no_scheme = True
        except services.MentorError as error:
            form.add_error(None, str(error))
        else:
            return render(request, "mentors/asked.html", {"scheme": found.scheme})
    return render(
        request,
        "mentors/ask.html",
        {"form": form, "no_scheme": no_scheme},
        status=400 if form.errors else 200,
    )


def short_breaks(request):
    council = (
        get_council(request.GET.get("council", "")[:40]) if request.GET.get("council") else None
    )
    return render(
        request,
        "mentors/short_breaks.html",
        {
            "offers": selectors.published_offers(council.code if council else None)[:200],
            "council": council,
            "councils": council_choices(),
        },
    )


def professionals(request):
    return render(
        request,
        "mentors/professionals.html",
        {
            "line": settings.KINSHIP["NATIONAL_ADVICE_LINE"],
            "title": _("For professionals: kinship care support and how to refer"),
        },
    )


@require_http_methods(["GET", "POST"])
def refer(request):
    """A professional without an account refers a carer to the advice service."""
    form = ProfessionalForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        if throttle.hit("professional_refer", client_ip(request), 3600) > ASKS_PER_HOUR:
            return render(
                request, "mentors/refer.html", {"form": form, "throttled": True}, status=429
            )
        data = form.cleaned_data
        try:
            referred = outreach.refer_to_advice(
                outreach.ProfessionalDetails(
                    professional_name=data["professional_name"],
                    professional_role=data["professional_role"],
                    professional_organisation=data["professional_organisation"],
                    kind=data["kind"],
                    work_email=data["work_email"],
                    work_phone=data["work_phone"],
                    agreed_how=data["agreed_how"],
                    consent_statement=data["consent_statement"],
                    carer_name=data["carer_name"],
                    contact_method=data["contact_method"],
                    what_is_happening=data["what_is_happening"],
                    council_code=data["council"],
                    phone=data["phone"],
                    email=data["email"],
                    best_time=data["best_time"],
                ),
                request=request,
            )
        except services.MentorError as error:
            form.add_error(None, str(error))
        else:
            return render(
                request,
                "mentors/referred.html",
                {"reference": referred.referral.enquiry.reference, "token": referred.token},
            )
    return render(request, "mentors/refer.html", {"form": form}, status=400 if form.errors else 200)


def referral_progress(request, token):
    progress = outreach.progress_for(token)
    if progress is None:
        raise Http404(_("No such referral."))
    return render(request, "mentors/progress.html", {"progress": progress})


def leaflets(request):
    """Every council's printable leaflets and posters (no account needed)."""
    return render(
        request,
        "mentors/leaflets.html",
        {"councils": all_councils(), "title": _("Leaflets and posters for each council")},
    )


def council_leaflets(request, slug):
    council = get_council(slug)
    if council is None or council.slug != slug:
        raise Http404("No such council")
    rows = [
        {
            "kind": kind,
            "size": size,
            "links": [
                (language, reverse("mentors:leaflet_pdf", args=[slug, kind, size, language]))
                for language in leaflet_module.LANGUAGES
            ],
        }
        for kind in leaflet_module.KINDS
        for size in leaflet_module.SIZES
    ]
    return render(
        request,
        "mentors/council_leaflets.html",
        {"council": council, "rows": rows, "data": leaflet_module.leaflet_data(council)},
    )


@require_GET
def leaflet_pdf(request, slug, kind, size, language):
    council = get_council(slug)
    if (
        council is None
        or council.slug != slug
        or kind not in leaflet_module.KINDS
        or size not in leaflet_module.SIZES
        or language not in leaflet_module.LANGUAGES
    ):
        raise Http404("No such leaflet")
    pdf, key = leaflet_module.leaflet_pdf(council, kind, size, language)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{leaflet_module.filename(council, kind, size, language)}"'
    )
    response["ETag"] = f'"{key}"'
    return response
