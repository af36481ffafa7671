"""Reads: each organisation's retention periods, what is due for anonymisation and when, the
legal holds in force, and everything an organisation holds about one family (the access
export)."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from kinship.accounts.models import Organisation, OrganisationKind
from kinship.advice.models import Enquiry
from kinship.advice.models import State as EnquiryState
from kinship.assessments.models import (
    Assessment,
    AssessmentRequest,
    AssessmentState,
    RequestState,
)
from kinship.audit.models import AuditEvent
from kinship.caseload.models import Allocation, HandOver, PlannedOrderChange, TeamContact
from kinship.delivery.models import Response
from kinship.families.models import Consent, FamilyAccess, Household, LegalArrangement
from kinship.mentors.models import Match, MentorRequest
from kinship.mentors.models import RequestState as MentorRequestState
from kinship.practice.models import SignUp
from kinship.referrals.lifecycle import TERMINAL_STATES
from kinship.referrals.models import Referral

from . import retention_schedule as schedule
from .models import Anonymisation, LegalHold, RetentionPeriod, RightsRequest


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def default_months(rule_key: str) -> int:
    return int(settings.DATAPROTECTION_DEFAULT_MONTHS[rule_key])


def organisation_months(organisation_id: int | None) -> dict[str, int]:
    """The period in months for each settable rule: the organisation's own, or the default."""
    months = {key: default_months(key) for key in schedule.SETTABLE_KEYS}
    if organisation_id:
        for row in RetentionPeriod.objects.filter(organisation_id=organisation_id):
            if row.rule_key in months:
                months[row.rule_key] = row.months
    return months


@dataclass(frozen=True)
class PeriodRow:
    rule: schedule.RetentionRule
    months: int | None  # None: set by law (see rule.statutory_years) or follows its record
    is_default: bool


def schedule_for(organisation_id: int | None) -> list[PeriodRow]:
    own = set()
    if organisation_id:
        own = set(
            RetentionPeriod.objects.filter(organisation_id=organisation_id).values_list(
                "rule_key", flat=True
            )
        )
    months = organisation_months(organisation_id)
    rows = []
    for rule in schedule.rules_in_force(timezone.localdate()):
        if rule.key in months:
            rows.append(PeriodRow(rule, months[rule.key], rule.key not in own))
        else:
            rows.append(PeriodRow(rule, None, False))
    return rows


# --- holds ---------------------------------------------------------------------------------


def holds_in_force(on: date | None = None) -> QuerySet[LegalHold]:
    on = on or timezone.localdate()
    return LegalHold.objects.filter(lifted_at__isnull=True, ends_on__gte=on)


def held_household_ids(on: date | None = None) -> set[int]:
    return set(holds_in_force(on).values_list("household_id", flat=True))


def organisation_holds(organisation_id: int) -> QuerySet[LegalHold]:
    return holds_in_force().filter(organisation_id=organisation_id).select_related("household")


# --- what is due ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    rule_key: str
    object_type: str
    object_id: str
    household_id: int | None
    organisation_id: int | None
    due_on: date
    held: bool


def _day(moment: datetime | None) -> date | None:
    return timezone.localdate(moment) if moment else None


def _anonymised(object_type: str) -> set[str]:
    return set(
        Anonymisation.objects.filter(object_type=object_type).values_list("object_id", flat=True)
    )


def looked_after_until(household_ids: Iterable[int] | None = None) -> dict[int, date | None]:
    """Households whose record is a looked-after child's case record held by the council
    (reg. 43): the 100th anniversary of the youngest such child's birth, or None when a date
    of birth is unknown (then the record cannot be anonymised at all)."""
    councils = FamilyAccess.objects.filter(
        organisation__kind=OrganisationKind.COUNCIL_KINSHIP_TEAM
    ).values("household_id")
    households = Household.objects.filter(pk__in=councils)
    if household_ids is not None:
        households = households.filter(pk__in=list(household_ids))
    years = schedule.rule("family_record_looked_after").statutory_years or 100
    found: dict[int, date | None] = {}
    for household in households.prefetch_related("children"):
        until: date | None = date.min
        for child in household.children.all():
            if not (
                child.legal_arrangement == LegalArrangement.LOOKED_AFTER_KINSHIP
                or child.was_looked_after
            ):
                continue
            if child.date_of_birth is None or until is None:
                until = None
            else:
                until = max(until, add_months(child.date_of_birth, 12 * years))
        if until != date.min:
            found[household.pk] = until
    return found


