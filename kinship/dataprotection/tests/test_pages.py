"""The public retention page, the staff overview and schedule, holds and requests through
the pages: empty, oversized, malformed and hostile input come back as a 400 with what was
typed, never a 500; every change is audited."""

from datetime import date

import pytest
from django.urls import reverse

from kinship.accounts.models import Role
from kinship.audit.models import AuditEvent
from kinship.dataprotection.models import LegalHold, RetentionPeriod, RightsRequest
from kinship.referrals.tests.helpers import make_world
from kinship.testing.factories import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


@pytest.fixture
def admin(world):
    return make_staff(Role.ORG_ADMIN, world.advice)


def test_public_schedule_shows_law_and_defaults_without_cookies(client):
    response = client.get(reverse("dataprotection:retention"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "regulation 43" in body and "100th anniversary" in body
    assert "Default: not set by law" in body
    assert not response.cookies


def test_overview_lists_holds_and_is_only_for_administrators(client, world, admin):
    client.force_login(world.adviser)
    assert client.get(reverse("dataprotection_staff:overview")).status_code == 403
    LegalHold.objects.create(
        household=world.household,
        organisation=world.advice,
        reason="Complaint 42",
        ends_on=date(2099, 1, 1),
    )
    client.force_login(admin)
    response = client.get(reverse("dataprotection_staff:overview"))
    assert response.status_code == 200
    assert "Complaint 42" in response.content.decode()


def test_every_staff_member_reads_the_schedule_only_admins_set_a_period(client, world, admin):
    client.force_login(world.adviser)
    url = reverse("dataprotection_staff:schedule")
    assert client.get(url).status_code == 200
    assert client.post(url, {"rule_key": "enquiry", "months": "12"}).status_code == 403
    client.force_login(admin)
    response = client.post(url, {"rule_key": "enquiry", "months": "12"})
    assert response.status_code == 302
    assert RetentionPeriod.objects.get(organisation=world.advice, rule_key="enquiry").months == 12
    for bad in (
        {},
        {"rule_key": "consent", "months": "12"},
        {"rule_key": "enquiry", "months": "-1"},
        {"rule_key": "enquiry", "months": "9" * 40},
        {"rule_key": "<script>", "months": "x"},
    ):
        assert client.post(url, bad).status_code == 400, bad


def test_place_and_lift_a_hold_audited(client, world, admin):
    client.force_login(admin)
    url = reverse("dataprotection_staff:place_hold", args=[world.household.pk])
    response = client.post(url, {"reason": "Inquiry", "ends_on": "1999-01-01"})
    assert response.status_code == 400 and "Inquiry" in response.content.decode()
    for bad in (
        {},
        {"reason": "x" * 400, "ends_on": "2099-01-01"},
        {"reason": "<b>hi</b>", "ends_on": "2099-01-01"},
        {"reason": "ok", "ends_on": "not a date"},
    ):
        assert client.post(url, bad).status_code == 400, bad
    assert client.post(url, {"reason": "Inquiry", "ends_on": "2099-01-01"}).status_code == 302
    hold = LegalHold.objects.get(household=world.household)
    assert AuditEvent.objects.filter(
        object_type="dataprotection.legalhold", purpose="legal hold placed"
    ).exists()
    response = client.post(reverse("dataprotection_staff:lift_hold", args=[hold.pk]))
    assert response.status_code == 302
    hold.refresh_from_db()
    assert hold.lifted_at is not None
    assert AuditEvent.objects.filter(purpose="legal hold lifted").exists()
    assert client.post(reverse("dataprotection_staff:lift_hold", args=["x"])).status_code == 404


def test_record_a_correction_and_its_decision(client, world, admin):
    client.force_login(admin)
    url = reverse("dataprotection_staff:record_request", args=[world.household.pk])
    for bad in (
        {},
        {"kind": "nonsense", "received_on": "2026-01-01"},
        {"kind": "correction", "received_on": "2999-01-01", "details": "Typed words"},
    ):
        response = client.post(url, bad)
        assert response.status_code == 400, bad
    assert "Typed words" in response.content.decode()  # a half-filled form comes back filled
    response = client.post(
        url,
        {"kind": "correction", "received_on": "2026-01-05", "details": "The phone number is wrong"},
    )
    assert response.status_code == 302
    made = RightsRequest.objects.get(household=world.household)
    detail = reverse("dataprotection_staff:request", args=[made.pk])
    assert client.post(detail, {"decision": "refused", "note": ""}).status_code == 400
    assert client.post(detail, {"decision": "pending"}).status_code == 400
    assert client.post(detail, {"decision": "done", "note": ""}).status_code == 302
    made.refresh_from_db()
    assert made.decision == "done" and made.decided_by == admin
    assert AuditEvent.objects.filter(purpose="family's request decided").exists()
    assert (
        client.get(
            reverse("dataprotection_staff:request", args=["99999999999999999999"])
        ).status_code
        == 404
    )
