"""Reads of the practice hub: drafts and flags for editors, resources and events, discussion
spaces, common questions from the advice service (counts only), and search."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from kinship.accounts.models import User
from kinship.advice.models import Article, Enquiry, Script
from kinship.advice.models import Topic as AdviceTopic

from .models import (
    Audience,
    Draft,
    DraftState,
    EditorialEvent,
    Post,
    PostState,
    Resource,
    ReviewFlag,
    Space,
    Thread,
    TrainingEvent,
)

COMMON_QUESTION_DAYS = 90
SEARCH_LIMIT = 20
MAX_QUERY = 100


def _pk(value) -> int | None:
    try:
        pk = int(value)
    except (TypeError, ValueError):
        return None
    return pk if 0 < pk < 2**63 else None


# --- guidance ---------------------------------------------------------------------------------


def drafts_for(user: User) -> QuerySet[Draft]:
    return (
        Draft.objects.filter(organisation_id=user.organisation_id or 0)
        .exclude(state=DraftState.PUBLISHED)
        .select_related("author", "article")
    )


def get_draft(pk) -> Draft | None:
    pk = _pk(pk)
    return (
        Draft.objects.select_related("author", "last_edited_by", "article", "organisation")
        .filter(pk=pk)
        .first()
        if pk
        else None
    )


def get_article(pk) -> Article | None:
    pk = _pk(pk)
    if pk is None:
        return None
    return (
        Article.objects.select_related("current_version", "owner")
        .prefetch_related("citations")
        .filter(pk=pk, current_version__isnull=False)
        .first()
    )


def articles_for(user: User) -> QuerySet[Article]:
    """Articles of the editor's own organisation (national advice also holds unowned ones)."""
    q = Q(owner_id=user.organisation_id)
    if user.organisation is not None and user.organisation.kind == "national_advice":
        q |= Q(owner__isnull=True)
    return (
        Article.objects.filter(q, current_version__isnull=False)
        .select_related("current_version")
        .order_by("-needs_review", "current_version__title")
    )


def flagged_articles(user: User) -> QuerySet[Article]:
    return articles_for(user).filter(needs_review=True)


def open_flags(
    article: Article | None = None, script: Script | None = None
) -> QuerySet[ReviewFlag]:
    qs = ReviewFlag.objects.filter(cleared_at__isnull=True)
    return qs.filter(article=article) if article is not None else qs.filter(script=script)


def editorial_history(article: Article) -> QuerySet[EditorialEvent]:
    return article.editorial_events.select_related("actor")


def scripts() -> QuerySet[Script]:
    return Script.objects.prefetch_related("citations").order_by("-needs_review", "position")


# --- learning ---------------------------------------------------------------------------------


def resources(*, topic: str = "", audience: str = "", public: bool = False) -> QuerySet[Resource]:
    qs = Resource.objects.all()
    if public:
        qs = qs.filter(for_carers=True)
    if topic:
        qs = qs.filter(topic=topic)
    if audience in ("carers", "practitioners", "advisers"):
        qs = qs.filter(**{f"for_{audience}": True})
    return qs


def upcoming_events(audience: str, topic: str = "") -> QuerySet[TrainingEvent]:
    qs = TrainingEvent.objects.filter(
        audience=audience, cancelled=False, ends_at__gte=timezone.now()
    )
    if topic:
        qs = qs.filter(topic=topic)
    return qs.annotate(taken=Count("sign_ups")).select_related("organisation")


def get_event(pk, audience: str | None = None) -> TrainingEvent | None:
    pk = _pk(pk)
    if pk is None:
        return None
    qs = TrainingEvent.objects.select_related("organisation").annotate(taken=Count("sign_ups"))
    if audience:
        qs = qs.filter(audience=audience)
    return qs.filter(pk=pk).first()


def my_events(user: User) -> QuerySet[TrainingEvent]:
    return upcoming_events(Audience.STAFF).filter(sign_ups__user=user)


def events_organised_by(user: User) -> QuerySet[TrainingEvent]:
    return (
        TrainingEvent.objects.filter(organisation_id=user.organisation_id or 0)
        .annotate(taken=Count("sign_ups"))
        .order_by("-starts_at")
    )


# --- communities ------------------------------------------------------------------------------


def spaces() -> QuerySet[Space]:
    published = Count("threads", distinct=True)
    return Space.objects.annotate(thread_count=published)


