"""In a real browser: a young person leaves feedback (JavaScript off); an analyst moderates
it, accepts the suggested theme and links it to a commitment (JavaScript on); the public
commitment page shows its computed indicator and the theme's controlled count. Axe on every
page, with JavaScript on and off."""

import re

import pytest
from playwright.sync_api import expect

from kinship.accounts.models import OrganisationKind, Role
from kinship.delivery import services
from kinship.delivery.models import Audience, Commitment, Response, Theme
from kinship.directory.services import publish_local_offer
from kinship.places.models import Council
from kinship.testing.auth import sign_in_browser
from kinship.testing.browser import assert_accessible
from kinship.testing.factories import make_organisation, make_staff

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_young_person_to_analyst_to_public_tracker(page, page_nojs, live_server):
    for council in Council.objects.order_by("code")[:2]:
        publish_local_offer(council=council, introduction="Our offer", by_kind={})
    services.compute_all()
    base = live_server.url

    # A young person, JavaScript off.
    for path in ["/have-your-say/", "/have-your-say/young-people/"]:
        page.goto(base + path)
        assert_accessible(page)
    young = page_nojs
    young.goto(base + "/have-your-say/")
    young.get_by_role("link", name="I am a young person").click()
    expect(
        young.get_by_role("heading", name="Your say: what helps and what doesn't")
    ).to_be_visible()
    young.get_by_label("What do you want to talk about?").select_option(
        label="Being treated fairly, money, and support as I grow up"
    )
    young.get_by_label("What is not good? What would make things better?").fill(
        "My gran needs more money for school trips and clothes"
    )
    young.get_by_role("button", name="Send my message").click()
    expect(young.get_by_role("heading", name="We got your message")).to_be_visible()
    page.goto(base + "/have-your-say/thank-you/young-people/")
    assert_accessible(page)
    response = Response.objects.get()
    assert response.audience == Audience.YOUNG_PERSON and response.area.slug == "care"

    # An analyst, JavaScript on.
    analyst = make_staff(Role.ANALYST, make_organisation(OrganisationKind.SCOTTISH_GOVERNMENT))
    sign_in_browser(page, base, analyst)
    page.goto(base + "/staff/delivery/responses/")
    assert_accessible(page)
    page.get_by_role("link", name=f"Moderate response {response.pk}").click()
    expect(page.get_by_text("My gran needs more money")).to_be_visible()
    assert_accessible(page)
    page.get_by_text("Approve: use in the analysis").click()  # the DS label covers the radio
    page.get_by_role("button", name="Save decision").click()
    page.get_by_role("button", name="Suggest themes for approved responses").click()
    card = page.locator(".kh-suggestion")
    expect(card).to_be_visible()
    assert_accessible(page)
    label = card.locator("strong").inner_text()
    card.get_by_role("button", name="Accept", exact=True).click()
    expect(page.locator("#agreement")).to_contain_text("100.0% accepted as suggested")
    page.get_by_role("link", name=f"Link “{label}” to a commitment").click()
    assert_accessible(page)
    care3 = Commitment.objects.get(slug="care-3")
    page.get_by_label("Commitment this theme is about").select_option(
        label=f"{care3.label}: {care3.headline}"
    )
    page.get_by_label("What we did (you said, we did)").fill(
        "Councils are publishing their local offers, with costs of school trips"
    )
    page.get_by_role("button", name="Save theme").click()
    expect(page.get_by_role("heading", name="Themes", exact=True)).to_be_visible()
    theme = Theme.objects.get(name=label)
    assert theme.commitment.slug == "care-3"

    # The public page, JavaScript on and off.
    for viewer in (page, page_nojs):
        viewer.goto(base + "/delivery/commitment/care-3/")
        indicator = viewer.locator('[data-indicator="councils-with-local-offer"]')
        expect(indicator.locator('[data-col="latest"]')).to_contain_text("2 out of 32")
        expect(indicator).to_contain_text("Last computed")
        row = viewer.locator(f'#themes tr[data-theme="{label}"]')
        expect(row.locator('[data-col="count"]')).to_have_text("fewer than 5")
        expect(row).to_contain_text("Councils are publishing their local offers")
    assert_accessible(page)

    # Four more people raised the same theme: the count can now be shown.
    for i in range(4):
        other = services.submit_response(
            audience=Audience.FAMILY, works=f"Money {i}", does_not_work="", may_publish=False
        )
        services.moderate(analyst, other, approve=True)
        other.themes.add(theme)
    page_nojs.goto(base + "/delivery/commitment/care-3/")
    # Shown now, as a number; theme counts go through the disclosure control's cell-key
    # perturbation (up to ±2), so the exact figure depends on the responses' ids.
    expect(page_nojs.locator(f'#themes tr[data-theme="{label}"] [data-col="count"]')).to_have_text(
        re.compile(r"^\s*[3-7]\s*$")
    )
    page_nojs.goto(base + "/delivery/")
    expect(page_nojs.get_by_role("heading", name="The six areas")).to_be_visible()
    for path in [
        "/delivery/",
        "/delivery/care/",
        "/have-your-say/you-said-we-did/",
        "/have-your-say/families/",
        "/staff/delivery/",
        f"/staff/delivery/commitment/{theme.commitment_id}/",
    ]:
        page.goto(base + path)
        assert_accessible(page)
