"""Writes for mentoring schemes and short breaks. Plain functions taking the actor; every
access to or change of a family's record is audited. Short-break requests are referrals
(`referrals.services.create_referral`), so they are accepted, declined and completed through
the referral lifecycle."""

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kinship.accounts.models import Organisation, Role, User
from kinship.audit.models import AuditAction
from kinship.audit.services import record
from kinship.core.email import absolute_url, send_templated
from kinship.directory.models import Service, ServiceStatus
from kinship.families import services as family_services
from kinship.families.models import ConsentMethod, ConsentScope, ContactChannel, Household
from kinship.families.selectors import main_carer, visible_households
from kinship.places.models import Council
from kinship.referrals import services as referral_services

from .models import (
    ContactKind,
    EndReason,
    Match,
    MatchContact,
    Mentor,
    MentorOffer,
    MentorRequest,
    RequestSource,
    RequestState,
    ShortBreakOffer,
    ShortBreakRequest,
)
from .permissions import COORDINATOR_ROLES, coordinates_scheme, is_mentor
from .selectors import matchable_mentors, scheme_for_council

log = logging.getLogger(__name__)


class MentorError(ValueError):
    """Something the person can put right. Safe to show."""


def review_after_days() -> int:
    return int(getattr(settings, "KINSHIP", {}).get("MENTOR_REVIEW_AFTER_DAYS", 90))


def _coordinator_of(actor, organisation_id: int) -> None:
    if not coordinates_scheme(actor) or actor.organisation_id != organisation_id:
        raise MentorError("Only the scheme's co-ordinators can do that.")


def _coordinator_emails(organisation: Organisation) -> list[str]:
    return list(
        User.objects.filter(
            organisation=organisation, role__in=COORDINATOR_ROLES, is_active=True
        ).values_list("email", flat=True)
    )


def _clean_offers(offers) -> list[str]:
    return [o for o in MentorOffer.values if o in set(offers or ())]


# --- mentors --------------------------------------------------------------------------------


@dataclass
class MentorDetails:
    council_codes: list[str]
    offers: list[str]
    availability: str
    checks_confirmed_on: date
    checks_renew_by: date
    is_active: bool = True


def _check_details(details: MentorDetails) -> tuple[list[Council], list[str]]:
    councils = list(Council.objects.filter(code__in=details.council_codes or []))
    if not councils:
        raise MentorError("Choose at least one area the mentor covers.")
    offers = _clean_offers(details.offers)
    if not offers:
        raise MentorError("Choose at least one thing the mentor can offer.")
    if not details.availability.strip():
        raise MentorError("Say when the mentor is available.")
    today = timezone.localdate()
    if details.checks_confirmed_on > today:
        raise MentorError("The date the checks were confirmed cannot be in the future.")
    if details.checks_renew_by <= details.checks_confirmed_on:
        raise MentorError("The renewal date must be after the date the checks were confirmed.")
    return councils, offers


@transaction.atomic
def register_mentor(user_id, details: MentorDetails, *, actor, request=None) -> Mentor:
    """Register a member of the scheme's staff (in the mentor role) as a mentor."""
    _coordinator_of(actor, actor.organisation_id)
    try:
        user = User.objects.get(
            pk=int(user_id), organisation_id=actor.organisation_id, role=Role.MENTOR
        )
    except (TypeError, ValueError, User.DoesNotExist):
        raise MentorError("Choose a member of your staff in the mentor role.") from None
    if Mentor.objects.filter(user=user).exists():
        raise MentorError(f"{user.full_name} is already registered as a mentor.")
    councils, offers = _check_details(details)
    mentor = Mentor.objects.create(
        organisation_id=actor.organisation_id,
        user=user,
        offers=offers,
        availability=details.availability.strip()[:300],
        checks_confirmed_on=details.checks_confirmed_on,
        checks_renew_by=details.checks_renew_by,
        is_active=details.is_active,
    )
    mentor.councils.set(councils)
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=mentor,
        request=request,
        purpose="mentor registered",
    )
    return mentor


