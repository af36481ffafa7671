import os
import subprocess
import sys

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_home_sets_no_cookie_and_a_strict_policy(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response.cookies == {}
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "default-src 'self'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.parametrize("url", ["/", "/accessibility/", "/privacy/", "/cookies/", "/gd/"])
def test_public_pages_have_quick_exit_skip_link_and_no_third_party_requests(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="ds_skip-links__link" href="#main-content"' in html
    assert "js-quick-exit" in html
    assert "<script>" not in html and " on" + "click=" not in html  # no inline script
    # Only links may point elsewhere; nothing is loaded from another host.
    for tag in ("<script src=\"http", "<link rel=\"stylesheet\" href=\"http", "<img src=\"http"):
        assert tag not in html
    assert response.cookies == {}


def test_language_switcher_uses_url_prefixes(client):
    response = client.get("/gd/")
    assert response.status_code == 200
    assert 'lang="gd"' in response.content.decode()
    assert 'href="/"' in response.content.decode()  # back to English


def test_staff_pages_are_not_cached(client):
    from kinship.testing.factories import make_staff

    client.force_login(make_staff())
    assert client.get("/staff/")["Cache-Control"] == "no-store"


def test_unknown_page_is_a_404_not_a_500(client):
    assert client.get("/no-such-page/").status_code == 404


def test_production_settings_pass_deploy_checks():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kinship.settings.production",
           "SECRET_KEY": "x" * 30 + "-prod-key-for-checks-" + "y" * 30,
           "ALLOWED_HOSTS": "kinship.example", "SITE_URL": "https://kinship.example"}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by conftest for Playwright only
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_a_missing_secret_key():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kinship.settings.production", "SECRET_KEY": ""}
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=settings.BASE_DIR,
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_staff_navigation_offers_only_what_the_role_can_use(client):
    from kinship.accounts.models import OrganisationKind
    from kinship.testing.factories import make_organisation, make_staff

    adviser = make_staff("adviser", make_organisation(OrganisationKind.NATIONAL_ADVICE))
    client.force_login(adviser)
    html = client.get("/staff/").content.decode()
    assert "/staff/advice/" in html and "/staff/allowances/" not in html
    worker = make_staff("council_worker", make_organisation(OrganisationKind.COUNCIL_KINSHIP_TEAM))
    client.force_login(worker)
    html = client.get("/staff/").content.decode()
    assert "/staff/allowances/" in html and "/staff/advice/" not in html
