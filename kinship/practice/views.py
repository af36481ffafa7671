"""Public pages of the practice hub: learning resources and training events for carers, with a
sign-up that asks only for a name and one contact, and calendar files. No JavaScript needed;
pages without a form set no cookie."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kinship.core.email import site_url

from . import ical, selectors, services
from .forms import CarerSignUpForm
from .models import Audience, Topic


def _public_link(event) -> str:
    return site_url() + reverse("practice:event", args=[event.pk])


@require_http_methods(["GET"])
def index(request):
    topic = request.GET.get("topic", "")
    topic = topic if topic in Topic.values else ""
    query = selectors.clean_query(request.GET.get("q"))
    return render(
        request,
        "practice/index.html",
        {
            "resources": selectors.resources(topic=topic, public=True)[:100],
            "events": selectors.upcoming_events(Audience.CARERS, topic)[:50],
            "results": selectors.search(query) if query else None,
            "topics": Topic.choices,
            "topic": topic,
            "query": query,
        },
    )


def _carer_event_or_404(pk):
    event = selectors.get_event(pk, Audience.CARERS)
    if event is None:
        raise Http404(_("No such event."))
    return event


@require_http_methods(["GET", "POST"])
def event(request, pk):
    found = _carer_event_or_404(pk)
    request.no_store = request.method == "POST"
    form = CarerSignUpForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.sign_up_carer(
                    found, form.cleaned_data["name"], form.cleaned_data["contact"]
                )
            except services.EventFull:
                form.add_error(None, _("Sorry, this event is full."))
            except services.ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                return redirect(reverse("practice:event", args=[found.pk]) + "?booked=1")
        status = 400
    return render(
        request,
        "practice/event.html",
        {
            "event": found,
            "left": max(0, found.capacity - found.taken),
            "form": form,
            "booked": request.GET.get("booked") == "1",
        },
        status=status,
    )


def _ics(events, filename: str) -> HttpResponse:
    response = HttpResponse(
        ical.calendar(events, site_url(), _public_link), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET"])
def event_calendar(request, pk):
    found = _carer_event_or_404(pk)
    return _ics([found], f"event-{found.pk}.ics")


@require_http_methods(["GET"])
def feed(request):
    """Every upcoming carers' event, as a calendar feed to subscribe to."""
    return _ics(selectors.upcoming_events(Audience.CARERS)[:200], "kinship-events.ics")
