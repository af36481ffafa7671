"""The national advice hub: enquiries from every channel, advice given, callbacks, and the
knowledge base (versioned articles and "no wrong door" scripts)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinship.accounts.models import Organisation
from kinship.core.models import AppendOnlyModel
from kinship.families.models import Household
from kinship.places.models import Council


class Topic(models.Model):
    """A recurring-issue topic. The list is fixed (loaded by migration) so that counts over
    time compare like with like."""

    slug = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=100)
    public_name = models.CharField(max_length=150)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Channel(models.TextChoices):
    WEB = "web", _("Web form")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("Email")
    OUTREACH = "outreach", _("Outreach (met in person)")


class FirstContact(models.TextChoices):
    """How the family first reached the service (for the "first contact" insight)."""

    SELF = "self", _("The family themselves")
    PROFESSIONAL = "professional", _("Referred by a professional")
    OUTREACH = "outreach", _("Outreach")
    WORKER = "worker", _("Their kinship worker")


class State(models.TextChoices):
    NEW = "new", _("New")
    CLAIMED = "claimed", _("Claimed")
    WAITING = "waiting", _("Waiting for the family")
    CLOSED = "closed", _("Closed")


OPEN_STATES = (State.NEW, State.CLAIMED, State.WAITING)


class ContactMethod(models.TextChoices):
    PHONE = "phone", _("Phone call")
    TEXT = "text", _("Text message")
    EMAIL = "email", _("Email")
    LETTER = "letter", _("Letter")
    NONE = "none", _("Do not contact me")


class Outcome(models.TextChoices):
    ADVICE_GIVEN = "advice_given", _("Advice given")
    SIGNPOSTED = "signposted", _("Signposted to another service")
    REFERRED = "referred", _("Referred to another service")
    NO_CONTACT = "no_contact", _("Could not make contact")
    DUPLICATE = "duplicate", _("Duplicate of another enquiry")
    WITHDRAWN = "withdrawn", _("Family no longer needs help")


def topic_bit(topic_id: int | None) -> int | None:
    """The bit standing for a topic in `Enquiry.topic_bits`, or None for an id too large to
    have one (ids 1-62 fit a signed 64-bit integer; there are 15 topics): the queue then falls
    back to the topics table."""
    if topic_id is None or not 0 < topic_id < 63:
        return None
    return 1 << topic_id


def topic_bits_of(topic_ids) -> int:
    bits = 0
    for topic_id in topic_ids:
        bits |= topic_bit(topic_id) or 0
    return bits


class Enquiry(models.Model):
    reference = models.CharField(max_length=12, unique=True)
    # Only a keyed hash of the family's secret is kept (see services.secret_hash).
    secret_hash = models.CharField(max_length=64, blank=True)
    # One form submission makes one enquiry, however often it is sent.
    submission_token = models.CharField(max_length=64, unique=True, null=True, blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="enquiries"
    )
    channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.WEB)
    # How the family first reached the service, and for a professional referral the
    # referrer's role in their own words ("Guidance teacher"); never the referrer's name.
    first_contact = models.CharField(
        max_length=16, choices=FirstContact.choices, default=FirstContact.SELF
    )
    referrer_role = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.NEW)
    topics = models.ManyToManyField(Topic, blank=True, related_name="enquiries")
    # The same topics as one bit per topic id (`topic_bit`), kept by services._set_topics,
    # the one place topics change, so the queue filters by topic on the row it reads
    # instead of looking each row up in the topics table (issue 20).
    topic_bits = models.BigIntegerField(default=0, editable=False)
    council = models.ForeignKey(
        Council, null=True, blank=True, on_delete=models.PROTECT, related_name="enquiries"
    )
    postcode_district = models.CharField(max_length=4, blank=True)
    what_is_happening = models.TextField(max_length=5000)
    contact_name = models.CharField(max_length=150, blank=True)
    contact_method = models.CharField(max_length=16, choices=ContactMethod.choices,
                                      default=ContactMethod.NONE)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    postal_address = models.TextField(max_length=500, blank=True)
    best_time = models.CharField(max_length=200, blank=True)
    safe_to_leave_message = models.BooleanField(default=False)
    safe_to_send_letter = models.BooleanField(default=False)
    language = models.CharField(max_length=100, blank=True)
    access_needs = models.TextField(max_length=1000, blank=True)
    due_at = models.DateTimeField()
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="held_enquiries",
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    # Optimistic locking: every change is a conditional UPDATE on the version it was read at.
    version = models.PositiveIntegerField(default=1)
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.SET_NULL, related_name="enquiries"
    )
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(max_length=2000, blank=True)
    # Plain words for the family, shown when they check the status with their secret.
    family_message = models.TextField(max_length=2000, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name_plural = "enquiries"
        indexes = [
            # The default queue (open enquiries, soonest due first) reads this in order.
            models.Index(fields=["organisation", "due_at", "id"], name="advice_open_queue",
                         condition=models.Q(state__in=["new", "claimed", "waiting"])),
            models.Index(fields=["organisation", "state", "due_at", "id"]),
            models.Index(fields=["organisation", "council", "state", "due_at"]),
            models.Index(fields=["holder", "state", "due_at"]),
            # The open queue filtered by council (and topic, an EXISTS per row): read in
            # order, no sort of every open enquiry of the council (issue 20).
            models.Index(fields=["organisation", "council", "due_at", "id"],
                         name="advice_open_council_queue",
                         condition=models.Q(state__in=["new", "claimed", "waiting"])),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.state != State.CLOSED

    @property
    def first_name(self) -> str:
        return self.contact_name.split(" ")[0] if self.contact_name else ""


class AdviceNote(models.Model):
    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    body = models.TextField(max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Advice on {self.enquiry_id}"


class Callback(models.Model):
    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="callbacks")
    adviser = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="callbacks")
    due_at = models.DateTimeField()
    note = models.CharField(max_length=300, blank=True)
    raised_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [models.Index(fields=["raised_at", "due_at"])]

    def __str__(self) -> str:
        return f"Callback {self.due_at:%Y-%m-%d %H:%M}"


class Article(models.Model):
    """A rights-based guidance article. Its text lives in append-only versions."""

    slug = models.SlugField(max_length=100, unique=True)
    is_public = models.BooleanField(default=False)
    owner = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="articles")
    current_version = models.ForeignKey("ArticleVersion", null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+")
    # Set by the practice hub when something it cites (a rule, a rate, a service) changed;
    # cleared when an editor publishes a checked version. The public page says so.
    needs_review = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.current_version.title if self.current_version_id else self.slug


class ArticleVersion(AppendOnlyModel):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300)
    body = models.TextField()
    # One source a line: "Title | https://address". Facts in a body must cite one of these.
    sources = models.TextField(blank=True)
    review_by = models.DateField()
    owner = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="one_number_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"

    def source_list(self) -> list[tuple[str, str]]:
        items = []
        for line in self.sources.splitlines():
            title, _sep, url = line.partition("|")
            if url.strip().startswith("https://"):
                items.append((title.strip(), url.strip()))
        return items


class Script(models.Model):
    """A shared sign-posting script or message template of the "no wrong door" protocol.
    Placeholders in braces ({carer_first_name}, {council}, {reference}...) are filled in
    from the enquiry."""

    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=200)
    when_to_use = models.CharField(max_length=300)
    body = models.TextField(max_length=5000)
    position = models.PositiveSmallIntegerField(default=0)
    # As Article.needs_review: something the script cites changed (set by the practice hub).
    needs_review = models.BooleanField(default=False)

    class Meta:
        ordering = ["position", "title"]

    def __str__(self) -> str:
        return self.title
