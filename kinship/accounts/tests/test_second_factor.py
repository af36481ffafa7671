import pytest
from django.core.cache import cache

from kinship.accounts.mfa import secret_for
from kinship.testing.auth import code_for_secret, fresh_code
from kinship.testing.factories import TEST_PASSWORD, make_staff

pytestmark = pytest.mark.django_db

PERSONAL_DATA_PAGES = ["/staff/", "/staff/audit/", "/admin/"]


@pytest.fixture(autouse=True)
def _clear_throttle():
    cache.clear()


@pytest.mark.parametrize("url", PERSONAL_DATA_PAGES)
def test_anonymous_people_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"] or "/admin/login/" in response["Location"]


@pytest.mark.parametrize("url", PERSONAL_DATA_PAGES)
def test_staff_without_second_factor_cannot_reach_personal_data(client, url):
    user = make_staff("org_admin", with_second_factor=False)
    response = client.post("/accounts/login/", {"login": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302  # password accepted
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate")


def test_password_alone_is_not_enough_when_a_second_factor_exists(client):
    user = make_staff("adviser")
    response = client.post("/accounts/login/", {"login": user.email, "password": TEST_PASSWORD})
    assert "/2fa/authenticate" in response["Location"]
    assert client.get("/staff/").status_code == 302  # not signed in yet
    response = client.post(response["Location"], {"code": "000000"})
    assert response.status_code == 200 and b"Incorrect code" in response.content
    response = client.post("/accounts/2fa/authenticate/", {"code": fresh_code(user)})
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 200


def test_setting_up_a_second_factor_opens_the_staff_pages(client):
    user = make_staff("adviser", with_second_factor=False)
    client.post("/accounts/login/", {"login": user.email, "password": TEST_PASSWORD})
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    secret = page.context["form"].secret
    response = client.post("/accounts/2fa/totp/activate/", {"code": code_for_secret(secret)})
    assert response.status_code == 302
    assert secret_for(user) == secret
    assert client.get("/staff/").status_code == 200


def test_repeated_failed_sign_ins_are_throttled(client):
    user = make_staff("adviser")
    bodies = [
        client.post("/accounts/login/", {"login": user.email, "password": "wrong"}).content
        for _ in range(6)
    ]
    assert b"Too many failed login attempts" not in bodies[0]
    assert b"Too many failed login attempts" in bodies[-1]
    # Even the right password is refused while throttled.
    response = client.post("/accounts/login/", {"login": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 200
    assert b"Too many failed login attempts" in response.content
    assert "_auth_user_id" not in client.session


def test_there_is_no_public_sign_up(client):
    response = client.get("/accounts/signup/")
    assert b"Sign Up Closed" in response.content or response.status_code in (302, 403, 404)


def test_staff_without_an_organisation_are_refused(client):
    user = make_staff("adviser")
    user.organisation = None
    user.save()
    client.force_login(user)
    assert client.get("/staff/").status_code == 403


def test_otp_helper_refuses_outside_the_demo(settings):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    settings.KINSHIP = {**settings.KINSHIP, "DEMO": False}
    with pytest.raises(CommandError):
        call_command("otp")
