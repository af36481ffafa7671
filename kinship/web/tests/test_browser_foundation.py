"""The foundation in a real browser: accessible pages, quick exit, sign-in with a second factor."""

import pytest
from playwright.sync_api import expect

from kinship.testing.auth import code_for_secret, sign_in_browser
from kinship.testing.browser import assert_accessible
from kinship.testing.factories import TEST_PASSWORD, make_staff

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.mark.parametrize("path", ["/", "/accessibility/", "/privacy/", "/cookies/",
                                  "/accounts/login/"])
def test_public_pages_have_no_axe_violations(page, live_server, path):
    page.goto(live_server.url + path)
    assert_accessible(page)


def test_pages_work_without_javascript(page_nojs, live_server):
    page_nojs.goto(live_server.url + "/")
    expect(page_nojs.get_by_role("heading", level=1)).to_be_visible()
    page_nojs.get_by_role("link", name="Gàidhlig").click()
    assert page_nojs.url.endswith("/gd/")
    page_nojs.goto(live_server.url + "/accounts/login/")
    expect(page_nojs.get_by_label("Email")).to_be_visible()


def test_quick_exit_replaces_the_page_in_history(page, live_server):
    requests = []
    page.route("https://www.bbc.co.uk/**", lambda route: (requests.append(route.request.url),
                                                          route.fulfill(body="neutral")))
    page.goto(live_server.url + "/privacy/")
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Quick exit").click()
    page.wait_for_url("https://www.bbc.co.uk/**")
    assert requests
    page.go_back()
    # The home page was replaced, so going back lands on the page before it.
    assert page.url.endswith("/privacy/")


def test_staff_sign_in_with_second_factor_set_up_in_the_browser(page, live_server):
    user = make_staff("adviser", with_second_factor=False)
    page.goto(live_server.url + "/staff/")
    assert "/accounts/login/" in page.url
    assert_accessible(page)
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.goto(live_server.url + "/staff/")
    assert "/accounts/2fa/totp/activate" in page.url
    assert_accessible(page)
    secret = page.get_by_label("Secret to type into the app").input_value()
    page.get_by_label("Authenticator code").fill(code_for_secret(secret))
    page.get_by_role("button", name="Activate").click()
    assert_accessible(page)  # recovery codes page
    page.goto(live_server.url + "/staff/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Hello")
    assert_accessible(page)


def test_staff_second_factor_page_is_accessible(page, live_server):
    user = make_staff("adviser")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    assert "/2fa/authenticate" in page.url
    assert_accessible(page)
    page.get_by_label("Authenticator code").fill("000000")
    page.get_by_role("button", name="Sign In").click()
    assert_accessible(page)  # with the error shown


def test_signed_in_staff_home_is_accessible(page, live_server):
    user = make_staff("org_admin")
    sign_in_browser(page, live_server.url, user)
    page.goto(live_server.url + "/staff/")
    assert_accessible(page)
    page.goto(live_server.url + "/staff/audit/")
    assert_accessible(page)
