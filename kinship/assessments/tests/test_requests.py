"""Asking for an assessment without an account, routing, deadlines and the team's queue."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from kinship.assessments import services
from kinship.assessments.models import (
    Assessment,
    AssessmentDelegation,
    AssessmentRequest,
    RequestState,
)
from kinship.audit.models import AuditAction, AuditEvent
from kinship.referrals.holidays import add_working_days

from .helpers import GLASGOW, public_request

pytestmark = pytest.mark.django_db

FORM = {
    "requester": "carer",
    "what_is_happening": "We need help with our grandson.",
    "children_summary": "Callum 9",
    "postcode": "G1 1AA",
    "contact_name": "Morag Testcarer",
    "contact_method": "phone",
    "phone": "0141 496 0000",
    "safe_to_leave_message": "yes",
    "submission_token": "tok-1",
}


def test_public_request_goes_to_the_councils_team_with_reference_and_deadline(client, world):
    response = client.post("/assessment/", FORM)
    assert response.status_code == 302 and response["Location"].endswith("/assessment/sent/")
    obj = AssessmentRequest.objects.get()
    assert obj.organisation == world.council and obj.council_id == GLASGOW
    assert obj.reference.startswith("KA-") and obj.state == RequestState.NEW
    # Ten working days (weekends and Scottish bank holidays skipped) from the request.
    expected = add_working_days(timezone.localtime(obj.created_at), 10)
    assert abs((obj.due_at - expected).total_seconds()) < 60
    page = client.get("/assessment/sent/").content.decode()
    assert obj.reference in page and "Test Glasgow Kinship Team" in page
    secret = page.split('id="secret">')[1].split("<")[0]
    opened = client.post("/assessment/record/", {"reference": obj.reference, "secret": secret})
    assert opened.status_code == 200
    # The secret is shown once only.
    assert 'id="secret"' not in client.get("/assessment/sent/").content.decode()
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_type="assessments.assessmentrequest"
    ).exists()


def test_the_same_submission_twice_makes_one_request(client, world):
    client.post("/assessment/", FORM)
    client.post("/assessment/", FORM)
    assert AssessmentRequest.objects.count() == 1


def test_a_council_can_delegate_to_a_named_partner(world):
    AssessmentDelegation.objects.create(council_id=GLASGOW, organisation=world.charity)
    obj = public_request().request
    assert obj.organisation == world.charity and obj.delegated


@pytest.mark.parametrize(
    "change",
    [
        {"what_is_happening": ""},
        {"what_is_happening": "<script>alert(1)</script>"},
        {"what_is_happening": "x" * 6000},
        {"postcode": "'; DROP TABLE assessments_assessmentrequest; --"},
        {"postcode": "SW1A 1AA"},
        {"postcode": "../../etc/passwd"},
        {"contact_method": "carrier pigeon"},
        {"contact_method": "email", "email": ""},
        {"requester": "<b>"},
        {"phone": "call me maybe"},
    ],
)
def test_bad_input_is_a_helpful_400_keeping_what_was_typed(client, world, change):
    response = client.post("/assessment/", {**FORM, **change})
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Morag Testcarer" in body  # what was typed is kept
    assert AssessmentRequest.objects.count() == 0


def test_family_page_needs_the_right_secret_and_is_throttled(client, world):
    submitted = public_request()
    ref = submitted.request.reference
    wrong = client.post("/assessment/record/", {"reference": ref, "secret": "AAAA-BBBB-CCCC"})
    assert wrong.status_code == 404
    assert AuditEvent.objects.filter(action=AuditAction.DENIED, object_id=ref).exists()
    right = client.post(
        "/assessment/record/", {"reference": ref.lower(), "secret": submitted.secret}
    )
    assert right.status_code == 200
    assert "Test Glasgow Kinship Team" in right.content.decode()
    assert "no written record yet" in right.content.decode()
    for _ in range(6):
        client.post("/assessment/record/", {"reference": ref, "secret": "AAAA-BBBB-CCCC"})
    assert (
        client.post(
            "/assessment/record/", {"reference": ref, "secret": submitted.secret}
        ).status_code
        == 429
    )


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"reference": "<script>", "secret": "x" * 500},
        {"reference": "KA-' OR 1=1", "secret": "--"},
    ],
)
def test_family_page_bad_input_never_500(client, world, data):
    assert client.post("/assessment/record/", data).status_code in (400, 404)
    assert client.post("/assessment/record/download/", data).status_code in (400, 404)


def test_overdue_request_is_reminded_once_then_escalated_once(world):
    world.council.email = "team@glasgow.test"
    world.council.save()
    obj = public_request().request
    later = obj.due_at + timedelta(hours=1)
    counts = services.chase_overdue(later)
    assert counts["requests_reminded"] == 1
    assert services.chase_overdue(later)["requests_reminded"] == 0
    assert mail.outbox[-1].to == ["team@glasgow.test"]
    assert obj.reference in mail.outbox[-1].subject
    much_later = later + timedelta(days=7)
    assert services.chase_overdue(much_later)["requests_escalated"] == 1
    assert services.chase_overdue(much_later)["requests_escalated"] == 0
    assert world.council_admin.email in mail.outbox[-1].to
    assert "Morag" not in mail.outbox[-1].body  # no family details in emails


def test_queue_lists_open_requests_and_start_makes_the_family_record(client, world):
    obj = public_request().request
    client.force_login(world.council_worker)
    queue = client.get("/staff/assessments/")
    assert queue.status_code == 200 and obj.reference in queue.content.decode()
    response = client.post(
        f"/staff/assessments/requests/{obj.pk}/start/",
        {
            "carer_name": "Morag Testcarer",
            "child_0_name": "Callum Testchild",
            "child_0_dob": "2016-05-01",
            "child_1_name": "Isla Testchild",
            "child_1_dob": "2020-02-03",
        },
    )
    assessment = Assessment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/staff/assessments/{assessment.pk}/"
    assert assessment.child_parts.count() == 2
    assert assessment.entries.count() == 2 * 8 + 3
    assert {p.question_set for p in assessment.child_parts.all()} == {"older", "younger"}
    obj.refresh_from_db()
    assert obj.state == RequestState.ACCEPTED and obj.household_id == assessment.household_id
    assert world.council_worker.organisation.family_accesses.filter(
        household=assessment.household
    ).exists()


def test_start_needs_a_child_and_keeps_what_was_typed(client, world):
    obj = public_request().request
    client.force_login(world.council_worker)
    response = client.post(
        f"/staff/assessments/requests/{obj.pk}/start/",
        {"carer_name": "Morag <b>", "child_1_dob": "3000-01-01"},
    )
    assert response.status_code == 400
    assert Assessment.objects.count() == 0


def test_decline_tells_the_family(client, world):
    submitted = public_request()
    client.force_login(world.council_worker)
    assert (
        client.post(
            f"/staff/assessments/requests/{submitted.request.pk}/decline/", {"message": ""}
        ).status_code
        == 400
    )
    client.post(
        f"/staff/assessments/requests/{submitted.request.pk}/decline/",
        {"message": "Please call the advice line first."},
    )
    page = client.post(
        "/assessment/record/",
        {"reference": submitted.request.reference, "secret": submitted.secret},
    )
    assert "Please call the advice line first." in page.content.decode()


def test_another_council_and_an_analyst_cannot_open_a_request(client, world):
    obj = public_request().request
    client.force_login(world.other_council_worker)
    for url in (f"/staff/assessments/requests/{obj.pk}/",):
        assert client.get(url).status_code == 404
    assert (
        client.post(
            f"/staff/assessments/requests/{obj.pk}/start/", {"child_0_name": "X"}
        ).status_code
        == 404
    )
    assert (
        client.post(f"/staff/assessments/requests/{obj.pk}/decline/", {"message": "No"}).status_code
        == 404
    )
    assert obj.reference not in client.get("/staff/assessments/").content.decode()
    client.force_login(world.analyst)
    assert client.get(f"/staff/assessments/requests/{obj.pk}/").status_code == 403
    assert AuditEvent.objects.filter(action=AuditAction.DENIED).count() >= 4
    obj.refresh_from_db()
    assert obj.state == RequestState.NEW


def test_adviser_asks_for_an_assessment_from_the_family_record(client, world):
    client.force_login(world.adviser)
    household = world.household
    assert (
        b"Ask for a wellbeing assessment" in client.get(f"/staff/families/{household.pk}/").content
    )
    assert (
        client.post(
            f"/staff/assessments/family/{household.pk}/request/", {"what_is_happening": ""}
        ).status_code
        == 400
    )
    response = client.post(
        f"/staff/assessments/family/{household.pk}/request/",
        {"what_is_happening": "Carer asked for an assessment."},
    )
    assert response.status_code == 200
    obj = AssessmentRequest.objects.get()
    assert obj.organisation == world.council and obj.household == household
    assert obj.requested_by_organisation == world.advice
    # The council team starts it from the family's existing record.
    assessment = services.start_assessment(obj.pk, actor=world.council_worker)
    assert assessment.child_parts.count() == 1
    client.force_login(world.outsider)
    assert client.get(f"/staff/assessments/family/{household.pk}/request/").status_code == 404


def test_navigation_offers_the_queue_to_assessing_staff_only(client, world):
    assert b'href="/assessment/"' in client.get("/").content  # public entry point
    client.force_login(world.council_worker)
    assert b"/staff/assessments/" in client.get("/staff/").content
    for user in (world.adviser, world.analyst):
        client.force_login(user)
        assert b"/staff/assessments/" not in client.get("/staff/").content
        assert client.get("/staff/assessments/").status_code == 403


def test_reminder_and_escalation_emails_link_to_the_page_absolutely(client, world):
    from django.conf import settings

    obj = public_request().request
    services.chase_overdue(obj.due_at + timedelta(hours=1))
    services.chase_overdue(obj.due_at + timedelta(days=8))
    site = settings.KINSHIP["SITE_URL"].rstrip("/")
    link = f"{site}/staff/assessments/requests/{obj.pk}/"
    reminder, escalation = mail.outbox[-2:]
    assert link in reminder.body and link in escalation.body
    assert escalation.to == [world.council_admin.email]
    client.force_login(world.council_admin)
    assert client.get(link.removeprefix(site)).status_code == 200
