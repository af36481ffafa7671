"""The acceptance story in a real browser: a carer asks for an assessment online (no
JavaScript); the council worker takes it from the queue, assesses two children with the three
voices, agrees support (a referral to a charity and a task) and issues the written record; the
carer downloads it with the reference (no JavaScript); the review comes due and is reminded.
Axe on every page (axe itself needs JavaScript, so it runs in a second page)."""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kinship.assessments import services
from kinship.testing.auth import sign_in_browser
from kinship.testing.browser import assert_accessible

from .helpers import make_world

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def _page(new_page, javascript=True):
    page = new_page(javascript)
    page.set_default_timeout(60_000)  # the shared machine can be slow
    return page


def _form(page, button):
    return page.locator("form", has=page.get_by_role("button", name=button))


def test_request_assess_issue_download_and_review(new_page, live_server):
    world = make_world()
    base = live_server.url

    # The carer, without JavaScript.
    carer = _page(new_page, javascript=False)
    carer.goto(f"{base}/assessment/")
    carer.get_by_text("I am a kinship carer").click()
    carer.get_by_label("What would you like help with?").fill(
        "We look after our two grandchildren and need support."
    )
    carer.get_by_label("The children in your family").fill("Callum 9, Isla 6")
    carer.get_by_label("Postcode").fill("G1 1AA")
    carer.get_by_label("Your name").fill("Morag Testcarer")
    carer.get_by_text("Phone call", exact=True).click()
    carer.get_by_label("Phone number").fill("0141 496 0000")
    carer.locator("label[for='id_safe_to_leave_message_0']").click()
    carer.get_by_role("button", name="Ask for an assessment").click()
    reference = carer.locator("#reference").inner_text()
    secret = carer.locator("#secret").inner_text()
    assert re.fullmatch(r"KA-\w{4}-\w{4}", reference)
    expect(carer.get_by_text("Test Glasgow Kinship Team")).to_be_visible()

    checker = _page(new_page)
    for path in ("/assessment/", "/assessment/record/"):
        checker.goto(f"{base}{path}")
        assert_accessible(checker)

    # The council worker, from the queue.
    worker = _page(new_page)
    sign_in_browser(worker, base, world.council_worker)
    worker.goto(f"{base}/staff/assessments/")
    assert_accessible(worker)
    worker.get_by_role("link", name=reference).click()
    assert_accessible(worker)
    worker.get_by_label("Child 1: full name").fill("Callum Testchild")
    worker.get_by_label("Child 1: date of birth").fill("2016-05-01")
    worker.get_by_label("Child 2: full name").fill("Isla Testchild")
    worker.get_by_label("Child 2: date of birth").fill("2019-09-09")
    worker.get_by_role("button", name="Start the assessment").click()
    expect(worker.locator("#state")).to_have_text("Being assessed")
    assert_accessible(worker)

    for name, words, carer_view in (
        ("Callum Testchild", "I feel safe with my gran", "He worries about his mum."),
        ("Isla Testchild", "I like my new room", "She is settled at nursery."),
    ):
        form = _form(worker, f"Save views for {name}")
        form.locator("textarea[name='answer_safe']").fill(words)
        form.get_by_label("The carer's view").fill(carer_view)
        form.get_by_label("Your view (practitioner)").fill(f"{name} is doing well.")
        form.get_by_role("button", name=f"Save views for {name}").click()
        expect(worker.get_by_text(f"Views saved for {name}.")).to_be_visible()

    wellbeing = _form(worker, "Save wellbeing")
    wellbeing.get_by_label("Safe: rating").first.select_option(label="3 - some needs")
    wellbeing.get_by_role("button", name="Save wellbeing").click()
    expect(worker.get_by_text("Wellbeing saved.")).to_be_visible()

    due = (date.today() + timedelta(days=14)).isoformat()
    task = _form(worker, "Add the task")
    task.get_by_label("Kind of support").select_option(
        label="Income maximisation and financial support"
    )
    task.get_by_label("What will be done").fill("Check benefits entitlement")
    task.get_by_label("Who will do it").fill("Ana Worker")
    task.get_by_label("By when").fill(due)
    task.get_by_role("button", name="Add the task").click()
    expect(worker.get_by_text("Task added.")).to_be_visible()

    referral = _form(worker, "Send the referral")
    referral.get_by_label("Kind of support").select_option(
        label="Peer and community support networks"
    )
    referral.get_by_label("What was agreed").fill("Carers' peer support group")
    referral.get_by_label("Service to refer to").select_option(
        label=f"{world.charity.name}: {world.charity_service.name}"
    )
    referral.get_by_label("How the family agreed to share with the service").select_option(
        label="Said yes in person"
    )
    referral.get_by_role("button", name="Send the referral").click()
    expect(worker.get_by_text("Referral sent and added to the agreed support.")).to_be_visible()
    expect(worker.locator("#actions")).to_contain_text("Test Kin Charity")
    expect(worker.locator("#actions")).to_contain_text("Ana Worker")

    review = (date.today() + timedelta(days=90)).isoformat()
    issue = _form(worker, "Issue the written record")
    issue.get_by_label("Review by").fill(review)
    issue.get_by_role("button", name="Issue the written record").click()
    expect(worker.locator("#state")).to_have_text("Written record given")
    expect(worker.locator("#versions")).to_contain_text("Version 1")
    assert_accessible(worker)

    # The carer downloads the written record with the reference and secret (no JavaScript).
    carer.goto(f"{base}/assessment/record/")
    carer.get_by_label("Your reference").fill(reference)
    carer.get_by_label("Your secret").fill(secret)
    carer.get_by_role("button", name="Continue").click()
    expect(carer.locator("#status")).to_have_text("Your assessment has started.")
    with carer.expect_download() as download:
        carer.get_by_role("button", name=re.compile("Download version 1")).click()
    content = Path(download.value.path()).read_bytes()
    assert content.startswith(b"%PDF")

    # The review comes due: the team is reminded, and the page says so.
    later = timezone.now() + timedelta(days=91)
    assert services.chase_overdue(later)["reviews_reminded"] == 1
    worker.reload()
    expect(worker.locator("#review-due")).to_contain_text("overdue: reminder sent")
    worker.goto(f"{base}/staff/assessments/?box=reviews")
    assert_accessible(worker)


