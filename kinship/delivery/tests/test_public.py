"""The public tracker and its open data."""

import csv
import io

import pytest

from kinship.delivery import services
from kinship.delivery.models import Commitment, IndicatorReading, Status
from kinship.testing.factories import make_staff

pytestmark = pytest.mark.django_db


def test_index_lists_six_areas_and_every_commitment(client):
    response = client.get("/delivery/")
    assert response.status_code == 200
    body = response.content.decode()
    for name in ["Voice", "Family", "Care", "People", "Scaffolding", "KCASS"]:
        assert f"{name}:" in body
    assert body.count('href="/delivery/commitment/') >= 32
    assert not response.cookies


def test_commitment_page_shows_quotation_status_milestones_indicator_and_history(client):
    admin = make_staff("platform_admin")
    c = Commitment.objects.get(slug="care-1")
    services.update_commitment(
        admin,
        c,
        status=Status.AT_RISK,
        owner="Scottish Government",
        reason="Bill timetable slipped",
    )
    services.add_milestone(
        admin,
        c,
        services.MilestoneDetails(
            "Regulations laid",
            __import__("datetime").date(2026, 9, 1),
            "SG Kinship Policy",
            Status.NOT_STARTED,
        ),
        reason="Agreed at programme board",
    )
    services.compute_all()
    response = client.get("/delivery/commitment/care-1/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Through legislation, Ministers will require local authorities" in body
    assert "At risk" in body and "Regulations laid" in body
    assert "Bill timetable slipped" in body and "Agreed at programme board" in body
    assert "Councils publishing their kinship allowance rates" in body
    assert "Last computed" in body
    assert "<svg" in body


@pytest.mark.parametrize(
    "path",
    [
        "/delivery/nope/",
        "/delivery/commitment/nope/",
        "/delivery/commitment/%3Cscript%3E/",
        "/delivery/..%2F..%2Fetc%2Fpasswd/",
        "/delivery/commitment/1'%20OR%201=1/",
    ],
)
def test_unknown_or_hostile_paths_are_404(client, path):
    assert client.get(path).status_code == 404


def test_pages_refuse_post(client):
    assert client.post("/delivery/").status_code == 405


def test_open_data_plan_csv_and_json(client):
    response = client.get("/delivery/plan.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert response["Content-Type"].startswith("text/csv")
    assert len({r["commitment"] for r in rows}) == 32
    assert all(r["quotation"] for r in rows)
    data = client.get("/delivery/plan.json").json()
    assert [a["slug"] for a in data["areas"]] == [
        "voice",
        "family",
        "care",
        "people",
        "scaffolding",
        "kcass",
    ]
    assert all(
        c["quotation"] and c["source"]["line"] for a in data["areas"] for c in a["commitments"]
    )


def test_open_data_indicators(client):
    services.compute_all()
    rows = list(
        csv.DictReader(io.StringIO(client.get("/delivery/indicators.csv").content.decode()))
    )
    assert {r["indicator"] for r in rows} >= {"councils-publishing-rates", "provision-gaps-open"}
    data = client.get("/delivery/indicators.json").json()
    assert len(data["readings"]) == IndicatorReading.objects.count()


def test_a_formula_in_an_owner_is_neutralised_in_csv(client):
    admin = make_staff("platform_admin")
    services.update_commitment(
        admin,
        Commitment.objects.get(slug="voice-1"),
        status=Status.ON_TRACK,
        owner='=HYPERLINK("x")',
        reason="t",
    )
    body = client.get("/delivery/plan.csv").content.decode()
    assert "'=HYPERLINK" in body
