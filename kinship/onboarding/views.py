"""Onboarding pages: platform administrators onboard organisations; organisation
administrators manage their own staff; invitees join. Thin: rules live in services,
selectors and permissions."""

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kinship.accounts.decorators import staff_required
from kinship.audit.services import record_denied, record_view

from . import selectors, services
from .forms import (
    AcceptForm,
    InviteForm,
    OrganisationFilterForm,
    OrganisationForm,
    ReasonForm,
    RoleForm,
)
from .permissions import roles_for


@staff_required(perm="onboarding.manage_organisations")
def organisations(request):
    form = OrganisationFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    rows = selectors.organisations_with_state(
        state=data.get("state", ""), text=data.get("q", "").strip()
    )
    return render(request, "onboarding/organisations.html", {"form": form, "rows": rows})


@require_http_methods(["GET", "POST"])
@staff_required(perm="onboarding.manage_organisations")
def organisation_new(request):
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            org, _invitation = services.onboard_organisation(
                services.NewOrganisation(
                    name=d["name"],
                    kind=d["kind"],
                    is_national=d["is_national"],
                    home_council=d["home_council"],
                    councils=d["councils"],
                    email=d["email"],
                    phone=d["phone"],
                    website=d["website"],
                    service_name=d["service_name"],
                    service_description=d["service_description"],
                    term_codes=d["terms"],
                    admin_name=d["admin_name"],
                    admin_email=d["admin_email"],
                ),
                by=request.user,
                request=request,
            )
        except services.OnboardingError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect(f"{reverse('onboarding:organisation', args=[org.pk])}?created=1")
    return render(
        request,
        "onboarding/organisation_new.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


def _organisation_or_404(request, org_pk):
    """The organisation, if this person manages its staff; otherwise 404, audited."""
    org = selectors.get_organisation(org_pk)
    if org is None or not request.user.has_perm("onboarding.manage_organisation_staff", org):
        record_denied(
            request,
            object_type="accounts.organisation",
            object_id=str(org_pk),
            reason="not an administrator of this organisation",
        )
        raise Http404(_("No such organisation."))
    return org


@staff_required(perm="onboarding.manage_staff")
def team(request):
    return redirect("onboarding:organisation", org_pk=request.user.organisation_id)


def _render_organisation(request, org, *, invite_form=None, reason_form=None, error="", status=200):
    roles = roles_for(org, request.user)
    return render(
        request,
        "onboarding/organisation.html",
        {
            "organisation": org,
            "state": selectors.STATES[selectors.state_of(org)],
            "staff": selectors.staff_of(org),
            "invite_form": invite_form or InviteForm(roles=roles, prefix="invite"),
            "reason_form": reason_form or ReasonForm(prefix="suspend"),
            "created": request.GET.get("created") == "1",
            "sent": request.GET.get("sent", "")[:254],
            "error": error,
        },
        status=status,
    )


@staff_required(perm="onboarding.manage_staff")
def organisation(request, org_pk):
    org = _organisation_or_404(request, org_pk)
    record_view(request, org, purpose="staff with access")
    return _render_organisation(request, org)


@require_POST
@staff_required(perm="onboarding.manage_staff")
def invite(request, org_pk):
    org = _organisation_or_404(request, org_pk)
    form = InviteForm(request.POST, roles=roles_for(org, request.user), prefix="invite")
    if form.is_valid():
        try:
            services.invite(
                organisation=org,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                role=form.cleaned_data["role"],
                by=request.user,
                request=request,
            )
        except services.OnboardingError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect(
                f"{reverse('onboarding:organisation', args=[org.pk])}"
                f"?sent={form.cleaned_data['email']}"
            )
    return _render_organisation(request, org, invite_form=form, status=400)


@require_POST
@staff_required(perm="onboarding.manage_organisations")
def suspend(request, org_pk):
    org = _organisation_or_404(request, org_pk)
    if request.POST.get("action") == "reinstate":
        services.reinstate_organisation(org, by=request.user, request=request)
        return redirect("onboarding:organisation", org_pk=org.pk)
    form = ReasonForm(request.POST, prefix="suspend")
    if form.is_valid():
        try:
            services.suspend_organisation(
                org, by=request.user, reason=form.cleaned_data["reason"], request=request
            )
        except services.OnboardingError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("onboarding:organisation", org_pk=org.pk)
    return _render_organisation(request, org, reason_form=form, status=400)


MEMBER_ACTIONS = ("role", "deactivate", "reactivate", "reset_second_factor")


@require_http_methods(["GET", "POST"])
@staff_required(perm="onboarding.manage_staff")
def member(request, org_pk, user_pk):
    org = _organisation_or_404(request, org_pk)
    person = selectors.member_of(org, user_pk)
    if person is None or not request.user.has_perm("onboarding.manage_member", person):
        record_denied(
            request,
            object_type="accounts.user",
            object_id=str(user_pk),
            reason="not a member this administrator manages",
        )
        raise Http404(_("No such member of staff."))
    roles = roles_for(org, request.user)
    forms = {
        "role": RoleForm(initial={"role": person.role}, roles=roles, prefix="role"),
        "deactivate": ReasonForm(prefix="deactivate"),
        "reset_second_factor": ReasonForm(prefix="reset_second_factor"),
    }
    error, status, done = "", 200, request.GET.get("done", "")[:40]
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if request.method == "POST":
        if action not in MEMBER_ACTIONS:
            error, status = _("Choose an action."), 400
        else:
            form = (
                RoleForm(request.POST, roles=roles, prefix="role")
                if action == "role"
                else ReasonForm(request.POST, prefix=action)
            )
            if action != "reactivate":
                forms[action] = form
            try:
                if action == "reactivate":
                    services.reactivate(person, by=request.user, request=request)
                elif not form.is_valid():
                    raise services.OnboardingError(_("Check the form below."))
                elif action == "role":
                    services.change_role(
                        person, form.cleaned_data["role"], by=request.user, request=request
                    )
                elif action == "deactivate":
                    services.deactivate(
                        person, by=request.user, reason=form.cleaned_data["reason"], request=request
                    )
                else:
                    services.reset_second_factor(
                        person, by=request.user, reason=form.cleaned_data["reason"], request=request
                    )
            except services.OnboardingError as exc:
                error, status = str(exc), 400
            else:
                return redirect(
                    f"{reverse('onboarding:member', args=[org.pk, person.pk])}?done={action}"
                )
    else:
        record_view(request, person, purpose="staff member's access")
    return render(
        request,
        "onboarding/member.html",
        {
            "organisation": org,
            "person": person,
            "forms": forms,
            "error": error,
            "done": done,
            "is_self": person.pk == request.user.pk,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def accept(request, token):
    """The invitation link: set a password, then (on the next page) a second factor."""
    invitation = services.find_invitation(token)
    if invitation is None:
        return render(request, "onboarding/join_invalid.html", status=404)
    form = AcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept(token, form.cleaned_data["password1"])
        except services.OnboardingError as exc:
            form.add_error("password1", str(exc))
        else:
            # Through the ordinary sign-in (so allauth records it), which then sends them to
            # set up an authenticator app before any staff page opens.
            query = urlencode({"next": reverse("accounts:staff_home"), "login": user.email})
            return redirect(f"{reverse('account_login')}?{query}")
    return render(
        request,
        "onboarding/join.html",
        {"form": form, "invitation": invitation},
        status=400 if form.is_bound else 200,
    )
