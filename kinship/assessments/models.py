"""Family-focused wellbeing assessments (GIRFEC, the National Practice Model) and the written
record the family keeps.

- `AssessmentRequest`: a family (or a young person, or staff on their behalf) asks for an
  assessment; routed to the council's kinship team, or the partner the council delegates to.
  It carries the family's reference and secret (KA-...), and a deadline that is chased.
- `Assessment`: the working copy a worker fills in: SHANARRI per child, the My World Triangle
  for the family, three voices per child, the carer's own needs, agreed actions.
- `RecordVersion`: each issued written record (the snapshot and its PDF). Append-only: a review
  is a new version, never an edit.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinship.accounts.models import Organisation
from kinship.core.models import AppendOnlyModel
from kinship.families.models import Child, Household
from kinship.places.models import Council

from .wellbeing import KindOfSupport, Rating


class Requester(models.TextChoices):
    CARER = "carer", _("A kinship carer")
    YOUNG_PERSON = "young_person", _("A young person in kinship care")
    ON_BEHALF = "on_behalf", _("Staff, on the family's behalf")


class ContactMethod(models.TextChoices):
    PHONE = "phone", _("Phone call")
    TEXT = "text", _("Text message")
    EMAIL = "email", _("Email")


class RequestState(models.TextChoices):
    NEW = "new", _("Waiting for the team")
    ACCEPTED = "accepted", _("Assessment started")
    DECLINED = "declined", _("Closed without an assessment")


class AssessmentDelegation(models.Model):
    """A council has asked a named partner to carry out its kinship assessments."""

    council = models.OneToOneField(
        Council, on_delete=models.PROTECT, related_name="assessment_delegation"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="assessment_delegations"
    )
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.council} delegates to {self.organisation}"


class AssessmentRequest(models.Model):
    reference = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    # One form submission makes one request, however often it is sent.
    submission_token = models.CharField(max_length=64, unique=True, null=True, blank=True)
    requester = models.CharField(max_length=16, choices=Requester.choices, default=Requester.CARER)
    council = models.ForeignKey(
        Council, null=True, blank=True, on_delete=models.PROTECT, related_name="assessment_requests"
    )
    postcode_district = models.CharField(max_length=4, blank=True)
    # The team that must answer: the council's kinship team or its delegated partner.
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assessment_requests",
    )
    delegated = models.BooleanField(default=False)
    contact_name = models.CharField(max_length=150, blank=True)
    contact_method = models.CharField(
        max_length=16, choices=ContactMethod.choices, default=ContactMethod.PHONE
    )
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    best_time = models.CharField(max_length=200, blank=True)
    safe_to_leave_message = models.BooleanField(default=False)
    children_summary = models.CharField(max_length=300, blank=True)
    what_is_happening = models.TextField(max_length=5000)
    household = models.ForeignKey(
        Household,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assessment_requests",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_by_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(max_length=16, choices=RequestState.choices, default=RequestState.NEW)
    family_message = models.TextField(max_length=2000, blank=True)
    due_at = models.DateTimeField()
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    # Defaults rather than auto_now*, so demo data and benchmarks can write past times.
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(fields=["organisation", "state", "due_at", "id"]),
            models.Index(fields=["state", "due_at"]),
        ]

    def __str__(self) -> str:
        return f"Assessment request {self.reference}"

    @property
    def is_open(self) -> bool:
        return self.state == RequestState.NEW


class AssessmentState(models.TextChoices):
    IN_PROGRESS = "in_progress", _("Being assessed")
    ISSUED = "issued", _("Written record given")
    CLOSED = "closed", _("Closed")


class Assessment(models.Model):
    request = models.OneToOneField(
        AssessmentRequest, on_delete=models.PROTECT, related_name="assessment"
    )
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="assessments")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="assessments"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assessments",
    )
    state = models.CharField(
        max_length=16, choices=AssessmentState.choices, default=AssessmentState.IN_PROGRESS
    )
    # The carer's own needs ({CarerNeed code: text}): the Offer assesses the whole family.
    carer_needs = models.JSONField(default=dict, blank=True)
    # The child or carer agreed that organisations the family shares with may read the
    # child's own words (otherwise only the assessing organisation can).
    child_words_shared = models.BooleanField(default=False)
    review_due_on = models.DateField(null=True, blank=True)
    review_reminded_at = models.DateTimeField(null=True, blank=True)
    review_escalated_at = models.DateTimeField(null=True, blank=True)
    versions_issued = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "state", "review_due_on"]),
            # The "being assessed" box, oldest first.
            models.Index(
                fields=["organisation", "state", "created_at", "id"],
                name="assessment_queue_started",
            ),
            models.Index(fields=["household"]),
            models.Index(fields=["state", "review_due_on"]),
        ]

    def __str__(self) -> str:
        return f"Assessment {self.request.reference if self.request_id else self.pk}"


class WellbeingEntry(models.Model):
    """Strengths, needs and a rating for one SHANARRI indicator of one child, or one side of
    the My World Triangle for the family (child empty)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="entries")
    child = models.ForeignKey(
        Child, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    area = models.CharField(max_length=16)  # an Indicator or a TriangleSide code
    strengths = models.TextField(max_length=2000, blank=True)
    needs = models.TextField(max_length=2000, blank=True)
    rating = models.PositiveSmallIntegerField(choices=Rating.choices, null=True, blank=True)

    class Meta:
        ordering = ["assessment", "child", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "child", "area"],
                condition=models.Q(child__isnull=False),
                name="one_entry_per_child_area",
            ),
            models.UniqueConstraint(
                fields=["assessment", "area"],
                condition=models.Q(child__isnull=True),
                name="one_family_entry_per_area",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area} ({self.child_id or 'family'})"


