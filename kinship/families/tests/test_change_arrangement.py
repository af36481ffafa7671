"""Recording a child's new legal arrangement: the one way it changes, with its consequences
(care history, audit, and the "no cliff edge" transition referral) called explicitly."""

import pytest

from kinship.audit.models import AuditEvent
from kinship.families.models import Child, LegalArrangement
from kinship.referrals.models import Referral
from kinship.referrals.tests.helpers import make_world
from kinship.testing.factories import make_staff

pytestmark = pytest.mark.django_db


def url(child):
    return f"/staff/families/{child.household_id}/children/{child.pk}/arrangement/"


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture
def child(world):
    child = Child.objects.get(household=world.household)
    Child.objects.filter(pk=child.pk).update(
        legal_arrangement=LegalArrangement.LOOKED_AFTER_KINSHIP
    )
    child.refresh_from_db()
    return child


def test_worker_records_a_section_11_order_and_the_council_team_is_referred(
    client, world, child, django_capture_on_commit_callbacks
):
    client.force_login(world.adviser)
    assert url(child).encode() in client.get(f"/staff/families/{child.household_id}/").content
    page = client.get(url(child))
    assert page.status_code == 200 and b"Legal arrangement now" in page.content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(child),
            {
                "legal_arrangement": "kinship_care_order",
                "started_on": "2026-11-02",
                "note": "Order granted at Glasgow Sheriff Court",
            },
        )
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.legal_arrangement == "kinship_care_order"
    assert str(child.arrangement_started_on) == "2026-11-02"
    assert child.was_looked_after and str(child.looked_after_to) == "2026-11-02"
    assert AuditEvent.objects.filter(
        purpose="child's legal arrangement changed", object_id=str(world.household.pk)
    ).exists()
    referral = Referral.objects.get(household=world.household)
    assert referral.is_automatic
    followed = client.get(response["Location"])
    assert b"Legal arrangement recorded." in followed.content


@pytest.mark.parametrize(
    "data, message",
    [
        ({}, b"This field is required"),
        ({"legal_arrangement": "<script>alert(1)</script>"}, b"Select a valid choice"),
        ({"legal_arrangement": "informal", "started_on": "2999-01-01"}, b"cannot be in the future"),
        (
            {"legal_arrangement": "informal", "started_on": "'; DROP TABLE x;--"},
            b"Enter a real date",
        ),
        ({"legal_arrangement": "informal", "note": "x" * 301}, b"at most 300 characters"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_keeps_the_note(
    client, world, child, data, message
):
    client.force_login(world.adviser)
    data = {"note": "Kept when the form is wrong", **data}
    response = client.post(url(child), data)
    assert response.status_code == 400 and message in response.content
    if len(data["note"]) <= 300:
        assert b"Kept when the form is wrong" in response.content
    child.refresh_from_db()
    assert child.legal_arrangement == LegalArrangement.LOOKED_AFTER_KINSHIP


def test_another_organisations_family_or_child_is_404(client, world, child):
    client.force_login(world.outsider)
    assert client.get(url(child)).status_code == 404
    client.force_login(world.adviser)
    other = f"/staff/families/{child.household_id}/children/{child.pk + 999}/arrangement/"
    assert client.get(other).status_code == 404


def test_roles_that_do_not_work_with_families_are_refused(client, world, child):
    client.force_login(make_staff("analyst", world.advice))
    assert client.get(url(child)).status_code == 403


def test_recording_the_same_arrangement_changes_nothing(client, world, child):
    client.force_login(world.adviser)
    response = client.post(url(child), {"legal_arrangement": "looked_after_kinship"}, follow=True)
    assert b"Nothing changed" in response.content
    assert not Referral.objects.exists()
