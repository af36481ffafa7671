"""Writes in the advice hub: taking enquiries from every channel, claiming, advice notes,
callbacks, closing, linking a family with consent, and telling people what they need to know.

Concurrency: claims and every other change to an enquiry are conditional UPDATEs (on the
holder being empty, or on the version the adviser was looking at), so two advisers can never
both hold an enquiry or silently overwrite each other."""

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from kinship.accounts.models import Organisation, OrganisationKind
from kinship.accounts.permissions import is_org_admin
from kinship.audit.models import AuditAction
from kinship.audit.services import record
from kinship.core.email import absolute_url, send_templated
from kinship.families import access_codes
from kinship.families import services as family_services
from kinship.families.models import ConsentMethod, ConsentScope, Household

from .models import (
    OPEN_STATES,
    AdviceNote,
    Article,
    ArticleVersion,
    Callback,
    Channel,
    ContactMethod,
    Enquiry,
    FirstContact,
    Outcome,
    State,
    Topic,
    topic_bits_of,
)

log = logging.getLogger(__name__)

# Unambiguous characters only: no 0/O, 1/I/L or U, so a reference read aloud is not misheard.
REFERENCE_ALPHABET = access_codes.CODE_ALPHABET
# How soon we aim to answer, by channel. A service standard of ours, not a legal deadline.
DUE_WITHIN: dict[str, timedelta] = {
    Channel.WEB: timedelta(days=2),
    Channel.EMAIL: timedelta(days=2),
    Channel.PHONE: timedelta(days=1),
    Channel.OUTREACH: timedelta(days=3),
}


class EnquiryChanged(Exception):
    """The enquiry changed since the adviser looked at it, or they do not hold it."""


SECRET_PURPOSE = "kinship.advice.family-secret"


def new_reference() -> str:
    return access_codes.new_reference("KH")


def new_secret() -> str:
    return access_codes.new_secret()


normalise_code = access_codes.normalise_code


def secret_hash(secret: str) -> str:
    return access_codes.secret_hash(secret, SECRET_PURPOSE)


def due_for(channel: str, start: datetime | None = None) -> datetime:
    return (start or timezone.now()) + DUE_WITHIN.get(channel, timedelta(days=2))


def default_advice_organisation() -> Organisation | None:
    """The national advice service that takes web enquiries (the first one, if several)."""
    return (Organisation.objects.filter(kind=OrganisationKind.NATIONAL_ADVICE)
            .order_by("pk").first())


@dataclass
class EnquiryDetails:
    what_is_happening: str
    topics: list[str] = field(default_factory=list)
    council_id: str | None = None
    postcode_district: str = ""
    contact_name: str = ""
    contact_method: str = ContactMethod.NONE
    phone: str = ""
    email: str = ""
    postal_address: str = ""
    best_time: str = ""
    safe_to_leave_message: bool = False
    safe_to_send_letter: bool = False
    language: str = ""
    access_needs: str = ""
    # How the family first reached us (models.FirstContact); a professional's role.
    first_contact: str = ""
    referrer_role: str = ""


@dataclass
class Submitted:
    enquiry: Enquiry
    secret: str | None  # None when this was a repeat of an earlier submission
    created: bool


def _create_enquiry(details: EnquiryDetails, **extra) -> tuple[Enquiry, str]:
    secret = new_secret()
    chosen = list(Topic.objects.filter(slug__in=details.topics)) if details.topics else []
    fields = {k: v for k, v in vars(details).items() if k != "topics"}
    if fields["first_contact"] not in FirstContact.values:
        channel = extra.get("channel")
        fields["first_contact"] = (
            FirstContact.OUTREACH if channel == Channel.OUTREACH else FirstContact.SELF
        )
    fields["referrer_role"] = (fields["referrer_role"] or "").strip()[:100]
    for _attempt in range(5):
        try:
            with transaction.atomic():
                enquiry = Enquiry.objects.create(
                    reference=new_reference(), secret_hash=secret_hash(secret),
                    topic_bits=topic_bits_of(t.pk for t in chosen), **fields, **extra
                )
                if chosen:
                    enquiry.topics.set(chosen)
                return enquiry, secret
        except IntegrityError:
            token = extra.get("submission_token")
            if token and Enquiry.objects.filter(submission_token=token).exists():
                raise
            continue  # a reference collision: draw another
    raise RuntimeError("Could not allocate a unique reference")


