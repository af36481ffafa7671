"""Reads for the advice hub. Staff only ever see enquiries of their own advice service."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from string import Formatter

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext

from kinship.accounts.permissions import in_national_advice

from .models import (
    OPEN_STATES,
    AdviceNote,
    Article,
    Callback,
    Enquiry,
    Script,
    State,
    Topic,
    topic_bit,
)


def is_advice_staff(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and in_national_advice(user))


def visible_enquiries(user) -> QuerySet[Enquiry]:
    if not getattr(user, "is_authenticated", False) or not is_advice_staff(user):
        return Enquiry.objects.none()
    return Enquiry.objects.filter(organisation_id=user.organisation_id)


@dataclass
class QueueFilters:
    state: str = "open"  # "open", "all" or a State value
    topic: str = ""
    topic_id: int | None = None  # the topic's id when the caller already has it
    council: str = ""
    due: str = ""  # "", "overdue", "today", "week"
    mine: bool = False


def queue(user, filters: QueueFilters, now: datetime | None = None) -> QuerySet[Enquiry]:
    """The adviser's queue: a fixed number of queries whatever the page or data size."""
    now = now or timezone.now()
    qs = visible_enquiries(user)
    if filters.state == "open":
        qs = qs.filter(state__in=OPEN_STATES)
    elif filters.state in State.values:
        qs = qs.filter(state=filters.state)
    if filters.topic:
        topic_id = filters.topic_id or Topic.objects.filter(slug=filters.topic).values_list(
            "id", flat=True).first()
        bit = topic_bit(topic_id)
        if bit is not None:
            # The topic as a bit of the enquiry's own row (kept by services._set_topics): the
            # queue and its capped count test each row they read instead of looking it up in
            # the topics table, which cost a probe per open enquiry of the council (issue 20).
            qs = qs.alias(topic_match=F("topic_bits").bitand(bit)).filter(topic_match__gt=0)
        else:
            # An unknown topic gives None, which matches nothing, as it should.
            qs = qs.filter(Exists(Enquiry.topics.through.objects.filter(
                enquiry_id=OuterRef("pk"), topic_id=topic_id)))  # type: ignore[misc]
    if filters.council:
        qs = qs.filter(council_id=filters.council)
    if filters.due == "overdue":
        qs = qs.filter(due_at__lt=now)
    elif filters.due == "today":
        end = timezone.localtime(now).replace(hour=23, minute=59, second=59)
        qs = qs.filter(due_at__lte=end)
    elif filters.due == "week":
        qs = qs.filter(due_at__lte=now + timedelta(days=7))
    if filters.mine:
        qs = qs.filter(holder=user)
    return (
        qs.select_related("council", "holder")
        .prefetch_related(Prefetch("topics", queryset=Topic.objects.order_by("position")))
        .only("id", "reference", "channel", "state", "due_at", "created_at", "contact_name",
              "council__name", "holder__full_name", "version", "first_contact")
        .order_by("due_at", "id")
    )


class CappedPaginator(Paginator):
    """Counts at most `cap` rows, so the queue costs the same at a million enquiries as at a
    thousand (the cost of a count grows with the cap). Nobody pages past the first few hundred;
    the page then says "More than 1,000 enquiries: filter to narrow them down"."""

    cap = 1_000

    @cached_property
    def count(self) -> int:
        # object_list is always a QuerySet here; the stubs type it as any sequence.
        return self.object_list[: self.cap + 1].count()  # type: ignore[attr-defined]

    @property
    def is_capped(self) -> bool:
        return self.count > self.cap


def get_enquiry(user, pk) -> Enquiry | None:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return (
        visible_enquiries(user)
        .select_related("council", "holder", "household", "created_by")
        .prefetch_related(
            "topics",
            Prefetch("notes", queryset=AdviceNote.objects.select_related("author")
                     .order_by("-created_at", "-id")),
            Prefetch("callbacks", queryset=Callback.objects.select_related("adviser")),
        )
        .filter(pk=pk).first()
    )


def topics() -> list[Topic]:
    return list(Topic.objects.order_by("position"))


def colleagues(user):
    from kinship.accounts.models import User

    return User.objects.filter(organisation_id=user.organisation_id, is_active=True,
                               role__in=["adviser", "org_admin"]).order_by("full_name")


class _Blank(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def script_values(enquiry: Enquiry, adviser) -> dict:
    household_carer = None
    if enquiry.household is not None:  # no query when household_id is empty
        household_carer = enquiry.household.carers.order_by("-is_main_contact", "id").first()
    first = household_carer.first_name if household_carer else enquiry.first_name
    return {
        "carer_first_name": first or "there",
        "council": enquiry.council.name if enquiry.council is not None else "your council",
        "reference": enquiry.reference,
        "advice_line": settings.KINSHIP["NATIONAL_ADVICE_LINE"],
        "adviser_first_name": adviser.get_short_name(),
    }


def fill(template: str, values: dict) -> str:
    """Fill {placeholders}; unknown ones stay visible rather than failing."""
    names = {name for _lit, name, _spec, _conv in Formatter().parse(template) if name}
    mapping = _Blank({k: v for k, v in values.items() if k in names})
    return template.format_map(mapping)


def filled_scripts(enquiry: Enquiry, adviser) -> list[tuple[Script, str]]:
    values = script_values(enquiry, adviser)
    return [(s, fill(s.body, values)) for s in Script.objects.order_by("position")]


def public_articles() -> QuerySet[Article]:
    return (Article.objects.filter(is_public=True, current_version__isnull=False)
            .select_related("current_version").order_by("current_version__title"))


def public_article(slug: str) -> Article | None:
    if not isinstance(slug, str) or len(slug) > 100:
        return None
    return public_articles().select_related("current_version__owner").filter(slug=slug).first()


def enquiry_by_reference(reference: str) -> Enquiry | None:
    """The enquiry a family's (formatted) reference names, for the status page."""
    return Enquiry.objects.select_related("organisation").filter(reference=reference).first()


def linked_household_id(enquiry_pk: int) -> int | None:
    return Enquiry.objects.filter(pk=enquiry_pk).values_list("household_id", flat=True).first()


def referrals_made_from(enquiry: Enquiry):
    """The referrals an adviser made from this enquiry ("Refer" on the enquiry page). The
    relation is the referrals app's (it sits above this one), read through its reverse name."""
    return (enquiry.referrals.select_related("to_organisation")
            .order_by("created_at"))


def family_status_rows(enquiry: Enquiry) -> list[tuple[str, str, str]]:
    """What the family sees about its enquiry: when it was sent and where it is now."""
    return [
        (gettext("Sent"), date_format(timezone.localtime(enquiry.created_at), "j F Y"), ""),
        (gettext("Where it is now"), family_status(enquiry), "status-text"),
    ]


def family_status(enquiry: Enquiry) -> str:
    """The enquiry's state in plain words for the family."""
    if enquiry.state == State.NEW:
        return "We have your question. An adviser will pick it up soon."
    if enquiry.state == State.CLAIMED:
        return "An adviser is looking at your question."
    if enquiry.state == State.WAITING:
        return "An adviser has been in touch or will contact you again soon."
    return "We have finished working on your question. Call us if you need more help."


def all_articles() -> QuerySet[Article]:
    """Every article, for advisers (the public see only `public_articles`)."""
    return (Article.objects.filter(current_version__isnull=False)
            .select_related("current_version", "owner").order_by("current_version__title"))


def article_with_history(pk) -> Article | None:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return (Article.objects.select_related("current_version__owner")
            .prefetch_related("versions__created_by").filter(pk=pk).first())
