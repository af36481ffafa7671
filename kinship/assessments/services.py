"""Writes for assessments: a family's request (public, or staff on its behalf), routing it to
the council's kinship team (or the partner the council delegates to), starting and filling in
the assessment, agreed actions (a referral through `referrals`, or an owned task), issuing the
written record as a new append-only version, and chasing missed deadlines.

References, secrets and their throttle come from `families.access_codes` (as for enquiries and
referrals); working days and Scottish bank holidays from `referrals.holidays`.
"""

import logging
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from kinship.accounts.models import Organisation, OrganisationKind, User
from kinship.audit.models import AuditAction
from kinship.audit.services import record
from kinship.core.email import absolute_url, send_templated
from kinship.directory.models import LocalOffer
from kinship.families import access_codes
from kinship.families import services as family_services
from kinship.families.models import ConsentMethod, LegalArrangement
from kinship.families.selectors import visible_households
from kinship.referrals import services as referral_services
from kinship.referrals.holidays import add_working_days

from .models import (
    AgreedAction,
    Assessment,
    AssessmentDelegation,
    AssessmentRequest,
    AssessmentState,
    ChildPart,
    ContactMethod,
    RecordVersion,
    Requester,
    RequestState,
    WellbeingEntry,
)
from .permissions import ASSESSING_ROLES, ESCALATION_ROLES
from .wellbeing import (
    QUESTION_SETS,
    CarerNeed,
    Indicator,
    KindOfSupport,
    Rating,
    TriangleSide,
    child_questions,
)

log = logging.getLogger(__name__)

REFERENCE_PREFIX = "KA"
SECRET_PURPOSE = "kinship.assessments.family-secret"
LINK_PURPOSE = "kinship.assessments.child-link"
# Our service standard for a first contact after a request, not a statutory deadline.
FIRST_CONTACT_WORKING_DAYS = 10
# After a reminder, how many more working days before the administrators are told.
ESCALATE_AFTER_WORKING_DAYS = 2
MAX_CHILDREN = 6


class AssessmentError(ValueError):
    """Something the person can fix. Safe to show."""


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, "KINSHIP", {}).get(name, default))


def first_contact_due(start: datetime | None = None) -> datetime:
    start = timezone.localtime(start or timezone.now())
    return add_working_days(start, _setting("ASSESSMENT_CONTACT_DAYS", FIRST_CONTACT_WORKING_DAYS))


def secret_hash(secret: str) -> str:
    return access_codes.secret_hash(secret, SECRET_PURPOSE)


# --- routing ---------------------------------------------------------------------------------


def receiving_organisation(council) -> tuple[Organisation | None, bool]:
    """Who answers a request from this council area, and whether that is a delegated partner:
    the partner the council delegates to, else the team running its local offer, else its own
    kinship team."""
    if council is None:
        return None, False
    delegation = (
        AssessmentDelegation.objects.select_related("organisation").filter(council=council).first()
    )
    if delegation:
        return delegation.organisation, True
    offer = LocalOffer.objects.select_related("team").filter(council=council).first()
    if offer and offer.team:
        return offer.team, False
    team = (
        Organisation.objects.filter(
            kind=OrganisationKind.COUNCIL_KINSHIP_TEAM, home_council=council
        )
        .order_by("pk")
        .first()
    )
    return team, False


# --- requests --------------------------------------------------------------------------------


@dataclass
class RequestDetails:
    what_is_happening: str
    requester: str = Requester.CARER
    council_id: str | None = None
    postcode_district: str = ""
    contact_name: str = ""
    contact_method: str = ContactMethod.PHONE
    phone: str = ""
    email: str = ""
    best_time: str = ""
    safe_to_leave_message: bool = False
    children_summary: str = ""


@dataclass
class Submitted:
    request: AssessmentRequest
    secret: str | None  # shown once; None when this was a repeated submission
    created: bool


