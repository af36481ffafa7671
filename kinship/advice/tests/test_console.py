"""The adviser console: who may see what, claiming, changing with optimistic locking, linking
a family with consent, callbacks raised by the worker, and notifications to families."""

import io
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kinship.accounts.models import OrganisationKind
from kinship.advice import services
from kinship.advice.models import AdviceNote, Callback, ContactMethod, Enquiry, State
from kinship.advice.tests.factories import EnquiryFactory
from kinship.audit.models import AuditAction, AuditEvent
from kinship.families.models import ConsentScope, Household
from kinship.testing.factories import make_organisation, make_staff
from kinship.testing.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db


def make_enquiry(org=None, **fields):
    return EnquiryFactory(organisation=org, **fields)


@pytest.fixture
def enquiry(advice_org):
    return make_enquiry(advice_org, contact_method=ContactMethod.EMAIL,
                        email="agnes@example.com", safe_to_leave_message=True)


def test_queue_and_enquiry_pages_for_advisers(client, adviser, enquiry):
    client.force_login(adviser)
    response = client.get("/staff/advice/")
    assert response.status_code == 200
    assert enquiry.reference in response.content.decode()
    response = client.get(f"/staff/advice/{enquiry.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Agnes Brown" in page
    assert "Hello, this is a message for Agnes" in page  # script filled from the enquiry
    assert "Glasgow City" in page
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, object_type="advice.enquiry",
                                     object_id=str(enquiry.pk)).exists()


def test_queue_filters_and_bad_input(client, adviser, enquiry):
    client.force_login(adviser)
    for query in ["state=closed", "topic=housing", "council=S12000036", "due=overdue",
                  "mine=on"]:
        assert enquiry.reference not in client.get(f"/staff/advice/?{query}").content.decode()
    for query in ["state=open", "topic=money", "council=S12000049", "due=week", "state=all"]:
        assert enquiry.reference in client.get(f"/staff/advice/?{query}").content.decode()
    for query in ["page=-1", "page=abc", "state=<script>", "council=../../", "topic=" + "x" * 9999]:
        assert client.get(f"/staff/advice/?{query}").status_code == 200


def test_queue_query_count_is_constant(client, adviser, advice_org):
    client.force_login(adviser)
    make_enquiry(advice_org)
    client.get("/staff/advice/")  # warm caches (council centroids etc.)
    with CaptureQueriesContext(connection) as few:
        client.get("/staff/advice/")
    for n in range(30):
        make_enquiry(advice_org, topics=["money", "housing", "school"],
                     council_id=["S12000049", "S12000036"][n % 2])
        services.claim(Enquiry.objects.latest("pk").pk, adviser)
    with CaptureQueriesContext(connection) as many:
        client.get("/staff/advice/")
    assert len(few) == len(many)
    enquiry = Enquiry.objects.latest("pk")
    AdviceNote.objects.bulk_create(AdviceNote(enquiry=enquiry, author=adviser, body=f"n{i}")
                                   for i in range(10))
    with CaptureQueriesContext(connection) as detail_many:
        client.get(f"/staff/advice/{enquiry.pk}/")
    other = Enquiry.objects.earliest("pk")
    services.claim(other.pk, adviser)  # the same state, so the same forms on the page
    with CaptureQueriesContext(connection) as detail_few:
        client.get(f"/staff/advice/{other.pk}/")
    assert len(detail_many) == len(detail_few)


def test_other_organisations_cannot_see_enquiries(client, enquiry):
    council_worker = make_staff("council_worker")
    client.force_login(council_worker)
    assert client.get("/staff/advice/").status_code == 403
    assert client.get(f"/staff/advice/{enquiry.pk}/").status_code == 403
    assert AuditEvent.objects.filter(action=AuditAction.DENIED,
                                     actor_id=council_worker.pk).exists()

    other_service = make_staff("adviser", make_organisation(OrganisationKind.NATIONAL_ADVICE))
    client.force_login(other_service)
    assert enquiry.reference not in client.get("/staff/advice/").content.decode()
    for guess in (enquiry.pk, enquiry.pk + 1):
        assert client.get(f"/staff/advice/{guess}/").status_code == 404
    assert client.post(f"/staff/advice/{enquiry.pk}/claim/").status_code == 404
    assert AuditEvent.objects.filter(action=AuditAction.DENIED, actor_id=other_service.pk,
                                     object_id=str(enquiry.pk)).exists()
    enquiry.refresh_from_db()
    assert enquiry.holder is None

    adviser_without_org_kind = make_staff("adviser", make_organisation())  # a charity
    client.force_login(adviser_without_org_kind)
    assert client.get("/staff/advice/").status_code == 403


