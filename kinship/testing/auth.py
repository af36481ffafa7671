"""Signing staff in, in tests: through the real sign-in and second-factor pages."""

import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from kinship.accounts.mfa import TOTP_PERIOD_SECONDS, secret_for

from .factories import TEST_PASSWORD

_used: set[tuple[int, int]] = set()
SAFETY_SECONDS = 8


def fresh_code(user) -> str:
    """A valid TOTP code not yet used by this user in this test run (allauth refuses replays),
    waiting for the next 30-second window when needed."""
    secret = secret_for(user)
    while True:
        # A code made in the last seconds of its 30-second window may be checked in the next
        # one (allauth allows no drift by default), so wait for a fresh window instead.
        if TOTP_PERIOD_SECONDS - time.time() % TOTP_PERIOD_SECONDS < SAFETY_SECONDS:
            time.sleep(TOTP_PERIOD_SECONDS - time.time() % TOTP_PERIOD_SECONDS + 0.1)
        counter = int(time.time()) // TOTP_PERIOD_SECONDS
        if (user.pk, counter) not in _used:
            _used.add((user.pk, counter))
            return format_hotp_value(hotp_value(secret, counter))
        time.sleep(TOTP_PERIOD_SECONDS - time.time() % TOTP_PERIOD_SECONDS + 0.1)


def code_for_secret(secret: str) -> str:
    """A valid code for a secret, never from the last seconds of its window."""
    if TOTP_PERIOD_SECONDS - time.time() % TOTP_PERIOD_SECONDS < SAFETY_SECONDS:
        time.sleep(TOTP_PERIOD_SECONDS - time.time() % TOTP_PERIOD_SECONDS + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // TOTP_PERIOD_SECONDS))


def sign_in_client(client, user, password: str = TEST_PASSWORD):
    """Sign in with the Django test client, password then TOTP code. Returns the last response."""
    response = client.post("/accounts/login/", {"login": user.email, "password": password})
    if response.status_code == 302 and "/2fa/authenticate" in response["Location"]:
        response = client.post(response["Location"], {"code": fresh_code(user)})
    return response


def sign_in_browser(page, base_url: str, user, password: str = TEST_PASSWORD):
    """Sign in through the real pages in a Playwright page."""
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    if "/2fa/authenticate" in page.url:
        page.get_by_label("Authenticator code").fill(fresh_code(user))
        page.get_by_role("button", name="Sign In").click()
