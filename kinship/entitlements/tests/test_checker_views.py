"""The public checker's pages: every step, bad input, the journey's branches, the results,
the comparison with the proposed Offer, the PDF, and that nothing is stored."""

import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kinship.entitlements import pdf, selectors
from kinship.entitlements.engine import all_rules
from kinship.entitlements.journey import journey, to_facts
from kinship.entitlements.views import SESSION_KEY

from .checker import AMY_FIRST_ANSWER, AMY_JOURNEY, AMY_MORE_EXACT, GLASGOW, answer

pytestmark = pytest.mark.django_db

LONG = "x" * 10_000
SCRIPT = "<script>alert(1)</script>"
SQL = "1; DROP TABLE django_session; --"
PROPOSED_IDS = {rule.id for rule in all_rules() if rule.status == "proposed"}


def _rule_ids(html: str) -> list[str]:
    return re.findall(r'data-rule-id="([a-z0-9_]+)"', html)


def _columns(html: str) -> list[str]:
    return html.split('class="kh-compare__column"')[1:]


# ---- start and the first question -----------------------------------------------------------


def test_start_page_sets_no_cookie_and_links_to_first_question(client):
    response = client.get("/check/")
    assert response.status_code == 200
    assert not response.cookies
    body = response.content.decode()
    assert 'href="/check/children/"' in body
    assert "08000 28 22 33" in body


def test_first_question_has_a_back_link_to_the_start(client):
    body = client.get("/check/children/").content.decode()
    assert 'class="ds_back-link" href="/check/"' in body
    assert "How many children do you look after?" in body


def test_whole_journey_reaches_check_answers(client):
    # The first answer comes straight after the eighth question; the optional questions after
    # it lead back to the answer too.
    assert answer(client, AMY_FIRST_ANSWER) == "/check/results/"
    assert answer(client, AMY_MORE_EXACT) == "/check/results/"
    body = client.get("/check/check-answers/").content.decode()
    for text in ("Amy", "aged 9", "Glasgow City", "Grandparent", "A family arrangement"):
        assert text in body
    assert body.count("?return=check") == len(AMY_JOURNEY)


def test_each_question_links_back_to_the_one_before(client):
    answer(client, AMY_JOURNEY)
    keys = [key for key, _ in AMY_JOURNEY]
    for before, key in zip(keys, keys[1:], strict=False):
        body = client.get(f"/check/{key}/").content.decode()
        assert f'class="ds_back-link" href="/check/{before}/"' in body, key


def test_answers_are_shown_again_when_going_back(client):
    answer(client, AMY_JOURNEY)
    body = client.get("/check/child-1-age/").content.decode()
    assert 'value="Amy"' in body and 'value="9"' in body
    body = client.get("/check/child-1-arrangement/").content.decode()
    assert re.search(r'value="informal" id="[^"]+" checked', body)


# ---- bad input on every step ----------------------------------------------------------------

BAD_INPUT = [
    ("children", {"count": ""}, "Enter how many children"),
    ("children", {"count": LONG}, "Enter the number of children as a number"),
    ("children", {"count": SCRIPT}, "Enter the number of children as a number"),
    ("children", {"count": "-1"}, "Enter at least 1"),
    ("children", {"count": "200"}, "Enter 20 or fewer"),
    ("children", {"count": SQL}, "as a number"),
    ("child-1-age", {}, "Enter their age or date of birth"),
    ("child-1-age", {"age": "200"}, "Enter an age from 0 to 26"),
    ("child-1-age", {"age": "-3"}, "Enter an age from 0 to 26"),
    ("child-1-age", {"age": LONG}, "Enter the age as a number"),
    ("child-1-age", {"date_of_birth": "31/02/2015"}, "Enter a real date"),
    ("child-1-age", {"date_of_birth": "banana"}, "Enter a date like 31/03/2015"),
    ("child-1-age", {"date_of_birth": "01/01/2999"}, "must be today or in the past"),
    ("child-1-age", {"date_of_birth": "01/01/1850"}, "older than 26"),
    ("child-1-age", {"date_of_birth": LONG}, "Enter a date like 31/03/2015"),
    ("child-1-age", {"age": "5", "date_of_birth": "01/01/2020"}, "not both"),
    ("child-1-age", {"name": SCRIPT, "age": "5"}, "without &lt; or &gt;"),
    ("child-1-age", {"name": LONG, "age": "5"}, "40 letters or fewer"),
    ("child-1-arrangement", {}, "Choose how the child came to live with you"),
    ("child-1-arrangement", {"arrangement": SCRIPT}, "Choose one of the answers shown"),
    ("child-1-arrangement", {"arrangement": "../../etc/passwd"}, "Choose one of the answers"),
    ("child-1-looked-after", {"answer": SQL}, "Choose one of the answers shown"),
    ("child-1-looked-after", {}, "Choose one answer"),
    ("child-1-parents", {"situation": LONG}, "Choose one of the answers shown"),
    ("carer-relationship", {}, "Choose how you are related"),
    ("council", {"postcode": "SW1A 1AA"}, "is not a Scottish postcode"),
    ("council", {"postcode": LONG}, "Enter a postcode"),
    ("council", {"postcode": SCRIPT}, "Enter a postcode, like PA2 6AB"),
    ("council", {"postcode": "<b>G1</b>"}, "Enter a real postcode"),
    ("council", {"council": "S99999999"}, "Choose a council area from the list"),
    ("council", {"council": SQL}, "Choose a council area from the list"),
    ("universal-credit", {"answer": "maybe"}, "Choose one of the answers shown"),
]


