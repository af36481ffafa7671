"""The ORUK 3.0 API, judged the way the official validator judges a feed: every endpoint,
first, middle and last pages and empty results, each response validated against the
standard's own schemas (copied into oruk/schema) with format checking on."""

import json
import uuid
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

pytestmark = pytest.mark.django_db

SCHEMA_DIR = Path(__file__).resolve().parents[1] / "oruk" / "schema"
BASE = "https://openreferraluk.org/specifications/3.0/schema/"


def _registry() -> Registry:
    resources = []
    for path in SCHEMA_DIR.glob("*.json"):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((BASE + path.name,
                          Resource.from_contents(contents, default_specification=DRAFT202012)))
    return Registry().with_resources(resources)


REGISTRY = _registry()


def validate(schema_name: str, document) -> None:
    schema = REGISTRY[BASE + schema_name].contents
    validator = Draft202012Validator(schema, registry=REGISTRY, format_checker=FormatChecker())
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def test_the_schema_check_really_checks_formats():
    good = {"id": str(uuid.uuid4()), "name": "x", "description": ""}
    validate("organization.json", good)
    for bad in ({"id": "not-a-uuid"}, {"website": "not a uri"}, {"email": "nobody"}):
        with pytest.raises(AssertionError):
            validate("organization.json", {**good, **bad})


def get(client, path, **params):
    response = client.get("/api/oruk" + path, params)
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    return response


LISTS = [
    ("/services", "service_list.json", "/services/{}", "service.json"),
    ("/organizations", "organization_list.json", "/organizations/{}", "organization.json"),
    ("/service_at_locations", "service_at_location_list.json", "/service_at_locations/{}",
     "service_at_location.json"),
    ("/taxonomies", "taxonomy_list.json", "/taxonomies/{}", "taxonomy.json"),
    ("/taxonomy_terms", "taxonomy_term_list.json", "/taxonomy_terms/{}", "taxonomy_term.json"),
]


def test_api_details(client, directory):
    response = get(client, "/")
    assert response.status_code == 200
    body = response.json()
    validate("api_details.json", body)
    assert body["version"] == "3.0"
    assert body["openapi_url"].endswith("/api/oruk/openapi.json")
    spec = client.get("/api/oruk/openapi.json").json()
    assert spec["openapi"].startswith("3.") and "/services" in spec["paths"]


