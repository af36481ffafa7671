"""Councils' published allowance rates and the Scottish Recommended Allowance (SRA).

Money is `Decimal` with two places throughout. Publications are append-only: publishing
again makes a new version and the old one stays, because the history is public.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinship.core.models import AppendOnlyModel
from kinship.places.models import Council

MONEY = {"max_digits": 8, "decimal_places": 2}


class CarerType(models.TextChoices):
    FOSTER = "foster", _("Foster carers")
    KINSHIP = "kinship", _("Kinship carers")
    KINSHIP_CARE_ORDER = "kinship_care_order", _("Kinship carers with a kinship care order")
    KINSHIP_LOOKED_AFTER = "kinship_looked_after", _(
        "Kinship carers of a looked-after child"
    )


class ExtraPaymentKind(models.TextChoices):
    BIRTHDAY = "birthday", _("Birthday")
    HOLIDAY = "holiday", _("Holiday")
    START_UP = "start_up", _("Start-up (when a child arrives)")
    CHRISTMAS = "christmas", _("Christmas or festival")
    OTHER = "other", _("Other")


class RecommendedAllowance(models.Model):
    """One SRA age band for one financial year, with the page it was published on.

    Loaded from data/scottish_recommended_allowance.csv; later years are added by an
    administrator only with their source (never guessed)."""

    financial_year = models.CharField(max_length=7, help_text=_("For example 2023-24."))
    age_from = models.PositiveSmallIntegerField()
    age_to = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Empty for the top band (for example 16+).")
    )
    weekly_amount = models.DecimalField(**MONEY)
    effective_from = models.DateField()
    source_url = models.URLField(max_length=500, help_text=_("Where this rate was published."))
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["financial_year", "age_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["financial_year", "age_from"], name="sra_one_band_per_year_and_age"
            )
        ]

    def __str__(self) -> str:
        top = f"–{self.age_to}" if self.age_to is not None else "+"
        return f"SRA {self.financial_year} ages {self.age_from}{top}: £{self.weekly_amount}"


class RatePublication(AppendOnlyModel):
    """One version of a council's rates for one financial year and carer type."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="rate_publications")
    financial_year = models.CharField(max_length=7)
    carer_type = models.CharField(max_length=32, choices=CarerType.choices)
    version = models.PositiveIntegerField()
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    source_url = models.URLField(max_length=500, blank=True)
    notes = models.TextField(blank=True)
    effective_from = models.DateField()
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["council__name", "-financial_year", "carer_type", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "financial_year", "carer_type", "version"],
                name="one_publication_per_version",
            )
        ]
        indexes = [models.Index(fields=["financial_year", "carer_type"])]

    def __str__(self) -> str:
        return (f"{self.council} {self.financial_year} {self.get_carer_type_display()} "
                f"v{self.version}")


class RateBand(AppendOnlyModel):
    publication = models.ForeignKey(RatePublication, on_delete=models.PROTECT,
                                    related_name="bands")
    age_from = models.PositiveSmallIntegerField()
    age_to = models.PositiveSmallIntegerField(null=True, blank=True)
    weekly_amount = models.DecimalField(**MONEY)

    class Meta:
        ordering = ["publication", "age_from"]

    def __str__(self) -> str:
        top = f"–{self.age_to}" if self.age_to is not None else "+"
        return f"{self.age_from}{top}: £{self.weekly_amount}"


class ExtraPayment(AppendOnlyModel):
    publication = models.ForeignKey(RatePublication, on_delete=models.PROTECT,
                                    related_name="extras")
    kind = models.CharField(max_length=16, choices=ExtraPaymentKind.choices)
    amount = models.DecimalField(**MONEY)
    age_from = models.PositiveSmallIntegerField(null=True, blank=True)
    age_to = models.PositiveSmallIntegerField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True, help_text=_("How often, and who gets it."))

    class Meta:
        ordering = ["publication", "kind", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: £{self.amount}"