def _later(due: date, household_id: int | None, statutory: dict[int, date | None]) -> date | None:
    if household_id is None or household_id not in statutory:
        return due
    until = statutory[household_id]
    return None if until is None else max(due, until)


def due_records(today: date | None = None, *, within_days: int = 0) -> list[Due]:
    """Every record whose retention period ends by `today + within_days` and that is not yet
    anonymised, each marked held or not. Open records are never due."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=within_days)
    held = held_household_ids(today)
    statutory = looked_after_until()
    months_cache: dict[int | None, dict[str, int]] = {}

    def months(org_id: int | None, key: str) -> int:
        if org_id not in months_cache:
            months_cache[org_id] = organisation_months(org_id)
        return months_cache[org_id][key]

    found: list[Due] = []

    def add(key, object_type, pk, household_id, org_id, start: date | None):
        if start is None:
            return
        due = _later(add_months(start, months(org_id, key)), household_id, statutory)
        if due is not None and due <= horizon:
            found.append(
                Due(key, object_type, str(pk), household_id, org_id, due, household_id in held)
            )

    done = _anonymised("advice.enquiry")
    for pk, household_id, org_id, closed_at in Enquiry.objects.filter(
        state=EnquiryState.CLOSED, closed_at__isnull=False
    ).values_list("pk", "household_id", "organisation_id", "closed_at"):
        if str(pk) not in done:
            add("enquiry", "advice.enquiry", pk, household_id, org_id, _day(closed_at))

    done = _anonymised("referrals.referral")
    for ref_pk, household_id, org_id, updated_at in Referral.objects.filter(
        state__in=list(TERMINAL_STATES)
    ).values_list("pk", "household_id", "from_organisation_id", "updated_at"):
        if str(ref_pk) not in done:
            add("referral", "referrals.referral", ref_pk, household_id, org_id, _day(updated_at))

    done = _anonymised("assessments.assessment")
    for pk, household_id, org_id, updated_at in Assessment.objects.filter(
        state=AssessmentState.CLOSED
    ).values_list("pk", "household_id", "organisation_id", "updated_at"):
        if str(pk) not in done:
            add("assessment", "assessments.assessment", pk, household_id, org_id, _day(updated_at))

    done = _anonymised("assessments.assessmentrequest")
    for pk, household_id, org_id, decided_at in AssessmentRequest.objects.filter(
        state=RequestState.DECLINED, decided_at__isnull=False
    ).values_list("pk", "household_id", "organisation_id", "decided_at"):
        if str(pk) not in done:
            add(
                "assessment",
                "assessments.assessmentrequest",
                pk,
                household_id,
                org_id,
                _day(decided_at),
            )

    # Mentoring: from the day the request was closed without a match (the audited closure),
    # or the day its match ended. A request still waiting or a match still open is never due.
    done = _anonymised("mentors.mentorrequest")
    closed_on = dict(
        AuditEvent.objects.filter(
            object_type="mentors.mentorrequest", purpose="mentor request closed without a match"
        )
        .values_list("object_id")
        .annotate(last=Max("at"))
    )
    for pk, household_id, org_id, created_at, ended_at in MentorRequest.objects.filter(
        Q(state=MentorRequestState.CLOSED) | Q(match__ended_at__isnull=False)
    ).values_list("pk", "household_id", "scheme_id", "created_at", "match__ended_at"):
        if str(pk) in done:
            continue
        start = ended_at if ended_at else closed_on.get(str(pk), created_at)
        add("mentoring", "mentors.mentorrequest", pk, household_id, org_id, _day(start))

    # Event sign-ups: from the day the event ended (not tied to a family record).
    done = _anonymised("practice.signup")
    for pk, org_id, ends_at in SignUp.objects.filter(
        event__ends_at__lte=timezone.now()
    ).values_list("pk", "event__organisation_id", "event__ends_at"):
        if str(pk) not in done:
            add("event_sign_up", "practice.signup", pk, None, org_id, _day(ends_at))

    found.extend(_due_households(today, horizon, held, statutory, months))

    done = _anonymised("delivery.response")
    for pk, submitted_at in Response.objects.values_list("pk", "submitted_at"):
        if str(pk) not in done:
            add("feedback", "delivery.response", pk, None, None, _day(submitted_at))
    return found


def _due_households(today, horizon, held, statutory, months) -> list[Due]:
    """A family record is due when every organisation that held it has reached the end of its
    own period since the last contact, nothing about the family is still open, and
    (reg. 43) the looked-after child's 100 years have passed."""
    open_ids = set(
        Enquiry.objects.exclude(state=EnquiryState.CLOSED).values_list("household_id", flat=True)
    )
    open_ids |= set(
        Referral.objects.exclude(state__in=list(TERMINAL_STATES)).values_list(
            "household_id", flat=True
        )
    )
    open_ids |= set(
        Assessment.objects.exclude(state=AssessmentState.CLOSED).values_list(
            "household_id", flat=True
        )
    )
    open_ids |= set(
        AssessmentRequest.objects.filter(state=RequestState.NEW).values_list(
            "household_id", flat=True
        )
    )
    open_ids |= set(
        MentorRequest.objects.filter(state=MentorRequestState.OPEN).values_list(
            "household_id", flat=True
        )
    )
    open_ids |= set(
        Match.objects.filter(ended_at__isnull=True).values_list("household_id", flat=True)
    )
    done = _anonymised("families.household")
    households = Household.objects.annotate(
        last_enquiry=Max("enquiries__updated_at"),
        last_referral=Max("referrals__updated_at"),
        last_assessment=Max("assessments__updated_at"),
        last_access=Max("accesses__granted_at"),
        last_access_end=Max("accesses__ended_at"),
        last_consent=Max("consents__given_at"),
        last_withdrawal=Max("consents__withdrawn_at"),
    )
    last_mentoring = dict(Match.objects.values_list("household_id").annotate(last=Max("ended_at")))
    holders: dict[int, set[int]] = {}
    for household_id, org_id in FamilyAccess.objects.values_list("household_id", "organisation_id"):
        holders.setdefault(household_id, set()).add(org_id)
    found = []
    for h in households:
        if h.pk in open_ids or str(h.pk) in done:
            continue
        moments = [
            m
            for m in (
                h.created_at,
                h.last_enquiry,
                h.last_referral,
                h.last_assessment,
                h.last_access,
                h.last_access_end,
                h.last_consent,
                h.last_withdrawal,
                last_mentoring.get(h.pk),
            )
            if m is not None
        ]
        last_contact = timezone.localdate(max(moments))
        orgs: set[int | None] = set(holders.get(h.pk, set())) or {None}
        ends = max(add_months(last_contact, months(org, "family_record")) for org in orgs)
        due = _later(ends, h.pk, statutory)
        if due is not None and due <= horizon:
            owner = min((o for o in orgs if o is not None), default=None)
            found.append(
                Due(
                    "family_record", "families.household", str(h.pk), h.pk, owner, due, h.pk in held
                )
            )
    return found


