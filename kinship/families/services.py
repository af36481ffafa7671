"""Writes to family records: creating a household, holding it, and recording or withdrawing
consent. Each write is audited."""

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from kinship.audit.models import AuditAction
from kinship.audit.services import record
from kinship.core.email import absolute_url, send_templated

from .models import (
    Carer,
    Child,
    Consent,
    ConsentChange,
    ConsentChangeKind,
    ConsentMethod,
    ConsentScope,
    FamilyAccess,
    Household,
    LegalArrangement,
    Relationship,
)


class ConsentError(ValueError):
    """Consent that cannot be recorded as given (missing organisation or channel)."""


class ConsentNotAllowed(PermissionDenied):
    """This person's organisation may not record that consent or withdrawal (see
    families/permissions.py for the rules)."""


def _is_person(actor) -> bool:
    # System actors (None: tasks, automatic transitions) act under the service's own rules.
    return actor is not None and getattr(actor, "is_authenticated", False)


@dataclass
class CarerDetails:
    full_name: str
    relationship: str = Relationship.GRANDPARENT
    date_of_birth: date | None = None
    phone: str = ""
    email: str = ""
    postal_address: str = ""
    preferred_channel: str = ""
    best_time_to_contact: str = ""
    safe_to_leave_message: bool = False
    safe_to_send_letter: bool = False


@dataclass
class ChildDetails:
    full_name: str
    date_of_birth: date | None = None
    legal_arrangement: str = LegalArrangement.NOT_SURE
    arrangement_started_on: date | None = None
    was_looked_after: bool | None = None
    looked_after_from: date | None = None
    looked_after_to: date | None = None
    care_experienced_self_identified: bool | None = None
    school: str = ""
    named_person: str = ""
    lead_professional: str = ""


@dataclass
class NewHousehold:
    council_id: str | None
    carers: list[CarerDetails]
    children: list[ChildDetails] = field(default_factory=list)
    arrangement: str = LegalArrangement.NOT_SURE


