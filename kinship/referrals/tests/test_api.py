"""Partner API (per-organisation keys) and signed, retried webhooks against a real local
HTTP server."""

import http.server
import json
import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import include, path
from django.utils import timezone
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from kinship.referrals import services
from kinship.referrals.lifecycle import Action
from kinship.referrals.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from kinship.testing.tasks import run_queued_tasks
from kinship.urls import urlpatterns as site_urlpatterns

from .helpers import refer

# Until kinship/api_urls.py includes this app's api_urls, the tests mount it themselves.
urlpatterns = [path("api/referrals/", include("kinship.referrals.api_urls")), *site_urlpatterns]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def _auth(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_api_needs_a_valid_key(client, world):
    assert client.get("/api/referrals/").status_code == 401
    assert client.get("/api/referrals/", **_auth("khr_nothing_here")).status_code == 401
    key, raw = services.create_api_key(world.charity, "case system")
    services.revoke_api_key(key)
    assert client.get("/api/referrals/", **_auth(raw)).status_code == 401


def test_a_suspended_organisations_keys_stop_working(client, world):
    from django.utils import timezone

    _key, raw = services.create_api_key(world.charity, "case system")
    assert client.get("/api/referrals/", **_auth(raw)).status_code == 200
    world.charity.suspended_at = timezone.now()
    world.charity.save(update_fields=["suspended_at"])
    assert client.get("/api/referrals/", **_auth(raw)).status_code == 401


def test_api_shows_only_the_organisations_referrals(client, world):
    r = refer(world)
    services.transition(r.pk, Action.ACKNOWLEDGE, world.charity_worker, r.version)
    _key, raw = services.create_api_key(world.charity, "case system")
    listing = client.get("/api/referrals/", **_auth(raw)).json()
    assert [x["id"] for x in listing["results"]] == [str(r.pk)]
    detail = client.get(f"/api/referrals/{r.pk}/", **_auth(raw)).json()
    assert detail["state"] == "acknowledged"
    assert [e["action"] for e in detail["events"]] == ["create", "acknowledge"]
    _key, other = services.create_api_key(world.other, "theirs")
    assert client.get(f"/api/referrals/{r.pk}/", **_auth(other)).status_code == 404
    assert client.get("/api/referrals/", **_auth(other)).json()["results"] == []
    assert client.get("/api/referrals/not-a-uuid/", **_auth(raw)).status_code == 404
    assert client.get("/api/referrals/?page=abc", **_auth(raw)).status_code == 400


class _Receiver(http.server.BaseHTTPRequestHandler):
    received: list = []
    fail_first = 0

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((dict(self.headers), body))
        if type(self).fail_first > 0:
            type(self).fail_first -= 1
            self.send_response(503)
        else:
            self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver():
    _Receiver.received = []
    _Receiver.fail_first = 0
    server = http.server.HTTPServer(("127.0.0.1", 0), _Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, _Receiver
    server.shutdown()


# The worker closes "old" connections between tasks, so on PostgreSQL it needs real commits.
@pytest.mark.tasks
@pytest.mark.django_db(transaction=True)
def test_webhook_is_signed_and_delivered_by_the_worker(
    world, receiver, django_capture_on_commit_callbacks
):
    server, handler = receiver
    WebhookEndpoint.objects.create(
        organisation=world.charity,
        secret="s3cret",
        url=f"http://127.0.0.1:{server.server_port}/hook",
    )
    with django_capture_on_commit_callbacks(execute=True):
        refer(world)
    run_queued_tasks()
    assert len(handler.received) == 1
    headers, body = handler.received[0]
    # A receiver verifies with the Standard Webhooks library and the published secret.
    endpoint = WebhookEndpoint.objects.get()
    payload = Webhook(services.signing_secret(endpoint)).verify(body, headers)
    assert payload["event"]["action"] == "create" and payload["referral"]["state"] == "sent"
    assert WebhookDelivery.objects.get().status == DeliveryStatus.DELIVERED


def test_webhook_retries_with_backoff(world, receiver):
    server, handler = receiver
    handler.fail_first = 2
    WebhookEndpoint.objects.create(
        organisation=world.charity, secret="s", url=f"http://127.0.0.1:{server.server_port}/hook"
    )
    refer(world)
    delivery = WebhookDelivery.objects.get()
    now = timezone.now()
    first_retry = services.attempt_delivery(delivery.pk, now)
    second_retry = services.attempt_delivery(delivery.pk, now)
    assert first_retry - now == timedelta(seconds=services.WEBHOOK_BACKOFF_SECONDS)
    assert second_retry - now == timedelta(seconds=2 * services.WEBHOOK_BACKOFF_SECONDS)
    assert services.attempt_delivery(delivery.pk, now) is None
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 3)


def test_webhook_gives_up_after_max_attempts_on_a_dead_endpoint(world):
    WebhookEndpoint.objects.create(
        organisation=world.charity, secret="s", url="http://127.0.0.1:9/nothing-listens-here"
    )
    refer(world)
    delivery = WebhookDelivery.objects.get()
    for _ in range(services.WEBHOOK_MAX_ATTEMPTS):
        services.attempt_delivery(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == services.WEBHOOK_MAX_ATTEMPTS and delivery.last_error


@pytest.mark.django_db(transaction=True)
def test_failed_task_reenqueues_itself_with_run_after(world):
    from django_tasks_db.models import DBTaskResult

    from kinship.referrals.tasks import deliver_webhook

    WebhookEndpoint.objects.create(
        organisation=world.charity, secret="s", url="http://127.0.0.1:9/down"
    )
    refer(world)  # committed: the delivery task is enqueued
    call_command("db_worker", batch=True, verbosity=0)
    waiting = DBTaskResult.objects.filter(status="READY", run_after__isnull=False)
    assert waiting.count() == 1
    assert waiting.get().args_kwargs["args"] == [WebhookDelivery.objects.get().pk]
    assert waiting.get().task_path == deliver_webhook.module_path
    assert WebhookDelivery.objects.get().attempts == 1


def test_free_text_reaches_a_partner_only_with_the_familys_consent(client, world):
    """Issue 11, item 7: states, times and references only, unless the family agreed to share
    details with that partner."""
    from kinship.families import services as family_services
    from kinship.families.models import ConsentMethod

    r = refer(world)
    words = "Gran says the boy is struggling at school"
    services.transition(r.pk, Action.ACKNOWLEDGE, world.charity_worker, r.version)
    endpoint = WebhookEndpoint.objects.create(
        organisation=world.charity, secret="s", url="http://127.0.0.1:9/hook"
    )
    _key, raw = services.create_api_key(world.charity, "case system")
    with_consent = client.get(f"/api/referrals/{r.pk}/", **_auth(raw)).json()
    assert all("note" in e for e in with_consent["events"])

    consent = world.household.consents.get(organisation=world.charity)
    family_services.withdraw_consent(
        consent, actor=world.adviser, method=ConsentMethod.VERBAL_PHONE, note="Stop sharing"
    )
    services.transition(r.pk, Action.DECLINE, world.charity_worker, 2, reason=words)
    response = client.get(f"/api/referrals/{r.pk}/", **_auth(raw))
    assert words not in response.content.decode()
    assert all("note" not in e for e in response.json()["events"])
    delivery = WebhookDelivery.objects.filter(endpoint=endpoint).order_by("-event_sequence")[0]
    body = services.webhook_body(delivery).decode()
    assert words not in body and '"note"' not in body
    assert json.loads(body)["referral"]["reference"] == r.reference


def test_a_captured_webhook_cannot_be_replayed_or_altered(world):
    """Issue 11, item 8: the signature covers id, timestamp and body; receivers refuse a
    timestamp outside the tolerance window (5 minutes)."""
    endpoint = WebhookEndpoint.objects.create(
        organisation=world.charity, secret="s3cret", url="http://127.0.0.1:9/hook"
    )
    refer(world)
    delivery = WebhookDelivery.objects.get()
    body = services.webhook_body(delivery)
    receiver = Webhook(services.signing_secret(endpoint))
    fresh = services.webhook_headers(delivery, body, timezone.now())
    assert receiver.verify(body, fresh)["referral"]["state"] == "sent"
    old = services.webhook_headers(delivery, body, timezone.now() - timedelta(minutes=10))
    with pytest.raises(WebhookVerificationError, match="too old"):
        receiver.verify(body, old)  # replayed later
    moved = {**old, "webhook-timestamp": fresh["webhook-timestamp"]}
    with pytest.raises(WebhookVerificationError):
        receiver.verify(body, moved)  # the replayer refreshes the timestamp: signature breaks
    with pytest.raises(WebhookVerificationError):
        receiver.verify(body, {**fresh, "webhook-id": "msg_other"})
    with pytest.raises(WebhookVerificationError):
        receiver.verify(body.replace(b"sent", b"done"), fresh)
    # Retries keep the id, so a receiver can drop a duplicate it already processed.
    assert (
        services.webhook_headers(delivery, body, timezone.now())["webhook-id"]
        == fresh["webhook-id"]
    )
