"""Generated cross-organisation checks for referrals, staff pages and the partner API (see
kinship/testing/security.py)."""

import pytest

from kinship.referrals import services
from kinship.testing.security import check_all_refused, check_refused, outsiders, url_for

from .helpers import make_world, refer

pytestmark = pytest.mark.django_db

OBJECT_URLS = {
    "referrals_staff:family": lambda v: {"household_pk": v.household.pk},
    "referrals_staff:detail": lambda v: {"pk": v.referral.pk},
    "referrals_staff:act": lambda v: {"pk": v.referral.pk},
    "referrals_api:detail": lambda v: {"pk": v.referral.pk},
}
PERSONAL = [
    "Morag Testcarer",
    "Callum Testchild",
    "Grandmother struggling with money and the child's behaviour",
]


@pytest.fixture
def victim():
    world = make_world()
    world.referral = refer(world)
    return world


@pytest.mark.parametrize("name", sorted(OBJECT_URLS))
def test_other_organisations_and_strangers_are_refused(client, victim, name):
    personal = [*PERSONAL, victim.referral.reference]
    check_all_refused(client, url_for(name, OBJECT_URLS[name](victim)), personal=personal)


def test_another_organisations_api_key_is_refused_and_audited(client, victim):
    for outsider in outsiders():
        if outsider.organisation is None:
            continue
        _key, raw = services.create_api_key(outsider.organisation, "theirs")
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
        check_refused(
            client,
            None,
            url_for("referrals_api:detail", {"pk": victim.referral.pk}),
            personal=[*PERSONAL, victim.referral.reference],
        )
    client.defaults.pop("HTTP_AUTHORIZATION")