@transaction.atomic
def update_mentor(mentor: Mentor, details: MentorDetails, *, actor, request=None) -> Mentor:
    """Change a mentor's areas, offers, availability or checks (renewed checks clear the
    'expired' notice, so a later expiry is told again)."""
    _coordinator_of(actor, mentor.organisation_id)
    councils, offers = _check_details(details)
    renewed = details.checks_renew_by != mentor.checks_renew_by
    mentor.offers = offers
    mentor.availability = details.availability.strip()[:300]
    mentor.checks_confirmed_on = details.checks_confirmed_on
    mentor.checks_renew_by = details.checks_renew_by
    mentor.is_active = details.is_active
    if renewed:
        mentor.expiry_notified_for = None
    mentor.save()
    mentor.councils.set(councils)
    record(
        actor=actor,
        action=AuditAction.CHANGE,
        obj=mentor,
        request=request,
        purpose="mentor details changed",
    )
    return mentor


def notify_expired_checks(today: date | None = None) -> int:
    """Tell each scheme, once per expiry, which mentors' checks have run out (they can no
    longer be matched). Safe to run again: the notice is claimed by a conditional update."""
    today = today or timezone.localdate()
    told = 0
    due = Mentor.objects.filter(is_active=True, checks_renew_by__lt=today).select_related(
        "organisation", "user"
    )
    for mentor in due:
        if mentor.expiry_notified_for == mentor.checks_renew_by:
            continue
        claimed = (
            Mentor.objects.filter(pk=mentor.pk, checks_renew_by=mentor.checks_renew_by)
            .exclude(expiry_notified_for=mentor.checks_renew_by)
            .update(expiry_notified_for=mentor.checks_renew_by)
        )
        if not claimed:
            continue
        open_matches = mentor.matches.filter(ended_at__isnull=True).count()
        send_templated(
            "mentors/email/checks_expired",
            {
                "mentor": mentor,
                "open_matches": open_matches,
                "link": absolute_url("mentors_staff:mentor", mentor.pk),
            },
            _coordinator_emails(mentor.organisation),
        )
        told += 1
    return told


# --- asking for a mentor --------------------------------------------------------------------


class NoScheme(MentorError):
    """No mentoring scheme covers the family's area yet."""


@dataclass
class MentorAsk:
    council_code: str
    carer_name: str
    preferred_channel: str
    phone: str = ""
    email: str = ""
    best_time: str = ""
    wants: list[str] = field(default_factory=list)
    about: str = ""
    source: str = RequestSource.DIRECT


def _tell_scheme_of_request(mentor_request: MentorRequest) -> None:
    send_templated(
        "mentors/email/new_request",
        {
            "scheme": mentor_request.scheme,
            "link": absolute_url("mentors_staff:request", mentor_request.pk),
        },
        _coordinator_emails(mentor_request.scheme),
    )


def ask_for_mentor(details: MentorAsk, *, request=None) -> MentorRequest:
    """A carer asks for a mentor on the public form (they agreed to share what they typed
    with the scheme covering their area)."""
    council = Council.objects.filter(code=details.council_code).first()
    if council is None:
        raise MentorError("Choose your council area.")
    if not details.carer_name.strip():
        raise MentorError("Tell us your name.")
    if details.preferred_channel not in ContactChannel.values:
        raise MentorError("Choose how we should contact you.")
    if details.preferred_channel in (ContactChannel.PHONE, ContactChannel.TEXT) and not (
        details.phone.strip()
    ):
        raise MentorError("Give a phone number so the scheme can call or text you.")
    if details.preferred_channel == ContactChannel.EMAIL and not details.email.strip():
        raise MentorError("Give an email address so the scheme can write to you.")
    if details.preferred_channel == ContactChannel.LETTER:
        raise MentorError("Choose phone, text or email: schemes do not write letters yet.")
    scheme = scheme_for_council(council.code)
    if scheme is None:
        raise NoScheme("No mentoring scheme covers your area yet.")
    source = details.source if details.source in RequestSource.values else RequestSource.DIRECT
    if source == RequestSource.WORKER:
        source = RequestSource.DIRECT
    mentor_request = MentorRequest.objects.create(
        scheme=scheme,
        council=council,
        carer_name=details.carer_name.strip()[:150],
        phone=details.phone.strip()[:40],
        email=details.email.strip()[:254],
        preferred_channel=details.preferred_channel,
        best_time=details.best_time.strip()[:200],
        wants=_clean_offers(details.wants),
        about=details.about.strip()[:1000],
        source=source,
    )
    record(
        actor=None,
        action=AuditAction.CREATE,
        obj=mentor_request,
        request=request,
        purpose="a carer asked for a mentor",
        details={"scheme": scheme.pk},
    )
    _tell_scheme_of_request(mentor_request)
    return mentor_request


