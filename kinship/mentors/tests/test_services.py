from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from kinship.accounts.models import Role
from kinship.families.models import ConsentMethod, FamilyAccess
from kinship.referrals import services as referral_services
from kinship.referrals.lifecycle import Action, Outcome, State
from kinship.testing.factories import make_staff

from .. import selectors, services
from ..models import EndReason, MatchContact, RequestSource, RequestState
from .factories import GLASGOW, HIGHLAND, make_scheme, matched, public_ask, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheme():
    return make_scheme()


def test_a_carer_asks_and_the_scheme_covering_their_area_is_told(scheme):
    mail.outbox.clear()
    req = public_ask()
    assert req.scheme == scheme.org and req.state == RequestState.OPEN
    assert req.source == RequestSource.CHECKER
    assert scheme.coordinator.email in mail.outbox[-1].to


def test_no_scheme_in_the_area_keeps_nothing(scheme):
    with pytest.raises(services.NoScheme):
        public_ask(council=HIGHLAND)
    assert not selectors.scheme_requests(scheme.coordinator).filter(council=HIGHLAND).exists()


def test_contact_details_must_match_the_channel(scheme):
    with pytest.raises(services.MentorError):
        public_ask(preferred_channel="phone", phone="")
    with pytest.raises(services.MentorError):
        public_ask(carer_name="  ")


def test_match_makes_a_household_introduces_both_and_only_the_mentor_sees_it(scheme):
    mail.outbox.clear()
    found = matched(scheme)
    assert found.introduced_at is not None
    assert found.request.state == RequestState.MATCHED
    recipients = {a for m in mail.outbox for a in m.to}
    assert scheme.mentor_user.email in recipients and "jean@example.com" in recipients
    assert FamilyAccess.objects.filter(household=found.household, organisation=scheme.org).exists()
    assert list(selectors.visible_matches(scheme.mentor_user)) == [found]
    other_mentor = make_staff(Role.MENTOR, scheme.org)
    register(scheme.coordinator, other_mentor)
    assert not selectors.visible_matches(other_mentor).exists()
    assert not selectors.visible_matches(scheme.adviser).exists()
    assert found.review_due_on == timezone.localdate() + timedelta(
        days=services.review_after_days()
    )


def test_a_request_is_matched_once(scheme):
    found = matched(scheme)
    with pytest.raises(services.MentorError):
        services.match(found.request.pk, scheme.mentor.pk, actor=scheme.coordinator)


def test_only_the_schemes_coordinator_matches(scheme):
    req = public_ask()
    for actor in (scheme.mentor_user, scheme.adviser, make_staff(Role.PARTNER_WORKER)):
        with pytest.raises(services.MentorError):
            services.match(req.pk, scheme.mentor.pk, actor=actor)


def test_an_expired_check_blocks_matching_and_tells_the_scheme_once(scheme):
    expired_user = make_staff(Role.MENTOR, scheme.org)
    mentor = register(scheme.coordinator, expired_user)
    past = timezone.localdate() - timedelta(days=1)
    type(mentor).objects.filter(pk=mentor.pk).update(checks_renew_by=past)
    req = public_ask()
    with pytest.raises(services.MentorError, match="checks ran out"):
        services.match(req.pk, mentor.pk, actor=scheme.coordinator)
    assert mentor not in selectors.matchable_mentors(req)
    mail.outbox.clear()
    assert services.notify_expired_checks() == 1
    assert scheme.coordinator.email in mail.outbox[-1].to
    assert services.notify_expired_checks() == 0
    # Renewed, then expired again: told again.
    mentor.refresh_from_db()
    today = timezone.localdate()
    services.update_mentor(
        mentor,
        services.MentorDetails(
            council_codes=[GLASGOW],
            offers=["phone"],
            availability="Evenings",
            checks_confirmed_on=today,
            checks_renew_by=today + timedelta(days=10),
        ),
        actor=scheme.coordinator,
    )
    assert services.notify_expired_checks(today + timedelta(days=11)) == 1


def test_registering_refuses_other_staff_and_bad_dates(scheme):
    today = timezone.localdate()
    details = services.MentorDetails(
        council_codes=[GLASGOW],
        offers=["phone"],
        availability="Any",
        checks_confirmed_on=today,
        checks_renew_by=today - timedelta(days=1),
    )
    with pytest.raises(services.MentorError):
        services.register_mentor(
            make_staff(Role.MENTOR, scheme.org).pk, details, actor=scheme.coordinator
        )
    outsider = make_staff(Role.MENTOR)
    details.checks_renew_by = today + timedelta(days=5)
    with pytest.raises(services.MentorError):
        services.register_mentor(outsider.pk, details, actor=scheme.coordinator)
    with pytest.raises(services.MentorError):
        services.register_mentor("x", details, actor=scheme.coordinator)
    with pytest.raises(services.MentorError):
        services.register_mentor(scheme.mentor_user.pk, details, actor=scheme.coordinator)


