"""Test helpers: families with closed enquiries and referrals, built through the services
of the apps that own them, and the figures `insights` and the delivery indicators publish."""

from datetime import UTC, date, datetime

from kinship.advice import services as advice_services
from kinship.advice.models import Enquiry
from kinship.advice.tests.factories import EnquiryFactory
from kinship.delivery.indicators import referrals_answered_in_time
from kinship.insights.selectors import MEASURES
from kinship.referrals import services as referral_services
from kinship.referrals.lifecycle import Action, Outcome
from kinship.referrals.tests.helpers import consent, make_household, refer


def closed_enquiry(world, household, contact_name="Morag Testcarer") -> Enquiry:
    enquiry = EnquiryFactory(
        organisation=world.advice,
        contact_name=contact_name,
        what_is_happening="Our grandson Callum needs help at school",
    )
    Enquiry.objects.filter(pk=enquiry.pk).update(household=household)
    advice_services.claim(enquiry.pk, world.adviser)
    enquiry.refresh_from_db()
    advice_services.close(
        enquiry,
        actor=world.adviser,
        expected_version=enquiry.version,
        outcome="advice_given",
        note="Told Morag about the allowance",
    )
    enquiry.refresh_from_db()
    return enquiry


def closed_referral(world, household=None):
    if household is not None:
        consent(household, world.charity, world.adviser)
        world.household, saved = household, world.household
    referral = refer(world)
    if household is not None:
        world.household = saved
    return referral_services.transition(
        referral.pk,
        Action.CLOSE,
        world.adviser,
        referral.version,
        reason="The family found help elsewhere",
        outcome=Outcome.NO_LONGER_NEEDED,
    )


def second_family(world):
    return make_household(world.adviser, children=None)


def figures(start=date(2019, 1, 1), end=date(2030, 1, 1)) -> dict:
    """Every published insight measure over a wide window, and the delivery indicator built
    on referrals: the numbers anonymisation must not change."""
    out = {}
    for measure in MEASURES:
        aggregate = measure.aggregate(start, end)
        out[measure.slug] = (aggregate.counts, aggregate.key_sums)
    answered = referrals_answered_in_time(now=datetime(2030, 1, 1, tzinfo=UTC))
    out["referrals-answered-in-time"] = (answered.numerator, answered.denominator)
    return out
