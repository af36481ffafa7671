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
from kinship.audit.models import AuditAction, AuditEvent
from kinship.audit.services import record
from kinship.caseload.retention import anonymise_household_caseload
from kinship.core.purge import purge_text
from kinship.delivery.models import Response
from kinship.delivery.retention import anonymise_response
from kinship.families.models import Household
from kinship.families.retention import anonymise_household
from kinship.mentors.models import MentorRequest
from kinship.mentors.retention import (
    anonymise_household_mentoring,
    anonymise_professional_referral,
)
from kinship.mentors.retention import anonymise_request as anonymise_mentor_request
from kinship.practice.models import SignUp
from kinship.practice.retention import anonymise_sign_up
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


def _anonymise_enquiry(enquiry: Enquiry) -> int:
    return anonymise_enquiry(enquiry) + anonymise_professional_referral(enquiry)


def _anonymise_household(household: Household) -> int:
    changed = anonymise_household(household)
    changed += anonymise_household_caseload(household)
    changed += anonymise_household_mentoring(household)
    changed += RightsRequest.objects.filter(household=household).update(
        details="", decision_note="", export_json=None, export_pdf=None
    )
    return changed


ANONYMISERS: dict[str, tuple[Any, Callable[[Any], int]]] = {
    "advice.enquiry": (Enquiry, _anonymise_enquiry),
    "referrals.referral": (Referral, anonymise_referral),
    "assessments.assessment": (Assessment, anonymise_assessment),
    "assessments.assessmentrequest": (AssessmentRequest, anonymise_request),
    "families.household": (Household, _anonymise_household),
    "delivery.response": (Response, anonymise_response),
    "mentors.mentorrequest": (MentorRequest, anonymise_mentor_request),
    "practice.signup": (SignUp, anonymise_sign_up),
}


def _anonymise_one(
    object_type: str, object_id: str, *, rule_key, household_id, actor, purpose, details
) -> bool:
    """Anonymise one record with its owning app's anonymiser, write the `Anonymisation` row
    and the audit event (ids and the rule only). False when the record is gone."""
    model, anonymise = ANONYMISERS[object_type]
    with transaction.atomic():
        obj = model.objects.select_for_update().filter(pk=object_id).first()
        if obj is None:
            return False
        changed = anonymise(obj)
        Anonymisation.objects.create(
            rule_key=rule_key,
            object_type=object_type,
            object_id=str(object_id),
            household_id=household_id,
            fields_cleared=changed,
        )
        record(
            actor=actor,
            action=AuditAction.CHANGE,
            object_type=object_type,
            object_id=str(object_id),
            purpose=purpose,
            details=details,
        )
    return True


@dataclass
class RunReport:
    anonymised: dict[str, int] = field(default_factory=dict)
    held: int = 0
    audit_rows_purged: int = 0

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
        done = _anonymise_one(
            item.object_type,
            item.object_id,
            rule_key=item.rule_key,
            household_id=item.household_id,
            actor=None,
            purpose="retention period ended: anonymised",
            details={"rule": item.rule_key, "due_on": item.due_on.isoformat()},
        )
        if done:
            report.anonymised[item.object_type] = report.anonymised.get(item.object_type, 0) + 1
    report.audit_rows_purged = purge_audit_text(today)
    return report


AUDIT_BLANKS = {"purpose": "", "path": "", "details": {}}


def purge_audit_text(today: date | None = None) -> int:
    """Blank the free text of audit rows older than the audit period (each organisation's
    setting, else the default), through the append-only purge. Who, which organisation, what,
    which record and when stay; rows are never deleted, so counts of audit rows do not change.
    Rows about a family record under a legal hold are kept whole. One audit row per run says
    how many rows were purged (a count, no text)."""
    today = today or timezone.localdate()
    held = [str(pk) for pk in selectors.held_household_ids(today)]
    total = 0
    org_ids = set(AuditEvent.objects.values_list("organisation_id", flat=True).distinct())
    for org_id in sorted(org_ids, key=lambda o: (o is None, o or 0)):
        months = selectors.organisation_months(org_id)["audit_event"]
        cutoff = selectors.add_months(today, -months)
        rows = AuditEvent.objects.filter(organisation_id=org_id, at__date__lt=cutoff).exclude(
            object_type="families.household", object_id__in=held
        )
        with transaction.atomic():
            total += purge_text(rows, **AUDIT_BLANKS)
    if total:
        record(
            actor=None,
            action=AuditAction.CHANGE,
            object_type="audit.auditevent",
            purpose="audit period ended: free text purged",
            details={"rows": total},
        )
    return total


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
    if (
        request.kind == RequestKind.ERASURE
        and decision == Decision.DONE
        and request.household_id in selectors.held_household_ids()
    ):
        raise DataProtectionError(
            "The family's records are under a legal hold: they cannot be erased until it ends."
        )
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
    if request.kind == RequestKind.ERASURE and decision == Decision.DONE:
        erase_family(request, actor=actor)
    return request


def erase_family(request: RightsRequest, *, actor) -> list[tuple[str, str]]:
    """An erasure request decided "done": run the retention job's anonymisers at once on
    everything the deciding organisation holds about the family (its enquiries, referrals it
    sent, its assessment requests and assessments, its mentoring), each audited as the
    erasure by the person who decided it. The family record itself (carers, children,
    consents) is anonymised only when no other organisation still holds it; otherwise the
    other holders keep their own basis and the decision note should say so."""
    from kinship.families.models import FamilyAccess

    household, org = request.household, request.organisation
    targets: list[tuple[str, str]] = []
    targets += [
        ("advice.enquiry", str(pk))
        for pk in Enquiry.objects.filter(household=household, organisation=org).values_list(
            "pk", flat=True
        )
    ]
    targets += [
        ("referrals.referral", str(pk))
        for pk in Referral.objects.filter(household=household, from_organisation=org).values_list(
            "pk", flat=True
        )
    ]
    targets += [
        ("assessments.assessment", str(pk))
        for pk in Assessment.objects.filter(household=household, organisation=org).values_list(
            "pk", flat=True
        )
    ]
    targets += [
        ("assessments.assessmentrequest", str(pk))
        for pk in AssessmentRequest.objects.filter(
            household=household, organisation=org, assessment__isnull=True
        ).values_list("pk", flat=True)
    ]
    targets += [
        ("mentors.mentorrequest", str(pk))
        for pk in MentorRequest.objects.filter(household=household, scheme=org).values_list(
            "pk", flat=True
        )
    ]
    others = (
        FamilyAccess.objects.filter(household=household, ended_at__isnull=True)
        .exclude(organisation=org)
        .exists()
    )
    if not others:
        targets.append(("families.household", str(household.pk)))
    for object_type, object_id in targets:
        _anonymise_one(
            object_type,
            object_id,
            rule_key="erasure",
            household_id=household.pk,
            actor=actor,
            purpose="family's erasure request: anonymised",
            details={"request": request.pk},
        )
    return targets


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
