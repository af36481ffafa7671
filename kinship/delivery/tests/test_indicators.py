"""Each computed indicator equals a count worked out independently from the database (plain
loops over the rows, not the indicator's own query), and passes through disclosure control."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from kinship.allowances.calculations import Band
from kinship.allowances.models import CarerType, RateBand, RatePublication, RecommendedAllowance
from kinship.allowances.selectors import current_financial_year, latest_sra
from kinship.allowances.services import PublicationDetails, publish_rates
from kinship.allowances.uploads import RateGroup
from kinship.delivery import indicators, services
from kinship.delivery.models import Indicator
from kinship.directory.models import (
    LocalOffer,
    LocalOfferVersion,
    Organization,
    Service,
    ServiceArea,
    ServiceStatus,
    TaxonomyTerm,
)
from kinship.directory.services import publish_local_offer
from kinship.places.models import Council
from kinship.referrals import services as referral_services
from kinship.referrals.models import Referral, ReferralEvent
from kinship.referrals.tests.helpers import make_world, refer

pytestmark = pytest.mark.django_db


def _publish(council, year, factor, carer_type=CarerType.KINSHIP):
    bands = [
        Band(b.age_from, b.age_to, (b.weekly * factor).quantize(Decimal("0.01")))
        for b in latest_sra().bands
    ]
    publish_rates(council, [RateGroup(year, carer_type, bands)], PublicationDetails())


@pytest.fixture
def rates():
    year = current_financial_year()
    councils = list(Council.objects.order_by("code"))
    _publish(councils[0], year, Decimal("1.00"))  # at the SRA
    _publish(councils[1], year, Decimal("1.10"))  # above
    _publish(councils[2], year, Decimal("0.90"))  # below
    _publish(councils[3], "2019-20", Decimal("1.20"))  # an old year only
    _publish(councils[4], year, Decimal("1.50"), CarerType.FOSTER)  # foster only
    _publish(councils[2], year, Decimal("1.05"))  # a later version lifts council 2 above
    return year


def test_councils_publishing_rates_matches_an_independent_count(rates):
    expected = {
        p.council_id
        for p in RatePublication.objects.all()
        if p.financial_year == rates and p.carer_type == CarerType.KINSHIP
    }
    measure = indicators.councils_publishing_rates()
    assert measure.numerator == len(expected) == 3
    assert measure.denominator == Council.objects.count() == 32


def test_councils_at_or_above_sra_matches_an_independent_count(rates):
    sra_year = max(r.financial_year for r in RecommendedAllowance.objects.all())
    sra = [r for r in RecommendedAllowance.objects.all() if r.financial_year == sra_year]
    latest: dict[str, RatePublication] = {}
    for p in RatePublication.objects.all():
        current = p.financial_year == rates and p.carer_type == CarerType.KINSHIP
        if current and (p.council_id not in latest or p.version > latest[p.council_id].version):
            latest[p.council_id] = p
    at_or_above = 0
    for pub in latest.values():
        bands = list(RateBand.objects.filter(publication=pub))
        ok = True
        for s in sra:
            ages = range(s.age_from, (s.age_to if s.age_to is not None else s.age_from) + 1)
            for age in ages:
                paid = [
                    b.weekly_amount
                    for b in bands
                    if b.age_from <= age and (b.age_to is None or age <= b.age_to)
                ]
                ok = ok and bool(paid) and min(paid) >= s.weekly_amount
        at_or_above += ok
    assert indicators.councils_at_or_above_sra().numerator == at_or_above == 3


def test_councils_with_local_offer_matches_an_independent_count():
    councils = list(Council.objects.order_by("code"))
    publish_local_offer(council=councils[0], introduction="Our offer", by_kind={})
    publish_local_offer(council=councils[0], introduction="Our offer, updated", by_kind={})
    publish_local_offer(council=councils[5], introduction="Offer", by_kind={})
    LocalOffer.objects.create(council=councils[7])  # started, never published
    expected = {v.offer.council_id for v in LocalOfferVersion.objects.select_related("offer")}
    assert indicators.councils_with_local_offer().numerator == len(expected) == 2


def test_provision_gaps_match_an_independent_count():
    kinds = list(TaxonomyTerm.objects.filter(parent__isnull=True))
    councils = list(Council.objects.order_by("code"))
    org = Organization.objects.create(name="Test provider")
    local = Service.objects.create(organization=org, name="Local help", status=ServiceStatus.ACTIVE)
    local.taxonomy_terms.add(kinds[0], kinds[1])
    ServiceArea.objects.create(service=local, council=councils[0])
    national = Service.objects.create(
        organization=org, name="National line", status=ServiceStatus.ACTIVE, is_national=True
    )
    national.taxonomy_terms.add(kinds[2])
    closed = Service.objects.create(organization=org, name="Closed", status=ServiceStatus.INACTIVE)
    closed.taxonomy_terms.add(kinds[3])
    ServiceArea.objects.create(service=closed, council=councils[1])

    def covered(council, kind):
        for service in Service.objects.all():
            terms = service.taxonomy_terms.all()
            if service.status != ServiceStatus.ACTIVE or kind not in terms:
                continue
            if service.is_national or any(
                a.council_id == council.code for a in service.service_areas.all()
            ):
                return True
        return False

    expected = sum(1 for c in councils for k in kinds if not covered(c, k))
    measure = indicators.provision_gaps_open()
    assert measure.numerator == expected
    assert measure.denominator == len(councils) * len(kinds)
    assert expected == len(councils) * len(kinds) - 2 - len(councils)


def test_referrals_answered_in_time_matches_an_independent_count():
    world = make_world()
    made = [refer(world) for _ in range(14)]
    now = timezone.now()
    # 6 answered on time; 5 answered after their deadline; 2 unanswered and overdue;
    # 1 unanswered and still within its deadline (not yet measurable).
    for r in made[:11]:
        referral_services.transition(r.pk, "acknowledge", world.charity_worker, r.version)
    for r in made[6:13]:
        Referral.objects.filter(pk=r.pk).update(ack_due_at=now - timedelta(days=3))
    answers = {"acknowledge", "accept", "decline", "redirect"}
    due, on_time = [], []
    for r in Referral.objects.all():
        times = [e.at for e in ReferralEvent.objects.filter(referral=r) if e.action in answers]
        first = min(times) if times else None
        if first is None and r.ack_due_at > timezone.now():
            continue
        due.append(r.household_id)
        if first is not None and first <= r.ack_due_at:
            on_time.append(r.household_id)
    measure = indicators.referrals_answered_in_time()
    assert (measure.numerator, measure.denominator) == (len(on_time), len(due)) == (6, 13)
    reading = services.compute_indicator(Indicator.objects.get(key="referrals-answered-in-time"))
    assert not reading.withheld
    assert (reading.numerator, reading.denominator, reading.value) == _protected(on_time, due)


def _protected(part_households, whole_households):
    """What insights' disclosure control publishes for this share, worked out here from the
    record keys of the families counted (the tables' own code path, called directly)."""
    from kinship.insights import cellkey
    from kinship.insights.disclosure import TOTAL, protect
    from kinship.insights.selectors import disclosure_settings, key_parameters

    multiplier, offset = key_parameters()

    def keys(ids):
        return sum(cellkey.record_key(pk, multiplier, offset) for pk in ids)

    part, rest = len(part_households), len(whole_households) - len(part_households)
    threshold, safety = disclosure_settings()
    table = protect(
        {("r", "part"): part, ("r", "rest"): rest},
        {
            ("r", "part"): keys(part_households),
            ("r", "rest"): keys(whole_households) - keys(part_households),
        },
        threshold=threshold,
        safety_range=safety,
    )
    shown_part, shown_whole = table.value("r", "part"), table.value("r", TOTAL)
    if shown_part is None or not shown_whole:
        return None, None, None
    shown_part = min(shown_part, shown_whole)
    value = (Decimal(100) * shown_part / shown_whole).quantize(Decimal("0.1"))
    # Perturbation moves each count by at most 2 and never below the threshold.
    assert abs(shown_part - part) <= 2 and abs(shown_whole - part - rest) <= 2
    return shown_part, shown_whole, value


def test_written_records_after_assessment_matches_an_independent_count():
    from kinship.assessments.models import Assessment, RecordVersion
    from kinship.insights.tests.helpers import make_assessment

    made = [make_assessment(day="2026-03-10") for _ in range(14)]
    two_assessments = made[0].household
    made.append(make_assessment(day="2026-03-11"))
    Assessment.objects.filter(pk=made[-1].pk).update(household=two_assessments)
    for number, assessment in enumerate(made[:8]):
        RecordVersion.objects.create(assessment=assessment, number=1, snapshot={}, pdf=b"%PDF")
        if number < 2:  # a review: a second version counts the family once
            RecordVersion.objects.create(
                assessment=assessment, number=2, is_review=True, snapshot={}, pdf=b"%PDF"
            )
    assessed = {a.household_id for a in Assessment.objects.all()}
    given = {v.assessment.household_id for v in RecordVersion.objects.all()}
    measure = indicators.written_records_after_assessment()
    assert (measure.numerator, measure.denominator) == (len(given), len(assessed)) == (8, 14)
    indicator = Indicator.objects.get(key="written-records-after-assessment")
    assert indicator.method == Indicator.Method.COMPUTED
    reading = services.compute_indicator(indicator)
    assert (reading.numerator, reading.denominator, reading.value) == _protected(
        sorted(given), sorted(assessed)
    )
    assert reading.value is not None and reading.measured_at


def test_a_small_number_without_a_record_is_withheld_with_its_complement():
    from kinship.assessments.models import RecordVersion
    from kinship.insights.tests.helpers import make_assessment

    made = [make_assessment() for _ in range(10)]
    for assessment in made[:8]:  # 2 without a record: 2 < threshold, so nothing is shown
        RecordVersion.objects.create(assessment=assessment, number=1, snapshot={}, pdf=b"%PDF")
    reading = services.compute_indicator(
        Indicator.objects.get(key="written-records-after-assessment")
    )
    assert reading.withheld and reading.value is None
    assert reading.numerator is None and reading.denominator is None


def test_small_referral_counts_are_withheld():
    world = make_world()
    made = [refer(world) for _ in range(3)]
    referral_services.transition(made[0].pk, "acknowledge", world.charity_worker, made[0].version)
    Referral.objects.filter(pk__in=[r.pk for r in made]).update(
        ack_due_at=timezone.now() - timedelta(days=1)
    )
    reading = services.compute_indicator(Indicator.objects.get(key="referrals-answered-in-time"))
    assert reading.withheld and reading.value is None and reading.numerator is None


def test_compute_all_stores_one_dated_reading_per_computed_indicator():
    readings = services.compute_all()
    computed = Indicator.objects.filter(method="computed")
    assert {r.indicator_id for r in readings} == set(computed.values_list("pk", flat=True))
    assert all(r.measured_at and r.source for r in readings)


def test_the_schedule_recomputes_every_computed_indicator_daily():
    from kinship.delivery.tasks import compute_indicators_task
    from kinship.web.schedule import PERIODIC_TASKS

    periodic = {p.task: p for p in PERIODIC_TASKS}
    assert periodic["kinship.delivery.tasks.compute_indicators_task"].every_seconds == 24 * 3600
    made = compute_indicators_task.call()
    assert made == Indicator.objects.filter(method=Indicator.Method.COMPUTED).count() == 6


def test_a_figure_is_withheld_if_the_suppression_engine_fails(monkeypatch):
    from kinship.delivery import disclosure
    from kinship.insights import suppression

    def broken(*args, **kwargs):
        raise suppression.SuppressionError("engine failed")

    monkeypatch.setattr("kinship.insights.disclosure.suppress", broken)
    controlled = disclosure.control_share(3, 20, part_keys=10, whole_keys=99)
    assert controlled.withheld and controlled.shown_part is None
    assert disclosure.control_count(3).withheld
