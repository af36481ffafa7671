"""Staff pages: the inbox, a referral with its actions and history, and sending a referral.
Thin: the rules live in services/selectors/lifecycle."""

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kinship.accounts.decorators import staff_required
from kinship.audit.models import AuditAction
from kinship.audit.services import record, record_denied, record_view
from kinship.audit.shortcuts import visible_or_404
from kinship.directory.selectors import kind_choices
from kinship.families.selectors import get_visible_household, household_list
from kinship.places.selectors import council_choices

from . import selectors, services
from .forms import (
    InboxFilterForm,
    NewReferralForm,
    RedirectForm,
    ServiceFilterForm,
    form_class_for,
)
from .lifecycle import Action, InvalidTransition, State

PER_PAGE = 25


def _page_number(request) -> int:
    try:
        return max(1, min(int(request.GET.get("page", 1)), 100_000))
    except (TypeError, ValueError):
        return 1


@staff_required(perm="referrals.work_on_referrals")
def inbox(request):
    form = InboxFilterForm(request.GET or None)
    filters = selectors.InboxFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.InboxFilters(box=data["box"] or "incoming", state=data["state"],
                                         urgency=data["urgency"], overdue=data["overdue"],
                                         reference=data["reference"].strip())
    counts = selectors.inbox_counts(request.user, filters.box)
    page = selectors.inbox_page(request.user, filters, _page_number(request), PER_PAGE, counts)
    state_counts = [(value, label, counts.get(value, 0)) for value, label in State.choices]
    return render(request, "referrals/staff/inbox.html", {
        "form": form, "page": page, "filters": filters, "counts": counts,
        "state_counts": state_counts,
    })


def _get_or_404(request, pk):
    return visible_or_404(request, selectors.get_referral(request.user, pk),
                          object_type="referrals.referral", object_id=pk,
                          reason="not a party to this referral, or no such referral",
                          message=_("No such referral."))


def _action_forms(request, referral, bound=None):
    services_list = selectors.service_choices(exclude_organisation_id=request.user.organisation_id)
    forms = []
    for action in selectors.allowed_actions(request.user, referral):
        if bound is not None and bound.initial.get("action") == action:
            forms.append((action, Action(action).label, bound))
            continue
        cls = form_class_for(action, referral.state)
        kwargs = {"services": services_list} if cls is RedirectForm else {}
        form = cls(initial={"version": referral.version, "action": action},
                   prefix=action, **kwargs)
        forms.append((action, Action(action).label, form))
    return forms


def _render_detail(request, referral, *, bound=None, error="", status=200):
    household = selectors.household_visible_to(request.user, referral)
    return render(request, "referrals/staff/detail.html", {
        "referral": referral,
        "events": selectors.events(referral),
        "action_forms": _action_forms(request, referral, bound),
        "household": household,
        "team": selectors.team_around_family(request.user, referral.household_id),
        "history": selectors.household_referrals(request.user, referral.household_id),
        "family_status": selectors.family_status(referral),
        "error": error,
    }, status=status)


@staff_required(perm="referrals.work_on_referrals")
def family(request, household_pk):
    """The team around one family and every referral it has had, for staff who may see it."""
    household = get_visible_household(request.user, household_pk)
    if household is None:
        record_denied(request, object_type="families.household", object_id=str(household_pk),
                      reason="family not visible to this organisation")
        raise Http404(_("No such family."))
    record_view(request, household, purpose="team around the family and referral history")
    return render(request, "referrals/staff/family.html", {
        "household": household,
        "team": selectors.team_around_family(request.user, household.pk),
        "history": selectors.household_referrals(request.user, household.pk),
    })


@staff_required(perm="referrals.work_on_referrals")
def detail(request, pk):
    referral = _get_or_404(request, pk)
    record_view(request, referral, purpose="referral")
    return _render_detail(request, referral)