def test_contacts_review_and_end(scheme):
    found = matched(scheme)
    today = timezone.localdate()
    services.log_contact(found, actor=scheme.mentor_user, on=today, kind="phone", note="Chat")
    with pytest.raises(services.MentorError):
        services.log_contact(
            found, actor=scheme.mentor_user, on=today + timedelta(days=1), kind="phone"
        )
    with pytest.raises(services.MentorError):
        services.log_contact(found, actor=scheme.adviser, on=today, kind="phone")
    with pytest.raises(services.MentorError):
        services.review(
            found,
            actor=scheme.mentor_user,
            expected_version=found.version,
            note="x",
            next_review_on=today + timedelta(days=5),
        )
    found = services.review(
        found,
        actor=scheme.coordinator,
        expected_version=found.version,
        note="Going well",
        next_review_on=today + timedelta(days=30),
    )
    with pytest.raises(services.MentorError):
        services.end_match(
            found,
            actor=scheme.coordinator,
            expected_version=found.version - 1,
            reason=EndReason.GOALS_MET,
        )
    with pytest.raises(services.MentorError):
        services.end_match(
            found, actor=scheme.coordinator, expected_version=found.version, reason=EndReason.OTHER
        )
    found = services.end_match(
        found, actor=scheme.coordinator, expected_version=found.version, reason=EndReason.GOALS_MET
    )
    assert found.ended_at and found.end_reason == EndReason.GOALS_MET
    with pytest.raises(services.MentorError):
        services.log_contact(found, actor=scheme.mentor_user, on=today, kind="visit")
    assert MatchContact.objects.filter(match=found).count() == 1


def test_a_worker_asks_for_a_family_with_consent(scheme):
    with pytest.raises(services.MentorError, match="agreed"):
        services.ask_for_family(
            scheme.household.pk, actor=scheme.adviser, wants=["phone"], about=""
        )
    req = services.ask_for_family(
        scheme.household.pk,
        actor=scheme.adviser,
        wants=["phone"],
        about="Grandmother on her own",
        consent_method=ConsentMethod.VERBAL_PHONE,
    )
    assert req.source == RequestSource.WORKER and req.household == scheme.household
    assert req.carer_name == "Morag Testcarer"
    found = services.match(req.pk, scheme.mentor.pk, actor=scheme.coordinator)
    assert found.household == scheme.household
    with pytest.raises(services.MentorError):
        services.ask_for_family(
            scheme.household.pk, actor=make_staff(Role.PARTNER_WORKER), wants=[], about=""
        )
    with pytest.raises(services.MentorError):
        services.ask_for_family(scheme.household.pk, actor=scheme.mentor_user, wants=[], about="")


def test_short_break_goes_through_the_referral_lifecycle(scheme):
    offer = services.publish_offer(
        services.OfferDetails(
            service_id=str(scheme.service.pk),
            title="Saturday at the farm",
            who_for="Children in kinship care and their carers",
            where="Mugdock",
            when="Saturdays in spring",
            min_age=5,
            max_age=12,
            council_codes=[GLASGOW],
        ),
        actor=scheme.coordinator,
    )
    assert offer in selectors.published_offers(GLASGOW)
    request = services.request_short_break(
        offer.pk,
        scheme.household.pk,
        actor=scheme.adviser,
        reason="A break would help",
        idempotency_key="k1",
        consent_method=ConsentMethod.VERBAL_PHONE,
    )
    again = services.request_short_break(
        offer.pk,
        scheme.household.pk,
        actor=scheme.adviser,
        reason="A break would help",
        idempotency_key="k1",
    )
    assert again.pk == request.pk
    referral = request.referral
    assert referral.to_organisation == scheme.org and referral.state == State.SENT
    referral = referral_services.transition(
        referral.pk, Action.ACCEPT, scheme.coordinator, referral.version
    )
    referral = referral_services.transition(
        referral.pk,
        Action.COMPLETE,
        scheme.coordinator,
        referral.version,
        outcome=Outcome.SUPPORT_PROVIDED,
    )
    counts = selectors.completed_short_breaks(scheme.org.pk)
    assert [c.completed for c in counts] == [1]
    assert counts[0].council == "Glasgow City"
    # Declining needs a reason (the lifecycle's rule).
    second = services.request_short_break(
        offer.pk, scheme.household.pk, actor=scheme.adviser, reason="Another", idempotency_key="k2"
    )
    with pytest.raises(referral_services.ReferralError):
        referral_services.transition(
            second.referral.pk, Action.DECLINE, scheme.coordinator, second.referral.version
        )


def test_publishing_refuses_another_organisations_service_and_bad_ages(scheme):
    other = make_scheme("Other scheme")
    base = dict(title="T", who_for="W", where="X", when="Y", council_codes=[GLASGOW])
    with pytest.raises(services.MentorError):
        services.publish_offer(
            services.OfferDetails(service_id=str(other.service.pk), min_age=1, max_age=2, **base),
            actor=scheme.coordinator,
        )
    with pytest.raises(services.MentorError):
        services.publish_offer(
            services.OfferDetails(service_id=str(scheme.service.pk), min_age=9, max_age=2, **base),
            actor=scheme.coordinator,
        )
    with pytest.raises(services.MentorError):
        services.request_short_break(
            "abc", scheme.household.pk, actor=scheme.adviser, reason="x", idempotency_key="z"
        )


def test_closing_a_request_needs_a_reason(scheme):
    req = public_ask()
    with pytest.raises(services.MentorError):
        services.close_request(req, actor=scheme.coordinator, note=" ")
    services.close_request(req, actor=scheme.coordinator, note="Moved away")
    req.refresh_from_db()
    assert req.state == RequestState.CLOSED
