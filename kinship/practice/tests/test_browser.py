"""In a real browser (issue 22's acceptance): an editor writes an article and a second editor
publishes it; a worker signs up for a training event and downloads its calendar entry; a
discussion post with a phone number is held for moderation. Axe on every page."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from kinship.accounts.models import OrganisationKind
from kinship.practice.models import Post, PostState
from kinship.testing.browser import assert_accessible
from kinship.testing.factories import make_organisation, make_staff

from .factories import event

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def signed_in(make_page, base: str, user):
    """A page signed in as `user` (force_login: the real TOTP sign-in waits 30 s)."""
    client = Client()
    client.force_login(user)
    page = make_page()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base,
            }
        ]
    )
    return page


def test_write_publish_sign_up_and_moderation(new_page, live_server):
    base = live_server.url
    advice = make_organisation(OrganisationKind.NATIONAL_ADVICE)
    writer = make_staff("adviser", advice)
    reviewer = make_staff("adviser", advice)
    worker = make_staff("council_worker")

    # An editor writes an article and sends it for review.
    page = signed_in(new_page, base, writer)
    page.goto(base + "/staff/practice/guidance/")
    assert_accessible(page)
    page.get_by_role("link", name="Write a new article").click()
    assert_accessible(page)
    page.get_by_label("Web address (letters, numbers and dashes)").fill("free-advice-line")
    page.get_by_label("Title", exact=True).fill("The free advice line for kinship carers")
    page.get_by_label("Summary", exact=True).fill("Who to phone for free advice.")
    page.get_by_label("Text", exact=True).fill("Phone the Kinship Care Advice Service.")
    page.get_by_label("Sources").fill("Kinship.scot | https://kinship.scot/")
    page.get_by_label("What this article relies on").fill("rule:kinship_care_advice_service")
    page.get_by_label("Review by (YYYY-MM-DD)").fill(
        (timezone.localdate() + timedelta(days=300)).isoformat()
    )
    page.get_by_text("Everyone (public guidance)").click()
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Send for review").click()
    expect(page.get_by_text("Waiting for a second editor: you wrote")).to_be_visible()

    # A second editor publishes it.
    second = signed_in(new_page, base, reviewer)
    second.goto(base + "/staff/practice/guidance/")
    second.get_by_role("link", name="The free advice line for kinship carers").click()
    assert_accessible(second)
    second.get_by_role("button", name="Publish").click()
    expect(second.get_by_text("Published.")).to_be_visible()
    expect(
        second.get_by_text("Rule: Free advice from the Kinship Care Advice Service")
    ).to_be_visible()
    assert_accessible(second)
    second.goto(base + "/ask/guidance/free-advice-line/")
    expect(
        second.get_by_role("heading", name="The free advice line for kinship carers")
    ).to_be_visible()

    # A worker signs up for a training event and downloads its calendar entry.
    training = event(reviewer, title="Trauma-informed practice for kinship workers")
    staff = signed_in(new_page, base, worker)
    staff.goto(base + "/staff/practice/learning/")
    assert_accessible(staff)
    staff.get_by_role("link", name="Trauma-informed practice for kinship workers").click()
    assert_accessible(staff)
    staff.get_by_role("button", name="Sign up").click()
    expect(staff.get_by_text("You have a place.", exact=True)).to_be_visible()
    assert_accessible(staff)
    with staff.expect_download() as download_info:
        staff.get_by_role("link", name="Add to your calendar (.ics)").click()
    download = download_info.value
    assert download.suggested_filename == f"event-{training.pk}.ics"
    with open(download.path(), encoding="utf-8") as ics:
        content = ics.read()
    assert "BEGIN:VEVENT" in content and "Trauma-informed practice" in content

    # A discussion post with a phone number is held for moderation.
    staff.goto(base + "/staff/practice/")
    assert_accessible(staff)
    staff.get_by_role("link", name="Working across councils").click()
    assert_accessible(staff)
    staff.get_by_role("link", name="Start a discussion").click()
    assert_accessible(staff)
    staff.get_by_label("Question or topic").fill("Moving between councils mid-assessment")
    staff.get_by_label("Your post").fill("Who leads? Ring me on 07700 900123 about this one.")
    staff.get_by_role("button", name="Post", exact=True).click()
    expect(staff.get_by_text("a moderator will read it before anyone else sees it")).to_be_visible()
    assert_accessible(staff)
    post = Post.objects.get()
    assert post.state == PostState.HELD and "phone number" in post.concerns

    moderator = make_staff("org_admin", advice)
    mod = signed_in(new_page, base, moderator)
    mod.goto(base + "/staff/practice/communities/moderation/")
    assert_accessible(mod)
    mod.get_by_role("link", name="Moving between councils mid-assessment").click()
    assert_accessible(mod)
    mod.get_by_text("Remove: it holds personal details").click()
    mod.get_by_role("button", name="Record decision").click()
    expect(mod.get_by_text("Decision recorded.")).to_be_visible()
    post.refresh_from_db()
    assert post.state == PostState.REMOVED


def test_public_learning_pages_are_accessible(page, new_page, live_server):
    base = live_server.url
    organiser = make_staff("adviser", make_organisation(OrganisationKind.NATIONAL_ADVICE))
    carers = event(organiser, audience="carers", title="Coffee morning for kinship carers")
    page.goto(base + "/learning/")
    assert_accessible(page)
    page.get_by_role("link", name="Coffee morning for kinship carers").click()
    assert_accessible(page)
    # Without JavaScript: book a place (no evaluate/axe on a no-JS page).
    nojs = new_page(javascript=False)
    nojs.goto(f"{base}/learning/events/{carers.pk}/")
    nojs.get_by_label("Your name").fill("Agnes")
    nojs.get_by_text("Email", exact=True).click()
    nojs.get_by_label("Your email address or phone number").fill("agnes@example.com")
    nojs.get_by_role("button", name="Book a place").click()
    expect(nojs.get_by_text("You have a place.")).to_be_visible()