@transaction.atomic
def create_household(
    details: NewHousehold, *, actor, organisation, reason: str,
    consent_method: str = ConsentMethod.VERBAL_PHONE, request=None, audit: bool = True,
) -> Household:
    """A new household held by `organisation`, with the record-keeping consent the family
    gave (a record is only opened with it)."""
    if not details.carers:
        raise ValueError("A household needs at least one carer.")
    household = Household.objects.create(
        council_id=details.council_id or None, arrangement=details.arrangement,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    carers = [
        Carer(household=household, is_main_contact=(i == 0), **vars(c))
        for i, c in enumerate(details.carers)
    ]
    Carer.objects.bulk_create(carers)
    Child.objects.bulk_create([Child(household=household, **vars(c)) for c in details.children])
    hold(household, organisation, actor=actor, reason=reason, audit=False)
    main = household.carers.order_by("-is_main_contact", "id").first()
    record_consent(
        household, actor=actor, scope=ConsentScope.RECORD_KEEPING, given_by=main,
        method=consent_method, audit=False,
    )
    if audit:
        record(actor=actor, action=AuditAction.CREATE, obj=household, request=request,
               purpose=reason[:300])
    return household


def hold(household: Household, organisation, *, actor, reason: str,
         audit: bool = True) -> FamilyAccess:
    """The organisation now holds the household's record (idempotent)."""
    access, created = FamilyAccess.objects.get_or_create(
        household=household, organisation=organisation, ended_at=None,
        defaults={"reason": reason[:300],
                  "granted_by": actor if getattr(actor, "pk", None) else None},
    )
    if created and audit:
        record(actor=actor, action=AuditAction.CHANGE, obj=household,
               purpose=f"held by {organisation.name}", details={"reason": reason[:300]})
    return access


@transaction.atomic
def record_consent(
    household: Household, *, actor, scope: str, method: str, given_by: Carer | None = None,
    given_by_name: str = "", organisation=None, channel: str = "",
    given_at: datetime | None = None, request=None, audit: bool = True,
) -> Consent:
    if scope not in ConsentScope.values or method not in ConsentMethod.values:
        raise ConsentError("Unknown consent scope or method.")
    if scope == ConsentScope.SHARE_WITH_ORGANISATION and organisation is None:
        raise ConsentError("Say which organisation the family agreed to share with.")
    if scope == ConsentScope.CONTACT_BY_CHANNEL and not channel:
        raise ConsentError("Say which way the family agreed to be contacted.")
    if given_by is not None and given_by.household_id != household.pk:
        raise ConsentError("The person consenting must be a carer in this household.")
    perm = ("families.record_share_consent" if scope == ConsentScope.SHARE_WITH_ORGANISATION
            else "families.record_consent")
    if _is_person(actor) and not actor.has_perm(perm, household):
        raise ConsentNotAllowed("Only an organisation working with this family can record "
                                "that consent.")
    consent = Consent.objects.create(
        household=household, given_by=given_by,
        given_by_name=(given_by.full_name if given_by else given_by_name)[:150] or "Not given",
        scope=scope, organisation=organisation if scope == "share_with_organisation" else None,
        channel=channel if scope == ConsentScope.CONTACT_BY_CHANNEL else "",
        given_at=given_at or timezone.now(), method=method,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    _consent_changed(consent, ConsentChangeKind.GIVEN, actor, at=consent.given_at)
    if audit:
        record(actor=actor, action=AuditAction.CHANGE, obj=household, request=request,
               purpose="consent recorded",
               details={"consent": consent.pk, "scope": scope,
                        "organisation": getattr(organisation, "pk", None)})
    return consent


@transaction.atomic
def withdraw_consent(consent: Consent, *, actor, note: str = "", method: str = "",
                     request=None) -> bool:
    """Mark consent withdrawn now, in the family's words (`note`) and by the channel they used
    (`method`). False if it was already withdrawn.

    Only a holder of the record or the organisation the consent names may record it; sharing
    stops, but no organisation's own record-keeping basis (FamilyAccess) changes. When the
    named organisation did not record it, it is told (email and audit)."""
    if _is_person(actor):
        if not actor.has_perm("families.withdraw_consent", consent):
            raise ConsentNotAllowed(
                "Only the organisation holding this family's record, or the organisation this "
                "consent names, can record its withdrawal.")
        if method not in ConsentMethod.values:
            raise ConsentError("Say how the family told you.")
        if not note.strip():
            raise ConsentError("Write down what the family said.")
    changed = Consent.objects.filter(pk=consent.pk, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now(), withdrawn_by=actor if getattr(actor, "pk", None) else None,
        withdrawal_note=note.strip()[:300],
    )
    if not changed:
        return False
    _consent_changed(consent, ConsentChangeKind.WITHDRAWN, actor, note=note.strip())
    record(actor=actor, action=AuditAction.CHANGE, obj=consent.household, request=request,
           purpose="consent withdrawn",
           details={"consent": consent.pk, "method": method,
                    "organisation": consent.organisation_id})
    affected = consent.organisation
    if affected is not None and affected.pk != getattr(actor, "organisation_id", None):
        _tell_organisation_consent_withdrawn(consent, affected, actor=actor, request=request)
    return True


def _consent_changed(consent: Consent, kind: str, actor, *, at=None, note: str = ""):
    ConsentChange.objects.create(
        consent=consent, kind=kind, at=at or timezone.now(), note=note[:300],
        actor_id=getattr(actor, "pk", None), actor_email=getattr(actor, "email", "") or "",
    )


@dataclass(frozen=True)
class ArrangementChange:
    """A child's legal arrangement moved from `old` to `new` (what follow-ups receive)."""

    child: Child
    old: str
    new: str
    actor: object = None


@transaction.atomic
def child_change_arrangement(child: Child, arrangement: str, *, actor,
                             started_on: date | None = None, note: str = "",
                             request=None) -> ArrangementChange | None:
    """Record a child's new legal arrangement; None if nothing changed.

    Leaving "looked after" is written into the child's care history. After the change is
    committed, each of settings.FAMILY_ARRANGEMENT_FOLLOW_UPS is called with the change (the
    referrals app's "no cliff edge" transition referral is one): named in settings rather than
    imported, because those apps sit above this one.
    """
    if arrangement not in LegalArrangement.values:
        raise ValueError("Unknown legal arrangement.")
    locked = Child.objects.select_for_update().get(pk=child.pk)
    old = locked.legal_arrangement
    if old == arrangement and started_on in (None, locked.arrangement_started_on):
        return None
    locked.legal_arrangement = arrangement
    locked.arrangement_started_on = started_on or timezone.localdate()
    if old == LegalArrangement.LOOKED_AFTER_KINSHIP and arrangement != old:
        locked.was_looked_after = True
        locked.looked_after_to = locked.looked_after_to or locked.arrangement_started_on
    elif arrangement == LegalArrangement.LOOKED_AFTER_KINSHIP:
        locked.was_looked_after = True
        locked.looked_after_from = locked.looked_after_from or locked.arrangement_started_on
    locked.save()
    record(actor=actor, action=AuditAction.CHANGE, obj=locked.household, request=request,
           purpose="child's legal arrangement changed",
           details={"child": locked.pk, "from": old, "to": arrangement, "note": note[:300]})
    change = ArrangementChange(child=locked, old=old, new=arrangement, actor=actor)
    for path in settings.FAMILY_ARRANGEMENT_FOLLOW_UPS:
        follow_up = import_string(path)
        # After commit, so a rolled-back change starts nothing; robust, so a failing
        # follow-up is logged instead of losing the worker's change.
        transaction.on_commit(partial(follow_up, change), robust=True)
    return change


@transaction.atomic
def child_set_placing_council(child: Child, council_id: str | None, *, actor,
                              request=None) -> Child:
    """Record the council that placed the child (looked after) or was responsible when the
    order was made; None clears it. Audited."""
    locked = Child.objects.select_for_update().get(pk=child.pk)
    old = locked.placing_council_id
    locked.placing_council_id = council_id or None
    locked.save(update_fields=["placing_council"])
    record(actor=actor, action=AuditAction.CHANGE, obj=locked.household, request=request,
           purpose="child's placing council recorded",
           details={"child": locked.pk, "from": old, "to": locked.placing_council_id})
    return locked


@transaction.atomic
def household_moved(household: Household, council_id: str, *, actor, moved_on: date,
                    request=None) -> str | None:
    """The family now lives in another council area (the one way a household's council
    changes after it is created). Returns the council it moved from. Audited."""
    locked = Household.objects.select_for_update().get(pk=household.pk)
    old = locked.council_id
    locked.council_id = council_id
    locked.save(update_fields=["council"])
    household.council_id = council_id
    record(actor=actor, action=AuditAction.CHANGE, obj=locked, request=request,
           purpose="family moved to another council",
           details={"from": old, "to": council_id, "moved_on": moved_on.isoformat()})
    return old


def _tell_organisation_consent_withdrawn(consent, organisation, *, actor, request) -> None:
    # The email carries no personal detail: the family number is enough for staff to look up.
    if organisation.email:
        transaction.on_commit(lambda: send_templated(
            "families/email/consent_withdrawn",
            {"household_id": consent.household_id, "organisation": organisation,
             "url": absolute_url("families_staff:list")},
            [organisation.email], fail_silently=True,
        ))
    record(actor=actor, action=AuditAction.CHANGE, obj=consent.household, request=request,
           purpose=f"{organisation.name} told that consent to share was withdrawn",
           details={"consent": consent.pk, "organisation": organisation.pk,
                    "emailed": bool(organisation.email)})
