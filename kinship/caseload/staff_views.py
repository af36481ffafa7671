"""Staff pages of the caseload: the list (filters, printable summary), one family's team and
dates with what to do, the team leader's counts, and the small forms that act from there.
Thin: rules live in selectors/services/permissions. Every view of a family is audited; a
family not open to the person is a 404 and the attempt is audited."""

import uuid

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kinship.accounts.decorators import staff_required
from kinship.audit.models import AuditAction
from kinship.audit.services import record, record_denied
from kinship.audit.shortcuts import visible_or_404
from kinship.referrals.selectors import service_choices

from . import selectors, services
from .forms import (
    ContactForm,
    FilterForm,
    MoveForm,
    NeedForm,
    PlacingCouncilForm,
    PlannedChangeForm,
    ReferActionForm,
    TakeOnForm,
)
from .models import HandOver, PartnerDomain


def _filters(request, form: FilterForm) -> selectors.Filters:
    data = form.cleaned_data if form.is_valid() else {}
    holder = data.get("holder") or "mine"
    worker_id = None
    if data.get("worker") and request.user.has_perm("caseload.lead_team"):
        worker_id = int(data["worker"])
    return selectors.Filters(holder=holder, show=data.get("show") or "", worker_id=worker_id)


def _audit_list(request, rows, what: str) -> None:
    record(
        actor=request.user,
        action=AuditAction.VIEW,
        object_type="caseload.caseload",
        object_id=what[:64],
        purpose="caseload",
        request=request,
        details={"households": [r.household.pk for r in rows]},
    )


def _list_context(request):
    leads = request.user.has_perm("caseload.lead_team")
    workers = list(selectors.workers(request.user)) if leads else []
    form = FilterForm(request.GET or None, workers=workers)
    filters = _filters(request, form)
    rows = selectors.caseload(request.user, filters)
    return {
        "form": form,
        "filters": filters,
        "rows": rows,
        "leads": leads,
        "domains": PartnerDomain.choices,
    }


@staff_required(perm="caseload.view_caseload")
def caseload(request):
    context = _list_context(request)
    _audit_list(request, context["rows"], context["filters"].holder)
    return render(request, "caseload/staff/caseload.html", context)


@staff_required(perm="caseload.view_caseload")
def summary(request):
    """The printable summary for supervision: the same rows, no forms."""
    context = _list_context(request)
    _audit_list(request, context["rows"], "summary")
    return render(request, "caseload/staff/summary.html", context)


@staff_required(perm="caseload.lead_team")
def team(request):
    counts, unallocated = selectors.worker_counts(request.user)
    return render(
        request, "caseload/staff/team.html", {"counts": counts, "unallocated": unallocated}
    )


def _row_or_404(request, pk):
    return visible_or_404(
        request,
        selectors.family_row(request.user, pk),
        object_type="families.household",
        object_id=pk,
        reason="family not open to this organisation",
        message=_("No such family."),
    )


def _render_family(request, row, *, forms=None, error="", status=200):
    leads = request.user.has_perm("caseload.lead_team")
    # The family's own council's services and national ones, not all of Scotland's.
    services_list = service_choices(
        exclude_organisation_id=request.user.organisation_id,
        council_code=row.household.council_id or "",
    )
    forms = forms or {}
    refs = selectors.all_rule_refs()
    responsibility = selectors.responsibility_for(row)
    context = {
        "row": row,
        "dated": [(d, refs[d.rule.key]) for d in row.dates],
        "contact_form": forms.get("contact") or ContactForm(prefix="contact"),
        "need_form": NeedForm(prefix="need"),
        "actions": [
            (
                a,
                None
                if a.referral_id
                else forms.get(f"refer{a.pk}")
                or ReferActionForm(
                    prefix=f"refer{a.pk}",
                    services=services_list,
                    initial={"idempotency_key": uuid.uuid4().hex},
                ),
            )
            for a in row.open_needs
        ],
        "children": [
            (c, forms.get(f"change{c.child.pk}") or PlannedChangeForm(prefix=f"change{c.child.pk}"))
            for c in row.children
        ],
        "take_on_form": TakeOnForm(
            prefix="take", workers=selectors.workers(request.user) if leads else ()
        ),
        "leads": leads,
        "error": error,
        "responsibility": responsibility,
        "responsible_children": [
            (
                cr,
                forms.get(f"placing{cr.child.pk}")
                or PlacingCouncilForm(
                    prefix=f"placing{cr.child.pk}",
                    initial={"council": cr.child.placing_council_id or ""},
                ),
            )
            for cr in responsibility.children
        ],
        "move_form": forms.get("move")
        or MoveForm(prefix="move", initial={"idempotency_key": uuid.uuid4().hex}),
    }
    return render(request, "caseload/staff/family.html", context, status=status)


