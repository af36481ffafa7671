"""Staff pages: the scheme (requests, mentors, matches), a mentor's own families, a match with
its contacts, review and ending, short-break offers, and a worker asking for a mentor or a
short break for a family. Thin: the rules are in services and selectors."""

import uuid

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kinship.accounts.decorators import staff_required
from kinship.audit.services import record_view
from kinship.audit.shortcuts import visible_or_404
from kinship.directory.models import Service, ServiceStatus
from kinship.families.selectors import household_list, main_carer

from . import selectors, services
from .forms import (
    BreakRequestForm,
    CloseRequestForm,
    ContactForm,
    EndForm,
    FamilyAskForm,
    MatchForm,
    MentorForm,
    OfferForm,
    ReviewForm,
)


def _posted(request):
    """The posted data (even empty, so an empty post is refused), or None for a GET."""
    return request.POST if request.method == "POST" else None


def _household_label(household) -> str:
    carers = list(household.carers.all())
    name = carers[0].full_name if carers else _("No carer recorded")
    council = household.council.name if household.council else _("council not known")
    return f"{name} (family {household.pk}, {council})"


def _households(user):
    return [(h.pk, _household_label(h)) for h in household_list(user)[:500]]


def _details(data) -> services.MentorDetails:
    return services.MentorDetails(
        council_codes=data["councils"],
        offers=data["offers"],
        availability=data["availability"],
        checks_confirmed_on=data["checks_confirmed_on"],
        checks_renew_by=data["checks_renew_by"],
        is_active=data["is_active"],
    )


# --- the scheme -----------------------------------------------------------------------------


