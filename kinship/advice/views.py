"""Public pages: ask for help, see what happens next, check an enquiry, read guidance.
No account, no JavaScript needed."""

import secrets

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from kinship.families.status_check import StatusPage, status_view

from . import selectors, services
from .forms import AskForm

SENT_KEY = "advice_sent"

ENQUIRY_STATUS = StatusPage(
    prefix="KH", object_type="advice.enquiry", secret_purpose=services.SECRET_PURPOSE,
    find=selectors.enquiry_by_reference, owners=lambda enquiry: [enquiry.organisation],
    rows=selectors.family_status_rows, message=lambda enquiry: enquiry.family_message,
    title=_lazy("Check your enquiry"),
    intro=_lazy("Enter the reference and secret we gave you when you sent your question."),
    lost_secret=_lazy("Lost your secret? Call us free on %(line)s and quote your reference."),
    not_found=_lazy("We could not find an enquiry with that reference and secret. Check both "
                    "and try again."),
    too_many=_lazy("Too many tries. Wait 15 minutes and try again, or call us free on "
                   "%(line)s."),
    result_title=_lazy("Your enquiry"), message_title=_lazy("Message from your adviser"),
    talk_to_someone=_lazy("To talk to someone, call us free on %(line)s and quote your "
                          "reference."),
)


def _details(cleaned) -> services.EnquiryDetails:
    return services.EnquiryDetails(
        what_is_happening=cleaned["what_is_happening"], topics=cleaned.get("topics") or [],
        council_id=cleaned.get("council") or None,
        postcode_district=cleaned.get("postcode", "")[:4],
        contact_name=cleaned.get("contact_name", ""),
        contact_method=cleaned["contact_method"], phone=cleaned.get("phone", ""),
        email=cleaned.get("email", ""), postal_address=cleaned.get("postal_address", ""),
        best_time=cleaned.get("best_time", ""),
        safe_to_leave_message=cleaned.get("safe_to_leave_message") == "yes",
        safe_to_send_letter=cleaned.get("safe_to_send_letter") == "yes",
        language=cleaned.get("language", ""), access_needs=cleaned.get("access_needs", ""),
    )


def ask(request):
    # Pages showing someone's answers are not cached (shared computers). The empty form may
    # be, so that the browser can restore what was typed when someone goes back to it.
    request.no_store = request.method == "POST"
    suggestion = None
    if request.method != "POST":
        form = AskForm(initial={"submission_token": secrets.token_urlsafe(24)})
    elif request.POST.get("action") == "find_council":
        # Suggest a council from the postcode without judging the rest of the form yet.
        data = request.POST.copy()
        check = AskForm(data)
        check.is_valid()
        lookup = check.postcode_lookup
        if lookup and lookup.council:
            data["council"] = lookup.council.code
            suggestion = lookup.council
        initial = {name: (data.getlist(name) if name == "topics" else data.get(name))
                   for name in AskForm.base_fields}
        form = AskForm(initial=initial)
        if data.get("postcode") and not suggestion:
            form = check  # show the postcode error with everything else kept
    else:
        form = AskForm(request.POST)
        if form.is_valid():
            token = form.cleaned_data.get("submission_token") or ""
            result = services.submit_web_enquiry(_details(form.cleaned_data), token)
            if result.created:
                request.session[SENT_KEY] = {"reference": result.enquiry.reference,
                                             "secret": result.secret}
            elif SENT_KEY not in request.session:
                request.session[SENT_KEY] = {"reference": result.enquiry.reference,
                                             "secret": None}
            return redirect("advice:sent")
    return render(request, "advice/ask.html", {"form": form, "suggestion": suggestion},
                  status=400 if form.is_bound and form.errors else 200)


def sent(request):
    """The reference and, once only, the secret."""
    request.no_store = True
    data = request.session.get(SENT_KEY)
    if not data:
        return redirect("advice:ask")
    secret = data.get("secret")
    if secret:
        request.session[SENT_KEY] = {"reference": data["reference"], "secret": None}
    return render(request, "advice/sent.html", {"reference": data["reference"],
                                                "secret": secret})


def status(request):
    return status_view(request, ENQUIRY_STATUS)


def guidance_list(request):
    return render(request, "advice/guidance_list.html",
                  {"articles": selectors.public_articles()})


def guidance_detail(request, slug):
    article = selectors.public_article(slug)
    if article is None:
        raise Http404(_("No such guidance."))
    return render(request, "advice/guidance_detail.html",
                  {"article": article, "version": article.current_version})