def due_for_organisation(organisation: Organisation, days: int = 30) -> list[Due]:
    """What this organisation's records have due for anonymisation within `days` (family
    records: those it holds)."""
    held_by_org = set(
        FamilyAccess.objects.filter(organisation=organisation).values_list(
            "household_id", flat=True
        )
    )
    rows = []
    for due in due_records(within_days=days):
        if due.organisation_id == organisation.pk or (
            due.rule_key == "family_record" and due.household_id in held_by_org
        ):
            rows.append(due)
    return sorted(rows, key=lambda d: (d.due_on, d.object_type, d.object_id))


# --- the family's requests and the access export -------------------------------------------


def organisation_requests(organisation_id: int) -> QuerySet[RightsRequest]:
    return RightsRequest.objects.filter(organisation_id=organisation_id).defer(
        "export_json", "export_pdf"
    )


def get_request(organisation_id: int | None, pk) -> RightsRequest | None:
    if not organisation_id:
        return None
    try:
        return RightsRequest.objects.get(pk=int(pk), organisation_id=organisation_id)
    except (RightsRequest.DoesNotExist, TypeError, ValueError, OverflowError):
        return None


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _row(obj, fields: Iterable[str]) -> dict:
    out = {}
    for name in fields:
        value = getattr(obj, name)
        out[name] = _iso(value) if isinstance(value, (date, datetime)) else value
    return out


