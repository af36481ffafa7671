"""The relevance test set: searches as families make them (postcode x need x age x
arrangement), each with the result that must come first, and the rules every result list
keeps (issue 16): the national advice service is in its own box, not the list; the family's
council's offer and services covering the council come first, then national services, then
neighbours' services only when asked; another council's own kinship team never appears; every
result says why it is shown; the count counts what is shown."""

from dataclasses import replace

import pytest

from kinship.directory import search
from kinship.directory.forms import SearchForm
from kinship.directory.selectors import national_advice_service, search_directory

from .relevance import ADVICE

pytestmark = pytest.mark.django_db


def family_search(**params):
    """What the search page does with the family's answers."""
    form = SearchForm({k: v for k, v in params.items() if v not in (None, "")})
    assert form.is_valid(), form.errors
    advice = national_advice_service()
    query = replace(form.to_query(), exclude_id=str(advice.pk) if advice else "")
    return query, search_directory(query, 1, 50)


# postcode, kind, age, arrangement, words, nearby -> first result (None: nothing shown)
CASES = [
    ("IV51 9EH", "", None, "", "", False, "Highland kinship team"),
    ("IV51 9EH", "peer_community", None, "", "", False, "Portree grandparents group"),
    ("IV51 9EH", "income_max", None, "", "", False, "Highland kinship team"),
    ("IV51 9EH", "income_max", None, "looked_after_kinship", "", False, "Highland kinship team"),
    ("IV51 9EH", "emotional_therapeutic", None, "", "", False, "Stornoway family support"),
    ("IV51 9EH", "emotional_therapeutic", 5, "", "", False, "Stornoway family support"),
    ("IV51 9EH", "practical_material", None, "", "", False, "Highland kinship team"),
    ("IV51 9EH", "learning_development", 14, "", "", False, "Highland teen mentoring"),
    ("IV51 9EH", "learning_development", 8, "", "", False, None),
    ("IV51 9EH", "transitional_continuing", None, "", "", False, None),
    ("IV51 9EH", "peer_community", None, "", "", True, "Portree grandparents group"),
    ("IV51 9EH", "", None, "", "grandparents", False, "Portree grandparents group"),
    ("IV51 9EH", "peer_community", 16, "informal", "", False, "Portree grandparents group"),
    ("IV51", "income_max", 7, "kinship_care_order", "", False, "Highland kinship team"),
    ("IV1 1AA", "", None, "", "", False, "Highland kinship team"),
    ("PH33 6AA", "peer_community", 14, "", "", False, "Highland teen mentoring"),
    ("PH33", "peer_community", None, "", "", False, "Highland teen mentoring"),
    ("HS1 2AA", "", None, "", "", False, "Na h-Eileanan Siar kinship team"),
    ("HS1 2AA", "peer_community", None, "", "", False, "Stornoway family support"),
    ("HS1", "emotional_therapeutic", 10, "informal", "", False, "Stornoway family support"),
    ("HS1", "income_max", None, "", "", False, "Na h-Eileanan Siar kinship team"),
    ("IV30 1AA", "", None, "", "", False, "Moray kinship team"),
    ("IV30 1AA", "income_max", None, "", "", False, "Moray kinship team"),
    ("IV30", "peer_community", None, "", "", False, "Elgin carers group"),
    ("IV30", "peer_community", None, "", "", True, "Elgin carers group"),
    ("PA34 4AA", "emotional_therapeutic", None, "", "", False, "Oban counselling"),
    ("PA34", "peer_community", 9, "", "", False, "National online carers group"),
    ("G1 1AA", "income_max", 7, "informal", "", False, "Glasgow City kinship team"),
    ("G1", "income_max", None, "kinship_care_order", "", False, "Glasgow City kinship team"),
    ("G1", "peer_community", None, "", "", False, "Glasgow grandparents group"),
    ("G1", "", 20, "", "benefits", False, "National money helpline"),
    ("EH6 4AA", "peer_community", None, "", "", False, "Leith kinship drop-in"),
    ("EH1 1YZ", "emotional_therapeutic", 10, "", "", False, "Edinburgh counselling for children"),
    ("EH1", "emotional_therapeutic", 20, "", "", False, "Young people's advocacy line"),
    ("AB10 1AA", "transitional_continuing", 17, "", "", False, "Aberdeen aftercare"),
    ("AB10", "transitional_continuing", 10, "", "", False, None),
]


@pytest.mark.parametrize("postcode, kind, age, arrangement, words, nearby, first", CASES)
def test_relevance(scotland, postcode, kind, age, arrangement, words, nearby, first):
    query, page = family_search(
        postcode=postcode,
        kind=kind,
        age=age,
        arrangement=arrangement,
        q=words,
        nearby="on" if nearby else "",
    )
    shown = [h.service.name for h in page.hits]
    assert (shown[0] if shown else None) == first, shown
    # The count counts what is shown.
    assert page.total == len(shown)
    # In its own box, not in the list.
    assert ADVICE not in shown
    # Groups in order: the council's offer and services covering it, national, neighbours.
    groups = [h.group for h in page.hits]
    assert groups == sorted(groups)
    assert nearby or search.NEIGHBOUR not in groups
    home = query.council.code
    for hit in page.hits:
        # Every result says why it is shown.
        assert hit.reason, hit.service.name
        # Another council's own kinship team (and what it runs) never appears.
        owner_council = scotland.own_services.get(hit.service.name)
        assert owner_council in (None, home), (hit.service.name, hit.reason)


def test_the_portree_grandmother_sees_why_each_result_is_shown(scotland):
    _, page = family_search(postcode="IV51 9EH", kind="peer_community", nearby="on")
    reasons = {h.service.name: h.reason for h in page.hits}
    assert reasons["Portree grandparents group"].startswith("Covers Highland; less than 1 km")
    assert reasons["Stornoway family support"].startswith("Covers Highland")
    assert reasons["National online carers group"].startswith("National")
    assert "a nearby council" in reasons["Elgin carers group"]
    assert "km away: in person in Elgin" in reasons["Elgin carers group"]
    assert "Western Isles council youth club" not in reasons
    assert "Moray council benefits service" not in reasons


def test_a_service_without_areas_is_found_where_it_is_based(scotland):
    _, page = family_search(postcode="EH6 4AA", kind="peer_community")
    hit = page.hits[0]
    assert hit.service.name == "Leith kinship drop-in"
    assert hit.reason.startswith("Based in City of Edinburgh")
    _, glasgow = family_search(postcode="G1", kind="peer_community")
    assert "Leith kinship drop-in" not in [h.service.name for h in glasgow.hits]


def test_paging_across_groups_keeps_the_order_and_count(scotland):
    query, whole = family_search(postcode="IV51 9EH", nearby="on")
    names = [h.service.name for h in whole.hits]
    paged = []
    for number in range(1, 20):
        page = search_directory(query, number, 3)
        assert page.total == whole.total
        if number > page.num_pages:
            break
        paged += [h.service.name for h in page.hits]
    assert paged == names