@transaction.atomic
def ask_for_family(
    household_id, *, actor, wants, about: str, consent_method: str = "", request=None
) -> MentorRequest:
    """A worker asks for a mentor for a family they work with; the family's agreement to
    share with the scheme is recorded on their record now if it is not there already."""
    household = (
        visible_households(actor).filter(pk=household_id).first()
        if (actor.has_perm("mentors.ask_for_family"))
        else None
    )
    if household is None:
        raise MentorError("Choose a family your organisation works with.")
    scheme = scheme_for_council(household.council_id) if household.council_id else None
    if scheme is None:
        raise NoScheme("No mentoring scheme covers this family's area yet.")
    if scheme.pk != actor.organisation_id and not referral_services.has_share_consent(
        household.pk, scheme.pk
    ):
        if consent_method not in ConsentMethod.values:
            raise MentorError(
                f"The family has not agreed to share their details with {scheme.name}. Ask "
                "them, then say how they agreed."
            )
        family_services.record_consent(
            household,
            actor=actor,
            scope=ConsentScope.SHARE_WITH_ORGANISATION,
            method=consent_method,
            given_by=main_carer(household),
            organisation=scheme,
            request=request,
        )
    carer = main_carer(household)
    if carer is None:
        raise MentorError("The family's record has no carer to contact.")
    channel = carer.preferred_channel or (
        ContactChannel.PHONE if carer.phone else ContactChannel.EMAIL
    )
    mentor_request = MentorRequest.objects.create(
        scheme=scheme,
        council_id=household.council_id,
        household=household,
        requested_by=actor,
        requested_by_organisation_id=actor.organisation_id,
        carer_name=carer.full_name,
        phone=carer.phone,
        email=carer.email,
        preferred_channel=channel,
        best_time=carer.best_time_to_contact,
        wants=_clean_offers(wants),
        about=(about or "").strip()[:1000],
        source=RequestSource.WORKER,
    )
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=mentor_request,
        request=request,
        purpose="asked for a mentor for the family",
        details={"household": household.pk, "scheme": scheme.pk},
    )
    transaction.on_commit(lambda: _tell_scheme_of_request(mentor_request))
    return mentor_request


@transaction.atomic
def close_request(mentor_request: MentorRequest, *, actor, note: str, request=None) -> None:
    _coordinator_of(actor, mentor_request.scheme_id)
    if not note.strip():
        raise MentorError("Say why the request is closed without a match.")
    updated = MentorRequest.objects.filter(pk=mentor_request.pk, state=RequestState.OPEN).update(
        state=RequestState.CLOSED, closed_note=note.strip()[:300]
    )
    if not updated:
        raise MentorError("This request is no longer waiting for a mentor.")
    record(
        actor=actor,
        action=AuditAction.CHANGE,
        obj=mentor_request,
        request=request,
        purpose="mentor request closed without a match",
    )


# --- matching -------------------------------------------------------------------------------


def _household_for(mentor_request: MentorRequest, actor, request) -> Household:
    household = mentor_request.household
    if household is not None:
        family_services.hold(
            household, mentor_request.scheme, actor=actor, reason="matched with a mentor"
        )
        return household
    carer = family_services.CarerDetails(
        full_name=mentor_request.carer_name,
        phone=mentor_request.phone,
        email=mentor_request.email,
        preferred_channel=mentor_request.preferred_channel,
        best_time_to_contact=mentor_request.best_time,
    )
    return family_services.create_household(
        family_services.NewHousehold(council_id=mentor_request.council_id, carers=[carer]),
        actor=actor,
        organisation=mentor_request.scheme,
        reason="asked for a mentor",
        consent_method=ConsentMethod.WEB_FORM,
        request=request,
    )


