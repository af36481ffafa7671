import pytest
from django.test import RequestFactory

from kinship.throttle import selectors, services
from kinship.throttle.client import client_ip
from kinship.throttle.models import RateCounter

pytestmark = pytest.mark.django_db


def test_hit_counts_per_identity_and_window():
    assert [services.hit("t", "a", 60) for _ in range(3)] == [1, 2, 3]
    assert services.hit("t", "b", 60) == 1
    assert services.hit("other", "a", 60) == 1
    services.refund("t", "a", 60)
    assert selectors.count("t", "a", 60) == 2
    assert selectors.count("t", "never", 60) == 0


def test_identities_are_not_stored_in_clear():
    services.hit("t", "203.0.113.9|KR-AAAA-BBBB", 60)
    assert "203.0.113.9" not in RateCounter.objects.get().key


def test_expired_windows_are_purged():
    services.hit(
        "t",
        "a",
        60,
    )
    RateCounter.objects.update(expires_at="2000-01-01T00:00:00Z")
    assert services.purge_expired() == 1


@pytest.mark.parametrize(
    ("proxies", "xff", "expected"),
    [
        (0, "198.51.100.1", "10.0.0.1"),  # not behind a proxy: the header is ignored
        (1, "198.51.100.1", "198.51.100.1"),
        (1, "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # the client's own entries are ignored
        (2, "198.51.100.1, 10.0.0.2", "198.51.100.1"),
        (1, "", "10.0.0.1"),
        (1, "not-an-address", "10.0.0.1"),
    ],
)
def test_client_ip_trusts_forwarded_for_only_from_our_proxies(settings, proxies, xff, expected):
    settings.TRUSTED_PROXY = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=xff)
    assert client_ip(request) == expected
