"""Reads for insight: each measure is one aggregate query over another app's tables (counts
and record-key sums grouped in the database, never rows in Python), so it can run on a read
replica. Nothing here writes, and nothing leaves this module but counts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import (
    BigIntegerField,
    Case,
    CharField,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Mod
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinship.advice.models import Channel, Enquiry, FirstContact, Topic
from kinship.assessments.models import AgreedAction, WellbeingEntry
from kinship.assessments.wellbeing import Indicator, Rating
from kinship.directory.models import KindOfSupport
from kinship.referrals.lifecycle import Action, Outcome, ReasonCode, State
from kinship.referrals.models import Referral, ReferralEvent

from . import cellkey
from .geography import area_code, areas
from .models import PeriodKind, Release, ReleaseStatus

DEFAULT_THRESHOLD = 5
DEFAULT_SAFETY_RANGE = 30


def disclosure_settings() -> tuple[int, int]:
    """(threshold, safety range %) from settings, with the documented defaults."""
    return (
        int(getattr(settings, "INSIGHTS_THRESHOLD", DEFAULT_THRESHOLD)),
        int(getattr(settings, "INSIGHTS_SAFETY_RANGE", DEFAULT_SAFETY_RANGE)),
    )


def key_parameters() -> tuple[int, int]:
    """The secret multiplier and offset of record keys, derived from the site's secret key."""
    secret = getattr(settings, "INSIGHTS_CELL_KEY_SECRET", "") or settings.SECRET_KEY
    digest = hashlib.sha256(f"kinship-insights-cell-key:{secret}".encode()).digest()
    multiplier = int.from_bytes(digest[:8], "big") % (cellkey.PRIME - 1) + 1
    offset = int.from_bytes(digest[8:16], "big") % cellkey.PRIME
    return multiplier, offset


def record_key_expression(field: str):
    """The record key of each row, computed by the database (see `cellkey.record_key`)."""
    multiplier, offset = key_parameters()
    # 64-bit arithmetic: ids below 2**31 times a multiplier below 2**31 cannot overflow.
    pk = Cast(F(field), BigIntegerField())
    return Mod(
        Mod(pk * Value(multiplier) + Value(offset), Value(cellkey.PRIME)), Value(cellkey.KEY_RANGE)
    )


