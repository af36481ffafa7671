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
    due = on_time = 0
    for r in Referral.objects.all():
        times = [e.at for e in ReferralEvent.objects.filter(referral=r) if e.action in answers]
        first = min(times) if times else None
        if first is None and r.ack_due_at > timezone.now():
            continue
        due += 1
        on_time += first is not None and first <= r.ack_due_at
    measure = indicators.referrals_answered_in_time()
    assert (measure.numerator, measure.denominator) == (on_time, due) == (6, 13)
    reading = services.compute_indicator(Indicator.objects.get(key="referrals-answered-in-time"))
    assert reading.value == Decimal("46.2") and not reading.withheld


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
