"""The staff page for partner feeds: each organisation's administrators see their feeds, the
last pull and its errors, register a feed and ask for a pull now; the platform administrator
sees every feed; nobody else sees any."""

import pytest
from django.urls import reverse
from django.utils import timezone

from kinship.accounts.models import OrganisationKind, Role
from kinship.audit.models import AuditAction, AuditEvent
from kinship.directory.models import FeedPull, PartnerFeed
from kinship.testing.factories import make_organisation, make_staff
from kinship.testing.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner():
    return make_organisation(OrganisationKind.THIRD_SECTOR, "S12000049", email="p@partner.example")


@pytest.fixture
def feed(partner):
    feed = PartnerFeed.objects.create(
        owner=partner, url="https://partner.example/oruk", next_pull_at=timezone.now()
    )
    now = timezone.now()
    FeedPull.objects.create(
        feed=feed,
        started_at=now,
        finished_at=now,
        created=3,
        updated=1,
        rejected=[["$[2] (id 42)", "$.name: required; $.status: not a status"]],
    )
    return feed


def _admin(organisation):
    return make_staff(Role.ORG_ADMIN, organisation)


def test_an_administrator_sees_their_feeds_last_pull_and_rejections(client, partner, feed):
    other = PartnerFeed.objects.create(owner=make_organisation(), url="https://other.example/x")
    client.force_login(_admin(partner))
    page = client.get(reverse("directory_staff:feeds")).content.decode()
    assert "https://partner.example/oruk" in page and "3 new, 1 updated" in page
    assert other.url not in page
    detail = client.get(reverse("directory_staff:feed", args=[feed.pk])).content.decode()
    assert "$.status: not a status" in detail and "Pull now" in detail


def test_the_platform_administrator_sees_every_feed(client, feed):
    other = PartnerFeed.objects.create(owner=make_organisation(), url="https://other.example/x")
    client.force_login(make_staff(Role.PLATFORM_ADMIN))
    page = client.get(reverse("directory_staff:feeds")).content.decode()
    assert feed.url in page and other.url in page


@pytest.mark.parametrize("role", [Role.PARTNER_WORKER, Role.ANALYST, Role.ADVISER])
def test_other_roles_are_refused(client, partner, feed, role):
    client.force_login(make_staff(role, partner))
    assert client.get(reverse("directory_staff:feeds")).status_code == 403
    assert client.get(reverse("directory_staff:feed", args=[feed.pk])).status_code == 403


def test_another_organisations_feed_is_not_found_and_audited(client, feed):
    client.force_login(_admin(make_organisation()))
    for response in (
        client.get(reverse("directory_staff:feed", args=[feed.pk])),
        client.post(reverse("directory_staff:feed_pull", args=[feed.pk])),
    ):
        assert response.status_code == 404
    assert AuditEvent.objects.filter(action=AuditAction.DENIED).count() == 2
    assert not FeedPull.objects.filter(feed=feed).exclude(created=3).exists()


# The worker closes its connection between tasks: on PostgreSQL only committed data survives.
@pytest.mark.tasks
@pytest.mark.django_db(transaction=True)
def test_pull_now_runs_a_pull_and_shows_its_error(client, partner, feed):
    client.force_login(_admin(partner))
    response = client.post(reverse("directory_staff:feed_pull", args=[feed.pk]))
    assert response.status_code == 302
    run_queued_tasks()
    latest = FeedPull.objects.filter(feed=feed).order_by("-pk").first()
    assert latest.error  # partner.example cannot be reached from here
    detail = client.get(reverse("directory_staff:feed", args=[feed.pk])).content.decode()
    assert "could not be resolved" in detail
    assert client.get(reverse("directory_staff:feed_pull", args=[feed.pk])).status_code == 405


# The worker closes its connection between tasks: on PostgreSQL only committed data survives.
@pytest.mark.tasks
@pytest.mark.django_db(transaction=True)
def test_registering_a_feed_pulls_it(client, partner):
    client.force_login(_admin(partner))
    response = client.post(
        reverse("directory_staff:feeds"),
        {"url": "https://feeds.partner.example/oruk", "every_hours": "12"},
    )
    feed = PartnerFeed.objects.get(url="https://feeds.partner.example/oruk")
    assert response.status_code == 302 and (feed.owner, feed.every_hours) == (partner, 12)
    run_queued_tasks()
    assert FeedPull.objects.filter(feed=feed).count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"url": "", "every_hours": "24"},
        {"url": "x" * 600, "every_hours": "24"},
        {"url": "not a url", "every_hours": "24"},
        {"url": "https://partner.example/oruk", "every_hours": "0"},
        {"url": "https://partner.example/oruk", "every_hours": "many"},
        {"url": "http://partner.example/oruk", "every_hours": "24"},
        {"url": "https://169.254.169.254/latest/meta-data/", "every_hours": "24"},
        {"url": "https://[::1]:8000/feed.json", "every_hours": "24"},
        {"url": "file:///etc/passwd", "every_hours": "24"},
        {"url": "javascript:alert(1)", "every_hours": "24"},
    ],
)
def test_bad_registrations_come_back_with_what_was_typed(client, partner, data):
    client.force_login(_admin(partner))
    response = client.post(reverse("directory_staff:feeds"), data)
    assert response.status_code == 400
    assert not PartnerFeed.objects.exists()
    if data.get("url") and len(data["url"]) < 100:
        assert data["url"] in response.content.decode().replace("&amp;", "&").replace("&#x27;", "'")