@require_POST
@staff_required(perm="referrals.work_on_referrals")
def act(request, pk):
    referral = _get_or_404(request, pk)
    action = request.POST.get("action", "")[:16]
    if action not in Action.values:
        return _render_detail(request, referral, error=_("Choose an action."), status=400)
    cls = form_class_for(action, referral.state)
    kwargs = {}
    if cls is RedirectForm:
        kwargs["services"] = selectors.service_choices(
            exclude_organisation_id=request.user.organisation_id)
    form = cls(request.POST, prefix=action, initial={"action": action}, **kwargs)
    if not form.is_valid():
        return _render_detail(request, referral, bound=form, status=400)
    data = form.cleaned_data
    try:
        services.transition(
            referral.pk, action, request.user, data["version"],
            reason=data.get("reason", ""), outcome=data.get("outcome", ""),
            outcome_note=data.get("outcome_note", ""), to_service_id=data.get("to_service"),
            consent_method=data.get("consent_method", ""),
            consent_given_by_name=data.get("consent_given_by_name", ""), request=request,
            reason_code=data.get("reason_code", ""),
        )
    except services.StaleReferral as exc:
        referral = _get_or_404(request, pk)
        return _render_detail(request, referral, error=str(exc), status=409)
    except (InvalidTransition, services.ReferralError) as exc:
        form.add_error(None, str(exc))
        return _render_detail(request, referral, bound=form, status=400)
    except services.ReferralNotFound:
        record_denied(request, obj=referral, reason="not allowed to act on this referral")
        raise Http404(_("No such referral.")) from None
    if not selectors.get_referral(request.user, pk):
        # Passed on to another organisation: no longer ours to open, but ours to keep sight of.
        messages.success(request, _('Referral %(reference)s sent on. It is in your "Sent on" '
                                    "list.") % {"reference": referral.reference})
        return redirect("referrals_staff:sent_on")
    return redirect("referrals_staff:detail", pk=referral.pk)


@staff_required(perm="referrals.work_on_referrals")
def sent_on(request):
    """Read-only: what this organisation redirected elsewhere, and how it is going."""
    page = Paginator(selectors.sent_on(request.user), PER_PAGE).get_page(_page_number(request))
    record(actor=request.user, action=AuditAction.VIEW, object_type="referrals.referral",
           object_id="sent-on", request=request,
           purpose=f"sent on list: {', '.join(r.reference for r in page)}"[:255])
    return render(request, "referrals/staff/sent_on.html", {"page": page})


@require_http_methods(["GET", "POST"])
@staff_required(perm="referrals.work_on_referrals")
def new(request):
    households = [(h.pk, _household_label(h)) for h in household_list(request.user)[:500]]
    filters = _service_filters(request)
    services_list = selectors.service_choices(
        exclude_organisation_id=request.user.organisation_id,
        council_code=filters.cleaned_data.get("council", ""),
        kind=filters.cleaned_data.get("kind", ""), words=filters.cleaned_data.get("q", ""))
    page = {"filters": filters, "action": request.get_full_path()}
    if request.method == "POST":
        warned = request.POST.get("warned") == "1"
        form = NewReferralForm(request.POST, households=households, services=services_list,
                               warned=warned)
        gap = None
        if form.is_valid():
            data = form.cleaned_data
            gap = selectors.receiver_gap(data["to_service"], data["household"])
            if gap and not data.get("send_anyway"):
                # Tell the sender before sending, with the alternatives.
                form = NewReferralForm(request.POST, households=households,
                                       services=services_list, warned=True)
                return render(request, "referrals/staff/new.html",
                              {"form": form, "gap": gap, **page})
            try:
                created = services.create_referral(services.NewReferral(
                    household_id=data["household"], to_service_id=data["to_service"],
                    reason=data["reason"], asked_for=data["asked_for"],
                    idempotency_key=data["idempotency_key"], urgency=data["urgency"],
                    shared_items=data["shared_items"], shared_note=data["shared_note"],
                    consent_method=data["consent_method"],
                    consent_given_by_name=data["consent_given_by_name"],
                    enquiry_id=data["enquiry"],
                ), actor=request.user, request=request)
            except services.ReferralError as exc:
                form.add_error(None, str(exc))
            else:
                return render(request, "referrals/staff/sent.html",
                              {"referral": created.referral, "secret": created.secret,
                               "created": created.created})
        return render(request, "referrals/staff/new.html", {"form": form, **page}, status=400)
    initial = {"idempotency_key": uuid.uuid4().hex}
    for name in ("household", "enquiry"):
        if request.GET.get(name, "").isdigit() and len(request.GET[name]) < 10:
            initial[name] = int(request.GET[name])
    form = NewReferralForm(initial=initial, households=households, services=services_list)
    return render(request, "referrals/staff/new.html", {"form": form, **page})


def _service_filters(request) -> ServiceFilterForm:
    """The service list's filters, from the address. Until the sender chooses, the list
    shows services covering the chosen family's council (or all Scotland)."""
    data = request.GET.copy()
    if "council" not in data and data.get("household", "").isdigit():
        household = get_visible_household(request.user, data["household"][:9])
        if household is not None and household.council_id:
            data["council"] = household.council_id
    form = ServiceFilterForm(data, councils=council_choices(), kinds=kind_choices())
    form.is_valid()  # an invalid filter is dropped (cleaned_data keeps the valid ones)
    return form


def _household_label(household) -> str:
    carers = list(household.carers.all())
    name = carers[0].full_name if carers else _("No carer recorded")
    council = household.council.name if household.council else _("council not known")
    return f"{name} (family {household.pk}, {council})"