def test_two_sequential_claims_exactly_one_wins(adviser, colleague, enquiry):
    first = services.claim(enquiry.pk, adviser)
    second = services.claim(enquiry.pk, colleague)
    assert first.won and not second.won
    assert second.holder_name == adviser.full_name
    enquiry.refresh_from_db()
    assert enquiry.holder == adviser and enquiry.state == State.CLAIMED


@pytest.mark.django_db(transaction=True)
def test_concurrent_claims_exactly_one_wins(advice_org):
    advisers = [make_staff("adviser", advice_org) for _ in range(4)]
    enquiry = make_enquiry(advice_org)
    results, barrier = [], threading.Barrier(len(advisers))

    def attempt(user):
        barrier.wait()
        try:
            results.append(services.claim(enquiry.pk, user))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(u,)) for u in advisers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(r.won for r in results) == 1
    winner = Enquiry.objects.get(pk=enquiry.pk).holder
    assert all(r.holder_name == winner.full_name for r in results)


def test_claim_through_the_page_tells_the_loser_who_holds_it(client, adviser, colleague,
                                                             enquiry):
    client.force_login(adviser)
    client.post(f"/staff/advice/{enquiry.pk}/claim/")
    client.force_login(colleague)
    response = client.post(f"/staff/advice/{enquiry.pk}/claim/", follow=True)
    assert f"{adviser.full_name} already holds this enquiry" in response.content.decode()


def test_changes_need_the_holder_and_the_current_version(client, adviser, colleague, enquiry):
    services.claim(enquiry.pk, adviser)
    enquiry.refresh_from_db()
    with pytest.raises(services.EnquiryChanged):  # not the holder
        services.add_advice(enquiry, actor=colleague, expected_version=enquiry.version,
                            body="x")
    with pytest.raises(services.EnquiryChanged):  # stale version
        services.add_advice(enquiry, actor=adviser, expected_version=enquiry.version - 1,
                            body="x")
    services.add_advice(enquiry, actor=adviser, expected_version=enquiry.version,
                        body="Explained the kinship care allowance.", topic_slugs=["housing"])
    enquiry.refresh_from_db()
    assert list(enquiry.topics.values_list("slug", flat=True)) == ["housing"]
    client.force_login(adviser)
    response = client.post(f"/staff/advice/{enquiry.pk}/close/",
                           {"version": enquiry.version - 1, "outcome": "advice_given"},
                           follow=True)
    assert "Someone else changed this enquiry" in response.content.decode()
    response = client.post(f"/staff/advice/{enquiry.pk}/close/",
                           {"version": enquiry.version, "outcome": "nonsense"})
    assert response.status_code == 400
    response = client.post(f"/staff/advice/{enquiry.pk}/close/",
                           {"version": enquiry.version, "outcome": "advice_given"})
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.state == State.CLOSED and enquiry.closed_at


def test_link_new_family_records_consent(client, adviser, enquiry):
    services.claim(enquiry.pk, adviser)
    enquiry.refresh_from_db()
    client.force_login(adviser)
    data = {"version": enquiry.version, "carer_name": "Agnes Brown",
            "relationship": "grandparent", "child_name": "Robbie",
            "child_date_of_birth": "2015-03-31", "legal_arrangement": "informal",
            "consent_method": "verbal_phone"}
    response = client.post(f"/staff/advice/{enquiry.pk}/link/new/", data)
    assert response.status_code == 400  # consent box not ticked
    assert Household.objects.count() == 0
    assert "Robbie" in response.content.decode()  # answers kept
    response = client.post(f"/staff/advice/{enquiry.pk}/link/new/", {**data, "consent": "on"})
    assert response.status_code == 302
    enquiry.refresh_from_db()
    household = enquiry.household
    assert household.carers.get().email == "agnes@example.com"
    assert household.children.get().full_name == "Robbie"
    consent = household.consents.get()
    assert consent.scope == ConsentScope.RECORD_KEEPING
    assert consent.method == "verbal_phone" and consent.recorded_by == adviser
    assert client.get(f"/staff/families/{household.pk}/").status_code == 200


