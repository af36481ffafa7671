"""The young person's version and the JSON API for advisers' tools."""

import json

import pytest

from kinship.entitlements.engine import all_rules

pytestmark = pytest.mark.django_db

PROPOSED_IDS = {rule.id for rule in all_rules() if rule.status == "proposed"}


# ---- young person ---------------------------------------------------------------------------


def test_young_person_page_asks_in_plain_words(client):
    response = client.get("/check/young-person/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Have you ever been looked after by the council?" in body
    assert 'href="/check/"' in body  # back link


def test_a_young_care_leaver_is_told_about_aftercare_in_their_own_words(client):
    response = client.post("/check/young-person/", {
        "age": "19", "looked_after": "yes", "still": "no", "age_left_care": "17",
        "continuing_care": "no", "council": "S12000049",
    })
    assert response.status_code == 200
    body = response.content.decode()
    assert "aftercare" in body.lower()
    assert "you " in body.lower() and "This is because you" in body
    assert "08000 28 22 33" in body
    assert "entitlements_answers" not in client.session  # nothing kept, not even in the session


def test_the_young_person_can_see_the_proposed_offer_labelled(client):
    response = client.post("/check/young-person/", {
        "age": "20", "looked_after": "yes", "still": "no", "age_left_care": "14",
        "continuing_care": "no", "offer": "yes",
    })
    body = response.content.decode()
    assert "Passed by the Scottish Parliament on 15 May 2026, not in force yet" in body


def test_a_young_person_who_is_not_sure_of_anything_still_gets_an_answer(client):
    response = client.post("/check/young-person/", {
        "looked_after": "not_sure", "still": "not_sure", "continuing_care": "not_sure",
    })
    assert response.status_code == 200
    assert "kh-decision" in response.content.decode()


@pytest.mark.parametrize("data", [
    {},
    {"age": "200", "looked_after": "yes", "still": "no", "continuing_care": "no"},
    {"age": "<script>", "looked_after": "yes", "still": "no", "continuing_care": "no"},
    {"age": "x" * 10_000, "looked_after": "yes", "still": "no", "continuing_care": "no"},
    {"age": "15", "age_left_care": "17", "looked_after": "yes", "still": "no",
     "continuing_care": "no"},
    {"age": "15", "looked_after": "yes", "still": "no", "continuing_care": "no",
     "council": "'; DROP TABLE x; --"},
])
def test_young_person_bad_input_is_a_clear_message(client, data):
    response = client.post("/check/young-person/", data)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'class="ds_error-summary"' in body
    assert "<script>" not in body.split("<main", 1)[1]


# ---- API ------------------------------------------------------------------------------------

FAMILY = {
    "as_of": "2026-06-01",
    "household": {
        "council_code": "S12000023",
        "children": [{"age": 15, "arrangement": "kinship_care_order", "age_left_care": 14}],
        "carers": [{"relationship": "sibling", "age": 24}],
        "receives_universal_credit": "yes",
    },
}


def _post(client, path, payload):
    return client.post(f"/api/entitlements/{path}", json.dumps(payload),
                       content_type="application/json")


def test_api_decides_with_reasons_and_sources(client):
    response = _post(client, "decide", {"facts": FAMILY})
    assert response.status_code == 200
    data = response.json()
    decisions = data["entitled"] + data["may_be_entitled"] + data["not_for_arrangement"]
    assert decisions
    for decision in decisions:
        assert decision["reason"] and decision["sources"]
        assert decision["sources"][0]["url"].startswith("https://")
    assert not {d["rule_id"] for d in decisions} & PROPOSED_IDS


def test_api_compare_changes_only_proposed_rules(client):
    data = _post(client, "compare", {"facts": FAMILY, "on": "2026-06-01"}).json()
    assert data["changed_rule_ids"]
    assert set(data["changed_rule_ids"]) <= PROPOSED_IDS


def test_api_includes_proposals_only_when_asked(client):
    data = _post(client, "decide", {"facts": FAMILY, "include_proposed": True}).json()
    ids = {d["rule_id"] for group in ("entitled", "may_be_entitled", "not_for_arrangement")
           for d in data[group]}
    assert ids & PROPOSED_IDS


def test_api_young_person(client):
    payload = {"person": {"as_of": "2026-06-01", "age": 22, "was_looked_after": "yes",
                          "age_left_care": 17}}
    data = _post(client, "young-person", payload).json()
    assert any("aftercare" in d["rule_id"] for d in data["entitled"] + data["may_be_entitled"])


def test_api_lists_rules_with_sources(client):
    rules = client.get("/api/entitlements/rules").json()
    assert len(rules) == len(all_rules())
    assert all(rule["sources"] for rule in rules)


@pytest.mark.parametrize("payload", [
    {},
    {"facts": {}},
    {"facts": {"as_of": "not a date", "household": {}}},
    {"facts": {"as_of": "2026-01-01", "household": {"children": [{"age": 200}]}}},
    {"facts": {"as_of": "2026-01-01",
               "household": {"children": [{"age": 5, "date_of_birth": "2021-01-01"}]}}},
    {"facts": {"as_of": "2026-01-01",
               "household": {"children": [{"date_of_birth": "2030-01-01"}]}}},
    {"facts": {"as_of": "2026-01-01", "household": {"council_code": "<script>"}}},
    {"facts": {"as_of": "2026-01-01", "household": {"children": [{}] * 21}}},
    {"facts": {"as_of": "2026-01-01", "household": {}}, "on": "9999-01-01"},
    {"facts": {"as_of": "2026-01-01", "household": {}}, "surprise": 1},
    [1, 2, 3],
])
def test_api_invalid_input_is_a_clear_422(client, payload):
    response = _post(client, "decide", payload)
    assert response.status_code == 422
    data = response.json()
    assert data["message"].startswith("The request is not valid")
    assert data["errors"]


@pytest.mark.parametrize("body", ["{not json", "", "x" * 10_000])
def test_api_unreadable_body_is_a_400(client, body):
    response = client.post("/api/entitlements/decide", body, content_type="application/json")
    assert response.status_code in (400, 422)


def test_api_openapi_documents_the_endpoints(client):
    response = client.get("/api/entitlements/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    assert {"/api/entitlements/decide", "/api/entitlements/compare",
            "/api/entitlements/young-person", "/api/entitlements/rules"} <= set(spec["paths"])
    assert "Facts" in json.dumps(spec["components"])
