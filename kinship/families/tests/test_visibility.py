"""Who may see a family: the organisation holding it, or one the family agreed to share with
(until they withdraw). Everyone else gets a 404, and the attempt is audited."""

import pytest

from kinship.accounts.models import OrganisationKind
from kinship.accounts.tests.factories import OrganisationFactory, StaffFactory
from kinship.audit.models import AuditAction, AuditEvent
from kinship.families import selectors, services
from kinship.families.models import Consent, ConsentMethod, ConsentScope
from kinship.families.tests.factories import HouseholdFactory
from kinship.testing.factories import make_staff

pytestmark = pytest.mark.django_db


def make_household(org, actor=None):
    return HouseholdFactory(organisation=org, actor=actor)


@pytest.fixture
def advice_org():
    return OrganisationFactory(kind=OrganisationKind.NATIONAL_ADVICE)


@pytest.fixture
def adviser(advice_org):
    return StaffFactory(role="adviser", organisation=advice_org)


@pytest.fixture
def family(advice_org, adviser):
    return make_household(advice_org, adviser)


def test_holder_sees_family_others_do_not(family, adviser):
    outsider = make_staff("council_worker")
    assert list(selectors.visible_households(adviser)) == [family]
    assert not selectors.visible_households(outsider).exists()


def test_new_household_records_record_keeping_consent(family):
    consent = family.consents.get()
    assert consent.scope == ConsentScope.RECORD_KEEPING
    assert consent.given_by_name == "Agnes Test"
    assert consent.withdrawn_at is None


def test_consent_to_share_gives_access_until_withdrawn(family, adviser):
    council_worker = make_staff("council_worker")
    consent = services.record_consent(
        family, actor=adviser, scope=ConsentScope.SHARE_WITH_ORGANISATION,
        organisation=council_worker.organisation, method=ConsentMethod.VERBAL_PHONE,
    )
    assert selectors.get_visible_household(council_worker, family.pk) == family
    assert services.withdraw_consent(consent, actor=adviser)
    assert selectors.get_visible_household(council_worker, family.pk) is None
    assert not services.withdraw_consent(consent, actor=adviser)  # already withdrawn
    assert Consent.objects.get(pk=consent.pk).withdrawn_at is not None  # kept, not deleted


def test_share_consent_needs_an_organisation(family, adviser):
    with pytest.raises(services.ConsentError):
        services.record_consent(family, actor=adviser, method=ConsentMethod.WRITTEN,
                                scope=ConsentScope.SHARE_WITH_ORGANISATION)
    with pytest.raises(services.ConsentError):
        services.record_consent(family, actor=adviser, method=ConsentMethod.WRITTEN,
                                scope=ConsentScope.CONTACT_BY_CHANNEL)


def test_staff_pages_audit_views_and_refuse_other_organisations(client, family, adviser):
    client.force_login(adviser)
    response = client.get("/staff/families/")
    assert response.status_code == 200
    assert b"Agnes Test" in response.content
    response = client.get(f"/staff/families/{family.pk}/")
    assert response.status_code == 200
    assert b"Robbie Test" in response.content
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, object_type="families.household",
                                     object_id=str(family.pk), actor_id=adviser.pk).exists()

    outsider = make_staff("partner_worker")
    client.force_login(outsider)
    assert b"Agnes Test" not in client.get("/staff/families/").content
    for guess in (family.pk, family.pk + 1, 999999):
        assert client.get(f"/staff/families/{guess}/").status_code == 404
    assert AuditEvent.objects.filter(action=AuditAction.DENIED, actor_id=outsider.pk,
                                     object_id=str(family.pk)).exists()
    response = client.post(f"/staff/families/{family.pk}/consents/share/",
                           {"organisation": outsider.organisation_id, "method": "written",
                            "confirmed": "on"})
    assert response.status_code == 404


def test_analyst_cannot_open_family_pages(client, family):
    analyst = make_staff("analyst")
    client.force_login(analyst)
    assert client.get("/staff/families/").status_code == 403
    assert AuditEvent.objects.filter(action=AuditAction.DENIED, actor_id=analyst.pk).exists()


def test_recording_and_withdrawing_share_consent_through_pages(client, family, adviser):
    partner = make_staff("partner_worker")
    client.force_login(adviser)
    response = client.post(f"/staff/families/{family.pk}/consents/share/",
                           {"organisation": partner.organisation_id, "method": "written"})
    assert response.status_code == 400  # the confirmation box is required
    response = client.post(f"/staff/families/{family.pk}/consents/share/",
                           {"organisation": partner.organisation_id, "method": "written",
                            "confirmed": "on"})
    assert response.status_code == 302
    consent = family.consents.get(scope=ConsentScope.SHARE_WITH_ORGANISATION)
    client.force_login(partner)
    assert client.get(f"/staff/families/{family.pk}/").status_code == 200
    client.force_login(adviser)
    client.post(f"/staff/families/{family.pk}/consents/{consent.pk}/withdraw/")
    client.force_login(partner)
    assert client.get(f"/staff/families/{family.pk}/").status_code == 404


def test_bad_input_on_family_pages(client, family, adviser):
    client.force_login(adviser)
    assert client.get("/staff/families/?q=" + "x" * 10000).status_code == 200
    assert client.get("/staff/families/?page=-1").status_code == 200
    assert client.get("/staff/families/?q=%27%3B+DROP+TABLE").status_code == 200
    assert client.get("/staff/families/../../etc/passwd").status_code == 404
