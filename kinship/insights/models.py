"""A release: figures for one period, protected, prepared by one analyst and approved by
another. Only protected figures are stored here, never the true counts."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")


class ReleaseStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be built")
    BUILDING = "building", _("Being built")
    READY = "ready", _("Ready for a second analyst to approve")
    FAILED = "failed", _("Could not be built")
    APPROVED = "approved", _("Approved and published")


class Release(models.Model):
    period_kind = models.CharField(max_length=8, choices=PeriodKind.choices)
    period_start = models.DateField()
    period_end = models.DateField()  # exclusive
    status = models.CharField(
        max_length=10, choices=ReleaseStatus.choices, default=ReleaseStatus.QUEUED
    )
    threshold = models.PositiveSmallIntegerField()
    safety_range = models.PositiveSmallIntegerField()
    progress = models.PositiveSmallIntegerField(default=0)  # percent of tables built
    failure = models.CharField(max_length=300, blank=True)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    prepared_at = models.DateTimeField(auto_now_add=True)
    built_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    build_seconds = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["-period_start", "-prepared_at"]
        constraints = [
            models.CheckConstraint(
                name="release_approver_is_not_preparer",
                condition=models.Q(approved_by__isnull=True)
                | ~models.Q(approved_by=models.F("prepared_by")),
            ),
        ]

    def __str__(self) -> str:
        if self.period_kind == PeriodKind.QUARTER:
            return f"{self.period_start:%B} to {self.last_day:%B %Y}"
        return f"{self.period_start:%B %Y}"

    @property
    def last_day(self):
        return self.period_end - timedelta(days=1)

    @property
    def is_public(self) -> bool:
        return self.status == ReleaseStatus.APPROVED


class ReleaseTable(models.Model):
    """One protected table: a measure by geography. `cells` holds only what is published:
    [{"row", "row_label", "col", "col_label", "value" (null when withheld), "status"}]."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="tables")
    position = models.PositiveSmallIntegerField(default=0)
    measure = models.SlugField(max_length=60)
    geography = models.CharField(max_length=16)
    title = models.CharField(max_length=200)
    unit = models.CharField(max_length=60)
    rows = models.JSONField(default=list)  # [[code, label], ...] in order
    cols = models.JSONField(default=list)
    cells = models.JSONField(default=list)
    # The disclosure record: rules applied and how many cells each touched (no true values).
    disclosure = models.JSONField(default=dict)
    protected = models.BooleanField(default=True)  # False for reference tables (no families)

    class Meta:
        ordering = ["release", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["release", "measure", "geography"], name="release_table_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.title
