"""Public search: ordering, filters, paging, bad input, no cookies, save as a list."""

import csv
import io

import pytest

from kinship.directory.selectors import DirectoryQuery, search_directory
from kinship.places.selectors import get_council

from .conftest import GLASGOW

pytestmark = pytest.mark.django_db


def names(page):
    return [h.service.name for h in page.hits]


def test_local_offer_first_then_local_then_national_then_nearby_only_when_asked(directory):
    page = search_directory(DirectoryQuery(council=get_council(GLASGOW)))
    found = names(page)
    assert found[0] == "Glasgow kinship care team"
    assert [h.group for h in page.hits] == sorted(h.group for h in page.hits)
    assert set(found[-2:]) == {"National advice line", "Online carers group"}
    assert "Young carers group nearby" not in found  # a neighbour's: only when asked
    assert "Aberdeen carers group" not in found  # far away: not offered to Glasgow
    assert page.total == len(found)
    asked = search_directory(DirectoryQuery(council=get_council(GLASGOW),
                                            include_neighbours=True))
    assert names(asked)[:len(found)] == found
    assert names(asked)[-1] == "Young carers group nearby"
    assert "a nearby council" in asked.hits[-1].reason
    assert asked.total == len(asked.hits) == len(found) + 1


def test_kind_filter_keeps_matching_services_only(directory):
    page = search_directory(DirectoryQuery(council=get_council(GLASGOW), kind="income_max"))
    assert names(page) == ["Glasgow kinship care team", "Benefits clinic"]


def test_words_age_and_arrangement_filters(directory):
    glasgow = get_council(GLASGOW)
    assert names(search_directory(DirectoryQuery(council=glasgow, words="grandparent"))) == [
        "Grandparents coffee group"]
    assert "Benefits clinic" not in names(search_directory(DirectoryQuery(council=glasgow,
                                                                          age=20)))
    assert "Benefits clinic" in names(search_directory(DirectoryQuery(council=glasgow, age=7)))
    kco = search_directory(DirectoryQuery(council=glasgow, arrangement="kinship_care_order"))
    assert "Benefits clinic" not in names(kco)
    assert "Benefits clinic" in names(search_directory(
        DirectoryQuery(council=glasgow, arrangement="other_or_not_sure")))


