"""Writes for the caseload: taking a family on, the named contacts on the team, which partner
an agreed action needs, referring an agreed action from the caseload, and planned order
changes. Every one checks the family is open to the actor's organisation and is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from kinship.accounts.models import Organisation, OrganisationKind, User
from kinship.assessments.models import AgreedAction
from kinship.assessments.selectors import visible_assessments
from kinship.audit.models import AuditAction
from kinship.audit.services import record
from kinship.directory.models import LocalOffer, Service, ServiceStatus
from kinship.families import services as family_services
from kinship.families.models import Child, ConsentMethod, Household, LegalArrangement
from kinship.families.permissions import holds_family
from kinship.families.selectors import visible_households
from kinship.places.models import Council
from kinship.referrals import services as referral_services

from . import responsibility
from .models import (
    ActionNeed,
    Allocation,
    HandOver,
    PartnerDomain,
    PlannedOrderChange,
    TeamContact,
)
from .permissions import holds_caseload, leads_team


class CaseloadError(ValueError):
    pass


def _household(actor, household_id) -> Household:
    if not holds_caseload(actor):
        raise CaseloadError("Only Kinship Co-ordinators and council workers hold caseloads.")
    try:
        pk = int(household_id)
    except (TypeError, ValueError):
        raise CaseloadError("No such family.") from None
    household = visible_households(actor).filter(pk=pk).first()
    if household is None:
        raise CaseloadError("No such family.")
    return household


def visible_action(actor, action_id) -> AgreedAction:
    if not holds_caseload(actor):
        raise CaseloadError("Only Kinship Co-ordinators and council workers hold caseloads.")
    try:
        pk = int(action_id)
    except (TypeError, ValueError):
        raise CaseloadError("No such agreed action.") from None
    action = (
        AgreedAction.objects.select_related("assessment")
        .filter(pk=pk, assessment__in=visible_assessments(actor))
        .first()
    )
    if (
        action is None
        or not visible_households(actor).filter(pk=action.assessment.household_id).exists()
    ):
        raise CaseloadError("No such agreed action.")
    return action


@transaction.atomic
def take_on(household_id, *, actor, worker: User | None = None, request=None) -> Allocation:
    """The worker (the actor, or a colleague a team leader names) holds the family's case for
    their organisation; a previous holder in the organisation is released."""
    household = _household(actor, household_id)
    worker = worker or actor
    if worker.pk != actor.pk and not leads_team(actor):
        raise CaseloadError("Only a team leader can give a family to a colleague.")
    if worker.organisation_id != actor.organisation_id or not holds_caseload(worker):
        raise CaseloadError("Choose a colleague who holds a caseload.")
    current = (
        Allocation.objects.select_for_update()
        .filter(household=household, organisation_id=actor.organisation_id, ended_at__isnull=True)
        .first()
    )
    if current and current.worker_id == worker.pk:
        return current
    if current:
        current.ended_at = timezone.now()
        current.save(update_fields=["ended_at"])
    allocation = Allocation.objects.create(
        household=household,
        organisation_id=actor.organisation_id,
        worker=worker,
        allocated_by=actor,
    )
    record(
        actor=actor,
        action=AuditAction.CHANGE,
        obj=household,
        request=request,
        purpose="caseload: family allocated",
        details={"worker": worker.pk},
    )
    return allocation


def add_team_contact(
    household_id,
    *,
    actor,
    domain: str,
    name: str,
    role: str = "",
    organisation_name: str = "",
    request=None,
) -> TeamContact:
    household = _household(actor, household_id)
    if domain not in PartnerDomain.values:
        raise CaseloadError("Choose the partner (education, health, housing, ...).")
    name = (name or "").strip()
    if not name:
        raise CaseloadError("Give the contact's name.")
    contact = TeamContact.objects.create(
        household=household,
        domain=domain,
        name=name[:150],
        role=(role or "").strip()[:150],
        organisation_name=(organisation_name or "").strip()[:200],
        added_by=actor,
    )
    record(
        actor=actor,
        action=AuditAction.CHANGE,
        obj=household,
        request=request,
        purpose="caseload: team contact added",
        details={"contact": contact.pk},
    )
    return contact


def set_action_need(action_id, *, actor, domain: str, request=None) -> ActionNeed:
    action = visible_action(actor, action_id)
    if domain not in PartnerDomain.values:
        raise CaseloadError("Choose the partner (education, health, housing, ...).")
    need, _created = ActionNeed.objects.update_or_create(
        action=action, defaults={"domain": domain, "set_by": actor, "set_at": timezone.now()}
    )
    record(
        actor=actor,
        action=AuditAction.CHANGE,
        obj=action.assessment.household,
        request=request,
        purpose="caseload: partner an agreed action needs",
        details={"action": action.pk, "domain": domain},
    )
    return need


def refer_for_action(
    action_id,
    *,
    actor,
    service_id: str,
    idempotency_key: str,
    consent_method: str = "",
    request=None,
) -> AgreedAction:
    """Refer the family to a service for an agreed action that nobody is doing yet, through
    `referrals` (consent, deadlines, the family's reference), and link the action to it."""
    action = visible_action(actor, action_id)
    if action.referral_id is not None:
        raise CaseloadError("This action is already a referral.")
    with transaction.atomic():
        try:
            created = referral_services.create_referral(
                referral_services.NewReferral(
                    household_id=action.assessment.household_id,
                    to_service_id=service_id,
                    reason=f"Agreed with the family: {action.what}"[:2000],
                    asked_for=action.what[:2000],
                    idempotency_key=idempotency_key,
                    shared_items=["contact_details", "children"],
                    consent_method=consent_method,
                ),
                actor=actor,
                request=request,
            )
        except referral_services.ReferralError as exc:
            raise CaseloadError(str(exc)) from exc
        action.referral = created.referral
        action.save(update_fields=["referral"])
        record(
            actor=actor,
            action=AuditAction.CHANGE,
            obj=action.assessment.household,
            request=request,
            purpose="caseload: agreed action referred",
            details={"action": action.pk, "referral": str(created.referral.pk)},
        )
    return action


def plan_order_change(
    child_id, *, actor, new_arrangement: str, stage: str, expected_on: date | None, request=None
) -> PlannedOrderChange:
    try:
        pk = int(child_id)
    except (TypeError, ValueError):
        raise CaseloadError("No such child.") from None
    child = Child.objects.filter(pk=pk).select_related("household").first()
    if child is None:
        raise CaseloadError("No such child.")
    _household(actor, child.household_id)
    if (
        new_arrangement not in LegalArrangement.values
        or new_arrangement == LegalArrangement.NOT_SURE
    ):
        raise CaseloadError("Choose the order being planned.")
    if stage not in PlannedOrderChange.Stage.values:
        raise CaseloadError("Say whether the order is planned or applied for.")
    if expected_on is None:
        raise CaseloadError("Give the date the order is expected.")
    change = PlannedOrderChange.objects.create(
        child=child,
        new_arrangement=new_arrangement,
        stage=stage,
        expected_on=expected_on,
        recorded_by=actor,
    )
    record(
        actor=actor,
        action=AuditAction.CHANGE,
        obj=child.household,
        request=request,
        purpose="caseload: order change planned",
        details={"child": child.pk},
    )
    return change


# --- which council is responsible, and the hand-over when the family moves ------------------


def set_placing_council(child_id, *, actor, council_code: str, request=None) -> Child:
    """Record the council that placed the child or was responsible when the order was made
    (through the families service). Only an organisation holding the record may change it."""
    try:
        pk = int(child_id)
    except (TypeError, ValueError):
        raise CaseloadError("No such child.") from None
    child = Child.objects.filter(pk=pk).select_related("household").first()
    if child is None:
        raise CaseloadError("No such child.")
    household = _household(actor, child.household_id)
    if not holds_family(actor, household):
        raise CaseloadError("Only an organisation holding the family's record can change it.")
    council = None
    if council_code:
        council = Council.objects.filter(pk=str(council_code)[:9]).first()
        if council is None:
            raise CaseloadError("Choose a council from the list.")
    return family_services.child_set_placing_council(
        child, council.pk if council else None, actor=actor, request=request
    )


def _facts(household: Household, council_id: str | None) -> list[responsibility.Facts]:
    return [
        responsibility.Facts(
            arrangement=c.legal_arrangement,
            placing_council=c.placing_council_id,
            carer_council=council_id,
            child_council=council_id,
        )
        for c in household.children.all()
    ] or [responsibility.Facts(LegalArrangement.NOT_SURE, None, council_id, council_id)]


def new_council_team(council: Council) -> tuple[Organisation | None, Service | None]:
    """The new council's kinship team (the team running its local offer, else its kinship
    team) and the service to refer to (its local offer service, else its first active one)."""
    offer = LocalOffer.objects.select_related("team").filter(council=council).first()
    team = offer.team if offer and offer.team else None
    if team is None:
        team = (
            Organisation.objects.filter(
                kind=OrganisationKind.COUNCIL_KINSHIP_TEAM, home_council=council
            )
            .order_by("pk")
            .first()
        )
    if team is None:
        return None, None
    services_qs = Service.objects.filter(
        organization__account_organisation=team, status=ServiceStatus.ACTIVE
    )
    service = (
        services_qs.filter(is_local_offer=True, council=council).first()
        or services_qs.order_by("-is_specialist_kinship_team", "name").first()
    )
    return team, service


@dataclass
class Moved:
    hand_over: HandOver
    team: Organisation | None


def record_move(
    household_id,
    *,
    actor,
    council_code: str,
    moved_on: date | None,
    idempotency_key: str,
    consent_method: str = "",
    request=None,
) -> Moved:
    """The family has moved to another council: record it through the families service,
    work out again which council is responsible, and where local support passes to another
    council refer the family to that council's kinship team (only with the family's agreement
    to share). The worker keeps the family until the new council accepts. Audited."""
    household = _household(actor, household_id)
    if not holds_family(actor, household):
        raise CaseloadError("Only an organisation holding the family's record can record a move.")
    council = Council.objects.filter(pk=str(council_code or "")[:9]).first()
    if council is None:
        raise CaseloadError("Choose the council the family has moved to.")
    if council.pk == household.council_id:
        raise CaseloadError("The family already lives in that council.")
    if moved_on is None:
        raise CaseloadError("Give the date the family moved.")
    if moved_on > timezone.localdate():
        raise CaseloadError("The date the family moved cannot be in the future.")
    if consent_method and consent_method not in ConsentMethod.values:
        raise CaseloadError("Say how the family gave their agreement.")
    before = _facts(household, household.council_id)
    after = _facts(household, council.pk)
    passes = any(
        responsibility.local_support_moves(b, a) for b, a in zip(before, after, strict=True)
    )
    team, service = new_council_team(council) if passes else (None, None)
    with transaction.atomic():
        old = family_services.household_moved(
            household, council.pk, actor=actor, moved_on=moved_on, request=request
        )
        referral = None
        if not passes:
            outcome = HandOver.Outcome.NOT_NEEDED
        elif team is None or service is None:
            outcome = HandOver.Outcome.NO_TEAM
        elif team.pk == actor.organisation_id:
            outcome = HandOver.Outcome.OWN_TEAM
        elif not consent_method and not referral_services.has_share_consent(household.pk, team.pk):
            outcome = HandOver.Outcome.NO_CONSENT
        else:
            try:
                created = referral_services.create_referral(
                    referral_services.NewReferral(
                        household_id=household.pk,
                        to_service_id=str(service.pk),
                        reason=(
                            f"The family moved from {council_name(old)} to "
                            f"{council.display_name} on {moved_on:%d %B %Y}. Local support "
                            "for the child now comes from your council: please take the "
                            "family on. Their worker keeps them until you accept."
                        ),
                        asked_for="Take the family on as your council's kinship team.",
                        idempotency_key=f"move:{idempotency_key}"[:64],
                        shared_items=["contact_details", "children"],
                        consent_method=consent_method,
                    ),
                    actor=actor,
                    request=request,
                )
            except referral_services.ReferralError as exc:
                raise CaseloadError(str(exc)) from exc
            referral = created.referral
            outcome = HandOver.Outcome.REFERRED
        hand_over = HandOver.objects.create(
            household=household,
            from_council_id=old,
            to_council=council,
            moved_on=moved_on,
            outcome=outcome,
            referral=referral,
            recorded_by=actor,
        )
        record(
            actor=actor,
            action=AuditAction.CHANGE,
            obj=household,
            request=request,
            purpose="caseload: family moved, responsibility worked out again",
            details={
                "from": old,
                "to": council.pk,
                "outcome": outcome,
                "referral": str(referral.pk) if referral else None,
            },
        )
    return Moved(hand_over, team)


def council_name(code: str | None) -> str:
    if not code:
        return "an unknown council"
    council = Council.objects.filter(pk=code).first()
    return council.display_name if council else code
