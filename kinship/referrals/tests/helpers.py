"""A small world for referral tests: an advice service, a local charity, a council kinship
team (Glasgow), a service each, and one family held by the advice service."""

from dataclasses import dataclass

from kinship.accounts.models import Organisation, OrganisationKind, Role, User
from kinship.directory.models import Service
from kinship.directory.tests.factories import ServiceFactory
from kinship.families import services as family_services
from kinship.families.models import ConsentMethod, ConsentScope, Household, LegalArrangement
from kinship.families.tests.factories import HouseholdFactory
from kinship.places import reference as places_reference
from kinship.referrals.models import Referral
from kinship.referrals.tests.factories import ReferralFactory
from kinship.testing.factories import make_organisation, make_staff


@dataclass
class World:
    advice: Organisation
    charity: Organisation
    council: Organisation
    other: Organisation
    adviser: User
    charity_worker: User
    council_worker: User
    outsider: User
    advice_service: Service
    charity_service: Service
    council_service: Service
    household: Household


def service_for(org: Organisation, name: str, **kwargs) -> Service:
    return ServiceFactory(provider=org, name=name, **kwargs)


def make_household(adviser, council_code="S12000049", *, children=None) -> Household:
    return HouseholdFactory(
        organisation=adviser.organisation, actor=adviser, council_id=council_code,
        carer_name="Morag Testcarer", carer_phone="0141 000", child_name="Callum Testchild",
        arrangement=LegalArrangement.LOOKED_AFTER_KINSHIP, was_looked_after=None,
        children=children, reason="called the advice line")


def consent(household, org, actor):
    return family_services.record_consent(
        household, actor=actor, scope=ConsentScope.SHARE_WITH_ORGANISATION,
        method=ConsentMethod.VERBAL_PHONE, given_by_name="Morag Testcarer", organisation=org)


def make_world() -> World:
    places_reference.ensure_loaded()  # transactional tests flush the migrated reference data
    advice = make_organisation(OrganisationKind.NATIONAL_ADVICE, name="Test Advice Line")
    charity = make_organisation(OrganisationKind.THIRD_SECTOR, name="Test Kin Charity")
    council = make_organisation(OrganisationKind.COUNCIL_KINSHIP_TEAM,
                                name="Test Glasgow Kinship Team")
    other = make_organisation(OrganisationKind.THIRD_SECTOR, name="Unrelated Charity")
    adviser = make_staff(Role.ADVISER, advice)
    household = make_household(adviser)
    consent(household, charity, adviser)
    return World(
        advice=advice, charity=charity, council=council, other=other, adviser=adviser,
        charity_worker=make_staff(Role.PARTNER_WORKER, charity),
        council_worker=make_staff(Role.COUNCIL_WORKER, council),
        outsider=make_staff(Role.PARTNER_WORKER, other),
        advice_service=service_for(advice, "Test advice line"),
        charity_service=service_for(charity, "Kinship family support"),
        council_service=service_for(council, "Kinship assessments",
                                    is_specialist_kinship_team=True),
        household=household,
    )


def refer(world: World, service=None, *, key=None, actor=None, **extra) -> Referral:
    if key is not None:
        extra["idempotency_key"] = key
    return ReferralFactory(household=world.household, to_service=service or world.charity_service,
                           actor=actor or world.adviser, **extra)
