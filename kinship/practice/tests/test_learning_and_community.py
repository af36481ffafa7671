"""Learning resources, training events (capacity, sign-up, reminders, iCalendar) and the
communities of practice (personal-details check, moderation)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from kinship.practice import services
from kinship.practice.models import PostState, SignUp, Space
from kinship.practice.personal_details import personal_details
from kinship.testing.factories import make_staff

from .factories import event

pytestmark = pytest.mark.django_db


def test_staff_sign_up_once_and_capacity_holds(editor, worker, advice_org):
    training = event(editor, capacity=2)
    first = services.sign_up_staff(worker, training)
    assert services.sign_up_staff(worker, training) == first  # twice is still one place
    services.sign_up_staff(editor, training)
    with pytest.raises(services.EventFull):
        services.sign_up_staff(make_staff("adviser", advice_org), training)
    assert services.cancel_staff_sign_up(worker, training)
    services.sign_up_staff(make_staff("adviser", advice_org), training)


def test_carers_event_takes_a_name_and_a_contact_only(editor, worker):
    carers = event(editor, audience="carers")
    with pytest.raises(ValidationError):
        services.sign_up_staff(worker, carers)
    place = services.sign_up_carer(carers, "Agnes Carer", "agnes@example.com")
    assert place.user is None and place.contact == "agnes@example.com"


def test_reminders_go_once_the_day_before(editor, worker):
    soon = timezone.now() + timedelta(hours=20)
    training = event(editor, starts_at=soon, ends_at=soon + timedelta(hours=2))
    later = event(editor, days=5)
    services.sign_up_staff(worker, training)
    services.sign_up_staff(worker, later)
    mail.outbox.clear()
    assert services.remind_sign_ups() == 1
    assert services.remind_sign_ups() == 0
    assert mail.outbox[0].to == [worker.email]
    assert "calendar.ics" in mail.outbox[0].body
    assert SignUp.objects.filter(event=later, reminded_at__isnull=True).exists()


def test_calendar_entry_is_icalendar(client, editor, worker):
    training = event(editor, title="Contact, and keeping; family links")
    client.force_login(worker)
    response = client.get(f"/staff/practice/learning/events/{training.pk}/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert "SUMMARY:Contact\\, and keeping\\; family links" in body
    assert f"UID:practice-event-{training.pk}@" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_public_feed_lists_carers_events_only(client, editor):
    carers = event(editor, audience="carers", title="Carers' coffee morning")
    event(editor, title="Staff only training")
    body = client.get("/learning/events.ics").content.decode()
    assert "Carers' coffee morning" in body and "Staff only training" not in body
    assert client.get(f"/learning/events/{carers.pk}/calendar.ics").status_code == 200


@pytest.mark.parametrize(
    "text, kinds",
    [
        ("Call her on 07700 900123", ["phone number"]),
        ("Email gran@example.com", ["email address"]),
        ("They live at EH1 1YZ", ["postcode"]),
        ("Born 03/04/2015", ["date of birth"]),
        ("Born 3 April 2015", ["date of birth"]),
        ("Isla has been struggling at school", ["name"]),
        ("How do others plan contact after a move between councils?", []),
    ],
)
def test_personal_details_are_spotted(text, kinds):
    assert personal_details(text) == kinds


def test_a_post_with_a_phone_number_is_held_until_a_moderator_publishes_it(
    editor, worker, moderator
):
    space = Space.objects.get(slug="allowances")
    thread, first = services.start_thread(editor, space, "Allowance reviews", "How often?")
    assert not first.held
    held = services.reply(worker, thread, "Phone me on 07700 900456 to discuss her case")
    assert held.held and held.concerns == ["phone number"]
    from kinship.practice.selectors import posts_of

    assert held.post not in posts_of(thread, editor)
    assert held.post in posts_of(thread, worker)  # the author sees it waiting
    services.moderate(moderator, held.post, PostState.REMOVED, "A phone number")
    held.post.refresh_from_db()
    assert held.post.state == PostState.REMOVED
    assert held.post not in posts_of(thread, worker)
    with pytest.raises(Exception):
        services.moderate(worker, held.post, PostState.PUBLISHED)


def test_a_title_with_personal_details_is_refused(editor):
    with pytest.raises(ValidationError):
        services.start_thread(editor, Space.objects.first(), "Question about Morag", "Hello")


# --- pages: bad input never 500, half-filled forms come back filled ---------------------------

HOSTILE = "<script>alert(1)</script>"


def test_public_pages_work_and_refuse_bad_input(client, editor):
    carers = event(editor, audience="carers", capacity=1)
    assert client.get("/learning/").status_code == 200
    assert "csrftoken" not in client.get("/learning/").cookies
    assert client.get("/learning/?q=" + "x" * 5000 + "&topic=nonsense").status_code == 200
    assert client.get("/learning/events/999999999999999999999/").status_code == 404
    url = f"/learning/events/{carers.pk}/"
    assert client.get(url).status_code == 200
    for data in (
        {},
        {"name": "x" * 500, "contact_by": "email", "contact": "a@b.example"},
        {"name": HOSTILE, "contact_by": "email", "contact": "a@b.example"},
        {"name": "Agnes", "contact_by": "email", "contact": "not an email"},
        {"name": "Agnes", "contact_by": "carrier pigeon", "contact": "x"},
        {"name": "Agnes", "contact_by": "phone", "contact": "12"},
    ):
        response = client.post(url, data)
        assert response.status_code == 400, data
    response = client.post(url, {"name": "Agnes Typed", "contact_by": "phone", "contact": "12"})
    assert "Agnes Typed" in response.content.decode()
    ok = client.post(url, {"name": "Agnes", "contact_by": "phone", "contact": "01632 960 001"})
    assert ok.status_code == 302
    assert "You have a place" in client.get(ok["Location"]).content.decode()
    full = client.post(url, {"name": "Bob", "contact_by": "phone", "contact": "01632 960 002"})
    assert full.status_code == 400


def test_staff_forms_refuse_bad_input_and_keep_what_was_typed(client, editor, worker):
    client.force_login(editor)
    for url in (
        "/staff/practice/",
        "/staff/practice/guidance/",
        "/staff/practice/learning/",
        "/staff/practice/communities/common-questions/",
        "/staff/practice/search/?q=advice",
        "/staff/practice/guidance/scripts/",
        "/staff/practice/guidance/new/?topic=money",
    ):
        assert client.get(url).status_code == 200, url
    response = client.post(
        "/staff/practice/guidance/new/",
        {
            "slug": "bad slug!",
            "title": "Typed title",
            "summary": "",
            "body": HOSTILE,
            "cites": "rule:nope",
            "review_by": "not a date",
            "is_public": "maybe",
        },
    )
    assert response.status_code == 400
    assert "Typed title" in response.content.decode()
    response = client.post(
        "/staff/practice/learning/events/new/",
        {
            "title": "Typed event",
            "starts_at": "2020-01-01T10:00",
            "ends_at": "junk",
            "capacity": "-3",
        },
    )
    assert response.status_code == 400 and "Typed event" in response.content.decode()
    space = Space.objects.first()
    client.force_login(worker)
    response = client.post(
        f"/staff/practice/communities/{space.slug}/new/", {"title": "x" * 500, "body": ""}
    )
    assert response.status_code == 400
    assert client.get("/staff/practice/communities/no-such-space/").status_code == 404
    assert client.get("/staff/practice/communities/discussion/99999999/").status_code == 404
    assert client.post("/staff/practice/guidance/new/", {}).status_code == 403  # not an editor


def test_search_finds_discussions_for_staff_and_public_guidance_for_everyone(
    client, editor, second_editor, worker
):
    from .factories import published_article

    published_article(editor, second_editor, title="Kinship care orders explained")
    services.start_thread(
        editor, Space.objects.first(), "Kinship care orders in practice", "Share experience."
    )
    public = client.get("/learning/?q=kinship+care+orders").content.decode()
    assert "Kinship care orders explained" in public and "in practice" not in public
    client.force_login(worker)
    staff = client.get("/staff/practice/search/?q=kinship care orders").content.decode()
    assert "Kinship care orders explained" in staff and "in practice" in staff


def test_other_staff_forms_refuse_empty_oversized_and_hostile_input(
    client, editor, second_editor, moderator, worker
):
    from kinship.advice.models import Script

    from .factories import published_article

    article = published_article(editor, second_editor, cites="sra:0")
    client.force_login(editor)
    confirm = f"/staff/practice/guidance/article/{article.pk}/confirm/"
    assert client.post(confirm, {}).status_code == 400
    assert client.post(confirm, {"note": "x" * 5000}).status_code == 400
    assert client.post(confirm, {"note": HOSTILE}).status_code == 400
    draft = services.start_draft(editor, services.draft_text_of(article), article=article)
    bad = f"/staff/practice/guidance/draft/{draft.pk}/nonsense/"
    assert client.post(bad).status_code == 404
    ret = f"/staff/practice/guidance/draft/{draft.pk}/return/"
    assert client.post(ret, {}).status_code == 400
    script = Script.objects.create(slug="t", title="T", when_to_use="x", body="y")
    url = f"/staff/practice/guidance/scripts/{script.pk}/"
    assert client.post(url, {"cites": "rule:" + "x" * 5000}).status_code == 400
    assert client.post(url, {"cites": HOSTILE}).status_code == 400
    response = client.post(
        "/staff/practice/learning/resources/new/",
        {"title": "Typed resource", "url": "javascript:alert(1)", "kind": "x"},
    )
    assert response.status_code == 400 and "Typed resource" in response.content.decode()
    thread, _p = services.start_thread(editor, Space.objects.first(), "Question", "Body")
    held = services.reply(worker, thread, "Ring 07700 900999").post
    client.force_login(moderator)
    moderate = f"/staff/practice/communities/moderation/{held.pk}/"
    assert client.get(moderate).status_code == 200
    assert client.post(moderate, {"decision": "maybe"}).status_code == 400
    assert client.post(moderate, {"decision": "published", "note": "x" * 900}).status_code == 400
    assert client.post(moderate, {"decision": "published"}).status_code == 302
    client.force_login(worker)
    assert client.get(moderate).status_code == 403
