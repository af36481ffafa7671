"""Writes to referrals: creating one (with consent), moving it through the lifecycle, chasing
overdue ones, the automatic "no cliff edge" referral, partner API keys and webhooks.

Every state change goes through `transition`: one transaction holding a conditional UPDATE
(optimistic lock on `version`), the append-only event and the audit record, so a change is
either wholly there or not there at all.
"""

import hashlib
import hmac
import json
import logging
import secrets
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from kinship.accounts.models import Organisation, OrganisationKind, User
from kinship.audit.models import AuditAction
from kinship.audit.services import record
from kinship.core.email import absolute_url, send_templated
from kinship.directory.models import LocalOffer, Service, ServiceStatus
from kinship.families import access_codes
from kinship.families import services as family_services
from kinship.families.models import (
    Child,
    Consent,
    ConsentMethod,
    ConsentScope,
    FamilyAccess,
    Household,
    LegalArrangement,
)
from kinship.families.selectors import visible_households

from . import lifecycle
from .holidays import add_working_days
from .lifecycle import Action, Party, State
from .models import (
    DeliveryStatus,
    PartnerApiKey,
    Referral,
    ReferralEvent,
    SharedItem,
    Urgency,
    WebhookDelivery,
    WebhookEndpoint,
)
from .permissions import ACTING_ROLES, ESCALATION_ROLES, acts_on_referrals

log = logging.getLogger(__name__)

ACK_WORKING_DAYS = 2
DECIDE_WORKING_DAYS = 10
# After a reminder, how many more working days before the administrators are told.
ESCALATE_AFTER_WORKING_DAYS = 2
WEBHOOK_MAX_ATTEMPTS = 8
WEBHOOK_BACKOFF_SECONDS = 30
WEBHOOK_TIMEOUT_SECONDS = 5
STATUS_FAILURES_PER_IP = 10
STATUS_WINDOW_SECONDS = 15 * 60
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
    parties = set()
    if referral.to_organisation_id == org_id:
        parties.add(Party.RECEIVER)
    if referral.from_organisation_id == org_id:
        parties.add(Party.SENDER)
    return parties


def has_share_consent(household_id: int, organisation_id: int) -> bool:
    return Consent.objects.filter(
        household_id=household_id, organisation_id=organisation_id,
        scope=ConsentScope.SHARE_WITH_ORGANISATION, withdrawn_at__isnull=True,
    ).exists()


def _ensure_consent(household: Household, organisation: Organisation, *, actor,
                    consent_method: str, given_by_name: str, request) -> None:
    """The family must have agreed to share with the receiving organisation: either already,
    or now (recorded through the families service in this same transaction)."""
    if has_share_consent(household.pk, organisation.pk):
        return
    if not consent_method:
        raise ReferralError(
            f"The family has not agreed to share their details with {organisation.name}. "
            "Ask them, then record their agreement on this form.")
    if consent_method not in ConsentMethod.values:
        raise ReferralError("Say how the family gave their agreement.")
    main = household.carers.order_by("-is_main_contact", "id").first()
    family_services.record_consent(
        household, actor=actor, scope=ConsentScope.SHARE_WITH_ORGANISATION,
        method=consent_method, given_by=None if given_by_name else main,
        given_by_name=given_by_name, organisation=organisation, request=request,
    )


def _active_service(service_id) -> Service:
    try:
        key = uuid.UUID(str(service_id)) if service_id else None
    except ValueError:
        key = None
    service = (Service.objects.select_related("organization__account_organisation")
               .filter(pk=key, status=ServiceStatus.ACTIVE).first() if key else None)
    if service is None:
        raise ReferralError("Choose a service from the list.")
    if service.organization.account_organisation is None:
        raise ReferralError(
            f"{service.name} does not take referrals through Kinship Hub yet. "
            "Contact them directly and note it on the family's record.")
    return service


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


@dataclass
class Created:
    referral: Referral
    # The family's secret, shown once; None when this was a repeated submission.
    secret: str | None
    created: bool


