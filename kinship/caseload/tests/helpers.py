"""A caseload world: the assessment tests' world (a Glasgow kinship team that assessed a
family with two children), a housing charity with a housing service, a Kinship Co-ordinator
holding the family, and an agreed housing task nobody is doing yet."""

from dataclasses import dataclass
from datetime import date, timedelta

from kinship.accounts.models import Organisation, OrganisationKind, Role, User
from kinship.assessments import services as assessment_services
from kinship.assessments.models import AgreedAction, Assessment
from kinship.assessments.tests.helpers import make_world, started
from kinship.caseload import services
from kinship.directory.models import Service, TaxonomyTerm
from kinship.families.models import Household
from kinship.referrals.tests.helpers import service_for
from kinship.testing.factories import make_organisation, make_staff


@dataclass
class Case:
    world: object
    assessment: Assessment
    household: Household
    coordinator: User
    housing_org: Organisation
    housing_service: Service
    housing_worker: User
    action: AgreedAction


def housing_service(org: Organisation) -> Service:
    service = service_for(org, "Housing advice for kinship families")
    term, _ = TaxonomyTerm.objects.get_or_create(
        code="housing-advice", defaults={"name": "Housing"}
    )
    service.taxonomy_terms.add(term)
    return service


def make_case(world=None, *, children=None) -> Case:
    world = world or make_world()
    kwargs = {"children": children} if children else {}
    assessment = started(world, **kwargs)
    coordinator = make_staff(Role.KINSHIP_COORDINATOR, world.council)
    housing_org = make_organisation(OrganisationKind.THIRD_SECTOR, name="Test Housing Trust")
    action = assessment_services.add_task(
        assessment,
        kind="practical_material",
        what="Ask about a bigger flat",
        owner_name="Co-ordinator",
        due_on=date.today() + timedelta(days=60),
        actor=world.council_worker,
    )
    services.set_action_need(action.pk, actor=coordinator, domain="housing")
    services.take_on(assessment.household_id, actor=coordinator)
    return Case(
        world,
        assessment,
        assessment.household,
        coordinator,
        housing_org,
        housing_service(housing_org),
        make_staff(Role.PARTNER_WORKER, housing_org),
        action,
    )