CARER_FIELDS = (
    "id",
    "full_name",
    "relationship",
    "date_of_birth",
    "phone",
    "email",
    "postal_address",
    "preferred_channel",
    "best_time_to_contact",
    "safe_to_leave_message",
    "safe_to_send_letter",
    "is_main_contact",
)
CHILD_FIELDS = (
    "id",
    "full_name",
    "date_of_birth",
    "legal_arrangement",
    "arrangement_started_on",
    "was_looked_after",
    "looked_after_from",
    "looked_after_to",
    "care_experienced_self_identified",
    "school",
    "named_person",
    "lead_professional",
)
ENQUIRY_FIELDS = (
    "id",
    "reference",
    "channel",
    "state",
    "postcode_district",
    "what_is_happening",
    "contact_name",
    "contact_method",
    "phone",
    "email",
    "postal_address",
    "best_time",
    "safe_to_leave_message",
    "safe_to_send_letter",
    "language",
    "access_needs",
    "outcome",
    "outcome_note",
    "family_message",
    "created_at",
    "closed_at",
)
REFERRAL_FIELDS = (
    "reference",
    "urgency",
    "reason",
    "asked_for",
    "shared_items",
    "shared_note",
    "is_automatic",
    "state",
    "outcome",
    "outcome_note",
    "last_reason",
    "created_at",
    "updated_at",
)
REQUEST_FIELDS = (
    "id",
    "reference",
    "requester",
    "postcode_district",
    "contact_name",
    "contact_method",
    "phone",
    "email",
    "best_time",
    "safe_to_leave_message",
    "children_summary",
    "what_is_happening",
    "state",
    "family_message",
    "created_at",
    "decided_at",
)


