"""Issue 13, items 4 and 6: the adviser refers from the enquiry page (the family's record made or
linked in the same flow, with consent); the service list is narrowed by the family's council,
the kind of help and a name; the enquiry's status page shows the referrals made from it, and
/status/ takes KA- references too."""

import re

import pytest

from kinship.accounts.models import OrganisationKind
from kinship.advice import services as advice_services
from kinship.advice.models import Enquiry
from kinship.advice.tests.conftest import VALID_ASK
from kinship.advice.tests.factories import EnquiryFactory
from kinship.directory.models import TaxonomyTerm
from kinship.referrals.models import Referral
from kinship.testing.factories import make_organisation

from .helpers import consent, make_household, service_for

pytestmark = pytest.mark.django_db
HIGHLAND = "S12000017"
GLASGOW = "S12000049"


@pytest.fixture
def enquiry(world):
    """An enquiry at the advice line, held by the adviser, with the family's secret."""
    obj = EnquiryFactory(organisation=world.advice, council_id=GLASGOW)
    advice_services.claim(obj.pk, world.adviser)
    obj.refresh_from_db()
    return obj


def _selected(page: str, value) -> bool:
    return re.search(rf'<option value="{value}"\s+selected', page) is not None


def _signed_in(client, user):
    client.force_login(user)
    return client


