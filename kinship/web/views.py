from dataclasses import replace

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from kinship.advice.views import ENQUIRY_STATUS
from kinship.assessments.views import FAMILY_PAGE as ASSESSMENT_STATUS
from kinship.families.status_check import StatusPage, status_view
from kinship.referrals.selectors import enquiry_referral_rows
from kinship.referrals.views import REFERRAL_STATUS

# The one place a family checks progress: the reference's prefix picks the app's StatusPage
# (KH- enquiry, KR- referral, KA- assessment), so the policy and throttle are those of the app's
# own page. An enquiry's answer here also shows the referrals made from it.
# This page only gives the words of the form; it finds nothing itself.
FAMILY_STATUS = StatusPage(
    prefix="KH",
    object_type="web.family_status",
    secret_purpose="",
    find=lambda reference: None,
    owners=lambda obj: [],
    rows=lambda obj: [],
    title=_("Check your progress"),
    intro=_(
        "Enter the reference and secret you were given: KH-… if you asked us for help, KR-… "
        "if someone referred you for support, KA-… if you asked for an assessment."
    ),
    lost_secret=_("Lost your secret? Call us free on %(line)s and quote your reference."),
    not_found=_(
        "We could not find anything with that reference and secret. Check both and try again."
    ),
    too_many=_("Too many tries. Wait 15 minutes and try again, or call us free on %(line)s."),
    result_title=_("Your progress"),
    talk_to_someone=_("To talk to someone, call us free on %(line)s and quote your reference."),
)


STATUS_PAGES = [
    replace(ENQUIRY_STATUS, rows=lambda e: ENQUIRY_STATUS.rows(e) + enquiry_referral_rows(e)),
    REFERRAL_STATUS,
    ASSESSMENT_STATUS,
]


def home(request):
    return render(request, "web/home.html")


@require_http_methods(["GET", "POST"])
def family_status(request):
    return status_view(request, FAMILY_STATUS, pages=STATUS_PAGES)


def accessibility(request):
    return render(request, "web/accessibility.html")


def privacy(request):
    return render(request, "web/privacy.html")


def cookies(request):
    return render(request, "web/cookies.html")


# Easy read versions of the key family pages (issue 21): short sentences, one idea a line.
EASY_READ_PAGES = {
    "what-can-we-get": "web/easy_read/what_can_we_get.html",
    "ask-for-help": "web/easy_read/ask_for_help.html",
    "allowances": "web/easy_read/allowances.html",
}


def easy_read(request, page):
    from django.http import Http404

    if page not in EASY_READ_PAGES:
        raise Http404
    return render(request, EASY_READ_PAGES[page])


def trivial(request):
    """A bare page for benchmarks to compare our pages against on the same server."""
    from django.http import HttpResponse

    return HttpResponse("ok", content_type="text/plain")
