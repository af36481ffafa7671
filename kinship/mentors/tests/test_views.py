"""The pages: public asking, the scheme's pages, a match, short breaks; every form with
empty, oversized, malformed and hostile input answers 400 with what was typed, never 500."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kinship.accounts.models import Role
from kinship.families.models import ConsentMethod
from kinship.testing.factories import make_staff

from ..models import Match, Mentor, MentorRequest, RequestState, ShortBreakOffer
from .factories import GLASGOW, HIGHLAND, make_scheme, matched, public_ask

pytestmark = pytest.mark.django_db
HOSTILE = "<script>alert(1)</script>' OR 1=1 --"


@pytest.fixture
def scheme():
    return make_scheme()


def _ask_data(**extra):
    return {
        "council": GLASGOW,
        "carer_name": "Ailsa Formcarer",
        "preferred_channel": "phone",
        "phone": "0141 496 0000",
        "email": "",
        "agree": "on",
        "source": "checker",
        "wants": ["phone"],
        **extra,
    }


def test_public_pages_answer_and_set_no_cookie(client, scheme):
    for name in ("mentors:index", "mentors:short_breaks", "mentors:professionals"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert not response.cookies, name
    assert client.get(reverse("mentors:short_breaks"), {"council": "x" * 500}).status_code == 200


def test_carer_asks_from_the_checker(client, scheme):
    page = client.get(reverse("mentors:ask") + "?from=checker")
    assert 'value="checker"' in page.content.decode()
    response = client.post(reverse("mentors:ask"), _ask_data())
    assert response.status_code == 200
    assert scheme.org.name in response.content.decode()
    req = MentorRequest.objects.get(carer_name="Ailsa Formcarer")
    assert req.source == "checker" and req.scheme == scheme.org


@pytest.mark.parametrize(
    "bad",
    [
        {},
        {"council": "", "carer_name": "", "agree": ""},
        {"carer_name": "x" * 5000},
        {"council": "not-a-council"},
        {"preferred_channel": "pigeon"},
        {"preferred_channel": "email", "email": "not-an-email"},
        {"preferred_channel": "phone", "phone": ""},
        {"wants": ["rockets"]},
        {"source": "hacker"},
        {"agree": ""},
    ],
)
def test_public_ask_refuses_bad_input_keeping_what_was_typed(client, scheme, bad):
    data = _ask_data(**bad) if bad else {}
    response = client.post(reverse("mentors:ask"), data)
    assert response.status_code == 400
    if data.get("carer_name") and len(data["carer_name"]) < 200:
        assert data["carer_name"] in response.content.decode()
    assert not MentorRequest.objects.filter(carer_name="Ailsa Formcarer").exists()


def test_hostile_text_is_escaped(client, scheme):
    client.post(reverse("mentors:ask"), _ask_data(carer_name=HOSTILE, about=HOSTILE))
    client.force_login(scheme.coordinator)
    req = MentorRequest.objects.get(carer_name=HOSTILE)
    body = client.get(reverse("mentors_staff:request", args=[req.pk])).content.decode()
    assert "<script>alert(1)" not in body


def test_no_scheme_in_the_area(client, scheme):
    response = client.post(reverse("mentors:ask"), _ask_data(council=HIGHLAND))
    assert response.status_code == 200 and 'id="no-scheme"' in response.content.decode()
    assert not MentorRequest.objects.filter(council=HIGHLAND).exists()


def test_coordinator_registers_matches_reviews_and_ends(client, scheme):
    client.force_login(scheme.coordinator)
    new_mentor = make_staff(Role.MENTOR, scheme.org)
    today = timezone.localdate()
    form = {
        "user": new_mentor.pk,
        "councils": [GLASGOW],
        "offers": ["phone", "short_breaks"],
        "availability": "Weekends",
        "checks_confirmed_on": today.isoformat(),
        "checks_renew_by": (today + timedelta(days=700)).isoformat(),
        "is_active": "on",
    }
    assert client.get(reverse("mentors_staff:scheme")).status_code == 200
    assert client.get(reverse("mentors_staff:mentor_new")).status_code == 200
    response = client.post(reverse("mentors_staff:mentor_new"), form)
    assert response.status_code == 302
    mentor = Mentor.objects.get(user=new_mentor)
    edit = {**form, "availability": "Weekdays"}
    del edit["user"]
    assert client.post(reverse("mentors_staff:mentor", args=[mentor.pk]), edit).status_code == 302
    bad = {**edit, "checks_renew_by": "yesterday", "availability": "x" * 400}
    response = client.post(reverse("mentors_staff:mentor", args=[mentor.pk]), bad)
    assert response.status_code == 400
    req = public_ask()
    assert client.get(reverse("mentors_staff:request", args=[req.pk])).status_code == 200
    assert (
        client.post(reverse("mentors_staff:request", args=[req.pk]), {"mentor": "abc"}).status_code
        == 400
    )
    response = client.post(
        reverse("mentors_staff:request", args=[req.pk]),
        {"mentor": mentor.pk, "review_due_on": (today + timedelta(days=60)).isoformat()},
    )
    found = Match.objects.get(request=req)
    assert response.status_code == 302 and found.mentor == mentor
    url = reverse("mentors_staff:match", args=[found.pk])
    assert client.get(url).status_code == 200
    assert (
        client.post(
            url, {"form": "contact", "contact-on": "never", "contact-kind": "phone"}
        ).status_code
        == 400
    )
    assert (
        client.post(
            url,
            {
                "form": "contact",
                "contact-on": today.isoformat(),
                "contact-kind": "visit",
                "contact-note": "Met",
            },
        ).status_code
        == 302
    )
    assert (
        client.post(
            url,
            {
                "form": "review",
                "review-version": found.version,
                "review-note": "",
                "review-next_review_on": "",
            },
        ).status_code
        == 400
    )
    response = client.post(
        url,
        {
            "form": "review",
            "review-version": found.version,
            "review-note": "Fine",
            "review-next_review_on": today.isoformat(),
        },
    )
    assert response.status_code == 400 and "Fine" in response.content.decode()
    assert (
        client.post(
            url,
            {
                "form": "review",
                "review-version": found.version,
                "review-note": "Fine",
                "review-next_review_on": (today + timedelta(days=9)).isoformat(),
            },
        ).status_code
        == 302
    )
    found.refresh_from_db()
    assert (
        client.post(
            url,
            {"form": "end", "end-version": found.version, "end-reason": "other", "end-note": ""},
        ).status_code
        == 400
    )
    assert (
        client.post(
            url, {"form": "end", "end-version": found.version, "end-reason": "goals_met"}
        ).status_code
        == 302
    )
    found.refresh_from_db()
    assert found.end_reason == "goals_met"


def test_closing_a_request_from_the_page(client, scheme):
    client.force_login(scheme.coordinator)
    req = public_ask()
    url = reverse("mentors_staff:request_close", args=[req.pk])
    assert client.post(url, {"close-note": ""}).status_code == 302
    req.refresh_from_db()
    assert req.state == RequestState.OPEN
    client.post(url, {"close-note": "Moved away"})
    req.refresh_from_db()
    assert req.state == RequestState.CLOSED


def test_mentor_logs_contact_but_cannot_review_or_end(client, scheme):
    found = matched(scheme)
    client.force_login(scheme.mentor_user)
    url = reverse("mentors_staff:match", args=[found.pk])
    body = client.get(url).content.decode()
    assert "Log contact" in body and "End the match" not in body
    today = timezone.localdate().isoformat()
    assert (
        client.post(
            url, {"form": "contact", "contact-on": today, "contact-kind": "phone"}
        ).status_code
        == 302
    )
    client.post(url, {"form": "end", "end-version": found.version, "end-reason": "goals_met"})
    found.refresh_from_db()
    assert found.ended_at is None


def test_worker_asks_for_a_mentor_for_a_family(client, scheme):
    client.force_login(scheme.adviser)
    url = reverse("mentors_staff:ask")
    assert client.get(url + f"?household={scheme.household.pk}").status_code == 200
    assert client.post(url, {"household": "x"}).status_code == 400
    response = client.post(url, {"household": scheme.household.pk, "about": "Alone"})
    assert response.status_code == 400 and "Alone" in response.content.decode()
    response = client.post(
        url,
        {
            "household": scheme.household.pk,
            "about": "Alone",
            "consent_method": ConsentMethod.VERBAL_PHONE,
        },
    )
    assert response.status_code == 302
    assert MentorRequest.objects.filter(household=scheme.household, source="worker").exists()


def test_short_breaks_published_requested_and_withdrawn(client, scheme):
    client.force_login(scheme.coordinator)
    url = reverse("mentors_staff:short_breaks")
    assert client.get(url).status_code == 200
    data = {
        "service": str(scheme.service.pk),
        "title": "Farm day",
        "who_for": "Kin families",
        "where": "Mugdock",
        "when": "Saturdays",
        "min_age": 4,
        "max_age": 11,
        "councils": [GLASGOW],
    }
    assert client.post(url, {**data, "min_age": "four"}).status_code == 400
    assert (
        client.post(url, {**data, "service": "00000000-0000-0000-0000-000000000000"}).status_code
        == 400
    )
    assert client.post(url, data).status_code == 302
    offer = ShortBreakOffer.objects.get(title="Farm day")
    assert "Farm day" in client.get(reverse("mentors:short_breaks")).content.decode()
    client.force_login(scheme.adviser)
    assert (
        "Farm day" in client.get(reverse("mentors_staff:short_breaks_for_workers")).content.decode()
    )
    req_url = reverse("mentors_staff:short_break_request", args=[offer.pk])
    page = client.get(req_url)
    assert page.status_code == 200
    key = page.context["form"].initial["idempotency_key"]
    response = client.post(
        req_url, {"household": scheme.household.pk, "reason": "Respite", "idempotency_key": key}
    )
    assert response.status_code == 400 and "Respite" in response.content.decode()
    response = client.post(
        req_url,
        {
            "household": scheme.household.pk,
            "reason": "Respite",
            "idempotency_key": key,
            "consent_method": ConsentMethod.VERBAL_PHONE,
        },
    )
    assert response.status_code == 302 and "/staff/referrals/" in response["Location"]
    client.force_login(scheme.coordinator)
    assert client.post(reverse("mentors_staff:offer_withdraw", args=[offer.pk])).status_code == 302
    assert "Farm day" not in client.get(reverse("mentors:short_breaks")).content.decode()


def test_entry_points_link_to_asking_for_a_mentor(client, scheme):
    assert "/mentors/ask/?from=ask" in client.get(reverse("advice:ask")).content.decode()
    client.force_login(scheme.adviser)
    body = client.get(reverse("families_staff:detail", args=[scheme.household.pk])).content.decode()
    assert f"/staff/mentors/ask/?household={scheme.household.pk}" in body