def _create_request(details: RequestDetails, **extra) -> tuple[AssessmentRequest, str]:
    secret = access_codes.new_secret()
    for _attempt in range(5):
        try:
            with transaction.atomic():
                obj = AssessmentRequest.objects.create(
                    reference=access_codes.new_reference(REFERENCE_PREFIX),
                    secret_hash=secret_hash(secret),
                    due_at=first_contact_due(),
                    **vars(details),
                    **extra,
                )
                return obj, secret
        except IntegrityError:
            token = extra.get("submission_token")
            if token and AssessmentRequest.objects.filter(submission_token=token).exists():
                raise
            continue  # a reference collision: draw another
    raise RuntimeError("Could not allocate a unique reference")


def submit_request(details: RequestDetails, submission_token: str) -> Submitted:
    """A carer's or young person's request from the public page. The same token twice gives
    the same request."""
    token = (submission_token or "")[:64] or None
    if token:
        existing = AssessmentRequest.objects.filter(submission_token=token).first()
        if existing:
            return Submitted(existing, None, False)
    from kinship.places.models import Council

    council = (
        Council.objects.filter(code=details.council_id).first() if details.council_id else None
    )
    organisation, delegated = receiving_organisation(council)
    if organisation is None:
        log.error("No kinship team for council %s: assessment request unrouted", details.council_id)
    if details.requester not in (Requester.CARER, Requester.YOUNG_PERSON):
        details.requester = Requester.CARER
    try:
        obj, secret = _create_request(
            details, submission_token=token, organisation=organisation, delegated=delegated
        )
    except IntegrityError:
        return Submitted(AssessmentRequest.objects.get(submission_token=token), None, False)
    record(
        actor=None,
        action=AuditAction.CREATE,
        obj=obj,
        purpose="assessment requested online",
        details={"organisation": getattr(organisation, "pk", None)},
    )
    return Submitted(obj, secret, True)


def request_for_family(household_id, *, actor, what_is_happening: str, request=None) -> Submitted:
    """Staff (an adviser, a partner) ask for an assessment on a family's behalf."""
    household = visible_households(actor).select_related("council").filter(pk=household_id).first()
    if household is None:
        raise AssessmentError("Choose a family your organisation works with.")
    what = (what_is_happening or "").strip()
    if not what:
        raise AssessmentError("Say why the family would like an assessment.")
    organisation, delegated = receiving_organisation(household.council)
    if organisation is None:
        raise AssessmentError(
            "There is no kinship team for this family's council area on "
            "Kinship Hub yet. Contact the council directly."
        )
    open_already = AssessmentRequest.objects.filter(
        household=household, organisation=organisation, state=RequestState.NEW
    ).first()
    if open_already:
        return Submitted(open_already, None, False)
    carer = household.carers.order_by("-is_main_contact", "id").first()
    details = RequestDetails(
        what_is_happening=what[:5000],
        requester=Requester.ON_BEHALF,
        council_id=household.council_id,
        contact_name=carer.full_name if carer else "",
        phone=carer.phone if carer else "",
        email=carer.email if carer else "",
        children_summary=f"{household.children.count()} children on the family record",
    )
    with transaction.atomic():
        obj, secret = _create_request(
            details,
            organisation=organisation,
            delegated=delegated,
            household=household,
            requested_by=actor,
            requested_by_organisation=actor.organisation,
        )
        record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=obj,
            request=request,
            purpose="assessment requested for a family",
            details={"household": household.pk, "organisation": organisation.pk},
        )
    return Submitted(obj, secret, True)


# --- starting an assessment ------------------------------------------------------------------


def _require_assessor(actor, organisation_id: int | None) -> None:
    if (
        getattr(actor, "organisation_id", None) != organisation_id
        or getattr(actor, "role", "") not in ASSESSING_ROLES
    ):
        raise AssessmentError("Only the assessing organisation's staff can do this.")


@dataclass
class ChildLine:
    full_name: str
    date_of_birth: date | None = None


@dataclass
class StartDetails:
    carer_name: str = ""
    children: list[ChildLine] = field(default_factory=list)


def _age(dob: date | None, today: date) -> int | None:
    if dob is None:
        return None
    return today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))