@pytest.mark.parametrize(("key", "data", "message"), BAD_INPUT)
def test_bad_input_gives_a_clear_message_and_keeps_answers(client, key, data, message):
    answer(client, AMY_JOURNEY[:1])  # one child, so the child's pages exist
    response = client.post(f"/check/{key}/", data)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'class="ds_error-summary"' in body
    assert message in body
    assert "<script>alert" not in body
    assert body.count("Error:") == 1  # the page title says there is an error


@pytest.mark.parametrize(("data", "message"), [
    ({"to": SCRIPT}, "Choose one of the answers shown"),
    ({"to": LONG}, "Choose one of the answers shown"),
    ({}, "Choose what is planned"),
])
def test_bad_input_on_the_planned_change_question(client, data, message):
    answer(client, AMY_JOURNEY[:4])  # informal: a change of order can be planned
    response = client.post("/check/child-1-planned-change/", data)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body and "<script>alert" not in body


def test_a_rejected_answer_keeps_what_was_typed(client):
    answer(client, AMY_JOURNEY[:1])
    response = client.post("/check/child-1-age/", {"name": "Amy", "age": "200"})
    body = response.content.decode()
    assert 'value="Amy"' in body and 'value="200"' in body


def test_a_date_of_birth_is_kept_and_shown_back(client):
    answer(client, AMY_JOURNEY[:1])
    born = (timezone.localdate() - timedelta(days=365 * 3)).strftime("%d/%m/%Y")
    client.post("/check/child-1-age/", {"date_of_birth": born})
    body = client.get("/check/child-1-age/").content.decode()
    assert f'value="{born}"' in body


def test_not_sure_of_age_is_accepted(client):
    answer(client, AMY_JOURNEY[:1])
    response = client.post("/check/child-1-age/", {"not_sure": "on"})
    assert response.status_code == 302


@pytest.mark.parametrize(
    "path",
    ["/check/nonsense/", "/check/child-2-age/", "/check/child-0-age/", "/check/child-1-agee/"],
)
def test_unknown_questions_are_not_found(client, path):
    answer(client, AMY_JOURNEY[:1])
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", ["/check/../../etc/passwd", "/check/%2e%2e%2f%2e%2e/"])
def test_path_tricks_are_not_found(client, path):
    assert client.get(path).status_code == 404


def test_a_question_after_the_session_expired_goes_back_to_the_start(client):
    response = client.get("/check/child-1-age/")
    assert response.status_code == 302 and response["Location"] == "/check/"


# ---- branches -------------------------------------------------------------------------------


def test_a_looked_after_child_is_not_asked_whether_they_were_looked_after(client):
    answer(client, AMY_JOURNEY[:6])
    client.post("/check/child-1-arrangement/", {"arrangement": "looked_after_kinship"})
    keys = [step.key for step in journey(client.session[SESSION_KEY])]
    assert "child-1-looked-after" not in keys and "child-1-at-risk" not in keys
    assert "child-1-planned-change" in keys


def test_a_child_who_left_care_is_asked_when(client):
    answer(client, AMY_JOURNEY[:7])
    client.post("/check/child-1-age/", {"name": "Amy", "age": "14"})  # aftercare can matter
    response = client.post("/check/child-1-looked-after/", {"answer": "yes"})
    # The eighth question: the first answer comes next, and how old Amy was is an optional one.
    assert response["Location"] == "/check/results/"
    keys = [step.key for step in journey(client.session[SESSION_KEY])]
    assert "child-1-left-care" in keys and "child-1-at-risk" not in keys
    response = client.post("/check/child-1-left-care/", {"age": "14"})
    assert response["Location"] == "/check/child-1-parents/"  # school follows from age 14


