"""Deadlines: remind the receiver of an overdue referral, then escalate."""

import logging
from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from kinship.core.email import send_templated

from .. import lifecycle
from ..holidays import add_working_days
from ..lifecycle import Action
from ..models import (
    Referral,
)
from ..permissions import ACTING_ROLES, ESCALATION_ROLES
from .common import ESCALATE_AFTER_WORKING_DAYS, _emails_of, _setting, _staff_url, _write_event

log = logging.getLogger(__name__)


# --- deadlines: remind, then escalate -------------------------------------------------------


def overdue_filter(now: datetime):
    from django.db.models import Q

    return Q(state__in=lifecycle.AWAITING_ACK, ack_due_at__lt=now) | Q(
        state__in=lifecycle.AWAITING_DECISION, decision_due_at__lt=now
    )


def _bookkeeping_event(
    referral: Referral, *, action: str, stamp_field: str, now: datetime, note: str
) -> bool:
    """Mark the reminder/escalation sent (once) and write its event, in one transaction."""
    with transaction.atomic():
        won = Referral.objects.filter(pk=referral.pk, **{f"{stamp_field}__isnull": True}).update(
            **{stamp_field: now}, last_sequence=F("last_sequence") + 1
        )
        if not won:
            return False
        sequence = (
            Referral.objects.filter(pk=referral.pk).values_list("last_sequence", flat=True).get()
        )
        _write_event(
            referral.pk,
            sequence,
            actor=None,
            organisation=None,
            action=action,
            from_state=referral.state,
            to_state=referral.state,
            note=note,
        )
    return True


def chase_overdue(now: datetime | None = None) -> dict:
    """Remind the receiver of each overdue referral once; once the reminder has gone
    unanswered for ESCALATE_AFTER_WORKING_DAYS, tell both organisations' administrators
    once. Emails carry the reference and a link only, never a family's details."""
    now = now or timezone.now()
    overdue = Referral.objects.filter(overdue_filter(now)).select_related(
        "to_organisation", "from_organisation"
    )
    counts = {"reminded": 0, "escalated": 0}
    for referral in overdue.filter(reminded_at__isnull=True):
        if _bookkeeping_event(
            referral,
            action=Action.REMINDER,
            stamp_field="reminded_at",
            now=now,
            note="Deadline missed: reminder sent.",
        ):
            to = (
                [referral.to_organisation.email]
                if referral.to_organisation.email
                else _emails_of(referral.to_organisation, ACTING_ROLES)
            )
            send_templated(
                "referrals/email/overdue_reminder",
                {"referral": referral, "url": _staff_url(referral)},
                to,
                fail_silently=True,
            )
            counts["reminded"] += 1
    escalate_after = escalation_threshold()
    for referral in overdue.filter(reminded_at__isnull=False, escalated_at__isnull=True):
        if add_working_days(timezone.localtime(referral.reminded_at), escalate_after) > now:
            continue
        if _bookkeeping_event(
            referral,
            action=Action.ESCALATION,
            stamp_field="escalated_at",
            now=now,
            note="Still overdue after a reminder: escalated.",
        ):
            to = _emails_of(referral.to_organisation, ESCALATION_ROLES) + _emails_of(
                referral.from_organisation, ESCALATION_ROLES
            )
            send_templated(
                "referrals/email/overdue_escalation",
                {"referral": referral, "url": _staff_url(referral)},
                sorted(set(to)),
                fail_silently=True,
            )
            counts["escalated"] += 1
    return counts


def escalation_threshold() -> int:
    return _setting("REFERRAL_ESCALATE_DAYS", ESCALATE_AFTER_WORKING_DAYS)
