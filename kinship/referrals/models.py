"""Closed-loop referrals: one organisation asks a service (and so its organisation) to help a
family, with the family's consent. Every step is an append-only `ReferralEvent`; the
lifecycle itself is the pure table in `lifecycle.py`."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinship.accounts.models import Organisation
from kinship.core.models import AppendOnlyModel
from kinship.directory.models import Service
from kinship.families.models import Household

from .lifecycle import AWAITING_DECISION, Action, Outcome, ReasonCode, State

# Referrals awaiting a decision (sent, acknowledged, redirected): the overdue ones are among them.
UNDECIDED = models.Q(state__in=sorted(AWAITING_DECISION))


class Urgency(models.TextChoices):
    ROUTINE = "routine", _("Routine")
    SOON = "soon", _("Soon (within a week)")
    URGENT = "urgent", _("Urgent (the family is at risk of crisis)")


class SharedItem(models.TextChoices):
    """What the sender has shared with the receiver (the family agreed to this)."""

    CONTACT_DETAILS = "contact_details", _("Carers' contact details")
    CHILDREN = "children", _("Children's names and ages")
    LEGAL_ARRANGEMENT = "legal_arrangement", _("Legal arrangement")
    ENQUIRY_NOTES = "enquiry_notes", _("Notes of what the family told us")
    ASSESSMENT = "assessment", _("Wellbeing assessment")


class Referral(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    from_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                          related_name="referrals_sent")
    # Null only for an automatic transition referral to an organisation with no listed
    # service (the note says so); the receiving organisation is never null.
    to_service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="referrals")
    # Denormalised from to_service.organization.account_organisation for fast inboxes.
    to_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                        related_name="referrals_received")
    # Whoever must act next. Never null.
    owner_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                           related_name="referrals_owned")
    household = models.ForeignKey(Household, on_delete=models.PROTECT,
                                  related_name="referrals")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    # The enquiry it was made from, if any: that enquiry's status page shows its progress
    # (only that enquiry's, so one enquirer's secret never reveals referrals others made).
    enquiry = models.ForeignKey("advice.Enquiry", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="referrals")
    reason = models.TextField(max_length=2000)
    asked_for = models.TextField(max_length=2000)
    urgency = models.CharField(max_length=16, choices=Urgency.choices, default=Urgency.ROUTINE)
    shared_items = models.JSONField(default=list, blank=True)
    shared_note = models.CharField(max_length=500, blank=True)
    is_automatic = models.BooleanField(default=False)
    # "No one to receive": the organisation it was meant for had no staff who could act on
    # it, so it went to the national advice service's queue instead (services.route_if_unstaffed).
    no_one_to_receive_at = models.ForeignKey(Organisation, null=True, blank=True,
                                             on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=16, choices=State.choices, default=State.SENT)
    outcome = models.CharField(max_length=32, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(max_length=2000, blank=True)
    last_reason = models.TextField(max_length=2000, blank=True)
    version = models.PositiveIntegerField(default=1)
    last_sequence = models.PositiveIntegerField(default=0)
    ack_due_at = models.DateTimeField()
    decision_due_at = models.DateTimeField()
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    idempotency_key = models.CharField(max_length=64)
    reference = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    # Defaults rather than auto_now*, so demo data and benchmarks can write past times.
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["from_organisation", "idempotency_key"],
                                    name="referral_idempotency_per_sender"),
            models.CheckConstraint(
                name="referral_terminal_has_outcome",
                condition=~models.Q(state__in=["completed", "closed"]) | ~models.Q(outcome=""),
            ),
        ]
        indexes = [
            # Inbox pages, for each side: the page's ids (newest first, read backwards) by an
            # index-only scan, whatever the page number; with a state filter; and among the
            # undecided (the overdue filter, and the not-yet-due count that the overdue count
            # is taken from). The counts by state are in ReferralCount.
            models.Index(fields=["to_organisation", "created_at", "id"],
                         name="referral_to_page"),
            models.Index(fields=["from_organisation", "created_at", "id"],
                         name="referral_from_page"),
            models.Index(fields=["to_organisation", "state", "created_at", "id"],
                         name="referral_to_state_page"),
            models.Index(fields=["from_organisation", "state", "created_at", "id"],
                         name="referral_from_state_page"),
            models.Index(fields=["to_organisation", "created_at", "id", "decision_due_at",
                                 "ack_due_at", "state"], condition=UNDECIDED,
                         name="referral_to_undecided_page"),
            models.Index(fields=["from_organisation", "created_at", "id", "decision_due_at",
                                 "ack_due_at", "state"], condition=UNDECIDED,
                         name="referral_from_undecided_page"),
            models.Index(fields=["to_organisation", "decision_due_at", "ack_due_at", "state"],
                         condition=UNDECIDED, name="referral_to_undecided_due"),
            models.Index(fields=["from_organisation", "decision_due_at", "ack_due_at", "state"],
                         condition=UNDECIDED, name="referral_from_undecided_due"),
            models.Index(fields=["state", "decision_due_at"]),
            models.Index(fields=["household", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"Referral {self.reference}"

    @property
    def shared_labels(self) -> list[str]:
        labels = dict(SharedItem.choices)
        return [str(labels.get(item, item)) for item in self.shared_items]

    @property
    def is_terminal(self) -> bool:
        from .lifecycle import TERMINAL_STATES

        return self.state in TERMINAL_STATES


class ReferralEvent(AppendOnlyModel):
    """One step in a referral's life: who, from which organisation, when, what and why.
    Append-only; `sequence` is contiguous per referral so a lost or reordered event shows."""

    # Blanked by the retention purge only (kinship.core.purge); nothing else may change.
    retention_purge_fields = ("note", "actor_name", "details")

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="events")
    sequence = models.PositiveIntegerField()
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    actor_name = models.CharField(max_length=150, blank=True)
    organisation = models.ForeignKey(Organisation, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    organisation_name = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=16, choices=Action.choices)
    from_state = models.CharField(max_length=16, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=16, choices=State.choices)
    note = models.TextField(max_length=2000, blank=True)
    # Declines and redirects: why, as a code (counted in published insight; the note is not).
    reason_code = models.CharField(max_length=32, choices=ReasonCode.choices, blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["referral", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["referral", "sequence"],
                                    name="referral_event_sequence_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.referral_id} #{self.sequence} {self.action}"



class PartnerApiKey(models.Model):
    """A partner system's key for the referrals API. Only a hash is stored; the key is shown
    once when made."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                     related_name="referral_api_keys")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, unique=True)
    key_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.organisation} key {self.prefix}"


