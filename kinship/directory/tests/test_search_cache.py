"""The search page keeps its static parts (the national advice service, the local offer, the
form's fields, each listed service's card) between requests (cache.py), and forgets them as
soon as the directory changes: here, or in another process."""

from datetime import timedelta

import pytest
from django.core.cache import cache as shared_cache
from django.utils import timezone

from kinship.directory import cache
from kinship.directory.models import Phone, Service
from kinship.directory.services import mark_checked

pytestmark = pytest.mark.django_db


def _search(client, directory, **extra):
    params = {"postcode": directory.glasgow_district.district, "q": "grandparents", **extra}
    response = client.get("/support/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_change_to_a_listed_service_shows_on_the_next_search(client, directory):
    assert "Grandparents coffee group" in _search(client, directory)
    service = directory.services["Grandparents coffee group"]
    service.name = "Grandparents tea group"
    service.save()
    page = _search(client, directory)
    assert "Grandparents tea group" in page and "coffee" not in page.split("results-title")[1]


def test_marking_a_service_checked_shows_at_once(client, directory):
    service = directory.services["Grandparents coffee group"]
    Service.objects.filter(pk=service.pk).update(
        last_checked=timezone.localdate() - timedelta(days=400)
    )
    cache.clear()
    assert "not checked for over 6 months" in _search(client, directory)
    mark_checked(service)
    assert "not checked for over 6 months" not in _search(client, directory)


def test_a_new_phone_number_shows_at_once(client, directory):
    _search(client, directory)
    Phone.objects.create(
        service=directory.services["Grandparents coffee group"], number="0141 999 1234"
    )
    assert "0141 999 1234" in _search(client, directory)


def test_another_process_change_is_seen_through_the_shared_generation(client, directory):
    _search(client, directory)
    # Written by another process: this one's copy is not told directly...
    Service.objects.filter(name="Grandparents coffee group").update(name="Renamed elsewhere")
    assert "Renamed elsewhere" not in _search(client, directory)
    # ...until the shared generation moves (that process's changed() after its commit).
    shared_cache.set(cache.GENERATION_KEY, 12345, None)
    assert "Renamed elsewhere" in _search(client, directory)


def test_a_commit_bumps_the_shared_generation_once(directory):
    from django.db import connection

    for service in Service.objects.all()[:3]:
        service.save()
    bumps = [entry[1] for entry in connection.run_on_commit if entry[1] is cache._bump]
    assert len(bumps) == 1  # one per transaction, however many rows
    before = shared_cache.get(cache.GENERATION_KEY)
    bumps[0]()  # what the commit runs
    assert shared_cache.get(cache.GENERATION_KEY) != before


def test_long_or_hostile_words_are_not_kept(client, directory):
    words = "x" * 190 + "<script>"
    page = _search(client, directory, q=words)
    assert "&lt;script&gt;" in page and "<script>" not in page.split("<main")[1]
    assert not any(
        key[0] == "field" and words in repr(key)
        for key in cache._items
        if isinstance(key, tuple) and len(repr(key)) > 300
    )
    too_long = "y" * 5000
    response = client.get(
        "/support/", {"postcode": directory.glasgow_district.district, "q": too_long}
    )
    assert response.status_code == 400
    assert not any(too_long in repr(key) for key in cache._items)


def test_the_kept_copies_are_bounded(monkeypatch):
    monkeypatch.setattr(cache, "MAX_ITEMS", 5)
    for n in range(20):
        cache.get(("n", n), lambda n=n: n)
    assert len(cache._items) == 5 and cache.get(("n", 19), lambda: None) == 19