def test_worker_assesses_and_issues_without_javascript(new_page, live_server):
    from .helpers import started

    world = make_world()
    assessment = started(world)
    base = live_server.url
    worker = _page(new_page, javascript=False)
    sign_in_browser(worker, base, world.council_worker)
    worker.goto(f"{base}/staff/assessments/{assessment.pk}/")
    form = _form(worker, "Save views for Isla Testchild")
    form.locator("textarea[name='answer_safe']").fill("Yes")
    form.locator("label[for$='_wish_declined']").click()  # SGDS styles the label
    form.get_by_role("button", name="Save views for Isla Testchild").click()
    expect(worker.get_by_text("Views saved for Isla Testchild.")).to_be_visible()
    expect(
        _form(worker, "Save views for Isla Testchild").locator("input[value='wish']")
    ).to_be_checked()
    task = _form(worker, "Add the task")
    task.get_by_label("What will be done").fill("Arrange a short break")
    task.get_by_label("Who will do it").fill("The carer")
    task.get_by_label("By when").fill((date.today() + timedelta(days=7)).isoformat())
    task.get_by_role("button", name="Add the task").click()
    expect(worker.locator("#actions")).to_contain_text("Arrange a short break")
    issue = _form(worker, "Issue the written record")
    issue.get_by_label("Review by").fill((date.today() + timedelta(days=60)).isoformat())
    issue.get_by_role("button", name="Issue the written record").click()
    expect(worker.locator("#versions")).to_contain_text("Version 1")
