"""The outcome indicators the product can compute from its own data, and how.

Each `compute_*` reads the live tables and returns the true counts; `services.compute_all`
passes them through disclosure control and stores a reading, so the public page always says
when a figure was last computed. Indicators the product cannot compute (it holds no such
data) are defined as entered: platform staff enter them with a source.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Min, OuterRef, Subquery
from django.utils import timezone


@dataclass(frozen=True)
class Measure:
    numerator: int
    denominator: int | None = None
    # For figures about people: the sums of the counted records' keys (insights' record keys),
    # so the figure is perturbed by insights' cell-key method, the same way every time.
    numerator_keys: int = 0
    denominator_keys: int = 0


def _record_keys(ids) -> int:
    """The sum of insights' record keys of these row ids (see kinship.insights.cellkey)."""
    from kinship.insights.cellkey import record_key
    from kinship.insights.selectors import key_parameters

    multiplier, offset = key_parameters()
    return sum(record_key(pk, multiplier, offset) for pk in ids)


@dataclass(frozen=True)
class Definition:
    key: str
    commitment: str  # commitment slug
    name: str
    description: str
    method: str  # computed / entered
    unit: str
    about_people: bool = False


DEFINITIONS = [
    Definition(
        "councils-publishing-rates",
        "care-1",
        "Councils publishing their kinship allowance rates",
        "Councils (of 32) with kinship carers' weekly rates published on this service for "
        "the current financial year.",
        "computed",
        "councils",
    ),
    Definition(
        "councils-at-or-above-sra",
        "care-1",
        "Councils paying kinship carers at or above the SRA",
        "Councils whose published kinship rates for the current financial year are at or "
        "above the Scottish Recommended Allowance in every SRA age band.",
        "computed",
        "councils",
    ),
    Definition(
        "councils-with-local-offer",
        "care-3",
        "Councils with a published local kinship offer",
        "Councils (of 32) whose local kinship care offer is published on this service.",
        "computed",
        "councils",
    ),
    Definition(
        "provision-gaps-open",
        "care-3",
        "Provision gaps still open",
        "Council areas and kinds of support with no active local or national service in "
        "the directory. Fewer is better; the chart shows gaps closing over time.",
        "computed",
        "gaps",
    ),
    Definition(
        "referrals-answered-in-time",
        "kcass-3",
        "Referrals answered within their deadline",
        "Of referrals answered, or whose deadline to answer has passed, the share the "
        "receiving service acknowledged, accepted, declined or redirected by the "
        "deadline.",
        "computed",
        "percent",
        about_people=True,
    ),
    Definition(
        "written-records-after-assessment",
        "family-2",
        "Families given a written record after an assessment of wellbeing",
        "Of families whose wellbeing assessment was started on this service, the share "
        "given at least one written record of it (the record and offer of support the "
        "family keeps). Assessments still under way count as not yet given a record.",
        "computed",
        "percent",
        about_people=True,
    ),
]

BY_KEY = {d.key: d for d in DEFINITIONS}


def councils_publishing_rates(now: datetime | None = None) -> Measure:
    from kinship.allowances.models import CarerType, RatePublication
    from kinship.allowances.selectors import current_financial_year
    from kinship.places.models import Council

    today = timezone.localdate(now) if now else None
    year = current_financial_year(today)
    n = (
        RatePublication.objects.filter(financial_year=year, carer_type=CarerType.KINSHIP)
        .values("council_id")
        .distinct()
        .count()
    )
    return Measure(n, Council.objects.count())


def councils_at_or_above_sra(now: datetime | None = None) -> Measure:
    """Per SRA band, the allowances comparison gives each council's lowest amount; a council
    counts when none is below the SRA (and it has published)."""
    from kinship.allowances.models import CarerType
    from kinship.allowances.selectors import (
        compare_councils,
        comparison_bands,
        current_financial_year,
    )
    from kinship.places.models import Council

    today = timezone.localdate(now) if now else None
    year = current_financial_year(today)
    ok: dict[str, bool] = {}
    for band in comparison_bands():
        for row in compare_councils(year, CarerType.KINSHIP, band, today).rows:
            if row.publication is None or row.sra_weekly is None or row.weekly_lowest is None:
                ok[row.council.code] = False
            else:
                ok[row.council.code] = ok.get(row.council.code, True) and (
                    row.weekly_lowest >= row.sra_weekly
                )
    return Measure(sum(ok.values()), Council.objects.count())


def councils_with_local_offer(now: datetime | None = None) -> Measure:
    from kinship.directory.models import LocalOffer
    from kinship.places.models import Council

    n = LocalOffer.objects.filter(versions__isnull=False).values("council_id").distinct().count()
    return Measure(n, Council.objects.count())


def provision_gaps_open(now: datetime | None = None) -> Measure:
    from kinship.directory.selectors import provision_gaps

    rows = provision_gaps()
    cells = [row.total(kind) for row in rows for kind in row.counts]
    return Measure(sum(1 for c in cells if c == 0), len(cells))


ANSWERS = ("acknowledge", "accept", "decline", "redirect")


def referrals_answered_in_time(now: datetime | None = None) -> Measure:
    from kinship.referrals.models import Referral, ReferralEvent

    now = now or timezone.now()
    first_answer = (
        ReferralEvent.objects.filter(referral=OuterRef("pk"), action__in=ANSWERS)
        .values("referral")
        .annotate(at=Min("at"))
        .values("at")[:1]
    )
    rows = Referral.objects.annotate(answered_at=Subquery(first_answer)).values_list(
        "ack_due_at", "answered_at", "household_id"
    )
    due, on_time = [], []
    for ack_due_at, answered_at, household_id in rows:
        if answered_at is None and ack_due_at > now:
            continue  # still within its deadline: not yet measurable
        due.append(household_id)  # a referral's record key is its family's, as in insights
        if answered_at is not None and answered_at <= ack_due_at:
            on_time.append(household_id)
    return Measure(len(on_time), len(due), _record_keys(on_time), _record_keys(due))


def written_records_after_assessment(now: datetime | None = None) -> Measure:
    """Families with an assessment started (by `now`), and of them those given at least one
    written record (an issued RecordVersion). Each family counts once."""
    from kinship.assessments.models import Assessment, RecordVersion

    now = now or timezone.now()
    assessed = set(
        Assessment.objects.filter(created_at__lte=now).values_list("household_id", flat=True)
    )
    given = set(
        RecordVersion.objects.filter(
            issued_at__lte=now, assessment__household_id__in=assessed
        ).values_list("assessment__household_id", flat=True)
    )
    return Measure(len(given), len(assessed), _record_keys(given), _record_keys(assessed))


COMPUTE = {
    "councils-publishing-rates": councils_publishing_rates,
    "councils-at-or-above-sra": councils_at_or_above_sra,
    "councils-with-local-offer": councils_with_local_offer,
    "provision-gaps-open": provision_gaps_open,
    "referrals-answered-in-time": referrals_answered_in_time,
    "written-records-after-assessment": written_records_after_assessment,
}
