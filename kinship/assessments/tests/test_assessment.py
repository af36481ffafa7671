"""The assessment itself: indicators, three voices, the carer's needs, agreed support, the
written record (versions and PDF), access and query counts."""

import io
import uuid
from datetime import date, timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from kinship.assessments import services
from kinship.assessments.models import AgreedAction, Assessment, RecordVersion
from kinship.audit.models import AuditAction, AuditEvent
from kinship.core.models import AppendOnlyError
from kinship.families.models import ConsentMethod
from kinship.referrals.models import Referral

from .helpers import public_request, request_of, started

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def fill_in(world, assessment: Assessment) -> None:
    """Ratings, the three voices for the first child, a task and a referral to the charity."""
    worker = world.council_worker
    services.save_wellbeing(
        assessment,
        {
            e.pk: services.EntryInput(strengths="Settled at school", needs="Sleep", rating=3)
            for e in assessment.entries.all()
        },
        actor=worker,
    )
    part = assessment.child_parts.select_related("child").get(child__full_name="Callum Testchild")
    services.save_voices(
        part,
        services.VoicesInput(
            answers={"safe": "I feel safe with my gran", "wish": "A dog"},
            declined=["achieving"],
            carer_view="He worries about his mum.",
            practitioner_view="Strong bond with gran; needs help with sleep.",
        ),
        actor=worker,
    )
    services.save_family_needs(
        assessment,
        {"money": "Behind on rent", "respite": "No break"},
        child_words_shared=False,
        actor=worker,
    )
    services.add_task(
        assessment,
        kind="income_max",
        what="Check benefits entitlement",
        owner_name="Ana Worker",
        due_on=date.today() + timedelta(days=14),
        actor=worker,
    )
    services.add_referral_action(
        assessment,
        kind="peer_community",
        what="Carers' peer support group",
        service_id=str(world.charity_service.pk),
        idempotency_key=uuid.uuid4().hex,
        consent_method=ConsentMethod.IN_PERSON,
        actor=worker,
    )