@pytest.mark.parametrize("list_path, list_schema, detail_path, detail_schema", LISTS)
def test_every_endpoint_first_middle_last_and_empty_pages(client, directory, list_path,
                                                         list_schema, detail_path,
                                                         detail_schema):
    first = get(client, list_path, per_page=2).json()
    validate(list_schema, first)
    assert first["first_page"] and first["page_number"] == 1
    pages = first["total_pages"]
    assert first["total_items"] >= 1
    seen = []
    for number in sorted({1, max(1, pages // 2), pages}):
        body = get(client, list_path, per_page=2, page=number).json()
        validate(list_schema, body)
        assert body["page_number"] == number
        assert body["last_page"] == (number == pages)
        assert body["size"] == len(body["contents"]) and not body["empty"]
        seen.extend(item["id"] for item in body["contents"])
    for item_id in seen:
        response = get(client, detail_path.format(item_id))
        assert response.status_code == 200
        validate(detail_schema, response.json())
    past = get(client, list_path, per_page=2, page=pages + 1).json()
    validate(list_schema, past)
    assert past["empty"] and past["contents"] == []
    empty = get(client, list_path, search="zzzznothingmatches").json()
    validate(list_schema, empty)
    assert empty["total_items"] == 0 and empty["empty"]


def test_full_and_minimal_variants_validate(client, directory):
    full = get(client, "/services", full="true", per_page=3).json()
    validate("service_list.json", full)
    for item in full["contents"]:
        validate("service.json", item)
    validate("service_list.json", get(client, "/services", minimal="true").json())
    orgs = get(client, "/organizations", full="true", full_service="true").json()
    validate("organization_list.json", orgs)
    sal = get(client, "/service_at_locations", full="true").json()
    validate("service_at_location_list.json", sal)
    org_id = directory.orgs["charity"].pk
    validate("organization.json", get(client, f"/organizations/{org_id}",
                                      full_service="true").json())


def test_filters(client, directory):
    terms = get(client, "/taxonomy_terms", per_page=200).json()["contents"]
    group_term = next(t for t in terms if t["term"] == "carer-support-groups")
    body = get(client, "/services", taxonomy_term_id=group_term["id"]).json()
    assert {s["name"] for s in body["contents"]} == {
        "Grandparents coffee group", "Aberdeen carers group", "Online carers group"}
    taxonomy_id = get(client, "/taxonomies").json()["contents"][0]["id"]
    assert get(client, "/services", taxonomy_id=taxonomy_id).json()["total_items"] == 7
    org = str(directory.orgs["charity"].pk)
    body = get(client, "/services", organization_id=org).json()
    assert {s["organization_id"] for s in body["contents"]} == {org}
    assert get(client, "/services", search="grandparents").json()["total_items"] == 1
    assert get(client, "/services",
               modified_after="2999-01-01T00:00:00Z").json()["total_items"] == 0
    assert get(client, "/services", modified_after="2000-01-01").json()["total_items"] == 7
    top = get(client, "/taxonomy_terms", top_only="true").json()
    assert top["total_items"] == 7
    kind_id = next(t["id"] for t in terms if t["term"] == "income_max")
    children = get(client, "/taxonomy_terms", parent_id=kind_id).json()["contents"]
    assert children and all(t["parent_id"] == kind_id for t in children)


def test_postcode_and_proximity(client, directory):
    district = directory.glasgow_district.district
    body = get(client, "/service_at_locations", postcode=district).json()
    validate("service_at_location_list.json", body)
    names = {c["service"]["name"] for c in body["contents"]}
    assert "Grandparents coffee group" in names and "Aberdeen carers group" not in names
    near = get(client, "/service_at_locations", postcode=district, proximity="1000").json()
    assert near["total_items"] >= 1


def test_ndjson_streams_every_item(client, directory):
    response = client.get("/api/oruk/services", {"format": "ndjson"})
    lines = [json.loads(line) for line in b"".join(response.streaming_content).splitlines()]
    assert len(lines) == 7


@pytest.mark.parametrize("path, params, parameter", [
    ("/services", {"page": "-1"}, "page"),
    ("/services", {"page": "abc"}, "page"),
    ("/services", {"per_page": "100000"}, "per_page"),
    ("/services", {"per_page": "0"}, "per_page"),
    ("/services", {"taxonomy_term_id": "not-a-uuid"}, "taxonomy_term_id"),
    ("/services", {"organization_id": "../../etc/passwd"}, "organization_id"),
    ("/services", {"search": "x" * 10_000}, "search"),
    ("/services", {"modified_after": "yesterday"}, "modified_after"),
    ("/services", {"full": "maybe"}, "full"),
    ("/services", {"format": "xml"}, "format"),
    ("/service_at_locations", {"postcode": "<script>"}, "postcode"),
    ("/service_at_locations", {"postcode": "SW1A 1AA"}, "postcode"),
    ("/service_at_locations", {"postcode": "G1", "proximity": "-5"}, "proximity"),
    ("/service_at_locations", {"proximity": "500"}, "proximity"),
    ("/taxonomy_terms", {"taxonomy_id": "1' OR '1'='1"}, "taxonomy_id"),
    ("/services/not-a-uuid", {}, "id"),
])
def test_bad_input_is_a_400_with_a_clear_message(client, directory, path, params, parameter):
    response = get(client, path, **params)
    assert response.status_code == 400
    body = response.json()
    assert body["parameter"] == parameter and body["message"]
    assert "<script>" not in body["message"]


def test_unknown_ids_are_404(client, directory):
    for path in ("/services/", "/organizations/", "/service_at_locations/", "/taxonomies/",
                 "/taxonomy_terms/"):
        response = get(client, path + str(uuid.uuid4()))
        assert response.status_code == 404 and response.json()["error"] == "Not Found"


def test_cors_header_for_open_data(client, directory):
    assert client.get("/api/oruk/services")["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("path, params", [
    ("/services", {"taxonomy_term_id": str(uuid.uuid4())}),
    ("/services", {"taxonomy_id": str(uuid.uuid4())}),
    ("/service_at_locations", {"taxonomy_term_id": str(uuid.uuid4())}),
    ("/taxonomy_terms", {"taxonomy_id": str(uuid.uuid4())}),
    ("/services", {"organization_id": str(uuid.uuid4())}),
])
def test_unknown_well_formed_ids_in_filters_are_an_empty_page(client, directory, path,
                                                               params):
    response = get(client, path, **params)
    assert response.status_code == 200
    body = response.json()
    assert body["total_items"] == 0 and body["empty"] and body["contents"] == []


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_undeclared_methods_are_a_json_405(method, directory):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    for path in ("/api/oruk/services", f"/api/oruk/services/{uuid.uuid4()}", "/api/oruk/"):
        response = getattr(client, method)(path, data="{}", content_type="application/json")
        assert response.status_code == 405, path
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["error"] == "Method Not Allowed"
        assert "GET" in response["Allow"]


def test_postcode_finds_services_without_areas_by_distance(client, directory):
    from kinship.directory.models import ServiceArea

    ServiceArea.objects.filter(service__name="Young carers group nearby").delete()
    district = directory.glasgow_district.district
    body = get(client, "/service_at_locations", postcode=district).json()
    validate("service_at_location_list.json", body)
    names = {c["service"]["name"] for c in body["contents"]}
    assert "Young carers group nearby" in names  # no area, a few km away
    assert "Aberdeen carers group" not in names
    ServiceArea.objects.filter(service__name="Aberdeen carers group").delete()
    body = get(client, "/service_at_locations", postcode=district).json()
    assert "Aberdeen carers group" not in {c["service"]["name"] for c in body["contents"]}
    far = get(client, "/service_at_locations", postcode=district, proximity="500000").json()
    assert "Aberdeen carers group" in {c["service"]["name"] for c in far["contents"]}