@staff_required(perm="caseload.view_caseload")
def family(request, pk):
    row = _row_or_404(request, pk)
    record(
        actor=request.user,
        action=AuditAction.VIEW,
        obj=row.household,
        request=request,
        purpose="caseload: the family's team and dates",
    )
    return _render_family(request, row)


def _back(pk):
    return redirect("caseload_staff:family", pk=pk)


def _fail(request, pk, exc, forms=None):
    row = _row_or_404(request, pk)
    return _render_family(request, row, forms=forms, error=str(exc), status=400)


@require_POST
@staff_required(perm="caseload.view_caseload")
def take_on(request, pk):
    row = _row_or_404(request, pk)
    leads = request.user.has_perm("caseload.lead_team")
    workers = list(selectors.workers(request.user)) if leads else []
    form = TakeOnForm(request.POST, prefix="take", workers=workers)
    if not form.is_valid():
        return _render_family(request, row, error=_("Choose a colleague."), status=400)
    worker = next((w for w in workers if str(w.pk) == form.cleaned_data["worker"]), None)
    try:
        services.take_on(row.household.pk, actor=request.user, worker=worker, request=request)
    except services.CaseloadError as exc:
        return _fail(request, pk, exc)
    messages.success(request, _("The family is on the caseload."))
    return _back(row.household.pk)


@require_POST
@staff_required(perm="caseload.view_caseload")
def add_contact(request, pk):
    row = _row_or_404(request, pk)
    form = ContactForm(request.POST, prefix="contact")
    if not form.is_valid():
        return _render_family(request, row, forms={"contact": form}, status=400)
    try:
        services.add_team_contact(
            row.household.pk, actor=request.user, request=request, **form.cleaned_data
        )
    except services.CaseloadError as exc:
        return _fail(request, pk, exc, {"contact": form})
    messages.success(request, _("Contact added to the team around the family."))
    return _back(row.household.pk)


def _action_household_or_404(request, action_pk) -> int:
    """The household of an agreed action the user may see; 404 (audited) otherwise."""
    try:
        action = services.visible_action(request.user, action_pk)
    except services.CaseloadError:
        record_denied(
            request,
            object_type="assessments.agreedaction",
            object_id=str(action_pk)[:64],
            reason="action not visible",
        )
        raise Http404(_("No such agreed action.")) from None
    return action.assessment.household_id


@require_POST
@staff_required(perm="caseload.view_caseload")
def set_need(request, action_pk):
    household_id = _action_household_or_404(request, action_pk)
    form = NeedForm(request.POST, prefix="need")
    if not form.is_valid():
        return _fail(request, household_id, _("Choose the partner this action needs."))
    services.set_action_need(
        action_pk, actor=request.user, request=request, domain=form.cleaned_data["domain"]
    )
    messages.success(request, _("Saved which partner the action needs."))
    return _back(household_id)


