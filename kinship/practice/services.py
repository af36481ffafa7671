"""Writes of the practice hub: guidance drafts, second-editor publishing, citation checks and
"needs review" flags; learning resources, events and sign-ups; discussions and moderation.

Every write takes the actor and is audited (`audit.services.record`), including editorial ones,
because the issue asks for audited publishing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kinship.accounts.models import Organisation, OrganisationKind, User
from kinship.advice.models import Article, Script
from kinship.advice.services import publish_article_version
from kinship.audit.models import AuditAction
from kinship.audit.services import record
from kinship.core.email import absolute_url, send_templated
from kinship.entitlements.ruleset import Rule

from . import citations
from .models import (
    Audience,
    Citation,
    Draft,
    DraftState,
    EditorialEvent,
    ModerationDecision,
    Post,
    PostState,
    Resource,
    ReviewFlag,
    SignUp,
    Space,
    Thread,
    TrainingEvent,
)
from .permissions import EDITOR_ROLES
from .personal_details import personal_details

# Reminders go out this long before an event starts.
REMINDER_BEFORE = timedelta(hours=24)


# --- guidance: drafts and second-editor publishing -------------------------------------------


@dataclass
class DraftText:
    slug: str
    title: str
    summary: str
    body: str
    sources: str
    cites: str
    review_by: date
    is_public: bool


def _org(actor: User) -> Organisation:
    if actor.organisation is None:
        raise PermissionDenied(_("Your account is not linked to an organisation."))
    return actor.organisation


def _check_editor(actor: User, obj=None) -> None:
    if not actor.has_perm("practice.edit_guidance", obj):
        raise PermissionDenied(_("You cannot edit this guidance."))


def _event(
    action: str,
    actor: User | None,
    *,
    article: Article | None = None,
    script: Script | None = None,
    draft: Draft | None = None,
    note: str = "",
) -> EditorialEvent:
    return EditorialEvent.objects.create(
        action=action, actor=actor, article=article, script=script, draft=draft, note=note[:1000]
    )


def _validate_text(text: DraftText, article: Article | None) -> None:
    citations.parse(text.cites.splitlines())  # raises CitationError (a ValueError)
    if article is None and Article.objects.filter(slug=text.slug).exists():
        raise ValidationError({"slug": _("An article already has this address.")})


@transaction.atomic
def start_draft(actor: User, text: DraftText, article: Article | None = None) -> Draft:
    """A new draft: of a new article, or of the next version of `article`."""
    _check_editor(actor, article)
    _validate_text(text, article)
    draft = Draft.objects.create(
        organisation=_org(actor),
        article=article,
        author=actor,
        last_edited_by=actor,
        slug=article.slug if article else text.slug,
        is_public=text.is_public,
        title=text.title,
        summary=text.summary,
        body=text.body,
        sources=text.sources,
        cites=text.cites,
        review_by=text.review_by,
    )
    _event(EditorialEvent.Action.WRITTEN, actor, article=article, draft=draft)
    record(actor=actor, action=AuditAction.CREATE, obj=draft, purpose="guidance draft")
    return draft


def draft_text_of(article: Article) -> DraftText:
    """The current version of an article as a starting point for the next draft."""
    version = article.current_version
    assert version is not None
    cites = "\n".join(c.text for c in article.citations.all())
    return DraftText(
        slug=article.slug,
        title=version.title,
        summary=version.summary,
        body=version.body,
        sources=version.sources,
        cites=cites,
        review_by=version.review_by,
        is_public=article.is_public,
    )


@transaction.atomic
def edit_draft(actor: User, draft: Draft, text: DraftText) -> Draft:
    _check_editor(actor, draft)
    if draft.state == DraftState.PUBLISHED:
        raise ValidationError(_("This draft has been published; start a new one."))
    _validate_text(text, draft.article)
    for field in ("title", "summary", "body", "sources", "cites", "review_by", "is_public"):
        setattr(draft, field, getattr(text, field))
    if draft.article is None:
        draft.slug = text.slug
    draft.last_edited_by = actor
    draft.state = DraftState.DRAFT
    draft.save()
    _event(EditorialEvent.Action.WRITTEN, actor, article=draft.article, draft=draft)
    record(actor=actor, action=AuditAction.CHANGE, obj=draft, purpose="guidance draft")
    return draft


@transaction.atomic
def submit_draft(actor: User, draft: Draft) -> Draft:
    _check_editor(actor, draft)
    if draft.state not in (DraftState.DRAFT, DraftState.RETURNED):
        raise ValidationError(_("This draft is not being written."))
    draft.state = DraftState.SUBMITTED
    draft.save(update_fields=["state", "updated_at"])
    _event(EditorialEvent.Action.SUBMITTED, actor, article=draft.article, draft=draft)
    record(actor=actor, action=AuditAction.CHANGE, obj=draft, purpose="sent for review")
    return draft


def _is_second_editor(actor: User, draft: Draft) -> bool:
    return actor.pk not in (draft.author_id, draft.last_edited_by_id)


@transaction.atomic
def return_draft(actor: User, draft: Draft, note: str) -> Draft:
    _check_editor(actor, draft)
    if draft.state != DraftState.SUBMITTED or not _is_second_editor(actor, draft):
        raise ValidationError(_("Only a second editor can return a draft sent for review."))
    draft.state = DraftState.RETURNED
    draft.return_note = note[:1000]
    draft.save(update_fields=["state", "return_note", "updated_at"])
    _event(EditorialEvent.Action.RETURNED, actor, article=draft.article, draft=draft, note=note)
    record(actor=actor, action=AuditAction.CHANGE, obj=draft, purpose="returned to writer")
    return draft


def _store_citations(
    cited: list[citations.Cited], *, article: Article | None = None, script: Script | None = None
) -> None:
    """Replace the article's (or script's) citations with these, fingerprinted now."""
    now = timezone.now()
    owner = {"article": article} if article is not None else {"script": script}
    Citation.objects.filter(**owner).delete()
    Citation.objects.bulk_create(
        [
            Citation(
                kind=c.kind,
                key=c.key,
                label=c.label[:300],
                fingerprint=c.fingerprint,
                checked_at=now,
                **owner,
            )
            for c in cited
        ]
    )


def _clear_flags(
    actor: User | None, *, article: Article | None = None, script: Script | None = None
) -> int:
    owner = {"article": article} if article is not None else {"script": script}
    cleared = ReviewFlag.objects.filter(cleared_at__isnull=True, **owner).update(
        cleared_at=timezone.now(), cleared_by=actor
    )
    model = Article if article is not None else Script
    target = article if article is not None else script
    assert target is not None
    model.objects.filter(pk=target.pk).update(needs_review=False)
    target.needs_review = False
    return cleared


@transaction.atomic
def publish_draft(actor: User, draft: Draft) -> Article:
    """A second editor publishes: a new append-only version, fresh citation fingerprints, and
    any "needs review" flag cleared (the text was checked against what it cites now)."""
    _check_editor(actor, draft)
    draft = Draft.objects.select_for_update().get(pk=draft.pk)
    if draft.state != DraftState.SUBMITTED:
        raise ValidationError(_("Only a draft sent for review can be published."))
    if not _is_second_editor(actor, draft):
        raise ValidationError(_("A second editor must publish: you wrote or last changed it."))
    cited = citations.parse(draft.cites.splitlines())
    article = draft.article
    if article is None:
        if Article.objects.filter(slug=draft.slug).exists():
            raise ValidationError({"slug": _("An article already has this address.")})
        article = Article.objects.create(
            slug=draft.slug, is_public=draft.is_public, owner=draft.organisation
        )
    elif article.is_public != draft.is_public:
        Article.objects.filter(pk=article.pk).update(is_public=draft.is_public)
        article.is_public = draft.is_public
    publish_article_version(
        article,
        title=draft.title,
        summary=draft.summary,
        body=draft.body,
        sources=draft.sources,
        review_by=draft.review_by,
        owner=draft.organisation,
        actor=draft.author,
    )
    _store_citations(cited, article=article)
    _clear_flags(actor, article=article)
    draft.state = DraftState.PUBLISHED
    draft.article = article
    draft.save(update_fields=["state", "article", "updated_at"])
    _event(
        EditorialEvent.Action.PUBLISHED,
        actor,
        article=article,
        draft=draft,
        note=_("Version %(n)s")
        % {"n": article.current_version.number if article.current_version else "?"},
    )
    record(actor=actor, action=AuditAction.CHANGE, obj=article, purpose="guidance published")
    return article


@transaction.atomic
def set_script_citations(actor: User, script: Script, lines: str) -> list[Citation]:
    """Scripts are short and shared; an editor of the national advice service says what they
    cite (fingerprinted now), which also confirms the script against them."""
    if not (
        actor.has_perm("practice.edit_guidance")
        and _org(actor).kind == OrganisationKind.NATIONAL_ADVICE
    ):
        raise PermissionDenied(_("You cannot edit scripts."))
    cited = citations.parse(lines.splitlines())
    _store_citations(cited, script=script)
    _clear_flags(actor, script=script)
    _event(
        EditorialEvent.Action.CONFIRMED,
        actor,
        script=script,
        note=_("Citations set: %(n)s") % {"n": len(cited)},
    )
    record(actor=actor, action=AuditAction.CHANGE, obj=script, purpose="script citations")
    return list(script.citations.all())


def _kind_key(line: str) -> tuple[str, str]:
    kind, _sep, key = line.partition(":")
    return kind, key


@transaction.atomic
def confirm_still_right(actor: User, article: Article, note: str) -> None:
    """An editor checked a flagged article and the text still holds: fingerprints refreshed,
    flags cleared, no new version."""
    _check_editor(actor, article)
    lines = [c.text for c in article.citations.all()]
    fresh = [c for c in (citations.resolve(*_kind_key(line)) for line in lines) if not c.withdrawn]
    if len(fresh) != len(lines):
        raise ValidationError(
            _("Something this article cites was withdrawn: publish a new version without it.")
        )
    _store_citations(fresh, article=article)
    _clear_flags(actor, article=article)
    _event(EditorialEvent.Action.CONFIRMED, actor, article=article, note=note)
    record(actor=actor, action=AuditAction.CHANGE, obj=article, purpose="checked, still right")


# --- guidance: what changed ------------------------------------------------------------------


@dataclass
class CheckResult:
    checked: int
    flagged_articles: list[Article]
    flagged_scripts: list[Script]
    emails: int


def editors_of(organisation: Organisation | None) -> list[User]:
    if organisation is None:
        return []
    return list(
        User.objects.filter(
            organisation=organisation, is_active=True, role__in=EDITOR_ROLES
        ).order_by("pk")
    )


def owners_to_tell(article: Article | None = None, script: Script | None = None) -> list[User]:
    """Who is told: the article's current author if still active, else its owning
    organisation's editors. A script's owners are the national advice service's editors."""
    if article is not None:
        version = article.current_version
        author = version.created_by if version else None
        if author is not None and author.is_active:
            return [author]
        return editors_of(article.owner)
    national = Organisation.objects.filter(kind=OrganisationKind.NATIONAL_ADVICE).first()
    return editors_of(national)