def submit_web_enquiry(details: EnquiryDetails, submission_token: str) -> Submitted:
    """A family's question from the web form. The same token twice gives the same enquiry."""
    token = (submission_token or "")[:64] or None
    if token:
        existing = Enquiry.objects.filter(submission_token=token).first()
        if existing:
            return Submitted(existing, None, False)
    try:
        enquiry, secret = _create_enquiry(
            details, submission_token=token, channel=Channel.WEB,
            organisation=default_advice_organisation(), due_at=due_for(Channel.WEB),
        )
    except IntegrityError:
        return Submitted(Enquiry.objects.get(submission_token=token), None, False)
    if enquiry.organisation_id is None:
        log.error("No national advice organisation: enquiry %s has no team", enquiry.reference)
    record(actor=None, action=AuditAction.CREATE, obj=enquiry, purpose="web enquiry")
    return Submitted(enquiry, secret, True)


def log_call(details: EnquiryDetails, *, actor, channel: str = Channel.PHONE,
             claim_it: bool = True, request=None) -> Submitted:
    """An adviser logs a call (or email, or outreach contact) as a new enquiry."""
    now = timezone.now()
    extra = {"channel": channel, "organisation": actor.organisation, "created_by": actor,
             "due_at": due_for(channel, now)}
    if claim_it:
        extra.update(holder=actor, claimed_at=now, state=State.CLAIMED)
    enquiry, secret = _create_enquiry(details, **extra)
    record(actor=actor, action=AuditAction.CREATE, obj=enquiry, request=request,
           purpose=f"{channel} enquiry logged")
    return Submitted(enquiry, secret, True)


# --- claiming and changing an enquiry -------------------------------------------------------

@dataclass
class ClaimResult:
    won: bool
    holder_name: str


def claim(enquiry_id: int, user, *, request=None) -> ClaimResult:
    """Take an unheld open enquiry. Exactly one of several simultaneous claims wins; the
    others learn who holds it."""
    now = timezone.now()
    won = Enquiry.objects.filter(
        pk=enquiry_id, holder__isnull=True, state__in=OPEN_STATES,
    ).update(holder=user, claimed_at=now, state=State.CLAIMED, version=F("version") + 1,
             updated_at=now)
    if won:
        record(actor=user, action=AuditAction.CHANGE, object_type="advice.enquiry",
               object_id=str(enquiry_id), purpose="claimed", request=request)
        return ClaimResult(True, user.full_name)
    holder = (Enquiry.objects.filter(pk=enquiry_id)
              .values_list("holder__full_name", flat=True).first())
    return ClaimResult(False, holder or "")


def assign(enquiry_id: int, *, to_user, by_user, expected_version: int, request=None) -> bool:
    """Hand an enquiry to a colleague in the same organisation (as it was when last seen)."""
    if to_user.organisation_id != by_user.organisation_id:
        return False
    now = timezone.now()
    allowed = Enquiry.objects.filter(pk=enquiry_id, version=expected_version,
                                     state__in=OPEN_STATES)
    if not is_org_admin(by_user):
        # Advisers pass on what they hold (or nobody holds); administrators may move anything.
        allowed = allowed.filter(Q(holder__isnull=True) | Q(holder=by_user))
    changed = allowed.update(holder=to_user, claimed_at=now, state=State.CLAIMED,
                             version=F("version") + 1, updated_at=now)
    if changed:
        record(actor=by_user, action=AuditAction.CHANGE, object_type="advice.enquiry",
               object_id=str(enquiry_id), purpose=f"assigned to {to_user.email}",
               request=request)
    return bool(changed)


def release(enquiry_id: int, user, *, request=None) -> bool:
    now = timezone.now()
    changed = Enquiry.objects.filter(pk=enquiry_id, holder=user, state__in=OPEN_STATES).update(
        holder=None, claimed_at=None, state=State.NEW, version=F("version") + 1, updated_at=now)
    if changed:
        record(actor=user, action=AuditAction.CHANGE, object_type="advice.enquiry",
               object_id=str(enquiry_id), purpose="released", request=request)
    return bool(changed)


