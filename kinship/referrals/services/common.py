"""Shared by the referral services: deadlines and settings, errors, the family's reference
and secret, who is acting, consent, and the append-only event writer."""

import logging
import uuid
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from kinship.accounts.models import Organisation, User
from kinship.core.email import absolute_url
from kinship.directory.models import Service, ServiceStatus
from kinship.families import access_codes
from kinship.families import services as family_services
from kinship.families.models import (
    Consent,
    ConsentMethod,
    ConsentScope,
    Household,
    LegalArrangement,
)

from ..holidays import add_working_days
from ..lifecycle import Party
from ..models import (
    Referral,
    ReferralEvent,
)
from ..permissions import acts_on_referrals

log = logging.getLogger(__name__)


ACK_WORKING_DAYS = 2
DECIDE_WORKING_DAYS = 10
# After a reminder, how many more working days before the administrators are told.
ESCALATE_AFTER_WORKING_DAYS = 2
WEBHOOK_MAX_ATTEMPTS = 8
WEBHOOK_BACKOFF_SECONDS = 30
WEBHOOK_TIMEOUT_SECONDS = 5
# Arrangements that mean the council looked after the child, and orders that end it.
LOOKED_AFTER = {LegalArrangement.LOOKED_AFTER_KINSHIP}
SECTION_11_ORDERS = {LegalArrangement.KINSHIP_CARE_ORDER, LegalArrangement.OTHER_S11_ORDER}


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, "KINSHIP", {}).get(name, default))


def ack_days() -> int:
    return _setting("REFERRAL_ACK_DAYS", ACK_WORKING_DAYS)


def decide_days() -> int:
    return _setting("REFERRAL_DECIDE_DAYS", DECIDE_WORKING_DAYS)


def deadlines(start: datetime) -> tuple[datetime, datetime]:
    local = timezone.localtime(start)
    return add_working_days(local, ack_days()), add_working_days(local, decide_days())


# --- errors ---------------------------------------------------------------------------------


class ReferralError(ValueError):
    """Something the person can fix (missing consent, a missing reason...). Safe to show."""


class ReferralNotFound(LookupError):
    """No such referral, or not one this person's organisation is party to."""


class StaleReferral(Exception):
    """Someone else changed the referral first. The message says who, what and when."""


# --- references and secrets for the family --------------------------------------------------

SECRET_PURPOSE = "kinship.referrals.family-secret"
normalise_code = access_codes.normalise_code


def secret_hash(secret: str) -> str:
    return access_codes.secret_hash(secret, SECRET_PURPOSE)


def new_reference() -> str:
    return access_codes.new_reference("KR")


def new_secret() -> str:
    return access_codes.new_secret()


# --- who is acting --------------------------------------------------------------------------


def parties_of(user, referral: Referral) -> set[str]:
    org_id = getattr(user, "organisation_id", None)
    if not org_id or not acts_on_referrals(user):
        return set()
    parties: set[str] = set()
    if referral.to_organisation_id == org_id:
        parties.add(Party.RECEIVER)
    if referral.from_organisation_id == org_id:
        parties.add(Party.SENDER)
    return parties


def has_share_consent(household_id: int, organisation_id: int) -> bool:
    return Consent.objects.filter(
        household_id=household_id,
        organisation_id=organisation_id,
        scope=ConsentScope.SHARE_WITH_ORGANISATION,
        withdrawn_at__isnull=True,
    ).exists()


def _ensure_consent(
    household: Household,
    organisation: Organisation,
    *,
    actor,
    consent_method: str,
    given_by_name: str,
    request,
) -> None:
    """The family must have agreed to share with the receiving organisation: either already,
    or now (recorded through the families service in this same transaction)."""
    if has_share_consent(household.pk, organisation.pk):
        return
    if not consent_method:
        raise ReferralError(
            f"The family has not agreed to share their details with {organisation.name}. "
            "Ask them, then record their agreement on this form."
        )
    if consent_method not in ConsentMethod.values:
        raise ReferralError("Say how the family gave their agreement.")
    main = household.carers.order_by("-is_main_contact", "id").first()
    family_services.record_consent(
        household,
        actor=actor,
        scope=ConsentScope.SHARE_WITH_ORGANISATION,
        method=consent_method,
        given_by=None if given_by_name else main,
        given_by_name=given_by_name,
        organisation=organisation,
        request=request,
    )


def _active_service(service_id) -> Service:
    try:
        key = uuid.UUID(str(service_id)) if service_id else None
    except ValueError:
        key = None
    service = (
        Service.objects.select_related("organization__account_organisation")
        .filter(pk=key, status=ServiceStatus.ACTIVE)
        .first()
        if key
        else None
    )
    if service is None:
        raise ReferralError("Choose a service from the list.")
    if service.organization.account_organisation is None:
        raise ReferralError(
            f"{service.name} does not take referrals through Kinship Hub yet. "
            "Contact them directly and note it on the family's record."
        )
    return service


def _staff_url(referral: Referral) -> str:
    return absolute_url("referrals_staff:detail", referral.pk)


def _emails_of(org: Organisation, roles) -> list[str]:
    return list(
        User.objects.filter(organisation=org, role__in=roles, is_active=True).values_list(
            "email", flat=True
        )
    )


def _service_of(org: Organisation, household: Household) -> Service | None:
    services = Service.objects.filter(
        organization__account_organisation=org, status=ServiceStatus.ACTIVE
    )
    if household.council_id:
        local = services.filter(is_local_offer=True, council_id=household.council_id).first()
        if local:
            return local
    return services.order_by("-is_specialist_kinship_team", "name").first()


def _write_event(
    referral_id,
    sequence: int,
    *,
    actor,
    organisation,
    action: str,
    from_state: str,
    to_state: str,
    note: str = "",
    details: dict | None = None,
    reason_code: str = "",
) -> ReferralEvent:
    is_user = actor is not None and getattr(actor, "pk", None)
    return ReferralEvent.objects.create(
        referral_id=referral_id,
        sequence=sequence,
        actor=actor if is_user else None,
        actor_name=(actor.full_name if is_user else "Kinship Hub (automatic)")[:150],
        organisation=organisation,
        organisation_name=organisation.name if organisation else "",
        action=action,
        from_state=from_state,
        to_state=to_state,
        note=note[:2000],
        reason_code=reason_code,
        details=details or {},
    )