@transaction.atomic
def check_citations(rules: dict[str, Rule] | None = None) -> CheckResult:
    """Compare every citation with what it cites now; flag changed or withdrawn ones (once per
    change: an open flag for the same citation is not raised again), mark the article or script
    "needs review" and tell its owners. Safe to run any number of times."""
    rules = rules if rules is not None else citations.all_rules()
    now = timezone.now()
    open_flags = set(
        ReviewFlag.objects.filter(cleared_at__isnull=True, citation__isnull=False).values_list(
            "citation_id", flat=True
        )
    )
    articles: dict[int, tuple[Article, list[str]]] = {}
    scripts: dict[int, tuple[Script, list[str]]] = {}
    qs = Citation.objects.select_related(
        "article__current_version__created_by", "article__owner", "script"
    )
    checked = 0
    for citation in qs:
        checked += 1
        now_cited = citations.resolve(citation.kind, citation.key, rules)
        if now_cited.fingerprint == citation.fingerprint or citation.pk in open_flags:
            continue
        reason = (_("%(l)s was withdrawn") if now_cited.withdrawn else _("%(l)s changed")) % {
            "l": citation.label
        }
        ReviewFlag.objects.create(
            article=citation.article,
            script=citation.script,
            citation=citation,
            reason=reason[:300],
            withdrawn=now_cited.withdrawn,
            raised_at=now,
        )
        _event(
            EditorialEvent.Action.FLAGGED,
            None,
            article=citation.article,
            script=citation.script,
            note=reason,
        )
        if citation.article is not None:
            articles.setdefault(citation.article.pk, (citation.article, []))[1].append(reason)
        elif citation.script is not None:
            scripts.setdefault(citation.script.pk, (citation.script, []))[1].append(reason)
    Article.objects.filter(pk__in=articles).update(needs_review=True)
    Script.objects.filter(pk__in=scripts).update(needs_review=True)
    emails = 0
    for article, reasons in articles.values():
        emails += _tell_owners(
            owners_to_tell(article=article),
            str(article),
            reasons,
            absolute_url("practice_staff:article", article.pk),
        )
    for script, reasons in scripts.values():
        emails += _tell_owners(
            owners_to_tell(script=script),
            script.title,
            reasons,
            absolute_url("practice_staff:scripts"),
        )
    return CheckResult(
        checked, [a for a, _r in articles.values()], [s for s, _r in scripts.values()], emails
    )


