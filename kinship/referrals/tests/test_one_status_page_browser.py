"""Issue 13, item 6 in a real browser: from the home page to the one status page, with a
referral reference, a wrong secret and then the right one. Axe on every page."""

import pytest
from playwright.sync_api import expect

from kinship.referrals import services
from kinship.testing.browser import assert_accessible

from .helpers import make_world

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_family_checks_a_referral_on_the_one_page(page, live_server):
    page.set_default_timeout(60_000)  # the shared test machine can be busy
    world = make_world()
    created = services.create_referral(
        services.NewReferral(
            household_id=world.household.pk,
            to_service_id=str(world.charity_service.pk),
            reason="r",
            asked_for="a",
            idempotency_key="one-page-browser",
        ),
        actor=world.adviser,
    )
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Check your progress").click()
    expect(page.get_by_role("heading", name="Check your progress")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Your reference").fill(created.referral.reference)
    page.get_by_label("Your secret").fill("AAAA-BBBB-CCCC")
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_text("We could not find anything")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Your secret").fill(created.secret)
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_text("Test Kin Charity has your referral")).to_be_visible()
    assert_accessible(page)
