"""Property-based test: random actions by random users over many referrals, then check the
invariants by replaying every referral's events through the lifecycle table."""

import random
from datetime import timedelta

import pytest
from django.utils import timezone

from kinship.referrals import lifecycle, services
from kinship.referrals.lifecycle import TABLE, Action, Outcome, Party, State
from kinship.referrals.models import Referral, ReferralEvent

from .helpers import consent, refer

pytestmark = pytest.mark.django_db
BOOKKEEPING = {Action.REMINDER, Action.ESCALATION}


def _random_step(rng, world, referral_ids, model):
    pk = rng.choice(referral_ids)
    staff = [world.adviser, world.charity_worker, world.council_worker, world.outsider]
    actor = rng.choice(staff)
    action = rng.choice([a for a in Action.values if a not in (Action.CREATE, *BOOKKEEPING)])
    if rng.random() < 0.7:  # mostly plausible moves by the right people, so referrals travel
        referral = Referral.objects.get(pk=pk)
        options = lifecycle.allowed_actions(referral.state, {Party.RECEIVER, Party.SENDER})
        if options:
            action = rng.choice(options)
            party = TABLE[(referral.state, action)].party
            org_id = (referral.to_organisation_id if party == Party.RECEIVER
                      else referral.from_organisation_id)
            actor = next(u for u in staff if u.organisation_id == org_id)
    version = model[pk]["version"] if rng.random() > 0.1 else rng.randint(0, 5)
    fields = {
        "reason": rng.choice(["A reason", "Another reason", "", "  "]),
        "outcome": rng.choice([*Outcome.values, "", "bogus"]),
        "to_service_id": rng.choice([world.council_service.pk, world.charity_service.pk,
                                     world.other_service.pk, None, "not-a-uuid"]),
    }
    try:
        services.transition(pk, action, actor, version, **fields)
    except (services.ReferralError, services.ReferralNotFound, services.StaleReferral,
            lifecycle.InvalidTransition):
        return False
    model[pk]["version"] += 1
    return True


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_actions_keep_the_invariants(world, seed):
    from .helpers import service_for

    world.other_service = service_for(world.other, "Another service")
    for org in (world.council, world.other):
        consent(world.household, org, world.adviser)
    rng = random.Random(seed)
    referral_ids = [refer(world, rng.choice([world.charity_service, world.council_service])).pk
                    for _ in range(30)]
    model = {pk: {"version": 1} for pk in referral_ids}
    successes = 0
    for step in range(400):
        successes += _random_step(rng, world, referral_ids, model)
        if step % 75 == 0:
            services.chase_overdue(timezone.now() + timedelta(days=rng.choice([1, 5, 30])))
    assert successes > 50  # the walk really moved referrals about

    terminal_seen = 0
    for referral in Referral.objects.filter(pk__in=referral_ids):
        events = list(ReferralEvent.objects.filter(referral=referral).order_by("sequence"))
        # Events never lost or reordered: sequence numbers contiguous from 1.
        assert [e.sequence for e in events] == list(range(1, len(events) + 1))
        assert referral.last_sequence == len(events)
        assert events[0].action == Action.CREATE and events[0].to_state == State.SENT
        state, receiver = State.SENT, events[0].details["to_organisation"]
        transitions = 0
        for event in events[1:]:
            if event.action in BOOKKEEPING:
                assert event.from_state == event.to_state == state
                continue
            # No state is reached except through an allowed transition.
            move = TABLE[(state, event.action)]
            assert (event.from_state, event.to_state) == (state, move.to_state)
            # ...taken by the party the table names.
            acting_org = (referral.from_organisation_id if move.party == Party.SENDER
                          else receiver)
            assert event.organisation_id == acting_org
            if event.action == Action.REDIRECT:
                receiver = event.details["to_organisation"]
            state = move.to_state
            transitions += 1
        assert state == referral.state and receiver == referral.to_organisation_id
        assert referral.version == 1 + transitions == model[referral.pk]["version"]
        # Exactly one owner, the one the state calls for.
        assert referral.owner_organisation_id is not None
        expected = (referral.from_organisation_id
                    if lifecycle.expected_owner(referral.state) == Party.SENDER
                    else referral.to_organisation_id)
        if referral.state != State.CLOSED:
            assert referral.owner_organisation_id == expected
        if referral.state in lifecycle.TERMINAL_STATES:
            terminal_seen += 1
            assert referral.outcome in Outcome.values
    assert terminal_seen  # the walk reached the ends of the lifecycle too
