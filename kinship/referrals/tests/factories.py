"""factory_boy factories for referrals, sent through the referral service (so each one has
its first event, deadlines and consent checks)."""

import uuid

import factory

from kinship.referrals import services
from kinship.referrals.models import Referral


class ReferralFactory(factory.Factory):
    """Needs `household`, `to_service` and `actor` (someone whose organisation holds the
    household); see helpers.make_world for a ready-made set."""

    class Meta:
        model = Referral

    reason = "Grandmother struggling with money and the child's behaviour"
    asked_for = "A family support worker visit"
    idempotency_key = factory.LazyFunction(lambda: uuid.uuid4().hex)

    @classmethod
    def _create(cls, model_class, *args, household, to_service, actor, **fields):
        created = services.create_referral(
            services.NewReferral(
                household_id=household.pk, to_service_id=str(to_service.pk), **fields
            ),
            actor=actor,
        )
        return created.referral