def _tell_owners(owners: list[User], title: str, reasons: list[str], link: str) -> int:
    def send() -> None:
        send_templated(
            "practice/email/needs_review",
            {"title": title, "reasons": reasons, "link": link},
            [u.email for u in owners],
        )

    transaction.on_commit(send)
    return len(owners)


# --- learning: resources, events and sign-ups ------------------------------------------------


@transaction.atomic
def add_resource(actor: User, **fields) -> Resource:
    if not actor.has_perm("practice.run_training"):
        raise PermissionDenied(_("You cannot add learning resources."))
    resource = Resource.objects.create(organisation=_org(actor), created_by=actor, **fields)
    record(actor=actor, action=AuditAction.CREATE, obj=resource, purpose="learning resource")
    return resource


class EventFull(Exception):
    pass


@dataclass
class EventDetails:
    title: str
    description: str
    topic: str
    audience: str
    starts_at: datetime
    ends_at: datetime
    place: str
    online_url: str
    capacity: int


@transaction.atomic
def create_event(actor: User, details: EventDetails) -> TrainingEvent:
    if not actor.has_perm("practice.run_training"):
        raise PermissionDenied(_("You cannot add training events."))
    if details.ends_at <= details.starts_at:
        raise ValidationError({"ends_at": _("The event must end after it starts.")})
    if not (details.place or details.online_url):
        raise ValidationError({"place": _("Say where the event is, or give its online link.")})
    event = TrainingEvent.objects.create(
        organisation=_org(actor), created_by=actor, **details.__dict__
    )
    record(actor=actor, action=AuditAction.CREATE, obj=event, purpose="training event")
    return event