def _create_parts(assessment: Assessment, children) -> None:
    today = timezone.localdate()
    ChildPart.objects.bulk_create(
        [
            ChildPart(
                assessment=assessment,
                child=c,
                question_set=child_questions(_age(c.date_of_birth, today))[0],
            )
            for c in children
        ]
    )
    WellbeingEntry.objects.bulk_create(
        [
            WellbeingEntry(assessment=assessment, child=c, area=i)
            for c in children
            for i in Indicator.values
        ]
        + [WellbeingEntry(assessment=assessment, child=None, area=s) for s in TriangleSide.values]
    )


def start_assessment(
    request_id: int, *, actor, details: StartDetails | None = None, request=None
) -> Assessment:
    """The team takes up a request: the family's record (opened now if the request came from
    the public page, with the record-keeping consent given by asking), and an empty assessment
    with a part for each child."""
    with transaction.atomic():
        obj = AssessmentRequest.objects.select_for_update().filter(pk=request_id).first()
        if obj is None:
            raise AssessmentError("No such request.")
        _require_assessor(actor, obj.organisation_id)
        existing = Assessment.objects.filter(request=obj).first()
        if existing:
            return existing
        if obj.state != RequestState.NEW:
            raise AssessmentError("This request was closed without an assessment.")
        household = obj.household
        if household is None:
            details = details or StartDetails()
            children = [c for c in details.children if c.full_name.strip()][:MAX_CHILDREN]
            if not children:
                raise AssessmentError("Add at least one child's name.")
            household = family_services.create_household(
                family_services.NewHousehold(
                    council_id=obj.council_id,
                    carers=[
                        family_services.CarerDetails(
                            full_name=(details.carer_name or obj.contact_name or "Carer")[:150],
                            phone=obj.phone,
                            email=obj.email,
                        )
                    ],
                    children=[
                        family_services.ChildDetails(
                            full_name=c.full_name.strip()[:150],
                            date_of_birth=c.date_of_birth,
                            legal_arrangement=LegalArrangement.NOT_SURE,
                        )
                        for c in children
                    ],
                ),
                actor=actor,
                organisation=actor.organisation,
                request=request,
                reason=f"assessment request {obj.reference}",
                consent_method=(
                    ConsentMethod.WEB_FORM
                    if obj.requester != Requester.ON_BEHALF
                    else ConsentMethod.VERBAL_PHONE
                ),
            )
            obj.household = household
        else:
            family_services.hold(
                household,
                actor.organisation,
                actor=actor,
                reason=f"assessment request {obj.reference}",
            )
        now = timezone.now()
        obj.state, obj.decided_at = RequestState.ACCEPTED, now
        obj.family_message = obj.family_message or (
            "Your assessment has started. Your worker will be in touch to arrange a time."
        )
        obj.save(update_fields=["household", "state", "decided_at", "family_message"])
        assessment = Assessment.objects.create(
            request=obj,
            household=household,
            organisation=actor.organisation,
            worker=actor,
            created_at=now,
            updated_at=now,
        )
        _create_parts(assessment, list(household.children.all()))
        record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=assessment,
            request=request,
            purpose="assessment started",
            details={"household": household.pk, "request": obj.reference},
        )
    return assessment


def decline_request(request_id: int, *, actor, message: str, request=None) -> AssessmentRequest:
    message = (message or "").strip()
    if not message:
        raise AssessmentError("Tell the family why, and where else they can get help.")
    with transaction.atomic():
        obj = AssessmentRequest.objects.select_for_update().filter(pk=request_id).first()
        if obj is None:
            raise AssessmentError("No such request.")
        _require_assessor(actor, obj.organisation_id)
        if obj.state != RequestState.NEW:
            raise AssessmentError("This request has already been dealt with.")
        obj.state, obj.decided_at, obj.family_message = (
            RequestState.DECLINED,
            timezone.now(),
            message[:2000],
        )
        obj.save(update_fields=["state", "decided_at", "family_message"])
        record(
            actor=actor,
            action=AuditAction.CHANGE,
            obj=obj,
            request=request,
            purpose="assessment request closed without an assessment",
        )
    return obj


# --- filling it in ---------------------------------------------------------------------------


def _touch(assessment: Assessment, actor, request, purpose: str, details=None) -> None:
    Assessment.objects.filter(pk=assessment.pk).update(updated_at=timezone.now())
    record(
        actor=actor,
        action=AuditAction.CHANGE,
        obj=assessment,
        request=request,
        purpose=purpose,
        details=details or {},
    )