def family_export(household: Household, organisation: Organisation) -> dict:
    """Everything `organisation` holds about one family: the family record, consents and
    their history, its enquiries, referrals (sent, received or owned) with their events,
    assessment requests and assessments with their written records, caseload rows, mentoring
    requests with their matches and contacts, holds and requests, and
    every recorded view or change of any of them (who, from which organisation, when)."""
    objects: set[tuple[str, str]] = {("families.household", str(household.pk))}
    data: dict = {
        "family": {
            "number": household.pk,
            "council": household.council.name if household.council else "",
            "arrangement": household.arrangement,
            "created_at": _iso(household.created_at),
        },
        "organisation": organisation.name,
        "produced_at": _iso(timezone.now()),
        "carers": [_row(c, CARER_FIELDS) for c in household.carers.order_by("id")],
        "children": [_row(c, CHILD_FIELDS) for c in household.children.order_by("id")],
        "held_by": [
            {
                "organisation": a.organisation.name,
                "reason": a.reason,
                "from": _iso(a.granted_at),
                "until": _iso(a.ended_at),
            }
            for a in household.accesses.select_related("organisation").order_by("granted_at")
        ],
        "consents": [],
        "enquiries": [],
        "referrals": [],
        "assessment_requests": [],
        "assessments": [],
        "legal_holds": [],
        "requests": [],
    }
    for consent in Consent.objects.filter(household=household).select_related("organisation"):
        objects.add(("families.consent", str(consent.pk)))
        data["consents"].append(
            {
                "id": consent.pk,
                "scope": consent.scope,
                "organisation": consent.organisation.name if consent.organisation else "",
                "channel": consent.channel,
                "given_by": consent.given_by_name,
                "given_at": _iso(consent.given_at),
                "method": consent.method,
                "withdrawn_at": _iso(consent.withdrawn_at),
                "withdrawal_note": consent.withdrawal_note,
                "history": [
                    {"kind": c.kind, "at": _iso(c.at), "by": c.actor_email, "note": c.note}
                    for c in consent.changes.order_by("at", "id")
                ],
            }
        )
    for enquiry in Enquiry.objects.filter(household=household, organisation=organisation).order_by(
        "created_at", "id"
    ):
        objects.add(("advice.enquiry", str(enquiry.pk)))
        row = _row(enquiry, ENQUIRY_FIELDS)
        row["notes"] = [
            {"at": _iso(n.created_at), "text": n.body} for n in enquiry.notes.order_by("created_at")
        ]
        row["callbacks"] = [
            {"due_at": _iso(c.due_at), "note": c.note, "done_at": _iso(c.done_at)}
            for c in enquiry.callbacks.order_by("due_at")
        ]
        data["enquiries"].append(row)
    referrals = Referral.objects.filter(household=household).filter(
        Q(from_organisation=organisation)
        | Q(to_organisation=organisation)
        | Q(owner_organisation=organisation)
    )
    for referral in referrals.select_related("from_organisation", "to_organisation").order_by(
        "created_at", "id"
    ):
        objects.add(("referrals.referral", str(referral.pk)))
        row = _row(referral, REFERRAL_FIELDS)
        row["id"] = str(referral.pk)
        row["from"] = referral.from_organisation.name
        row["to"] = referral.to_organisation.name
        row["history"] = [
            {
                "at": _iso(e.at),
                "action": e.action,
                "by": e.actor_name,
                "organisation": e.organisation_name,
                "from_state": e.from_state,
                "to_state": e.to_state,
                "note": e.note,
            }
            for e in referral.events.order_by("sequence")
        ]
        data["referrals"].append(row)
    for req in AssessmentRequest.objects.filter(
        household=household, organisation=organisation
    ).order_by("created_at", "id"):
        objects.add(("assessments.assessmentrequest", str(req.pk)))
        data["assessment_requests"].append(_row(req, REQUEST_FIELDS))
    for assessment in Assessment.objects.filter(
        household=household, organisation=organisation
    ).order_by("created_at", "id"):
        objects.add(("assessments.assessment", str(assessment.pk)))
        data["assessments"].append(
            {
                "id": assessment.pk,
                "state": assessment.state,
                "created_at": _iso(assessment.created_at),
                "carer_needs": assessment.carer_needs,
                "wellbeing": [
                    {
                        "child": e.child_id,
                        "area": e.area,
                        "strengths": e.strengths,
                        "needs": e.needs,
                        "rating": e.rating,
                    }
                    for e in assessment.entries.all()
                ],
                "children": [
                    {
                        "child": p.child_id,
                        "answers": p.answers,
                        "declined": p.declined,
                        "carer_view": p.carer_view,
                        "practitioner_view": p.practitioner_view,
                    }
                    for p in assessment.child_parts.all()
                ],
                "agreed_support": [
                    {
                        "kind": a.kind,
                        "what": a.what,
                        "owner": a.owner_name,
                        "due_on": _iso(a.due_on),
                    }
                    for a in assessment.actions.all()
                ],
                "written_records": [
                    {
                        "number": v.number,
                        "issued_at": _iso(v.issued_at),
                        "issued_by": v.issued_by_name,
                        "record": v.snapshot,
                    }
                    for v in assessment.versions.order_by("number")
                ],
            }
        )
    data["caseload"] = _caseload_export(household, organisation)
    data["mentoring"] = _mentoring_export(household, organisation, objects)
    for hold in LegalHold.objects.filter(household=household, organisation=organisation):
        data["legal_holds"].append(
            {
                "reason": hold.reason,
                "until": _iso(hold.ends_on),
                "placed_at": _iso(hold.placed_at),
                "lifted_at": _iso(hold.lifted_at),
            }
        )
    for rights in RightsRequest.objects.filter(
        household=household, organisation=organisation
    ).defer("export_json", "export_pdf"):
        data["requests"].append(
            {
                "kind": rights.kind,
                "received_on": _iso(rights.received_on),
                "details": rights.details,
                "decision": rights.decision,
                "decision_note": rights.decision_note,
                "decided_at": _iso(rights.decided_at),
            }
        )
    data["access_log"] = access_log(objects)
    return data


