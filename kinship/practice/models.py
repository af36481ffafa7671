"""The practice hub: guidance that knows what it cites, learning resources and training events,
and moderated communities of practice for staff.

Articles and scripts themselves stay in `advice` (their published text is advice's append-only
`ArticleVersion`); this app adds what they cite, the editors' drafts and second-editor review,
and the "needs review" flags raised when something cited changes."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinship.accounts.models import Organisation
from kinship.advice.models import Article, Script
from kinship.core.models import AppendOnlyModel


class Topic(models.TextChoices):
    """Tags shared by resources, events and discussion spaces."""

    ASSESSMENT = "assessment", _("Assessment practice")
    ALLOWANCES = "allowances", _("Allowances and money")
    ACROSS_COUNCILS = "across_councils", _("Working across councils")
    TRAUMA = "trauma", _("Trauma-informed practice")
    LAW = "law", _("Law and orders")
    SCHOOL = "school", _("School and education")
    WELLBEING = "wellbeing", _("Children's wellbeing")


# --- guidance that knows what it cites ------------------------------------------------------


class CitationKind(models.TextChoices):
    RULE = "rule", _("Entitlement rule")
    SRA = "sra", _("Scottish Recommended Allowance")
    RATE = "rate", _("Council allowance rate")
    SERVICE = "service", _("Directory service")


class Citation(models.Model):
    """One thing an article or script relies on, with the fingerprint it had when an editor
    last checked the text against it. A different fingerprint now means the text needs review."""

    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="citations"
    )
    script = models.ForeignKey(
        Script, null=True, blank=True, on_delete=models.CASCADE, related_name="citations"
    )
    kind = models.CharField(max_length=16, choices=CitationKind.choices)
    # rule id; SRA age band ("0"); council code and carer type ("S12000036:kinship"); service id
    key = models.CharField(max_length=120)
    label = models.CharField(max_length=300)
    fingerprint = models.CharField(max_length=64)
    checked_at = models.DateTimeField()

    class Meta:
        ordering = ["kind", "key"]
        constraints = [
            models.CheckConstraint(
                name="citation_of_article_or_script",
                condition=(
                    models.Q(article__isnull=False, script__isnull=True)
                    | models.Q(article__isnull=True, script__isnull=False)
                ),
            ),
        ]
        indexes = [models.Index(fields=["kind", "key"])]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}"

    @property
    def text(self) -> str:
        return f"{self.kind}:{self.key}"


class ReviewFlag(models.Model):
    """A cited thing changed or was withdrawn. Open until an editor publishes a checked
    version (or confirms the text still holds)."""

    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="review_flags"
    )
    script = models.ForeignKey(
        Script, null=True, blank=True, on_delete=models.CASCADE, related_name="review_flags"
    )
    citation = models.ForeignKey(
        Citation, null=True, blank=True, on_delete=models.SET_NULL, related_name="flags"
    )
    reason = models.CharField(max_length=300)
    withdrawn = models.BooleanField(default=False)
    raised_at = models.DateTimeField()
    cleared_at = models.DateTimeField(null=True, blank=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-raised_at", "-id"]
        indexes = [models.Index(fields=["cleared_at", "raised_at"])]

    def __str__(self) -> str:
        return self.reason


class DraftState(models.TextChoices):
    DRAFT = "draft", _("Being written")
    SUBMITTED = "submitted", _("Waiting for a second editor")
    RETURNED = "returned", _("Returned to the writer")
    PUBLISHED = "published", _("Published")


class Draft(models.Model):
    """An editor's working copy of an article (a new one, or the next version of an existing
    one). Publishing it, by a second editor, adds an append-only `ArticleVersion`."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="guidance_drafts"
    )
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.PROTECT, related_name="drafts"
    )
    slug = models.SlugField(max_length=100)
    is_public = models.BooleanField(default=False)
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300)
    body = models.TextField(max_length=20000)
    sources = models.TextField(max_length=3000, blank=True)
    # One citation a line: "rule:<id>", "sra:<age from>", "rate:<council code>:<carer type>",
    # "service:<id>".
    cites = models.TextField(max_length=3000, blank=True)
    review_by = models.DateField()
    state = models.CharField(max_length=16, choices=DraftState.choices, default=DraftState.DRAFT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    return_note = models.CharField(max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return self.title


class EditorialEvent(AppendOnlyModel):
    """The editorial history: written, submitted, returned, published, flagged, confirmed."""

    class Action(models.TextChoices):
        WRITTEN = "written", _("Written")
        SUBMITTED = "submitted", _("Sent for review")
        RETURNED = "returned", _("Returned")
        PUBLISHED = "published", _("Published")
        FLAGGED = "flagged", _("Flagged for review")
        CONFIRMED = "confirmed", _("Checked, still right")

    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.PROTECT, related_name="editorial_events"
    )
    script = models.ForeignKey(
        Script, null=True, blank=True, on_delete=models.PROTECT, related_name="editorial_events"
    )
    draft = models.ForeignKey(
        Draft, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    action = models.CharField(max_length=16, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} {self.created_at:%Y-%m-%d}"


# --- learning resources and training events -------------------------------------------------


class ResourceKind(models.TextChoices):
    DOCUMENT = "document", _("Document")
    LINK = "link", _("Link")
    COURSE = "course", _("Short course")


class Resource(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="learning_resources"
    )
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=ResourceKind.choices)
    url = models.URLField(max_length=500)
    description = models.TextField(max_length=2000)
    topic = models.CharField(max_length=32, choices=Topic.choices)
    for_carers = models.BooleanField(default=False)
    for_practitioners = models.BooleanField(default=False)
    for_advisers = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    @property
    def audiences(self) -> list[str]:
        return [
            str(label)
            for flag, label in (
                (self.for_carers, _("Carers")),
                (self.for_practitioners, _("Practitioners")),
                (self.for_advisers, _("Advisers")),
            )
            if flag
        ]


class Audience(models.TextChoices):
    STAFF = "staff", _("Staff")
    CARERS = "carers", _("Carers")


class TrainingEvent(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="training_events"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(max_length=3000)
    topic = models.CharField(max_length=32, choices=Topic.choices)
    audience = models.CharField(max_length=16, choices=Audience.choices)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    place = models.CharField(max_length=300, blank=True)
    online_url = models.URLField(max_length=500, blank=True)
    capacity = models.PositiveIntegerField()
    cancelled = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["audience", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                name="event_ends_after_start", condition=models.Q(ends_at__gt=models.F("starts_at"))
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def where(self) -> str:
        return self.place or str(_("Online"))


class SignUp(models.Model):
    """A place on an event: a member of staff (user), or a carer (a name and one contact)."""

    event = models.ForeignKey(TrainingEvent, on_delete=models.CASCADE, related_name="sign_ups")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="event_sign_ups",
    )
    name = models.CharField(max_length=150)
    contact = models.CharField(max_length=254)
    created_at = models.DateTimeField(auto_now_add=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=models.Q(user__isnull=False),
                name="one_staff_sign_up_per_event",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} for {self.event_id}"


# --- communities of practice ----------------------------------------------------------------


class Space(models.Model):
    slug = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=150)
    topic = models.CharField(max_length=32, choices=Topic.choices)
    description = models.CharField(max_length=500)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Thread(models.Model):
    space = models.ForeignKey(Space, on_delete=models.PROTECT, related_name="threads")
    title = models.CharField(max_length=200)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The advice topic a common question came from, if it was started from one.
    from_topic = models.CharField(max_length=50, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_post_at = models.DateTimeField()

    class Meta:
        ordering = ["-last_post_at", "-id"]

    def __str__(self) -> str:
        return self.title


class PostState(models.TextChoices):
    PUBLISHED = "published", _("Published")
    HELD = "held", _("Held for a moderator")
    REMOVED = "removed", _("Removed by a moderator")


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(max_length=5000)
    state = models.CharField(max_length=16, choices=PostState.choices, default=PostState.PUBLISHED)
    # What the personal-details check found (kinds only, never the details).
    concerns = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["state", "created_at"])]

    def __str__(self) -> str:
        return f"Post {self.pk} in {self.thread_id}"


class ModerationDecision(AppendOnlyModel):
    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="decisions")
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(max_length=16, choices=PostState.choices)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.state} {self.post_id}"