def test_agreed_support_is_a_referral_or_an_owned_task_never_neither(world):
    assessment = started(world)
    fill_in(world, assessment)
    actions = list(assessment.actions.all())
    assert len(actions) == 2
    referral = next(a for a in actions if a.is_referral).referral
    assert referral.to_organisation == world.charity and referral.from_organisation == world.council
    with pytest.raises(services.AssessmentError):
        services.add_task(
            assessment,
            kind="income_max",
            what="x",
            owner_name="",
            due_on=None,
            actor=world.council_worker,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        AgreedAction.objects.create(assessment=assessment, kind="income_max", what="orphan")


def test_referral_to_a_service_without_consent_needs_consent_recorded(world):
    assessment = started(world)
    with pytest.raises(services.AssessmentError):
        services.add_referral_action(
            assessment,
            kind="peer_community",
            what="Group",
            service_id=str(world.advice_service.pk),
            idempotency_key=uuid.uuid4().hex,
            actor=world.council_worker,
        )
    action = services.add_referral_action(
        assessment,
        kind="peer_community",
        what="Group",
        service_id=str(world.advice_service.pk),
        idempotency_key=uuid.uuid4().hex,
        consent_method=ConsentMethod.IN_PERSON,
        actor=world.council_worker,
    )
    assert action.referral.to_organisation == world.advice


def test_issued_record_is_a_pdf_with_actions_owners_dates_and_the_childs_words(world):
    assessment = started(world)
    fill_in(world, assessment)
    review = date.today() + timedelta(days=90)
    version = services.issue_record(assessment.pk, actor=world.council_worker, review_due_on=review)
    assert bytes(version.pdf).startswith(b"%PDF")
    text = " ".join(pdf_text(bytes(version.pdf)).split())
    for expected in (
        "Check benefits entitlement",
        "Ana Worker",
        (date.today() + timedelta(days=14)).isoformat(),
        "Carers' peer support group",
        "Test Kin Charity",
        "I feel safe with my gran",
        "A dog",
        "I don't want to answer",
        "He worries about his mum.",
        "Behind on rent",
        review.isoformat(),
        request_of(assessment).reference,
        "complaints procedure",
        "Scottish Public Services Ombudsman",
    ):
        assert expected in text, expected
    assessment.refresh_from_db()
    assert assessment.versions_issued == 1 and assessment.review_due_on == review


def test_each_review_is_a_new_version_and_versions_never_change(world):
    assessment = started(world)
    fill_in(world, assessment)
    first = services.issue_record(
        assessment.pk, actor=world.council_worker, review_due_on=date.today() + timedelta(days=30)
    )
    services.save_wellbeing(
        assessment,
        {e.pk: services.EntryInput(rating=4) for e in assessment.entries.all()},
        actor=world.council_worker,
    )
    second = services.issue_record(
        assessment.pk, actor=world.council_worker, review_due_on=date.today() + timedelta(days=120)
    )
    assert (first.number, second.number, second.is_review) == (1, 2, True)
    assert first.snapshot["children"][0]["indicators"][0]["rating"] == 3
    assert second.snapshot["children"][0]["indicators"][0]["rating"] == 4
    with pytest.raises(AppendOnlyError):
        first.save()
    with pytest.raises(AppendOnlyError):
        RecordVersion.objects.filter(pk=first.pk).update(number=9)
    with pytest.raises(AppendOnlyError):
        first.delete()
    # The database refuses too (trigger), whatever the ORM does.
    with pytest.raises(Exception), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE assessments_recordversion SET number = 9 WHERE id = %s", [first.pk])


def test_review_due_is_reminded_then_escalated(world):
    from django.core import mail

    assessment = started(world)
    services.issue_record(
        assessment.pk, actor=world.council_worker, review_due_on=date.today() + timedelta(days=1)
    )
    later = timezone.now() + timedelta(days=3)
    assert services.chase_overdue(later)["reviews_reminded"] == 1
    assert services.chase_overdue(later)["reviews_reminded"] == 0
    assert "Review due" in mail.outbox[-1].subject
    assert services.chase_overdue(later + timedelta(days=7))["reviews_escalated"] == 1


def test_family_downloads_each_version_with_reference_and_secret(client, world):
    submitted = public_request()
    assessment = services.start_assessment(
        submitted.request.pk,
        actor=world.council_worker,
        details=services.StartDetails(
            children=[services.ChildLine("Callum Testchild", date(2016, 5, 1))]
        ),
    )
    services.issue_record(
        assessment.pk, actor=world.council_worker, review_due_on=date.today() + timedelta(days=60)
    )
    data = {"reference": submitted.request.reference, "secret": submitted.secret}
    page = client.post("/assessment/record/", data).content.decode()
    assert "Download version 1" in page
    response = client.post("/assessment/record/download/", {**data, "version": "1"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert client.post("/assessment/record/download/", {**data, "version": "2"}).status_code == 404
    assert (
        client.post("/assessment/record/download/", {**data, "secret": "WRONG"}).status_code == 404
    )
    assert AuditEvent.objects.filter(
        action=AuditAction.EXPORT, object_type="assessments.recordversion"
    ).exists()


def _urls(assessment):
    a = assessment.pk
    part = assessment.child_parts.first().pk
    gets = [f"/staff/assessments/{a}/", f"/staff/assessments/{a}/records/1.pdf"]
    posts = [
        f"/staff/assessments/{a}/wellbeing/",
        f"/staff/assessments/{a}/needs/",
        f"/staff/assessments/{a}/tasks/",
        f"/staff/assessments/{a}/referrals/",
        f"/staff/assessments/{a}/issue/",
        f"/staff/assessments/{a}/children/{part}/voices/",
        f"/staff/assessments/{a}/children/{part}/link/",
    ]
    return gets, posts


def test_other_council_charity_without_consent_and_analyst_are_refused_and_audited(client, world):
    assessment = started(world)
    services.issue_record(
        assessment.pk, actor=world.council_worker, review_due_on=date.today() + timedelta(days=60)
    )
    gets, posts = _urls(assessment)
    # world.charity has the advice line's family's consent, not this family's.
    for user, status in (
        (world.other_council_worker, 404),
        (world.charity_worker, 404),
        (world.analyst, 403),
    ):
        client.force_login(user)
        before = AuditEvent.objects.filter(action=AuditAction.DENIED).count()
        for url in gets:
            assert client.get(url).status_code == status, (user, url)
        for url in posts:
            assert client.post(url, {"task-what": "x"}).status_code == status, (user, url)
        after = AuditEvent.objects.filter(action=AuditAction.DENIED).count()
        assert after - before == len(gets) + len(posts)
    assert Assessment.objects.get().actions.count() == 0


def test_shared_organisation_reads_but_not_the_childs_words_unless_shared(client, world):
    assessment = started(world)
    fill_in(world, assessment)
    assert world.charity.consents.filter(household=assessment.household).exists()
    client.force_login(world.charity_worker)
    page = client.get(f"/staff/assessments/{assessment.pk}/").content.decode()
    assert "He worries about his mum." in page  # the carer's view
    assert "I feel safe with my gran" not in page
    assert "has not agreed to share them" in page
    assert client.post(f"/staff/assessments/{assessment.pk}/tasks/", {}).status_code == 404
    services.save_family_needs(assessment, {}, child_words_shared=True, actor=world.council_worker)
    page = client.get(f"/staff/assessments/{assessment.pk}/").content.decode()
    assert "I feel safe with my gran" in page


def test_worker_fills_in_through_the_pages(client, world):
    assessment = started(world)
    client.force_login(world.council_worker)
    entry = assessment.entries.first()
    bad = client.post(
        f"/staff/assessments/{assessment.pk}/wellbeing/",
        {f"e{entry.pk}_strengths": "Kind and funny", f"e{entry.pk}_rating": "9"},
    )
    assert bad.status_code == 400
    assert "Kind and funny" in bad.content.decode()  # what was typed is kept
    entry.refresh_from_db()
    assert entry.strengths == ""  # and nothing was saved
    response = client.post(
        f"/staff/assessments/{assessment.pk}/wellbeing/",
        {f"e{entry.pk}_strengths": "<b>Kind</b>", f"e{entry.pk}_rating": "2"},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.strengths, entry.rating) == ("<b>Kind</b>", 2)
    page = client.get(f"/staff/assessments/{assessment.pk}/").content.decode()
    assert "&lt;b&gt;Kind&lt;/b&gt;" in page  # escaped, never markup
    response = client.post(
        f"/staff/assessments/{assessment.pk}/tasks/",
        {
            "task-kind": "income_max",
            "task-what": "Benefits check",
            "task-owner_name": "",
            "task-due_on": "not a date",
        },
    )
    assert response.status_code == 400 and "Benefits check" in response.content.decode()
    response = client.post(
        f"/staff/assessments/{assessment.pk}/issue/", {"review_due_on": "2001-01-01"}
    )
    assert response.status_code == 400
    for bad in ("abc", "99999999", "-1", "../../etc"):
        assert client.get(f"/staff/assessments/{bad}/").status_code == 404


def test_child_answers_with_a_one_use_link(client, world):
    assessment = started(world)
    part = assessment.child_parts.select_related("child").first()
    token = services.child_link(part, actor=world.council_worker)
    page = client.get(f"/assessment/child/{token}/")
    assert page.status_code == 200 and "want to answer" in page.content.decode()
    client.post(
        f"/assessment/child/{token}/", {"answer_safe": "Yes at gran's", "declined": ["wish"]}
    )
    part.refresh_from_db()
    assert part.answers == {"safe": "Yes at gran's"} and "wish" in part.declined
    assert client.get(f"/assessment/child/{token}/").status_code == 404  # used
    assert client.get("/assessment/child/short/").status_code == 404


def _query_count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_queue_and_assessment_page_use_a_constant_number_of_queries(client, world):
    small = started(world, children=(("Callum Testchild", date(2016, 5, 1)),))
    public_request()
    client.force_login(world.council_worker)
    _query_count(client, "/staff/assessments/")
    few_queue = _query_count(client, "/staff/assessments/")
    few_page = _query_count(client, f"/staff/assessments/{small.pk}/")
    big = started(world)
    fill_in(world, big)
    for _ in range(3):
        services.issue_record(
            big.pk, actor=world.council_worker, review_due_on=date.today() + timedelta(days=30)
        )
    for _ in range(10):
        public_request()
    assert _query_count(client, "/staff/assessments/") == few_queue
    assert _query_count(client, "/staff/assessments/?box=assessments") == few_queue
    assert _query_count(client, f"/staff/assessments/{big.pk}/") == few_page
    assert Referral.objects.count() == 1
