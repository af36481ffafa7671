"""Import from ALISS: saved API v4 responses (fictional fixtures of the real shape) import,
map to our kinds of support, keep and report unmapped categories, skip duplicates, report
every problem of a bad record with where it is, are idempotent, and every imported entry
shows ALISS's attribution, on its page and in the ORUK output."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from kinship.directory.aliss import import_records, read_files
from kinship.directory.models import Service
from kinship.directory.selectors import DirectoryQuery, search_directory
from kinship.places.selectors import get_council

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent / "data" / "aliss"
GOOD = [
    DATA / n
    for n in (
        "services_page_1.json",
        "services_page_2.json",
        "service_detail.json",
        "organisation_detail.json",
    )
]


@pytest.fixture
def directory(directory):
    """The Glasgow directory, whose "Benefits clinic" ALISS also lists (same web page)."""
    Service.objects.filter(name="Benefits clinic").update(url="https://benefits-clinic.example/")
    return directory


def aliss_services():
    return Service.objects.filter(source="aliss")


def test_fixtures_import_with_mapping_areas_and_ids(directory):
    report = import_records(read_files(GOOD))
    assert (report.created, report.updated, report.rejected) == (6, 0, [])
    assert [why for _, why in report.duplicates] == ["already listed as 'Benefits clinic'"]
    group = aliss_services().get(name="Highland kinship carers' group (fictional)")
    assert group.source_id == "3e1b7c9a-2d4f-4b8e-9a6c-0f1e2d3c4b11"
    assert (
        group.source_url == "https://www.aliss.org/services/3e1b7c9a-2d4f-4b8e-9a6c-0f1e2d3c4b11/"
    )
    assert {t.code for t in group.taxonomy_terms.all()} == {
        "carer-support-groups",
        "peer_community",
        "benefits-money-advice",
        "income_max",
    }
    assert [a.council_id for a in group.service_areas.all()] == ["S12000017"]
    assert group.phones.get().number == "01463 000 111"
    assert group.organization.identifiers.get().identifier == "0d7f6a2e-1c55-4f0b-9a7e-6b3f2c1d8e01"
    national = aliss_services().get(name="Family counselling by phone (fictional)")
    assert national.is_national and national.source_categories == ["mental-health", "anxiety"]
    assert report.unmapped == {
        "mental-health": 1,
        "anxiety": 1,
        "community-cafe": 1,
        "outdoor-pursuits": 1,
    }
    # Services nested in an organisation take its locations; the health board area is not a
    # council, the council area is kept.
    drop_in = aliss_services().get(name="Grandparents Together drop-in (fictional)")
    assert drop_in.service_at_locations.get().location.city == "Edinburgh"
    food = aliss_services().get(name="Lewis food share (fictional)")
    assert [a.council_id for a in food.service_areas.all()] == ["S12000013"]
    # Families find them.
    page = search_directory(DirectoryQuery(council=get_council("S12000017"), kind="peer_community"))
    assert "Highland kinship carers' group (fictional)" in [h.service.name for h in page.hits]


def test_import_is_idempotent(directory):
    import_records(read_files(GOOD))
    before = {s.pk: s.last_modified for s in aliss_services()}
    again = import_records(read_files(GOOD))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)
    assert {s.pk: s.last_modified for s in aliss_services()} == before
    assert Service.objects.filter(name="Benefits clinic").count() == 1


def test_a_changed_record_updates_the_same_entry(directory, tmp_path):
    import_records(read_files(GOOD))
    doc = json.loads((DATA / "service_detail.json").read_text())
    doc["data"]["name"] = "Kinship legal clinic, now weekly (fictional)"
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(doc))
    report = import_records(read_files([changed]))
    assert (report.created, report.updated) == (0, 1)
    assert (
        aliss_services().filter(source_id=doc["data"]["id"]).get().name
        == "Kinship legal clinic, now weekly (fictional)"
    )


def test_every_problem_of_a_bad_record_is_reported_with_its_path(directory):
    report = import_records(read_files([DATA / "services_with_problems.json"]))
    assert report.created == 1  # the good record next to it still lands
    ((ref, reasons),) = report.rejected
    assert "record 1" in ref
    for expected in (
        "$.id:",
        "$.name: missing",
        "$.description: must be text",
        "$.url:",
        "$.email:",
        "$.categories[0].slug",
        "$.organisation.id:",
        "$.organisation.name: missing",
        "$.locations[0]: 51.5, -0.12 is not in",
    ):
        assert expected in reasons, expected
    assert not aliss_services().filter(name="").exists()


def test_attribution_on_the_page_in_the_list_and_in_oruk(client, directory):
    import_records(read_files(GOOD))
    service = aliss_services().get(name="Kinship legal clinic (fictional)")
    html = client.get(f"/support/service/{service.pk}/").content.decode()
    assert "From ALISS (A Local Information System for Scotland)" in html
    assert "CC BY 4.0" in html and "Contains contributions from ALISS users" in html
    assert 'href="https://creativecommons.org/licenses/by/4.0/"' in html
    listing = client.get("/support/", {"council": "S12000049", "q": "legal"}).content.decode()
    assert "Kinship legal clinic (fictional)" in listing
    assert "ALISS (aliss.org), CC BY 4.0" in listing
    body = client.get(f"/api/oruk/services/{service.pk}").json()
    source = [a for a in body["attributes"] if a["link_type"] == "data_source"]
    assert (
        source
        and "Contains contributions from ALISS users" in source[0]["taxonomy_term"]["description"]
    )
    assert source[0]["taxonomy_term"]["term_uri"] == "https://creativecommons.org/licenses/by/4.0/"
    from .test_oruk_api import validate

    validate("service.json", body)


def test_the_command_reads_files_and_reports(directory):
    out = StringIO()
    call_command("aliss_import", *map(str, GOOD), "--quiet-progress", stdout=out)
    text = out.getvalue()
    assert "created: 6" in text and "duplicates skipped: 1" in text
    assert "mental-health: 1" in text


def test_the_command_refuses_a_file_that_is_not_aliss(tmp_path):
    from django.core.management.base import CommandError

    bad = tmp_path / "x.json"
    bad.write_text("[1, 2]")
    with pytest.raises(CommandError, match="not an ALISS API response"):
        call_command("aliss_import", str(bad), "--quiet-progress")
