"""The adviser console. Every page is for the national advice service's advisers; another
organisation's staff get 403 (audited), and an enquiry they cannot see is a 404 (audited)."""

from inspect import isfunction

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from kinship.accounts.decorators import staff_required
from kinship.accounts.permissions import is_org_admin
from kinship.audit.models import AuditAction
from kinship.audit.services import record, record_denied, record_view
from kinship.audit.shortcuts import visible_or_404
from kinship.families import services as family_services
from kinship.families.selectors import get_visible_household
from kinship.places.selectors import council_choices

from . import selectors, services
from .forms import (
    AdviceForm,
    AssignForm,
    CallbackForm,
    CloseForm,
    FamilyMessageForm,
    LinkExistingForm,
    LinkNewForm,
    LogCallForm,
    QueueFilterForm,
)

STALE = _l("Someone else changed this enquiry while you were looking at it, or you no longer "
          "hold it. Here it is as it is now: check it and try again.")


# Signed in with a second factor, an adviser or administrator, of an advice service.
advice_staff = staff_required(perm="advice.use_console")


def _enquiry_or_404(request, pk):
    return visible_or_404(request, selectors.get_enquiry(request.user, pk),
                          object_type="advice.enquiry", object_id=pk,
                          reason="not an enquiry of this organisation",
                          message=_("No enquiry found."))


@advice_staff
def queue(request):
    topic_list = selectors.topics()
    form = QueueFilterForm(request.GET or None, topic_list=topic_list,
                           councils=council_choices())
    filters = selectors.QueueFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        topic_ids = {t.slug: t.pk for t in topic_list}
        filters = selectors.QueueFilters(state=data["state"] or "open", topic=data["topic"],
                                         topic_id=topic_ids.get(data["topic"]),
                                         council=data["council"], due=data["due"],
                                         mine=data["mine"])
    page = selectors.CappedPaginator(selectors.queue(request.user, filters), 25).get_page(
        request.GET.get("page"))
    record(actor=request.user, action=AuditAction.VIEW, object_type="advice.enquiry",
           object_id="queue", purpose="enquiry queue", request=request,
           details={"ids": [e.pk for e in page]})
    return render(request, "advice/staff/queue.html", {"form": form, "page": page})


def _detail(request, enquiry, status=200, **forms):
    version = {"version": enquiry.version}
    defaults = {
        "advice_form": AdviceForm(initial={**version,
                                           "topics": [t.slug for t in enquiry.topics.all()]}),
        "callback_form": CallbackForm(initial=version),
        "close_form": CloseForm(initial=version),
        "message_form": FamilyMessageForm(initial=version),
        "assign_form": AssignForm(initial=version,
                                  colleagues=selectors.colleagues(request.user)),
        "link_existing_form": LinkExistingForm(initial=version),
        "link_new_form": LinkNewForm(initial={**version, "carer_name": enquiry.contact_name}),
    }
    defaults.update(forms)
    record_view(request, enquiry, purpose="enquiry")
    return render(request, "advice/staff/enquiry.html", {
        "enquiry": enquiry, "holds": enquiry.holder_id == request.user.pk,
        "can_assign": enquiry.is_open and (enquiry.holder_id in (None, request.user.pk)
                                           or is_org_admin(request.user)),
        "scripts": selectors.filled_scripts(enquiry, request.user),
        "refer_url": _refer_url(enquiry.pk) if enquiry.household_id else "",
        "referrals_made": selectors.referrals_made_from(enquiry),
        **defaults,
    }, status=status)


@advice_staff
def enquiry_detail(request, pk):
    return _detail(request, _enquiry_or_404(request, pk))


@require_POST
@advice_staff
def claim(request, pk):
    enquiry = _enquiry_or_404(request, pk)
    result = services.claim(enquiry.pk, request.user, request=request)
    if result.won:
        messages.success(request, _("You hold this enquiry now."))
    elif result.holder_name:
        messages.error(request, _("%(name)s already holds this enquiry.")
                       % {"name": result.holder_name})
    else:
        messages.error(request, _("This enquiry is closed."))
    return redirect("advice_staff:enquiry", pk=enquiry.pk)


@require_POST
@advice_staff
def release(request, pk):
    enquiry = _enquiry_or_404(request, pk)
    if services.release(enquiry.pk, request.user, request=request):
        messages.success(request, _("You have released this enquiry back to the queue."))
    return redirect("advice_staff:enquiry", pk=enquiry.pk)


def _versioned_post(form_class, form_key, apply, success):
    """A POST that changes an enquiry: validate, apply with optimistic locking, and either
    redirect with a message or show the page again with the answers kept."""

    @require_POST
    @advice_staff
    def view(request, pk):
        enquiry = _enquiry_or_404(request, pk)
        kwargs = {}
        if form_class is AssignForm:
            kwargs["colleagues"] = selectors.colleagues(request.user)
        form = form_class(request.POST, **kwargs)
        if not form.is_valid():
            return _detail(request, enquiry, status=400, **{form_key: form})
        try:
            outcome = apply(request, enquiry, form)
        except services.EnquiryChanged:
            messages.error(request, STALE)
            return redirect("advice_staff:enquiry", pk=enquiry.pk)
        if isinstance(outcome, str):  # a problem to show on the form
            form.add_error(None, outcome)
            return _detail(request, enquiry, status=400, **{form_key: form})
        messages.success(request, success(outcome) if isfunction(success) else success)
        if request.POST.get("then") == "refer":
            # "Open record and refer": straight on to the referral, from the same enquiry.
            return redirect(_refer_url(enquiry.pk))
        return redirect("advice_staff:enquiry", pk=enquiry.pk)

    return view


