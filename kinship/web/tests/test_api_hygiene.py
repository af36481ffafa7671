"""Issue 11, item 9: every API URL pattern (walked from the URL conf, so a new one is covered)
answers an undeclared method with 405 and a JSON body, never an HTML CSRF page; /_bench/ exists
only under the test settings."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db
UNDECLARED = ("put", "patch", "delete")


def _api_paths():
    def walk(patterns, prefix):
        for p in patterns:
            route = str(p.pattern)
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + route)
            elif isinstance(p, URLPattern):
                yield prefix + route

    api = next(p for p in get_resolver().url_patterns if str(p.pattern) == "api/")
    for route in walk(api.url_patterns, "/api/"):
        path = re.sub(r"<[^>]+>", "00000000-0000-0000-0000-000000000000", route)
        path = re.sub(r"\(\?P<[^>]+>[^)]*\)", "00000000-0000-0000-0000-000000000000", path)
        yield path.replace("^", "").replace("$", "").replace("/?", "/").replace("\\.", ".")


API_PATHS = sorted(set(_api_paths()))


def test_every_api_family_is_covered():
    assert any(p.startswith("/api/referrals/") for p in API_PATHS)
    assert any(p.startswith("/api/oruk/") for p in API_PATHS)
    assert any(p.startswith("/api/entitlements/") for p in API_PATHS)


@pytest.mark.parametrize("path", API_PATHS)
@pytest.mark.parametrize("method", UNDECLARED)
def test_undeclared_methods_answer_405_in_json(client, path, method):
    response = getattr(client, method)(path, data="{}", content_type="application/json")
    assert response.status_code == 405, (path, method, response.status_code)
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"]


@pytest.mark.parametrize("path", API_PATHS)
def test_a_post_without_csrf_token_gets_json_not_a_csrf_page(path):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        path, data="{}", content_type="application/json"
    )
    assert response["Content-Type"].startswith("application/json"), path
    assert b"CSRF" not in response.content


def test_unknown_api_paths_answer_json(client):
    response = client.get("/api/no-such-thing/")
    assert response.status_code == 404
    assert response.json()["error"]


def test_bench_routes_exist_only_in_test_settings():
    import subprocess
    import sys

    from django.conf import settings

    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='kinship.settings.demo'; "
        "django.setup(); from django.urls import resolve, Resolver404\n"
        "try:\n    resolve('/_bench/trivial/'); print('routed')\n"
        "except Resolver404:\n    print('absent')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip() == "absent", result.stderr


def _declared(spec: dict, path: str, method: str = "get") -> set[int]:
    return {int(code) for code in spec["paths"][path][method]["responses"]}


def test_referrals_api_declares_every_status_it_answers(client):
    from kinship.referrals import services
    from kinship.referrals.tests.helpers import make_world, refer

    world = make_world()
    referral = refer(world)
    _key, raw = services.create_api_key(world.charity, "case system")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    spec = client.get("/api/referrals/openapi.json").json()
    listing = {
        client.get("/api/referrals/", **auth).status_code,
        client.get("/api/referrals/?page=x", **auth).status_code,
        client.get("/api/referrals/").status_code,
        client.post("/api/referrals/", **auth).status_code,
    }
    assert listing == {200, 400, 401, 405}
    assert listing <= _declared(spec, "/api/referrals/")
    detail = {
        client.get(f"/api/referrals/{referral.pk}/", **auth).status_code,
        client.get("/api/referrals/not-a-uuid/", **auth).status_code,
        client.get(f"/api/referrals/{referral.pk}/").status_code,
        client.delete(f"/api/referrals/{referral.pk}/", **auth).status_code,
    }
    assert detail == {200, 401, 404, 405}
    assert detail <= _declared(spec, "/api/referrals/{id}/")


def test_entitlements_api_declares_every_status_it_answers(client):
    spec = client.get("/api/entitlements/openapi.json").json()
    path = next(p for p in spec["paths"] if p.endswith("/decide"))
    codes = {
        client.post(path, data="{not json", content_type="application/json").status_code,
        client.post(path, data={"facts": "nonsense"}, content_type="application/json").status_code,
        client.get(path).status_code,
    }
    assert codes <= _declared(spec, path, "post") | {405}
    assert 405 in _declared(spec, path, "post")
    rules = next(p for p in spec["paths"] if p.endswith("/rules"))
    assert {client.get(rules).status_code, client.post(rules).status_code} <= _declared(spec, rules)


def test_oruk_api_declares_every_status_it_answers(client):
    spec = client.get("/api/oruk/openapi.json").json()
    codes = {
        client.get("/api/oruk/services/not-a-uuid").status_code,
        client.get("/api/oruk/services?page=abc").status_code,
        client.post("/api/oruk/services").status_code,
    }
    assert codes <= _declared(spec, "/services")
