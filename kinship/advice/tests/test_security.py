"""Generated cross-organisation checks for enquiries (see kinship/testing/security.py)."""

import pytest

from kinship.accounts.models import OrganisationKind
from kinship.advice import services
from kinship.testing.factories import make_organisation, make_staff
from kinship.testing.security import check_all_refused, url_for

pytestmark = pytest.mark.django_db

ENQUIRY_ACTIONS = (
    "enquiry",
    "claim",
    "release",
    "assign",
    "advice",
    "callback",
    "close",
    "message",
    "link_existing",
    "link_new",
)
OBJECT_URLS = {f"advice_staff:{name}": (lambda v: {"pk": v.enquiry.pk}) for name in ENQUIRY_ACTIONS}
PERSONAL = ["Isla Testcaller", "07700 900456", "My grandson moved in with me last week"]


@pytest.fixture
def victim():
    org = make_organisation(OrganisationKind.NATIONAL_ADVICE)
    adviser = make_staff("adviser", org)
    submitted = services.log_call(
        services.EnquiryDetails(
            what_is_happening=PERSONAL[2],
            contact_name=PERSONAL[0],
            phone=PERSONAL[1],
        ),
        actor=adviser,
    )

    class Victim:
        enquiry = submitted.enquiry

    return Victim()


@pytest.mark.parametrize("name", sorted(OBJECT_URLS))
def test_other_organisations_and_strangers_are_refused(client, victim, name):
    check_all_refused(
        client,
        url_for(name, OBJECT_URLS[name](victim)),
        personal=[*PERSONAL, victim.enquiry.reference],
    )
