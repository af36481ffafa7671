"""The family status-check policy (issue 11, items 3-5), through the referral status page:
atomic counting under parallel requests, no lock-out by a stranger, a per-reference ceiling
that alerts the owning service and still lets the right secret through, every refusal audited.
"""

import threading
import uuid

import pytest
from django.core import mail
from django.db import connection, connections
from django.test import Client

from kinship.audit.models import AuditAction, AuditEvent
from kinship.families import access_codes, status_check
from kinship.referrals import services

from .helpers import make_world

WRONG = "AAAA-BBBB-CCCC"


def _referral(world):
    created = services.create_referral(
        services.NewReferral(
            household_id=world.household.pk,
            to_service_id=str(world.charity_service.pk),
            reason="Needs support",
            asked_for="A visit",
            idempotency_key=uuid.uuid4().hex,
        ),
        actor=world.adviser,
    )
    return created.referral, created.secret


def _post(client, reference, secret, ip):
    return client.post("/referral/", {"reference": reference, "secret": secret}, REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_attempts_interleaved_with_a_check_get_no_more_checks_than_the_limit(monkeypatch):
    """Deterministic on every database: while the first attempt is being checked, 39 more
    arrive (the interleaving parallel requests produce). Counting before checking means at
    most the limit are ever checked."""
    world = make_world()
    referral, _secret = _referral(world)
    client = Client()
    checks, codes = [], []
    real = access_codes.secret_matches

    def interleaving(*args, **kwargs):
        checks.append(1)
        if len(checks) == 1:
            for _ in range(39):
                codes.append(_post(client, referral.reference, WRONG, "198.51.100.7").status_code)
        return real(*args, **kwargs)

    monkeypatch.setattr(status_check, "secret_matches", interleaving)
    codes.append(_post(client, referral.reference, WRONG, "198.51.100.7").status_code)
    assert len(checks) == status_check.PAIR_LIMIT
    assert sorted(codes) == [404] * status_check.PAIR_LIMIT + [429] * (40 - status_check.PAIR_LIMIT)
    assert (
        AuditEvent.objects.filter(action=AuditAction.DENIED, object_id=referral.reference).count()
        == 40
    )


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="threads need PostgreSQL: in-memory SQLite has table locks, not waits",
)
@pytest.mark.django_db(transaction=True)
def test_parallel_wrong_secrets_get_no_more_checks_than_the_limit(monkeypatch):
    world = make_world()
    referral, _secret = _referral(world)
    checks = []
    real = access_codes.secret_matches

    def counting(*args, **kwargs):
        checks.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(status_check, "secret_matches", counting)
    barrier = threading.Barrier(40)
    codes = []

    def attempt():
        try:
            barrier.wait()
            codes.append(_post(Client(), referral.reference, WRONG, "198.51.100.7").status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(codes) == [404] * status_check.PAIR_LIMIT + [429] * (40 - status_check.PAIR_LIMIT)
    assert len(checks) == status_check.PAIR_LIMIT
    # Every refusal is audited, the parallel ones included.
    assert (
        AuditEvent.objects.filter(action=AuditAction.DENIED, object_id=referral.reference).count()
        == 40
    )


@pytest.mark.django_db
def test_a_stranger_cannot_lock_the_family_out():
    world = make_world()
    referral, secret = _referral(world)
    client = Client()
    for _ in range(status_check.PAIR_LIMIT):
        assert _post(client, referral.reference, WRONG, "203.0.113.9").status_code == 404
    assert _post(client, referral.reference, secret, "203.0.113.9").status_code == 429
    assert _post(client, referral.reference, secret, "192.0.2.44").status_code == 200
    # The family's own successful checks are not counted against them.
    for _ in range(status_check.PAIR_LIMIT + 2):
        assert _post(client, referral.reference, secret, "192.0.2.44").status_code == 200


@pytest.mark.django_db
def test_a_reference_under_attack_alerts_its_owners_and_still_opens_for_the_family(
    django_capture_on_commit_callbacks,
):
    world = make_world()
    world.charity.email = "referrals@charity.example"
    world.charity.save()
    referral, secret = _referral(world)
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(status_check.REFERENCE_CEILING):
            assert (
                _post(client, referral.reference, WRONG, f"10.0.{i // 250}.{i % 250}").status_code
                == 404
            )
    alerts = AuditEvent.objects.filter(
        purpose__contains="reference under attack", object_id=referral.reference
    )
    assert alerts.count() == 1
    assert world.charity.pk in alerts.get().details["organisations"]
    assert [m.to for m in mail.outbox] == [["referrals@charity.example"]]
    assert secret not in mail.outbox[0].body
    # Now each address gets one check per window; a fresh address with the right secret opens.
    assert _post(client, referral.reference, WRONG, "10.9.9.9").status_code == 404
    assert _post(client, referral.reference, WRONG, "10.9.9.9").status_code == 429
    assert _post(client, referral.reference, secret, "10.9.9.10").status_code == 200
    assert _post(client, referral.reference, WRONG, "10.9.9.11").status_code == 404
    assert alerts.count() == 1  # alerted once per window, not on every failure


@pytest.mark.django_db
def test_throttle_follows_the_trusted_proxy_setting(settings):
    world = make_world()
    referral, secret = _referral(world)
    client = Client()
    settings.TRUSTED_PROXY = 1
    # Behind our proxy everyone arrives from 10.0.0.1; the proxy's X-Forwarded-For entry tells
    # families apart, so one family's mistakes do not throttle another family.
    for _ in range(status_check.PAIR_LIMIT):
        client.post(
            "/referral/",
            {"reference": referral.reference, "secret": WRONG},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.5",
        )
    ok = client.post(
        "/referral/",
        {"reference": referral.reference, "secret": secret},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.23",
    )
    assert ok.status_code == 200
    # A forged left-hand entry does not help the first address escape its limit.
    again = client.post(
        "/referral/",
        {"reference": referral.reference, "secret": secret},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.5",
    )
    assert again.status_code == 429
