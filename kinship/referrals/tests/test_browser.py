"""The whole loop in a real browser: an adviser refers a family to a local charity; the
charity's worker declines it with a reason and redirects it to the council team; the council
accepts and completes; the family checks progress with its reference. Axe on every page."""

import re

import pytest
from playwright.sync_api import expect

from kinship.testing.auth import sign_in_browser
from kinship.testing.browser import assert_accessible

from .helpers import make_world

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def _page(new_page, javascript=True):
    page = new_page(javascript)
    # The shared test machine can be busy; a slow page is not what this test is about.
    page.set_default_timeout(60_000)
    return page


def test_refer_redirect_accept_complete_and_family_checks(new_page, live_server):
    world = make_world()
    base = live_server.url

    adviser = _page(new_page)
    sign_in_browser(adviser, base, world.adviser)
    adviser.goto(f"{base}/staff/referrals/new/?household={world.household.pk}")
    assert_accessible(adviser)
    adviser.get_by_label("Service to refer to").select_option(
        label=f"{world.charity.name}: {world.charity_service.name}")
    adviser.get_by_label("Why you are referring").fill("Gran is exhausted and needs a break.")
    adviser.get_by_label("What you are asking them to do").fill("Short breaks and a call.")
    adviser.get_by_text("Carers' contact details").click()  # SGDS styles the label
    adviser.get_by_role("button", name="Send referral").click()
    reference = adviser.locator("#reference").inner_text()
    secret = adviser.locator("#secret").inner_text()
    assert re.fullmatch(r"KR-\w{4}-\w{4}", reference)
    assert_accessible(adviser)

    charity = _page(new_page)
    sign_in_browser(charity, base, world.charity_worker)
    charity.goto(f"{base}/staff/referrals/")
    assert_accessible(charity)
    charity.get_by_role("link", name=reference).click()
    assert charity.locator("#state").inner_text() == "Sent"
    assert_accessible(charity)
    form = charity.locator("#action-redirect")
    form.get_by_label("Service to pass it to").select_option(
        label=f"{world.council.name}: {world.council_service.name}")
    form.get_by_label("Why it is better with them").fill(
        "We cannot offer short breaks; the council kinship team can.")
    form.get_by_label("How the family agreed").select_option(label="Said yes on the phone")
    form.get_by_role("button", name="Confirm: Redirected").click()
    # No longer the charity's to act on: a confirmation and its read-only "sent on" list.
    charity.wait_for_url(f"{base}/staff/referrals/sent-on/")
    expect(charity.get_by_text("sent on. It is in your")).to_be_visible()
    expect(charity.locator("#sent-on")).to_contain_text(world.council.name)
    assert_accessible(charity)

    council = _page(new_page)
    sign_in_browser(council, base, world.council_worker)
    council.goto(f"{base}/staff/referrals/?box=incoming")
    council.get_by_role("link", name=reference).click()
    assert council.locator("#state").inner_text() == "Redirected"
    assert "We cannot offer short breaks" in council.locator("#history").inner_text()
    assert_accessible(council)
    council.get_by_role("button", name="Confirm: Accepted").click()
    assert council.locator("#state").inner_text() == "Accepted"
    form = council.locator("#action-complete")
    form.get_by_label("Outcome", exact=True).select_option(label="Support provided")
    form.get_by_label("Note on the outcome (optional)").fill("Two short breaks arranged.")
    form.get_by_role("button", name="Confirm: Completed").click()
    assert council.locator("#state").inner_text() == "Completed"
    assert_accessible(council)

    # axe needs JavaScript to run; the status page itself uses none.
    family = _page(new_page)
    family.goto(f"{base}/referral/")
    assert_accessible(family)
    family.get_by_label("Your reference").fill(reference.lower())
    family.get_by_label("Your secret").fill(secret)
    family.get_by_role("button", name="Check").click()
    assert "has finished their work" in family.locator("#status-text").inner_text()
    assert world.council.name in family.locator("#status-text").inner_text()
    assert_accessible(family)
    # A wrong secret is refused, and that page is accessible too.
    family.goto(f"{base}/referral/")
    family.get_by_label("Your reference").fill(reference)
    family.get_by_label("Your secret").fill("AAAA-BBBB-CCCC")
    family.get_by_role("button", name="Check").click()
    expect(family.get_by_text("could not find a referral")).to_be_visible()
    assert_accessible(family)