def _refer_url(enquiry_pk: int) -> str:
    """The referral page with the enquiry's family chosen and the enquiry remembered."""
    household_id = selectors.linked_household_id(enquiry_pk)
    query = {"enquiry": enquiry_pk, **({"household": household_id} if household_id else {})}
    return f"{reverse('referrals_staff:new')}?{urlencode(query)}"


def _add_advice(request, enquiry, form):
    return services.add_advice(
        enquiry, actor=request.user, expected_version=form.cleaned_data["version"],
        body=form.cleaned_data["body"], topic_slugs=form.cleaned_data["topics"],
        request=request)


def _callback(request, enquiry, form):
    return services.schedule_callback(
        enquiry, actor=request.user, expected_version=form.cleaned_data["version"],
        due_at=form.cleaned_data["due_at"], note=form.cleaned_data["note"], request=request)


def _close(request, enquiry, form):
    return services.close(
        enquiry, actor=request.user, expected_version=form.cleaned_data["version"],
        outcome=form.cleaned_data["outcome"], note=form.cleaned_data["note"], request=request)


def _message(request, enquiry, form):
    return services.send_family_message(
        enquiry, actor=request.user, expected_version=form.cleaned_data["version"],
        message=form.cleaned_data["message"], request=request)


def _assign(request, enquiry, form):
    if not services.assign(enquiry.pk, to_user=form.cleaned_data["to_user"],
                           by_user=request.user, expected_version=form.cleaned_data["version"],
                           request=request):
        raise services.EnquiryChanged(enquiry.pk)
    return form.cleaned_data["to_user"]


def _link_existing(request, enquiry, form):
    household = get_visible_household(request.user, form.cleaned_data["household_id"])
    if household is None:
        record_denied(request, object_type="families.household",
                      object_id=str(form.cleaned_data["household_id"]),
                      reason="link: family not visible to this organisation")
        return _("There is no family with that number that you can see.")
    services.link_household(
        enquiry, household, actor=request.user, expected_version=form.cleaned_data["version"],
        consent_method=form.cleaned_data["consent_method"], request=request)
    return household


def _link_new(request, enquiry, form):
    data = form.cleaned_data
    carer = family_services.CarerDetails(
        full_name=data["carer_name"], relationship=data["relationship"],
        phone=enquiry.phone, email=enquiry.email, postal_address=enquiry.postal_address,
        preferred_channel="" if enquiry.contact_method == "none" else enquiry.contact_method,
        best_time_to_contact=enquiry.best_time,
        safe_to_leave_message=enquiry.safe_to_leave_message,
        safe_to_send_letter=enquiry.safe_to_send_letter,
    )
    children = []
    if data["child_name"]:
        children.append(family_services.ChildDetails(
            full_name=data["child_name"], date_of_birth=data["child_date_of_birth"],
            legal_arrangement=data["legal_arrangement"]))
    details = family_services.NewHousehold(
        council_id=enquiry.council_id, carers=[carer], children=children,
        arrangement=data["legal_arrangement"])
    return services.link_new_household(
        enquiry, details, actor=request.user, expected_version=data["version"],
        consent_method=data["consent_method"], request=request)


def _notice_text(notice):
    return _("Message saved. %(reason)s") % {"reason": notice.reason}


add_advice = _versioned_post(AdviceForm, "advice_form", _add_advice, _l("Advice recorded."))
schedule_callback = _versioned_post(CallbackForm, "callback_form", _callback,
                                    _l("Callback scheduled. You will get an email when it is "
                                      "due."))
close = _versioned_post(CloseForm, "close_form", _close, _l("Enquiry closed."))
family_message = _versioned_post(FamilyMessageForm, "message_form", _message, _notice_text)
assign = _versioned_post(AssignForm, "assign_form", _assign,
                         lambda user: _("Given to %(name)s.") % {"name": user.full_name})
link_existing = _versioned_post(LinkExistingForm, "link_existing_form", _link_existing,
                                _l("Linked to the family, with their consent recorded."))
link_new = _versioned_post(LinkNewForm, "link_new_form", _link_new,
                           _l("New family record opened and linked, with their consent "
                             "recorded."))


@advice_staff
def log_call(request):
    form = LogCallForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        details = services.EnquiryDetails(
            what_is_happening=data["what_is_happening"], topics=data["topics"],
            council_id=data["council"] or None, contact_name=data["contact_name"],
            contact_method=data["contact_method"], phone=data["phone"], email=data["email"],
            safe_to_leave_message=data["safe_to_leave_message"],
        )
        result = services.log_call(details, actor=request.user, channel=data["channel"],
                                   claim_it=data["claim_it"], request=request)
        messages.success(request, _("Enquiry %(ref)s logged. If they want to check it online, "
                                    "read them this secret once: %(secret)s")
                         % {"ref": result.enquiry.reference, "secret": result.secret})
        return redirect("advice_staff:enquiry", pk=result.enquiry.pk)
    return render(request, "advice/staff/log_call.html", {"form": form},
                  status=400 if form.is_bound else 200)


@advice_staff
def articles(request):
    return render(request, "advice/staff/articles.html",
                  {"articles": selectors.all_articles()})


@advice_staff
def article(request, pk):
    found = selectors.article_with_history(pk)
    if found is None or found.current_version is None:
        raise Http404(_("No such article."))
    return render(request, "advice/staff/article.html",
                  {"article": found, "version": found.current_version,
                   "history": list(found.versions.all())})