def return_held_enquiries(user, *, successor=None, by=None, request=None) -> int:
    """When someone leaves: every open enquiry they held goes back to their team's queue
    (unheld, new), and their callbacks still to make go to `successor`, never to nobody.
    Returns how many enquiries went back."""
    now = timezone.now()
    if successor is not None:
        Callback.objects.filter(adviser=user, done_at__isnull=True).update(adviser=successor)
    ids = list(Enquiry.objects.filter(holder=user, state__in=OPEN_STATES)
               .values_list("pk", flat=True))
    changed = Enquiry.objects.filter(pk__in=ids, holder=user).update(
        holder=None, claimed_at=None, state=State.NEW, version=F("version") + 1, updated_at=now)
    for pk in ids:
        record(actor=by, action=AuditAction.CHANGE, object_type="advice.enquiry",
               object_id=str(pk), purpose=f"returned to the team queue: {user.email} left",
               request=request)
    return changed


def _change(enquiry: Enquiry, actor, expected_version: int, purpose: str, request=None,
            **changes) -> None:
    """Apply `changes` only if the actor holds the enquiry and it is still at the version the
    actor saw; otherwise raise EnquiryChanged and change nothing."""
    now = timezone.now()
    changed = Enquiry.objects.filter(
        pk=enquiry.pk, holder=actor, version=expected_version,
    ).update(version=F("version") + 1, updated_at=now, **changes)
    if not changed:
        raise EnquiryChanged(enquiry.pk)
    record(actor=actor, action=AuditAction.CHANGE, obj=enquiry, purpose=purpose,
           request=request, details={"fields": sorted(changes)})


@transaction.atomic
def add_advice(enquiry: Enquiry, *, actor, expected_version: int, body: str,
               topic_slugs: list[str] | None = None, request=None) -> AdviceNote | None:
    """Record the advice given and (re)tag the enquiry's topics."""
    _change(enquiry, actor, expected_version, "advice recorded", request)
    note = AdviceNote.objects.create(enquiry=enquiry, author=actor, body=body) if body else None
    if topic_slugs is not None:
        _set_topics(enquiry, topic_slugs)
    return note


def _set_topics(enquiry: Enquiry, topic_slugs: list[str]) -> None:
    """Change an enquiry's topics: the one place they change after it is made, so the
    denormalised `topic_bits` the queue filters on stays equal to the topics table."""
    chosen = list(Topic.objects.filter(slug__in=topic_slugs))
    enquiry.topics.set(chosen)
    enquiry.topic_bits = topic_bits_of(t.pk for t in chosen)
    Enquiry.objects.filter(pk=enquiry.pk).update(topic_bits=enquiry.topic_bits)


@transaction.atomic
def close(enquiry: Enquiry, *, actor, expected_version: int, outcome: str, note: str = "",
          request=None) -> None:
    if outcome not in Outcome.values:
        raise ValueError("Unknown outcome")
    _change(enquiry, actor, expected_version, "closed", request, state=State.CLOSED,
            outcome=outcome, outcome_note=note, closed_at=timezone.now())
    Callback.objects.filter(enquiry=enquiry, done_at__isnull=True).update(done_at=timezone.now())


@transaction.atomic
def schedule_callback(enquiry: Enquiry, *, actor, expected_version: int, due_at: datetime,
                      note: str = "", request=None) -> Callback:
    _change(enquiry, actor, expected_version, "callback scheduled", request,
            state=State.WAITING, due_at=due_at)
    callback = Callback.objects.create(enquiry=enquiry, adviser=actor, due_at=due_at, note=note)
    from .tasks import raise_callback

    # Raised at the due time by the worker; the periodic sweep catches any that were missed.
    transaction.on_commit(
        lambda: raise_callback.using(run_after=due_at).enqueue(callback.pk)
    )
    return callback


def raise_callback(callback_id: int, now: datetime | None = None) -> bool:
    """Tell the adviser a callback is due. Idempotent: a callback is raised once."""
    now = now or timezone.now()
    callback = (Callback.objects.select_related("enquiry", "adviser")
                .filter(pk=callback_id, due_at__lte=now, raised_at__isnull=True,
                        done_at__isnull=True).first())
    if callback is None:
        return False
    if not Callback.objects.filter(pk=callback.pk, raised_at__isnull=True).update(raised_at=now):
        return False
    enquiry = callback.enquiry
    # The email names the reference and the time only: no family detail leaves the system.
    send_templated("advice/email/callback_due", {
        "enquiry": enquiry, "due_at": timezone.localtime(callback.due_at),
        "url": absolute_url("advice_staff:enquiry", enquiry.pk),
    }, [callback.adviser.email])
    return True


