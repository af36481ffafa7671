"""Pages: analysts prepare and approve; the public sees only approved releases, with open data
built from the same rows as the tables."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from kinship.accounts.models import Role
from kinship.audit.models import AuditEvent
from kinship.insights import services
from kinship.insights.models import Release, ReleaseStatus
from kinship.testing.factories import make_staff

from .helpers import make_enquiries

pytestmark = pytest.mark.django_db


@pytest.fixture
def built():
    make_enquiries(30, channel="phone")
    make_enquiries(12, channel="web")
    make_enquiries(2, council="S12000033", channel="web")
    make_enquiries(25, council="S12000033", channel="phone")
    preparer = make_staff(Role.ANALYST)
    release = services.prepare_release(
        actor=preparer, period_kind="month", period_start=date(2026, 3, 1)
    )
    services.build_release(release.pk)
    release.refresh_from_db()
    return release


def _approve(release):
    services.approve_release(actor=make_staff(Role.ANALYST), release=release)


def test_a_release_is_not_public_until_approved(client, built):
    assert client.get(reverse("insights:release", args=[built.pk])).status_code == 404
    assert client.get(reverse("insights:release_csv", args=[built.pk])).status_code == 404
    assert built.__str__() not in client.get(reverse("insights:index")).content.decode()
    _approve(built)
    page = client.get(reverse("insights:release", args=[built.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "How these figures are protected" in html and "[c]" in html
    assert "<svg" in html and "secondary suppression" in html
    assert not page.cookies


@pytest.mark.parametrize("pk", ["0", "999999", "abc", "1' OR 1=1", "<script>", "9" * 40])
def test_hostile_release_ids_are_not_found(client, built, pk):
    _approve(built)
    assert client.get(f"/insights/{pk}/").status_code == 404
    assert client.get(f"/insights/{built.pk}/no-such-table.csv").status_code == 404


def test_open_data_holds_the_same_figures_as_the_table(client, built):
    _approve(built)
    table = built.tables.get(measure="enquiries-by-channel", geography="council")
    response = client.get(
        reverse("insights:table_csv", args=[built.pk, "enquiries-by-channel-council"])
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == len(table.cells)
    stored = {(c["row"], c["col"]): c["value"] for c in table.cells}
    for row in rows:
        key = (row["area_code"] or "Total", row["category_code"])
        assert row["value"] == ("" if stored[key] is None else str(stored[key]))
    hidden = [r for r in rows if r["shown"] == "no"]
    assert hidden and all(r["value"] == "" for r in hidden)
    data = client.get(
        reverse("insights:table_json", args=[built.pk, "enquiries-by-channel-council"])
    ).json()
    cells = data["tables"][0]["cells"]
    assert {(c["row"], c["col"]): c["value"] for c in cells} == stored
    assert any("hidden" in line for line in data["tables"][0]["disclosure"])


def test_analyst_prepares_and_a_second_approves(client):
    first, second = make_staff(Role.ANALYST), make_staff(Role.ANALYST)
    client.force_login(first)
    url = reverse("insights_staff:releases")
    assert client.get(url).status_code == 200
    response = client.post(url, {"period_kind": "quarter", "year": "2026", "month": "2"})
    release = Release.objects.get()
    assert response.status_code == 302 and release.period_start == date(2026, 1, 1)
    services.build_release(release.pk)  # what the worker does
    page = client.get(reverse("insights_staff:release", args=[release.pk])).content.decode()
    assert "A second analyst must check" in page
    client.post(reverse("insights_staff:approve", args=[release.pk]))
    release.refresh_from_db()
    assert release.status == ReleaseStatus.READY
    assert AuditEvent.objects.filter(action="denied", object_id=str(release.pk)).exists()
    client.logout()
    client.force_login(second)
    client.post(reverse("insights_staff:approve", args=[release.pk]))
    release.refresh_from_db()
    assert release.status == ReleaseStatus.APPROVED and release.approved_by == second


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"period_kind": "decade", "year": "2026", "month": "1"},
        {"period_kind": "month", "year": "<script>", "month": "1"},
        {"period_kind": "month", "year": "2026", "month": "13"},
        {"period_kind": "month", "year": "2999", "month": "1"},
        {"period_kind": "month", "year": "9" * 400, "month": "1"},
    ],
)
def test_bad_prepare_input_is_refused_and_kept(client, data):
    client.force_login(make_staff(Role.ANALYST))
    response = client.post(reverse("insights_staff:releases"), data)
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert not Release.objects.exists()


def test_staff_who_are_not_analysts_are_refused(client):
    client.force_login(make_staff(Role.ADVISER))
    assert client.get(reverse("insights_staff:releases")).status_code == 403


def test_staff_nav_offers_releases_to_analysts_only():
    from kinship.web.navigation import staff_nav

    url = reverse("insights_staff:releases")
    assert any(item["url"] == url for item in staff_nav(make_staff(Role.ANALYST)))
    assert not any(item["url"] == url for item in staff_nav(make_staff(Role.ADVISER)))
