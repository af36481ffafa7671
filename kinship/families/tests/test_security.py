"""Generated cross-organisation checks for family records (see kinship/testing/security.py)."""

import pytest

from kinship.accounts.models import OrganisationKind
from kinship.testing.factories import make_organisation, make_staff
from kinship.testing.security import check_all_refused, url_for

from .test_visibility import make_household

pytestmark = pytest.mark.django_db

OBJECT_URLS = {
    "families_staff:detail": lambda v: {"pk": v.household.pk},
    "families_staff:share_consent": lambda v: {"pk": v.household.pk},
    "families_staff:withdraw_consent": lambda v: {"pk": v.household.pk, "consent_pk": v.consent.pk},
    "families_staff:change_arrangement": lambda v: {"pk": v.household.pk, "child_pk": v.child.pk},
}


@pytest.fixture
def victim():
    org = make_organisation(OrganisationKind.NATIONAL_ADVICE)
    household = make_household(org, make_staff("adviser", org))

    class Victim:
        pass

    v = Victim()
    v.household, v.consent = household, household.consents.get()
    v.child = household.children.get()
    v.personal = ["Agnes Test", "Robbie Test", "07700 900123"]
    return v


@pytest.mark.parametrize("name", sorted(OBJECT_URLS))
def test_other_organisations_and_strangers_are_refused(client, victim, name):
    check_all_refused(client, url_for(name, OBJECT_URLS[name](victim)), personal=victim.personal)