def _write_event(referral_id, sequence: int, *, actor, organisation, action: str,
                 from_state: str, to_state: str, note: str = "",
                 details: dict | None = None) -> ReferralEvent:
    is_user = actor is not None and getattr(actor, "pk", None)
    return ReferralEvent.objects.create(
        referral_id=referral_id, sequence=sequence,
        actor=actor if is_user else None,
        actor_name=(actor.full_name if is_user else "Kinship Hub (automatic)")[:150],
        organisation=organisation, organisation_name=organisation.name if organisation else "",
        action=action, from_state=from_state, to_state=to_state, note=note[:2000],
        details=details or {},
    )


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
    if to_org.pk == org.pk:
        raise ReferralError("Choose a service run by another organisation.")
    shared = [s for s in details.shared_items if s in SharedItem.values]
    try:
        with transaction.atomic():
            _ensure_consent(household, to_org, actor=actor,
                            consent_method=details.consent_method,
                            given_by_name=details.consent_given_by_name, request=request)
            referral, secret = _insert(
                household=household, from_org=org, to_org=to_org, service=service,
                actor=actor, reason=details.reason, asked_for=details.asked_for,
                urgency=details.urgency, shared=shared, shared_note=details.shared_note,
                key=key, request=request,
            )
    except IntegrityError:
        # The same key submitted twice at once: the other submission won.
        existing = Referral.objects.filter(from_organisation=org, idempotency_key=key).first()
        if existing is None:
            raise
        return Created(existing, None, False)
    return Created(referral, secret, True)


def _insert(*, household, from_org, to_org, service, actor, reason, asked_for, urgency,
            shared, shared_note, key, request, automatic: bool = False,
            note: str = "") -> tuple[Referral, str]:
    now = timezone.now()
    ack_due, decide_due = deadlines(now)
    secret = new_secret()
    referral = Referral.objects.create(
        from_organisation=from_org, to_service=service, to_organisation=to_org,
        owner_organisation=to_org, household=household,
        created_by=actor if getattr(actor, "pk", None) else None,
        reason=reason[:2000], asked_for=asked_for[:2000], urgency=urgency,
        shared_items=shared, shared_note=shared_note[:500], is_automatic=automatic,
        state=State.SENT, last_sequence=1, ack_due_at=ack_due, decision_due_at=decide_due,
        idempotency_key=key, reference=_unique_reference(), secret_hash=secret_hash(secret),
    )
    _write_event(referral.pk, 1, actor=actor,
                 organisation=getattr(actor, "organisation", None) or from_org,
                 action=Action.CREATE, from_state="", to_state=State.SENT,
                 note=note or reason,
                 details={"to_service": str(service.pk) if service else None,
                          "to_organisation": to_org.pk})
    record(actor=actor, action=AuditAction.CREATE, obj=referral, request=request,
           purpose="automatic transition referral" if automatic else "referral sent",
           details={"household": household.pk, "to_organisation": to_org.pk})
    _queue_webhooks(referral, 1, {to_org.pk})
    return referral, secret


def _unique_reference() -> str:
    for _ in range(10):
        ref = new_reference()
        if not Referral.objects.filter(reference=ref).exists():
            return ref
    raise RuntimeError("Could not make a unique referral reference.")


# --- moving through the lifecycle -----------------------------------------------------------

def describe_last_change(referral_id) -> str:
    event = (ReferralEvent.objects.filter(referral_id=referral_id)
             .order_by("-sequence").first())
    if event is None:
        return "Someone else changed this referral first. Look at it again."
    when = timezone.localtime(event.at).strftime("%H:%M on %-d %B")
    who = event.actor_name or "Someone"
    org = f" ({event.organisation_name})" if event.organisation_name else ""
    return (f"{who}{org} already {event.get_action_display().lower()} this referral at "
            f"{when}. Look at it again before deciding.")


