"""Partners keep their own entries; a council's staff its local offer. Anyone else: 403,
audited."""

import pytest
from django.core import mail
from django.utils import timezone

from kinship.accounts.models import OrganisationKind, Role
from kinship.audit.models import AuditAction, AuditEvent
from kinship.directory.models import Service
from kinship.directory.tasks import remind_owners_of_stale_services
from kinship.places.selectors import get_council
from kinship.testing.factories import make_organisation, make_staff

from .conftest import GLASGOW

pytestmark = pytest.mark.django_db


def _form(**overrides):
    data = {"name": "Kinship walking group", "description": "Weekly walks.",
            "status": "active", "terms": ["carer-support-groups"],
            "arrangements": ["informal", "kinship_care_order"], "councils": [GLASGOW],
            "postcode": "G1 1AA", "address": "1 Test Street", "phone": "0141 111 1111"}
    data.update(overrides)
    return data


def test_partner_cannot_edit_another_organisations_service(client, directory):
    intruder = make_staff(Role.PARTNER_WORKER, directory.far_charity)
    client.force_login(intruder)
    service = directory.services["Grandparents coffee group"]
    response = client.get(f"/staff/directory/services/{service.pk}/")
    assert response.status_code == 403
    response = client.post(f"/staff/directory/services/{service.pk}/", _form(name="Hacked"))
    assert response.status_code == 403
    response = client.post(f"/staff/directory/services/{service.pk}/checked/")
    assert response.status_code == 403
    service.refresh_from_db()
    assert service.name == "Grandparents coffee group"
    denied = AuditEvent.objects.filter(action=AuditAction.DENIED, actor_id=intruder.pk,
                                       object_id=str(service.pk))
    assert denied.count() == 3


def test_partner_edits_and_checks_its_own_service(client, directory):
    owner = make_staff(Role.PARTNER_WORKER, directory.charity)
    client.force_login(owner)
    service = directory.services["Benefits clinic"]
    assert client.get("/staff/directory/").status_code == 200
    assert client.get(f"/staff/directory/services/{service.pk}/").status_code == 200
    response = client.post(f"/staff/directory/services/{service.pk}/", _form())
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.name == "Kinship walking group"
    assert service.last_checked == timezone.localdate()
    assert AuditEvent.objects.filter(action=AuditAction.CHANGE, object_id=str(service.pk))
    Service.objects.filter(pk=service.pk).update(last_checked=None)
    client.post(f"/staff/directory/services/{service.pk}/checked/")
    service.refresh_from_db()
    assert service.last_checked == timezone.localdate()


def test_partner_creates_a_service_for_its_own_organisation(client, directory):
    owner = make_staff(Role.PARTNER_WORKER, directory.charity)
    client.force_login(owner)
    response = client.post("/staff/directory/services/new/", _form())
    assert response.status_code == 302
    created = Service.objects.get(name="Kinship walking group")
    assert created.organization.account_organisation == directory.charity
    assert created.latitude is not None  # placed by its postcode district


def test_half_filled_service_form_keeps_what_was_typed(client, directory):
    client.force_login(make_staff(Role.PARTNER_WORKER, directory.charity))
    response = client.post("/staff/directory/services/new/",
                           _form(councils=[], postcode="nonsense", name="Kept name"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kept name" in html and "There is a problem" in html


def test_only_the_councils_own_staff_edit_its_local_offer(client, directory):
    glasgow = get_council(GLASGOW)
    edinburgh_team = make_organisation(OrganisationKind.COUNCIL_KINSHIP_TEAM, "S12000036")
    outsider = make_staff(Role.COUNCIL_WORKER, edinburgh_team)
    client.force_login(outsider)
    assert client.get(f"/staff/directory/offer/{glasgow.slug}/").status_code == 403
    assert AuditEvent.objects.filter(action=AuditAction.DENIED, actor_id=outsider.pk,
                                     object_id=GLASGOW).exists()
    partner = make_staff(Role.PARTNER_WORKER, directory.charity)
    client.force_login(partner)
    assert client.get(f"/staff/directory/offer/{glasgow.slug}/").status_code == 403

    worker = make_staff(Role.COUNCIL_WORKER, directory.team)
    client.force_login(worker)
    data = {"introduction": "What Glasgow offers", "change_note": "Updated rates",
            "kind_income_max": "Kinship allowance for all"}
    response = client.post(f"/staff/directory/offer/{glasgow.slug}/", data)
    assert response.status_code == 302
    html = client.get(f"/support/council/{glasgow.slug}/").content.decode()
    assert "What Glasgow offers" in html and "Kinship allowance for all" in html


def test_anonymous_people_are_sent_to_sign_in(client, directory):
    response = client.get("/staff/directory/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# The worker closes its database connection when done: committed data, not a test
# transaction, survives that on PostgreSQL.
@pytest.mark.tasks
@pytest.mark.django_db(transaction=True)
def test_reminder_task_emails_owners_of_stale_services(directory):
    owner = make_staff(Role.PARTNER_WORKER, directory.charity)
    from kinship.testing.tasks import run_queued_tasks

    remind_owners_of_stale_services.enqueue()
    run_queued_tasks()
    sent = [m for m in mail.outbox if owner.email in m.to]
    assert len(sent) == 1
    assert "Benefits clinic" in sent[0].body
    assert "Grandparents coffee group" not in sent[0].body
