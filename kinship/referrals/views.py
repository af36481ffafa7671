"""The family's view of its referral: reference and secret, no account."""

from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from kinship.families.status_check import StatusPage, status_view

from . import selectors, services

REFERRAL_STATUS = StatusPage(
    prefix="KR", object_type="referrals.referral", secret_purpose=services.SECRET_PURPOSE,
    find=selectors.referral_by_reference,
    owners=lambda referral: [referral.from_organisation, referral.to_organisation],
    rows=selectors.family_status_rows,
    title=_("Check your referral"),
    intro=_("Enter the reference and secret you were given when someone referred you for "
            "support."),
    lost_secret=_("Lost your secret? Ask the person who referred you, or call the Kinship Care "
                  "Advice Service free on %(line)s."),
    not_found=_("We could not find a referral with that reference and secret. Check both and "
                "try again."),
    too_many=_("Too many tries. Wait 15 minutes and try again, or ask the person who referred "
               "you."),
    result_title=_("Your referral"),
    talk_to_someone=_("To talk to someone, call the Kinship Care Advice Service free on "
                      "%(line)s and quote your reference."),
)


@require_http_methods(["GET", "POST"])
def status(request):
    return status_view(request, REFERRAL_STATUS)
