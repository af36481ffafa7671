"""No cliff edge: the automatic transition referral when a looked-after child moves to a
section 11 order."""

import logging

from django.db import transaction

from kinship.accounts.models import Organisation, OrganisationKind
from kinship.audit.models import AuditAction
from kinship.audit.services import record
from kinship.directory.models import LocalOffer
from kinship.families.models import (
    Child,
    FamilyAccess,
    Household,
    LegalArrangement,
)

from ..models import (
    Referral,
    SharedItem,
    Urgency,
)
from .common import LOOKED_AFTER, SECTION_11_ORDERS, _service_of, has_share_consent
from .sending import _insert
from .unstaffed import route_if_unstaffed

log = logging.getLogger(__name__)


# --- no cliff edge: the automatic transition referral ---------------------------------------


def is_cliff_edge(old: str | None, new: str) -> bool:
    return old in LOOKED_AFTER and new in SECTION_11_ORDERS


def refer_on_cliff_edge(change) -> Referral | None:
    """Follow-up of families.services.child_change_arrangement (settings
    FAMILY_ARRANGEMENT_FOLLOW_UPS): a looked-after child now on a section 11 order is referred
    on so support does not stop."""
    if is_cliff_edge(change.old, change.new):
        return create_transition_referral(change.child, change.old, change.new)
    return None


def _transition_receiver(household: Household) -> Organisation | None:
    council = household.council
    if council is not None:
        offer = LocalOffer.objects.select_related("team").filter(council=council).first()
        if offer and offer.team:
            return offer.team
        team = (
            Organisation.objects.filter(
                kind=OrganisationKind.COUNCIL_KINSHIP_TEAM, home_council=council
            )
            .order_by("pk")
            .first()
        )
        if team:
            return team
    access = (
        FamilyAccess.objects.filter(household=household, ended_at__isnull=True)
        .select_related("organisation")
        .order_by("granted_at", "pk")
        .first()
    )
    return access.organisation if access else None


def create_transition_referral(child: Child, old: str, new: str) -> Referral | None:
    """A child moved from looked after to a section 11 order: support must not stop, so refer
    the family to the council's kinship team (or whoever supports them now). Never skipped
    silently: with nowhere to send it, the gap is audited."""
    household = child.household
    to_org = _transition_receiver(household)
    key = f"transition:child:{child.pk}:{new}"[:64]
    if to_org is None:
        log.warning(
            "No organisation to send a transition referral to for household %s", household.pk
        )
        record(
            actor=None,
            action=AuditAction.CHANGE,
            obj=household,
            purpose="transition referral not possible: no council team or supporting organisation",
            details={"child": child.pk, "from": old, "to": new},
        )
        return None
    sender_access = (
        FamilyAccess.objects.filter(household=household, ended_at__isnull=True)
        .exclude(organisation=to_org)
        .select_related("organisation")
        .order_by("granted_at", "pk")
        .first()
    )
    from_org = sender_access.organisation if sender_access else to_org
    existing = Referral.objects.filter(from_organisation=from_org, idempotency_key=key).first()
    if existing:
        return existing
    service = _service_of(to_org, household)
    notes = [
        f"Automatic: a child's legal arrangement changed from "
        f"{LegalArrangement(old).label} to {LegalArrangement(new).label}. Looked-after "
        "support (allowances, continuing care, aftercare) may stop: please contact the "
        "family so that support continues."
    ]
    if service is None:
        notes.append(f"{to_org.name} lists no service, so this is addressed to the organisation.")
    consented = has_share_consent(household.pk, to_org.pk)
    if not consented:
        notes.append(
            "The family has not yet agreed to share their record with you: ask "
            "them before using it."
        )
    with transaction.atomic():
        referral, _secret = _insert(
            household=household,
            from_org=from_org,
            to_org=to_org,
            service=service,
            actor=None,
            reason=notes[0],
            asked_for="Transition support so that support continues after the order.",
            urgency=Urgency.SOON,
            shared=[SharedItem.LEGAL_ARRANGEMENT] if consented else [],
            shared_note=" ".join(notes[1:]),
            key=key,
            request=None,
            automatic=True,
            note=" ".join(notes),
        )
        route_if_unstaffed(referral.pk)
    referral.refresh_from_db()
    return referral
