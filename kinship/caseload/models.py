"""The co-ordinator's caseload: who holds each family's case, the named contacts on the team
around the family, which partner an agreed action needs, and an order change planned for a
child. Everything else on the caseload (referrals, assessments, children's dates) is read from
the apps that own it."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinship.accounts.models import Organisation
from kinship.families.models import Child, Household, LegalArrangement
from kinship.places.models import Council


class PartnerDomain(models.TextChoices):
    """The partners a Kinship Co-ordinator makes act together (issue 15)."""

    EDUCATION = "education", _("Education")
    HEALTH = "health", _("Health")
    HOUSING = "housing", _("Housing")
    SOCIAL_WORK = "social_work", _("Social work")
    THIRD_SECTOR = "third_sector", _("Third sector")


class Allocation(models.Model):
    """A worker holds a family's case for their organisation. Ending it keeps the row."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="allocations")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="caseload_allocations"
    )
    allocated_at = models.DateTimeField(default=timezone.now)
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["household", "organisation"],
                condition=models.Q(ended_at__isnull=True),
                name="one_current_holder_per_organisation",
            )
        ]
        indexes = [models.Index(fields=["worker", "ended_at"])]

    def __str__(self) -> str:
        return f"{self.worker} holds {self.household}"


class TeamContact(models.Model):
    """A named person on the team around the family (a guidance teacher, a health visitor, a
    housing officer): that partner is engaged even without a referral."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="team_contacts")
    domain = models.CharField(max_length=16, choices=PartnerDomain.choices)
    name = models.CharField(max_length=150)
    role = models.CharField(max_length=150, blank=True)
    organisation_name = models.CharField(max_length=200, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    added_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["domain", "name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_domain_display()})"


class ActionNeed(models.Model):
    """The partner an agreed action of an assessment needs (the assessment's seven kinds of
    support do not say whether it is housing, school or health)."""

    action = models.OneToOneField(
        "assessments.AgreedAction", on_delete=models.CASCADE, related_name="partner_need"
    )
    domain = models.CharField(max_length=16, choices=PartnerDomain.choices)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    set_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Action {self.action_id} needs {self.domain}"


class PlannedOrderChange(models.Model):
    """A change of a child's legal arrangement that is planned (being considered) or pending
    (applied for, awaiting the court or hearing). When it happens it is recorded through
    `families.services.child_change_arrangement`; this row only drives the caseload's dates."""

    class Stage(models.TextChoices):
        PLANNED = "planned", _("Planned")
        PENDING = "pending", _("Pending (applied for)")

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="planned_changes")
    new_arrangement = models.CharField(max_length=32, choices=LegalArrangement.choices)
    stage = models.CharField(max_length=16, choices=Stage.choices, default=Stage.PLANNED)
    expected_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["expected_on", "id"]

    def __str__(self) -> str:
        return f"{self.child} to {self.new_arrangement} on {self.expected_on}"


class HandOver(models.Model):
    """The family moved to another council: when, and whether they were referred to the new
    council's kinship team (`referral`). The worker keeps the family until the new council
    accepts the referral; then the caseload shows the family as handed over."""

    class Outcome(models.TextChoices):
        REFERRED = "referred", _("Referred to the new council's kinship team")
        NO_CONSENT = "no_consent", _("Not referred: the family has not agreed to share")
        NO_TEAM = "no_team", _("Not referred: the new council has no kinship team here")
        OWN_TEAM = "own_team", _("Not referred: your organisation is the new council's team")
        NOT_NEEDED = "not_needed", _("Not referred: local support stays with the same council")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="hand_overs")
    from_council = models.ForeignKey(
        Council, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")
    moved_on = models.DateField()
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    referral = models.ForeignKey(
        "referrals.Referral", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.household} moved to {self.to_council_id} on {self.moved_on}"
