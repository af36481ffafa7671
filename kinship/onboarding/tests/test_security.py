"""Generated cross-organisation checks for organisation and staff management (see
kinship/testing/security.py): another organisation's administrator, any other role and a
signed-out visitor are refused, and never see the organisation's staff."""

import pytest

from kinship.accounts.models import OrganisationKind
from kinship.testing.factories import make_organisation, make_staff
from kinship.testing.security import check_all_refused, url_for

pytestmark = pytest.mark.django_db

# Platform administrators onboard and manage every organisation (onboarding/permissions.py).
CROSS_ORGANISATION_ROLES = ("platform_admin",)
OBJECT_URLS = {
    "onboarding:organisation": lambda v: {"org_pk": v.organisation.pk},
    "onboarding:invite": lambda v: {"org_pk": v.organisation.pk},
    "onboarding:suspend": lambda v: {"org_pk": v.organisation.pk},
    "onboarding:member": lambda v: {"org_pk": v.organisation.pk, "user_pk": v.member.pk},
}


@pytest.fixture
def victim():
    organisation = make_organisation(OrganisationKind.THIRD_SECTOR, name="Victim Kin Charity")
    make_staff("org_admin", organisation, email="victim-admin@charity.example")

    class Victim:
        pass

    v = Victim()
    v.organisation = organisation
    v.member = make_staff("partner_worker", organisation, email="victim-worker@charity.example")
    v.personal = ["victim-admin@charity.example", "victim-worker@charity.example"]
    return v


@pytest.mark.parametrize("name", sorted(OBJECT_URLS))
def test_other_organisations_and_strangers_are_refused(client, victim, name):
    check_all_refused(
        client,
        url_for(name, OBJECT_URLS[name](victim)),
        personal=victim.personal,
        cross_organisation_roles=CROSS_ORGANISATION_ROLES,
    )
