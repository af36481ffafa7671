"""Generated cross-organisation checks for the caseload (see kinship/testing/security.py):
staff of every other organisation, in every role, and signed-out visitors are refused every
caseload page naming a family, child or agreed action, and never see the family."""

import pytest

from kinship.testing.security import check_all_refused, url_for

from .helpers import make_case

pytestmark = pytest.mark.django_db

OBJECT_URLS = {
    "caseload_staff:family": lambda v: {"pk": v.household.pk},
    "caseload_staff:take_on": lambda v: {"pk": v.household.pk},
    "caseload_staff:add_contact": lambda v: {"pk": v.household.pk},
    "caseload_staff:plan_change": lambda v: {"pk": v.household.pk, "child_pk": v.child.pk},
    "caseload_staff:moved": lambda v: {"pk": v.household.pk},
    "caseload_staff:placing_council": lambda v: {"pk": v.household.pk, "child_pk": v.child.pk},
    "caseload_staff:set_need": lambda v: {"action_pk": v.action.pk},
    "caseload_staff:refer_action": lambda v: {"action_pk": v.action.pk},
}


@pytest.fixture
def victim():
    case = make_case()

    class Victim:
        pass

    v = Victim()
    v.household, v.action = case.household, case.action
    v.child = case.household.children.first()
    v.personal = ["Morag Testcarer", "Callum Testchild", "0141 496 0000"]
    return v


@pytest.mark.parametrize("name", sorted(OBJECT_URLS))
def test_other_organisations_and_strangers_are_refused(client, victim, name):
    check_all_refused(client, url_for(name, OBJECT_URLS[name](victim)), personal=victim.personal)
