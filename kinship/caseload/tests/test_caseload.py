"""The caseload: partners engaged / asked / missing, Named Person and Lead Professional, the
next date; acting from it (refer, contacts, order changes); who may see it; every view
audited; hostile input answered 400/404."""

import uuid
from datetime import date, timedelta

import pytest
from django.urls import reverse

from kinship.accounts.models import Role
from kinship.audit.models import AuditAction, AuditEvent
from kinship.caseload import selectors, services
from kinship.caseload.dates import attains_age
from kinship.caseload.models import Allocation, PlannedOrderChange, TeamContact
from kinship.families.models import Child, LegalArrangement
from kinship.referrals.services import transition
from kinship.testing.factories import make_staff

from .helpers import make_case

pytestmark = pytest.mark.django_db


def _row(case, **filters):
    rows = selectors.caseload(case.coordinator, selectors.Filters(**filters))
    return next(r for r in rows if r.household.pk == case.household.pk)


def _state(row, domain):
    return next(p for p in row.partners if p.domain == domain).state


def test_missing_then_asked_then_engaged():
    case = make_case()
    row = _row(case)
    assert _state(row, "housing") == selectors.MISSING
    assert _state(row, "social_work") == selectors.ENGAGED  # the council team holds the record
    assert row.missing == 1
    services.refer_for_action(
        case.action.pk,
        actor=case.coordinator,
        service_id=str(case.housing_service.pk),
        idempotency_key=uuid.uuid4().hex,
        consent_method="verbal_phone",
    )
    row = _row(case)
    housing = next(p for p in row.partners if p.domain == "housing")
    assert housing.state == selectors.ASKED and housing.asked_days == 0
    assert any(d.key == "referral_deadline" for d in row.dates)
    case.action.refresh_from_db()
    referral = case.action.referral
    transition(referral.pk, "accept", case.housing_worker, referral.version)
    assert _state(_row(case), "housing") == selectors.ENGAGED


def test_named_contact_engages_a_partner():
    case = make_case()
    services.add_team_contact(
        case.household.pk,
        actor=case.coordinator,
        domain="education",
        name="Ms Brown",
        role="Guidance teacher",
    )
    row = _row(case)
    assert _state(row, "education") == selectors.ENGAGED
    assert (
        "Ms Brown, Guidance teacher" in next(p for p in row.partners if p.domain == "education").who
    )


def test_child_turning_16_within_30_days_has_the_prompt():
    today = date.today()
    born = today.replace(year=today.year - 16) + timedelta(days=20)
    case = make_case(children=(("Callum Testchild", born),))
    Child.objects.filter(household=case.household).update(
        legal_arrangement=LegalArrangement.LOOKED_AFTER_KINSHIP,
        named_person="Mrs Head",
        lead_professional="Mr Social",
    )
    row = _row(case)
    sixteen = [d for d in row.dates if d.key == "sixteen_looked_after"]
    assert sixteen and sixteen[0].on == attains_age(born, 16)
    assert "continuing_care" in sixteen[0].rule.rule_ids
    assert row.soon >= 1
    assert row.next is not None and row.next.on >= today
    assert [c.child.named_person for c in row.children] == ["Mrs Head"]


def test_page_shows_the_family_and_audits(client):
    case = make_case()
    client.force_login(case.coordinator)
    response = client.get(reverse("caseload_staff:caseload"))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-partner="housing" data-state="missing"' in body
    assert "Callum Testchild" in body
    assert AuditEvent.objects.filter(
        object_type="caseload.caseload", actor_id=case.coordinator.pk
    ).exists()
    response = client.get(reverse("caseload_staff:family", args=[case.household.pk]))
    assert response.status_code == 200
    assert "sixteen" in response.content.decode() or "Dates" in response.content.decode()
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_type="families.household", object_id=str(case.household.pk)
    ).exists()


def test_refer_from_the_page(client):
    case = make_case()
    client.force_login(case.coordinator)
    url = reverse("caseload_staff:refer_action", args=[case.action.pk])
    response = client.post(
        url,
        {
            f"refer{case.action.pk}-service": str(case.housing_service.pk),
            f"refer{case.action.pk}-consent_method": "verbal_phone",
            f"refer{case.action.pk}-idempotency_key": uuid.uuid4().hex,
        },
    )
    assert response.status_code == 302
    assert _state(_row(case), "housing") == selectors.ASKED


def test_filters_and_sort():
    case = make_case()
    assert _row(case, show="missing")
    assert not [
        r
        for r in selectors.caseload(case.coordinator, selectors.Filters(show="overdue"))
        if r.household.pk == case.household.pk
    ]
    # Nobody else holds it: not unallocated, and on "all".
    assert not selectors.caseload(case.coordinator, selectors.Filters(holder="unallocated"))
    assert _row(case, holder="all")


