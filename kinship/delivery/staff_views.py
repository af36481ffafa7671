"""Staff pages: platform staff keep the plan (status, owners, milestones, entered figures,
each change with a reason); analysts moderate "have your say" and decide suggested themes."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kinship.accounts.decorators import staff_required

from . import selectors, services
from .forms import (
    CommitmentForm,
    MilestoneForm,
    ModerateForm,
    ReadingForm,
    SuggestionForm,
    ThemeForm,
)
from .models import Indicator, Milestone
from .personal import redact

PLAN = "delivery.edit_plan"
MODERATE = "delivery.moderate_feedback"


def _commitment_or_404(pk):
    found = selectors.get_commitment_by_id(pk)
    if found is None:
        raise Http404("No such commitment")
    return found


@staff_required(perm=PLAN)
@require_http_methods(["GET"])
def plan(request):
    return render(
        request,
        "delivery/staff/plan.html",
        {"areas": selectors.areas_with_commitments(), "latest": selectors.latest_readings()},
    )


def _commitment_page(
    request, commitment, *, form=None, milestone_form=None, reading_forms=None, status=200
):
    reading_forms = reading_forms or {}
    entered = [
        (i, reading_forms.get(i.pk) or ReadingForm(unit=i.unit, prefix=f"r{i.pk}"))
        for i in commitment.indicators.filter(method=Indicator.Method.ENTERED)
    ]
    return render(
        request,
        "delivery/staff/commitment.html",
        {
            "commitment": commitment,
            "form": form
            or CommitmentForm(initial={"status": commitment.status, "owner": commitment.owner}),
            "milestone_form": milestone_form or MilestoneForm(prefix="m"),
            "entered": entered,
            "history": selectors.history(commitment),
        },
        status=status,
    )


@staff_required(perm=PLAN)
@require_http_methods(["GET", "POST"])
def commitment(request, pk):
    found = _commitment_or_404(pk)
    if request.method == "GET":
        return _commitment_page(request, found)
    form = CommitmentForm(request.POST)
    if not form.is_valid():
        return _commitment_page(request, found, form=form, status=400)
    change = services.update_commitment(request.user, found, **form.cleaned_data)
    messages.success(request, _("Saved.") if change else _("Nothing had changed."))
    return redirect("delivery_staff:commitment", pk=found.pk)


@staff_required(perm=PLAN)
@require_POST
def add_milestone(request, pk):
    found = _commitment_or_404(pk)
    form = MilestoneForm(request.POST, prefix="m")
    if not form.is_valid():
        return _commitment_page(request, found, milestone_form=form, status=400)
    data = form.cleaned_data
    services.add_milestone(
        request.user,
        found,
        services.MilestoneDetails(data["title"], data["due_on"], data["owner"], data["status"]),
        data["reason"],
    )
    messages.success(request, _("Milestone added."))
    return redirect("delivery_staff:commitment", pk=found.pk)


@staff_required(perm=PLAN)
@require_http_methods(["GET", "POST"])
def milestone(request, pk):
    found = Milestone.objects.select_related("commitment__area").filter(pk=pk).first()
    if found is None:
        raise Http404("No such milestone")
    if request.method == "GET":
        form = MilestoneForm(
            initial={
                "title": found.title,
                "due_on": found.due_on,
                "owner": found.owner,
                "status": found.status,
            }
        )
        return render(request, "delivery/staff/milestone.html", {"milestone": found, "form": form})
    form = MilestoneForm(request.POST)
    if not form.is_valid():
        return render(
            request, "delivery/staff/milestone.html", {"milestone": found, "form": form}, status=400
        )
    data = form.cleaned_data
    change = services.change_milestone(
        request.user,
        found,
        services.MilestoneDetails(data["title"], data["due_on"], data["owner"], data["status"]),
        data["reason"],
    )
    messages.success(request, _("Saved.") if change else _("Nothing had changed."))
    return redirect("delivery_staff:commitment", pk=found.commitment_id)


@staff_required(perm=PLAN)
@require_POST
def enter_reading(request, pk):
    indicator = (
        Indicator.objects.select_related("commitment")
        .filter(pk=pk, method=Indicator.Method.ENTERED)
        .first()
    )
    if indicator is None:
        raise Http404("No such entered indicator")
    form = ReadingForm(request.POST, unit=indicator.unit, prefix=f"r{indicator.pk}")
    if not form.is_valid():
        commitment = selectors.get_commitment_by_id(indicator.commitment_id)
        return _commitment_page(request, commitment, reading_forms={indicator.pk: form}, status=400)
    services.enter_reading(request.user, indicator, **form.cleaned_data)
    messages.success(request, _("Figure recorded."))
    return redirect("delivery_staff:commitment", pk=indicator.commitment_id)


@staff_required(perm=PLAN)
@require_POST
def compute(request):
    services.compute_all()
    messages.success(request, _("Indicators computed from live data."))
    return redirect("delivery_staff:plan")


# --- have your say -----------------------------------------------------------------------------


@staff_required(perm=MODERATE)
@require_http_methods(["GET"])
def responses(request):
    return render(
        request,
        "delivery/staff/responses.html",
        {
            "queue": selectors.moderation_queue(),
            "suggestions": selectors.pending_suggestions(),
            "agreement": selectors.agreement(),
            "themes": selectors.all_themes(),
        },
    )


@staff_required(perm=MODERATE)
@require_http_methods(["GET", "POST"])
def moderate(request, pk):
    found = selectors.get_response(pk)
    if found is None:
        raise Http404("No such response")
    if request.method == "GET":
        form = ModerateForm(
            initial={"published_text": redact(found.text) if found.may_publish else ""}
        )
        return render(request, "delivery/staff/moderate.html", {"response": found, "form": form})
    form = ModerateForm(request.POST)
    if not form.is_valid():
        return render(
            request, "delivery/staff/moderate.html", {"response": found, "form": form}, status=400
        )
    services.moderate(
        request.user,
        found,
        approve=form.cleaned_data["decision"] == "approve",
        published_text=form.cleaned_data["published_text"],
    )
    messages.success(request, _("Moderated."))
    return redirect("delivery_staff:responses")


@staff_required(perm=MODERATE)
@require_POST
def suggest(request):
    made = services.suggest_themes()
    messages.success(request, _("%(n)s themes suggested.") % {"n": made})
    return redirect("delivery_staff:responses")


@staff_required(perm=MODERATE)
@require_POST
def decide(request, pk):
    suggestion = selectors.get_suggestion(pk)
    if suggestion is None:
        raise Http404("No such suggestion")
    form = SuggestionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose accept, accept with a name, or reject."))
        return redirect("delivery_staff:responses")
    services.decide_suggestion(request.user, suggestion, **form.cleaned_data)
    messages.success(request, _("Decision recorded."))
    return redirect("delivery_staff:responses")


@staff_required(perm=MODERATE)
@require_http_methods(["GET", "POST"])
def theme(request, pk):
    found = selectors.get_theme(pk)
    if found is None:
        raise Http404("No such theme")
    if request.method == "GET":
        form = ThemeForm(initial={"commitment": found.commitment_id, "we_did": found.we_did})
        return render(request, "delivery/staff/theme.html", {"theme": found, "form": form})
    form = ThemeForm(request.POST)
    if not form.is_valid():
        return render(
            request, "delivery/staff/theme.html", {"theme": found, "form": form}, status=400
        )
    pk_ = form.cleaned_data["commitment"]
    services.link_theme(
        found,
        commitment=selectors.get_commitment_by_id(pk_) if pk_ else None,
        we_did=form.cleaned_data["we_did"],
    )
    messages.success(request, _("Theme saved."))
    return redirect("delivery_staff:responses")
