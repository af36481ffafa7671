"""Issue 13, item 6: one public page (/status/) takes either reference; the prefix picks the
app's own StatusPage, so the policy and the throttle are the ones of /ask/status/ and
/referral/ (shared, not doubled)."""

from kinship.advice.tests.conftest import VALID_ASK
from kinship.audit.models import AuditEvent
from kinship.families import status_check
from kinship.referrals import services


def _enquiry(client):
    client.post("/ask/", dict(VALID_ASK))
    page = client.get("/ask/sent/").content.decode()
    assert 'href="/status/"' in page  # the confirmation links to the one page
    return (
        page.split('id="reference">')[1].split("<")[0],
        page.split('id="secret">')[1].split("<")[0],
    )


def _referral(world):
    created = services.create_referral(
        services.NewReferral(
            household_id=world.household.pk,
            to_service_id=str(world.charity_service.pk),
            reason="r",
            asked_for="a",
            idempotency_key="one-page",
        ),
        actor=world.adviser,
    )
    return created.referral.reference, created.secret


def test_one_page_takes_either_reference(client, world):
    assert client.get("/status/").status_code == 200
    assert 'href="/status/"' in client.get("/").content.decode()
    reference, secret = _enquiry(client)
    enquiry = client.post("/status/", {"reference": reference.lower(), "secret": secret})
    assert enquiry.status_code == 200
    assert "We have your question" in enquiry.content.decode()
    ref, ref_secret = _referral(world)
    referral = client.post("/status/", {"reference": ref, "secret": ref_secret})
    assert referral.status_code == 200
    assert "Test Kin Charity has your referral" in referral.content.decode()
    # Each secret opens only its own record.
    crossed = client.post("/status/", {"reference": ref, "secret": secret})
    assert crossed.status_code == 404
    assert "Test Kin Charity" not in crossed.content.decode()
    # Old addresses keep working.
    assert (
        client.post("/ask/status/", {"reference": reference, "secret": secret}).status_code == 200
    )
    assert client.post("/referral/", {"reference": ref, "secret": ref_secret}).status_code == 200


def test_wrong_secret_or_unknown_prefix_is_404_and_audited(client, world):
    reference, _secret = _enquiry(client)
    before = AuditEvent.objects.filter(action="denied").count()
    wrong = client.post("/status/", {"reference": reference, "secret": "AAAA-BBBB-CCCC"})
    other = client.post("/status/", {"reference": "ZZ-2222-3333", "secret": "x"})
    assert wrong.status_code == other.status_code == 404
    assert "could not find" in wrong.content.decode()
    assert AuditEvent.objects.filter(action="denied").count() == before + 2
    assert AuditEvent.objects.filter(action="denied", object_type="advice.enquiry").exists()


def test_throttle_is_shared_with_the_apps_own_pages(client, world):
    reference, secret = _enquiry(client)
    for _ in range(status_check.PAIR_LIMIT):
        assert (
            client.post(
                "/status/", {"reference": reference, "secret": "AAAA-BBBB-CCCC"}
            ).status_code
            == 404
        )
    # The same address and reference is slowed on the old page too, even with the right secret.
    assert (
        client.post("/ask/status/", {"reference": reference, "secret": secret}).status_code == 429
    )
    assert client.post("/status/", {"reference": reference, "secret": secret}).status_code == 429
    ref, ref_secret = _referral(world)
    for _ in range(status_check.PAIR_LIMIT):
        client.post("/referral/", {"reference": ref, "secret": "AAAA-BBBB-CCCC"})
    assert client.post("/status/", {"reference": ref, "secret": ref_secret}).status_code == 429


def test_bad_input_never_500(client, world):
    for data in (
        {},
        {"reference": "x" * 10_000, "secret": "y"},
        {"reference": "<script>", "secret": "' OR 1=1"},
        {"reference": "../../etc/passwd", "secret": "x"},
    ):
        assert client.post("/status/", data).status_code in (400, 404)
