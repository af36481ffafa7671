"""Sending a referral (with the family's consent), idempotent per sender."""

import logging
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from kinship.advice.models import Enquiry
from kinship.audit.models import AuditAction
from kinship.audit.services import record
from kinship.families.selectors import visible_households

from ..lifecycle import Action, State
from ..models import (
    Referral,
    SharedItem,
    Urgency,
)
from ..permissions import acts_on_referrals
from .common import (
    ReferralError,
    _active_service,
    _ensure_consent,
    _write_event,
    deadlines,
    new_reference,
    new_secret,
    secret_hash,
)
from .unstaffed import route_if_unstaffed
from .webhooks import _queue_webhooks

log = logging.getLogger(__name__)


# --- creating -------------------------------------------------------------------------------


@dataclass
class NewReferral:
    household_id: int
    to_service_id: str
    reason: str
    asked_for: str
    idempotency_key: str
    urgency: str = Urgency.ROUTINE
    shared_items: list[str] = field(default_factory=list)
    shared_note: str = ""
    consent_method: str = ""
    consent_given_by_name: str = ""
    # The adviser's enquiry this referral comes from (the "Refer" button on the enquiry page).
    enquiry_id: int | None = None


@dataclass
class Created:
    referral: Referral
    # The family's secret, shown once; None when this was a repeated submission.
    secret: str | None
    created: bool


def create_referral(details: NewReferral, *, actor, request=None) -> Created:
    """Send a referral. A repeated submission with the same idempotency key returns the
    referral the first one made, and changes nothing."""
    org = getattr(actor, "organisation", None)
    if org is None or not acts_on_referrals(actor):
        raise ReferralError("Only casework staff of an organisation can send referrals.")
    key = (details.idempotency_key or "").strip()[:64]
    if not key:
        raise ReferralError("The form has expired. Start the referral again.")
    existing = Referral.objects.filter(from_organisation=org, idempotency_key=key).first()
    if existing:
        return Created(existing, None, False)
    household = visible_households(actor).filter(pk=details.household_id).first()
    if household is None:
        raise ReferralError("Choose a family your organisation works with.")
    if not details.reason.strip() or not details.asked_for.strip():
        raise ReferralError("Say why you are referring and what you are asking for.")
    if details.urgency not in Urgency.values:
        raise ReferralError("Choose how urgent this is.")
    service = _active_service(details.to_service_id)
    to_org = service.organization.account_organisation
    if to_org is None:
        raise ReferralError("That service's organisation does not take referrals here.")
    if to_org.pk == org.pk:
        raise ReferralError("Choose a service run by another organisation.")
    shared = [s for s in details.shared_items if s in SharedItem.values]
    enquiry = _enquiry_for(details.enquiry_id, org, household)
    try:
        with transaction.atomic():
            _ensure_consent(
                household,
                to_org,
                actor=actor,
                consent_method=details.consent_method,
                given_by_name=details.consent_given_by_name,
                request=request,
            )
            referral, secret = _insert(
                household=household,
                from_org=org,
                to_org=to_org,
                service=service,
                actor=actor,
                reason=details.reason,
                asked_for=details.asked_for,
                urgency=details.urgency,
                shared=shared,
                shared_note=details.shared_note,
                key=key,
                request=request,
                enquiry=enquiry,
            )
            if route_if_unstaffed(referral.pk, request=request):
                referral.refresh_from_db()
    except IntegrityError:
        # The same key submitted twice at once: the other submission won.
        existing = Referral.objects.filter(from_organisation=org, idempotency_key=key).first()
        if existing is None:
            raise
        return Created(existing, None, False)
    return Created(referral, secret, True)


def _insert(
    *,
    household,
    from_org,
    to_org,
    service,
    actor,
    reason,
    asked_for,
    urgency,
    shared,
    shared_note,
    key,
    request,
    automatic: bool = False,
    note: str = "",
    enquiry=None,
) -> tuple[Referral, str]:
    now = timezone.now()
    ack_due, decide_due = deadlines(now)
    secret = new_secret()
    referral = Referral.objects.create(
        from_organisation=from_org,
        to_service=service,
        to_organisation=to_org,
        owner_organisation=to_org,
        household=household,
        enquiry=enquiry,
        created_by=actor if getattr(actor, "pk", None) else None,
        reason=reason[:2000],
        asked_for=asked_for[:2000],
        urgency=urgency,
        shared_items=shared,
        shared_note=shared_note[:500],
        is_automatic=automatic,
        state=State.SENT,
        last_sequence=1,
        ack_due_at=ack_due,
        decision_due_at=decide_due,
        idempotency_key=key,
        reference=_unique_reference(),
        secret_hash=secret_hash(secret),
    )
    _write_event(
        referral.pk,
        1,
        actor=actor,
        organisation=getattr(actor, "organisation", None) or from_org,
        action=Action.CREATE,
        from_state="",
        to_state=State.SENT,
        note=note or reason,
        details={"to_service": str(service.pk) if service else None, "to_organisation": to_org.pk},
    )
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=referral,
        request=request,
        purpose="automatic transition referral" if automatic else "referral sent",
        details={"household": household.pk, "to_organisation": to_org.pk},
    )
    _queue_webhooks(referral, 1, {to_org.pk})
    return referral, secret


def _enquiry_for(enquiry_id, org, household):
    """The sender's own enquiry about this family, or None when there is none to link.
    Another organisation's enquiry, or one about another family, is refused."""
    if not enquiry_id:
        return None
    enquiry = Enquiry.objects.filter(pk=enquiry_id, organisation=org).first()
    if enquiry is None or enquiry.household_id != household.pk:
        raise ReferralError("That enquiry is not one of yours about this family.")
    return enquiry


def _unique_reference() -> str:
    for _ in range(10):
        ref = new_reference()
        if not Referral.objects.filter(reference=ref).exists():
            return ref
    raise RuntimeError("Could not make a unique referral reference.")
