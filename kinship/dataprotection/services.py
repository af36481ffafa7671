"""Writes: the retention job, legal holds, each organisation's periods, and the family's
requests (access, correction, erasure) with the access export.

Every step is audited through `kinship.audit.services` by record number only: the audit
trail keeps who did what, never the details removed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from kinship.advice.models import Enquiry
from kinship.advice.retention import anonymise_enquiry
from kinship.assessments.models import Assessment, AssessmentRequest
from kinship.assessments.retention import anonymise_assessment, anonymise_request
from kinship.audit.models import AuditAction
from kinship.audit.services import record
from kinship.delivery.models import Response
from kinship.delivery.retention import anonymise_response
from kinship.families.models import Household
from kinship.families.retention import anonymise_household
from kinship.referrals.models import Referral
from kinship.referrals.retention import anonymise_referral

from . import retention_schedule as schedule
from . import selectors
from .models import (
    Anonymisation,
    Decision,
    LegalHold,
    RequestKind,
    RetentionPeriod,
    RightsRequest,
)


class DataProtectionError(ValueError):
    """A request the rules refuse (shown to the person, never a 500)."""


# --- the retention job -----------------------------------------------------------------------


def _anonymise_household(household: Household) -> int:
    changed = anonymise_household(household)
    changed += RightsRequest.objects.filter(household=household).update(
        details="", decision_note="", export_json=None, export_pdf=None
    )
    return changed


ANONYMISERS: dict[str, tuple[Any, Callable[[Any], int]]] = {
    "advice.enquiry": (Enquiry, anonymise_enquiry),
    "referrals.referral": (Referral, anonymise_referral),
    "assessments.assessment": (Assessment, anonymise_assessment),
    "assessments.assessmentrequest": (AssessmentRequest, anonymise_request),
    "families.household": (Household, _anonymise_household),
    "delivery.response": (Response, anonymise_response),
}


@dataclass
class RunReport:
    anonymised: dict[str, int] = field(default_factory=dict)
    held: int = 0

    @property
    def total(self) -> int:
        return sum(self.anonymised.values())


def run_retention(today: date | None = None) -> RunReport:
    """Anonymise every record whose period has ended and that is not under a legal hold.
    Safe to run again: an anonymised record is written in `Anonymisation` and never due again.
    Family records go last, after the records that point at them."""
    report = RunReport()
    due = selectors.due_records(today)
    due.sort(key=lambda d: d.object_type == "families.household")
    for item in due:
        if item.held:
            report.held += 1
            continue
        model, anonymise = ANONYMISERS[item.object_type]
        with transaction.atomic():
            obj = model.objects.select_for_update().filter(pk=item.object_id).first()
            if obj is None:
                continue
            changed = anonymise(obj)
            Anonymisation.objects.create(
                rule_key=item.rule_key,
                object_type=item.object_type,
                object_id=item.object_id,
                household_id=item.household_id,
                fields_cleared=changed,
            )
            record(
                actor=None,
                action=AuditAction.CHANGE,
                object_type=item.object_type,
                object_id=item.object_id,
                purpose="retention period ended: anonymised",
                details={"rule": item.rule_key, "due_on": item.due_on.isoformat()},
            )
        report.anonymised[item.object_type] = report.anonymised.get(item.object_type, 0) + 1
    return report


# --- legal holds ---------------------------------------------------------------------------


def place_hold(household: Household, *, actor, reason: str, ends_on: date) -> LegalHold:
    reason = (reason or "").strip()
    if not reason:
        raise DataProtectionError("Say why the records are held.")
    if ends_on < timezone.localdate():
        raise DataProtectionError("The end date must not be in the past.")
    hold = LegalHold.objects.create(
        household=household,
        organisation=actor.organisation,
        reason=reason[:300],
        ends_on=ends_on,
        placed_by=actor,
    )
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=hold,
        purpose="legal hold placed",
        details={"household": household.pk, "ends_on": ends_on.isoformat()},
    )
    return hold


def lift_hold(hold: LegalHold, *, actor) -> LegalHold:
    if hold.lifted_at is None:
        LegalHold.objects.filter(pk=hold.pk, lifted_at__isnull=True).update(
            lifted_at=timezone.now(), lifted_by=actor
        )
        hold.refresh_from_db()
        record(
            actor=actor,
            action=AuditAction.CHANGE,
            obj=hold,
            purpose="legal hold lifted",
            details={"household": hold.household_id},
        )
    return hold


# --- periods -------------------------------------------------------------------------------

MAX_MONTHS = 12 * 150


def set_period(organisation, rule_key: str, months: int, *, actor) -> RetentionPeriod:
    if rule_key not in schedule.SETTABLE_KEYS:
        raise DataProtectionError("That period is set by law or follows its record.")
    if not 1 <= months <= MAX_MONTHS:
        raise DataProtectionError("Give a period between 1 month and 150 years.")
    period, _created = RetentionPeriod.objects.update_or_create(
        organisation=organisation,
        rule_key=rule_key,
        defaults={"months": months, "set_by": actor, "set_at": timezone.now()},
    )
    record(
        actor=actor,
        action=AuditAction.CHANGE,
        obj=period,
        purpose="retention period set",
        details={"rule": rule_key, "months": months},
    )
    return period


# --- the family's requests -----------------------------------------------------------------


def record_request(
    household: Household, *, actor, kind: str, received_on: date, details: str = ""
) -> RightsRequest:
    if kind not in RequestKind.values:
        raise DataProtectionError("Choose what the family asked for.")
    if received_on > timezone.localdate():
        raise DataProtectionError("The date received cannot be in the future.")
    request = RightsRequest.objects.create(
        household=household,
        organisation=actor.organisation,
        kind=kind,
        received_on=received_on,
        details=(details or "")[:2000],
        created_by=actor,
    )
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=request,
        purpose=f"family's {kind} request recorded",
        details={"household": household.pk},
    )
    if kind == RequestKind.ACCESS:
        from .tasks import produce_access_export

        transaction.on_commit(lambda: produce_access_export.enqueue(request.pk))
    return request


def decide_request(request: RightsRequest, *, actor, decision: str, note: str) -> RightsRequest:
    if decision not in (Decision.DONE, Decision.PARTLY, Decision.REFUSED):
        raise DataProtectionError("Choose a decision.")
    note = (note or "").strip()
    if decision != Decision.DONE and not note:
        raise DataProtectionError("Give the reasons: the family must be told why.")
    request.decision = decision
    request.decision_note = note[:2000]
    request.decided_at = timezone.now()
    request.decided_by = actor
    request.save(update_fields=["decision", "decision_note", "decided_at", "decided_by"])
    record(
        actor=actor,
        action=AuditAction.CHANGE,
        obj=request,
        purpose="family's request decided",
        details={"decision": decision},
    )
    return request


def produce_export(request_id: int) -> bool:
    """Make the JSON and PDF of everything the organisation holds about the family. Safe to
    run twice (it only redraws). Audited as an export by the person who recorded the request."""
    from .pdf import export_pdf

    request = (
        RightsRequest.objects.select_related("household", "organisation", "created_by")
        .filter(pk=request_id, kind=RequestKind.ACCESS)
        .first()
    )
    if request is None:
        return False
    data = selectors.family_export(request.household, request.organisation)
    pdf = export_pdf(data)
    RightsRequest.objects.filter(pk=request.pk).update(
        export_json=data, export_pdf=pdf, export_ready_at=timezone.now()
    )
    record(
        actor=request.created_by,
        action=AuditAction.EXPORT,
        obj=request.household,
        purpose="family's right of access: export produced",
        details={"request": request.pk},
    )
    return True
