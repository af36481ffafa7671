"""The family's view of its referral: reference and secret, no account."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kinship.audit.models import AuditAction
from kinship.audit.services import record, record_denied
from kinship.families.access_codes import client_ip

from . import selectors, services
from .forms import StatusForm


@require_http_methods(["GET", "POST"])
def status(request):
    form = StatusForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        ip = client_ip(request)
        if not services.status_check_allowed(ip):
            form.add_error(None, _("Too many tries. Wait 15 minutes and try again, or ask the "
                                   "person who referred you."))
            return render(request, "referrals/status.html", {"form": form}, status=429)
        reference = form.cleaned_data["reference"]
        referral = services.find_for_family(reference, form.cleaned_data["secret"], ip=ip)
        if referral is None:
            record_denied(request, object_type="referrals.referral", object_id=reference[:64],
                          reason="family status: wrong reference or secret")
            form.add_error(None, _("We could not find a referral with that reference and "
                                   "secret. Check both and try again."))
            return render(request, "referrals/status.html", {"form": form}, status=404)
        record(actor=None, action=AuditAction.VIEW, obj=referral, request=request,
               purpose="family checked referral status")
        return render(request, "referrals/status_result.html", {
            "referral": referral, "status_text": selectors.family_status(referral)})
    return render(request, "referrals/status.html", {"form": form},
                  status=400 if form.is_bound else 200)