def test_link_existing_family_only_if_visible(client, adviser, advice_org, enquiry):
    from kinship.families.tests.test_visibility import make_household

    mine = make_household(advice_org, adviser)
    theirs = make_household(make_organisation(OrganisationKind.COUNCIL_KINSHIP_TEAM))
    services.claim(enquiry.pk, adviser)
    enquiry.refresh_from_db()
    client.force_login(adviser)
    data = {"version": enquiry.version, "consent_method": "verbal_phone", "consent": "on"}
    response = client.post(f"/staff/advice/{enquiry.pk}/link/existing/",
                           {**data, "household_id": theirs.pk})
    assert response.status_code == 400
    assert "no family with that number" in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.DENIED, object_id=str(theirs.pk))
    response = client.post(f"/staff/advice/{enquiry.pk}/link/existing/",
                           {**data, "household_id": mine.pk})
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.household == mine
    assert mine.consents.filter(scope=ConsentScope.RECORD_KEEPING).count() == 2


def test_log_a_phone_call(client, adviser):
    client.force_login(adviser)
    page = client.get("/staff/advice/log-call/").content.decode()
    assert "autofocus" in page
    response = client.post("/staff/advice/log-call/", {"what_is_happening": "",
                                                       "contact_name": "Jim"})
    assert response.status_code == 400 and "Jim" in response.content.decode()
    response = client.post("/staff/advice/log-call/", {
        "what_is_happening": "Grandad asking about school transport", "channel": "phone",
        "contact_method": "phone", "phone": "0141 496 0000", "topics": ["school"],
        "claim_it": "on"})
    assert response.status_code == 302
    enquiry = Enquiry.objects.get()
    assert enquiry.channel == "phone" and enquiry.holder == adviser
    assert enquiry.organisation == adviser.organisation and enquiry.created_by == adviser


# The worker closes its connection between tasks: on PostgreSQL only committed data survives.
@pytest.mark.tasks
@pytest.mark.django_db(transaction=True)
def test_callback_is_raised_by_the_worker_when_due(adviser, enquiry,
                                                   django_capture_on_commit_callbacks):
    services.claim(enquiry.pk, adviser)
    enquiry.refresh_from_db()
    due = timezone.now() - timedelta(seconds=1)
    with django_capture_on_commit_callbacks(execute=True):
        callback = services.schedule_callback(enquiry, actor=adviser,
                                              expected_version=enquiry.version, due_at=due)
    run_queued_tasks()
    callback.refresh_from_db()
    assert callback.raised_at is not None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [adviser.email]
    assert enquiry.reference in message.subject
    assert "Agnes" not in message.body and "money" not in message.body
    assert services.raise_due_callbacks() == 0  # raised once only


def test_sweep_command_raises_due_callbacks(adviser, enquiry):
    services.claim(enquiry.pk, adviser)
    enquiry.refresh_from_db()
    services.schedule_callback(enquiry, actor=adviser, expected_version=enquiry.version,
                               due_at=timezone.now() - timedelta(minutes=1))
    call_command("raise_due_callbacks", now=True, stdout=io.StringIO())
    assert len(mail.outbox) == 1


def test_callback_not_raised_before_due(adviser, enquiry):
    services.claim(enquiry.pk, adviser)
    enquiry.refresh_from_db()
    callback = services.schedule_callback(
        enquiry, actor=adviser, expected_version=enquiry.version,
        due_at=timezone.now() + timedelta(hours=1))
    assert services.raise_due_callbacks() == 0
    assert services.raise_due_callbacks(now=timezone.now() + timedelta(hours=2)) == 1
    assert Callback.objects.get(pk=callback.pk).raised_at is not None
    assert len(mail.outbox) == 1


