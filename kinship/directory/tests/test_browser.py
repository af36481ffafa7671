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
    page.get_by_label("Kind of help").select_option("peer_community")
    page.get_by_role("button", name="Search").click()
    assert "Grandparents coffee group" in page.content()
    assert "Benefits clinic" not in page.content()
    expect(page.get_by_role("button", name="Print this list")).to_be_visible()  # JS enhancement
    assert_accessible(page)
    page.get_by_role("link", name="Grandparents coffee group").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Grandparents coffee group"
    assert_accessible(page)
    page.go_back()
    page.get_by_role("link", name="local kinship offer").click()
    assert "What Glasgow offers kinship families" in page.content()
    assert_accessible(page)


def test_bad_postcode_message_is_accessible(page, live_server, directory):
    page.goto(live_server.url + "/support/?postcode=NOPE")
    assert "Enter a real postcode" in page.content()
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
    assert "Grandparents coffee group" in page_nojs.content()
    expect(page_nojs.get_by_role("button", name="Print this list")).not_to_be_visible()
    expect(page_nojs.get_by_role("link", name="Save this list")).to_be_visible()


def test_partner_keeps_its_own_entry_in_the_browser(page, live_server, directory):
    from kinship.accounts.models import Role
    from kinship.testing.auth import sign_in_browser
    from kinship.testing.factories import make_staff

    partner = make_staff(Role.PARTNER_WORKER, directory.charity)
    sign_in_browser(page, live_server.url, partner)
    page.goto(live_server.url + "/staff/directory/")
    assert "Benefits clinic" in page.content()
    assert_accessible(page)
    page.get_by_role("button", name="Mark as checked Benefits clinic").click()
    assert "marked as checked today" in page.content()
    page.get_by_role("link", name="Edit Benefits clinic").click()
    assert_accessible(page)
    page.get_by_label("Name of the service").fill("")
    page.get_by_role("button", name="Save").click()
    assert "There is a problem" in page.content()
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
    assert "Glasgow's offer to kinship families" in page.content()
    assert "Version 1 published" in page.content()