def transition(referral_id, action: str, actor, expected_version: int, *, reason: str = "",
               outcome: str = "", outcome_note: str = "", to_service_id=None,
               consent_method: str = "", consent_given_by_name: str = "",
               request=None) -> Referral:
    """Take `action` on the referral as it was at `expected_version`.

    Raises ReferralNotFound (not a party), lifecycle.InvalidTransition (not allowed now or not
    by this party), ReferralError (missing reason/outcome/consent) or StaleReferral (someone
    changed it first). On any error nothing is written.
    """
    with transaction.atomic():
        referral = (Referral.objects.select_related("to_organisation", "from_organisation")
                    .filter(pk=referral_id).first())
        if referral is None:
            raise ReferralNotFound(referral_id)
        parties = parties_of(actor, referral)
        if not parties:
            raise ReferralNotFound(referral_id)
        if referral.version != expected_version:
            raise StaleReferral(describe_last_change(referral.pk))
        move = lifecycle.move_for(referral.state, action)
        if move.party not in parties:
            raise lifecycle.InvalidTransition(
                f"Only the {Party(move.party).label} can do that.")
        values = {"reason": reason.strip(), "outcome": outcome, "to_service": to_service_id}
        missing = lifecycle.missing_fields(move, values)
        if missing:
            raise ReferralError(_missing_message(missing))
        if outcome and outcome not in lifecycle.Outcome.values:
            raise ReferralError("Choose an outcome from the list.")
        now = timezone.now()
        changes = {"state": move.to_state, "updated_at": now}
        if values["reason"]:
            changes["last_reason"] = values["reason"][:2000]
        if "outcome" in move.requires:
            changes["outcome"] = outcome
            changes["outcome_note"] = outcome_note.strip()[:2000]
        notify = {referral.to_organisation_id}
        new_receiver = referral.to_organisation
        if action == Action.REDIRECT:
            service = _active_service(to_service_id)
            new_receiver = service.organization.account_organisation
            if new_receiver.pk == actor.organisation_id:
                raise ReferralError("Choose a service run by another organisation.")
            _ensure_consent(referral.household, new_receiver, actor=actor,
                            consent_method=consent_method,
                            given_by_name=consent_given_by_name, request=request)
            ack_due, decide_due = deadlines(now)
            changes.update(to_service=service, to_organisation=new_receiver,
                           ack_due_at=ack_due, decision_due_at=decide_due,
                           reminded_at=None, escalated_at=None)
            notify.add(new_receiver.pk)
        owner = new_receiver if move.owner == Party.RECEIVER else referral.from_organisation
        changes["owner_organisation"] = owner
        updated = Referral.objects.filter(pk=referral.pk, version=expected_version).update(
            version=F("version") + 1, last_sequence=F("last_sequence") + 1, **changes)
        if not updated:
            raise StaleReferral(describe_last_change(referral.pk))
        sequence = Referral.objects.filter(pk=referral.pk).values_list(
            "last_sequence", flat=True).get()
        details = {"owner": owner.pk}
        if action == Action.REDIRECT:
            details.update(to_service=str(changes["to_service"].pk),
                           to_organisation=new_receiver.pk,
                           from_organisation=referral.to_organisation_id)
        if outcome:
            details["outcome"] = outcome
        _write_event(referral.pk, sequence, actor=actor, organisation=actor.organisation,
                     action=action, from_state=referral.state, to_state=move.to_state,
                     note=values["reason"] or outcome_note, details=details)
        record(actor=actor, action=AuditAction.CHANGE, obj=referral, request=request,
               purpose=f"referral {action}",
               details={"from": referral.state, "to": move.to_state})
        _queue_webhooks(referral, sequence, notify)
    referral.refresh_from_db()
    return referral


def _missing_message(missing: list[str]) -> str:
    words = {"reason": "give a reason", "outcome": "choose the outcome",
             "to_service": "choose the service to send it to"}
    return "To do this, " + " and ".join(words.get(m, m) for m in missing) + "."


# --- deadlines: remind, then escalate -------------------------------------------------------

def overdue_filter(now: datetime):
    from django.db.models import Q

    return (Q(state__in=lifecycle.AWAITING_ACK, ack_due_at__lt=now)
            | Q(state__in=lifecycle.AWAITING_DECISION, decision_due_at__lt=now))


