"""JSON API for partner systems: referral state and events, for referrals sent by or to the
calling organisation only. Authenticated by a per-organisation key:
`Authorization: Bearer khr_<prefix>_<secret>`."""

import uuid
from functools import wraps

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from kinship.audit.models import AuditAction
from kinship.audit.services import record

from . import services
from .models import Referral, ReferralEvent
from .openapi import SPEC

PER_PAGE = 100


def _error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def api_key_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        header = request.headers.get("Authorization", "")
        raw = header[7:].strip() if header.startswith("Bearer ") else ""
        organisation = services.organisation_for_api_key(raw)
        if organisation is None:
            record(actor=None, action=AuditAction.DENIED, object_type="referrals.api",
                   request=request, details={"reason": "missing or unknown API key"})
            return _error(401, "A valid API key is needed (Authorization: Bearer ...).")
        request.api_organisation = organisation
        return view(request, *args, **kwargs)

    return wrapper


@require_GET
def openapi(request):
    return JsonResponse(SPEC)


def _party_referrals(organisation):
    return (Referral.objects.filter(to_organisation=organisation)
            | Referral.objects.filter(from_organisation=organisation))


@require_GET
@api_key_required
def referral_list(request):
    org = request.api_organisation
    qs = _party_referrals(org).select_related(
        "from_organisation", "to_organisation", "owner_organisation").order_by("-updated_at",
                                                                               "-id")
    state = request.GET.get("state", "")
    if state:
        qs = qs.filter(state=state[:16])
    try:
        page = max(1, min(int(request.GET.get("page", 1)), 100_000))
    except ValueError:
        return _error(400, "page must be a whole number.")
    rows = list(qs[(page - 1) * PER_PAGE: page * PER_PAGE + 1])
    record(actor=None, action=AuditAction.VIEW, object_type="referrals.referral",
           request=request, purpose="partner API list",
           details={"organisation": org.pk, "count": min(len(rows), PER_PAGE)})
    return JsonResponse({"page": page, "has_next": len(rows) > PER_PAGE,
                         "results": [services.referral_json(r) for r in rows[:PER_PAGE]]})


@require_GET
@api_key_required
def referral_detail(request, pk):
    org = request.api_organisation
    try:
        key = uuid.UUID(str(pk))
    except ValueError:
        key = None
    referral = (_party_referrals(org).select_related(
        "from_organisation", "to_organisation", "owner_organisation").filter(pk=key).first()
        if key else None)
    if referral is None:
        record(actor=None, action=AuditAction.DENIED, object_type="referrals.referral",
               object_id=str(pk)[:64], request=request,
               details={"reason": "partner API: not a party", "organisation": org.pk})
        return _error(404, "No such referral.")
    record(actor=None, action=AuditAction.VIEW, obj=referral, request=request,
           purpose="partner API", details={"organisation": org.pk})
    events = ReferralEvent.objects.filter(referral=referral).order_by("sequence")
    with_note = services.shares_details_with(referral, org.pk)
    return JsonResponse({**services.referral_json(referral),
                         "events": [services.event_json(e, with_note=with_note)
                                    for e in events]})


