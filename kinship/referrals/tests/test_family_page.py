"""The family's record links to the team around it and its whole referral history."""

import pytest

from kinship.audit.models import AuditAction, AuditEvent
from kinship.families import services as family_services
from kinship.testing.factories import make_organisation, make_staff

pytestmark = pytest.mark.django_db


def _household(worker):
    details = family_services.NewHousehold(
        council_id=worker.organisation.home_council_id,
        carers=[family_services.CarerDetails(full_name="Agnes Test")],
    )
    return family_services.create_household(
        details, actor=worker, organisation=worker.organisation, reason="test"
    )


def test_family_page_shows_team_and_is_audited_and_private(client):
    worker = make_staff("council_worker")
    household = _household(worker)
    client.force_login(worker)
    page = client.get(f"/staff/referrals/family/{household.pk}/")
    assert page.status_code == 200
    assert worker.organisation.name.encode() in page.content
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=str(household.pk)).exists()
    outsider = make_staff("partner_worker", make_organisation())
    client.force_login(outsider)
    assert client.get(f"/staff/referrals/family/{household.pk}/").status_code == 404
    assert AuditEvent.objects.filter(action=AuditAction.DENIED, actor_email=outsider.email).exists()