def places_left(event: TrainingEvent) -> int:
    return max(0, event.capacity - event.sign_ups.count())


def _take_place(event: TrainingEvent) -> TrainingEvent:
    # Lock the event so two last sign-ups cannot both take the final place.
    locked = TrainingEvent.objects.select_for_update().get(pk=event.pk)
    if locked.cancelled or locked.starts_at <= timezone.now():
        raise ValidationError(_("Sign-up for this event has closed."))
    if locked.sign_ups.count() >= locked.capacity:
        raise EventFull()
    return locked


@transaction.atomic
def sign_up_staff(actor: User, event: TrainingEvent) -> SignUp:
    """A member of staff takes a place (once: signing up again returns the same place)."""
    if event.audience != Audience.STAFF:
        raise ValidationError(_("This event is for carers."))
    existing = SignUp.objects.filter(event=event, user=actor).first()
    if existing:
        return existing
    locked = _take_place(event)
    try:
        with transaction.atomic():
            sign_up = SignUp.objects.create(
                event=locked, user=actor, name=actor.full_name, contact=actor.email
            )
    except IntegrityError:
        return SignUp.objects.get(event=event, user=actor)
    record(actor=actor, action=AuditAction.CREATE, obj=sign_up, purpose="event sign-up")
    return sign_up


@transaction.atomic
def cancel_staff_sign_up(actor: User, event: TrainingEvent) -> bool:
    deleted, _rows = SignUp.objects.filter(event=event, user=actor).delete()
    if deleted:
        record(
            actor=actor,
            action=AuditAction.DELETE,
            object_type="practice.signup",
            object_id=str(event.pk),
            purpose="event sign-up cancelled",
        )
    return bool(deleted)