def match(
    request_id, mentor_id, *, actor, review_due_on: date | None = None, request=None
) -> Match:
    """Match an open request with one of the scheme's mentors whose checks are current, and
    introduce them to each other (emails to both)."""
    with transaction.atomic():
        mentor_request = MentorRequest.objects.select_for_update().filter(pk=request_id).first()
        if mentor_request is None:
            raise MentorError("No such request.")
        _coordinator_of(actor, mentor_request.scheme_id)
        if mentor_request.state != RequestState.OPEN:
            raise MentorError("This request is no longer waiting for a mentor.")
        try:
            mentor = matchable_mentors(mentor_request, any_area=True).get(pk=int(mentor_id))
        except (TypeError, ValueError, Mentor.DoesNotExist):
            expired = Mentor.objects.filter(
                pk=mentor_id if str(mentor_id).isdigit() else 0,
                organisation_id=mentor_request.scheme_id,
            ).first()
            if expired is not None and not expired.checks_current():
                raise MentorError(
                    f"{expired.name}'s checks ran out on {expired.checks_renew_by:%-d %B %Y}: "
                    "renew them before matching."
                ) from None
            raise MentorError("Choose one of your scheme's mentors.") from None
        today = timezone.localdate()
        due = review_due_on or today + timedelta(days=review_after_days())
        if due <= today:
            raise MentorError("The review date must be in the future.")
        household = _household_for(mentor_request, actor, request)
        found = Match.objects.create(
            request=mentor_request,
            mentor=mentor,
            organisation_id=mentor_request.scheme_id,
            household=household,
            matched_by=actor,
            review_due_on=due,
        )
        MentorRequest.objects.filter(pk=mentor_request.pk).update(
            state=RequestState.MATCHED, household=household
        )
        record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=found,
            request=request,
            purpose="family matched with a mentor",
            details={"household": household.pk, "mentor": mentor.pk},
        )
    introduce(found)
    return found


def introduce(found: Match) -> None:
    """Introduce mentor and family: the mentor gets the link to the family's page; the carer,
    if they chose email, the mentor's first name and what happens next."""
    mentor = found.mentor
    send_templated(
        "mentors/email/introduction_mentor",
        {
            "mentor": mentor,
            "scheme": found.organisation,
            "link": absolute_url("mentors_staff:match", found.pk),
        },
        [mentor.user.email],
    )
    carer_email = (
        found.request.email if (found.request.preferred_channel == ContactChannel.EMAIL) else ""
    )
    send_templated(
        "mentors/email/introduction_carer",
        {
            "carer_name": found.request.carer_name,
            "mentor_name": mentor.user.get_short_name(),
            "scheme": found.organisation,
            "link": absolute_url("mentors:index"),
        },
        [carer_email],
    )
    Match.objects.filter(pk=found.pk, introduced_at__isnull=True).update(
        introduced_at=timezone.now()
    )
    found.refresh_from_db()


def _may_work_on(actor, found: Match) -> bool:
    if is_mentor(actor) and found.mentor.user_id == actor.pk:
        return True
    return bool(coordinates_scheme(actor) and actor.organisation_id == found.organisation_id)


def log_contact(
    found: Match, *, actor, on: date, kind: str, note: str = "", request=None
) -> MatchContact:
    if not _may_work_on(actor, found):
        raise MentorError("Only the mentor or the scheme's co-ordinators can log contacts.")
    if not found.is_open:
        raise MentorError("This match has ended.")
    if kind not in ContactKind.values:
        raise MentorError("Choose what kind of contact it was.")
    if on > timezone.localdate():
        raise MentorError("The date cannot be in the future.")
    if on < timezone.localtime(found.matched_at).date():
        raise MentorError("The date cannot be before the match was made.")
    contact = MatchContact.objects.create(
        match=found, on=on, kind=kind, note=note.strip()[:300], logged_by=actor
    )
    record(
        actor=actor,
        action=AuditAction.CHANGE,
        obj=found.household,
        request=request,
        purpose="mentor contact logged",
        details={"match": found.pk, "kind": kind},
    )
    return contact


def review(
    found: Match, *, actor, expected_version: int, note: str, next_review_on: date, request=None
) -> Match:
    _coordinator_of(actor, found.organisation_id)
    if not found.is_open:
        raise MentorError("This match has ended.")
    if not note.strip():
        raise MentorError("Write a note of the review.")
    if next_review_on <= timezone.localdate():
        raise MentorError("The next review must be in the future.")
    updated = Match.objects.filter(pk=found.pk, version=expected_version).update(
        last_reviewed_at=timezone.now(),
        last_review_note=note.strip()[:1000],
        review_due_on=next_review_on,
        version=expected_version + 1,
    )
    if not updated:
        raise MentorError("Someone changed this match first. Look at it again.")
    record(
        actor=actor,
        action=AuditAction.CHANGE,
        obj=found,
        request=request,
        purpose="mentor match reviewed",
    )
    found.refresh_from_db()
    return found


