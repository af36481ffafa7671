"""Generated cross-organisation checks for data protection pages (see kinship/testing/
security.py): staff of every other organisation, in every role, and signed-out visitors are
refused every page naming a family, hold or request, and never see the family."""

from datetime import date

import pytest

from kinship.dataprotection import services
from kinship.dataprotection.models import RequestKind
from kinship.referrals.tests.helpers import make_world
from kinship.testing.factories import make_staff
from kinship.testing.security import check_all_refused, url_for

pytestmark = pytest.mark.django_db

OBJECT_URLS = {
    "dataprotection_staff:family": lambda v: {"household_pk": v.household.pk},
    "dataprotection_staff:place_hold": lambda v: {"household_pk": v.household.pk},
    "dataprotection_staff:record_request": lambda v: {"household_pk": v.household.pk},
    "dataprotection_staff:lift_hold": lambda v: {"pk": v.hold.pk},
    "dataprotection_staff:request": lambda v: {"pk": v.request.pk},
    "dataprotection_staff:export_json": lambda v: {"pk": v.request.pk},
    "dataprotection_staff:export_pdf": lambda v: {"pk": v.request.pk},
}


@pytest.fixture
def victim():
    from kinship.accounts.models import Role

    world = make_world()
    admin = make_staff(Role.ORG_ADMIN, world.advice)

    class Victim:
        pass

    v = Victim()
    v.household = world.household
    v.hold = services.place_hold(
        world.household, actor=admin, reason="Complaint", ends_on=date(2099, 1, 1)
    )
    v.request = services.record_request(
        world.household,
        actor=admin,
        kind=RequestKind.ERASURE,
        received_on=date(2026, 1, 5),
        details="Please delete Morag Testcarer's phone",
    )
    v.personal = ["Morag Testcarer", "Callum Testchild", "0141 000"]
    return v


@pytest.mark.parametrize("name", sorted(OBJECT_URLS))
def test_other_organisations_and_strangers_are_refused(client, victim, name):
    check_all_refused(client, url_for(name, OBJECT_URLS[name](victim)), personal=victim.personal)
