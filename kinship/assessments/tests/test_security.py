"""Generated cross-organisation checks for assessments (see kinship/testing/security.py): staff
of every other organisation, in every role, and signed-out visitors are refused every
assessment page and never see the family."""

import pytest

from kinship.testing.security import check_all_refused, url_for

from .helpers import make_world, request_of, started

pytestmark = pytest.mark.django_db

OBJECT_URLS = {
    "assessments_staff:request": lambda v: {"pk": v.request.pk},
    "assessments_staff:start": lambda v: {"pk": v.request.pk},
    "assessments_staff:decline": lambda v: {"pk": v.request.pk},
    "assessments_staff:request_for_family": lambda v: {"household_pk": v.assessment.household_id},
    "assessments_staff:detail": lambda v: {"pk": v.assessment.pk},
    "assessments_staff:save_wellbeing": lambda v: {"pk": v.assessment.pk},
    "assessments_staff:save_voices": lambda v: {"pk": v.assessment.pk, "part_pk": v.part.pk},
    "assessments_staff:child_link": lambda v: {"pk": v.assessment.pk, "part_pk": v.part.pk},
    "assessments_staff:save_needs": lambda v: {"pk": v.assessment.pk},
    "assessments_staff:add_task": lambda v: {"pk": v.assessment.pk},
    "assessments_staff:add_referral": lambda v: {"pk": v.assessment.pk},
    "assessments_staff:issue": lambda v: {"pk": v.assessment.pk},
    "assessments_staff:version_pdf": lambda v: {"pk": v.assessment.pk, "number": 1},
}


@pytest.fixture
def victim():
    world = make_world()
    assessment = started(world)

    class Victim:
        pass

    v = Victim()
    v.assessment, v.request = assessment, request_of(assessment)
    v.part = assessment.child_parts.first()
    v.personal = ["Morag Testcarer", "Callum Testchild", "0141 496 0000"]
    return v


@pytest.mark.parametrize("name", sorted(OBJECT_URLS))
def test_other_organisations_and_strangers_are_refused(client, victim, name):
    check_all_refused(client, url_for(name, OBJECT_URLS[name](victim)), personal=victim.personal)
