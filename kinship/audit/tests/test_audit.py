import pytest
from django.db import DatabaseError, connection, transaction

from kinship.audit.models import AuditAction, AuditEvent
from kinship.audit.services import record
from kinship.core.models import AppendOnlyError
from kinship.testing.auth import sign_in_client
from kinship.testing.factories import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    user = make_staff()
    return record(actor=user, action=AuditAction.VIEW, object_type="families.household",
                  object_id="42", purpose="advice call")


def test_record_keeps_who_what_when_and_why(event):
    assert event.actor_email.endswith("@test.example")
    assert event.organisation_name.startswith("Test organisation")
    assert (event.object_type, event.object_id, event.purpose) == (
        "families.household", "42", "advice call")
    assert event.at is not None


def test_cannot_change_through_the_orm(event):
    event.purpose = "tampered"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(purpose="tampered")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.bulk_update([event], ["purpose"])
    assert AuditEvent.objects.get(pk=event.pk).purpose == "advice call"


def test_cannot_delete_through_the_orm(event):
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_database_refuses_update_even_in_raw_sql(event):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET purpose = 'x' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).purpose == "advice call"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="DELETE trigger is PostgreSQL-only")
def test_postgres_refuses_raw_delete(event):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_admin_can_search_but_never_change_or_delete(client, event):
    admin = make_staff("platform_admin")
    sign_in_client(client, admin)
    listing = client.get("/admin/audit/auditevent/", {"q": "advice call"})
    assert listing.status_code == 200
    assert b"families.household" in listing.content
    assert client.get("/admin/audit/auditevent/add/").status_code == 403
    change = client.post(f"/admin/audit/auditevent/{event.pk}/change/", {"purpose": "x"})
    assert change.status_code in (200, 403)  # read-only view at most
    delete = client.post(f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"})
    assert delete.status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).purpose == "advice call"


def test_staff_audit_search_is_scoped_to_own_organisation(client, event):
    org_admin = make_staff("org_admin")
    sign_in_client(client, org_admin)
    page = client.get("/staff/audit/")
    assert page.status_code == 200
    assert b"families.household" not in page.content  # another organisation's record
    worker = make_staff("partner_worker")
    client.logout()
    sign_in_client(client, worker)
    assert client.get("/staff/audit/").status_code == 403
    assert AuditEvent.objects.filter(action=AuditAction.DENIED, actor_email=worker.email).exists()
