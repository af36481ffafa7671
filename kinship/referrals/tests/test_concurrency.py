"""Two people decide the same referral at the same moment, each on their own database
connection: exactly one wins, the other is told why. Needs PostgreSQL (SQLite serialises
all writers, so the race cannot happen there)."""

import threading

import pytest
from django.db import connection, connections

from kinship.referrals import services
from kinship.referrals.lifecycle import Action, State
from kinship.referrals.models import Referral

from .helpers import make_world, refer

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
def test_two_simultaneous_decisions_exactly_one_wins():
    world = make_world()
    from kinship.accounts.models import Role
    from kinship.testing.factories import make_staff

    second_worker = make_staff(Role.PARTNER_WORKER, world.charity)
    for _round in range(10):
        referral = refer(world)
        barrier = threading.Barrier(2)
        results = {}

        def decide(name, actor, action, fields, pk=referral.pk, barrier=barrier,
                   results=results):
            try:
                barrier.wait()
                services.transition(pk, action, actor, 1, **fields)
                results[name] = "won"
            except services.StaleReferral as exc:
                results[name] = str(exc)
            finally:
                connections.close_all()

        threads = [
            threading.Thread(target=decide, args=("accept", world.charity_worker,
                                                  Action.ACCEPT, {})),
            threading.Thread(target=decide, args=("decline", second_worker, Action.DECLINE,
                                                  {"reason": "Full"})),
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(v == "won" for v in results.values()) == [False, True], results
        loser = next(v for v in results.values() if v != "won")
        assert "already" in loser and " at " in loser
        fresh = Referral.objects.get(pk=referral.pk)
        assert fresh.version == 2 and fresh.events.count() == 2
        assert fresh.state in (State.ACCEPTED, State.DECLINED)
