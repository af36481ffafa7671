"""Platform staff keep the plan: every change versioned with who and why."""

import pytest

from kinship.accounts.models import OrganisationKind, Role
from kinship.core.models import AppendOnlyError
from kinship.delivery.models import Commitment, Indicator, IndicatorReading, PlanChange, Status
from kinship.testing.factories import make_organisation, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def sg_analyst():
    return make_staff(Role.ANALYST, make_organisation(OrganisationKind.SCOTTISH_GOVERNMENT))


@pytest.fixture
def staff_client(client, sg_analyst):
    client.force_login(sg_analyst)
    return client


def _c(slug="care-1"):
    return Commitment.objects.get(slug=slug)


def test_who_may_edit_the_plan(client):
    url = f"/staff/delivery/commitment/{_c().pk}/"
    assert client.get(url).status_code == 302  # to sign in
    client.force_login(make_staff(Role.COUNCIL_WORKER))
    assert client.get(url).status_code == 403
    assert client.get("/staff/delivery/").status_code == 403


def test_a_charity_analyst_may_not_edit_the_plan(client):
    client.force_login(make_staff(Role.ANALYST, make_organisation(OrganisationKind.THIRD_SECTOR)))
    assert client.get("/staff/delivery/").status_code == 403


def test_navigation_offers_the_plan_to_platform_staff(staff_client):
    body = staff_client.get("/staff/delivery/").content.decode()
    assert 'href="/staff/delivery/"' in body and "Delivery plan" in body


def test_changing_status_records_who_why_before_and_after(staff_client, sg_analyst):
    c = _c()
    response = staff_client.post(
        f"/staff/delivery/commitment/{c.pk}/",
        {
            "status": Status.ON_TRACK,
            "owner": "SG Kinship Care Unit",
            "reason": "Consultation analysis started",
        },
    )
    assert response.status_code == 302
    c.refresh_from_db()
    assert (c.status, c.owner) == (Status.ON_TRACK, "SG Kinship Care Unit")
    change = PlanChange.objects.get(commitment=c)
    assert change.changed_by == sg_analyst
    assert change.changed_by_name == (
        f"{sg_analyst.get_full_name()} ({sg_analyst.organisation.name})"
    )
    assert change.reason == "Consultation analysis started"
    assert change.before == {"status": "not_started", "owner": ""}
    assert change.after["status"] == "on_track"
    public = staff_client.get("/delivery/commitment/care-1/").content.decode()
    assert "Consultation analysis started" in public and "On track" in public


def test_a_change_needs_a_reason_and_keeps_what_was_typed(staff_client):
    c = _c()
    response = staff_client.post(
        f"/staff/delivery/commitment/{c.pk}/",
        {"status": Status.LATE, "owner": "Typed owner", "reason": ""},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Typed owner" in body and "error-summary" in body
    assert not PlanChange.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"status": "exploded", "owner": "x", "reason": "y"},
        {"status": "late", "owner": "<script>alert(1)</script>", "reason": "y"},
        {"status": "late", "owner": "x" * 201, "reason": "y"},
        {"status": "late", "owner": "x", "reason": "r" * 1001},
        {},
    ],
)
def test_hostile_or_malformed_input_is_a_400(staff_client, data):
    response = staff_client.post(f"/staff/delivery/commitment/{_c().pk}/", data)
    assert response.status_code == 400
    assert not PlanChange.objects.exists()


@pytest.mark.parametrize(
    "path",
    [
        "/staff/delivery/commitment/999999/",
        "/staff/delivery/milestone/999999/",
        "/staff/delivery/responses/999999/",
    ],
)
def test_unknown_records_are_404(staff_client, path):
    assert staff_client.get(path).status_code in (403, 404)