def test_only_own_families_and_holder():
    case = make_case()
    colleague = make_staff(Role.KINSHIP_COORDINATOR, case.world.council)
    assert selectors.caseload(colleague, selectors.Filters()) == []
    assert len(selectors.caseload(colleague, selectors.Filters(holder="all"))) == 1
    outsider = make_staff(Role.KINSHIP_COORDINATOR, case.world.other_council)
    assert selectors.caseload(outsider, selectors.Filters(holder="all")) == []
    with pytest.raises(services.CaseloadError):
        services.take_on(case.household.pk, actor=outsider)
    with pytest.raises(services.CaseloadError):
        services.take_on(case.household.pk, actor=case.coordinator, worker=colleague)


def test_team_leader_counts_and_allocates(client):
    case = make_case()
    counts, unallocated = selectors.worker_counts(case.world.council_admin)
    assert [(c.worker.pk, c.families) for c in counts] == [(case.coordinator.pk, 1)]
    assert unallocated == 0
    colleague = make_staff(Role.COUNCIL_WORKER, case.world.council)
    services.take_on(case.household.pk, actor=case.world.council_admin, worker=colleague)
    assert (
        Allocation.objects.get(household=case.household, ended_at__isnull=True).worker == colleague
    )
    client.force_login(case.world.council_admin)
    assert client.get(reverse("caseload_staff:team")).status_code == 200
    response = client.get(reverse("caseload_staff:caseload"), {"worker": colleague.pk})
    assert f"family-{case.household.pk}" in response.content.decode()


def test_roles_without_a_caseload_are_refused(client):
    case = make_case()
    client.force_login(case.world.adviser)
    assert client.get(reverse("caseload_staff:caseload")).status_code == 403


@pytest.mark.parametrize("pk", ["abc", "999999", "-1", "1" * 300, "<script>"])
def test_bad_family_ids_are_404(client, pk):
    case = make_case()
    client.force_login(case.coordinator)
    assert client.get(f"/staff/caseload/family/{pk}/").status_code == 404


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"contact-domain": "housing", "contact-name": ""},
        {"contact-domain": "nonsense", "contact-name": "A"},
        {"contact-domain": "housing", "contact-name": "x" * 500},
        {"contact-domain": "housing", "contact-name": "<script>alert(1)</script>"},
    ],
)
def test_contact_form_hostile_input(client, data):
    case = make_case()
    client.force_login(case.coordinator)
    response = client.post(reverse("caseload_staff:add_contact", args=[case.household.pk]), data)
    assert response.status_code == 400
    assert not TeamContact.objects.exists()


def test_contact_half_filled_comes_back_filled(client):
    case = make_case()
    client.force_login(case.coordinator)
    response = client.post(
        reverse("caseload_staff:add_contact", args=[case.household.pk]),
        {"contact-domain": "health", "contact-role": "Health visitor"},
    )
    assert response.status_code == 400
    assert 'value="Health visitor"' in response.content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"service": "not-a-uuid", "idempotency_key": "k"},
        {"service": str(uuid.uuid4()), "idempotency_key": "k"},
    ],
)
def test_refer_hostile_input(client, data):
    case = make_case()
    client.force_login(case.coordinator)
    data = {f"refer{case.action.pk}-{k}": v for k, v in data.items()}
    response = client.post(reverse("caseload_staff:refer_action", args=[case.action.pk]), data)
    assert response.status_code == 400


def test_plan_order_change_makes_a_cliff_edge_date(client):
    case = make_case()
    child = case.household.children.first()
    Child.objects.filter(pk=child.pk).update(
        legal_arrangement=LegalArrangement.LOOKED_AFTER_KINSHIP
    )
    client.force_login(case.coordinator)
    url = reverse("caseload_staff:plan_change", args=[case.household.pk, child.pk])
    assert (
        client.post(
            url,
            {
                f"change{child.pk}-new_arrangement": "kinship_care_order",
                f"change{child.pk}-stage": "pending",
                f"change{child.pk}-expected_on": "not a date",
            },
        ).status_code
        == 400
    )
    on = date.today() + timedelta(days=40)
    response = client.post(
        url,
        {
            f"change{child.pk}-new_arrangement": "kinship_care_order",
            f"change{child.pk}-stage": "pending",
            f"change{child.pk}-expected_on": on.isoformat(),
        },
    )
    assert response.status_code == 302
    assert PlannedOrderChange.objects.count() == 1
    assert any(d.key == "order_cliff_edge" and d.on == on for d in _row(case).dates)
    other_child = make_case(case.world).household.children.first()
    wrong = reverse("caseload_staff:plan_change", args=[case.household.pk, other_child.pk])
    assert client.post(wrong, {}).status_code == 404


def test_set_need_of_another_organisations_action_is_404(client):
    case = make_case()
    outsider = make_staff(Role.KINSHIP_COORDINATOR, case.world.other_council)
    client.force_login(outsider)
    response = client.post(
        reverse("caseload_staff:set_need", args=[case.action.pk]), {"need-domain": "health"}
    )
    assert response.status_code == 404


def test_summary_page(client):
    case = make_case()
    client.force_login(case.coordinator)
    response = client.get(reverse("caseload_staff:summary"), {"show": "missing"})
    assert response.status_code == 200
    assert "Callum Testchild" in response.content.decode()
