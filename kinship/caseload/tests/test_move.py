"""Which council is responsible, on the family page, and "the family has moved": the move is
recorded through the families service, responsibility is worked out again, and the family is
referred to the new council's kinship team only with their agreement; the worker keeps the
family until the new council accepts. Bad input is answered 400/404, keeping what was typed."""

import uuid
from datetime import date, timedelta

import pytest
from django.urls import reverse

from kinship.audit.models import AuditEvent
from kinship.caseload import selectors, services
from kinship.caseload.models import Allocation, HandOver
from kinship.families.models import Child, LegalArrangement
from kinship.referrals.models import Referral
from kinship.referrals.services import transition
from kinship.referrals.tests.helpers import service_for

from .helpers import make_case

pytestmark = pytest.mark.django_db

GLASGOW, EDINBURGH, ABERDEEN = "S12000049", "S12000036", "S12000033"


def _moved(client, case, **data):
    fields = {
        "council": EDINBURGH,
        "moved_on": date.today().isoformat(),
        "consent_method": "verbal_phone",
        "idempotency_key": uuid.uuid4().hex,
    }
    fields.update(data)
    return client.post(
        reverse("caseload_staff:moved", args=[case.household.pk]),
        {f"move-{k}": v for k, v in fields.items()},
    )


def _row(case):
    return selectors.family_row(case.coordinator, case.household.pk)


