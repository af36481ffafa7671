"""In a real browser: a council worker fixes a bad upload and publishes; everyone compares;
a family checks what they should get. Axe on every page."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from kinship.accounts.models import OrganisationKind, Role
from kinship.allowances import demo
from kinship.allowances.calculations import Band
from kinship.allowances.models import RatePublication
from kinship.allowances.selectors import current_financial_year
from kinship.allowances.services import PublicationDetails, publish_rates
from kinship.allowances.uploads import COLUMNS, RateGroup
from kinship.places.models import Council
from kinship.testing.auth import sign_in_browser
from kinship.testing.browser import assert_accessible
from kinship.testing.factories import make_organisation, make_staff
from kinship.web.demo import DemoContext

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
GLASGOW = "S12000049"


def rates_csv(year: str, *, bad: bool) -> str:
    middle = "abc" if bad else "199.00"
    top_from = "17x" if bad else "16"
    return "\n".join([
        ",".join(COLUMNS),
        f"{year},kinship,weekly,0,4,172.00,",
        f"{year},kinship,weekly,5,10,{middle},",
        f"{year},kinship,weekly,11,15,199.00,",
        f"{year},kinship,weekly,{top_from},,275.00,",
        f"{year},kinship,birthday,,,120,Once a year",
    ]) + "\n"


def test_council_worker_fixes_two_bad_rows_previews_and_publishes(page, live_server, tmp_path):
    year = current_financial_year()
    team = make_organisation(OrganisationKind.COUNCIL_KINSHIP_TEAM, GLASGOW)
    user = make_staff(Role.COUNCIL_WORKER, team)
    sign_in_browser(page, live_server.url, user)

    page.goto(live_server.url + "/staff/allowances/")
    assert_accessible(page)
    page.get_by_role("link", name="Upload rates (CSV)").click()
    assert_accessible(page)

    upload = tmp_path / "rates.csv"
    upload.write_text(rates_csv(year, bad=True), encoding="utf-8")
    page.get_by_label("Upload a CSV file").set_input_files(str(upload))
    page.get_by_role("button", name="Check and preview").click()
    summary = page.locator(".ds_error-summary")
    assert "Row 3: amount_gbp “abc” is not an amount in pounds" in summary.inner_text()
    assert "Row 5: age_from “17x” must be a whole number" in summary.inner_text()
    expect(page.get_by_role("heading", name="Rows with problems")).to_be_visible()
    assert_accessible(page)

    # The uploaded rows are kept in the box: fix the two rows there.
    box = page.get_by_label("Or type or paste the rows")
    kept = box.input_value()
    assert f"{year},kinship,weekly,5,10,abc," in kept
    box.fill(kept.replace("5,10,abc,", "5,10,199.00,").replace(",17x,", ",16,"))
    page.get_by_label("Where the council publishes these rates").fill(
        "https://www.glasgow.example/kinship-allowances")
    page.get_by_role("button", name="Check and preview").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Check the rates before publishing"
    expect(page.get_by_text("will be version 1")).to_be_visible()
    assert_accessible(page)
    assert not RatePublication.objects.exists()

    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("status").filter(has_text="Published")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text(f"{year}, Kinship carers: version 1")
    assert_accessible(page)
    pub = RatePublication.objects.get()
    assert (pub.council_id, pub.version, pub.financial_year) == (GLASGOW, 1, year)
    assert pub.source_url == "https://www.glasgow.example/kinship-allowances"

    # Everyone sees it, compared with the SRA, on the public pages.
    page.goto(live_server.url + "/allowances/")
    row = page.locator(f'tr[data-council="{GLASGOW}"]')
    assert "£172.00" in row.inner_text() and "+£3.69" in row.inner_text()
    assert_accessible(page)
    chart = page.get_by_role("img", name="Bar chart: weekly allowance by council")
    expect(chart).to_be_visible()
    row.get_by_role("link", name="Glasgow City", exact=True).click()
    assert_accessible(page)
    assert "£172.00" in page.locator("main").inner_text()


def test_a_family_checks_what_they_should_get_without_javascript(page_nojs, page, live_server):
    team = make_organisation(OrganisationKind.COUNCIL_KINSHIP_TEAM, GLASGOW,
                             phone="0141 287 0000")
    user = make_staff(Role.COUNCIL_WORKER, team)
    from decimal import Decimal


    publish_rates(Council.objects.get(code=GLASGOW), [RateGroup(
        current_financial_year(), "kinship",
        [Band(0, 4, Decimal("170.00")), Band(5, None, Decimal("200.00"))], [])],
        PublicationDetails(), user=user)

    for p in (page_nojs, page):
        p.goto(live_server.url + "/allowances/what-should-i-get/")
        p.get_by_role("button", name="Check").click()  # nothing filled in: errors, kept form
        expect(p.locator(".ds_error-summary")).to_be_visible()
        p.get_by_label("Which council area do you live in?").select_option(GLASGOW)
        p.get_by_text("I have a kinship care order").click()
        p.get_by_label("Children's ages or dates of birth").fill("2, 7")
        p.get_by_role("button", name="Check").click()
        table = p.locator("#family-table").inner_text()
        assert "Child 1, aged 2" in table and "£170.00" in table and "£168.31" in table
        assert "Child 2, aged 7" in table and "£200.00" in table
        text = p.locator("main").inner_text()
        assert "0141 287 0000" in text and "08000 28 22 33" in text
        assert p.context.cookies() == []
    assert_accessible(page)


def test_every_public_allowance_page_is_accessible_with_demo_data(page, live_server):
    demo.generate(DemoContext(quiet=True))
    multi = (RatePublication.objects.filter(version__gt=1).select_related("council").first()
             or RatePublication.objects.select_related("council").first())
    for path in [
        "/allowances/",
        "/allowances/?year=2025-26&carer_type=foster&band=16%2B",
        "/allowances/?year=2099-00",  # errors shown
        f"/allowances/council/{multi.council.slug}/",
        "/allowances/what-should-i-get/",
        "/allowances/what-should-i-get/?council=&children=%3Cscript%3E",  # errors shown
        f"/allowances/what-should-i-get/?council={multi.council_id}&arrangement=informal"
        "&children=1%2C+10%2F09%2F2015%2C+17",
        "/gd/allowances/",
    ]:
        page.goto(live_server.url + path)
        assert_accessible(page)
    page.goto(live_server.url + "/allowances/")
    expect(page.get_by_text("Demonstration figures").first).to_be_visible()
    # The chart's text alternative says what it shows and points to the table.
    chart = page.get_by_role("img", name="Bar chart: weekly allowance by council")
    assert "The table below has every figure" in chart.locator("desc").text_content()


def test_a_coordinator_enters_rates_in_the_form_fixes_one_and_publishes(page, live_server):
    team = make_organisation(OrganisationKind.COUNCIL_KINSHIP_TEAM, GLASGOW)
    user = make_staff(Role.KINSHIP_COORDINATOR, team)
    sign_in_browser(page, live_server.url, user)
    page.goto(live_server.url + "/staff/allowances/")
    page.get_by_role("link", name="Enter rates").click()
    assert_accessible(page)
    band = {n: page.get_by_role("group", name=f"Age band {n}") for n in range(1, 5)}
    for n, amount in [(1, "168.31"), (2, "19x.81"), (3, "195.81"), (4, "280.00")]:
        band[n].get_by_label("Weekly amount (£)").fill(amount)
    page.get_by_role("button", name="Check and preview").click()
    summary = page.locator(".ds_error-summary").inner_text()
    assert "Age band 2: amount “19x.81” is not an amount in pounds" in summary
    assert_accessible(page)
    # Everything typed is still there; fix the one box.
    assert band[4].get_by_label("Weekly amount (£)").input_value() == "280.00"
    band[2].get_by_label("Weekly amount (£)").fill("195.81")
    page.get_by_role("button", name="Check and preview").click()
    expect(page.get_by_text("will be version 1")).to_be_visible()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("status").filter(has_text="Published")).to_be_visible()
    pub = RatePublication.objects.get()
    assert pub.bands.get(age_from=16).weekly_amount == Decimal("280.00")