@dataclass
class EntryInput:
    strengths: str = ""
    needs: str = ""
    rating: int | None = None


def save_wellbeing(
    assessment: Assessment, entries: dict[int, EntryInput], *, actor, request=None
) -> int:
    """Save strengths, needs and ratings, keyed by WellbeingEntry id (of this assessment)."""
    _require_assessor(actor, assessment.organisation_id)
    rows = {
        e.pk: e for e in WellbeingEntry.objects.filter(assessment=assessment, pk__in=list(entries))
    }
    for pk, data in entries.items():
        row = rows.get(pk)
        if row is None:
            continue
        if data.rating is not None and data.rating not in Rating.values:
            raise AssessmentError("Choose a rating from the list.")
        row.strengths, row.needs, row.rating = (
            data.strengths[:2000],
            data.needs[:2000],
            data.rating,
        )
    with transaction.atomic():
        WellbeingEntry.objects.bulk_update(list(rows.values()), ["strengths", "needs", "rating"])
        _touch(assessment, actor, request, "wellbeing indicators saved")
    return len(rows)


@dataclass
class VoicesInput:
    answers: dict[str, str] = field(default_factory=dict)
    declined: list[str] = field(default_factory=list)
    carer_view: str = ""
    practitioner_view: str = ""


def save_voices(
    part: ChildPart, data: VoicesInput, *, actor, request=None, by_child: bool = False
) -> ChildPart:
    """The three voices for one child. The child's words are kept exactly as written."""
    if not by_child:
        _require_assessor(actor, part.assessment.organisation_id)
    keys = {k for k, _label in QUESTION_SETS.get(part.question_set, [])}
    part.answers = {
        k: v[:2000]
        for k, v in data.answers.items()
        if k in keys and v.strip() and k not in data.declined
    }
    part.declined = sorted(k for k in data.declined if k in keys)
    fields = ["answers", "declined"]
    if by_child:
        part.answered_by_child_at = timezone.now()
        part.link_hash = ""  # a link works once
        fields += ["answered_by_child_at", "link_hash"]
    else:
        part.carer_view, part.practitioner_view = (
            data.carer_view[:5000],
            data.practitioner_view[:5000],
        )
        fields += ["carer_view", "practitioner_view"]
    with transaction.atomic():
        part.save(update_fields=fields)
        _touch(
            part.assessment,
            actor,
            request,
            "child answered through their link" if by_child else "voices saved",
            {"child": part.child_id},
        )
    return part


def child_link(part: ChildPart, *, actor, request=None) -> str:
    """A fresh one-use link token the child can answer with on their own (shown once)."""
    _require_assessor(actor, part.assessment.organisation_id)
    token = secrets.token_urlsafe(24)
    part.link_hash = access_codes.secret_hash(token, LINK_PURPOSE)
    part.save(update_fields=["link_hash"])
    _touch(part.assessment, actor, request, "link for the child made", {"child": part.child_id})
    return token


def part_for_link(token: str) -> ChildPart | None:
    token = (token or "")[:64]
    if len(token) < 20:
        return None
    return (
        ChildPart.objects.select_related("assessment", "child")
        .filter(
            link_hash=access_codes.secret_hash(token, LINK_PURPOSE),
            assessment__state__in=[AssessmentState.IN_PROGRESS, AssessmentState.ISSUED],
        )
        .first()
    )


def save_family_needs(
    assessment: Assessment, needs: dict[str, str], *, child_words_shared: bool, actor, request=None
) -> None:
    _require_assessor(actor, assessment.organisation_id)
    assessment.carer_needs = {
        k: v[:2000] for k, v in needs.items() if k in CarerNeed.values and v.strip()
    }
    assessment.child_words_shared = child_words_shared
    with transaction.atomic():
        assessment.save(update_fields=["carer_needs", "child_words_shared"])
        _touch(assessment, actor, request, "carer's needs saved")


# --- agreed support --------------------------------------------------------------------------