def raise_due_callbacks(now: datetime | None = None) -> int:
    now = now or timezone.now()
    due = Callback.objects.filter(due_at__lte=now, raised_at__isnull=True, done_at__isnull=True)
    return sum(raise_callback(pk, now) for pk in due.values_list("pk", flat=True)[:500])


# --- families: linking with consent ----------------------------------------------------------

@transaction.atomic
def link_household(enquiry: Enquiry, household: Household, *, actor, expected_version: int,
                   consent_method: str, request=None) -> None:
    """Link the enquiry to a family the adviser may see, recording the family's consent for
    the advice service to hold their record."""
    _change(enquiry, actor, expected_version, "linked to family", request,
            household=household)
    family_services.hold(household, actor.organisation, actor=actor,
                         reason=f"Advice enquiry {enquiry.reference}")
    family_services.record_consent(
        household, actor=actor, scope=ConsentScope.RECORD_KEEPING, method=consent_method,
        given_by=household.carers.order_by("-is_main_contact", "id").first(), request=request,
    )


@transaction.atomic
def link_new_household(enquiry: Enquiry, details: family_services.NewHousehold, *, actor,
                       expected_version: int, consent_method: str = ConsentMethod.VERBAL_PHONE,
                       request=None) -> Household:
    household = family_services.create_household(
        details, actor=actor, organisation=actor.organisation,
        reason=f"Advice enquiry {enquiry.reference}", consent_method=consent_method,
        request=request,
    )
    _change(enquiry, actor, expected_version, "linked to new family", request,
            household=household)
    return household


# --- messages to families --------------------------------------------------------------------

@dataclass
class FamilyNotice:
    channel: str
    sent: bool
    reason: str


def notify_family(enquiry: Enquiry) -> FamilyNotice:
    """Tell the family there is news, only by the channel they chose and only if they said it
    is safe. The message never carries detail: someone else may read it."""
    method = enquiry.contact_method
    if method == ContactMethod.NONE:
        return FamilyNotice(method, False, "The family asked not to be contacted.")
    if method in (ContactMethod.EMAIL, ContactMethod.TEXT, ContactMethod.PHONE) and not \
            enquiry.safe_to_leave_message:
        return FamilyNotice(method, False, "Not safe to leave a message: wait for them.")
    if method == ContactMethod.LETTER and not enquiry.safe_to_send_letter:
        return FamilyNotice(method, False, "Not safe to send a letter.")
    if method != ContactMethod.EMAIL:
        # No text or letter gateway yet: the adviser does it by hand, using the script.
        return FamilyNotice(method, False, "Send it yourself by the family's chosen channel.")
    if not enquiry.email:
        return FamilyNotice(method, False, "No email address.")
    send_templated("advice/email/family_message",
                   {"enquiry": enquiry, "url": absolute_url("advice:status")}, [enquiry.email])
    return FamilyNotice(method, True, "Email sent.")


def send_family_message(enquiry: Enquiry, *, actor, expected_version: int, message: str,
                        request=None) -> FamilyNotice:
    _change(enquiry, actor, expected_version, "message for family", request,
            family_message=message, state=State.WAITING)
    enquiry.refresh_from_db()
    return notify_family(enquiry)


# --- articles ---------------------------------------------------------------------------------

@transaction.atomic
def publish_article_version(article: Article, *, title: str, summary: str, body: str,
                            sources: str, review_by, owner=None, actor=None) -> ArticleVersion:
    """Add a new version (versions are never edited) and make it current."""
    number = (article.versions.order_by("-number").values_list("number", flat=True).first()
              or 0) + 1
    version = ArticleVersion.objects.create(
        article=article, number=number, title=title, summary=summary, body=body,
        sources=sources, review_by=review_by, owner=owner or article.owner, created_by=actor,
    )
    Article.objects.filter(pk=article.pk).update(current_version=version)
    article.current_version = version
    return version
