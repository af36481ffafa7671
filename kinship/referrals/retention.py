"""Anonymising a referral when its retention period ends (called by
`kinship.dataprotection`'s retention job): the reasons, requests and notes written about the
family removed, the family's status secret forgotten, webhook payloads emptied. The row keeps
its organisations, service, household (itself anonymised), state, outcome and dates, which
the published figures and delivery indicators count.

Its `ReferralEvent` history is append-only: the retention purge (`kinship.core.purge`) blanks
each event's note, the name typed for its actor and its details; sequence, action, states,
reason code, organisations and dates stay (they are what the figures count)."""

from kinship.core.purge import purge_text

from .models import Referral, ReferralEvent, WebhookDelivery

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
    changed += purge_text(
        ReferralEvent.objects.filter(referral=referral), note="", actor_name="", details={}
    )
    return changed