@staff_required(perm="mentors.coordinate")
def scheme(request):
    user = request.user
    return render(
        request,
        "mentors/staff/scheme.html",
        {
            "requests": selectors.scheme_requests(user)[:200],
            "mentors": selectors.scheme_mentors(user),
            "matches": selectors.visible_matches(user).filter(ended_at__isnull=True)[:200],
            "reviews_due": selectors.reviews_due(user),
            "today": timezone.localdate(),
            "can_register": selectors.unregistered_mentor_staff(user).exists(),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_required(perm="mentors.coordinate")
def mentor_new(request):
    users = selectors.unregistered_mentor_staff(request.user)
    form = MentorForm(_posted(request), users=users)
    if request.method == "POST" and form.is_valid():
        try:
            mentor = services.register_mentor(
                form.cleaned_data["user"],
                _details(form.cleaned_data),
                actor=request.user,
                request=request,
            )
        except services.MentorError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("%(name)s is registered as a mentor.") % {"name": mentor.name}
            )
            return redirect("mentors_staff:scheme")
    return render(
        request,
        "mentors/staff/mentor_form.html",
        {"form": form, "mentor": None},
        status=400 if form.errors else 200,
    )


def _mentor_or_404(request, pk):
    return visible_or_404(
        request,
        selectors.get_scheme_mentor(request.user, pk),
        object_type="mentors.mentor",
        object_id=pk,
        reason="not this scheme's mentor",
        message=_("No such mentor."),
    )


@require_http_methods(["GET", "POST"])
@staff_required(perm="mentors.coordinate")
def mentor(request, pk):
    found = _mentor_or_404(request, pk)
    initial = {
        "councils": [c.code for c in found.councils.all()],
        "offers": found.offers,
        "availability": found.availability,
        "checks_confirmed_on": found.checks_confirmed_on,
        "checks_renew_by": found.checks_renew_by,
        "is_active": found.is_active,
    }
    form = MentorForm(_posted(request), initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_mentor(
                found, _details(form.cleaned_data), actor=request.user, request=request
            )
        except services.MentorError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Mentor details saved."))
            return redirect("mentors_staff:scheme")
    return render(
        request,
        "mentors/staff/mentor_form.html",
        {"form": form, "mentor": found},
        status=400 if form.errors else 200,
    )


def _request_or_404(request, pk):
    return visible_or_404(
        request,
        selectors.get_scheme_request(request.user, pk),
        object_type="mentors.mentorrequest",
        object_id=pk,
        reason="not this scheme's request",
        message=_("No such request."),
    )


def _mentor_choices(mentor_request):
    local = list(selectors.matchable_mentors(mentor_request))
    others = [
        m for m in selectors.matchable_mentors(mentor_request, any_area=True) if m not in local
    ]

    def label(m, far):
        text = _("%(name)s: %(offers)s; %(availability)s; %(n)s open matches") % {
            "name": m.name,
            "offers": ", ".join(m.offer_labels),
            "availability": m.availability,
            "n": m.open_matches,
        }
        return text + (_(" (does not cover this area)") if far else "")

    return [(m.pk, label(m, False)) for m in local] + [(m.pk, label(m, True)) for m in others]


@require_http_methods(["GET", "POST"])
@staff_required(perm="mentors.coordinate")
def request_detail(request, pk):
    mentor_request = _request_or_404(request, pk)
    record_view(request, mentor_request, purpose="mentor request")
    due = timezone.localdate() + timezone.timedelta(days=services.review_after_days())
    form = MatchForm(
        _posted(request),
        mentors=_mentor_choices(mentor_request),
        initial={"review_due_on": due},
    )
    close_form = CloseRequestForm(prefix="close")
    if request.method == "POST" and form.is_valid():
        try:
            found = services.match(
                mentor_request.pk,
                form.cleaned_data["mentor"],
                actor=request.user,
                review_due_on=form.cleaned_data["review_due_on"],
                request=request,
            )
        except services.MentorError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Matched with %(name)s. We have introduced them.") % {"name": found.mentor.name},
            )
            return redirect("mentors_staff:match", found.pk)
    return render(
        request,
        "mentors/staff/request.html",
        {
            "mentor_request": mentor_request,
            "form": form,
            "close_form": close_form,
            "match": getattr(mentor_request, "match", None),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@staff_required(perm="mentors.coordinate")
def request_close(request, pk):
    mentor_request = _request_or_404(request, pk)
    form = CloseRequestForm(request.POST, prefix="close")
    if form.is_valid():
        try:
            services.close_request(
                mentor_request, actor=request.user, note=form.cleaned_data["note"], request=request
            )
        except services.MentorError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Request closed."))
            return redirect("mentors_staff:scheme")
    else:
        messages.error(request, _("Say why the request is closed without a match."))
    return redirect("mentors_staff:request", mentor_request.pk)


# --- matches --------------------------------------------------------------------------------


@staff_required(perm="mentors.mentor")
def mine(request):
    return render(
        request,
        "mentors/staff/mine.html",
        {
            "matches": selectors.visible_matches(request.user).filter(ended_at__isnull=True),
            "ended": selectors.visible_matches(request.user).filter(ended_at__isnull=False)[:50],
        },
    )


def _match_or_404(request, pk):
    return visible_or_404(
        request,
        selectors.get_visible_match(request.user, pk),
        object_type="mentors.match",
        object_id=pk,
        reason="not this scheme's match, or not the mentor's own",
        message=_("No such match."),
    )


def _may_see_matches(user) -> bool:
    return user.has_perm("mentors.coordinate") or user.has_perm("mentors.mentor")


def _render_match(
    request, found, *, contact_form=None, review_form=None, end_form=None, status=200
):
    household = found.household
    record_view(request, household, purpose="mentor match")
    is_coordinator = request.user.has_perm("mentors.coordinate")
    return render(
        request,
        "mentors/staff/match.html",
        {
            "match": found,
            "household": household,
            "carer": main_carer(household),
            "children": list(household.children.all()),
            "contacts": found.contacts.select_related("logged_by")[:100],
            "contact_form": contact_form or ContactForm(prefix="contact"),
            "review_form": review_form
            or ReviewForm(
                prefix="review",
                initial={"version": found.version, "next_review_on": found.review_due_on},
            ),
            "end_form": end_form or EndForm(prefix="end", initial={"version": found.version}),
            "is_coordinator": is_coordinator,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@staff_required
def match(request, pk):
    if not _may_see_matches(request.user):
        visible_or_404(
            request,
            None,
            object_type="mentors.match",
            object_id=pk,
            reason="role without mentor matches",
            message=_("No such match."),
        )
    found = _match_or_404(request, pk)
    if request.method != "POST":
        return _render_match(request, found)
    which = request.POST.get("form", "")
    try:
        if which == "review" and request.user.has_perm("mentors.coordinate"):
            form = ReviewForm(request.POST, prefix="review")
            if not form.is_valid():
                return _render_match(request, found, review_form=form, status=400)
            services.review(
                found,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                note=form.cleaned_data["note"],
                next_review_on=form.cleaned_data["next_review_on"],
                request=request,
            )
            messages.success(request, _("Review recorded."))
        elif which == "end" and request.user.has_perm("mentors.coordinate"):
            form = EndForm(request.POST, prefix="end")
            if not form.is_valid():
                return _render_match(request, found, end_form=form, status=400)
            services.end_match(
                found,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                request=request,
            )
            messages.success(request, _("Match ended."))
        else:
            form = ContactForm(request.POST, prefix="contact")
            if not form.is_valid():
                return _render_match(request, found, contact_form=form, status=400)
            services.log_contact(
                found,
                actor=request.user,
                on=form.cleaned_data["on"],
                kind=form.cleaned_data["kind"],
                note=form.cleaned_data["note"],
                request=request,
            )
            messages.success(request, _("Contact logged."))
    except services.MentorError as error:
        form.add_error(None, str(error))
        key = {"review": "review_form", "end": "end_form"}.get(which, "contact_form")
        return _render_match(request, found, status=400, **{key: form})
    return redirect("mentors_staff:match", found.pk)


# --- a worker asking for a family -----------------------------------------------------------


@require_http_methods(["GET", "POST"])
@staff_required(perm="mentors.ask_for_family")
def ask(request):
    initial = {}
    if request.GET.get("household", "").isdigit():
        initial["household"] = int(request.GET["household"])
    form = FamilyAskForm(_posted(request), initial=initial, households=_households(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            found = services.ask_for_family(
                data["household"],
                actor=request.user,
                wants=data["wants"],
                about=data["about"],
                consent_method=data["consent_method"],
                request=request,
            )
        except services.MentorError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Asked %(scheme)s for a mentor for the family.") % {"scheme": found.scheme.name},
            )
            return redirect("mentors_staff:ask")
    return render(
        request, "mentors/staff/ask.html", {"form": form}, status=400 if form.errors else 200
    )


# --- short breaks ---------------------------------------------------------------------------


def _own_services(user):
    return [
        (str(s.pk), s.name)
        for s in Service.objects.filter(
            organization__account_organisation_id=user.organisation_id, status=ServiceStatus.ACTIVE
        ).order_by("name")
    ]


@require_http_methods(["GET", "POST"])
@staff_required(perm="mentors.coordinate")
def short_breaks(request):
    form = OfferForm(_posted(request), services=_own_services(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.publish_offer(
                services.OfferDetails(
                    service_id=data["service"],
                    title=data["title"],
                    who_for=data["who_for"],
                    where=data["where"],
                    when=data["when"],
                    min_age=data["min_age"],
                    max_age=data["max_age"],
                    council_codes=data["councils"],
                ),
                actor=request.user,
                request=request,
            )
        except services.MentorError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Short break published."))
            return redirect("mentors_staff:short_breaks")
    return render(
        request,
        "mentors/staff/short_breaks.html",
        {
            "form": form,
            "offers": selectors.scheme_offers(request.user),
            "counts": selectors.completed_short_breaks(request.user.organisation_id),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@staff_required(perm="mentors.coordinate")
def offer_withdraw(request, pk):
    offer = visible_or_404(
        request,
        selectors.scheme_offers(request.user)
        .filter(pk=int(pk) if str(pk).isdigit() else 0)
        .first(),
        object_type="mentors.shortbreakoffer",
        object_id=pk,
        reason="not this scheme's offer",
        message=_("No such short break."),
    )
    services.withdraw_offer(offer, actor=request.user, request=request)
    messages.success(request, _("Short break withdrawn."))
    return redirect("mentors_staff:short_breaks")


@staff_required(perm="mentors.ask_for_family")
def short_breaks_for_workers(request):
    return render(
        request, "mentors/staff/offers.html", {"offers": selectors.published_offers()[:200]}
    )


@require_http_methods(["GET", "POST"])
@staff_required(perm="mentors.ask_for_family")
def short_break_request(request, pk):
    offer = visible_or_404(
        request,
        selectors.published_offers().filter(pk=int(pk) if str(pk).isdigit() else 0).first(),
        object_type="mentors.shortbreakoffer",
        object_id=pk,
        reason="no such published offer",
        message=_("No such short break."),
    )
    form = BreakRequestForm(
        _posted(request),
        households=_households(request.user),
        initial={"idempotency_key": uuid.uuid4().hex},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            found = services.request_short_break(
                offer.pk,
                data["household"],
                actor=request.user,
                reason=data["reason"],
                idempotency_key=data["idempotency_key"],
                consent_method=data["consent_method"],
                request=request,
            )
        except services.MentorError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Short break requested: referral %(ref)s.") % {"ref": found.referral.reference},
            )
            return redirect("referrals_staff:detail", found.referral.pk)
    return render(
        request,
        "mentors/staff/break_request.html",
        {"form": form, "offer": offer},
        status=400 if form.errors else 200,
    )
