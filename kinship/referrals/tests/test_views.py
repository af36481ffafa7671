"""Staff pages and the family's status page through the Django test client."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinship.audit.models import AuditEvent
from kinship.families import status_check
from kinship.families.models import ConsentMethod
from kinship.referrals import services
from kinship.referrals.lifecycle import Action, State
from kinship.referrals.models import Referral

from .helpers import refer

pytestmark = pytest.mark.django_db


def test_inbox_lists_incoming_and_outgoing_with_counts(client, world):
    refer(world)
    client.force_login(world.charity_worker)
    response = client.get("/staff/referrals/")
    assert response.status_code == 200
    assert b"Sent: 1" in response.content
    client.force_login(world.adviser)
    response = client.get("/staff/referrals/?box=outgoing")
    assert b"Test Kin Charity" in response.content
    response = client.get("/staff/referrals/")  # incoming for the advice line: none
    assert b"No referrals match." in response.content


@pytest.mark.parametrize("query", ["page=-1", "page=abc", "state=<script>", "box=../../",
                                   "reference=' OR 1=1 --", "overdue=on&urgency=x" * 50])
def test_inbox_bad_input_never_500(client, world, query):
    client.force_login(world.charity_worker)
    assert client.get(f"/staff/referrals/?{query}").status_code == 200


def test_inbox_query_count_is_constant(client, world):
    client.force_login(world.charity_worker)
    refer(world)
    client.get("/staff/referrals/")
    with CaptureQueriesContext(connection) as few:
        client.get("/staff/referrals/")
    for _ in range(30):
        refer(world)
    with CaptureQueriesContext(connection) as many:
        client.get("/staff/referrals/")
    assert len(many) == len(few)


def test_detail_shows_actions_history_and_team(client, world):
    r = refer(world)
    client.force_login(world.charity_worker)
    response = client.get(f"/staff/referrals/{r.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    for text in ("Confirm: Acknowledged", "Confirm: Declined", "Confirm: Redirected",
                 "Team around the family", "Test Advice Line", "holds the family", "History"):
        assert text in body
    assert AuditEvent.objects.filter(action="view", object_id=str(r.pk)).exists()
    assert "Morag Testcarer" in body  # the charity has the family's consent: record link


def test_detail_shows_shared_items_in_words(client, world):
    r = refer(world, shared_items=["contact_details", "bogus"])
    client.force_login(world.charity_worker)
    body = client.get(f"/staff/referrals/{r.pk}/").content.decode()
    assert "Carers&#x27; contact details" in body


@pytest.mark.parametrize("guess", ["uuid", "not-a-uuid", "../../etc/passwd"])
def test_outsider_and_guessed_ids_get_404_and_are_audited(client, world, guess):
    r = refer(world)
    client.force_login(world.outsider)
    pk = {"uuid": str(r.pk), "not-a-uuid": "12345"}.get(guess, guess)
    before = AuditEvent.objects.filter(action="denied").count()
    assert client.get(f"/staff/referrals/{pk}/").status_code == 404
    # A path with slashes matches no URL at all (plain 404, nothing to audit).
    expected = before if "/" in pk else before + 1
    assert AuditEvent.objects.filter(action="denied").count() == expected
    client.force_login(world.charity_worker)
    assert client.get(f"/staff/referrals/{uuid.uuid4()}/").status_code == 404


def test_outsider_cannot_post_actions(client, world):
    r = refer(world)
    client.force_login(world.outsider)
    response = client.post(f"/staff/referrals/{r.pk}/act/",
                           {"action": "accept", "accept-version": 1, "accept-action": "accept"})
    assert response.status_code == 404
    assert Referral.objects.get(pk=r.pk).state == State.SENT


def test_actions_through_the_page(client, world):
    r = refer(world)
    client.force_login(world.charity_worker)
    response = client.post(f"/staff/referrals/{r.pk}/act/",
                           {"action": "decline", "decline-version": 1,
                            "decline-action": "decline", "decline-reason": ""})
    assert response.status_code == 400
    assert b"This field is required" in response.content
    response = client.post(f"/staff/referrals/{r.pk}/act/",
                           {"action": "decline", "decline-version": 1,
                            "decline-action": "decline", "decline-reason": "Not our area"})
    assert response.status_code == 302
    assert Referral.objects.get(pk=r.pk).state == State.DECLINED
    # A second, stale decision is told who got there first.
    response = client.post(f"/staff/referrals/{r.pk}/act/",
                           {"action": "accept", "accept-version": 1, "accept-action": "accept"})
    assert response.status_code == 409
    assert b"already declined this referral" in response.content


def test_unknown_action_is_400(client, world):
    r = refer(world)
    client.force_login(world.charity_worker)
    response = client.post(f"/staff/referrals/{r.pk}/act/", {"action": "<script>"})
    assert response.status_code == 400


def test_new_referral_page_and_repeat_submission(client, world):
    client.force_login(world.adviser)
    response = client.get(f"/staff/referrals/new/?household={world.household.pk}")
    assert response.status_code == 200
    data = {"household": world.household.pk, "to_service": str(world.council_service.pk),
            "reason": "Needs assessment", "asked_for": "An assessment", "urgency": "soon",
            "shared_items": ["contact_details"], "idempotency_key": "abc123",
            "consent_method": ""}
    response = client.post("/staff/referrals/new/", data)
    assert response.status_code == 400  # no consent yet: the form keeps what was typed
    assert b"has not agreed" in response.content and b"Needs assessment" in response.content
    data["consent_method"] = ConsentMethod.VERBAL_PHONE
    response = client.post("/staff/referrals/new/", data)
    assert response.status_code == 200 and b'id="secret"' in response.content
    response = client.post("/staff/referrals/new/", data)
    assert b"already sent" in response.content and b'id="secret"' not in response.content
    assert Referral.objects.count() == 1


@pytest.mark.parametrize("field,value", [("reason", "x" * 10_000), ("household", "999999"),
                                         ("to_service", "../../"), ("urgency", "<script>")])
def test_new_referral_bad_input_is_a_form_error(client, world, field, value):
    client.force_login(world.adviser)
    data = {"household": world.household.pk, "to_service": str(world.charity_service.pk),
            "reason": "r", "asked_for": "a", "urgency": "routine", "idempotency_key": "k"}
    data[field] = value
    assert client.post("/staff/referrals/new/", data).status_code == 400


def test_analyst_role_is_refused(client, world):
    from kinship.accounts.models import Role
    from kinship.testing.factories import make_staff

    client.force_login(make_staff(Role.ANALYST, world.charity))
    assert client.get("/staff/referrals/").status_code == 403


def test_family_status_page(client, world):
    created = services.create_referral(services.NewReferral(
        household_id=world.household.pk, to_service_id=str(world.charity_service.pk),
        reason="r", asked_for="a", idempotency_key="k1"), actor=world.adviser)
    response = client.get("/referral/")
    assert response.status_code == 200
    ok = client.post("/referral/", {"reference": created.referral.reference.lower(),
                                    "secret": created.secret})
    assert ok.status_code == 200 and b"Test Kin Charity has your referral" in ok.content
    services.transition(created.referral.pk, Action.ACCEPT, world.charity_worker, 1)
    ok = client.post("/referral/", {"reference": created.referral.reference,
                                    "secret": created.secret})
    assert b"has agreed to help" in ok.content
    wrong = client.post("/referral/", {"reference": created.referral.reference,
                                       "secret": "AAAA-BBBB-CCCC"})
    unknown = client.post("/referral/", {"reference": "KR-ZZZZ-ZZZZ",
                                         "secret": created.secret})
    assert wrong.status_code == unknown.status_code == 404
    assert b"could not find a referral" in wrong.content
    assert b"could not find a referral" in unknown.content
    assert AuditEvent.objects.filter(action="denied", object_type="referrals.referral").count() == 2


def test_family_status_is_throttled(client, world):
    for _ in range(status_check.PAIR_LIMIT):
        assert client.post("/referral/", {"reference": "KR-AAAA-AAAA",
                                          "secret": "x"}).status_code == 404
    assert client.post("/referral/", {"reference": "KR-AAAA-AAAA",
                                      "secret": "x"}).status_code == 429


@pytest.mark.parametrize("data", [{}, {"reference": "x" * 10_000, "secret": "y"},
                                  {"reference": "<script>", "secret": "' OR 1=1"}])
def test_family_status_bad_input(client, world, data):
    assert client.post("/referral/", data).status_code in (400, 404)


def test_a_receiver_without_consent_sees_only_referrals_it_is_party_to(client, world):
    """Issue 11, item 6: no references, senders, receivers or states of the family's other
    referrals, unless the family's record is open to the viewer's organisation."""
    from kinship.families import services as family_services

    from .helpers import consent

    to_charity = refer(world)
    council_consent = consent(world.household, world.council, world.adviser)
    to_council = refer(world, world.council_service)
    family_services.withdraw_consent(council_consent, actor=world.adviser,
                                     method=ConsentMethod.VERBAL_PHONE,
                                     note="Not the council, please.")
    client.force_login(world.council_worker)
    page = client.get(f"/staff/referrals/{to_council.pk}/").content.decode()
    assert to_council.reference in page
    assert to_charity.reference not in page
    # The holder of the family's record still sees every referral.
    client.force_login(world.adviser)
    page = client.get(f"/staff/referrals/{to_charity.pk}/").content.decode()
    assert to_council.reference in page and to_charity.reference in page
