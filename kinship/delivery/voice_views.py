"""Have your say: families, young people and professionals say what works and what does not,
with no account and no name. Nothing is shown to anyone but a moderator until moderated."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kinship.throttle.client import client_ip

from . import selectors, services
from .forms import FeedbackForm
from .models import Area, Audience, Commitment

PAGES = {
    "families": (Audience.FAMILY, "delivery/voice/form.html"),
    "professionals": (Audience.PROFESSIONAL, "delivery/voice/form.html"),
    "young-people": (Audience.YOUNG_PERSON, "delivery/voice/young_people.html"),
}


@require_GET
def start(request):
    commitment = request.GET.get("commitment", "")
    return render(
        request,
        "delivery/voice/start.html",
        {"commitment": commitment if commitment.isdigit() and len(commitment) < 10 else ""},
    )


def _feedback(request, page: str):
    audience, template = PAGES[page]
    if request.method == "POST":
        form = FeedbackForm(request.POST, audience=audience)
        if form.is_valid() and form.is_spam():
            # Answered as if it worked, so a program learns nothing; nothing is kept.
            return redirect("voice:thanks", page=page)
        if form.is_valid() and not services.may_submit_feedback(client_ip(request)):
            form.add_error(
                None,
                _(
                    "A lot of responses have come from this connection in the last hour. "
                    "Please try again later: what you wrote is still here."
                ),
            )
            return render(request, template, {"form": form, "page": page}, status=429)
        if form.is_valid():
            area_id, commitment_id = form.target()
            data = form.cleaned_data
            services.submit_response(
                audience=audience,
                works=data["works"],
                does_not_work=data["does_not_work"],
                may_publish=data["may_publish"],
                area=Area.objects.filter(pk=area_id).first() if area_id else None,
                commitment=(
                    Commitment.objects.filter(pk=commitment_id).first() if commitment_id else None
                ),
            )
            return redirect("voice:thanks", page=page)
        return render(request, template, {"form": form, "page": page}, status=400)
    initial = {}
    chosen = request.GET.get("commitment", "")
    if chosen.isdigit() and len(chosen) < 10 and audience != Audience.YOUNG_PERSON:
        initial["about"] = f"commitment-{chosen}"
    return render(
        request, template, {"form": FeedbackForm(initial=initial, audience=audience), "page": page}
    )


@require_http_methods(["GET", "POST"])
def families(request):
    return _feedback(request, "families")


@require_http_methods(["GET", "POST"])
def young_people(request):
    return _feedback(request, "young-people")


@require_http_methods(["GET", "POST"])
def professionals(request):
    return _feedback(request, "professionals")


@require_GET
def thanks(request, page):
    young = page == "young-people"
    return render(request, "delivery/voice/thanks.html", {"young": young})


@require_GET
def you_said(request):
    return render(
        request,
        "delivery/voice/you_said.html",
        {"themes": selectors.public_themes(), "responses": selectors.published_responses()},
    )
