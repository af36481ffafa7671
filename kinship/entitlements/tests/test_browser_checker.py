"""The checker in a real browser, with JavaScript on and off: the journey reaches the results,
the comparison and the PDF download work, and (with JavaScript on, which axe needs to run)
every page passes axe."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from kinship.testing.browser import assert_accessible

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def _skip_axe(page):
    """axe runs as a script in the page, so it cannot run with JavaScript off; the same pages
    are checked in the JavaScript-on journey."""


def _continue(page):
    page.get_by_role("button", name="Continue").click()


def _answer_radio(page, label, check):
    check(page)
    page.get_by_label(label, exact=True).check(force=True)
    _continue(page)


def _whole_journey(page, base, check):
    page.goto(base + "/check/")
    check(page)
    page.get_by_role("link", name="Start now").click()

    check(page)
    page.get_by_label("Number of children").fill("0")
    _continue(page)
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check(page)  # the error summary and the field in error
    page.get_by_label("Number of children").fill("1")
    _continue(page)

    _answer_radio(page, "Grandparent", check)  # asked early: a parent is told plainly
    assert page.get_by_role("heading", level=1).inner_text() == "How old is the child?"
    check(page)
    page.get_by_label("Their first name or a nickname").fill("Amy")
    page.get_by_label("Age in years").fill("9")
    _continue(page)

    assert "Amy" in page.get_by_role("heading", level=1).inner_text()
    _answer_radio(page, "A family arrangement, with no court order", check)
    check(page)
    page.get_by_label("Or choose your council area").select_option(label="Orkney Islands")
    _continue(page)
    _answer_radio(page, "Yes", check)  # Universal Credit
    check(page)
    page.get_by_role("link", name="Back").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Do you get Universal Credit?"
    _continue(page)  # the answer is kept, so Continue moves on
    _answer_radio(page, "No change is planned", check)
    _answer_radio(page, "Yes", check)  # ever looked after: the eighth question

    # The first answer, straight after the eighth question.
    assert page.get_by_role("heading", level=1).inner_text() == "What you can get"
    check(page)
    expect(page.get_by_text("08000 28 22 33").first).to_be_visible()
    page.get_by_role("link", name="Make this answer more exact").click()
    for _ in range(6):  # the optional questions (which ones depends on today's date)
        if "/check/results/" in page.url:
            break
        check(page)
        page.locator("input[type=radio]").first.check(force=True)
        _continue(page)

    assert page.get_by_role("heading", level=1).inner_text() == "What you can get"
    page.get_by_role("link", name="Change your answers").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Check your answers"
    check(page)
    expect(page.get_by_text("Orkney Islands")).to_be_visible()
    page.get_by_role("link", name="Change age (Amy)").click()
    check(page)
    page.get_by_label("Age in years").fill("10")
    _continue(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Check your answers"
    expect(page.get_by_text("Called Amy, aged 10")).to_be_visible()
    page.get_by_role("link", name="See what you can get").click()

    assert page.get_by_role("heading", level=1).inner_text() == "What you can get"
    check(page)
    page.get_by_text("You can get (").first.click()  # open the collapsed group
    expect(page.get_by_role("heading", name="Child Benefit").first).to_be_visible()
    assert page.get_by_role("link", name="Allowances Orkney Islands pays kinship carers")\
        .get_attribute("href") == "/allowances/council/orkney-islands/"

    page.get_by_role("link", name="Compare with the proposed Scottish Offer").click()
    check(page)
    expect(page.get_by_role("heading", name="With the proposed Scottish Offer")).to_be_visible()
    page.get_by_text("Not law yet: proposed").first.click()  # open the collapsed group
    expect(page.get_by_text(
        "Proposed in a Scottish Government consultation on 22 December 2025: not law"
    ).first).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download as PDF").click()
    content = Path(download.value.path()).read_bytes()
    assert content.startswith(b"%PDF")


def test_whole_journey_with_javascript(page, live_server):
    _whole_journey(page, live_server.url, assert_accessible)


def test_whole_journey_without_javascript(page_nojs, live_server):
    _whole_journey(page_nojs, live_server.url, _skip_axe)


def test_young_person_version_is_accessible(page, live_server):
    page.goto(live_server.url + "/check/young-person/")
    assert_accessible(page)
    page.get_by_role("button", name="Show my rights").click()
    # Wait for the page with the errors before typing into it (it replaces the first one).
    expect(page.locator(".ds_error-summary")).to_be_visible()
    assert_accessible(page)  # with errors
    page.get_by_label("How old are you?").fill("19")
    for radio in ("looked_after_0", "still_1", "continuing_care_1"):
        # Design-system radios are covered by their styled label: click that.
        page.locator(f"label[for=id_{radio}]").click()
        expect(page.locator(f"#id_{radio}")).to_be_checked()
    page.get_by_label("If it ended: how old were you when it ended?").fill("17")
    page.get_by_role("button", name="Show my rights").click()
    expect(page.get_by_role("heading", name="Your rights", exact=True)).to_be_visible()
    assert_accessible(page)


def test_estimate_pages_work_and_are_accessible(page, live_server, monkeypatch):
    from django.core.cache import cache
    from django.core.management import call_command

    from .test_estimate import _fake_compute

    monkeypatch.setattr("kinship.entitlements.tasks.compute", _fake_compute)
    cache.clear()
    page.goto(live_server.url + "/check/children/")
    page.get_by_label("Number of children").fill("1")
    _continue(page)
    page.goto(live_server.url + "/check/results/")
    page.get_by_role("button", name="Estimate our benefits too").click()
    expect(page.get_by_role("heading", name="How old are you?")).to_be_visible()
    page.get_by_label("Your age in years").fill("62")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Working it out.")).to_be_visible()
    progress_url = page.url
    call_command("db_worker", batch=True, verbosity=0)
    page.goto(progress_url)
    expect(page.get_by_role("cell", name="£10.00").first).to_be_visible()
    assert_accessible(page)


PHONE = {"width": 390, "height": 844}


def _first_answer(page, base, arrangement_label):
    page.goto(base + "/check/children/")
    asked = 0
    while "/check/results/" not in page.url:
        heading = page.get_by_role("heading", level=1).inner_text()
        if heading.startswith("How many children"):
            page.get_by_label("Number of children").fill("2")
        elif heading.startswith("How old"):
            page.get_by_label("Age in years").fill("7")
        elif heading.startswith("How are you related"):
            page.get_by_label("Grandparent", exact=True).check(force=True)
        elif heading.startswith("How did"):
            page.get_by_label(arrangement_label, exact=True).check(force=True)
        elif heading.startswith("Where do you live"):
            page.get_by_label("Or choose your council area").select_option(label="Highland")
        else:
            page.locator("input[type=radio]").last.check(force=True)  # "not sure"
        _continue(page)
        asked += 1
        assert asked <= 8, f"more than 8 questions before the first answer ({heading})"
    return asked


ARRANGEMENT_LABELS = [
    "A family arrangement, with no court order",
    "Looked after by the council and placed with me",
    "I have a kinship care order (section 11)",
    "Another section 11 court order",
    "A parent appointed me as guardian (section 7)",
    "A permanence order",
    "I have adopted them",
    "They have just arrived and nothing is decided yet",
    "I'm not sure",
]


@pytest.mark.parametrize("label", ARRANGEMENT_LABELS)
def test_first_answer_within_eight_questions_for_each_arrangement(new_page, live_server, label):
    page = new_page(javascript=False)
    page.set_viewport_size(PHONE)
    assert _first_answer(page, live_server.url, label) <= 8


@pytest.mark.parametrize("javascript", [True, False])
def test_the_summary_is_on_the_first_phone_screen(new_page, live_server, javascript):
    page = new_page(javascript=javascript)
    page.set_viewport_size(PHONE)
    _first_answer(page, live_server.url, "Looked after by the council and placed with me")
    money = page.get_by_role("heading", name="Money you may be able to get")
    expect(money).to_be_visible()
    assert money.bounding_box()["y"] < PHONE["height"]
    advice = page.locator(".kh-summary").get_by_text("08000 28 22 33", exact=True)
    box = advice.bounding_box()
    print(f"phone: money heading at {money.bounding_box()['y']:.0f}px, advice line ends at "
          f"{box['y'] + box['height']:.0f}px (screen {PHONE['height']}px)")
    assert box["y"] + box["height"] <= PHONE["height"]
    if javascript:
        assert_accessible(page)
