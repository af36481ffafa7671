"""The acceptance story in a real browser: a co-ordinator's caseload shows a family whose
agreed housing action has no partner as "missing"; she refers it to the housing service from
there and it becomes "asked", then "engaged" when the service accepts; a child turning 16
within 30 days appears with the right prompt. Axe on each page."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from kinship.families.models import Child, LegalArrangement
from kinship.referrals.services import transition
from kinship.testing.browser import assert_accessible

from .helpers import make_case

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def _signed_in(new_page, base, user):
    """A page signed in as `user` with a session made by force_login (no 30 s TOTP wait)."""
    client = Client()
    client.force_login(user)
    page = new_page(True)
    page.set_default_timeout(60_000)  # the shared machine can be slow
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


def test_missing_asked_engaged_and_sixteenth_birthday(new_page, live_server):
    today = date.today()
    born = today.replace(year=today.year - 16) + timedelta(days=20)
    case = make_case(children=(("Callum Testchild", born),))
    Child.objects.filter(household=case.household).update(
        legal_arrangement=LegalArrangement.LOOKED_AFTER_KINSHIP,
        named_person="Mrs Head (Test Primary)",
    )
    base = live_server.url
    page = _signed_in(new_page, base, case.coordinator)
    page.goto(f"{base}/staff/caseload/")
    row = page.locator(f"#family-{case.household.pk}")
    expect(row.locator('[data-partner="housing"]')).to_have_text("Missing")
    expect(row.get_by_text("Mrs Head (Test Primary)")).to_be_visible()
    assert_accessible(page)

    row.get_by_role("link", name="Morag Testcarer").click()
    expect(page.locator('#dates tr[data-rule="sixteen_looked_after"]')).to_contain_text(
        "continuing care"
    )
    assert_accessible(page)
    form = page.locator(f"#action-{case.action.pk} form")
    form.get_by_label("Service to refer to").select_option(str(case.housing_service.pk))
    form.get_by_label("How the family agreed to share with the service").select_option(
        "verbal_phone"
    )
    form.get_by_role("button", name="Refer").click()
    expect(page.locator("#partner-housing [data-state]")).to_contain_text("Asked")

    case.action.refresh_from_db()
    referral = case.action.referral
    transition(referral.pk, "accept", case.housing_worker, referral.version)
    page.goto(f"{base}/staff/caseload/")
    expect(
        page.locator(f"#family-{case.household.pk}").locator('[data-partner="housing"]')
    ).to_have_text("Engaged")


def test_family_moves_and_is_referred_to_the_new_council(new_page, live_server):
    """The co-ordinator records that the family moved to Edinburgh: responsibility is worked
    out again and the family is referred to Edinburgh's kinship team; once the team accepts,
    the caseload shows the family as handed over."""
    from kinship.caseload.models import HandOver
    from kinship.referrals.tests.helpers import service_for

    case = make_case()
    Child.objects.filter(household=case.household).update(
        legal_arrangement=LegalArrangement.LOOKED_AFTER_KINSHIP, placing_council_id="S12000049"
    )
    service_for(case.world.other_council, "Edinburgh kinship support")
    base = live_server.url
    page = _signed_in(new_page, base, case.coordinator)
    page.goto(f"{base}/staff/caseload/family/{case.household.pk}/")
    expect(page.locator("#responsible-council")).to_be_visible()
    assert_accessible(page)

    form = page.locator("form", has=page.get_by_role("button", name="Record the move"))
    form.get_by_label("The council the family has moved to").select_option("S12000036")
    form.get_by_label("Date they moved").fill(date.today().isoformat())
    form.get_by_label("How the family agreed to share with the new council").select_option(
        "verbal_phone"
    )
    form.get_by_role("button", name="Record the move").click()
    expect(page.locator("#hand-over")).to_contain_text("Referred to the new council")
    expect(page.locator("#hand-over")).to_contain_text("City of Edinburgh")
    # Looked after, placed by Glasgow: Glasgow keeps the case, Edinburgh gives local support.
    child = case.household.children.first()
    table = page.locator(f"#responsibility-{child.pk}")
    expect(table.locator('tr[data-kind="case"]')).to_contain_text("Glasgow City")
    expect(table.locator('tr[data-kind="local_support"]')).to_contain_text("City of Edinburgh")
    expect(page.locator(".kh-council-warning").first).to_be_visible()
    assert_accessible(page)

    referral = HandOver.objects.get(household=case.household).referral
    assert referral.to_organisation == case.world.other_council
    transition(referral.pk, "accept", case.world.other_council_worker, referral.version)
    page.goto(f"{base}/staff/caseload/")
    expect(page.locator(f"#family-{case.household.pk}")).to_contain_text(
        "Handed over to the new council"
    )


def test_family_page_reflows_at_320_px(new_page, live_server):
    """WCAG 1.4.10 on a staff page: the wide tables (partners, dates, responsible council)
    scroll in their own regions; the page itself never scrolls sideways at 320 px."""
    case = make_case()
    base = live_server.url
    page = _signed_in(new_page, base, case.coordinator)
    page.set_viewport_size({"width": 320, "height": 800})
    for path in (
        f"/staff/caseload/family/{case.household.pk}/",
        f"/staff/families/{case.household.pk}/",
    ):
        page.goto(base + path)
        expect(page.locator(".kh-table-wrap").first).to_be_attached()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, (path, width)
