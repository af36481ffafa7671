"""The family's right of access: the export holds every record the organisation holds about
the family (compared with direct database queries) and nothing about another family; it is
made by a background task and every production and download is audited."""

import json
from datetime import date

import pytest
from django.urls import reverse

from kinship.accounts.models import Role
from kinship.advice.models import Enquiry
from kinship.audit.models import AuditAction, AuditEvent
from kinship.dataprotection import selectors, services
from kinship.dataprotection.models import RequestKind, RightsRequest
from kinship.families.models import Consent
from kinship.referrals.models import Referral, ReferralEvent
from kinship.referrals.tests.helpers import make_household, make_world
from kinship.testing.factories import make_staff
from kinship.testing.tasks import run_queued_tasks

from .helpers import closed_enquiry, closed_referral


def _family_with_records():
    world = make_world()
    enquiry = closed_enquiry(world, world.household)
    referral = closed_referral(world)
    other = make_household(world.adviser, children=None)
    from kinship.families.models import Carer

    Carer.objects.filter(household=other).update(full_name="Zara Otherfamily", phone="0131 999")
    other_enquiry = closed_enquiry(world, other, contact_name="Zara Otherfamily")
    closed_referral(world, other)
    return world, enquiry, referral, other, other_enquiry


@pytest.mark.django_db
def test_export_matches_the_database_and_nothing_of_another_family():
    world, enquiry, referral, other, other_enquiry = _family_with_records()
    # A view of the family is in the audit trail, so the access log has it.
    from kinship.audit.services import record

    record(actor=world.adviser, action=AuditAction.VIEW, obj=world.household, purpose="call")
    data = selectors.family_export(world.household, world.advice)

    assert {e["id"] for e in data["enquiries"]} == set(
        Enquiry.objects.filter(household=world.household, organisation=world.advice).values_list(
            "pk", flat=True
        )
    )
    assert {r["id"] for r in data["referrals"]} == {
        str(pk)
        for pk in Referral.objects.filter(household=world.household).values_list("pk", flat=True)
    }
    events = sum(len(r["history"]) for r in data["referrals"])
    assert events == ReferralEvent.objects.filter(referral__household=world.household).count()
    assert {c["id"] for c in data["consents"]} == set(
        Consent.objects.filter(household=world.household).values_list("pk", flat=True)
    )
    assert [c["full_name"] for c in data["carers"]] == ["Morag Testcarer"]
    assert any(row["purpose"] == "call" for row in data["access_log"])

    text = json.dumps(data, ensure_ascii=False)
    assert "Zara" not in text and "0131 999" not in text
    assert other_enquiry.reference not in text
    assert enquiry.reference in text and referral.reference in text


@pytest.mark.tasks
@pytest.mark.django_db(transaction=True)
def test_access_request_export_is_made_by_the_worker_and_audited(
    client, django_capture_on_commit_callbacks
):
    world, enquiry, *_rest = _family_with_records()
    admin = make_staff(Role.ORG_ADMIN, world.advice)
    with django_capture_on_commit_callbacks(execute=True):
        made = services.record_request(
            world.household, actor=admin, kind=RequestKind.ACCESS, received_on=date(2026, 1, 5)
        )
    run_queued_tasks()
    made = RightsRequest.objects.get(pk=made.pk)
    assert made.export_ready_at is not None
    assert bytes(made.export_pdf).startswith(b"%PDF")
    assert AuditEvent.objects.filter(
        action=AuditAction.EXPORT,
        object_id=str(world.household.pk),
        purpose__contains="export produced",
    ).exists()

    client.force_login(admin)
    response = client.get(reverse("dataprotection_staff:export_json", args=[made.pk]))
    assert response.status_code == 200
    assert enquiry.reference in response.content.decode()
    response = client.get(reverse("dataprotection_staff:export_pdf", args=[made.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.filter(purpose__contains="export downloaded").count() == 2


@pytest.mark.django_db
def test_export_holds_the_caseload_and_mentoring_records_too():
    """Issue 19's "everything it holds": the scheme's request, match and logged contacts, and
    the caseload rows its staff recorded, compared with direct queries."""
    from kinship.caseload.models import Allocation, TeamContact
    from kinship.mentors import services as mentor_services
    from kinship.mentors.models import MatchContact, MentorRequest
    from kinship.mentors.tests.factories import make_scheme, matched

    scheme = make_scheme()
    match = matched(scheme, "Jean Exportcarer")
    mentor_services.log_contact(
        match, actor=scheme.mentor_user, on=date.today(), kind="phone", note="Talked about school"
    )
    household = match.household
    Allocation.objects.create(
        household=household, organisation=scheme.org, worker=scheme.coordinator
    )
    TeamContact.objects.create(
        household=household, domain="education", name="Ms Guidance", added_by=scheme.coordinator
    )

    data = selectors.family_export(household, scheme.org)

    assert {r["id"] for r in data["mentoring"]} == set(
        MentorRequest.objects.filter(household=household, scheme=scheme.org).values_list(
            "pk", flat=True
        )
    )
    contacts = [c for r in data["mentoring"] for c in r.get("match", {}).get("contacts", [])]
    assert len(contacts) == MatchContact.objects.filter(match__household=household).count() == 1
    assert contacts[0]["note"] == "Talked about school"
    kinds = sorted(row["kind"] for row in data["caseload"])
    assert kinds == ["allocation", "team_contact"]
    assert any(row.get("name") == "Ms Guidance" for row in data["caseload"])
    text = json.dumps(data, ensure_ascii=False)
    assert "Jean Exportcarer" in text
    # Another organisation's export of the same family holds none of the scheme's records.
    other = selectors.family_export(household, scheme.advice)
    assert other["mentoring"] == [] and other["caseload"] == []
