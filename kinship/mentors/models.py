"""Mentoring schemes and short breaks (issue 23).

A scheme is an organisation (a council kinship team or a charity) that registers mentors:
experienced foster carers, each a member of the scheme's staff in the `mentor` role. A carer
asks for a mentor (`MentorRequest`); the scheme's co-ordinator matches them (`Match`), and
contacts are logged briefly (`MatchContact`, append-only). A short break is a published offer
(`ShortBreakOffer`); asking for one is a referral to the offer's service, linked here
(`ShortBreakRequest`), so accepting, declining and completing go through the referral
lifecycle.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinship.accounts.models import Organisation
from kinship.core.models import AppendOnlyModel
from kinship.directory.models import Service
from kinship.families.models import ContactChannel, Household
from kinship.places.models import Council
from kinship.referrals.models import Referral


class MentorOffer(models.TextChoices):
    PHONE = "phone", _("Phone calls")
    VISITS = "visits", _("Visits")
    SHORT_BREAKS = "short_breaks", _("Short breaks")


class Mentor(models.Model):
    """A scheme's mentor: a member of its staff in the mentor role, with the areas they
    cover, what they offer, when they are free, and when the scheme confirmed their checks."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="mentors")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mentor_profile"
    )
    councils = models.ManyToManyField(Council, related_name="mentors")
    offers = models.JSONField(default=list)
    availability = models.CharField(max_length=300)
    checks_confirmed_on = models.DateField()
    # The date the scheme's own policy says the checks must be renewed by.
    checks_renew_by = models.DateField()
    # When the scheme was told the checks had run out (once per expiry).
    expiry_notified_for = models.DateField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["user__full_name", "pk"]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def name(self) -> str:
        return self.user.full_name

    def checks_current(self, on=None) -> bool:
        return self.checks_renew_by >= (on or timezone.localdate())

    @property
    def offer_labels(self) -> list[str]:
        labels = dict(MentorOffer.choices)
        return [str(labels.get(o, o)) for o in self.offers]


class RequestSource(models.TextChoices):
    CHECKER = "checker", _("The 'what can we get?' checker")
    ASK_FOR_HELP = "ask", _("The 'ask for help' page")
    DIRECT = "direct", _("The mentoring page")
    WORKER = "worker", _("Through their worker")


class RequestState(models.TextChoices):
    OPEN = "open", _("Waiting for a mentor")
    MATCHED = "matched", _("Matched")
    CLOSED = "closed", _("Closed without a match")


class MentorRequest(models.Model):
    """A carer asking for a mentor, addressed to the scheme covering their council."""

    scheme = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="mentor_requests"
    )
    council = models.ForeignKey(
        Council, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Set when a worker asked for the family (or when the co-ordinator matched them).
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.PROTECT, related_name="mentor_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_by_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    carer_name = models.CharField(max_length=150)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    preferred_channel = models.CharField(max_length=16, choices=ContactChannel.choices)
    best_time = models.CharField(max_length=200, blank=True)
    wants = models.JSONField(default=list, blank=True)
    about = models.TextField(max_length=1000, blank=True)
    source = models.CharField(max_length=16, choices=RequestSource.choices)
    state = models.CharField(max_length=16, choices=RequestState.choices, default=RequestState.OPEN)
    closed_note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["scheme", "state", "created_at"])]

    def __str__(self) -> str:
        return f"Mentor request {self.pk}"


class EndReason(models.TextChoices):
    GOALS_MET = "goals_met", _("The family is settled; mentoring did its job")
    FAMILY_ENDED = "family_ended", _("The family asked to end it")
    MENTOR_UNAVAILABLE = "mentor_unavailable", _("The mentor can no longer do it")
    CHECKS_EXPIRED = "checks_expired", _("The mentor's checks ran out")
    NO_CONTACT = "no_contact", _("Could not keep in touch with the family")
    OTHER = "other", _("Other (see note)")


