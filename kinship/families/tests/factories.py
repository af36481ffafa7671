"""factory_boy factories for family records, built through the families services (so a
household always has its record-keeping consent and its access row)."""

import factory

from kinship.accounts.models import OrganisationKind
from kinship.accounts.tests.factories import OrganisationFactory
from kinship.families import services
from kinship.families.models import (
    Consent,
    ConsentMethod,
    ConsentScope,
    Household,
    LegalArrangement,
)


class HouseholdFactory(factory.Factory):
    class Meta:
        model = Household

    organisation = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.NATIONAL_ADVICE)
    actor = None
    council_id = "S12000049"
    carer_name = "Agnes Test"
    carer_phone = "07700 900123"
    child_name = "Robbie Test"
    arrangement = LegalArrangement.KINSHIP_CARE_ORDER
    was_looked_after = True
    reason = "test family"
    children = None  # a list of services.ChildDetails instead of the one child above

    @classmethod
    def _create(
        cls,
        model_class,
        *args,
        organisation,
        actor,
        council_id,
        carer_name,
        carer_phone,
        child_name,
        arrangement,
        was_looked_after,
        reason,
        children,
    ):
        details = services.NewHousehold(
            council_id=council_id,
            carers=[services.CarerDetails(full_name=carer_name, phone=carer_phone)],
            children=children
            or [
                services.ChildDetails(
                    full_name=child_name,
                    legal_arrangement=arrangement,
                    was_looked_after=was_looked_after,
                )
            ],
            arrangement=arrangement,
        )
        return services.create_household(
            details, actor=actor, organisation=organisation, reason=reason
        )


class ShareConsentFactory(factory.Factory):
    """The family's consent to share their record with another organisation."""

    class Meta:
        model = Consent

    household = factory.SubFactory(HouseholdFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    actor = None
    method = ConsentMethod.VERBAL_PHONE
    given_by_name = "Agnes Test"

    @classmethod
    def _create(cls, model_class, *args, household, organisation, actor, method, given_by_name):
        return services.record_consent(
            household,
            actor=actor,
            scope=ConsentScope.SHARE_WITH_ORGANISATION,
            organisation=organisation,
            method=method,
            given_by_name=given_by_name,
        )