def test_changing_an_answer_asks_any_new_question_then_returns_to_check_answers(client):
    answer(client, AMY_JOURNEY)
    client.post("/check/child-1-age/?return=check", {"name": "Amy", "age": "14"})
    response = client.post("/check/child-1-looked-after/?return=check", {"answer": "yes"})
    assert response["Location"] == "/check/child-1-left-care/?return=check"
    body = client.get(response["Location"]).content.decode()
    assert 'class="ds_back-link" href="/check/check-answers/"' in body
    response = client.post("/check/child-1-left-care/?return=check", {"not_sure": "on"})
    assert response["Location"] == "/check/check-answers/"


def test_two_children_get_their_own_questions(client):
    answer(client, [("children", {"count": "2"})])
    keys = [step.key for step in journey(client.session[SESSION_KEY])]
    assert "child-1-age" in keys and "child-2-age" in keys
    client.post("/check/child-1-age/", {"name": "Amy", "age": "4"})
    client.post("/check/child-2-age/", {"age": "15"})
    body = client.get("/check/child-2-arrangement/").content.decode()
    assert "How did child 2 come to live with you?" in body


def test_the_optional_questions_can_be_skipped(client):
    answer(client, AMY_FIRST_ANSWER)
    body = client.get("/check/council-tax/").content.decode()
    assert 'href="/check/results/"' in body and "Skip this and see your answer" in body
    assert "Making your answer more exact: question 4 of 4" in body


# ---- results --------------------------------------------------------------------------------


def test_results_need_answers(client):
    response = client.get("/check/results/")
    assert response.status_code == 302 and response["Location"] == "/check/"