def _bookkeeping_event(referral: Referral, *, action: str, stamp_field: str, now: datetime,
                       note: str) -> bool:
    """Mark the reminder/escalation sent (once) and write its event, in one transaction."""
    with transaction.atomic():
        won = Referral.objects.filter(pk=referral.pk, **{f"{stamp_field}__isnull": True}).update(
            **{stamp_field: now}, last_sequence=F("last_sequence") + 1)
        if not won:
            return False
        sequence = Referral.objects.filter(pk=referral.pk).values_list(
            "last_sequence", flat=True).get()
        _write_event(referral.pk, sequence, actor=None, organisation=None, action=action,
                     from_state=referral.state, to_state=referral.state, note=note)
    return True


def _staff_url(referral: Referral) -> str:
    return absolute_url("referrals_staff:detail", referral.pk)


def _emails_of(org: Organisation, roles) -> list[str]:
    return list(User.objects.filter(organisation=org, role__in=roles, is_active=True)
                .values_list("email", flat=True))


def chase_overdue(now: datetime | None = None) -> dict:
    """Remind the receiver of each overdue referral once; once the reminder has gone
    unanswered for ESCALATE_AFTER_WORKING_DAYS, tell both organisations' administrators
    once. Emails carry the reference and a link only, never a family's details."""
    now = now or timezone.now()
    overdue = (Referral.objects.filter(overdue_filter(now))
               .select_related("to_organisation", "from_organisation"))
    counts = {"reminded": 0, "escalated": 0}
    for referral in overdue.filter(reminded_at__isnull=True):
        if _bookkeeping_event(referral, action=Action.REMINDER, stamp_field="reminded_at",
                              now=now, note="Deadline missed: reminder sent."):
            to = ([referral.to_organisation.email] if referral.to_organisation.email else
                  _emails_of(referral.to_organisation, ACTING_ROLES))
            send_templated("referrals/email/overdue_reminder",
                           {"referral": referral, "url": _staff_url(referral)}, to,
                           fail_silently=True)
            counts["reminded"] += 1
    escalate_after = escalation_threshold()
    for referral in overdue.filter(reminded_at__isnull=False, escalated_at__isnull=True):
        if add_working_days(timezone.localtime(referral.reminded_at), escalate_after) > now:
            continue
        if _bookkeeping_event(referral, action=Action.ESCALATION, stamp_field="escalated_at",
                              now=now, note="Still overdue after a reminder: escalated."):
            to = (_emails_of(referral.to_organisation, ESCALATION_ROLES)
                  + _emails_of(referral.from_organisation, ESCALATION_ROLES))
            send_templated("referrals/email/overdue_escalation",
                           {"referral": referral, "url": _staff_url(referral)},
                           sorted(set(to)), fail_silently=True)
            counts["escalated"] += 1
    return counts


def escalation_threshold() -> int:
    return _setting("REFERRAL_ESCALATE_DAYS", ESCALATE_AFTER_WORKING_DAYS)


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
        team = (Organisation.objects.filter(kind=OrganisationKind.COUNCIL_KINSHIP_TEAM,
                                            home_council=council).order_by("pk").first())
        if team:
            return team
    access = (FamilyAccess.objects.filter(household=household, ended_at__isnull=True)
              .select_related("organisation").order_by("granted_at", "pk").first())
    return access.organisation if access else None


def _service_of(org: Organisation, household: Household) -> Service | None:
    services = Service.objects.filter(organization__account_organisation=org,
                                      status=ServiceStatus.ACTIVE)
    if household.council_id:
        local = services.filter(is_local_offer=True, council_id=household.council_id).first()
        if local:
            return local
    return services.order_by("-is_specialist_kinship_team", "name").first()