def _caseload_export(household: Household, organisation: Organisation) -> list[dict]:
    """The organisation's caseload rows about the family: who held it, the team around the
    family its staff recorded, planned order changes and moves."""
    rows: list[dict] = []
    for a in Allocation.objects.filter(household=household, organisation=organisation).order_by(
        "allocated_at"
    ):
        rows.append(
            {
                "kind": "allocation",
                "worker": a.worker.email,
                "from": _iso(a.allocated_at),
                "until": _iso(a.ended_at),
            }
        )
    for c in TeamContact.objects.filter(
        household=household, added_by__organisation=organisation
    ).order_by("added_at"):
        rows.append(
            {
                "kind": "team_contact",
                "domain": c.domain,
                "name": c.name,
                "role": c.role,
                "organisation": c.organisation_name,
                "added_at": _iso(c.added_at),
                "ended_at": _iso(c.ended_at),
            }
        )
    for p in PlannedOrderChange.objects.filter(
        child__household=household, recorded_by__organisation=organisation
    ).order_by("recorded_at"):
        rows.append(
            {
                "kind": "planned_order_change",
                "child": p.child_id,
                "new_arrangement": p.new_arrangement,
                "stage": p.stage,
                "expected_on": _iso(p.expected_on),
                "recorded_at": _iso(p.recorded_at),
            }
        )
    for h in HandOver.objects.filter(
        household=household, recorded_by__organisation=organisation
    ).order_by("recorded_at"):
        rows.append(
            {
                "kind": "move",
                "from_council": h.from_council_id or "",
                "to_council": h.to_council_id,
                "moved_on": _iso(h.moved_on),
                "outcome": h.outcome,
                "recorded_at": _iso(h.recorded_at),
            }
        )
    return rows


def _mentoring_export(
    household: Household, organisation: Organisation, objects: set[tuple[str, str]]
) -> list[dict]:
    """Requests for a mentor about the family that the organisation runs or made, with the
    match and its logged contacts."""
    rows: list[dict] = []
    requests = MentorRequest.objects.filter(household=household).filter(
        Q(scheme=organisation) | Q(requested_by_organisation=organisation)
    )
    for req in requests.order_by("created_at", "id"):
        objects.add(("mentors.mentorrequest", str(req.pk)))
        row = {
            "id": req.pk,
            "carer_name": req.carer_name,
            "phone": req.phone,
            "email": req.email,
            "preferred_channel": req.preferred_channel,
            "best_time": req.best_time,
            "wants": req.wants,
            "about": req.about,
            "source": req.source,
            "state": req.state,
            "closed_note": req.closed_note,
            "created_at": _iso(req.created_at),
        }
        match = Match.objects.filter(request=req, organisation=organisation).first()
        if match is not None:
            objects.add(("mentors.match", str(match.pk)))
            row["match"] = {
                "mentor": match.mentor_id,
                "matched_at": _iso(match.matched_at),
                "review_due_on": _iso(match.review_due_on),
                "last_review_note": match.last_review_note,
                "ended_at": _iso(match.ended_at),
                "end_reason": match.end_reason,
                "end_note": match.end_note,
                "contacts": [
                    {"on": _iso(c.on), "kind": c.kind, "note": c.note}
                    for c in match.contacts.order_by("on", "id")
                ],
            }
        rows.append(row)
    return rows


def access_log(objects: set[tuple[str, str]]) -> list[dict]:
    """Every audit event about these records, oldest first: who, from which organisation,
    what, when and why."""
    by_type: dict[str, set[str]] = {}
    for object_type, object_id in objects:
        by_type.setdefault(object_type, set()).add(object_id)
    query = Q(pk__in=[])
    for object_type, ids in by_type.items():
        query |= Q(object_type=object_type, object_id__in=sorted(ids))
    return [
        {
            "at": _iso(e.at),
            "who": e.actor_email,
            "organisation": e.organisation_name,
            "action": e.action,
            "record": f"{e.object_type} {e.object_id}",
            "purpose": e.purpose,
        }
        for e in AuditEvent.objects.filter(query).order_by("at", "id")
    ]