@transaction.atomic
def sign_up_carer(event: TrainingEvent, name: str, contact: str) -> SignUp:
    """A carer takes a place on a carers' event with a name and one contact, nothing more."""
    if event.audience != Audience.CARERS:
        raise ValidationError(_("This event is for staff."))
    locked = _take_place(event)
    return SignUp.objects.create(event=locked, name=name[:150], contact=contact[:254])


def remind_sign_ups(now: datetime | None = None) -> int:
    """Email everyone signed up to an event starting within a day, once each. Safe to run
    twice: a reminder is claimed (reminded_at set) by a conditional update before it is sent.
    Carers who gave a phone number are not texted (no text gateway yet)."""
    now = now or timezone.now()
    due = SignUp.objects.filter(
        reminded_at__isnull=True,
        event__cancelled=False,
        event__starts_at__gt=now,
        event__starts_at__lte=now + REMINDER_BEFORE,
    ).select_related("event", "user")
    sent = 0
    for sign_up in due:
        if not SignUp.objects.filter(pk=sign_up.pk, reminded_at__isnull=True).update(
            reminded_at=now
        ):
            continue
        address = (
            sign_up.user.email
            if sign_up.user
            else (sign_up.contact if "@" in sign_up.contact else "")
        )
        event = sign_up.event
        link = (
            absolute_url("practice_staff:event", event.pk)
            if event.audience == Audience.STAFF
            else absolute_url("practice:event", event.pk)
        )
        sent += send_templated(
            "practice/email/event_reminder",
            {
                "event": event,
                "name": sign_up.name,
                "link": link,
                "calendar": link.rstrip("/") + "/calendar.ics",
            },
            [address],
        )
    return sent


# --- communities of practice -----------------------------------------------------------------


@dataclass
class Posted:
    post: Post
    concerns: list[str]

    @property
    def held(self) -> bool:
        return self.post.state == PostState.HELD


def _post(actor: User, thread: Thread, body: str) -> Posted:
    concerns = personal_details(body)
    post = Post.objects.create(
        thread=thread,
        author=actor,
        body=body,
        state=PostState.HELD if concerns else PostState.PUBLISHED,
        concerns=", ".join(concerns)[:300],
    )
    if not concerns:
        Thread.objects.filter(pk=thread.pk).update(last_post_at=post.created_at)
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=post,
        purpose="held for moderation" if concerns else "discussion post",
    )
    return Posted(post, concerns)


@transaction.atomic
def start_thread(
    actor: User, space: Space, title: str, body: str, from_topic: str = ""
) -> tuple[Thread, Posted]:
    if not actor.has_perm("practice.use_hub"):
        raise PermissionDenied(_("You cannot post here."))
    if personal_details(title):
        raise ValidationError(
            {
                "title": _(
                    "The title seems to hold personal details (%(k)s). "
                    "Remove them: titles are seen by everyone."
                )
                % {"k": ", ".join(personal_details(title))}
            }
        )
    thread = Thread.objects.create(
        space=space,
        title=title,
        author=actor,
        from_topic=from_topic[:50],
        last_post_at=timezone.now(),
    )
    return thread, _post(actor, thread, body)


@transaction.atomic
def reply(actor: User, thread: Thread, body: str) -> Posted:
    if not actor.has_perm("practice.use_hub"):
        raise PermissionDenied(_("You cannot post here."))
    return _post(actor, thread, body)


@transaction.atomic
def moderate(actor: User, post: Post, state: str, note: str = "") -> Post:
    if not actor.has_perm("practice.moderate"):
        raise PermissionDenied(_("You cannot moderate."))
    if state not in (PostState.PUBLISHED, PostState.REMOVED):
        raise ValidationError(_("Publish or remove."))
    post = Post.objects.select_for_update().get(pk=post.pk)
    post.state = state
    post.save(update_fields=["state"])
    if state == PostState.PUBLISHED:
        Thread.objects.filter(pk=post.thread_id).update(last_post_at=timezone.now())
    ModerationDecision.objects.create(post=post, moderator=actor, state=state, note=note[:500])
    record(actor=actor, action=AuditAction.CHANGE, obj=post, purpose=f"moderated: {state}")
    return post
