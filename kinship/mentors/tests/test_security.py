"""Generated cross-organisation checks for the mentoring pages (see
kinship/testing/security.py), and a mentor sees only the families matched to them."""

import pytest
from django.urls import reverse

from kinship.accounts.models import Role
from kinship.testing.factories import make_staff
from kinship.testing.security import check_all_refused, check_refused, url_for

from .. import services
from .factories import make_scheme, matched, public_ask, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def victim():
    scheme = make_scheme()
    scheme.match = matched(scheme, name="Morven Victimcarer")
    scheme.waiting = public_ask(name="Isla Waitingcarer")
    scheme.offer = services.publish_offer(
        services.OfferDetails(
            service_id=str(scheme.service.pk),
            title="Victim farm day",
            who_for="W",
            where="X",
            when="Y",
            min_age=1,
            max_age=9,
            council_codes=["S12000049"],
        ),
        actor=scheme.coordinator,
    )
    return scheme


OBJECT_URLS = {
    "mentors_staff:mentor": lambda v: {"pk": v.mentor.pk},
    "mentors_staff:request": lambda v: {"pk": v.waiting.pk},
    "mentors_staff:request_close": lambda v: {"pk": v.waiting.pk},
    "mentors_staff:match": lambda v: {"pk": v.match.pk},
    "mentors_staff:offer_withdraw": lambda v: {"pk": v.offer.pk},
    # Published offers are for every worker to request; the personal data is the family's,
    # chosen from the worker's own visible families.
    "mentors_staff:short_break_request": lambda v: {"pk": v.offer.pk},
}
PERSONAL = ["Morven Victimcarer", "Isla Waitingcarer", "jean@example.com"]


@pytest.mark.parametrize("name", sorted(OBJECT_URLS))
def test_other_organisations_and_strangers_are_refused(client, victim, name):
    url = url_for(name, OBJECT_URLS[name](victim))
    if name == "mentors_staff:short_break_request":
        # Open to every worker; refused to strangers and to roles without family work.
        check_refused(client, None, url, personal=PERSONAL)
        check_refused(client, make_staff(Role.ANALYST), url, personal=PERSONAL)
        check_refused(client, make_staff(Role.MENTOR), url, personal=PERSONAL)
        return
    check_all_refused(client, url, personal=PERSONAL)


def test_another_mentor_of_the_same_scheme_sees_nothing(client, victim):
    other = make_staff(Role.MENTOR, victim.org)
    register(victim.coordinator, other)
    client.force_login(other)
    check_refused(
        client, other, url_for("mentors_staff:match", {"pk": victim.match.pk}), personal=PERSONAL
    )
    page = client.get(reverse("mentors_staff:mine"))
    assert "Morven Victimcarer" not in page.content.decode()
    for name in ("mentors_staff:scheme", "families_staff:list", "referrals_staff:inbox"):
        assert client.get(reverse(name)).status_code == 403


def test_the_mentor_sees_their_family(client, victim):
    client.force_login(victim.mentor_user)
    page = client.get(reverse("mentors_staff:mine"))
    assert "Morven Victimcarer" in page.content.decode()
    page = client.get(url_for("mentors_staff:match", {"pk": victim.match.pk}))
    assert page.status_code == 200 and "Morven Victimcarer" in page.content.decode()
