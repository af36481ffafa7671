"""Anonymising a referral when its retention period ends (called by
`kinship.dataprotection`'s retention job): the reasons, requests and notes written about the
family removed, the family's status secret forgotten, webhook payloads emptied. The row keeps
its organisations, service, household (itself anonymised), state, outcome and dates, which
the published figures and delivery indicators count.

Its `ReferralEvent` history is append-only and is not changed here (see
docs/data-protection.md)."""

from .models import Referral, WebhookDelivery

REFERRAL_CLEARED = {
    "reason": "",
    "asked_for": "",
    "shared_note": "",
    "outcome_note": "",
    "last_reason": "",
    "secret_hash": "",
}


def anonymise_referral(referral: Referral) -> int:
    """Returns the number of rows changed."""
    changed = Referral.objects.filter(pk=referral.pk).update(**REFERRAL_CLEARED)
    changed += WebhookDelivery.objects.filter(referral=referral).update(payload={})
    return changed
