"""The inbox counts the database keeps (`ReferralCount`, by triggers) are exactly a direct
COUNT, after any mix of sending, transitions (redirects included), reminders and bulk writes;
the overdue count taken from them is exactly the overdue filter's count; and a deep inbox page
holds the same rows as slicing the whole ordered inbox."""

import contextlib
import random
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kinship.referrals import counts, lifecycle, selectors, services
from kinship.referrals.lifecycle import TABLE, Outcome, Party, State
from kinship.referrals.models import Referral, ReferralCount

from .helpers import consent, refer, service_for

pytestmark = pytest.mark.django_db

steps = st.lists(
    st.tuples(
        st.sampled_from(["send", "move", "move", "move", "chase", "bulk_close", "bulk_move"]),
        st.integers(0, 10_000),
        st.integers(0, 10_000),
    ),
    min_size=1,
    max_size=40,
)


def _setup(world):
    world.other_service = service_for(world.other, "Another service")
    for org in (world.council, world.other):
        consent(world.household, org, world.adviser)
    return [world.charity_service, world.council_service, world.other_service]


def _move(world, pk, pick):
    referral = Referral.objects.get(pk=pk)
    options = lifecycle.allowed_actions(referral.state, {Party.RECEIVER, Party.SENDER})
    if not options:
        return
    action = options[pick % len(options)]
    party = TABLE[(referral.state, action)].party
    org_id = (
        referral.to_organisation_id if party == Party.RECEIVER else referral.from_organisation_id
    )
    staff = [world.adviser, world.charity_worker, world.council_worker, world.outsider]
    actor = next(u for u in staff if u.organisation_id == org_id)
    services_ = [world.council_service, world.charity_service, world.other_service]
    with contextlib.suppress(services.ReferralError, lifecycle.InvalidTransition):
        services.transition(
            pk,
            action,
            actor,
            referral.version,
            reason="A reason",
            outcome=Outcome.values[pick % len(Outcome.values)],
            to_service_id=services_[pick % 3].pk,
        )


def _check(world):
    assert counts.differences() == {}
    for org in (world.advice, world.charity, world.council, world.other):
        user = type("U", (), {"is_authenticated": True, "organisation_id": org.pk})()
        for box in selectors.BOXES:
            for days in (-3, 0, 1, 3, 12, 30):
                now = timezone.now() + timedelta(days=days)
                kept = selectors.inbox_counts(user, box, now=now)
                direct = selectors._box(user, box)
                assert kept["all"] == direct.count()
                assert kept["overdue"] == direct.filter(services.overdue_filter(now)).count()


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps)
def test_kept_counts_equal_a_direct_count_after_random_writes(world, plan):
    with transaction.atomic():
        service_list = _setup(world)
        ids = [refer(world, world.charity_service).pk]
        for op, a, b in plan:
            if op == "send":
                ids.append(refer(world, service_list[a % 3]).pk)
            elif op == "move":
                _move(world, ids[a % len(ids)], b)
            elif op == "chase":
                services.chase_overdue(timezone.now() + timedelta(days=a % 40))
            elif op == "bulk_close":
                # A write outside the services (an admin or data fix): the triggers see it too.
                Referral.objects.filter(pk__in=ids[a % len(ids) :: 2]).update(
                    state=State.CLOSED, outcome=Outcome.values[0]
                )
            elif op == "bulk_move":
                Referral.objects.filter(pk__in=ids[: a % len(ids) + 1]).update(
                    to_organisation=world.other
                )
        _check(world)
        transaction.set_rollback(True)


def test_bulk_insert_and_delete_keep_the_counts(world):
    rng = random.Random(3)
    template = refer(world)
    Referral.objects.bulk_create(
        [
            Referral(
                from_organisation=world.advice,
                to_service=world.council_service,
                to_organisation=world.council,
                owner_organisation=world.council,
                household=world.household,
                reason="r",
                asked_for="a",
                state=rng.choice([State.SENT, State.ACKNOWLEDGED, State.IN_PROGRESS]),
                ack_due_at=template.ack_due_at,
                decision_due_at=template.decision_due_at,
                idempotency_key=f"bulk-{i}",
                reference=f"KB-{i:06d}",
                secret_hash="x",
            )
            for i in range(50)
        ]
    )
    assert counts.differences() == {}
    Referral.objects.filter(idempotency_key__startswith="bulk-", state=State.SENT).delete()
    assert counts.differences() == {}
    assert ReferralCount.objects.filter(organisation=world.council, box="incoming").exists()


def test_the_command_checks_and_rebuilds(world):
    consent(world.household, world.council, world.adviser)
    refer(world)
    refer(world, world.council_service)
    call_command("referral_counts")  # right: no error
    ReferralCount.objects.filter(organisation=world.charity).update(n=7)
    with pytest.raises(CommandError):
        call_command("referral_counts")
    call_command("referral_counts", "--rebuild")
    call_command("referral_counts")
    assert counts.differences() == {}


def test_a_deep_page_is_the_same_rows_as_slicing_the_inbox(world):
    for _ in range(7):
        refer(world)
    user = world.charity_worker
    filters = selectors.InboxFilters()
    everything = list(selectors.inbox(user, filters))
    kept = selectors.inbox_counts(user, "incoming")
    pages = [selectors.inbox_page(user, filters, n, 3, kept) for n in (1, 2, 3, 99)]
    assert [list(p) for p in pages[:3]] == [everything[0:3], everything[3:6], everything[6:]]
    assert list(pages[3]) == everything[6:]  # past the end: the last page
    assert pages[0].paginator.num_pages == 3
    overdue = selectors.InboxFilters(overdue=True)
    later = timezone.now() + timedelta(days=30)
    assert list(selectors.inbox(user, overdue, now=later)) == everything
