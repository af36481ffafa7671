"""A decline or redirect can carry a coded main reason (counted in published insight); the
free-text reason stays beside it, and codes outside the list are refused."""

import pytest

from kinship.referrals import services
from kinship.referrals.lifecycle import Action, ReasonCode

from .helpers import refer

pytestmark = pytest.mark.django_db


def test_decline_stores_the_coded_reason(world):
    r = refer(world)
    r = services.transition(
        r.pk,
        Action.DECLINE,
        world.charity_worker,
        r.version,
        reason="Our list is full",
        reason_code=ReasonCode.NO_CAPACITY,
    )
    event = r.events.get(action=Action.DECLINE)
    assert event.reason_code == ReasonCode.NO_CAPACITY and event.note == "Our list is full"


@pytest.mark.parametrize("code", ["made-up", ReasonCode.NO_ONE_TO_RECEIVE, "x" * 40])
def test_a_code_outside_the_list_is_refused(world, code):
    r = refer(world)
    with pytest.raises(services.ReferralError):
        services.transition(
            r.pk, Action.DECLINE, world.charity_worker, r.version, reason="No", reason_code=code
        )
    assert not r.events.filter(action=Action.DECLINE).exists()


def test_the_decline_form_posts_the_code(world, client):
    r = refer(world)
    client.force_login(world.charity_worker)
    response = client.post(
        f"/staff/referrals/{r.pk}/act/",
        {
            "action": "decline",
            "decline-version": r.version,
            "decline-action": "decline",
            "decline-reason": "Outside our area",
            "decline-reason_code": ReasonCode.OUTSIDE_AREA,
        },
    )
    assert response.status_code == 302
    assert r.events.get(action=Action.DECLINE).reason_code == ReasonCode.OUTSIDE_AREA
