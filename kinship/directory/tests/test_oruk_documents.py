"""ORUK 3.0 import of every document type (the standard's own examples), services with no
organisation, and rejections that list every problem of a record with its JSON path."""

import copy
import json
from pathlib import Path

import pytest

from kinship.directory.models import (
    Location,
    Organization,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from kinship.directory.oruk.importer import (
    NO_ORGANIZATION_ID,
    import_records,
    read_source,
    record_type,
)

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent / "data"
EXAMPLES = [
    "service_full.json",
    "service_list.json",
    "organization_full.json",
    "organization_list.json",
    "service_at_location_full.json",
    "service_at_location_list.json",
    "taxonomy.json",
    "taxonomy_list.json",
    "taxonomy_term.json",
    "taxonomy_term_list.json",
]


def load(name):
    return json.loads((DATA / name).read_text())


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_example_document_imports_and_reimports_without_duplicates(db, name):
    report = import_records(read_source(str(DATA / name)))
    assert report.rejected == [], report.rejected
    assert report.created >= 1
    counts = [
        m.objects.count()
        for m in (Organization, Service, Location, ServiceAtLocation, Taxonomy, TaxonomyTerm)
    ]
    again = import_records(read_source(str(DATA / name)))
    assert again.rejected == [] and again.created == 0
    assert [
        m.objects.count()
        for m in (Organization, Service, Location, ServiceAtLocation, Taxonomy, TaxonomyTerm)
    ] == counts


def test_document_types_are_recognised():
    assert record_type(load("organization_full.json")) == "organization"
    assert record_type(load("organization_list.json")["contents"][0]) == "organization"
    assert record_type(load("service_at_location_full.json")) == "service_at_location"
    assert record_type(load("taxonomy.json")) == "taxonomy"
    assert record_type(load("taxonomy_term.json")) == "taxonomy_term"
    assert record_type(load("service_full.json")) == "service"
    location = load("service_at_location_full.json")["location"]
    assert record_type(location) == "location"


def test_an_organisation_document_brings_its_services(db):
    org = load("organization_full.json")
    report = import_records([org])
    assert report.rejected == []
    stored = Organization.objects.get(pk=org["id"])
    assert stored.name == org["name"]
    assert {s.name for s in stored.services.all()} == {s["name"] for s in org["services"]}


def test_a_service_at_location_document_links_the_service_and_location(db):
    doc = load("service_at_location_full.json")
    import_records([doc])
    link = ServiceAtLocation.objects.select_related("service", "location").get(pk=doc["id"])
    assert str(link.service.pk) == doc["service"]["id"]
    assert str(link.location.pk) == doc["location"]["id"]


def test_a_taxonomy_brings_its_terms_and_a_term_keeps_an_absent_parent(db):
    tax = load("taxonomy.json")
    import_records([tax])
    assert Taxonomy.objects.get(pk=tax["id"]).terms.count() == len(tax["taxonomy_terms"])
    term = load("taxonomy_term.json")
    import_records([term])
    stored = TaxonomyTerm.objects.get(pk=term["id"])
    assert str(stored.parent_ref) == term["parent_id"] and stored.parent is None
    # An imported top-level term is not a kind of support.
    from kinship.directory.selectors import kind_terms

    assert str(stored.pk) not in {str(k.pk) for k in kind_terms()}


def test_a_service_without_an_organisation_imports(db):
    record = {
        "id": "44444444-4444-4444-8444-444444444444",
        "name": "No organisation given",
        "status": "active",
    }
    report = import_records([record])
    assert report.created == 1 and report.rejected == []
    assert Service.objects.get(pk=record["id"]).organization_id == NO_ORGANIZATION_ID


def test_our_own_taxonomy_and_organisations_are_never_overwritten(db, directory):
    ours = TaxonomyTerm.objects.get(code="income_max")
    report = import_records(
        [{"id": str(ours.pk), "name": "Hijacked", "description": "x", "term": "income_max"}]
    )
    assert "own kinds of support" in report.rejected[0][1]
    org = directory.orgs["charity"]
    report = import_records(
        [
            {
                "id": str(org.pk),
                "name": "Hijacked",
                "description": "",
                "website": "https://x.example",
                "services": [],
            }
        ]
    )
    assert "Kinship Hub organisation" in report.rejected[0][1]
    assert TaxonomyTerm.objects.get(pk=ours.pk).name != "Hijacked"


def test_every_problem_of_a_rejected_record_is_reported_with_its_path(db):
    good = load("service_full.json")
    bad = copy.deepcopy(good)
    bad.update(
        {
            "id": "nope",
            "name": "",
            "email": "not an email",
            "status": "exploded",
            "url": "javascript:alert(1)",
            "minimum_age": "old",
            "assured_date": "soon",
        }
    )
    bad["schedules"][0]["valid_from"] = "2025-13-45"
    bad["service_at_locations"][0]["location"]["id"] = "bad-location"
    bad["cost_options"][0]["amount"] = "lots"
    bad["attributes"] = [{"id": "bad-attribute"}]
    report = import_records([bad, good])
    assert report.created == 1
    ((ref, reasons),) = report.rejected
    for path in (
        "$.id:",
        "$.name:",
        "$.email:",
        "$.status:",
        "$.url:",
        "$.minimum_age:",
        "$.assured_date:",
        "$.schedules[0].valid_from:",
        "$.service_at_locations[0].location.id:",
        "$.cost_options[0].amount:",
        "$.attributes[0].id:",
    ):
        assert path in reasons, path


def test_an_organisations_bad_service_is_rejected_alone(db):
    org = load("organization_full.json")
    org["services"].append({"id": "also-bad", "name": "", "status": "active"})
    report = import_records([org])
    assert len(report.rejected) == 1
    ref, reasons = report.rejected[0]
    assert "$.services[1]" in ref and "$.services[1].id:" in reasons
    assert Organization.objects.filter(pk=org["id"]).exists()


# The one field the import deliberately does not keep: the standard's example gives a
# latitude of 100, which is not a place on Earth.
IMPOSSIBLE = "location.latitude: missing on export"


def _export(kind, record):
    from kinship.directory.oruk import serializers as ser
    from kinship.directory.selectors import full_service_queryset

    if kind == "service":
        return ser.service_full(full_service_queryset().get(pk=record["id"]))
    if kind == "organization":
        org = Organization.objects.get(pk=record["id"])
        return ser.organization_full(
            org, list(full_service_queryset().filter(organization=org)), True
        )
    if kind == "service_at_location":
        sal = ServiceAtLocation.objects.get(pk=record["id"])
        data = ser.service_at_location_full(sal)
        data["service"] = ser.service_full(full_service_queryset().get(pk=sal.service_id))
        return data
    if kind == "taxonomy":
        return ser.taxonomy(Taxonomy.objects.get(pk=record["id"]), with_terms=True)
    return ser.taxonomy_term(TaxonomyTerm.objects.select_related("taxonomy").get(pk=record["id"]))


@pytest.mark.parametrize("name", EXAMPLES)
def test_import_then_export_gives_back_every_field_it_took_in(db, name):
    from .roundtrip import lost_fields

    document = load(name)
    records = document.get("contents", [document])
    report = import_records(records)
    assert report.rejected == []
    for record in records:
        lost = [
            line
            for line in lost_fields(record, _export(record_type(record), record))
            if not line.endswith(IMPOSSIBLE)
        ]
        assert not lost, lost


def test_the_export_still_validates_against_the_standard(db):
    from kinship.directory.oruk.serializers import service_full
    from kinship.directory.selectors import full_service_queryset

    from .test_oruk_api import validate

    import_records([load("service_full.json")])
    validate("service.json", service_full(full_service_queryset().get()))
