"""The benefits estimate: household figures, the background task, the progress page, the cache,
and one real run of PolicyEngine UK (slow)."""

import re
from datetime import date

import pytest
from django.core.cache import cache

from kinship.entitlements import estimate, services
from kinship.entitlements.facts import Arrangement, Carer, Child, Facts, Household
from kinship.testing.tasks import run_queued_tasks

from .checker import AMY_JOURNEY, answer

pytestmark = pytest.mark.django_db


def _facts(*children, carer_age=None):
    return Facts(as_of=date(2026, 6, 1), household=Household(
        children=children, carers=(Carer(relationship="grandparent", age=carer_age),)))


def test_household_figures_and_assumptions():
    household = estimate.household_for(
        _facts(Child(age=9), Child(arrangement=Arrangement.LOOKED_AFTER_KINSHIP, age=4), Child()),
        date(2026, 6, 1),
    )
    assert household.year == 2026
    assert household.carer_age == estimate.ASSUMED_CARER_AGE
    assert household.child_ages == (9, estimate.ASSUMED_CHILD_AGE)
    text = " ".join(household.assumptions)
    assert "council looks after is left out" in text and "unknown age" in text
    assert "Amy" not in str(household.situation())  # no names go to the model or the queue


def test_the_tax_year_starts_on_6_april():
    assert estimate.fiscal_year(date(2026, 4, 5)) == 2025
    assert estimate.fiscal_year(date(2026, 4, 6)) == 2026


def test_the_cache_key_depends_only_on_the_household_figures():
    one = estimate.household_for(_facts(Child(age=9), carer_age=60), date(2026, 6, 1))
    same = estimate.household_for(_facts(Child(age=9, name="Amy"), carer_age=60),
                                  date(2026, 6, 1))
    other = estimate.household_for(_facts(Child(age=10), carer_age=60), date(2026, 6, 1))
    assert one.cache_key() == same.cache_key() != other.cache_key()


def _fake_compute(household):
    lines = tuple(estimate.Line(v, label, "520.00", "10.00")
                  for v, label in estimate.VARIABLES.items())
    return estimate.Estimate(household.year, lines, household.assumptions, "test")


@pytest.mark.tasks
# The worker closes its connection between tasks: on PostgreSQL only committed data survives.
@pytest.mark.django_db(transaction=True)
def test_estimate_runs_in_the_background_with_a_progress_page(client, monkeypatch):
    monkeypatch.setattr("kinship.entitlements.tasks.compute", _fake_compute)
    cache.clear()
    answer(client, AMY_JOURNEY)
    response = client.post("/check/estimate/")
    # The carer's age decides Universal Credit or Pension Credit: asked, not assumed.
    assert response["Location"] == "/check/carer-age/?return=estimate"
    response = client.post(response["Location"], {"age": "62"}, follow=True)
    assert response.redirect_chain[-1][0].startswith("/check/estimate/")
    progress_url = response.redirect_chain[-1][0]
    assert re.fullmatch(r"/check/estimate/[0-9a-f]{32}/", progress_url)
    body = client.get(progress_url).content.decode()
    assert 'data-estimate-pending="3"' in body and "http-equiv" not in body
    assert "Working it out" in body

    run_queued_tasks()

    body = client.get(progress_url).content.decode()
    assert "data-estimate-pending" not in body
    for label in estimate.VARIABLES.values():
        assert label in body
    assert "£10.00" in body and "£520.00" in body
    assert "No one in the household earns" in body
    assert "Guardian" in body  # what the model lacks, from our own rules
    # Asking again uses the cached result: nothing new is queued.
    assert client.post("/check/estimate/")["Location"] == progress_url
    assert "Working it out" not in client.get(progress_url).content.decode()


@pytest.mark.tasks
# The worker closes its connection between tasks: on PostgreSQL only committed data survives.
@pytest.mark.django_db(transaction=True)
def test_a_failed_estimate_says_so_and_can_be_retried(client, monkeypatch):
    def broken(household):
        raise RuntimeError("model unavailable")

    monkeypatch.setattr("kinship.entitlements.tasks.compute", broken)
    cache.clear()
    answer(client, AMY_JOURNEY)
    client.post("/check/carer-age/?return=estimate", {"age": ""})  # "rather not say" is kept
    progress_url = client.post("/check/estimate/")["Location"]
    assert progress_url.startswith("/check/estimate/")
    run_queued_tasks()
    response = client.get(progress_url)
    assert response.status_code == 200
    assert "could not work out the estimate" in response.content.decode()


@pytest.mark.parametrize("key", ["0" * 32, "not-a-key", "../../etc", "a" * 500])
def test_unknown_estimates_are_not_found(client, key):
    assert client.get(f"/check/estimate/{key}/").status_code == 404


def test_estimate_needs_answers(client):
    response = client.post("/check/estimate/")
    assert response.status_code == 302 and response["Location"] == "/check/"


@pytest.mark.slow
@pytest.mark.tasks
# The worker closes its connection between tasks: on PostgreSQL only committed data survives.
@pytest.mark.django_db(transaction=True)
def test_a_real_estimate_with_policyengine(client):
    """End to end: the queued task runs the real model for Amy's household."""
    cache.clear()
    answer(client, AMY_JOURNEY)
    client.post("/check/carer-age/", {"age": "58"})
    progress_url = client.post("/check/estimate/")["Location"]
    run_queued_tasks()
    state, result = services.estimate_state(progress_url.rstrip("/").rsplit("/", 1)[1])
    assert state == services.DONE
    yearly = {line.variable: float(line.yearly) for line in result.lines}
    assert yearly["child_benefit"] > 0  # one child, a grandparent with no earnings
    assert yearly["scottish_child_payment"] > 0
    assert yearly["universal_credit"] > 0
    assert "Child Benefit" in client.get(progress_url).content.decode()