def test_search_page_from_a_postcode(client, directory):
    district = directory.glasgow_district.district
    response = client.get("/support/", {"postcode": district, "kind": "peer_community"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Grandparents coffee group" in html
    assert "Benefits clinic" not in html
    assert "services found" in html
    assert "08000 28 22 33" in html  # the national advice line is always visible
    assert not response.cookies  # a public GET page sets no cookies
    assert "csrfmiddlewaretoken" not in html


def test_stale_services_are_flagged(client, directory):
    response = client.get("/support/", {"council": GLASGOW})
    assert "not checked for over 6 months" in response.content.decode()


@pytest.mark.parametrize("params, message", [
    ({"postcode": "NOT A POSTCODE"}, "Enter a real postcode"),
    ({"postcode": "SW1A 1AA"}, "is not a Scottish postcode"),
    ({"postcode": "x" * 10_000}, "Enter a postcode"),
    ({"council": "../../etc/passwd"}, "Select a valid choice"),
    ({"council": GLASGOW, "q": "a" * 10_000}, "Use fewer words"),
    ({"council": GLASGOW, "age": "-1"}, "Enter an age from 0 to 26"),
    ({"council": GLASGOW, "age": "seven"}, "Enter the child"),
    ({"kind": "<script>alert(1)</script>"}, "Select a valid choice"),
])
def test_bad_input_gets_a_helpful_message_not_a_500(client, directory, params, message):
    response = client.get("/support/", params)
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html.replace("&#x27;", "'")
    assert "<script>alert(1)</script>" not in html


@pytest.mark.parametrize("q", ["<script>alert(1)</script>", "' OR 1=1 --", '"unterminated',
                               "NEAR(a b)", "*", "col:thing AND", "ünïcödé"])
def test_awkward_words_are_searched_safely(client, directory, q):
    response = client.get("/support/", {"council": GLASGOW, "q": q})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.parametrize("page", ["-1", "0", "abc", "99999", "1e9"])
def test_odd_page_numbers_show_a_real_page(client, directory, page):
    response = client.get("/support/", {"council": GLASGOW, "page": page})
    assert response.status_code == 200
    assert "Glasgow" in response.content.decode()


def test_paging_splits_results(directory):
    glasgow = get_council(GLASGOW)
    first = search_directory(DirectoryQuery(council=glasgow), page=1, per_page=2)
    second = search_directory(DirectoryQuery(council=glasgow), page=2, per_page=2)
    assert first.total == second.total
    assert first.has_next and second.has_previous
    assert not set(names(first)) & set(names(second))
    beyond = search_directory(DirectoryQuery(council=glasgow), page=50, per_page=2)
    assert beyond.number == beyond.num_pages and beyond.hits


def test_save_as_a_list_downloads_csv(client, directory):
    response = client.get("/support/results.csv", {"council": GLASGOW})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "Service"
    assert rows[1][0] == "Glasgow kinship care team"
    assert client.get("/support/results.csv").status_code == 400


def test_search_index_follows_edits(directory):
    from kinship.directory.services import ServiceDetails, save_service

    service = directory.services["Benefits clinic"]
    save_service(organization=service.organization, service=service, details=ServiceDetails(
        name="Money matters", description="Help with money", term_codes=["debt-advice"],
        arrangements=["informal"], council_codes=[GLASGOW]))
    glasgow = get_council(GLASGOW)
    assert names(search_directory(DirectoryQuery(council=glasgow, words="money"))) == [
        "Money matters"]
    assert not search_directory(DirectoryQuery(council=glasgow, words="clinic")).hits


def test_inactive_services_are_not_shown(directory):
    from kinship.directory.search import refresh_index

    service = directory.services["Grandparents coffee group"]
    service.status = "temporarily closed"
    service.save()
    refresh_index([service.pk])
    glasgow = get_council(GLASGOW)
    assert "Grandparents coffee group" not in names(search_directory(DirectoryQuery(
        council=glasgow)))
    assert not search_directory(DirectoryQuery(words="grandparents")).hits


def test_paging_one_by_one_gives_the_same_order_as_one_page(directory):
    """The home council is ranked apart from the rest: pages must still join up."""
    glasgow = get_council(GLASGOW)
    query = DirectoryQuery(council=glasgow, centre=(55.86, -4.25))
    whole = names(search_directory(query, page=1, per_page=100))
    one_by_one = [names(search_directory(query, page=n, per_page=1))[0]
                  for n in range(1, len(whole) + 1)]
    assert one_by_one == whole
    pages = -(-len(whole) // 3)
    three_by_three = sum((names(search_directory(query, page=n, per_page=3))
                          for n in range(1, pages + 1)), [])
    assert three_by_three == whole


def test_local_offer_is_offered_even_when_filtered_out(client, directory):
    html = client.get("/support/", {"council": GLASGOW, "q": "grandparents"}).content.decode()
    assert "Your council's kinship team, Glasgow kinship care team, can also help" in html


@pytest.mark.parametrize("words", ["the", "the and of", "a", "12", "kinship the"])
def test_stop_words_and_short_words_do_not_break_search(client, directory, words):
    response = client.get("/support/", {"council": GLASGOW, "q": words})
    assert response.status_code == 200
    assert client.get("/api/oruk/services", {"search": words}).status_code == 200


def test_full_index_rebuild_finds_the_same(directory):
    from django.core.management import call_command

    glasgow = get_council(GLASGOW)
    before = names(search_directory(DirectoryQuery(council=glasgow, words="group")))
    call_command("load_directory_taxonomy", stdout=io.StringIO())  # rebuilds the whole index
    assert names(search_directory(DirectoryQuery(council=glasgow, words="group"))) == before
    assert before
