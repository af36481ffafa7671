"""A route into the advice service for every professional: the referral arrives in the advice
queue marked as a professional referral with the consent statement; the professional's link
shows progress only."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from kinship.accounts.models import OrganisationKind, Role
from kinship.advice import services as advice_services
from kinship.advice.models import Enquiry
from kinship.testing.factories import make_organisation, make_staff

from ..models import ProfessionalReferral

pytestmark = pytest.mark.django_db


@pytest.fixture
def advice():
    org = make_organisation(OrganisationKind.NATIONAL_ADVICE, name="Test Advice Line")
    return make_staff(Role.ADVISER, org)


def _data(**extra):
    return {
        "professional_name": "Mr Iain Teacher",
        "professional_role": "Guidance teacher",
        "professional_organisation": "Test Academy",
        "kind": "school",
        "work_email": "iain.teacher@school.example",
        "carer_name": "Grace Referredcarer",
        "council": "S12000049",
        "contact_method": "phone",
        "phone": "0141 496 0999",
        "what_is_happening": "Gran is caring for two grandchildren and money is tight.",
        "agreed": "on",
        "agreed_how": "in_person",
        "consent_statement": "Grace asked me to pass her number to the advice line.",
        **extra,
    }


def test_a_teacher_refers_and_the_adviser_sees_it_marked_with_consent(client, advice):
    response = client.post(reverse("mentors:refer"), _data())
    assert response.status_code == 200
    body = response.content.decode()
    reference = re.search(r'id="reference">([^<]+)<', body).group(1)
    enquiry = Enquiry.objects.get(reference=reference)
    assert enquiry.contact_method == "phone" and enquiry.phone == "0141 496 0999"
    assert enquiry.what_is_happening.startswith("PROFESSIONAL REFERRAL from Mr Iain Teacher")
    assert enquiry.first_contact == "professional"
    assert enquiry.referrer_role == "Guidance teacher"
    assert "Grace asked me to pass her number" in enquiry.what_is_happening
    assert enquiry.professional_referral.kind == "school"
    assert "iain.teacher@school.example" in mail.outbox[-1].to
    link = re.search(r'id="progress-link" href="([^"]+)"', body).group(1)
    page = client.get(link).content.decode()
    assert reference in page and "waiting for an adviser" in page
    for private in ("Grace", "money is tight", "0141 496 0999"):
        assert private not in page
    # The adviser claims it: the professional sees that it is in hand, nothing more.
    advice_services.claim(enquiry.pk, advice)
    assert "An adviser is dealing with it" in client.get(link).content.decode()


def test_progress_link_guessed_or_malformed_is_404(client, advice):
    for token in ("x", "a" * 70, "%00"):
        assert client.get(f"/mentors/professionals/referral/{token}/").status_code == 404


@pytest.mark.parametrize(
    "bad",
    [
        {"agreed": ""},
        {"consent_statement": ""},
        {"work_email": "not-email"},
        {"contact_method": "email", "email": ""},
        {"contact_method": "phone", "phone": ""},
        {"kind": "spy"},
        {"what_is_happening": "x" * 9000},
        {"carer_name": "<script>alert(1)</script>", "agreed": ""},
    ],
)
def test_bad_input_is_refused_keeping_what_was_typed(client, advice, bad):
    response = client.post(reverse("mentors:refer"), _data(**bad))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Mr Iain Teacher" in body and "<script>alert(1)" not in body
    assert not ProfessionalReferral.objects.exists()


def test_empty_post_is_refused(client, advice):
    assert client.post(reverse("mentors:refer"), {}).status_code == 400
    assert client.get(reverse("mentors:refer")).status_code == 200
