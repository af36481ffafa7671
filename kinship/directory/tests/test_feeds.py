"""Scheduled pulls of a partner's ORUK feed, served by a local test server from the
standard's example files: changes applied with a report (created, updated, withdrawn,
rejected with reasons) and the owner told of rejections."""

import copy
import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from kinship.accounts.models import OrganisationKind
from kinship.core.models import AppendOnlyError
from kinship.directory.feeds import pull_feed, register_feed
from kinship.directory.models import FeedPull, Service
from kinship.directory.tasks import pull_due_partner_feeds
from kinship.testing.factories import make_organisation

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent / "data"
EXAMPLE = json.loads((DATA / "service_full.json").read_text())
SECOND_ID = "55555555-5555-4555-8555-555555555555"


class Feed:
    """What the partner currently publishes: full services, served as a paged ORUK API
    (/api/services?page=, /api/services/<id>) and as one document (/feed.json)."""

    def __init__(self):
        second = copy.deepcopy(EXAMPLE)
        second.update({"id": SECOND_ID, "name": "Second example service"})
        for key in (
            "schedules",
            "service_at_locations",
            "cost_options",
            "funding",
            "attributes",
            "languages",
            "contacts",
            "service_areas",
        ):
            second.pop(key, None)
        self.services = [copy.deepcopy(EXAMPLE), second]


@pytest.fixture(autouse=True)
def local_feeds_allowed(settings):
    # The test server is plain http on loopback, which the SSRF guard refuses by default.
    settings.PARTNER_FEED_FETCH = {
        **settings.PARTNER_FEED_FETCH,
        "ALLOW_HTTP": True,
        "ALLOWED_NETWORKS": ["127.0.0.1/32"],
    }


@pytest.fixture
def feed_server():
    feed = Feed()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the standard library's name
            url = urlparse(self.path)
            if url.path == "/feed.json":
                body = {"total_items": len(feed.services), "contents": feed.services}
            elif url.path == "/api/services":
                page = int(parse_qs(url.query).get("page", ["1"])[0])
                body = {
                    "total_pages": 1,
                    "page_number": page,
                    "last_page": True,
                    "contents": [{"id": s["id"]} for s in feed.services] if page == 1 else [],
                }
            elif url.path.startswith("/api/services/"):
                wanted = url.path.rsplit("/", 1)[1]
                match = [s for s in feed.services if s["id"] == wanted]
                if not match:
                    self.send_error(404)
                    return
                body = match[0]
            else:
                self.send_error(404)
                return
            data = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    feed.base = f"http://127.0.0.1:{server.server_address[1]}"
    yield feed
    server.shutdown()
    server.server_close()


@pytest.fixture
def partner(db):
    return make_organisation(
        OrganisationKind.THIRD_SECTOR, "S12000049", email="feeds@partner.example"
    )


@pytest.mark.parametrize("path", ["/api", "/feed.json"])
def test_a_registered_feed_is_pulled_and_changes_are_reported(feed_server, partner, path):
    feed = register_feed(owner=partner, url=feed_server.base + path, every_hours=6)
    assert pull_due_partner_feeds.call() == 1
    first = FeedPull.objects.get()
    assert (first.created, first.updated, first.withdrawn, first.rejected) == (2, 0, 0, [])
    assert not first.error and not mail.outbox
    assert Service.objects.filter(partner_feed=feed).count() == 2
    # Not due again for six hours.
    assert pull_due_partner_feeds.call() == 0
    # The partner renames one service, withdraws the other and publishes a broken one.
    feed_server.services[0]["name"] = "Community Counselling (renamed)"
    feed_server.services.pop(1)
    feed_server.services.append(
        {
            "id": "66666666-6666-4666-8666-666666666666",
            "name": "",
            "status": "exploded",
            "email": "nobody",
        }
    )
    second = pull_feed(feed)
    assert (second.created, second.updated, second.withdrawn) == (0, 1, 1)
    ((ref, reasons),) = second.rejected
    assert "$.name:" in reasons and "$.status:" in reasons and "$.email:" in reasons
    assert Service.objects.get(pk=EXAMPLE["id"]).name == "Community Counselling (renamed)"
    assert Service.objects.get(pk=SECOND_ID).status == "inactive"
    # The owner is told, with every reason.
    assert second.owner_told
    (message,) = mail.outbox
    assert message.to == ["feeds@partner.example"] and "$.status:" in message.body
    # The report is kept as it was.
    with pytest.raises(AppendOnlyError):
        second.delete()


def test_a_feed_that_cannot_be_read_withdraws_nothing(feed_server, partner):
    feed = register_feed(owner=partner, url=feed_server.base + "/feed.json")
    pull_feed(feed)
    feed.url = feed_server.base + "/gone.json"
    feed.save()
    pull = pull_feed(feed)
    assert pull.error and pull.withdrawn == 0
    assert Service.objects.filter(partner_feed=feed, status="active").count() == 2
    assert pull.owner_told and "could not read the feed" in mail.outbox[0].body


def test_due_feeds_follow_their_own_interval(feed_server, partner):
    feed = register_feed(owner=partner, url=feed_server.base + "/feed.json", every_hours=1)
    pull_feed(feed)
    feed.refresh_from_db()
    assert timezone.now() + timedelta(minutes=55) < feed.next_pull_at
    feed.next_pull_at = timezone.now() - timedelta(seconds=1)
    feed.save()
    assert pull_due_partner_feeds.call() == 1


@pytest.mark.parametrize(
    "url, message",
    [
        ("file:///etc/passwd", "not an http or https address"),
        ("javascript:alert(1)", "not an http or https address"),
    ],
)
def test_only_web_feeds_can_be_registered(partner, url, message):
    with pytest.raises(ValueError, match=message):
        register_feed(owner=partner, url=url)


def test_the_register_command(partner):
    out = StringIO()
    call_command(
        "register_partner_feed",
        partner.slug,
        "https://council.example/oruk",
        "--every-hours",
        "12",
        stdout=out,
    )
    assert "every 12 hours" in out.getvalue()
