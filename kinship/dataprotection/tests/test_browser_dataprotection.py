"""In a real browser: the public retention page (JavaScript on, axe-clean; and off) and the
administrator's data protection pages (signed in with the test client's session)."""

from datetime import date

import pytest
from django.conf import settings
from playwright.sync_api import expect

from kinship.accounts.models import Role
from kinship.dataprotection import services
from kinship.referrals.tests.helpers import make_world
from kinship.testing.browser import assert_accessible
from kinship.testing.factories import make_staff

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_public_schedule_and_staff_pages(page, page_nojs, live_server, client):
    base = live_server.url
    page.goto(base + "/data-protection/")
    expect(
        page.get_by_role("heading", name="How long we keep records about families")
    ).to_be_visible()
    assert_accessible(page)
    page_nojs.goto(base + "/data-protection/")
    expect(page_nojs.locator("#rule-family_record_looked_after")).to_be_visible()

    world = make_world()
    admin = make_staff(Role.ORG_ADMIN, world.advice)
    services.place_hold(
        world.household, actor=admin, reason="Complaint 7", ends_on=date(2099, 1, 1)
    )
    client.force_login(admin)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base,
            }
        ]
    )
    for path in [
        "/staff/dataprotection/",
        "/staff/dataprotection/schedule/",
        f"/staff/dataprotection/family/{world.household.pk}/",
    ]:
        page.goto(base + path)
        expect(page.locator("main")).to_be_visible()
        assert_accessible(page)
    page.goto(base + "/staff/dataprotection/")
    expect(page.get_by_text("Complaint 7")).to_be_visible()
