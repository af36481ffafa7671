"""The demo data gives the demo council worker a populated caseload."""

import pytest
from django.urls import reverse

from kinship.accounts.demo import demo_email
from kinship.accounts.models import User
from kinship.caseload import selectors
from kinship.caseload.models import Allocation
from kinship.web.demo import generate_demo_data

pytestmark = pytest.mark.django_db


def test_demo_caseload(client):
    generate_demo_data(scale=0.5, quiet=True)
    worker = User.objects.get(email=demo_email("council.worker"))
    assert Allocation.objects.filter(worker=worker).exists()
    rows = selectors.caseload(worker, selectors.Filters())
    assert rows
    assert any(r.missing for r in rows) or any(r.dates for r in rows)
    client.force_login(worker)
    assert client.get(reverse("caseload_staff:caseload")).status_code == 200
    row = rows[0]
    assert client.get(reverse("caseload_staff:family", args=[row.household.pk])).status_code == 200
