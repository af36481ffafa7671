"""Generated cross-organisation checks for publishing a council's allowance rates (see
kinship/testing/security.py)."""

import pytest

from kinship.testing.factories import council
from kinship.testing.security import check_all_refused, url_for

pytestmark = pytest.mark.django_db
EDINBURGH = "S12000036"  # not the factories' default council, so no outsider's own

# The platform administrator curates this shared public reference data for every council
# (permissions.py says so); it holds no family's personal data.
CROSS_ORGANISATION_ROLES = ("platform_admin",)
OBJECT_URLS = {
    "allowances_staff:publish": lambda v: {"slug": v.slug},
    "allowances_staff:enter": lambda v: {"slug": v.slug},
}


@pytest.fixture
def victim():
    class Victim:
        slug = council(EDINBURGH).slug

    return Victim()


@pytest.mark.parametrize("name", sorted(OBJECT_URLS))
def test_other_organisations_and_strangers_are_refused(client, victim, name):
    check_all_refused(
        client,
        url_for(name, OBJECT_URLS[name](victim)),
        personal=[],
        cross_organisation_roles=CROSS_ORGANISATION_ROLES,
    )