def period_end(kind: str, start: date) -> date:
    months = 3 if kind == PeriodKind.QUARTER else 1
    month = start.month - 1 + months
    return date(start.year + month // 12, month % 12 + 1, 1)


def period_start_for(kind: str, day: date) -> date:
    if kind == PeriodKind.QUARTER:
        return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return date(day.year, day.month, 1)


@dataclass
class Aggregate:
    """Counts and record-key sums by (council code or None, column code)."""

    counts: dict[tuple[str | None, str], int]
    key_sums: dict[tuple[str | None, str], int]

    def by(self, geography: str) -> tuple[dict, dict]:
        counts: dict[tuple[str, str], int] = {}
        keys: dict[tuple[str, str], int] = {}
        for (council, col), n in self.counts.items():
            cell = (area_code(council, geography), col)
            counts[cell] = counts.get(cell, 0) + n
            keys[cell] = keys.get(cell, 0) + self.key_sums[(council, col)]
        return counts, keys


def _aggregate(queryset, council_field: str, column_field: str, key_field: str) -> Aggregate:
    rows = (
        queryset.values(council_field, column_field)
        .order_by()
        .annotate(n=Count("pk"), keys=Sum(record_key_expression(key_field)))
    )
    counts, keys = {}, {}
    for row in rows:
        cell = (row[council_field], row[column_field])
        counts[cell] = counts.get(cell, 0) + row["n"]
        keys[cell] = keys.get(cell, 0) + int(row["keys"] or 0)
    return Aggregate(counts, keys)


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """Local midnights as aware datetimes: a plain range the database can use an index for
    (a `__date` lookup would wrap the column in a function)."""
    return (
        timezone.make_aware(datetime.combine(start, time.min)),
        timezone.make_aware(datetime.combine(end, time.min)),
    )


def _window(start: date, end: date, field: str = "created_at") -> Q:
    low, high = _bounds(start, end)
    return Q(**{f"{field}__gte": low, f"{field}__lt": high})


# --- the measures -----------------------------------------------------------------------


def enquiries_by_topic(start: date, end: date) -> Aggregate:
    through = Enquiry.topics.through.objects.filter(_window(start, end, "enquiry__created_at"))
    return _aggregate(through, "enquiry__council_id", "topic__slug", "enquiry_id")


def enquiries_by_channel(start: date, end: date) -> Aggregate:
    return _aggregate(Enquiry.objects.filter(_window(start, end)), "council_id", "channel", "id")


def enquiries_by_first_contact(start: date, end: date) -> Aggregate:
    """How families first reached the advice service (themselves, referred by a professional,
    met through outreach, through their worker): `Enquiry.first_contact`."""
    return _aggregate(
        Enquiry.objects.filter(_window(start, end)), "council_id", "first_contact", "id"
    )


SHORT_BREAK_EVENTS = [
    ("requested", _("Requested"), Action.CREATE),
    ("completed", _("Completed"), Action.COMPLETE),
    ("declined", _("Declined"), Action.DECLINE),
]


def short_breaks(start: date, end: date) -> Aggregate:
    """Short breaks requested, completed and declined in the period, by the family's council:
    the referral events of referrals that are short-break requests (`mentors`'
    ShortBreakRequest, reached through the referral's reverse relation `short_break`, so this
    app imports nothing above it)."""
    counts: dict = {}
    keys: dict = {}
    for code, _label, action in SHORT_BREAK_EVENTS:
        queryset = ReferralEvent.objects.filter(
            _window(start, end, "at"), action=action, referral__short_break__isnull=False
        ).annotate(what=Value(code, output_field=CharField()))
        part = _aggregate(
            queryset, "referral__household__council_id", "what", "referral__household_id"
        )
        counts.update(part.counts)
        keys.update(part.key_sums)
    return Aggregate(counts, keys)


def _referrals(start: date, end: date):
    return Referral.objects.filter(_window(start, end))


def referrals_by_kind(start: date, end: date) -> Aggregate:
    # A referral to a service offering several kinds of support counts under each kind.
    queryset = _referrals(start, end).filter(to_service__taxonomy_terms__parent__isnull=True)
    return _aggregate(
        queryset, "household__council_id", "to_service__taxonomy_terms__code", "household_id"
    )


REFERRAL_STAGES = [
    ("waiting", _("Not yet answered"), [State.SENT, State.ACKNOWLEDGED]),
    ("accepted", _("Accepted, support under way"), [State.ACCEPTED, State.IN_PROGRESS]),
    ("completed", _("Completed"), [State.COMPLETED]),
    ("declined", _("Declined, back with the sender"), [State.DECLINED]),
    ("redirected", _("Redirected to another service"), [State.REDIRECTED]),
    ("closed", _("Closed by the sender"), [State.CLOSED]),
]


def referrals_by_stage(start: date, end: date) -> Aggregate:
    stage = Case(
        *[When(state__in=states, then=Value(code)) for code, _label, states in REFERRAL_STAGES],
        default=Value("waiting"),
        output_field=CharField(),
    )
    queryset = _referrals(start, end).annotate(stage=stage)
    return _aggregate(queryset, "household__council_id", "stage", "household_id")


FIRST_ANSWER_BANDS = [
    ("same-day", _("Within a day"), timedelta(days=1)),
    ("2-days", _("1 to 2 days"), timedelta(days=2)),
    ("5-days", _("2 to 5 days"), timedelta(days=5)),
    ("10-days", _("5 to 10 days"), timedelta(days=10)),
    ("longer", _("More than 10 days"), None),
    ("none", _("No answer yet"), None),
]
ANSWERS = [Action.ACKNOWLEDGE, Action.ACCEPT, Action.DECLINE, Action.REDIRECT]


def referrals_by_time_to_first_answer(start: date, end: date) -> Aggregate:
    first = Subquery(
        ReferralEvent.objects.filter(referral=OuterRef("pk"), action__in=ANSWERS)
        .order_by("at")
        .values("at")[:1]
    )
    waited = ExpressionWrapper(F("first_answer") - F("created_at"), output_field=DurationField())
    band = Case(
        When(first_answer__isnull=True, then=Value("none")),
        *[
            When(waited__lt=limit, then=Value(code))
            for code, _label, limit in FIRST_ANSWER_BANDS
            if limit is not None
        ],
        default=Value("longer"),
        output_field=CharField(),
    )
    queryset = _referrals(start, end).annotate(first_answer=first, waited=waited, band=band)
    return _aggregate(queryset, "household__council_id", "band", "household_id")


UNMET = [
    ("no-service", _("Sent to an organisation with no listed service")),
    ("declined", _("Declined and not yet sent elsewhere")),
    ("closed-unmet", _("Closed without support")),
]
_SUPPORTED = [Outcome.SUPPORT_PROVIDED, Outcome.SIGNPOSTED, Outcome.NO_LONGER_NEEDED]


def unmet_needs(start: date, end: date) -> Aggregate:
    """Referrals with nowhere to go: each counted once, under the first reason that fits."""
    reason = Case(
        When(to_service__isnull=True, then=Value("no-service")),
        When(state=State.DECLINED, then=Value("declined")),
        When(Q(state=State.CLOSED) & ~Q(outcome__in=_SUPPORTED), then=Value("closed-unmet")),
        default=Value(""),
        output_field=CharField(),
    )
    queryset = _referrals(start, end).annotate(unmet=reason).exclude(unmet="")
    return _aggregate(queryset, "household__council_id", "unmet", "household_id")


NOT_CODED = "not-coded"


def _answers_by_reason(action: str):
    """Declines or redirects made in the period (each one counted, a referral redirected twice
    counts twice), by the coded reason the receiver chose; never the free-text reason."""

    def aggregate(start: date, end: date) -> Aggregate:
        reason = Case(
            When(reason_code="", then=Value(NOT_CODED)),
            default=F("reason_code"),
            output_field=CharField(),
        )
        queryset = ReferralEvent.objects.filter(_window(start, end, "at"), action=action).annotate(
            reason=reason
        )
        return _aggregate(
            queryset, "referral__household__council_id", "reason", "referral__household_id"
        )

    return aggregate


def _reasons():
    return [(c.value, str(c.label)) for c in ReasonCode] + [
        (NOT_CODED, str(_("No reason chosen (made before reasons were coded)")))
    ]


# A need is an indicator rated "some needs" or worse; unrated indicators are not counted.
NEED_RATINGS = [Rating.URGENT, Rating.SOME, Rating.SIGNIFICANT]


def needs_by_indicator(start: date, end: date) -> Aggregate:
    """Children's wellbeing needs by SHANARRI indicator, in assessments started in the period:
    one count per child and indicator rated as a need (a child can count under several)."""
    queryset = WellbeingEntry.objects.filter(
        _window(start, end, "assessment__created_at"),
        child__isnull=False,
        area__in=Indicator.values,
        rating__in=NEED_RATINGS,
    )
    return _aggregate(queryset, "assessment__household__council_id", "area", "child_id")


def agreed_support_by_kind(start: date, end: date) -> Aggregate:
    """Support agreed in assessments in the period, by the seven kinds (a referral or a task)."""
    queryset = AgreedAction.objects.filter(_window(start, end))
    return _aggregate(
        queryset, "assessment__household__council_id", "kind", "assessment__household_id"
    )


@dataclass(frozen=True)
class Measure:
    slug: str
    title: str
    unit: str
    columns: Callable[[], list[tuple[str, str]]]
    aggregate: Callable[[date, date], Aggregate]


def _topics():
    return [(t.slug, t.public_name) for t in Topic.objects.order_by("position", "name")]


def _kinds():
    return [(k.value, str(k.label)) for k in KindOfSupport]


MEASURES = [
    Measure(
        "enquiries-by-topic",
        _("Enquiries by topic"),
        _("topics raised"),
        _topics,
        enquiries_by_topic,
    ),
    Measure(
        "enquiries-by-channel",
        _("Enquiries by how the family got in touch"),
        _("enquiries"),
        lambda: [(c.value, str(c.label)) for c in Channel],
        enquiries_by_channel,
    ),
    Measure(
        "enquiries-by-first-contact",
        _("How families first reached the advice service"),
        _("enquiries"),
        lambda: [(c.value, str(c.label)) for c in FirstContact],
        enquiries_by_first_contact,
    ),
    Measure(
        "short-breaks",
        _("Short breaks requested, completed and declined"),
        _("short breaks"),
        lambda: [(code, str(label)) for code, label, _a in SHORT_BREAK_EVENTS],
        short_breaks,
    ),
    Measure(
        "referrals-by-kind",
        _("Referrals by kind of support"),
        _("referrals"),
        _kinds,
        referrals_by_kind,
    ),
    Measure(
        "referrals-by-stage",
        _("Referrals by where they stand now"),
        _("referrals"),
        lambda: [(code, str(label)) for code, label, _s in REFERRAL_STAGES],
        referrals_by_stage,
    ),
    Measure(
        "referrals-first-answer",
        _("Referrals by time to the first answer"),
        _("referrals"),
        lambda: [(code, str(label)) for code, label, _l in FIRST_ANSWER_BANDS],
        referrals_by_time_to_first_answer,
    ),
    Measure(
        "unmet-needs",
        _("Referrals with nowhere to go"),
        _("referrals"),
        lambda: [(code, str(label)) for code, label in UNMET],
        unmet_needs,
    ),
    Measure(
        "referrals-declined-by-reason",
        _("Referrals declined, by main reason"),
        _("declines"),
        _reasons,
        _answers_by_reason(Action.DECLINE),
    ),
    Measure(
        "referrals-redirected-by-reason",
        _("Referrals redirected to another service, by main reason"),
        _("redirects"),
        _reasons,
        _answers_by_reason(Action.REDIRECT),
    ),
    Measure(
        "needs-by-indicator",
        _("Children's wellbeing needs found in assessments, by SHANARRI indicator"),
        _("needs"),
        lambda: [(i.value, str(i.label)) for i in Indicator],
        needs_by_indicator,
    ),
    Measure(
        "agreed-support-by-kind",
        _("Support agreed after assessments, by kind of support"),
        _("agreed actions"),
        _kinds,
        agreed_support_by_kind,
    ),
]


def measure(slug: str) -> Measure | None:
    return next((m for m in MEASURES if m.slug == slug), None)


def area_rows(geography: str) -> list[tuple[str, str]]:
    return areas(geography)


# --- releases ----------------------------------------------------------------------------


def published_releases():
    return Release.objects.filter(status=ReleaseStatus.APPROVED).order_by(
        "-period_start", "-approved_at"
    )


def published_release(pk) -> Release | None:
    if not str(pk).isdigit() or len(str(pk)) > 12:
        return None
    return published_releases().filter(pk=pk).prefetch_related("tables").first()


def staff_releases():
    return Release.objects.select_related("prepared_by", "approved_by").order_by("-prepared_at")
