"""The hub in a real browser: a family asks and comes back; an adviser works the enquiry
through to closing; two advisers claim at once. Axe checks every page."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from kinship.accounts.models import OrganisationKind
from kinship.advice.models import Enquiry, State
from kinship.advice.services import publish_article_version
from kinship.testing.auth import sign_in_browser
from kinship.testing.browser import assert_accessible
from kinship.testing.factories import make_organisation, make_staff

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture
def advice_org(transactional_db):
    return make_organisation(OrganisationKind.NATIONAL_ADVICE)


def tick(page, locator):
    """Design-system checkboxes and radios are covered by their styled label: click that."""
    page.locator(f"label[for='{locator.get_attribute('id')}']").click()
    assert locator.is_checked()


def send_question(page, base):
    page.goto(base + "/ask/")
    assert_accessible(page)
    page.get_by_role("button", name="Send my question").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)  # with errors shown
    page.get_by_label("What is happening?").fill(
        "My grandson has lived with me since the summer. Can I get an allowance?")
    tick(page, page.get_by_label("Allowances, benefits and money"))
    page.get_by_label("Postcode").fill("PA2 6AA")
    page.get_by_role("button", name="Find my council area").click()
    expect(page.get_by_text("We think you live in")).to_be_visible()
    assert_accessible(page)
    assert page.get_by_label("What is happening?").input_value().startswith("My grandson")
    page.get_by_label("What should we call you?").fill("Jean")
    tick(page, page.get_by_label("Email", exact=True))
    page.get_by_label("Email address").fill("not an email")
    page.get_by_role("button", name="Send my question").click()
    expect(page.get_by_text("Enter an email address like").first).to_be_visible()
    assert page.get_by_label("What should we call you?").input_value() == "Jean"
    page.get_by_label("Email address").fill("jean@example.com")
    tick(page, page.locator("#id_safe_to_leave_message_0"))
    page.get_by_role("button", name="Send my question").click()
    expect(page.get_by_role("heading", name="Question sent")).to_be_visible()
    assert_accessible(page)
    return page.locator("#reference").inner_text(), page.locator("#secret").inner_text()


def test_family_sends_an_enquiry_and_comes_back_with_the_reference(page, live_server,
                                                                   advice_org):
    reference, secret = send_question(page, live_server.url)
    assert re.fullmatch(r"KH-[2-9A-Z]{4}-[2-9A-Z]{4}", reference)
    enquiry = Enquiry.objects.get(reference=reference)
    assert enquiry.council.name == "Renfrewshire"
    page.goto(live_server.url + "/ask/status/")
    assert_accessible(page)
    page.get_by_label("Your reference").fill(reference)
    page.get_by_label("Your secret").fill("WRONG-WRONG-WRONG")
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_text("We could not find an enquiry")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Your secret").fill(secret)
    page.get_by_role("button", name="Check").click()
    assert page.locator("#status-text").inner_text().startswith("We have your question")
    assert_accessible(page)


def test_public_pages_work_without_javascript(page_nojs, live_server, advice_org):
    page = page_nojs
    page.goto(live_server.url + "/ask/")
    page.get_by_label("What is happening?").fill("A question without JavaScript")
    tick(page, page.get_by_label("Do not contact me"))
    page.get_by_role("button", name="Send my question").click()
    expect(page.get_by_role("heading", name="Question sent")).to_be_visible()


def test_guidance_pages_are_accessible(page, live_server, advice_org):
    from kinship.advice.models import Article

    article = Article.objects.create(slug="kinship-care-orders", is_public=True,
                                     owner=advice_org)
    publish_article_version(
        article, title="Kinship care orders", summary="What a kinship care order is.",
        body="A kinship care order is a label for some existing court orders.",
        sources="Children and Young People (Scotland) Act 2014, s.72 | "
                "https://legislation.gov.uk/asp/2014/8/part/13/data.html",
        review_by=timezone.localdate() + timedelta(days=180))
    page.goto(live_server.url + "/ask/guidance/")
    assert_accessible(page)
    page.get_by_role("link", name="Kinship care orders").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Kinship care orders"
    assert_accessible(page)


def test_adviser_works_an_enquiry_from_claim_to_close(page, live_server, advice_org):
    adviser = make_staff("adviser", advice_org)
    reference, _secret = send_question(page, live_server.url)
    page.context.clear_cookies()
    sign_in_browser(page, live_server.url, adviser)
    page.goto(live_server.url + "/staff/advice/")
    assert_accessible(page)
    page.get_by_role("link", name=reference).click()
    assert_accessible(page)
    page.get_by_role("button", name="Claim").click()
    expect(page.get_by_text("You hold this enquiry now.")).to_be_visible()
    assert_accessible(page)

    page.get_by_text("Open a new family record").click()
    page.get_by_label("Carer's full name").fill("Jean Paterson")
    page.get_by_label("Child's name").fill("Callum")
    page.get_by_label("Child's legal arrangement").select_option("informal")
    tick(page, page.locator("#id_new_consent_method_0"))
    page.get_by_role("button", name="Open record and link").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()  # consent box not ticked
    assert_accessible(page)
    assert page.get_by_label("Child's name").input_value() == "Callum"
    tick(page, page.get_by_label("The family agreed that we keep a record").first)
    page.get_by_role("button", name="Open record and link").click()
    expect(page.get_by_text("New family record opened")).to_be_visible()

    page.locator("#id_advice_body").fill("Explained how to ask the council about support.")
    page.get_by_role("button", name="Save advice").click()
    expect(page.get_by_text("Advice recorded.")).to_be_visible()

    due = timezone.localtime(timezone.now() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    page.get_by_label("Call back at").fill(due)
    page.get_by_role("button", name="Schedule callback").click()
    expect(page.get_by_text("Callback scheduled")).to_be_visible()
    assert_accessible(page)

    tick(page, page.locator("#id_close_outcome_0"))
    page.get_by_role("button", name="Close enquiry").click()
    expect(page.get_by_text("Enquiry closed.")).to_be_visible()
    assert_accessible(page)
    enquiry = Enquiry.objects.get(reference=reference)
    assert enquiry.state == State.CLOSED and enquiry.outcome == "advice_given"
    assert enquiry.household.consents.filter(scope="record_keeping").exists()
    assert enquiry.notes.count() == 1 and enquiry.callbacks.count() == 1

    page.get_by_role("link", name=f"Family {enquiry.household_id}").click()
    expect(page.get_by_role("heading", name="Jean Paterson")).to_be_visible()
    assert_accessible(page)
    page.goto(live_server.url + "/staff/families/")
    assert_accessible(page)
    page.goto(live_server.url + "/staff/advice/log-call/")
    assert_accessible(page)
    page.get_by_label("Summary of the call").fill("Quick call about school")
    page.get_by_role("button", name="Save enquiry").click()
    expect(page.get_by_text("Enter a phone number, or choose another way").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Phone number").fill("0141 496 0000")
    page.get_by_role("button", name="Save enquiry").click()
    expect(page.get_by_text("logged").first).to_be_visible()


def test_two_advisers_claim_at_once_exactly_one_wins(new_page, live_server, advice_org):
    from kinship.advice.tests.test_console import make_enquiry

    enquiry = make_enquiry(advice_org)
    advisers = [make_staff("adviser", advice_org) for _ in range(2)]
    pages = [new_page(), new_page()]
    for p, user in zip(pages, advisers, strict=True):
        sign_in_browser(p, live_server.url, user)
        p.goto(f"{live_server.url}/staff/advice/{enquiry.pk}/")
        expect(p.get_by_role("button", name="Claim")).to_be_visible()
    for p in pages:  # both saw it free; both press Claim
        p.get_by_role("button", name="Claim").click(no_wait_after=True)
    for p in pages:
        p.locator(".ds_notification-panel").wait_for(timeout=30_000)  # slow shared machines
    holder = Enquiry.objects.get(pk=enquiry.pk).holder
    assert holder in advisers
    texts = [p.locator("main").inner_text() for p in pages]
    assert sum("You hold this enquiry now." in t for t in texts) == 1
    assert sum(f"{holder.full_name} already holds this enquiry" in t for t in texts) == 1
    for p in pages:
        assert_accessible(p)


def test_answers_are_kept_when_going_back_to_the_form(page, live_server, advice_org):
    page.goto(live_server.url + "/ask/")
    page.get_by_label("What is happening?").fill("Half-written question")
    page.get_by_label("What should we call you?").fill("Jean")
    page.get_by_role("link", name="Read our guidance").click()
    page.wait_for_url("**/ask/guidance/")
    page.go_back()
    assert page.get_by_label("What is happening?").input_value() == "Half-written question"
    assert page.get_by_label("What should we call you?").input_value() == "Jean"