def test_callback_form_rejects_past_and_bad_times(client, adviser, enquiry):
    services.claim(enquiry.pk, adviser)
    enquiry.refresh_from_db()
    client.force_login(adviser)
    for due in ["2001-01-01T10:00", "not a date", ""]:
        response = client.post(f"/staff/advice/{enquiry.pk}/callback/",
                               {"version": enquiry.version, "due_at": due, "note": "kept"})
        assert response.status_code == 400
    assert Callback.objects.count() == 0


@pytest.mark.parametrize("fields, sent", [
    ({"contact_method": "email", "email": "a@example.com", "safe_to_leave_message": True}, True),
    ({"contact_method": "email", "email": "a@example.com", "safe_to_leave_message": False},
     False),
    ({"contact_method": "phone", "phone": "07700900123", "safe_to_leave_message": True}, False),
    ({"contact_method": "letter", "safe_to_send_letter": False}, False),
    ({"contact_method": "none", "email": "a@example.com", "safe_to_leave_message": True}, False),
])
def test_notifications_respect_channel_and_safety(advice_org, fields, sent):
    enquiry = make_enquiry(advice_org, what_is_happening="Worried about my daughter's drinking",
                           **fields)
    notice = services.notify_family(enquiry)
    assert notice.sent is sent
    assert len(mail.outbox) == int(sent)
    if sent:
        body = mail.outbox[0].body
        assert enquiry.reference in body and "08000 28 22 33" in body
        assert "drinking" not in body and "Agnes" not in body


def test_family_message_shows_on_status_page(client, adviser, advice_org):
    submitted = services.submit_web_enquiry(
        services.EnquiryDetails(what_is_happening="q", contact_method="none"), "tok")
    enquiry = submitted.enquiry
    services.claim(enquiry.pk, adviser)
    enquiry.refresh_from_db()
    notice = services.send_family_message(enquiry, actor=adviser,
                                          expected_version=enquiry.version,
                                          message="You can apply for a Kinship Care Order.")
    assert not notice.sent  # they asked for no contact
    response = client.post("/ask/status/", {"reference": enquiry.reference,
                                            "secret": submitted.secret})
    assert "You can apply for a Kinship Care Order." in response.content.decode()


def test_assign_rules(client, adviser, colleague, advice_org, enquiry):
    enquiry.refresh_from_db()
    assert services.assign(enquiry.pk, to_user=colleague, by_user=adviser,
                           expected_version=enquiry.version)  # unheld: anyone may pass it on
    enquiry.refresh_from_db()
    assert enquiry.holder == colleague
    # An adviser cannot take a colleague's enquiry away...
    assert not services.assign(enquiry.pk, to_user=adviser, by_user=adviser,
                               expected_version=enquiry.version)
    outsider = make_staff("adviser", make_organisation(OrganisationKind.NATIONAL_ADVICE))
    assert not services.assign(enquiry.pk, to_user=outsider, by_user=colleague,
                               expected_version=enquiry.version)
    # ...an administrator of the service can.
    admin = make_staff("org_admin", advice_org)
    client.force_login(admin)
    response = client.post(f"/staff/advice/{enquiry.pk}/assign/",
                           {"version": enquiry.version, "to_user": adviser.pk})
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.holder == adviser
    response = client.post(f"/staff/advice/{enquiry.pk}/assign/",
                           {"version": enquiry.version, "to_user": outsider.pk})
    assert response.status_code == 400  # not a colleague: not in the list


def test_queue_count_is_capped(client, adviser, advice_org, monkeypatch):
    from kinship.advice.selectors import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "cap", 3)
    for _ in range(5):
        make_enquiry(advice_org)
    client.force_login(adviser)
    page = client.get("/staff/advice/").content.decode()
    assert "More than 3 enquiries" in page
    assert client.get("/staff/advice/?topic=money").status_code == 200
