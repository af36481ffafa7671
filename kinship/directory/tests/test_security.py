"""Generated cross-organisation checks for directory editing (see kinship/testing/security.py).
The directory itself is public; what is protected is changing another organisation's entry or
another council's local offer."""

import pytest

from kinship.accounts.models import OrganisationKind
from kinship.directory.models import PartnerFeed, Service
from kinship.directory.services import NewService, bulk_create_services, directory_organization_for
from kinship.testing.factories import council, make_organisation
from kinship.testing.security import check_all_refused, url_for

pytestmark = pytest.mark.django_db
EDINBURGH = "S12000036"  # not the factories' default council, so no outsider's own

# The platform administrator curates this shared public reference data for every council
# (permissions.py says so); it holds no family's personal data.
CROSS_ORGANISATION_ROLES = ("platform_admin",)
OBJECT_URLS = {
    "directory_staff:service_edit": lambda v: {"service_id": v.service.pk},
    "directory_staff:service_checked": lambda v: {"service_id": v.service.pk},
    "directory_staff:local_offer_edit": lambda v: {"slug": v.council.slug},
    "directory_staff:feed": lambda v: {"feed_id": v.feed.pk},
    "directory_staff:feed_pull": lambda v: {"feed_id": v.feed.pk},
}


@pytest.fixture
def victim():
    team = make_organisation(OrganisationKind.COUNCIL_KINSHIP_TEAM, EDINBURGH)
    bulk_create_services(
        [
            NewService(
                organization_id=directory_organization_for(team).pk,
                name="Edinburgh kinship team",
                description="Test service.",
                term_ids=[],
                council_codes=[EDINBURGH],
            )
        ]
    )

    class Victim:
        service = Service.objects.get(name="Edinburgh kinship team")

    Victim.council = council(EDINBURGH)
    Victim.feed = PartnerFeed.objects.create(owner=team, url="https://edinburgh.example/oruk")
    return Victim()


@pytest.mark.parametrize("name", sorted(OBJECT_URLS))
def test_other_organisations_and_strangers_are_refused(client, victim, name):
    check_all_refused(
        client,
        url_for(name, OBJECT_URLS[name](victim)),
        personal=[],
        cross_organisation_roles=CROSS_ORGANISATION_ROLES,
    )
