"""A small world for assessment tests: the referral tests' world (an advice line, a charity
the family shares with, the Glasgow kinship team, an unrelated charity), plus another
council's team, an analyst, and helpers to request and start an assessment."""

import uuid
from dataclasses import dataclass
from datetime import date

from kinship.accounts.models import OrganisationKind, Role, User
from kinship.assessments import services
from kinship.assessments.models import Assessment, AssessmentRequest
from kinship.referrals.tests.helpers import World
from kinship.referrals.tests.helpers import make_world as make_referral_world
from kinship.testing.factories import make_organisation, make_staff

GLASGOW = "S12000049"
EDINBURGH = "S12000036"


@dataclass
class AssessWorld:
    base: World
    other_council: object
    other_council_worker: User
    analyst: User
    council_admin: User

    def __getattr__(self, name):
        return getattr(self.base, name)


def make_world() -> AssessWorld:
    base = make_referral_world()
    other = make_organisation(
        OrganisationKind.COUNCIL_KINSHIP_TEAM,
        council_code=EDINBURGH,
        name="Test Edinburgh Kinship Team",
    )
    return AssessWorld(
        base=base,
        other_council=other,
        other_council_worker=make_staff(Role.COUNCIL_WORKER, other),
        analyst=make_staff(Role.ANALYST),
        council_admin=make_staff(Role.ORG_ADMIN, base.council),
    )


def public_request(**overrides) -> services.Submitted:
    details = services.RequestDetails(
        what_is_happening="We have looked after our grandson for a year and need help.",
        council_id=GLASGOW,
        postcode_district="G1",
        contact_name="Morag Testcarer",
        phone="0141 496 0000",
        safe_to_leave_message=True,
        children_summary="Callum 9",
    )
    for key, value in overrides.items():
        setattr(details, key, value)
    return services.submit_request(details, uuid.uuid4().hex)


def started(
    world,
    *,
    children=(("Callum Testchild", date(2016, 5, 1)), ("Isla Testchild", date(2020, 2, 3))),
) -> Assessment:
    submitted = public_request()
    return services.start_assessment(
        submitted.request.pk,
        actor=world.council_worker,
        details=services.StartDetails(
            carer_name="Morag Testcarer",
            children=[services.ChildLine(name, dob) for name, dob in children],
        ),
    )


def request_of(assessment: Assessment) -> AssessmentRequest:
    return AssessmentRequest.objects.get(pk=assessment.request_id)
