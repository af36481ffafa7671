"""The issue's acceptance walk in a real browser: a platform administrator adds a charity in
Na h-Eileanan Siar and invites its administrator; she joins (password, then authenticator
app) and invites a worker, who joins too; a Stornoway grandmother asks for help; the adviser
links her enquiry to the family's record and refers from it to the council team, which
redirects it to the charity; the charity's new worker accepts; the family checks progress with
the enquiry's reference. Axe on every page."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from kinship.accounts.models import OrganisationKind, Role
from kinship.advice.models import Enquiry
from kinship.advice.tests.test_browser import tick
from kinship.referrals.tests.helpers import consent, make_household, make_world, service_for
from kinship.testing.auth import code_for_secret, sign_in_browser
from kinship.testing.browser import assert_accessible
from kinship.testing.factories import make_organisation, make_staff

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
WESTERN_ISLES = "S12000013"


def _page(new_page):
    page = new_page(True)
    page.set_default_timeout(60_000)  # the shared test machine can be busy
    return page


def _link_for(email: str) -> str:
    message = [m for m in mail.outbox if email in m.to][-1]
    return re.search(r"(/join/[^/\s]+/)", message.body).group(1)


def _join(page, base, email, password):
    """Accept the invitation: a password, then an authenticator app, then the staff pages."""
    page.goto(base + _link_for(email))
    assert_accessible(page)
    page.get_by_label("Choose a password").fill(password)
    page.get_by_label("Type the password again").fill(password)
    page.get_by_role("button", name="Set password and continue").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r"/2fa/totp/activate/"))
    assert_accessible(page)
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Authenticator code").fill(code_for_secret(secret))
    page.get_by_role("button", name="Activate").click()
    # allauth then shows the recovery codes, asking for the password again first.
    page.wait_for_url(re.compile(r"/accounts/(reauthenticate|2fa)/"))
    if "/reauthenticate/" in page.url:
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Confirm").click()
        page.wait_for_url(re.compile(r"/2fa/"))
    page.goto(f"{base}/staff/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")


def test_a_charity_joins_and_takes_a_redirected_referral(new_page, live_server):
    base = live_server.url
    world = make_world()
    isles = make_organisation(
        OrganisationKind.COUNCIL_KINSHIP_TEAM,
        council_code=WESTERN_ISLES,
        name="Comhairle nan Eilean Siar kinship team",
    )
    isles_worker = make_staff(Role.COUNCIL_WORKER, isles)
    isles_service = service_for(isles, "Kinship assessments (Western Isles)")
    household = make_household(world.adviser, WESTERN_ISLES)
    consent(household, isles, world.adviser)
    empty = make_organisation(
        OrganisationKind.THIRD_SECTOR,
        council_code=WESTERN_ISLES,
        name="Harris carers (not joined yet)",
    )
    empty_service = service_for(empty, "Harris kinship group")
    consent(household, empty, world.adviser)
    platform = make_staff(Role.PLATFORM_ADMIN)
    mail.outbox.clear()

    admin_page = _page(new_page)
    sign_in_browser(admin_page, base, platform)
    admin_page.goto(f"{base}/staff/organisations/new/")
    assert_accessible(admin_page)
    admin_page.get_by_label("Organisation's name").fill("Eilean Kin Support")
    admin_page.get_by_label("Kind of organisation").select_option(label="Third-sector organisation")
    admin_page.get_by_label("Council areas it covers").select_option(
        label="Na h-Eileanan Siar (Western Isles)"
    )
    admin_page.get_by_label("Its service in the directory (optional)").fill(
        "Island kinship family support"
    )
    admin_page.get_by_label("What the service offers").fill("Visits and a carers' group.")
    admin_page.locator("label[for=id_terms_0_0]").click()  # SGDS styles the label
    admin_page.get_by_label("First administrator's full name").fill("Mairi MacLeod")
    admin_page.get_by_label("First administrator's email").fill("mairi@eilean.example")
    admin_page.get_by_role("button", name="Add and invite its administrator").click()
    expect(admin_page.locator("#created")).to_be_visible()
    expect(admin_page.locator("#state")).to_have_text("Invited (no one has joined yet)")
    assert_accessible(admin_page)
    admin_page.goto(f"{base}/staff/organisations/")
    expect(admin_page.get_by_role("link", name="Eilean Kin Support")).to_be_visible()
    assert_accessible(admin_page)

    mairi = _page(new_page)
    _join(mairi, base, "mairi@eilean.example", "island-carers-2026")
    mairi.get_by_role("link", name="Our staff").first.click()
    assert_accessible(mairi)
    mairi.get_by_label("Full name").fill("Iain Morrison")
    mairi.get_by_label("Email", exact=True).fill("iain@eilean.example")
    mairi.get_by_label("Role").select_option(label="Partner worker")
    mairi.get_by_role("button", name="Send invitation").click()
    expect(mairi.locator("#sent")).to_be_visible()
    assert_accessible(mairi)

    iain = _page(new_page)
    _join(iain, base, "iain@eilean.example", "stornoway-visits-26")

    # The grandmother asks for help, without an account.
    family = _page(new_page)
    family.goto(f"{base}/ask/")
    family.get_by_label("What is happening?").fill("My grandson lives with me in Stornoway.")
    family.get_by_label("Postcode").fill("HS1 2BW")
    tick(family, family.get_by_label("Do not contact me"))
    family.get_by_role("button", name="Send my question").click()
    enquiry_reference = family.locator("#reference").inner_text()
    enquiry_secret = family.locator("#secret").inner_text()
    enquiry = Enquiry.objects.get(reference=enquiry_reference)

    # The adviser links the enquiry to the family's record and refers from it.
    adviser = _page(new_page)
    sign_in_browser(adviser, base, world.adviser)
    adviser.goto(f"{base}/staff/advice/{enquiry.pk}/")
    adviser.get_by_role("button", name="Claim").click()
    adviser.get_by_text("Link to a family we already know").click()
    link = adviser.locator("form[action$='/link/existing/']")
    link.get_by_label("Family number").fill(str(household.pk))
    tick(adviser, link.get_by_label("Said yes on the phone"))
    tick(adviser, link.get_by_label("The family agreed that we keep a record"))
    link.get_by_role("button", name="Link and refer").click()
    adviser.wait_for_url(re.compile(r"/staff/referrals/new/\?"))
    expect(adviser.get_by_label("Family", exact=True)).to_have_value(str(household.pk))
    assert_accessible(adviser)
    # First the adviser picks a team no one has joined yet: told before sending, with the
    # alternatives, and what was typed is kept.
    adviser.get_by_label("Service to refer to").select_option(
        label=f"{empty.name}: {empty_service.name} (no one to receive referrals yet)"
    )
    adviser.get_by_label("Why you are referring").fill("Gran in Stornoway needs support.")
    adviser.get_by_label("What you are asking them to do").fill("An assessment visit.")
    adviser.get_by_role("button", name="Send referral").click()
    expect(adviser.locator("#no-one-to-receive")).to_contain_text(isles.name)
    expect(adviser.get_by_label("What you are asking them to do")).to_have_value(
        "An assessment visit."
    )
    assert_accessible(adviser)
    adviser.get_by_label("Service to refer to").select_option(
        label=f"{isles.name}: {isles_service.name}"
    )
    adviser.get_by_role("button", name="Send referral").click()
    reference = adviser.locator("#reference").inner_text()
    secret = adviser.locator("#secret").inner_text()
    assert_accessible(adviser)

    council = _page(new_page)
    sign_in_browser(council, base, isles_worker)
    council.goto(f"{base}/staff/referrals/")
    council.get_by_role("link", name=reference).click()
    form = council.locator("#action-redirect")
    form.get_by_label("Service to pass it to").select_option(
        label="Eilean Kin Support: Island kinship family support"
    )
    form.get_by_label("Why it is better with them").fill("The charity visits on the island.")
    form.get_by_label("How the family agreed").select_option(label="Said yes on the phone")
    form.get_by_role("button", name="Confirm: Redirected").click()
    council.wait_for_url(f"{base}/staff/referrals/sent-on/")

    iain.goto(f"{base}/staff/referrals/")
    iain.get_by_role("link", name=reference).click()
    expect(iain.locator("#state")).to_have_text("Redirected")
    assert_accessible(iain)
    iain.get_by_role("button", name="Confirm: Accepted").click()
    expect(iain.locator("#state")).to_have_text("Accepted")

    # The family checks with the enquiry's reference and sees the referral's progress.
    family.goto(f"{base}/status/")
    family.get_by_label("Your reference").fill(enquiry_reference)
    family.get_by_label("Your secret").fill(enquiry_secret)
    family.get_by_role("button", name="Check").click()
    expect(family.locator(f"#referral-{reference}")).to_contain_text("Eilean Kin Support")
    assert_accessible(family)
    assert secret  # the referral's own secret was shown to the adviser once
    assert Enquiry.objects.get(pk=enquiry.pk).referrals.get().reference == reference