def add_task(
    assessment: Assessment,
    *,
    kind: str,
    what: str,
    owner_name: str,
    due_on: date,
    actor,
    request=None,
) -> AgreedAction:
    _require_assessor(actor, assessment.organisation_id)
    if kind not in KindOfSupport.values:
        raise AssessmentError("Choose the kind of support.")
    if not what.strip() or not owner_name.strip() or due_on is None:
        raise AssessmentError("A task needs what will be done, who will do it and by when.")
    with transaction.atomic():
        action = AgreedAction.objects.create(
            assessment=assessment,
            kind=kind,
            what=what.strip()[:500],
            owner_name=owner_name.strip()[:150],
            due_on=due_on,
            created_by=actor,
        )
        _touch(assessment, actor, request, "agreed task added", {"action": action.pk})
    return action


def add_referral_action(
    assessment: Assessment,
    *,
    kind: str,
    what: str,
    service_id: str,
    idempotency_key: str,
    consent_method: str = "",
    actor,
    request=None,
) -> AgreedAction:
    """Agreed support delivered by another service: a tracked referral through `referrals`
    (with the family's consent to share), linked to the action."""
    _require_assessor(actor, assessment.organisation_id)
    if kind not in KindOfSupport.values:
        raise AssessmentError("Choose the kind of support.")
    if not what.strip():
        raise AssessmentError("Say what was agreed.")
    with transaction.atomic():
        try:
            created = referral_services.create_referral(
                referral_services.NewReferral(
                    household_id=assessment.household_id,
                    to_service_id=service_id,
                    reason=f"Agreed in wellbeing assessment {assessment.request.reference}: "
                    f"{what.strip()}"[:2000],
                    asked_for=what.strip()[:2000],
                    idempotency_key=idempotency_key,
                    shared_items=["contact_details", "children", "assessment"],
                    consent_method=consent_method,
                ),
                actor=actor,
                request=request,
            )
        except referral_services.ReferralError as exc:
            raise AssessmentError(str(exc)) from exc
        action = AgreedAction.objects.filter(
            assessment=assessment, referral=created.referral
        ).first()
        if action is None:
            action = AgreedAction.objects.create(
                assessment=assessment,
                kind=kind,
                what=what.strip()[:500],
                referral=created.referral,
                created_by=actor,
            )
            _touch(
                assessment,
                actor,
                request,
                "agreed referral added",
                {"action": action.pk, "referral": str(created.referral.pk)},
            )
    return action


# --- the written record ----------------------------------------------------------------------


def issue_record(assessment_id: int, *, actor, review_due_on: date, request=None) -> RecordVersion:
    """Give the family their written record: a new append-only version holding what it said
    and the PDF. The review date is required (reviews are reminded and escalated)."""
    from . import pdf, selectors

    if review_due_on is None or review_due_on <= timezone.localdate():
        raise AssessmentError("Set a review date in the future.")
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().filter(pk=assessment_id).first()
        if assessment is None:
            raise AssessmentError("No such assessment.")
        _require_assessor(actor, assessment.organisation_id)
        if assessment.state == AssessmentState.CLOSED:
            raise AssessmentError("This assessment is closed.")
        number = assessment.versions_issued + 1
        assessment.review_due_on = review_due_on
        full = selectors.get_assessment_for_record(assessment.pk)
        snapshot = selectors.snapshot(
            full, number=number, issued_by=actor.full_name, review_due_on=review_due_on
        )
        content = pdf.record_pdf(snapshot)
        version = RecordVersion.objects.create(
            assessment=assessment,
            number=number,
            is_review=number > 1,
            snapshot=snapshot,
            pdf=content,
            issued_by=actor,
            issued_by_name=actor.full_name[:150],
        )
        Assessment.objects.filter(pk=assessment.pk).update(
            versions_issued=number,
            state=AssessmentState.ISSUED,
            review_due_on=review_due_on,
            review_reminded_at=None,
            review_escalated_at=None,
            updated_at=timezone.now(),
        )
        record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=version,
            request=request,
            purpose="written record issued" if number == 1 else "review issued",
            details={"assessment": assessment.pk, "number": number},
        )
    return version


# --- deadlines: remind, then escalate --------------------------------------------------------