def get_space(slug) -> Space | None:
    if not isinstance(slug, str) or len(slug) > 50:
        return None
    return Space.objects.filter(slug=slug).first()


def visible_posts_q(user: User) -> Q:
    """Published posts, and one's own held ones (moderators see every held post)."""
    if user.has_perm("practice.moderate"):
        return ~Q(state=PostState.REMOVED)
    return Q(state=PostState.PUBLISHED) | Q(state=PostState.HELD, author=user)


def threads_in(space: Space) -> QuerySet[Thread]:
    return space.threads.select_related("author").annotate(
        replies=Count("posts", filter=Q(posts__state=PostState.PUBLISHED))
    )


def get_thread(pk) -> Thread | None:
    pk = _pk(pk)
    return Thread.objects.select_related("space", "author").filter(pk=pk).first() if pk else None


def posts_of(thread: Thread, user: User) -> QuerySet[Post]:
    return thread.posts.filter(visible_posts_q(user)).select_related("author")


def get_post(pk) -> Post | None:
    pk = _pk(pk)
    return (
        Post.objects.select_related("thread__space", "author").filter(pk=pk).first() if pk else None
    )


def held_posts() -> QuerySet[Post]:
    return Post.objects.filter(state=PostState.HELD).select_related("thread__space", "author")


@dataclass(frozen=True)
class CommonQuestion:
    slug: str
    name: str
    public_name: str
    count: int


def common_questions(days: int = COMMON_QUESTION_DAYS) -> list[CommonQuestion]:
    """Advice topics by how often families asked about them lately: counts only, no enquiry."""
    since = timezone.now() - timedelta(days=days)
    rows_by_topic = (
        Enquiry.topics.through.objects.filter(enquiry__created_at__gte=since)
        .values("topic_id")
        .annotate(n=Count("id"))
    )
    counts = {row["topic_id"]: row["n"] for row in rows_by_topic}
    rows = [
        CommonQuestion(t.slug, t.name, t.public_name, counts.get(t.pk, 0))
        for t in AdviceTopic.objects.all()
    ]
    return sorted(rows, key=lambda r: (-r.count, r.name))


def advice_topic(slug) -> AdviceTopic | None:
    if not isinstance(slug, str) or len(slug) > 50:
        return None
    return AdviceTopic.objects.filter(slug=slug).first()


# --- search -----------------------------------------------------------------------------------


@dataclass
class SearchResults:
    query: str
    articles: list = field(default_factory=list)
    resources: list = field(default_factory=list)
    events: list = field(default_factory=list)
    threads: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.articles) + len(self.resources) + len(self.events) + len(self.threads)


def _words_q(words: list[str], fields: tuple[str, ...]) -> Q:
    q = Q()
    for word in words:
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": word})
        q &= any_field
    return q


def clean_query(raw) -> str:
    return " ".join(str(raw or "").split())[:MAX_QUERY]


def search(raw, user: User | None = None) -> SearchResults:
    """Every word must appear (in any field). Staff see staff-only articles, staff events and
    discussions; the public see public articles, carers' resources and events."""
    query = clean_query(raw)
    results = SearchResults(query)
    words = query.split()[:8]
    if not words:
        return results
    staff = user is not None and user.has_perm("practice.use_hub")
    articles = Article.objects.filter(
        _words_q(
            words, ("current_version__title", "current_version__summary", "current_version__body")
        ),
        current_version__isnull=False,
    ).select_related("current_version")
    if not staff:
        articles = articles.filter(is_public=True)
    results.articles = list(articles[:SEARCH_LIMIT])
    results.resources = list(
        resources(public=not staff).filter(_words_q(words, ("title", "description")))[:SEARCH_LIMIT]
    )
    results.events = list(
        upcoming_events(Audience.STAFF if staff else Audience.CARERS).filter(
            _words_q(words, ("title", "description", "place"))
        )[:SEARCH_LIMIT]
    )
    if staff:
        published = Post.objects.filter(state=PostState.PUBLISHED)
        results.threads = list(
            Thread.objects.filter(
                Q(_words_q(words, ("title",)))
                | Q(pk__in=published.filter(_words_q(words, ("body",))).values("thread_id"))
            ).select_related("space")[:SEARCH_LIMIT]
        )
    return results