@require_POST
@staff_required(perm="caseload.view_caseload")
def refer_action(request, action_pk):
    household_id = _action_household_or_404(request, action_pk)
    form = ReferActionForm(
        request.POST,
        prefix=f"refer{int(action_pk)}",
        services=service_choices(exclude_organisation_id=request.user.organisation_id),
    )
    if not form.is_valid():
        return _fail(
            request,
            household_id,
            _("Choose a service to refer to."),
            {f"refer{int(action_pk)}": form},
        )
    data = form.cleaned_data
    try:
        services.refer_for_action(
            action_pk,
            actor=request.user,
            request=request,
            service_id=data["service"],
            idempotency_key=data["idempotency_key"],
            consent_method=data["consent_method"],
        )
    except services.CaseloadError as exc:
        return _fail(request, household_id, exc, {f"refer{int(action_pk)}": form})
    messages.success(request, _("Referral sent: the partner is now asked."))
    return _back(household_id)


@require_POST
@staff_required(perm="caseload.view_caseload")
def plan_change(request, pk, child_pk):
    row = _row_or_404(request, pk)
    _child_or_404(request, row, child_pk)
    form = PlannedChangeForm(request.POST, prefix=f"change{int(child_pk)}")
    if not form.is_valid():
        return _render_family(request, row, forms={f"change{int(child_pk)}": form}, status=400)
    try:
        services.plan_order_change(
            child_pk, actor=request.user, request=request, **form.cleaned_data
        )
    except services.CaseloadError as exc:
        return _fail(request, pk, exc, {f"change{int(child_pk)}": form})
    messages.success(request, _("Order change recorded; its date is on the caseload."))
    return _back(row.household.pk)


def _child_or_404(request, row, child_pk):
    if not any(str(c.child.pk) == str(child_pk) for c in row.children):
        record_denied(
            request,
            object_type="families.child",
            object_id=str(child_pk)[:64],
            reason="child not in this family",
        )
        raise Http404(_("No such child."))


@require_POST
@staff_required(perm="caseload.view_caseload")
def placing_council(request, pk, child_pk):
    row = _row_or_404(request, pk)
    _child_or_404(request, row, child_pk)
    prefix = f"placing{int(child_pk)}"
    form = PlacingCouncilForm(request.POST, prefix=prefix)
    if not form.is_valid():
        return _render_family(request, row, forms={prefix: form}, status=400)
    try:
        services.set_placing_council(
            child_pk,
            actor=request.user,
            council_code=form.cleaned_data["council"],
            request=request,
        )
    except services.CaseloadError as exc:
        return _fail(request, pk, exc, {prefix: form})
    messages.success(request, _("Saved the council responsible for the child."))
    return _back(row.household.pk)


MOVE_MESSAGES = {
    HandOver.Outcome.REFERRED: gettext_lazy(
        "Move recorded. The family is referred to %(team)s; you keep the family until they accept."
    ),
    HandOver.Outcome.NO_CONSENT: gettext_lazy(
        "Move recorded. The family has not agreed to share their details with %(team)s, so "
        "they were not referred. Ask the family, then refer them."
    ),
    HandOver.Outcome.NO_TEAM: gettext_lazy(
        "Move recorded. The new council has no kinship team taking referrals here: contact "
        "the council directly."
    ),
    HandOver.Outcome.OWN_TEAM: gettext_lazy(
        "Move recorded. Your organisation is the new council's team."
    ),
    HandOver.Outcome.NOT_NEEDED: gettext_lazy(
        "Move recorded. Local support stays with the same council."
    ),
}


@require_POST
@staff_required(perm="caseload.view_caseload")
def moved(request, pk):
    row = _row_or_404(request, pk)
    form = MoveForm(request.POST, prefix="move")
    if not form.is_valid():
        return _render_family(request, row, forms={"move": form}, status=400)
    data = form.cleaned_data
    try:
        result = services.record_move(
            row.household.pk,
            actor=request.user,
            council_code=data["council"],
            moved_on=data["moved_on"],
            idempotency_key=data["idempotency_key"],
            consent_method=data["consent_method"],
            request=request,
        )
    except services.CaseloadError as exc:
        return _fail(request, pk, exc, {"move": form})
    team = result.team.name if result.team else ""
    message = str(MOVE_MESSAGES[result.hand_over.outcome]) % {"team": team}
    if result.hand_over.outcome == HandOver.Outcome.REFERRED:
        messages.success(request, message)
    else:
        messages.warning(request, message)
    return _back(row.household.pk)
