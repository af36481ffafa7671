"""Data protection: each organisation's retention periods, legal holds, what the retention
job anonymised (append-only, no personal details), and the family's requests (access,
correction, erasure) with their decisions and the access export."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinship.accounts.models import Organisation
from kinship.core.models import AppendOnlyModel
from kinship.families.models import Household


class RetentionPeriod(models.Model):
    """An organisation's own period for a rule the law leaves to it (see
    `retention_schedule.SETTABLE_KEYS`); without one, the documented default applies."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="retention_periods"
    )
    rule_key = models.CharField(max_length=40)
    months = models.PositiveIntegerField()
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "rule_key"], name="one_period_per_rule_and_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.rule_key}: {self.months} months"


class LegalHold(models.Model):
    """Stops the retention job for one family's records (an inquiry, a complaint, a court
    case), with a reason and an end date. Placing and lifting are audited."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="legal_holds")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=300)
    ends_on = models.DateField()
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    placed_at = models.DateTimeField(default=timezone.now)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["ends_on", "id"]
        indexes = [models.Index(fields=["household", "lifted_at", "ends_on"])]

    def __str__(self) -> str:
        return f"Hold on family {self.household_id} until {self.ends_on}"


class Anonymisation(AppendOnlyModel):
    """One record anonymised by the retention job: which rule, which row, when. Ids only,
    never the details removed, so the trail says what was done without keeping them."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    rule_key = models.CharField(max_length=40)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    household_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    fields_cleared = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.object_type} {self.object_id} anonymised {self.at:%Y-%m-%d}"


class RequestKind(models.TextChoices):
    ACCESS = "access", _("See everything held (right of access)")
    CORRECTION = "correction", _("Correct something (right to rectification)")
    ERASURE = "erasure", _("Delete (right to erasure)")


class Decision(models.TextChoices):
    PENDING = "pending", _("Not decided yet")
    DONE = "done", _("Done as asked")
    PARTLY = "partly", _("Partly done")
    REFUSED = "refused", _("Refused")


class RightsRequest(models.Model):
    """A family's request under the UK GDPR (Articles 15, 16, 17), as the organisation
    received it, and its decision with the reasons. An access request carries its export."""

    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="rights_requests"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=RequestKind.choices)
    received_on = models.DateField()
    # What the family asked for, in their words (removed when the family record is anonymised).
    details = models.TextField(max_length=2000, blank=True)
    decision = models.CharField(max_length=16, choices=Decision.choices, default=Decision.PENDING)
    decision_note = models.TextField(max_length=2000, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # The access export, made by a background task.
    export_json = models.JSONField(null=True, blank=True)
    export_pdf = models.BinaryField(null=True, blank=True)
    export_ready_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "decision", "received_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for family {self.household_id}"
