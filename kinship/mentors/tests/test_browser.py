"""Mentoring in a real browser (issue 23's acceptance): a scheme registers a mentor; a carer
asks for a mentor from the checker's results; the co-ordinator matches them; the mentor signs
in with their second factor and sees only that family; the match is reviewed and ended. Axe
on every page."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from kinship.accounts.models import Role
from kinship.testing.auth import sign_in_browser
from kinship.testing.browser import assert_accessible
from kinship.testing.factories import make_staff

from .factories import make_scheme, matched, register

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def _page(new_page):
    page = new_page(True)
    page.set_default_timeout(60_000)
    return page


def _signed_in(page, base, user):
    """A signed-in session (the user has an authenticator) without the 30-second TOTP wait;
    the mentor below signs in for real."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base,
            }
        ]
    )


def test_register_ask_match_mentor_sees_only_their_family_review_and_end(new_page, live_server):
    scheme = make_scheme()
    base = live_server.url
    # Another family, matched with another mentor, that the new mentor must not see.
    other_mentor = make_staff(Role.MENTOR, scheme.org)
    register(scheme.coordinator, other_mentor)
    matched(scheme, name="Fiona Othercarer")

    # The co-ordinator registers a member of staff invited in the mentor role.
    new_mentor = make_staff(Role.MENTOR, scheme.org)
    coordinator = _page(new_page)
    _signed_in(coordinator, base, scheme.coordinator)
    coordinator.goto(f"{base}/staff/mentors/")
    assert_accessible(coordinator)
    coordinator.get_by_role("link", name="Register a mentor").click()
    coordinator.get_by_label("Mentor", exact=True).select_option(label=new_mentor.full_name)
    coordinator.get_by_text("Glasgow City").click()
    coordinator.get_by_text("Phone calls").click()
    coordinator.get_by_text("Visits").click()
    coordinator.get_by_label("When they are available").fill("Weekday evenings")
    today = timezone.localdate()
    coordinator.get_by_label("Date the scheme confirmed their checks").fill(
        (today - timedelta(days=3)).isoformat()
    )
    coordinator.get_by_label("Checks must be renewed by").fill(
        (today + timedelta(days=700)).isoformat()
    )
    assert_accessible(coordinator)
    coordinator.get_by_role("button", name="Register").click()
    expect(coordinator.locator("#mentors")).to_contain_text(new_mentor.full_name)

    # A carer finishes the checker and asks for a mentor from its results.
    carer = _page(new_page)
    carer.goto(f"{base}/mentors/ask/?from=checker")
    assert_accessible(carer)
    carer.get_by_label("Your council area").select_option(label="Glasgow City")
    carer.get_by_label("Your name").fill("Elspeth Browsercarer")
    carer.get_by_text("Phone call", exact=True).click()
    carer.get_by_label("Phone number").fill("0141 496 0123")
    carer.get_by_text("I agree that what I have written").click()
    carer.get_by_role("button", name="Ask for a mentor").click()
    expect(carer.locator("#asked")).to_contain_text(scheme.org.name)
    assert_accessible(carer)

    # The co-ordinator matches her with the new mentor.
    coordinator.goto(f"{base}/staff/mentors/")
    coordinator.get_by_role("link", name="Elspeth Browsercarer").click()
    assert_accessible(coordinator)
    coordinator.get_by_text(re.compile(f"^{re.escape(new_mentor.full_name)}:")).click()
    coordinator.get_by_role("button", name="Match and introduce").click()
    expect(coordinator.locator("#match")).to_contain_text("Elspeth Browsercarer")
    match_url = coordinator.url

    # The mentor signs in with password and authenticator code and sees only that family.
    mentor = _page(new_page)
    sign_in_browser(mentor, base, new_mentor)
    mentor.goto(f"{base}/staff/mentors/mine/")
    expect(mentor.locator("#my-families")).to_contain_text("Elspeth Browsercarer")
    expect(mentor.locator("#my-families")).not_to_contain_text("Fiona Othercarer")
    assert_accessible(mentor)
    mentor.get_by_role("link", name="Elspeth Browsercarer").click()
    mentor.get_by_label("Kind of contact").select_option(label="Phone call")
    mentor.get_by_label("Brief note (optional)").fill("First call, all well.")
    mentor.get_by_role("button", name="Log contact").click()
    expect(mentor.locator("#contacts")).to_contain_text("First call, all well.")
    expect(mentor.get_by_role("button", name="End the match")).to_have_count(0)
    assert_accessible(mentor)

    # The co-ordinator reviews, then ends the match with a reason.
    coordinator.goto(match_url)
    coordinator.get_by_label("Review note").fill("Settling in; carry on.")
    coordinator.get_by_label("Next review").fill((today + timedelta(days=30)).isoformat())
    coordinator.get_by_role("button", name="Record review").click()
    expect(coordinator.locator("#match")).to_contain_text("Settling in; carry on.")
    coordinator.get_by_label("Why the match is ending").select_option(
        label="The family is settled; mentoring did its job"
    )
    coordinator.get_by_role("button", name="End the match").click()
    expect(coordinator.locator("#ended")).to_be_visible()
    assert_accessible(coordinator)