def end_match(
    found: Match, *, actor, expected_version: int, reason: str, note: str = "", request=None
) -> Match:
    _coordinator_of(actor, found.organisation_id)
    if reason not in EndReason.values:
        raise MentorError("Choose why the match is ending.")
    if reason == EndReason.OTHER and not note.strip():
        raise MentorError("Say why the match is ending.")
    updated = Match.objects.filter(
        pk=found.pk, version=expected_version, ended_at__isnull=True
    ).update(
        ended_at=timezone.now(),
        end_reason=reason,
        end_note=note.strip()[:500],
        version=expected_version + 1,
    )
    if not updated:
        raise MentorError("This match has changed or already ended. Look at it again.")
    record(
        actor=actor,
        action=AuditAction.CHANGE,
        obj=found,
        request=request,
        purpose="mentor match ended",
        details={"reason": reason},
    )
    found.refresh_from_db()
    return found


# --- short breaks ---------------------------------------------------------------------------


@dataclass
class OfferDetails:
    service_id: str
    title: str
    who_for: str
    where: str
    when: str
    min_age: int
    max_age: int
    council_codes: list[str]


@transaction.atomic
def publish_offer(details: OfferDetails, *, actor, request=None) -> ShortBreakOffer:
    _coordinator_of(actor, actor.organisation_id)
    service = (
        Service.objects.filter(
            pk=details.service_id,
            organization__account_organisation_id=actor.organisation_id,
            status=ServiceStatus.ACTIVE,
        ).first()
        if details.service_id
        else None
    )
    if service is None:
        raise MentorError("Choose one of your organisation's services to receive requests.")
    if not (
        details.title.strip()
        and details.who_for.strip()
        and details.where.strip()
        and details.when.strip()
    ):
        raise MentorError("Say what the break is, who it is for, where and when.")
    if not 0 <= details.min_age <= details.max_age <= 25:
        raise MentorError("Give the ages it is for (youngest no older than oldest).")
    councils = list(Council.objects.filter(code__in=details.council_codes or []))
    if not councils:
        raise MentorError("Choose at least one area the break is offered in.")
    offer = ShortBreakOffer.objects.create(
        organisation_id=actor.organisation_id,
        service=service,
        title=details.title.strip(),
        who_for=details.who_for.strip(),
        where=details.where.strip(),
        when=details.when.strip(),
        min_age=details.min_age,
        max_age=details.max_age,
    )
    offer.councils.set(councils)
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=offer,
        request=request,
        purpose="short break offer published",
    )
    return offer


def withdraw_offer(offer: ShortBreakOffer, *, actor, request=None) -> None:
    _coordinator_of(actor, offer.organisation_id)
    ShortBreakOffer.objects.filter(pk=offer.pk).update(is_published=False)
    record(
        actor=actor,
        action=AuditAction.CHANGE,
        obj=offer,
        request=request,
        purpose="short break offer withdrawn",
    )


def request_short_break(
    offer_id,
    household_id,
    *,
    actor,
    reason: str,
    idempotency_key: str,
    consent_method: str = "",
    consent_given_by_name: str = "",
    request=None,
) -> ShortBreakRequest:
    """A worker asks for a short break for a family: a referral to the offer's service, so
    the scheme accepts or declines it (with a reason) and completes it in the referral
    lifecycle, and nothing is dropped."""
    offer = (
        ShortBreakOffer.objects.filter(pk=offer_id, is_published=True).first()
        if str(offer_id).isdigit()
        else None
    )
    if offer is None:
        raise MentorError("Choose a short break from the list.")
    try:
        with transaction.atomic():
            created = referral_services.create_referral(
                referral_services.NewReferral(
                    household_id=household_id,
                    to_service_id=str(offer.service_id),
                    reason=reason,
                    asked_for=(f"A short break: {offer.title} ({offer.when}; {offer.where})")[
                        :2000
                    ],
                    idempotency_key=idempotency_key,
                    consent_method=consent_method,
                    consent_given_by_name=consent_given_by_name,
                ),
                actor=actor,
                request=request,
            )
            found, _ = ShortBreakRequest.objects.get_or_create(
                referral=created.referral, defaults={"offer": offer}
            )
    except referral_services.ReferralError as error:
        raise MentorError(str(error)) from error
    return found
