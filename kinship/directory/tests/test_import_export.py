"""ORUK import (idempotent, record by record) and export."""

import copy
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from kinship.directory.models import Organization, Service
from kinship.directory.oruk.importer import import_records

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent / "data"
EXAMPLE_ID = "ac148810-d857-441c-9679-408f346de14b"


def run_import(path) -> str:
    out = StringIO()
    call_command("oruk_import", str(path), "--quiet-progress", stdout=out)
    return out.getvalue()


def test_the_standards_examples_import_and_reimport_without_duplicates(db):
    report = run_import(DATA / "service_full.json")
    assert "created: 1" in report and "rejected: 0" in report
    service = Service.objects.get(pk=EXAMPLE_ID)
    assert service.name == "Community Counselling"
    assert service.schedules.count() == 1 and service.cost_options.count() == 1
    assert service.service_at_locations.count() == 1
    # The example's latitude 100 is impossible: dropped, not stored.
    assert service.service_at_locations.get().location.latitude is None
    assert "unchanged: 1" in run_import(DATA / "service_full.json")
    report = run_import(DATA / "service_list.json")
    assert "rejected: 0" in report
    assert Service.objects.filter(pk=EXAMPLE_ID).count() == 1
    assert Organization.objects.filter(pk="d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610").count() == 1
    assert "unchanged: 1" in run_import(DATA / "service_list.json")


def test_reimport_updates_in_place(db, tmp_path):
    record = json.loads((DATA / "service_full.json").read_text())
    import_records([record])
    changed = copy.deepcopy(record)
    changed["name"] = "Community Counselling (renamed)"
    report = import_records([changed])
    assert (report.created, report.updated) == (0, 1)
    assert Service.objects.get(pk=EXAMPLE_ID).name == "Community Counselling (renamed)"
    assert Service.objects.count() == 1


def test_a_broken_feed_is_rejected_record_by_record_and_nothing_is_lost(db, directory):
    good = json.loads((DATA / "service_full.json").read_text())
    import_records([good])
    before = Service.objects.count()
    ours = directory.services["Grandparents coffee group"]
    broken = [
        "not an object",
        {"name": "No id"},
        {**good, "id": "not-a-uuid"},
        {**good, "name": ""},
        {**good, "status": "exploded"},
        {**good, "email": "not an email"},
        {**good, "minimum_age": 50, "maximum_age": 10},
        {**good, "url": "javascript:alert(1)"},
        {**good, "organization": "not an object"},
        {**good, "id": str(ours.pk), "name": "Hijacked"},  # one of ours: never overwritten
        {**good, "schedules": [{"id": "bad"}]},  # fails half-way: rolled back alone
        {"id": "11111111-1111-4111-8111-111111111111", "name": "A good new one",
         "status": "active", "organization": good["organization"]},
    ]
    report = import_records(broken)
    assert report.created == 1
    assert len(report.rejected) == 11
    reasons = dict(report.rejected)
    assert any("status" in r for r in reasons.values())
    assert any("Kinship Hub organisation" in r for r in reasons.values())
    assert Service.objects.count() == before + 1
    kept = Service.objects.get(pk=EXAMPLE_ID)
    assert kept.name == "Community Counselling" and kept.schedules.count() == 1
    ours.refresh_from_db()
    assert ours.name == "Grandparents coffee group"


def test_unreadable_file_is_a_clear_error(db, tmp_path):
    from django.core.management.base import CommandError

    bad = tmp_path / "feed.json"
    bad.write_text("{not json")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("oruk_import", str(bad), "--quiet-progress")


def test_export_round_trips(db, directory, tmp_path):
    target = tmp_path / "export.json"
    call_command("oruk_export", str(target), stdout=StringIO())
    package = json.loads(target.read_text())
    assert package["total_items"] == Service.objects.count() == 7
    # Importing our own export changes nothing: every service is ours.
    report = import_records(package["contents"])
    assert report.created == 0 and len(report.rejected) == 7
    assert Service.objects.count() == 7


def test_import_from_a_paged_api(db, monkeypatch):
    from kinship.directory.oruk import importer

    full = json.loads((DATA / "service_full.json").read_text())
    second = {"id": "22222222-2222-4222-8222-222222222222", "name": "Second service",
              "status": "active", "organization": full["organization"]}
    missing = "33333333-3333-4333-8333-333333333333"
    pages = {
        1: {"total_pages": 2, "last_page": False, "contents": [{"id": full["id"]}]},
        2: {"total_pages": 2, "last_page": True,
            "contents": [{"id": second["id"]}, {"id": missing}]},
    }

    def fake_fetch(url):
        if "/services?" in url:
            return pages[int(url.split("page=")[1].split("&")[0])]
        service_id = url.rsplit("/", 1)[1]
        if service_id == missing:
            raise OSError("HTTP 500 from the feed")
        return {full["id"]: full, second["id"]: second}[service_id]

    monkeypatch.setattr(importer, "_fetch_json", fake_fetch)
    report = import_records(importer.read_source("https://feed.example/api"))
    assert (report.created, len(report.rejected)) == (2, 1)
    assert "HTTP 500" in report.rejected[0][1]


def test_a_feed_that_breaks_mid_way_keeps_what_was_read(db, monkeypatch):

    full = json.loads((DATA / "service_full.json").read_text())

    def records():
        yield full
        raise OSError("connection reset")

    report = import_records(records())
    assert report.created == 1
    assert "connection reset" in report.rejected[0][1]
    assert Service.objects.filter(pk=EXAMPLE_ID).exists()