class ChildPart(models.Model):
    """One child in the assessment: the three voices side by side, never averaged."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="child_parts")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="+")
    question_set = models.CharField(max_length=16, default="older")
    # {question key: the child's words as written}; keys in `declined` are "I don't want to
    # answer", which is an answer too and is shown as such.
    answers = models.JSONField(default=dict, blank=True)
    declined = models.JSONField(default=list, blank=True)
    carer_view = models.TextField(max_length=5000, blank=True)
    practitioner_view = models.TextField(max_length=5000, blank=True)
    # A link the child can use to answer on their own (only a hash is kept).
    link_hash = models.CharField(max_length=64, blank=True)
    answered_by_child_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["assessment", "child__date_of_birth", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "child"], name="one_part_per_child"),
        ]

    def __str__(self) -> str:
        return f"Child {self.child_id} in assessment {self.assessment_id}"


class AgreedAction(models.Model):
    """Agreed support, against one of the seven kinds. Each is either a tracked referral or a
    task with an owner and a due date: never neither (a database constraint)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(max_length=32, choices=KindOfSupport.choices)
    what = models.CharField(max_length=500)
    referral = models.ForeignKey(
        "referrals.Referral", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    owner_name = models.CharField(max_length=150, blank=True)
    due_on = models.DateField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["assessment", "id"]
        constraints = [
            models.CheckConstraint(
                name="action_is_referral_or_owned_task",
                condition=models.Q(referral__isnull=False)
                | (~models.Q(owner_name="") & models.Q(due_on__isnull=False)),
            ),
        ]

    def __str__(self) -> str:
        return self.what

    @property
    def is_referral(self) -> bool:
        return self.referral_id is not None


class RecordVersion(AppendOnlyModel):
    """One issued written record: everything it said (`snapshot`) and the PDF the family was
    given, exactly. The first is the assessment; each review adds a version."""

    # Blanked by the retention purge only (kinship.core.purge); number and dates stay.
    retention_purge_fields = ("snapshot", "pdf")

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    is_review = models.BooleanField(default=False)
    snapshot = models.JSONField()
    pdf = models.BinaryField()
    issued_at = models.DateTimeField(default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_by_name = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["assessment", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "number"], name="record_version_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} v{self.number}"