class Match(models.Model):
    request = models.OneToOneField(MentorRequest, on_delete=models.PROTECT, related_name="match")
    mentor = models.ForeignKey(Mentor, on_delete=models.PROTECT, related_name="matches")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="mentor_matches"
    )
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="mentor_matches"
    )
    matched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    matched_at = models.DateTimeField(default=timezone.now)
    introduced_at = models.DateTimeField(null=True, blank=True)
    review_due_on = models.DateField()
    last_reviewed_at = models.DateTimeField(null=True, blank=True)
    last_review_note = models.TextField(max_length=1000, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=32, choices=EndReason.choices, blank=True)
    end_note = models.CharField(max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-matched_at", "-pk"]
        verbose_name_plural = "matches"
        constraints = [
            models.CheckConstraint(
                name="mentor_match_ended_has_reason",
                condition=models.Q(ended_at__isnull=True) | ~models.Q(end_reason=""),
            )
        ]

    def __str__(self) -> str:
        return f"Match {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.ended_at is None


class ContactKind(models.TextChoices):
    PHONE = "phone", _("Phone call")
    VISIT = "visit", _("Visit")
    SHORT_BREAK = "short_break", _("Short break")
    MESSAGE = "message", _("Message or email")
    OTHER = "other", _("Other")


class MatchContact(AppendOnlyModel):
    """One contact between mentor and family, logged briefly. Append-only: a mistake is put
    right by another entry."""

    # Blanked by the retention purge only (kinship.core.purge); nothing else may change.
    retention_purge_fields = ("note",)

    match = models.ForeignKey(Match, on_delete=models.PROTECT, related_name="contacts")
    on = models.DateField()
    kind = models.CharField(max_length=16, choices=ContactKind.choices)
    note = models.CharField(max_length=300, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    logged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"{self.match_id} {self.kind} {self.on}"


class ShortBreakOffer(models.Model):
    """A short break a scheme publishes: who for, where, when, which ages. Requests for it are
    referrals to `service`."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="short_break_offers"
    )
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=150)
    who_for = models.CharField(max_length=300)
    where = models.CharField(max_length=200)
    when = models.CharField(max_length=200)
    min_age = models.PositiveSmallIntegerField(default=0)
    max_age = models.PositiveSmallIntegerField(default=17)
    councils = models.ManyToManyField(Council, related_name="short_break_offers")
    is_published = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title


class ShortBreakRequest(models.Model):
    """A request for a short break: the referral carries its whole life (accepted, declined
    with a reason, completed); this row says which offer it was for."""

    offer = models.ForeignKey(ShortBreakOffer, on_delete=models.PROTECT, related_name="requests")
    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="short_break")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Short break request {self.pk}"


class ProfessionalKind(models.TextChoices):
    SCHOOL = "school", _("School or nursery")
    HEALTH = "health", _("Health visitor, school nurse or other NHS")
    GP = "gp", _("GP practice")
    SOCIAL_WORK = "social_work", _("Social work")
    ADVICE = "advice", _("Advice agency")
    OTHER = "other", _("Other")


class AgreedHow(models.TextChoices):
    IN_PERSON = "in_person", _("They said yes in person")
    PHONE = "phone", _("They said yes on the phone")
    WRITING = "writing", _("They agreed in writing")


class ProfessionalReferral(models.Model):
    """A professional without an account referred a carer to the advice service (with the
    carer's agreement). The enquiry carries the carer's details; this row says who referred,
    how the carer agreed, and holds the hash of the professional's follow-up link, whose page
    shows progress only."""

    enquiry = models.OneToOneField(
        "advice.Enquiry", on_delete=models.PROTECT, related_name="professional_referral"
    )
    professional_name = models.CharField(max_length=150)
    professional_role = models.CharField(max_length=100)
    professional_organisation = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=ProfessionalKind.choices)
    work_email = models.EmailField()
    work_phone = models.CharField(max_length=40, blank=True)
    agreed_how = models.CharField(max_length=16, choices=AgreedHow.choices)
    consent_statement = models.CharField(max_length=500)
    follow_token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Professional referral {self.pk}"