def create_transition_referral(child: Child, old: str, new: str) -> Referral | None:
    """A child moved from looked after to a section 11 order: support must not stop, so refer
    the family to the council's kinship team (or whoever supports them now). Never skipped
    silently: with nowhere to send it, the gap is audited."""
    household = child.household
    to_org = _transition_receiver(household)
    key = f"transition:child:{child.pk}:{new}"[:64]
    if to_org is None:
        log.warning("No organisation to send a transition referral to for household %s",
                    household.pk)
        record(actor=None, action=AuditAction.CHANGE, obj=household,
               purpose="transition referral not possible: no council team or supporting "
                       "organisation", details={"child": child.pk, "from": old, "to": new})
        return None
    sender_access = (FamilyAccess.objects.filter(household=household, ended_at__isnull=True)
                     .exclude(organisation=to_org).select_related("organisation")
                     .order_by("granted_at", "pk").first())
    from_org = sender_access.organisation if sender_access else to_org
    existing = Referral.objects.filter(from_organisation=from_org, idempotency_key=key).first()
    if existing:
        return existing
    service = _service_of(to_org, household)
    notes = [f"Automatic: a child's legal arrangement changed from "
             f"{LegalArrangement(old).label} to {LegalArrangement(new).label}. Looked-after "
             "support (allowances, continuing care, aftercare) may stop: please contact the "
             "family so that support continues."]
    if service is None:
        notes.append(f"{to_org.name} lists no service, so this is addressed to the "
                     "organisation.")
    consented = has_share_consent(household.pk, to_org.pk)
    if not consented:
        notes.append("The family has not yet agreed to share their record with you: ask "
                     "them before using it.")
    with transaction.atomic():
        referral, _secret = _insert(
            household=household, from_org=from_org, to_org=to_org, service=service,
            actor=None, reason=notes[0], asked_for="Transition support so that support "
            "continues after the order.", urgency=Urgency.SOON,
            shared=[SharedItem.LEGAL_ARRANGEMENT] if consented else [],
            shared_note=" ".join(notes[1:]), key=key, request=None, automatic=True,
            note=" ".join(notes),
        )
    return referral


# --- the family's view ----------------------------------------------------------------------

_ip_throttle = access_codes.FailureThrottle(
    "referrals:status:ip", STATUS_FAILURES_PER_IP, STATUS_WINDOW_SECONDS)


def status_check_allowed(ip: str) -> bool:
    return _ip_throttle.allowed(ip)


def find_for_family(reference: str, secret: str, *, ip: str = "") -> Referral | None:
    """The referral if reference and secret match; otherwise None, and the failure counts
    towards the IP's throttle. Unknown reference and wrong secret look the same."""
    formatted = access_codes.formatted_reference("KR", reference)
    referral = (Referral.objects.select_related("to_organisation", "to_service")
                .filter(reference=formatted).first() if formatted else None)
    if referral and access_codes.secret_matches(secret, referral.secret_hash, SECRET_PURPOSE):
        return referral
    _ip_throttle.count_failure(ip)
    return None


# --- partner API keys -----------------------------------------------------------------------

def _key_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def create_api_key(organisation: Organisation, name: str, *, actor=None) -> tuple[PartnerApiKey,
                                                                                  str]:
    """A new key; the raw value is returned once and never stored."""
    prefix = secrets.token_hex(4)
    raw = f"khr_{prefix}_{secrets.token_urlsafe(32)}"
    key = PartnerApiKey.objects.create(organisation=organisation, name=name[:100],
                                       prefix=prefix, key_hash=_key_hash(raw))
    record(actor=actor, action=AuditAction.CREATE, obj=key, purpose="referrals API key made")
    return key, raw


def organisation_for_api_key(raw: str) -> Organisation | None:
    parts = (raw or "").split("_")
    if len(parts) < 3 or parts[0] != "khr":
        return None
    key = (PartnerApiKey.objects.select_related("organisation")
           .filter(prefix=parts[1][:12], revoked_at__isnull=True).first())
    if key and constant_time_compare(key.key_hash, _key_hash(raw)):
        return key.organisation
    return None


def revoke_api_key(key: PartnerApiKey, *, actor=None) -> None:
    PartnerApiKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now())
    record(actor=actor, action=AuditAction.CHANGE, obj=key, purpose="referrals API key revoked")


# --- webhooks -------------------------------------------------------------------------------

def event_json(event: ReferralEvent) -> dict:
    return {"sequence": event.sequence, "at": event.at.isoformat(), "action": event.action,
            "from_state": event.from_state, "to_state": event.to_state,
            "organisation": event.organisation_name, "note": event.note}


