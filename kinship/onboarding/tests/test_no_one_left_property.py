"""Property: whatever people do (refer, decide, redirect, claim enquiries, schedule callbacks,
remove and restore colleagues' access, suspend and reinstate organisations), no referral,
enquiry or callback is ever in a state where no active person can act on it.

Checked after every action of a random walk. The national advice service always keeps one
adviser: it is the backstop that takes what no one else can receive."""

import random
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from kinship.accounts.models import OrganisationKind, Role
from kinship.accounts.selectors import staff_who_can_act
from kinship.advice import services as advice
from kinship.advice.models import OPEN_STATES, Callback, Enquiry
from kinship.onboarding import services as onboarding
from kinship.referrals import lifecycle
from kinship.referrals import services as referrals
from kinship.referrals.lifecycle import TABLE, Outcome, Party
from kinship.referrals.models import Referral
from kinship.referrals.tests.helpers import consent, make_world, service_for
from kinship.testing.factories import make_organisation, make_staff

pytestmark = pytest.mark.django_db
ERRORS = (
    referrals.ReferralError,
    referrals.ReferralNotFound,
    referrals.StaleReferral,
    lifecycle.InvalidTransition,
    onboarding.OnboardingError,
    advice.EnquiryChanged,
)


def assert_no_one_left_with_nobody() -> None:
    for referral in Referral.objects.exclude(state__in=lifecycle.TERMINAL_STATES):
        assert staff_who_can_act(referral.owner_organisation_id).exists(), (
            f"{referral.reference} ({referral.state}) is with "
            f"{referral.owner_organisation} where no one can act"
        )
    for enquiry in Enquiry.objects.filter(state__in=OPEN_STATES):
        assert enquiry.holder_id is None or enquiry.holder.is_active, enquiry.reference
        assert staff_who_can_act(enquiry.organisation_id).exists(), enquiry.reference
    for callback in Callback.objects.filter(done_at__isnull=True, enquiry__state__in=OPEN_STATES):
        assert callback.adviser.is_active, f"callback {callback.pk} is with a leaver"


def _walk(seed: int, steps: int) -> int:
    rng = random.Random(seed)
    world = make_world()
    island = make_organisation(
        OrganisationKind.COUNCIL_KINSHIP_TEAM,
        council_code="S12000013",
        name="Island team with no one yet",
    )
    island_service = service_for(island, "Island kinship assessments")
    for org in (world.council, island):
        consent(world.household, org, world.adviser)
    platform = make_staff(Role.PLATFORM_ADMIN)
    spare_adviser = make_staff(Role.ADVISER, world.advice)
    # Who may come and go (the national service's first adviser stays: the backstop).
    movable = [
        world.charity_worker,
        world.council_worker,
        spare_adviser,
        make_staff(Role.PARTNER_WORKER, world.charity),
    ]
    services_ = [world.charity_service, world.council_service, island_service]
    everyone = [world.adviser, spare_adviser, *movable[:2], movable[3]]
    moves = 0
    for _step in range(steps):
        roll = rng.random()
        try:
            if roll < 0.2:
                referrals.create_referral(
                    referrals.NewReferral(
                        household_id=world.household.pk,
                        to_service_id=str(rng.choice(services_).pk),
                        reason="Needs support",
                        asked_for="A visit",
                        idempotency_key=uuid.uuid4().hex,
                    ),
                    actor=world.adviser,
                )
            elif roll < 0.55:
                referral = rng.choice(list(Referral.objects.all()) or [None])
                if referral is None:
                    continue
                options = lifecycle.allowed_actions(referral.state, {Party.RECEIVER, Party.SENDER})
                if not options:
                    continue
                action = rng.choice(options)
                party = TABLE[(referral.state, action)].party
                org_id = (
                    referral.to_organisation_id
                    if party == Party.RECEIVER
                    else referral.from_organisation_id
                )
                actor = staff_who_can_act(org_id).order_by("?").first()
                if actor is None:
                    continue
                referrals.transition(
                    referral.pk,
                    action,
                    actor,
                    referral.version,
                    reason="A reason",
                    outcome=rng.choice(Outcome.values),
                    to_service_id=rng.choice(services_).pk,
                )
            elif roll < 0.7:
                adviser = rng.choice([world.adviser, spare_adviser])
                adviser.refresh_from_db()
                if not adviser.is_active:
                    continue
                made = advice.log_call(
                    advice.EnquiryDetails(what_is_happening="Gran rang"), actor=adviser
                ).enquiry
                if rng.random() < 0.5:
                    made.refresh_from_db()
                    advice.schedule_callback(
                        made,
                        actor=adviser,
                        expected_version=made.version,
                        due_at=timezone.now() + timedelta(days=1),
                    )
            elif roll < 0.85:
                member = rng.choice(movable)
                member.refresh_from_db()
                if member.is_active:
                    onboarding.deactivate(member, by=platform, reason="Left")
                else:
                    onboarding.reactivate(member, by=platform)
            else:
                org = rng.choice([world.charity, world.council, island])
                org.refresh_from_db()
                if org.suspended_at:
                    onboarding.reinstate_organisation(org, by=platform)
                else:
                    onboarding.suspend_organisation(org, by=platform, reason="Checks")
            moves += 1
        except ERRORS:
            pass
        assert_no_one_left_with_nobody()
    assert everyone  # the cast stayed in play
    return moves


@pytest.mark.parametrize("seed", [1, 2])
def test_no_one_is_ever_left_with_nobody(seed):
    assert _walk(seed, 150) > 60
    # The walk really exercised the rule.
    assert Referral.objects.filter(no_one_to_receive_at__isnull=False).exists()
