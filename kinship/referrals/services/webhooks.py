"""Webhooks to partner systems: payloads, Standard Webhooks signing, queueing and delivery
with back-off."""

import base64
import json
import logging
import urllib.error
import urllib.request
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from standardwebhooks.webhooks import Webhook as StandardWebhook

from kinship.families.selectors import household_open_to_organisation

from ..models import (
    DeliveryStatus,
    Referral,
    ReferralEvent,
    WebhookDelivery,
    WebhookEndpoint,
)
from .common import WEBHOOK_BACKOFF_SECONDS, WEBHOOK_MAX_ATTEMPTS, WEBHOOK_TIMEOUT_SECONDS

log = logging.getLogger(__name__)


# --- webhooks -------------------------------------------------------------------------------


def event_json(event: ReferralEvent, *, with_note: bool = False) -> dict:
    """An event for a partner system: states, time and who acted. The note is free text that
    may describe the family, so it is included only for an organisation the family's record is
    open to (`shares_details_with`)."""
    data = {
        "sequence": event.sequence,
        "at": event.at.isoformat(),
        "action": event.action,
        "from_state": event.from_state,
        "to_state": event.to_state,
        "organisation": event.organisation_name,
    }
    if with_note:
        data["note"] = event.note
    return data


def shares_details_with(referral: Referral, organisation_id: int | None) -> bool:
    """Whether free text about the family may go to this organisation's systems."""
    return household_open_to_organisation(referral.household_id, organisation_id)


def referral_json(referral: Referral) -> dict:
    """What partner systems see: the referral's state and parties, no family details (they
    hold those already, with consent, in their own records)."""
    return {
        "id": str(referral.pk),
        "reference": referral.reference,
        "state": referral.state,
        "urgency": referral.urgency,
        "version": referral.version,
        "from_organisation": referral.from_organisation.slug,
        "to_organisation": referral.to_organisation.slug,
        "owner_organisation": referral.owner_organisation.slug,
        "to_service": str(referral.to_service_id) if referral.to_service_id else None,
        "outcome": referral.outcome or None,
        "ack_due_at": referral.ack_due_at.isoformat(),
        "decision_due_at": referral.decision_due_at.isoformat(),
        "created_at": referral.created_at.isoformat(),
        "updated_at": referral.updated_at.isoformat(),
    }


def _queue_webhooks(referral: Referral, sequence: int, organisation_ids: set[int]) -> None:
    endpoints = list(
        WebhookEndpoint.objects.filter(organisation_id__in=organisation_ids, is_active=True)
    )
    if not endpoints:
        return
    payload = {"referral_id": str(referral.pk), "event_sequence": sequence}
    deliveries = WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(
                endpoint=e,
                referral_id=referral.pk,
                event_sequence=sequence,
                payload=payload,
                next_attempt_at=timezone.now(),
            )
            for e in endpoints
        ]
    )
    ids = [d.pk for d in deliveries if d.pk]
    if not ids:  # backends without RETURNING: look them up
        ids = list(
            WebhookDelivery.objects.filter(
                referral_id=referral.pk, event_sequence=sequence
            ).values_list("pk", flat=True)
        )

    def enqueue():
        from ..tasks import deliver_webhook

        for pk in ids:
            deliver_webhook.enqueue(pk)

    transaction.on_commit(enqueue)


def signing_secret(endpoint: WebhookEndpoint) -> str:
    """The endpoint's secret in the Standard Webhooks form (`whsec_` + base64) that receivers'
    libraries take."""
    return "whsec_" + base64.b64encode(endpoint.secret.encode()).decode()


def webhook_headers(delivery: WebhookDelivery, body: bytes, at: datetime) -> dict[str, str]:
    """Standard Webhooks headers: a stable id per delivery (retries repeat it, so a receiver
    can drop duplicates), the time of this attempt, and a signature over id, time and body
    (so a captured request cannot be replayed later or with another id)."""
    msg_id = f"msg_kh{delivery.pk}"
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": StandardWebhook(delivery.endpoint.secret.encode()).sign(
            msg_id=msg_id, timestamp=at, data=body.decode()
        ),
    }


def webhook_body(delivery: WebhookDelivery) -> bytes:
    referral = Referral.objects.select_related(
        "from_organisation", "to_organisation", "owner_organisation"
    ).get(pk=delivery.referral_id)
    event = ReferralEvent.objects.get(
        referral_id=delivery.referral_id, sequence=delivery.event_sequence
    )
    with_note = shares_details_with(referral, delivery.endpoint.organisation_id)
    return json.dumps(
        {"referral": referral_json(referral), "event": event_json(event, with_note=with_note)},
        sort_keys=True,
    ).encode()


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=WEBHOOK_BACKOFF_SECONDS * 2 ** max(attempts - 1, 0))


def attempt_delivery(delivery_id: int, now: datetime | None = None) -> datetime | None:
    """POST one delivery. Returns when to try again, or None when done (delivered or given
    up). Each attempt is recorded on the delivery row."""
    now = now or timezone.now()
    delivery = (
        WebhookDelivery.objects.select_related("endpoint")
        .filter(pk=delivery_id, status=DeliveryStatus.PENDING)
        .first()
    )
    if delivery is None:
        return None
    body = webhook_body(delivery)
    request = urllib.request.Request(  # noqa: S310 - the URL is an http(s) URLField
        delivery.endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            **webhook_headers(delivery, body, timezone.now()),
        },
    )
    status_code, error = None, ""
    try:
        with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT_SECONDS) as response:  # noqa: S310
            status_code = response.status
    except urllib.error.HTTPError as exc:
        status_code, error = exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        error = str(exc)[:300] or exc.__class__.__name__
    attempts = delivery.attempts + 1
    if status_code is not None and 200 <= status_code < 300:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.DELIVERED,
            attempts=attempts,
            last_status_code=status_code,
            last_error="",
            delivered_at=now,
            next_attempt_at=None,
        )
        return None
    if attempts >= WEBHOOK_MAX_ATTEMPTS:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.FAILED,
            attempts=attempts,
            last_status_code=status_code,
            last_error=error,
            next_attempt_at=None,
        )
        return None
    retry_at = now + backoff(attempts)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        attempts=attempts, last_status_code=status_code, last_error=error, next_attempt_at=retry_at
    )
    return retry_at


def due_deliveries(now: datetime | None = None) -> list[int]:
    now = now or timezone.now()
    return list(
        WebhookDelivery.objects.filter(
            status=DeliveryStatus.PENDING, next_attempt_at__lte=now
        ).values_list("pk", flat=True)[:500]
    )
