"""A newcomer finds support in a real browser; every page passes axe; works without JS."""

import pytest
from playwright.sync_api import expect

from kinship.directory.services import publish_local_offer
from kinship.places.selectors import get_council
from kinship.testing.browser import assert_accessible

from .conftest import GLASGOW

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_newcomer_searches_filters_and_opens_a_service_and_local_offer(page, live_server,
                                                                       directory):
    publish_local_offer(council=get_council(GLASGOW), team=directory.team,
                        introduction="What Glasgow offers kinship families",
                        by_kind={"peer_community": "Carer groups across the city"},
                        change_note="First published")
    district = directory.glasgow_district.district
    page.goto(live_server.url + "/support/")
    assert_accessible(page)
    page.get_by_label("Postcode").fill(district)
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="services found").first).to_be_visible()
    assert_accessible(page)
    page.get_by_text("Change your search").click()
    page.get_by_label("Kind of help").select_option("peer_community")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("body")).to_contain_text("Grandparents coffee group")
    expect(page.locator("body")).not_to_contain_text("Benefits clinic")
    expect(page.get_by_role("button", name="Print this list")).to_be_visible()  # JS enhancement
    assert_accessible(page)
    page.get_by_role("link", name="Grandparents coffee group").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Grandparents coffee group")
    assert_accessible(page)
    page.go_back()
    page.get_by_role("link", name="local kinship offer").click()
    expect(page.locator("body")).to_contain_text("What Glasgow offers kinship families")
    assert_accessible(page)


def test_portree_grandmother_sees_the_national_line_first_and_no_other_councils_team(
        chromium, live_server, scotland):
    from playwright.sync_api import expect

    # A phone: the first result must be on the first screen.
    context = chromium.new_context(locale="en-GB", viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(live_server.url + "/support/?postcode=IV51+9EH")
        advice = page.get_by_role("complementary", name="National advice line")
        expect(advice).to_be_visible()
        results = page.locator(".ds_search-result")
        expect(results.first).to_be_visible()
        first = results.first.bounding_box()
        assert first["y"] < 844 - 60, first  # its title and why it is shown fit
        assert advice.bounding_box()["y"] < first["y"]  # the national line comes first
        expect(results.first).to_contain_text("Highland kinship team")
        expect(results.first).to_contain_text("Covers Highland")
        html = page.content()
        for other in ("Na h-Eileanan Siar kinship team", "Moray kinship team",
                      "Argyll and Bute kinship team", "Western Isles council youth club"):
            assert other not in html
        expect(page.get_by_role("heading", name="services found for Highland")).to_be_visible()
        assert results.count() == int(page.get_by_role(
            "heading", name="services found").inner_text().split()[0])
        assert_accessible(page)
        page.get_by_role("link", name="Show services in nearby councils too").click()
        expect(page.get_by_text("a nearby council").first).to_be_visible()
        expect(page.locator("body")).not_to_contain_text("Moray kinship team")
        assert_accessible(page)
    finally:
        context.close()


def test_bad_postcode_message_is_accessible(page, live_server, directory):
    page.goto(live_server.url + "/support/?postcode=NOPE")
    expect(page.locator("body")).to_contain_text("Enter a real postcode")
    assert_accessible(page)


def test_gaps_and_organisation_pages_are_accessible(page, live_server, directory):
    page.goto(live_server.url + "/support/gaps/")
    assert_accessible(page)
    page.goto(live_server.url + f"/support/organisation/{directory.orgs['charity'].pk}/")
    assert_accessible(page)


def test_search_works_without_javascript(page_nojs, live_server, directory):
    page_nojs.goto(live_server.url + "/support/")
    page_nojs.get_by_label("Or choose a council area").select_option(GLASGOW)
    page_nojs.get_by_label("Words to search for").fill("grandparents")
    page_nojs.get_by_role("button", name="Search").click()
    expect(page_nojs.locator("body")).to_contain_text("Grandparents coffee group")
    expect(page_nojs.get_by_role("button", name="Print this list")).not_to_be_visible()
    expect(page_nojs.get_by_role("link", name="Save this list")).to_be_visible()


def test_partner_keeps_its_own_entry_in_the_browser(page, live_server, directory):
    from kinship.accounts.models import Role
    from kinship.testing.auth import sign_in_browser
    from kinship.testing.factories import make_staff

    partner = make_staff(Role.PARTNER_WORKER, directory.charity)
    sign_in_browser(page, live_server.url, partner)
    page.goto(live_server.url + "/staff/directory/")
    expect(page.locator("body")).to_contain_text("Benefits clinic")
    assert_accessible(page)
    page.get_by_role("button", name="Mark as checked Benefits clinic").click()
    expect(page.locator("body")).to_contain_text("marked as checked today")
    page.get_by_role("link", name="Edit Benefits clinic").click()
    assert_accessible(page)
    page.get_by_label("Name of the service").fill("")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("body")).to_contain_text("There is a problem")
    assert_accessible(page)


def test_council_worker_publishes_the_local_offer(page, live_server, directory):
    from kinship.accounts.models import Role
    from kinship.testing.auth import sign_in_browser
    from kinship.testing.factories import make_staff

    worker = make_staff(Role.COUNCIL_WORKER, directory.team)
    sign_in_browser(page, live_server.url, worker)
    page.goto(live_server.url + "/staff/directory/")
    page.get_by_role("link", name="local offer").click()
    assert_accessible(page)
    page.get_by_label("Introduction").fill("Glasgow's offer to kinship families")
    page.get_by_label("What changed in this version").fill("First version")
    page.get_by_role("button", name="Publish new version").click()
    expect(page.locator("body")).to_contain_text("Glasgow's offer to kinship families")
    expect(page.locator("body")).to_contain_text("Version 1 published")


def test_an_aliss_entry_shows_its_attribution_and_is_accessible(page, live_server, directory):
    from pathlib import Path

    from playwright.sync_api import expect

    from kinship.directory.aliss import import_records, read_files
    from kinship.directory.models import Service

    import_records(read_files([Path(__file__).resolve().parent / "data" / "aliss"
                               / "service_detail.json"]))
    service = Service.objects.get(source="aliss")
    page.goto(f"{live_server.url}/support/service/{service.pk}/")
    expect(page.get_by_role("heading", name="Where this information comes from")).to_be_visible()
    expect(page.get_by_text("Contains contributions from ALISS users")).to_be_visible()
    assert_accessible(page)
