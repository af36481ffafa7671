"""The demo data: referrals in many states, some overdue, histories that replay."""

import pytest
from django.utils import timezone

from kinship.referrals.lifecycle import TABLE, TERMINAL_STATES, Action
from kinship.referrals.models import Referral
from kinship.referrals.services import overdue_filter
from kinship.web.demo import generate_demo_data

pytestmark = pytest.mark.django_db


def test_demo_referrals_are_consistent():
    generate_demo_data(scale=0.5, quiet=True)
    referrals = list(Referral.objects.prefetch_related("events"))
    assert len(referrals) >= 5
    assert len({r.state for r in referrals}) >= 3
    assert Referral.objects.filter(overdue_filter(timezone.now())).exists() or len(referrals) < 10
    for referral in referrals:
        events = sorted(referral.events.all(), key=lambda e: e.sequence)
        assert [e.sequence for e in events] == list(range(1, len(events) + 1))
        state = events[0].to_state
        assert events[0].action == Action.CREATE
        for event in events[1:]:
            state = TABLE[(state, event.action)].to_state
        assert state == referral.state
        if referral.state in TERMINAL_STATES:
            assert referral.outcome
