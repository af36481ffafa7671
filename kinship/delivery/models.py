"""The national delivery plan as data, and what people say about it.

- `Area` and `Commitment`: the Scottish Offer's six areas and each commitment, loaded from the
  consultation text with the exact words it comes from (`offer_text.py`).
- `Milestone`: dated steps with an owner and status, entered by platform staff.
- `PlanChange`: append-only; every change to a commitment or milestone, with who, when, why,
  and the state before and after (the public history of the plan).
- `Indicator` and `IndicatorReading`: outcome indicators, computed from the product's own data
  where it holds them (readings kept over time, append-only) or entered with a source.
- `Response`, `Theme`, `ThemeSuggestion`: "have your say" feedback, its moderation and themes.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinship.core.models import AppendOnlyModel


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    LATE = "late", _("Late")
    DONE = "done", _("Done")


class Area(models.Model):
    number = models.PositiveSmallIntegerField(unique=True)
    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120)
    short_name = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    source_line = models.PositiveIntegerField()

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.short_name}"


class Commitment(models.Model):
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="commitments")
    number = models.PositiveSmallIntegerField()
    slug = models.SlugField(max_length=60, unique=True)
    # The consultation's exact words: never edited by hand (the loader sets it).
    quotation = models.TextField()
    source_title = models.CharField(max_length=300)
    source_line = models.PositiveIntegerField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NOT_STARTED)
    owner = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["area__number", "number"]
        constraints = [
            models.UniqueConstraint(fields=["area", "number"], name="commitment_number_per_area")
        ]

    def __str__(self) -> str:
        return f"{self.area.short_name} {self.number}"

    @property
    def label(self) -> str:
        return f"{self.area.short_name} {self.number}"

    @property
    def headline(self) -> str:
        first = self.quotation.split("\n", 1)[0]
        return first if len(first) <= 140 else first[:137].rsplit(" ", 1)[0] + "…"


class Milestone(models.Model):
    commitment = models.ForeignKey(Commitment, on_delete=models.PROTECT, related_name="milestones")
    title = models.CharField(max_length=300)
    due_on = models.DateField()
    owner = models.CharField(max_length=200)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NOT_STARTED)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title


class PlanChange(AppendOnlyModel):
    """One change to the plan: never altered, so the plan's history is complete and public."""

    class Kind(models.TextChoices):
        COMMITMENT = "commitment", _("Commitment updated")
        MILESTONE_ADDED = "milestone_added", _("Milestone added")
        MILESTONE_CHANGED = "milestone_changed", _("Milestone changed")
        READING_ENTERED = "reading_entered", _("Indicator figure entered")

    commitment = models.ForeignKey(Commitment, on_delete=models.PROTECT, related_name="changes")
    milestone = models.ForeignKey(
        Milestone, null=True, blank=True, on_delete=models.PROTECT, related_name="changes"
    )
    kind = models.CharField(max_length=24, choices=Kind.choices)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict)
    reason = models.TextField(max_length=1000)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Copied as text so the history still says who after an account is removed.
    changed_by_name = models.CharField(max_length=200)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.commitment} at {self.changed_at:%Y-%m-%d}"


class Indicator(models.Model):
    class Method(models.TextChoices):
        COMPUTED = "computed", _("Computed from this service's own data")
        ENTERED = "entered", _("Entered by platform staff, with its source")

    class Unit(models.TextChoices):
        COUNCILS = "councils", _("councils")
        PERCENT = "percent", _("per cent")
        GAPS = "gaps", _("gaps")
        COUNT = "count", _("count")

    key = models.SlugField(max_length=60, unique=True)
    commitment = models.ForeignKey(Commitment, on_delete=models.PROTECT, related_name="indicators")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    method = models.CharField(max_length=12, choices=Method.choices)
    unit = models.CharField(max_length=12, choices=Unit.choices)

    class Meta:
        ordering = ["commitment__area__number", "commitment__number", "key"]

    def __str__(self) -> str:
        return self.name


class IndicatorReading(AppendOnlyModel):
    """One figure for an indicator at one time. `value` is what may be published after
    disclosure control (None when withheld); the true counts stay out of public output."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="readings")
    value = models.DecimalField(max_digits=9, decimal_places=1, null=True, blank=True)
    numerator = models.PositiveIntegerField(null=True, blank=True)
    denominator = models.PositiveIntegerField(null=True, blank=True)
    withheld = models.BooleanField(default=False)
    disclosure_note = models.CharField(max_length=300, blank=True)
    measured_at = models.DateTimeField(default=timezone.now)
    source = models.CharField(max_length=500, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["indicator", "measured_at", "id"]

    def __str__(self) -> str:
        return f"{self.indicator.key} {self.measured_at:%Y-%m-%d}: {self.value}"


# --- have your say ---------------------------------------------------------------------------


class Audience(models.TextChoices):
    FAMILY = "family", _("A kinship family")
    YOUNG_PERSON = "young_person", _("A young person")
    PROFESSIONAL = "professional", _("A professional")


class Moderation(models.TextChoices):
    PENDING = "pending", _("Waiting for moderation")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Theme(models.Model):
    name = models.CharField(max_length=120, unique=True)
    commitment = models.ForeignKey(
        Commitment, null=True, blank=True, on_delete=models.SET_NULL, related_name="themes"
    )
    # "You said, we did": what changed because of it (public once written).
    we_did = models.TextField(max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Response(models.Model):
    """One piece of feedback. No name, no contact details, no account: nothing identifies the
    author, and text that looks like personal details is held back (`flags`)."""

    audience = models.CharField(max_length=16, choices=Audience.choices)
    area = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.PROTECT, related_name="responses"
    )
    commitment = models.ForeignKey(
        Commitment, null=True, blank=True, on_delete=models.PROTECT, related_name="responses"
    )
    works = models.TextField(max_length=2000, blank=True)
    does_not_work = models.TextField(max_length=2000, blank=True)
    may_publish = models.BooleanField(default=False)
    # What looked like personal details (kinds only, e.g. "phone number"), for the moderator.
    flags = models.JSONField(default=list, blank=True)
    moderation = models.CharField(
        max_length=12, choices=Moderation.choices, default=Moderation.PENDING
    )
    # The text as the moderator cleared it for publishing (personal details removed).
    published_text = models.TextField(max_length=4000, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="responses")
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["moderation", "submitted_at"])]

    def __str__(self) -> str:
        return f"Response {self.pk} ({self.get_audience_display()})"

    @property
    def text(self) -> str:
        return "\n".join(t for t in (self.works, self.does_not_work) if t)


class ThemeSuggestion(models.Model):
    """A theme the computer suggested for a response, and what the analyst decided."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("Not decided")
        ACCEPTED = "accepted", _("Accepted")
        EDITED = "edited", _("Accepted with a different name")
        REJECTED = "rejected", _("Rejected")

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="suggestions")
    label = models.CharField(max_length=120)
    decision = models.CharField(max_length=12, choices=Decision.choices, default=Decision.PENDING)
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="suggestions"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["response", "label"], name="one_suggestion_per_label")
        ]

    def __str__(self) -> str:
        return f"{self.label} → response {self.response_id}"