class WebhookEndpoint(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                     related_name="referral_webhooks")
    url = models.URLField(max_length=500)
    secret = models.CharField(max_length=128)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.url


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed (gave up)")


class WebhookDelivery(models.Model):
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE,
                                 related_name="deliveries")
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="+")
    event_sequence = models.PositiveIntegerField()
    payload = models.JSONField()
    status = models.CharField(max_length=16, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Delivery {self.pk} to {self.endpoint_id} ({self.status})"


class CountBox(models.TextChoices):
    INCOMING = "incoming", _("Sent to us")
    OUTGOING = "outgoing", _("Sent by us")


class ReferralCount(models.Model):
    """How many referrals an organisation has in a box (sent to it, sent by it) in each state.
    Kept by database triggers on the referrals table (`kinship/referrals/counts.py`), so every
    writer keeps it right in its own transaction; the inbox reads it instead of counting.
    `manage.py referral_counts --check` compares it with a direct count, `--rebuild` remakes it."""

    organisation = models.ForeignKey(Organisation, on_delete=models.DO_NOTHING,
                                     db_constraint=False, related_name="+")
    box = models.CharField(max_length=8, choices=CountBox.choices)
    state = models.CharField(max_length=16, choices=State.choices)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "box", "state"],
                                    name="referral_count_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.box} {self.state}: {self.n}"