def test_milestones_are_added_and_changed_with_history(staff_client):
    c = _c("kcass-3")
    url = f"/staff/delivery/commitment/{c.pk}/milestones/"
    response = staff_client.post(
        url,
        {
            "m-title": "Shared scripts published",
            "m-due_on": "2026-10-01",
            "m-owner": "KCASS",
            "m-status": "on_track",
            "m-reason": "Board agreed",
        },
    )
    assert response.status_code == 302
    milestone = c.milestones.get()
    response = staff_client.post(
        f"/staff/delivery/milestone/{milestone.pk}/",
        {
            "title": "Shared scripts published",
            "due_on": "2026-12-01",
            "owner": "KCASS",
            "status": "late",
            "reason": "Waiting for sign-off",
        },
    )
    assert response.status_code == 302
    kinds = list(
        PlanChange.objects.filter(milestone=milestone).order_by("id").values_list("kind", "reason")
    )
    assert kinds == [
        ("milestone_added", "Board agreed"),
        ("milestone_changed", "Waiting for sign-off"),
    ]
    last = PlanChange.objects.filter(milestone=milestone).order_by("id").last()
    assert last.before["due_on"] == "2026-10-01" and last.after["due_on"] == "2026-12-01"


def test_a_bad_milestone_date_keeps_the_form(staff_client):
    c = _c()
    response = staff_client.post(
        f"/staff/delivery/commitment/{c.pk}/milestones/",
        {
            "m-title": "Kept title",
            "m-due_on": "31/31/2026",
            "m-owner": "o",
            "m-status": "late",
            "m-reason": "r",
        },
    )
    assert response.status_code == 400
    assert "Kept title" in response.content.decode()


def test_plan_history_cannot_be_changed_or_deleted(staff_client):
    c = _c()
    staff_client.post(
        f"/staff/delivery/commitment/{c.pk}/", {"status": "late", "owner": "", "reason": "why"}
    )
    change = PlanChange.objects.get()
    change.reason = "rewritten"
    with pytest.raises(AppendOnlyError):
        change.save()
    with pytest.raises(AppendOnlyError):
        PlanChange.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        PlanChange.objects.update(reason="x")


def test_an_entered_figure_needs_a_source_and_is_versioned(staff_client):
    # Every indicator defined today is computed; an entered one (the product holds no data
    # for it) is typed in with its source.
    indicator = Indicator.objects.create(
        key="entered-for-test",
        commitment=Indicator.objects.first().commitment,
        name="A figure published elsewhere",
        method=Indicator.Method.ENTERED,
        unit=Indicator.Unit.PERCENT,
    )
    url = f"/staff/delivery/indicator/{indicator.pk}/reading/"
    prefix = f"r{indicator.pk}"
    bad = staff_client.post(
        url,
        {
            f"{prefix}-value": "140",
            f"{prefix}-measured_on": "2026-03-31",
            f"{prefix}-source": "",
            f"{prefix}-reason": "r",
        },
    )
    assert bad.status_code == 400
    ok = staff_client.post(
        url,
        {
            f"{prefix}-value": "62.5",
            f"{prefix}-measured_on": "2026-03-31",
            f"{prefix}-source": "Local authority returns 2025-26",
            f"{prefix}-reason": "Annual return",
        },
    )
    assert ok.status_code == 302
    reading = IndicatorReading.objects.get(indicator=indicator)
    assert str(reading.value) == "62.5" and reading.source == "Local authority returns 2025-26"
    assert PlanChange.objects.filter(kind="reading_entered").count() == 1


def test_computed_indicators_cannot_be_typed_in(staff_client):
    computed = Indicator.objects.get(key="councils-with-local-offer")
    response = staff_client.post(
        f"/staff/delivery/indicator/{computed.pk}/reading/", {"value": "32"}
    )
    assert response.status_code == 404


def test_staff_can_compute_indicators_now(staff_client):
    assert staff_client.post("/staff/delivery/compute/").status_code == 302
    assert IndicatorReading.objects.filter(indicator__method="computed").count() == 6
