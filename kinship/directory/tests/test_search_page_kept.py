"""A whole rendered search page is kept for visitors without a session (issue 20): the same
search is sent again without drawing it, and a directory change forgets it at once."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinship.directory import cache

pytestmark = pytest.mark.django_db


def _params(directory, **extra):
    return {"postcode": directory.glasgow_district.district, "q": "grandparents", **extra}


def test_a_repeated_search_is_sent_from_what_is_kept(client, directory):
    first = client.get("/support/", _params(directory))
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/support/", _params(directory))
    assert again.status_code == 200 and again.content == first.content
    # Only the shared cache's generation (checked on every request in these tests) is read.
    assert not [q for q in queries if "directory_" in q["sql"] or "places_" in q["sql"]]
    # Still compressed, with every header the middleware adds.
    zipped = client.get("/support/", _params(directory), HTTP_ACCEPT_ENCODING="gzip")
    assert zipped["Content-Encoding"] == "gzip"
    assert zipped["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_a_change_forgets_kept_pages(client, directory):
    assert (
        "Grandparents coffee group" in client.get("/support/", _params(directory)).content.decode()
    )
    service = directory.services["Grandparents coffee group"]
    service.name = "Grandparents tea group"
    service.save()
    page = client.get("/support/", _params(directory)).content.decode()
    assert "Grandparents tea group" in page


def test_not_kept_for_a_session_long_queries_or_bad_input(client, directory):
    client.cookies[settings.SESSION_COOKIE_NAME] = "x"
    client.get("/support/", _params(directory))
    assert not cache._pages
    del client.cookies[settings.SESSION_COOKIE_NAME]
    client.get("/support/", _params(directory, q="word " * 80))
    assert not cache._pages
    assert client.get("/support/", {"postcode": "not a postcode"}).status_code == 400
    assert not cache._pages
    client.get("/support/", _params(directory))
    assert len(cache._pages) == 1


def test_each_language_has_its_own_kept_page(client, directory):
    english = client.get("/support/", _params(directory)).content
    gaelic = client.get("/gd/support/", _params(directory))
    assert gaelic.status_code in (200, 404)
    if gaelic.status_code == 200:
        assert gaelic.content != english


def test_kept_pages_are_bounded(client, directory, monkeypatch):
    monkeypatch.setattr(cache, "MAX_PAGES", 3)
    for n in range(5):
        client.get("/support/", _params(directory, n=n))
    assert len(cache._pages) == 3
