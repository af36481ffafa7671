"""Staff pages: an organisation's staff keep their own services, and a council's staff its
local offer. Anyone else gets 403, and the attempt is audited."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kinship.accounts.decorators import staff_required
from kinship.audit.services import record_denied
from kinship.places.selectors import get_council

from . import selectors
from .feeds import register_feed, request_pull
from .forms import LocalOfferForm, PartnerFeedForm, ServiceForm
from .models import ARRANGEMENT_FIELDS, KindOfSupport
from .services import (
    ServiceDetails,
    directory_organization_for,
    mark_checked,
    publish_local_offer,
    save_service,
)


def _own_organisation(request):
    """Services belong to an organisation: staff without one (a bare superuser) add none."""
    if request.user.organisation is None:
        raise PermissionDenied("Your account is not linked to an organisation.")
    return request.user.organisation


def _editable_service(request, service_id):
    service = selectors.get_service(service_id)
    if service is None:
        raise Http404("No such service")
    if not selectors.can_edit_service(request.user, service):
        record_denied(request, obj=service, reason="service belongs to another organisation")
        raise PermissionDenied("Only the organisation that runs this service can change it.")
    return service


@staff_required(perm="directory.edit_own_services")
def services(request):
    organisation = _own_organisation(request)
    owned = selectors.services_owned_by(organisation).order_by("name")
    council = organisation.home_council
    return render(request, "directory/staff/services.html", {
        "services": owned,
        "council": council if council and selectors.can_edit_local_offer(request.user, council)
        else None,
    })


def _initial(service) -> dict:
    phone = service.phones.first()
    link = service.service_at_locations.select_related("location").first()
    areas = list(service.service_areas.all())
    return {
        "name": service.name, "description": service.description, "status": service.status,
        "url": service.url, "email": service.email, "phone": phone.number if phone else "",
        "terms": [t.code for t in service.taxonomy_terms.all() if t.parent_id],
        "arrangements": service.arrangements,
        "minimum_age": service.minimum_age, "maximum_age": service.maximum_age,
        "is_national": service.is_national,
        "councils": [a.council_id for a in areas if a.council_id],
        "postcode": link.location.postal_code if link else "",
        "address": link.location.address_1 if link else "",
        "is_specialist_kinship_team": service.is_specialist_kinship_team,
    }


def _details(data) -> ServiceDetails:
    return ServiceDetails(
        name=data["name"], description=data["description"], url=data["url"],
        email=data["email"], phone=data["phone"], status=data["status"],
        minimum_age=data["minimum_age"], maximum_age=data["maximum_age"],
        arrangements=[a for a in data["arrangements"] if a in ARRANGEMENT_FIELDS],
        term_codes=data["terms"], council_codes=data["councils"],
        is_national=data["is_national"],
        is_specialist_kinship_team=data["is_specialist_kinship_team"],
        postcode=data["postcode"], address=data["address"],
    )


@staff_required(perm="directory.edit_own_services")
def service_create(request):
    form = ServiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        service = save_service(
            organization=directory_organization_for(_own_organisation(request)),
            details=_details(form.cleaned_data), actor=request.user, request=request,
        )
        messages.success(request, _("Service added: %(name)s") % {"name": service.name})
        return redirect("directory_staff:services")
    return render(request, "directory/staff/service_form.html", {"form": form, "service": None})


@staff_required(perm="directory.edit_own_services")
def service_edit(request, service_id):
    service = _editable_service(request, service_id)
    form = ServiceForm(request.POST or None, initial=_initial(service))
    if request.method == "POST" and form.is_valid():
        save_service(organization=service.organization, details=_details(form.cleaned_data),
                     actor=request.user, service=service, request=request)
        messages.success(request, _("Saved and marked as checked today."))
        return redirect("directory_staff:services")
    return render(request, "directory/staff/service_form.html",
                  {"form": form, "service": service})


@staff_required(perm="directory.edit_own_services")
@require_POST
def service_checked(request, service_id):
    service = _editable_service(request, service_id)
    mark_checked(service, actor=request.user, request=request)
    messages.success(request, _("%(name)s marked as checked today.") % {"name": service.name})
    return redirect("directory_staff:services")


@staff_required(perm="directory.edit_own_services")
def local_offer_edit(request, slug):
    council = get_council(slug)
    if council is None:
        raise Http404("No such council")
    if not selectors.can_edit_local_offer(request.user, council):
        record_denied(request, object_type="directory.localoffer", object_id=council.code,
                      reason="not this council's staff")
        raise PermissionDenied("Only this council's own staff can change its local offer.")
    offer = selectors.get_local_offer(council)
    current = offer.current if offer else None
    initial = {"introduction": current.introduction if current else ""}
    if current:
        initial.update({f"kind_{k}": v for k, v in current.by_kind.items()})
    form = LocalOfferForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        version = publish_local_offer(
            council=council, introduction=form.cleaned_data["introduction"],
            by_kind=form.by_kind(), change_note=form.cleaned_data["change_note"],
            actor=request.user, team=request.user.organisation, request=request,
        )
        messages.success(request, _("Version %(n)d published.") % {"n": version.number})
        return redirect("directory:local_offer", slug=council.slug)
    return render(request, "directory/staff/offer_form.html",
                  {"form": form, "council": council, "kinds": list(KindOfSupport)})


# --- partner feeds: list, last pull, errors, register, pull now ---


def _managed_feed(request, feed_id):
    feed = selectors.get_feed(feed_id)
    if feed is None:
        raise Http404("No such feed")
    if not request.user.has_perm("directory.manage_feed", feed):
        record_denied(request, obj=feed, reason="feed belongs to another organisation")
        raise Http404("No such feed")
    return feed


@staff_required(perm="directory.manage_feeds")
def feeds(request):
    organisation = request.user.organisation
    form = PartnerFeedForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if organisation is None:
            raise PermissionDenied("Your account is not linked to an organisation.")
        if form.is_valid():
            try:
                feed = register_feed(
                    owner=organisation,
                    url=form.cleaned_data["url"].strip(),
                    every_hours=form.cleaned_data["every_hours"],
                )
            except ValueError as error:
                form.add_error("url", str(error))
            else:
                request_pull(feed)
                messages.success(request, _("Feed registered: its first pull is on its way."))
                return redirect("directory_staff:feed", feed_id=feed.pk)
    return render(
        request,
        "directory/staff/feeds.html",
        {"feeds": selectors.feeds_for(request.user), "form": form, "can_add": organisation},
        status=400 if form.errors else 200,
    )


@staff_required(perm="directory.manage_feeds")
def feed(request, feed_id):
    feed = _managed_feed(request, feed_id)
    return render(
        request,
        "directory/staff/feed.html",
        {"feed": feed, "pulls": selectors.feed_pulls(feed)},
    )


@staff_required(perm="directory.manage_feeds")
@require_POST
def feed_pull(request, feed_id):
    feed = _managed_feed(request, feed_id)
    request_pull(feed)
    messages.success(
        request, _("Pull requested: the result shows here when it has run (usually a minute).")
    )
    return redirect("directory_staff:feed", feed_id=feed.pk)