def _emails_of(org: Organisation, roles) -> list[str]:
    return list(
        User.objects.filter(organisation=org, role__in=roles, is_active=True).values_list(
            "email", flat=True
        )
    )


def _tell(
    org: Organisation | None, template: str, context: dict, *, escalation: bool = False
) -> None:
    """Reminders go to the team's address (or its assessing staff); escalations to its
    administrators. Emails carry a reference and a link, never a family's details."""
    if org is None:
        return
    if escalation:
        to = _emails_of(org, ESCALATION_ROLES)
    else:
        to = [org.email] if org.email else _emails_of(org, ASSESSING_ROLES)
    send_templated(f"assessments/email/{template}", context, sorted(set(to)), fail_silently=True)


def chase_overdue(now: datetime | None = None) -> dict:
    """Remind the team once about each request past its first-contact deadline and each
    assessment past its review date; once the reminder has gone unanswered for
    ESCALATE_AFTER_WORKING_DAYS, tell the organisation's administrators once. Emails carry the
    reference and a link only, never a family's details. Safe to run again."""
    now = now or timezone.now()
    escalate_after = _setting("ASSESSMENT_ESCALATE_DAYS", ESCALATE_AFTER_WORKING_DAYS)
    counts = {
        "requests_reminded": 0,
        "requests_escalated": 0,
        "reviews_reminded": 0,
        "reviews_escalated": 0,
    }
    overdue = AssessmentRequest.objects.filter(
        state=RequestState.NEW, due_at__lt=now
    ).select_related("organisation")
    for obj in overdue.filter(reminded_at__isnull=True):
        if AssessmentRequest.objects.filter(pk=obj.pk, reminded_at__isnull=True).update(
            reminded_at=now
        ):
            _tell(
                obj.organisation,
                "request_reminder",
                {"obj": obj, "url": absolute_url("assessments_staff:request", obj.pk)},
            )
            record(actor=None, action=AuditAction.CHANGE, obj=obj, purpose="reminder sent")
            counts["requests_reminded"] += 1
    for obj in overdue.filter(reminded_at__isnull=False, escalated_at__isnull=True):
        if add_working_days(timezone.localtime(obj.reminded_at), escalate_after) > now:
            continue
        if AssessmentRequest.objects.filter(pk=obj.pk, escalated_at__isnull=True).update(
            escalated_at=now
        ):
            _tell(
                obj.organisation,
                "request_escalation",
                {"obj": obj, "url": absolute_url("assessments_staff:request", obj.pk)},
                escalation=True,
            )
            record(actor=None, action=AuditAction.CHANGE, obj=obj, purpose="escalated")
            counts["requests_escalated"] += 1
    today = timezone.localdate(now)
    due_reviews = Assessment.objects.filter(
        state=AssessmentState.ISSUED, review_due_on__lt=today
    ).select_related("organisation", "request")
    for a in due_reviews.filter(review_reminded_at__isnull=True):
        if Assessment.objects.filter(pk=a.pk, review_reminded_at__isnull=True).update(
            review_reminded_at=now
        ):
            _tell(
                a.organisation,
                "review_reminder",
                {"assessment": a, "url": absolute_url("assessments_staff:detail", a.pk)},
            )
            record(actor=None, action=AuditAction.CHANGE, obj=a, purpose="review reminder sent")
            counts["reviews_reminded"] += 1
    for a in due_reviews.filter(review_reminded_at__isnull=False, review_escalated_at__isnull=True):
        if add_working_days(timezone.localtime(a.review_reminded_at), escalate_after) > now:
            continue
        if Assessment.objects.filter(pk=a.pk, review_escalated_at__isnull=True).update(
            review_escalated_at=now
        ):
            _tell(
                a.organisation,
                "review_escalation",
                {"assessment": a, "url": absolute_url("assessments_staff:detail", a.pk)},
                escalation=True,
            )
            record(actor=None, action=AuditAction.CHANGE, obj=a, purpose="review escalated")
            counts["reviews_escalated"] += 1
    return counts


def overdue_requests_q(now: datetime) -> Q:
    return Q(state=RequestState.NEW, due_at__lt=now)
