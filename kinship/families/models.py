"""Households, their carers and children, the child's legal arrangement and care history, and
the family's consent records. Never public: staff reach these only through
`selectors.visible_households`, and every view is audited."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinship.accounts.models import Organisation
from kinship.core.models import AppendOnlyModel
from kinship.places.models import Council


class LegalArrangement(models.TextChoices):
    """The child's legal arrangement. Statutory rights depend on it (DOMAIN.md §1)."""

    INFORMAL = "informal", _("Informal (no order, not looked after)")
    LOOKED_AFTER_KINSHIP = "looked_after_kinship", _("Looked after in kinship care")
    KINSHIP_CARE_ORDER = "kinship_care_order", _("Kinship care order (s.72 2014 Act)")
    OTHER_S11_ORDER = "other_s11_order", _("Other section 11 order (1995 Act)")
    PERMANENCE_ORDER = "permanence_order", _("Permanence order")
    ADOPTION = "adoption", _("Adoption")
    NOT_SURE = "not_sure", _("Not sure")


class Relationship(models.TextChoices):
    GRANDPARENT = "grandparent", _("Grandparent")
    AUNT_UNCLE = "aunt_uncle", _("Aunt or uncle")
    SIBLING = "sibling", _("Older brother or sister")
    OTHER_RELATIVE = "other_relative", _("Other relative")
    FAMILY_FRIEND = "family_friend", _("Family friend or someone the child knows")
    OTHER = "other", _("Other")


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("Phone call")
    TEXT = "text", _("Text message")
    EMAIL = "email", _("Email")
    LETTER = "letter", _("Letter")


class Household(models.Model):
    """A kinship family: the home the child lives in, and the council area it is in."""

    council = models.ForeignKey(
        Council, null=True, blank=True, on_delete=models.PROTECT, related_name="households"
    )
    # The household's main arrangement; each child carries their own legal arrangement too.
    arrangement = models.CharField(
        max_length=32, choices=LegalArrangement.choices, default=LegalArrangement.NOT_SURE
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Family {self.pk}"


class FamilyAccess(models.Model):
    """An organisation holds the household's record (it works with the family), and why."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="accesses")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="family_accesses"
    )
    reason = models.CharField(max_length=300)
    granted_at = models.DateTimeField(auto_now_add=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["household", "organisation"], condition=models.Q(ended_at__isnull=True),
                name="one_current_access_per_organisation",
            )
        ]
        indexes = [models.Index(fields=["organisation", "household"])]

    def __str__(self) -> str:
        return f"{self.organisation} holds {self.household}"


class Carer(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="carers")
    full_name = models.CharField(max_length=150)
    relationship = models.CharField(
        max_length=32, choices=Relationship.choices, default=Relationship.GRANDPARENT
    )
    date_of_birth = models.DateField(null=True, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    postal_address = models.TextField(max_length=500, blank=True)
    preferred_channel = models.CharField(max_length=16, choices=ContactChannel.choices,
                                         blank=True)
    best_time_to_contact = models.CharField(max_length=200, blank=True)
    safe_to_leave_message = models.BooleanField(default=False)
    safe_to_send_letter = models.BooleanField(default=False)
    is_main_contact = models.BooleanField(default=True)

    class Meta:
        ordering = ["-is_main_contact", "id"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def first_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else ""


class Child(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="children")
    full_name = models.CharField(max_length=150)
    date_of_birth = models.DateField(null=True, blank=True)
    legal_arrangement = models.CharField(
        max_length=32, choices=LegalArrangement.choices, default=LegalArrangement.NOT_SURE
    )
    arrangement_started_on = models.DateField(null=True, blank=True)
    # Care history is legal fact; "care experienced" is how the person describes themselves
    # (not a legal term: DOMAIN.md §6), so the two are kept apart.
    was_looked_after = models.BooleanField(null=True, blank=True)
    looked_after_from = models.DateField(null=True, blank=True)
    looked_after_to = models.DateField(null=True, blank=True)
    # The council that placed the child (looked after) or was responsible when the order was
    # made: it decides which council stays responsible when the family moves (caseload,
    # docs/caseload.md "Which council is responsible").
    placing_council = models.ForeignKey(
        Council, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    care_experienced_self_identified = models.BooleanField(null=True, blank=True)
    school = models.CharField(max_length=200, blank=True)
    named_person = models.CharField(max_length=200, blank=True)
    lead_professional = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["date_of_birth", "id"]
        verbose_name_plural = "children"

    def __str__(self) -> str:
        return self.full_name


class ConsentScope(models.TextChoices):
    RECORD_KEEPING = "record_keeping", _("Keep a record of the family")
    SHARE_WITH_ORGANISATION = "share_with_organisation", _("Share with a named organisation")
    CONTACT_BY_CHANNEL = "contact_by_channel", _("Contact the family by a channel")


class ConsentMethod(models.TextChoices):
    VERBAL_PHONE = "verbal_phone", _("Said yes on the phone")
    WRITTEN = "written", _("In writing")
    WEB_FORM = "web_form", _("On the web form")
    IN_PERSON = "in_person", _("Said yes in person")


class Consent(models.Model):
    """What the family agreed to, who agreed, when and how it was recorded. Withdrawal is a
    date, never a deletion, so the history of what was allowed when is kept."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="consents")
    given_by = models.ForeignKey(
        Carer, null=True, blank=True, on_delete=models.SET_NULL, related_name="consents"
    )
    given_by_name = models.CharField(max_length=150)
    scope = models.CharField(max_length=32, choices=ConsentScope.choices)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="consents"
    )
    channel = models.CharField(max_length=16, choices=ContactChannel.choices, blank=True)
    given_at = models.DateTimeField()
    method = models.CharField(max_length=16, choices=ConsentMethod.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawal_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-given_at", "-id"]
        indexes = [models.Index(fields=["organisation", "scope", "withdrawn_at"])]
        constraints = [
            models.CheckConstraint(
                name="share_consent_names_organisation",
                condition=~models.Q(scope="share_with_organisation")
                | models.Q(organisation__isnull=False),
            ),
            models.CheckConstraint(
                name="contact_consent_names_channel",
                condition=~models.Q(scope="contact_by_channel") | ~models.Q(channel=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} ({self.given_by_name})"

    @property
    def is_current(self) -> bool:
        return self.withdrawn_at is None

    @property
    def description(self) -> str:
        if self.scope == ConsentScope.SHARE_WITH_ORGANISATION and self.organisation:
            return f"Share with {self.organisation.name}"
        if self.scope == ConsentScope.CONTACT_BY_CHANNEL:
            return f"Contact by {self.get_channel_display().lower()}"
        return str(self.get_scope_display())


class ConsentChangeKind(models.TextChoices):
    GIVEN = "given", _("Given")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ConsentChange(AppendOnlyModel):
    """The history of a consent: each time it was given or withdrawn, by whom, and why.
    Append-only, so what the family had allowed at any moment can always be shown."""

    # Blanked by the retention purge only (kinship.core.purge); nothing else may change.
    retention_purge_fields = ("note",)

    consent = models.ForeignKey(Consent, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=16, choices=ConsentChangeKind.choices)
    at = models.DateTimeField()
    # Copied as text, not a foreign key, so the history never changes when a user does.
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_email = models.CharField(max_length=254, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["consent", "at", "id"]

    def __str__(self) -> str:
        return f"Consent {self.consent_id} {self.kind} {self.at:%Y-%m-%d}"
