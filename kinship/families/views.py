"""Staff pages for family records. Every page is audited; another organisation's family is a
404, recorded as a refused access."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kinship.accounts.decorators import staff_required
from kinship.audit.models import AuditAction
from kinship.audit.services import record, record_view
from kinship.audit.shortcuts import visible_or_404

from . import selectors, services
from .forms import ArrangementForm, HouseholdSearchForm, ShareConsentForm
from .models import Child, Consent, ConsentScope


def household_or_404(request, pk):
    return visible_or_404(request, selectors.get_visible_household(request.user, pk),
                          object_type="families.household", object_id=pk,
                          reason="not held by, or shared with, this organisation",
                          message=_("No family found."))


@staff_required(perm="families.open_records")
def household_list(request):
    form = HouseholdSearchForm(request.GET or None)
    text = form.cleaned_data["q"] if form.is_bound and form.is_valid() else ""
    page = Paginator(selectors.household_list(request.user, text), 25).get_page(
        request.GET.get("page"))
    # Viewing the list shows names, so it is recorded once per page viewed.
    record(actor=request.user, action=AuditAction.VIEW, object_type="families.household",
           object_id="list", purpose="family list", request=request,
           details={"ids": [h.pk for h in page]})
    return render(request, "families/household_list.html",
                  {"form": form, "page": page})


@staff_required(perm="families.open_records")
def household_detail(request, pk):
    household = household_or_404(request, pk)
    record_view(request, household, purpose="family record")
    return render(request, "families/household_detail.html", {
        "household": household,
        "consents": list(household.consents.all()),
        "share_form": ShareConsentForm(),
    })


@require_POST
@staff_required(perm="families.open_records")
def record_share_consent(request, pk):
    household = household_or_404(request, pk)
    form = ShareConsentForm(request.POST)
    if not form.is_valid():
        record_view(request, household, purpose="family record")
        return render(request, "families/household_detail.html", {
            "household": household, "consents": list(household.consents.all()),
            "share_form": form,
        }, status=400)
    services.record_consent(
        household, actor=request.user, scope=ConsentScope.SHARE_WITH_ORGANISATION,
        organisation=form.cleaned_data["organisation"], method=form.cleaned_data["method"],
        given_by=selectors.main_carer(household), request=request,
    )
    messages.success(request, _("Consent to share recorded."))
    return redirect("families_staff:detail", pk=household.pk)


@require_POST
@staff_required(perm="families.open_records")
def withdraw_consent(request, pk, consent_pk):
    household = household_or_404(request, pk)
    consent = get_object_or_404(Consent, pk=consent_pk, household=household)
    services.withdraw_consent(consent, actor=request.user, request=request)
    messages.success(request, _("Consent withdrawn."))
    if selectors.get_visible_household(request.user, household.pk) is None:
        return redirect("families_staff:list")
    return redirect("families_staff:detail", pk=household.pk)


@staff_required(perm="families.change_arrangement")
def change_arrangement(request, pk, child_pk):
    """Record a child's new legal arrangement. A form with errors keeps what was entered."""
    household = household_or_404(request, pk)
    child = get_object_or_404(Child, pk=child_pk, household=household)
    record_view(request, household, purpose="change a child's legal arrangement")
    form = ArrangementForm(request.POST or None,
                           initial={"legal_arrangement": child.legal_arrangement})
    if request.method == "POST" and form.is_valid():
        change = services.child_change_arrangement(
            child, form.cleaned_data["legal_arrangement"], actor=request.user,
            started_on=form.cleaned_data["started_on"], note=form.cleaned_data["note"],
            request=request)
        messages.success(request, _("Legal arrangement recorded.") if change
                         else _("Nothing changed: that is the arrangement already recorded."))
        return redirect("families_staff:detail", pk=household.pk)
    return render(request, "families/change_arrangement.html",
                  {"household": household, "child": child, "form": form},
                  status=400 if form.is_bound else 200)