def referral_json(referral: Referral) -> dict:
    """What partner systems see: the referral's state and parties, no family details (they
    hold those already, with consent, in their own records)."""
    return {
        "id": str(referral.pk), "reference": referral.reference, "state": referral.state,
        "urgency": referral.urgency, "version": referral.version,
        "from_organisation": referral.from_organisation.slug,
        "to_organisation": referral.to_organisation.slug,
        "owner_organisation": referral.owner_organisation.slug,
        "to_service": str(referral.to_service_id) if referral.to_service_id else None,
        "outcome": referral.outcome or None,
        "ack_due_at": referral.ack_due_at.isoformat(),
        "decision_due_at": referral.decision_due_at.isoformat(),
        "created_at": referral.created_at.isoformat(),
        "updated_at": referral.updated_at.isoformat(),
    }


def _queue_webhooks(referral: Referral, sequence: int, organisation_ids: set[int]) -> None:
    endpoints = list(WebhookEndpoint.objects.filter(organisation_id__in=organisation_ids,
                                                    is_active=True))
    if not endpoints:
        return
    payload = {"referral_id": str(referral.pk), "event_sequence": sequence}
    deliveries = WebhookDelivery.objects.bulk_create([
        WebhookDelivery(endpoint=e, referral_id=referral.pk, event_sequence=sequence,
                        payload=payload, next_attempt_at=timezone.now())
        for e in endpoints
    ])
    ids = [d.pk for d in deliveries if d.pk]
    if not ids:  # backends without RETURNING: look them up
        ids = list(WebhookDelivery.objects.filter(referral_id=referral.pk,
                                                  event_sequence=sequence)
                   .values_list("pk", flat=True))

    def enqueue():
        from .tasks import deliver_webhook

        for pk in ids:
            deliver_webhook.enqueue(pk)

    transaction.on_commit(enqueue)


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def webhook_body(delivery: WebhookDelivery) -> bytes:
    referral = Referral.objects.select_related(
        "from_organisation", "to_organisation", "owner_organisation").get(
        pk=delivery.referral_id)
    event = ReferralEvent.objects.get(referral_id=delivery.referral_id,
                                      sequence=delivery.event_sequence)
    return json.dumps({"referral": referral_json(referral), "event": event_json(event)},
                      sort_keys=True).encode()


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=WEBHOOK_BACKOFF_SECONDS * 2 ** max(attempts - 1, 0))


def attempt_delivery(delivery_id: int, now: datetime | None = None) -> datetime | None:
    """POST one delivery. Returns when to try again, or None when done (delivered or given
    up). Each attempt is recorded on the delivery row."""
    now = now or timezone.now()
    delivery = (WebhookDelivery.objects.select_related("endpoint")
                .filter(pk=delivery_id, status=DeliveryStatus.PENDING).first())
    if delivery is None:
        return None
    body = webhook_body(delivery)
    request = urllib.request.Request(  # noqa: S310 - the URL is an http(s) URLField
        delivery.endpoint.url, data=body, method="POST",
        headers={"Content-Type": "application/json",
                 "X-Kinship-Signature": sign(delivery.endpoint.secret, body),
                 "X-Kinship-Delivery": str(delivery.pk)})
    status_code, error = None, ""
    try:
        with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT_SECONDS) as response:  # noqa: S310
            status_code = response.status
    except urllib.error.HTTPError as exc:
        status_code, error = exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        error = str(exc)[:300] or exc.__class__.__name__
    attempts = delivery.attempts + 1
    if status_code is not None and 200 <= status_code < 300:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.DELIVERED, attempts=attempts, last_status_code=status_code,
            last_error="", delivered_at=now, next_attempt_at=None)
        return None
    if attempts >= WEBHOOK_MAX_ATTEMPTS:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.FAILED, attempts=attempts, last_status_code=status_code,
            last_error=error, next_attempt_at=None)
        return None
    retry_at = now + backoff(attempts)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        attempts=attempts, last_status_code=status_code, last_error=error,
        next_attempt_at=retry_at)
    return retry_at


def due_deliveries(now: datetime | None = None) -> list[int]:
    now = now or timezone.now()
    return list(WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING,
                                               next_attempt_at__lte=now)
                .values_list("pk", flat=True)[:500])