def test_family_page_shows_the_responsible_council_with_reasons_and_rules(client):
    case = make_case()
    child = case.household.children.first()
    Child.objects.filter(pk=child.pk).update(
        legal_arrangement=LegalArrangement.LOOKED_AFTER_KINSHIP
    )
    services.set_placing_council(child.pk, actor=case.coordinator, council_code=EDINBURGH)
    client.force_login(case.coordinator)
    response = client.get(reverse("caseload_staff:family", args=[case.household.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="responsible-council"' in html
    assert "council_looking_after_keeps_case" in html
    assert "child_in_need_where_child_lives" in html
    assert "legislation.gov.uk/ssi/2009/210/regulation/46" in html
    # Placed by Edinburgh, living in Glasgow: warned.
    assert "kh-council-warning" in html and "keeps the case and the allowance" in html
    answers = selectors.responsibility_for(_row(case)).children
    got = {a.kind: a for a in next(c for c in answers if c.child.pk == child.pk).answers}
    assert got["case"].councils == ["City of Edinburgh"]
    assert got["local_support"].councils == ["Glasgow City"]


def test_unverified_answers_are_marked(client):
    case = make_case()
    Child.objects.filter(household=case.household).update(
        legal_arrangement=LegalArrangement.KINSHIP_CARE_ORDER
    )
    client.force_login(case.coordinator)
    html = client.get(reverse("caseload_staff:family", args=[case.household.pk])).content.decode()
    assert 'data-verified="no"' in html
    assert "Not verified against the source text." in html
    assert "socialworkscotland.org/guidance/kinship-care-protocol" in html


def test_move_refers_to_the_new_councils_team_and_keeps_the_worker(client):
    case = make_case()
    edinburgh = case.world.other_council
    service_for(edinburgh, "Edinburgh kinship support")
    allocation = Allocation.objects.get(household=case.household, ended_at__isnull=True)
    client.force_login(case.coordinator)
    response = _moved(client, case)
    assert response.status_code == 302
    case.household.refresh_from_db()
    assert case.household.council_id == EDINBURGH
    hand_over = HandOver.objects.get(household=case.household)
    assert hand_over.outcome == HandOver.Outcome.REFERRED
    assert hand_over.from_council_id == GLASGOW and hand_over.to_council_id == EDINBURGH
    referral = hand_over.referral
    assert referral.to_organisation == edinburgh
    assert "moved from Glasgow City to City of Edinburgh" in referral.reason
    # The worker keeps the family until the new council accepts.
    allocation.refresh_from_db()
    assert allocation.ended_at is None
    row = _row(case)
    assert row.hand_over == hand_over and not row.handed_over
    assert AuditEvent.objects.filter(
        purpose="caseload: family moved, responsibility worked out again"
    ).exists()
    assert AuditEvent.objects.filter(purpose="family moved to another council").exists()
    transition(referral.pk, "accept", case.world.other_council_worker, referral.version)
    assert _row(case).handed_over
    listing = client.get(reverse("caseload_staff:caseload")).content.decode()
    assert "Handed over to the new council" in listing


def test_no_consent_no_referral(client):
    case = make_case()
    service_for(case.world.other_council, "Edinburgh kinship support")
    client.force_login(case.coordinator)
    response = _moved(client, case, consent_method="")
    assert response.status_code == 302
    hand_over = HandOver.objects.get(household=case.household)
    assert hand_over.outcome == HandOver.Outcome.NO_CONSENT and hand_over.referral is None
    assert not Referral.objects.filter(to_organisation=case.world.other_council).exists()
    page = client.get(response.url).content.decode()
    assert "has not agreed to share" in page


def test_no_team_in_the_new_council(client):
    case = make_case()
    client.force_login(case.coordinator)
    assert _moved(client, case, council=ABERDEEN).status_code == 302
    assert HandOver.objects.get(household=case.household).outcome == HandOver.Outcome.NO_TEAM


def test_same_idempotency_key_makes_one_referral():
    case = make_case()
    service_for(case.world.other_council, "Edinburgh kinship support")
    key = uuid.uuid4().hex
    services.record_move(
        case.household.pk,
        actor=case.coordinator,
        council_code=EDINBURGH,
        moved_on=date.today(),
        idempotency_key=key,
        consent_method="verbal_phone",
    )
    with pytest.raises(services.CaseloadError):  # already lives there now
        services.record_move(
            case.household.pk,
            actor=case.coordinator,
            council_code=EDINBURGH,
            moved_on=date.today(),
            idempotency_key=key,
        )
    assert Referral.objects.filter(to_organisation=case.world.other_council).count() == 1


@pytest.mark.parametrize(
    "data, text",
    [
        ({"council": ""}, "Choose the council the family has moved to"),
        ({"council": "S99999999"}, "Choose a council from the list"),
        ({"council": "<script>alert(1)</script>"}, "Choose a council from the list"),
        ({"council": GLASGOW}, "already lives in that council"),
        ({"moved_on": ""}, "Give the date the family moved"),
        ({"moved_on": "not a date"}, "Enter a date like"),
        (
            {"moved_on": (date.today() + timedelta(days=3)).isoformat()},
            "cannot be in the future",
        ),
        ({"consent_method": "<b>yes</b>"}, "Select a valid choice"),
    ],
)
def test_bad_move_input_is_400_and_keeps_what_was_typed(client, data, text):
    case = make_case()
    client.force_login(case.coordinator)
    response = _moved(client, case, **data)
    html = response.content.decode()
    assert response.status_code == 400
    assert text in html
    assert "<script>alert(1)</script>" not in html and "<b>yes</b>" not in html
    if data.get("moved_on") not in (None, ""):
        assert f'value="{data["moved_on"]}"' in html
    case.household.refresh_from_db()
    assert case.household.council_id == GLASGOW
    assert not HandOver.objects.exists()


def test_another_organisations_family_is_404(client):
    case = make_case()
    client.force_login(case.world.other_council_worker)
    response = _moved(client, case)
    assert response.status_code == 404
    response = client.post(reverse("caseload_staff:moved", args=["not-a-number"]), {})
    assert response.status_code == 404
    case.household.refresh_from_db()
    assert case.household.council_id == GLASGOW


def test_placing_council_form(client):
    case = make_case()
    child = case.household.children.first()
    client.force_login(case.coordinator)
    url = reverse("caseload_staff:placing_council", args=[case.household.pk, child.pk])
    response = client.post(url, {f"placing{child.pk}-council": "S99999999"})
    assert response.status_code == 400
    assert client.post(url, {f"placing{child.pk}-council": EDINBURGH}).status_code == 302
    child.refresh_from_db()
    assert child.placing_council_id == EDINBURGH
    other = case.household.children.exclude(pk=child.pk).first()
    bad = reverse("caseload_staff:placing_council", args=[case.household.pk, 999999])
    assert client.post(bad, {"placing999999-council": EDINBURGH}).status_code == 404
    assert other.placing_council_id is None
