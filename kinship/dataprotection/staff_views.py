"""Staff pages: what is due for anonymisation and what is held (per organisation), the
organisation's retention periods, one family's holds and requests, a request's decision and
its access export. Thin: rules live in services, selectors and permissions.

A family or request the organisation cannot see is a 404 and the attempt is audited; every
view of a family's data-protection page and every download of an export is audited."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kinship.accounts.decorators import staff_required
from kinship.audit.models import AuditAction
from kinship.audit.services import record, record_denied, record_view
from kinship.audit.shortcuts import visible_or_404
from kinship.families.selectors import get_visible_household

from . import selectors, services
from .forms import DecisionForm, HoldForm, PeriodForm, RequestForm
from .models import LegalHold, RequestKind

PERM = "dataprotection.handle_requests"


def _household(request, pk):
    return visible_or_404(
        request,
        get_visible_household(request.user, pk),
        object_type="families.household",
        object_id=pk,
        reason="data protection: family not visible to this organisation",
        message=_("No such family."),
    )


def _request(request, pk):
    return visible_or_404(
        request,
        selectors.get_request(request.user.organisation_id, pk),
        object_type="dataprotection.rightsrequest",
        object_id=pk,
        reason="data protection: request of another organisation",
        message=_("No such request."),
    )


@staff_required(perm="dataprotection.manage_retention")
def overview(request):
    organisation = request.user.organisation
    due = selectors.due_for_organisation(organisation, days=30)
    record(
        actor=request.user,
        action=AuditAction.VIEW,
        object_type="dataprotection.due",
        purpose="records due for anonymisation",
        request=request,
    )
    return render(
        request,
        "dataprotection/staff/overview.html",
        {
            "due": due,
            "holds": selectors.organisation_holds(organisation.pk),
            "requests": selectors.organisation_requests(organisation.pk)[:50],
        },
    )


@staff_required(perm="dataprotection.view_schedule")
@require_http_methods(["GET", "POST"])
def schedule_page(request):
    may_set = request.user.has_perm("dataprotection.manage_retention")
    posted = request.POST if request.method == "POST" else None
    form = PeriodForm(posted) if may_set else None
    if request.method == "POST":
        if form is None:
            record_denied(request, reason="data protection: role may not set periods")
            raise PermissionDenied(_("Only your organisation's administrator sets periods."))
        if form.is_valid():
            try:
                services.set_period(
                    request.user.organisation,
                    form.cleaned_data["rule_key"],
                    form.cleaned_data["months"],
                    actor=request.user,
                )
            except services.DataProtectionError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Retention period saved."))
                return redirect("dataprotection_staff:schedule")
    return render(
        request,
        "dataprotection/staff/schedule.html",
        {"rows": selectors.schedule_for(request.user.organisation_id), "form": form},
        status=400 if form is not None and form.errors else 200,
    )


def _family_page(request, household, *, hold_form=None, request_form=None, status=200):
    organisation = request.user.organisation
    return render(
        request,
        "dataprotection/staff/family.html",
        {
            "household": household,
            "holds": LegalHold.objects.filter(household=household, organisation=organisation),
            "requests": selectors.organisation_requests(organisation.pk).filter(
                household=household
            ),
            "hold_form": hold_form or HoldForm(),
            "request_form": request_form or RequestForm(),
        },
        status=status,
    )


@staff_required(perm=PERM)
def family(request, household_pk):
    household = _household(request, household_pk)
    record_view(request, household, purpose="data protection: holds and requests")
    return _family_page(request, household)


@staff_required(perm="dataprotection.manage_retention")
@require_POST
def place_hold(request, household_pk):
    household = _household(request, household_pk)
    form = HoldForm(request.POST)
    if form.is_valid():
        try:
            services.place_hold(household, actor=request.user, **form.cleaned_data)
        except services.DataProtectionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Legal hold placed: these records will not be anonymised."))
            return redirect("dataprotection_staff:family", household_pk=household.pk)
    return _family_page(request, household, hold_form=form, status=400)


@staff_required(perm=PERM)
@require_POST
def record_request(request, household_pk):
    household = _household(request, household_pk)
    form = RequestForm(request.POST)
    if form.is_valid():
        try:
            made = services.record_request(household, actor=request.user, **form.cleaned_data)
        except services.DataProtectionError as error:
            form.add_error(None, str(error))
        else:
            if made.kind == RequestKind.ACCESS:
                messages.success(request, _("Request recorded. The export is being prepared."))
            else:
                messages.success(request, _("Request recorded."))
            return redirect("dataprotection_staff:request", pk=made.pk)
    return _family_page(request, household, request_form=form, status=400)


@staff_required(perm="dataprotection.manage_retention")
@require_POST
def lift_hold(request, pk):
    try:
        hold = LegalHold.objects.get(pk=int(pk), organisation_id=request.user.organisation_id)
    except (LegalHold.DoesNotExist, TypeError, ValueError, OverflowError):
        hold = None
    hold = visible_or_404(
        request,
        hold,
        object_type="dataprotection.legalhold",
        object_id=pk,
        reason="data protection: hold of another organisation",
        message=_("No such hold."),
    )
    services.lift_hold(hold, actor=request.user)
    messages.success(request, _("Legal hold lifted."))
    return redirect("dataprotection_staff:family", household_pk=hold.household_id)


@staff_required(perm=PERM)
@require_http_methods(["GET", "POST"])
def request_detail(request, pk):
    rights_request = _request(request, pk)
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_request(
                rights_request,
                actor=request.user,
                decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"],
            )
        except services.DataProtectionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("dataprotection_staff:request", pk=rights_request.pk)
    record_view(request, rights_request, purpose="family's data protection request")
    return render(
        request,
        "dataprotection/staff/request.html",
        {"r": rights_request, "form": form},
        status=400 if form.errors else 200,
    )


def _export(request, pk):
    rights_request = _request(request, pk)
    if rights_request.export_ready_at is None:
        return None, rights_request
    record(
        actor=request.user,
        action=AuditAction.EXPORT,
        obj=rights_request.household,
        purpose="family's right of access: export downloaded",
        request=request,
        details={"request": rights_request.pk},
    )
    return rights_request, rights_request


@staff_required(perm=PERM)
def export_json(request, pk):
    ready, rights_request = _export(request, pk)
    if ready is None:
        return HttpResponse(_("The export is not ready yet."), status=404)
    response = JsonResponse(ready.export_json, json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="family-{ready.household_id}.json"'
    return response


@staff_required(perm=PERM)
def export_pdf(request, pk):
    ready, rights_request = _export(request, pk)
    if ready is None:
        return HttpResponse(_("The export is not ready yet."), status=404)
    response = HttpResponse(bytes(ready.export_pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="family-{ready.household_id}.pdf"'
    return response