def test_link_and_refer_goes_straight_to_the_referral_with_the_family_chosen(
    client, world, enquiry
):
    _signed_in(client, world.adviser)
    response = client.post(
        f"/staff/advice/{enquiry.pk}/link/existing/",
        {
            "version": enquiry.version,
            "household_id": world.household.pk,
            "consent_method": "verbal_phone",
            "consent": "on",
            "then": "refer",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == (
        f"/staff/referrals/new/?enquiry={enquiry.pk}&household={world.household.pk}"
    )
    page = client.get(response["Location"]).content.decode()
    assert f'name="enquiry" value="{enquiry.pk}"' in page
    assert _selected(page, world.household.pk)
    # The enquiry page now offers "Refer this family".
    detail = client.get(f"/staff/advice/{enquiry.pk}/").content.decode()
    assert 'id="refer-button"' in detail


def test_enquiry_without_a_family_says_how_to_refer(client, world, enquiry):
    page = _signed_in(client, world.adviser).get(f"/staff/advice/{enquiry.pk}/").content.decode()
    assert 'id="refer-button"' not in page
    assert "Open record and refer" in page and "Link and refer" in page


def test_service_list_follows_the_family_council_kind_and_name(client, world):
    highland = make_organisation(
        OrganisationKind.COUNCIL_KINSHIP_TEAM, council_code=HIGHLAND, name="Highland Kinship Team"
    )
    highland_service = service_for(highland, "Highland kinship support", council_id=HIGHLAND)
    highland_family = make_household(world.adviser, HIGHLAND)
    _signed_in(client, world.adviser)
    glasgow_page = client.get(
        f"/staff/referrals/new/?household={world.household.pk}"
    ).content.decode()
    assert "Highland kinship support" not in glasgow_page
    highland_page = client.get(
        f"/staff/referrals/new/?household={highland_family.pk}"
    ).content.decode()
    assert "Highland kinship support" in highland_page
    assert _selected(highland_page, HIGHLAND)
    # Anywhere in Scotland: every service; a name narrows it.
    everywhere = client.get("/staff/referrals/new/?council=&q=highland").content.decode()
    assert "Highland kinship support" in everywhere
    assert world.charity_service.name not in everywhere
    # A kind of help the service does not give removes it.
    kind = (
        TaxonomyTerm.objects.filter(parent__isnull=True)
        .exclude(pk__in=highland_service.taxonomy_terms.values("pk"))
        .first()
    )
    if kind is not None:
        narrowed = client.get(
            f"/staff/referrals/new/?council={HIGHLAND}&kind={kind.code}"
        ).content.decode()
        assert "Highland kinship support" not in narrowed
    # Hostile or unknown filters are ignored, never a 500.
    for query in ("council=<script>", "kind=' OR 1=1 --", "q=" + "x" * 500, "household=9" * 30):
        assert client.get(f"/staff/referrals/new/?{query}").status_code == 200


def test_councils_are_named_as_people_say_them(client, world):
    page = _signed_in(client, world.adviser).get("/staff/referrals/new/").content.decode()
    assert "Na h-Eileanan Siar (Western Isles)" in page


def _send(client, world, enquiry_id, key="from-enquiry", household=None):
    return client.post(
        f"/staff/referrals/new/?household={world.household.pk}&enquiry={enquiry_id}",
        {
            "household": household or world.household.pk,
            "to_service": str(world.charity_service.pk),
            "reason": "Needs a kinship group",
            "asked_for": "Invite her",
            "urgency": "routine",
            "idempotency_key": key,
            "enquiry": enquiry_id,
        },
    )


def test_the_referral_remembers_its_enquiry_and_the_enquiry_page_lists_it(client, world, enquiry):
    advice_services.link_household(
        enquiry,
        world.household,
        actor=world.adviser,
        expected_version=enquiry.version,
        consent_method="verbal_phone",
    )
    _signed_in(client, world.adviser)
    response = _send(client, world, enquiry.pk)
    assert response.status_code == 200, response.content.decode()[:2000]
    referral = Referral.objects.get(idempotency_key="from-enquiry")
    assert referral.enquiry_id == enquiry.pk
    detail = client.get(f"/staff/advice/{enquiry.pk}/").content.decode()
    assert referral.reference in detail and "Test Kin Charity" in detail


def test_another_organisations_or_another_familys_enquiry_is_refused(client, world, enquiry):
    other_enquiry = EnquiryFactory(organisation=world.charity)
    _signed_in(client, world.adviser)
    refused = _send(client, world, other_enquiry.pk, key="other-org")
    assert refused.status_code == 400
    assert "not one of yours" in refused.content.decode()
    # The adviser's own enquiry, but not linked to this family.
    unlinked = _send(client, world, enquiry.pk, key="unlinked")
    assert unlinked.status_code == 400
    assert not Referral.objects.filter(idempotency_key__in=["other-org", "unlinked"]).exists()
    # What was typed is kept.
    assert "Needs a kinship group" in unlinked.content.decode()


def _reference_and_secret(page: str) -> tuple[str, str]:
    return (
        page.split('id="reference">')[1].split("<")[0],
        page.split('id="secret">')[1].split("<")[0],
    )


def _enquiry_from_the_public_form(client, world):
    client.post("/ask/", dict(VALID_ASK))
    reference, secret = _reference_and_secret(client.get("/ask/sent/").content.decode())
    return Enquiry.objects.get(reference=reference), secret


def test_enquiry_status_shows_only_the_referrals_made_from_it(client, world):
    enquiry, secret = _enquiry_from_the_public_form(client, world)
    advice_services.claim(enquiry.pk, world.adviser)
    enquiry.refresh_from_db()
    advice_services.link_household(
        enquiry,
        world.household,
        actor=world.adviser,
        expected_version=enquiry.version,
        consent_method="verbal_phone",
    )
    staff = client.__class__()
    staff.force_login(world.adviser)
    assert _send(staff, world, enquiry.pk).status_code == 200
    made = Referral.objects.get(idempotency_key="from-enquiry")
    # A referral about the same family, not made from this enquiry, stays out of its page.
    consent(world.household, world.council, world.adviser)
    staff.post(
        f"/staff/referrals/new/?household={world.household.pk}",
        {
            "household": world.household.pk,
            "to_service": str(world.council_service.pk),
            "reason": "r",
            "asked_for": "a",
            "urgency": "routine",
            "idempotency_key": "elsewhere",
        },
    )
    other = Referral.objects.get(idempotency_key="elsewhere")
    page = client.post("/status/", {"reference": enquiry.reference, "secret": secret})
    body = page.content.decode()
    assert page.status_code == 200
    assert made.reference in body and "Test Kin Charity" in body
    assert other.reference not in body and "Test Glasgow Kinship Team" not in body


def test_status_takes_an_assessment_reference(client, world):
    client.post(
        "/assessment/",
        {
            "requester": "carer",
            "what_is_happening": "We need help with our grandson.",
            "children_summary": "Callum 9",
            "postcode": "G1 1AA",
            "contact_name": "Morag",
            "contact_method": "phone",
            "phone": "0141 496 0000",
            "safe_to_leave_message": "yes",
            "submission_token": "tok-ka",
        },
    )
    reference, secret = _reference_and_secret(client.get("/assessment/sent/").content.decode())
    assert reference.startswith("KA-")
    page = client.post("/status/", {"reference": reference, "secret": secret})
    assert page.status_code == 200
    assert 'id="status-text"' in page.content.decode()
    wrong = client.post("/status/", {"reference": reference, "secret": "AAAA-BBBB-CCCC"})
    assert wrong.status_code == 404
