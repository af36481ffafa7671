"""In a real browser: an analyst prepares a release, a second analyst approves it, and the
public page shows it with its disclosure note. Axe on every page."""

import pytest
from playwright.sync_api import expect

from kinship.accounts.models import Role
from kinship.insights import services
from kinship.insights.models import Release
from kinship.testing.auth import sign_in_browser
from kinship.testing.browser import assert_accessible
from kinship.testing.factories import make_staff

from .helpers import make_enquiries

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_prepare_approve_and_publish(page, live_server):
    make_enquiries(30, channel="phone", topics=["money"])
    make_enquiries(2, council="S12000033", channel="web", topics=["housing"])
    make_enquiries(25, council="S12000033", channel="phone", topics=["money"])
    first, second = make_staff(Role.ANALYST), make_staff(Role.ANALYST)

    sign_in_browser(page, live_server.url, first)
    page.goto(live_server.url + "/staff/insights/")
    assert_accessible(page)
    page.get_by_label("Month", exact=True).check()
    page.get_by_label("Year").fill("2026")
    page.get_by_label("Month (1 to 12)").fill("3")
    page.get_by_role("button", name="Prepare release").click()
    expect(page.get_by_text("Waiting to be built")).to_be_visible()
    release = Release.objects.get()
    services.build_release(release.pk)  # what the background worker does
    page.reload()
    expect(page.get_by_text("A second analyst must check and approve")).to_be_visible()
    expect(page.get_by_role("button", name="Approve and publish")).to_have_count(0)
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in_browser(page, live_server.url, second)
    page.goto(live_server.url + f"/staff/insights/{release.pk}/")
    page.get_by_role("button", name="Approve and publish").click()
    expect(page.get_by_text("Approved: the release is now public.")).to_be_visible()
    page.get_by_role("link", name="See the public page").click()

    expect(
        page.get_by_role("heading", name="Enquiries by how the family got in touch by council area")
    ).to_be_visible()
    expect(page.get_by_text("How these figures are protected").first).to_be_visible()
    expect(page.get_by_text("secondary suppression", exact=False).first).to_be_visible()
    expect(
        page.get_by_role("img", name="Bar chart: Enquiries by topic by council area, Scotland")
    ).to_be_visible()
    assert_accessible(page)
    page.goto(live_server.url + "/insights/")
    expect(page.get_by_role("link", name="March 2026")).to_be_visible()
    assert_accessible(page)