def test_results_show_the_three_groups_reasons_sources_and_links(client):
    answer(client, AMY_JOURNEY)
    response = client.get("/check/results/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    body = response.content.decode()
    assert "You can get" in body
    assert "You may be able to get" in body
    assert "Not for your arrangement" in body
    assert "08000 28 22 33" in body
    assert "This is because Amy is 9" in body
    assert "https://www.legislation.gov.uk/" in body
    assert 'href="/allowances/council/glasgow-city/"' in body
    assert f'href="/support/?council={GLASGOW}"' in body
    assert "Child Benefit" in body and "£" in body
    assert "ds_tag--orange" not in body and ": not law" not in body


def test_today_s_law_shows_no_proposed_rule(client):
    answer(client, AMY_JOURNEY)
    ids = set(_rule_ids(client.get("/check/results/").content.decode()))
    assert ids and not ids & PROPOSED_IDS


@pytest.mark.parametrize(
    "steps",
    [
        AMY_JOURNEY,
        AMY_JOURNEY[:2] + [("child-1-arrangement", {"arrangement": "kinship_care_order"}),
                           ("child-1-looked-after", {"answer": "yes"}),
                           ("child-1-left-care", {"age": "12"})],
        [("children", {"count": "1"}), ("child-1-age", {"age": "17"}),
         ("child-1-arrangement", {"arrangement": "looked_after_kinship"})],
        [("children", {"count": "2"})],  # "not sure" everywhere else
    ],
)
def test_the_proposed_offer_changes_exactly_the_rules_marked_proposed(client, steps):
    answer(client, steps)
    today_page = client.get("/check/results/?law=today").content.decode()
    offer_page = client.get("/check/results/?law=offer").content.decode()
    today_column, offer_column = _columns(offer_page)
    assert sorted(_rule_ids(today_column)) == sorted(_rule_ids(today_page))
    added = set(_rule_ids(offer_column)) - set(_rule_ids(today_column))
    removed = set(_rule_ids(today_column)) - set(_rule_ids(offer_column))
    assert added and added <= PROPOSED_IDS
    assert not removed
    # Every decision of a proposed rule is labelled as a proposal, and nothing else is.
    for block in offer_column.split("<li class=\"kh-decision")[1:]:
        rule_id = _rule_ids(block)[0]
        assert ("ds_tag--orange" in block) == (rule_id in PROPOSED_IDS)
    for title in selectors.results_for(
        client.session[SESSION_KEY], timezone.localdate(), "offer"
    ).changed_titles:
        assert title.replace("'", "&#x27;") in offer_page


def test_an_unknown_law_parameter_shows_today_s_law(client):
    answer(client, AMY_JOURNEY)
    for value in ("offer'--", SCRIPT, LONG, "-1"):
        response = client.get("/check/results/", {"law": value})
        assert response.status_code == 200
        assert "kh-compare__column" not in response.content.decode()


def test_the_checker_stores_nothing_but_the_session(client):
    def counts():
        return {
            model._meta.label: model.objects.count()
            for model in apps.get_models()
            if model._meta.label != "sessions.Session" and not model._meta.proxy
        }

    before = counts()
    answer(client, AMY_JOURNEY)
    client.get("/check/results/")
    client.get("/check/results/?law=offer")
    client.get("/check/results.pdf")
    assert counts() == before


def test_clearing_answers_empties_the_session(client):
    answer(client, AMY_JOURNEY)
    response = client.post("/check/clear/")
    assert response.status_code == 302
    assert SESSION_KEY not in client.session
    assert client.get("/check/results/").status_code == 302


def test_asking_an_adviser_prefills_the_question_without_sending_it(client):
    from kinship.advice.models import Enquiry

    answer(client, AMY_JOURNEY)
    body = client.get("/check/results/").content.decode()
    summary = re.search(r'name="what_is_happening" value="([^"]*)"', body).group(1)
    assert "Amy" in summary
    response = client.post("/ask/", {
        "action": "find_council", "what_is_happening": summary.replace("&#x27;", "'"),
        "council": GLASGOW,
    })
    assert response.status_code == 200
    assert "I used the Kinship Hub checker" in response.content.decode()
    assert Enquiry.objects.count() == 0


# ---- PDF ------------------------------------------------------------------------------------


def test_the_pdf_opens_and_contains_the_answers_and_decisions(client):
    answer(client, AMY_JOURNEY)
    response = client.get("/check/results.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    # The PDF's own text, read from the same rendering WeasyPrint wrote.
    found = selectors.results_for(client.session[SESSION_KEY], timezone.localdate())
    text = pdf.document_text(pdf.render_document(pdf.results_html(found)))
    for expected in ("Called Amy, aged 9", "Glasgow City", "Grandparent", "Child Benefit",
                     "08000 28 22 33", "legislation.gov.uk"):
        assert expected in text, expected


def test_the_pdf_with_the_offer_labels_proposals(client):
    answer(client, AMY_JOURNEY)
    assert client.get("/check/results.pdf?law=offer").content.startswith(b"%PDF")
    found = selectors.results_for(client.session[SESSION_KEY], timezone.localdate(), "offer")
    text = pdf.document_text(pdf.render_document(pdf.results_html(found)))
    assert "Proposed in a Scottish Government consultation on 22 December 2025: not law" in text


# ---- never a crash, whatever was answered ----------------------------------------------------

step_answers = {
    "child_age": st.one_of(
        st.builds(lambda a: {"age": str(a)}, st.integers(0, 26)),
        st.just({"not_sure": "on"}),
    ),
    "child_arrangement": st.sampled_from(
        ["informal", "looked_after_kinship", "kinship_care_order", "other_s11_order",
         "s7_guardian", "permanence_order", "adoption", "just_arrived", "not_sure"]
    ).map(lambda v: {"arrangement": v}),
    "child_planned_change": st.sampled_from(
        ["none", "kinship_care_order", "looked_after_kinship", "adoption", "not_sure"]
    ).map(lambda v: {"to": v}),
    "child_looked_after": st.sampled_from(["yes", "no", "not_sure"]).map(lambda v: {"answer": v}),
    "child_left_care": st.one_of(
        st.integers(0, 26).map(lambda a: {"age": str(a)}), st.just({"not_sure": "on"})
    ),
    "child_at_risk": st.sampled_from(["yes", "no", "not_sure"]).map(lambda v: {"answer": v}),
    "child_school": st.sampled_from(
        ["not_at_school", "primary_1_to_5", "primary_6_to_7", "secondary", "left_school",
         "not_sure"]
    ).map(lambda v: {"stage": v}),
    "child_parents": st.sampled_from(["both_alive", "both_died", "not_sure"]).map(
        lambda v: {"situation": v}
    ),
    "carer_relationship": st.sampled_from(["grandparent", "sibling", "parent", "not_sure"]).map(
        lambda v: {"relationship": v}
    ),
    "carer_age": st.sampled_from([{}, {"age": "70"}]),
    "council": st.sampled_from([{}, {"council": GLASGOW}, {"council": "S12000023"}]),
    "universal_credit": st.sampled_from(["yes", "no", "not_sure"]).map(lambda v: {"answer": v}),
    "other_benefits": st.sampled_from(["yes", "no", "not_sure"]).map(lambda v: {"answer": v}),
    "council_tax": st.sampled_from(["yes", "no", "not_sure"]).map(lambda v: {"answer": v}),
}


@settings(max_examples=25, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data(), children=st.integers(1, 3))
def test_any_combination_of_answers_gives_results(client, data, children):
    client.post("/check/clear/")
    client.post("/check/children/", {"count": str(children)})
    done = {"children"}
    while True:
        pending = [s for s in journey(client.session[SESSION_KEY]) if s.key not in done]
        if not pending:
            break
        step = pending[0]
        done.add(step.key)
        response = client.post(f"/check/{step.key}/", data.draw(step_answers[step.kind]))
        assert response.status_code == 302, response.content.decode()[:1000]
    to_facts(client.session[SESSION_KEY], timezone.localdate())
    for law in ("today", "offer"):
        assert client.get("/check/results/", {"law": law}).status_code == 200
