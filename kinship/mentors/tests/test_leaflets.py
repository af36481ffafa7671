"""Outreach leaflets and posters that stay true: the Highland leaflet carries Highland's
kinship team contact and the advice line (read back from the PDF's text), and changes when the
team's phone changes."""

import io

import pytest
from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader

from kinship.accounts.models import OrganisationKind
from kinship.directory.demo import term_ids_for, term_index
from kinship.directory.models import Phone
from kinship.directory.services import (
    NewService,
    bulk_create_services,
    directory_organization_for,
    publish_local_offer,
)
from kinship.places import reference as places_reference
from kinship.places.models import Council
from kinship.testing.factories import make_organisation

from .. import leaflets

pytestmark = pytest.mark.django_db

HIGHLAND = "S12000017"
TEAM_PHONE = "01463 000 111"
ADVICE_PHONE = "08000 28 22 33"


@pytest.fixture
def highland():
    places_reference.ensure_loaded()
    council = Council.objects.get(code=HIGHLAND)
    terms = term_index()
    team = make_organisation(
        OrganisationKind.COUNCIL_KINSHIP_TEAM,
        HIGHLAND,
        name="Highland Council kinship team",
        email="kinship@highland.example",
    )
    national = make_organisation(
        OrganisationKind.NATIONAL_ADVICE, name="Kinship Care Advice Service for Scotland (test)"
    )
    team_dir, national_dir = directory_organization_for(team), directory_organization_for(national)
    bulk_create_services(
        [
            NewService(
                organization_id=team_dir.pk,
                name="Highland kinship care team",
                description="The council's own kinship team.",
                term_ids=term_ids_for(["rights-advice"], terms),
                council_codes=[HIGHLAND],
                is_local_offer=True,
                phone=TEAM_PHONE,
            ),
            NewService(
                organization_id=national_dir.pk,
                name="National kinship care advice line",
                description="Free advice.",
                term_ids=term_ids_for(["helpline"], terms),
                is_national=True,
                phone=ADVICE_PHONE,
                is_specialist_kinship_team=True,
            ),
        ],
        refresh=True,
    )
    publish_local_offer(
        council=council,
        introduction="Highland supports kinship families across the region.",
        by_kind={"income_max": "Allowances paid monthly."},
        team=team,
    )
    return council


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(page.extract_text() for page in reader.pages)


def squash(text: str) -> str:
    return " ".join(text.split())


def test_highland_leaflet_has_team_contact_and_advice_line_and_follows_the_phone(client, highland):
    url = reverse("mentors:leaflet_pdf", args=["highland", "leaflet", "A4", "en"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = squash(text_of(response.content))
    assert TEAM_PHONE in text
    assert "kinship@highland.example" in text
    assert ADVICE_PHONE in text
    assert "Highland" in text
    assert "Income maximisation and financial support" in text  # what the offer covers
    assert len(response.content) < 150_000, len(response.content)
    first_etag = response["ETag"]

    Phone.objects.filter(number=TEAM_PHONE).update(number="01463 999 222")
    response = client.get(url)
    text = squash(text_of(response.content))
    assert "01463 999 222" in text
    assert TEAM_PHONE not in text
    assert response["ETag"] != first_etag


def test_drawn_once_per_version_of_the_data(highland, monkeypatch):
    calls = []
    real = leaflets.draw

    def counting(*args):
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(leaflets, "draw", counting)
    first, key = leaflets.leaflet_pdf(highland, "poster", "A5", "en")
    again, same = leaflets.leaflet_pdf(highland, "poster", "A5", "en")
    assert (first, key) == (again, same) and len(calls) == 1
    Phone.objects.filter(number=TEAM_PHONE).update(number="01463 555 666")
    _, changed = leaflets.leaflet_pdf(highland, "poster", "A5", "en")
    assert changed != key and len(calls) == 2


@pytest.mark.parametrize("kind", leaflets.KINDS)
@pytest.mark.parametrize("size", leaflets.SIZES)
def test_every_format_draws_with_the_contacts(highland, kind, size):
    for language in leaflets.LANGUAGES:
        pdf, _ = leaflets.leaflet_pdf(highland, kind, size, language)
        text = squash(text_of(pdf))
        assert TEAM_PHONE in text and ADVICE_PHONE in text
        assert len(pdf) < 150_000
        if kind == "poster":
            assert len(PdfReader(io.BytesIO(pdf)).pages) == 1


def test_gaidhlig_leaflet_is_translated_and_says_it_is_a_draft(highland):
    pdf, _ = leaflets.leaflet_pdf(highland, "leaflet", "A4", "gd")
    text = squash(text_of(pdf))
    assert "This translation is a draft, awaiting review." in text
    assert "Kinship care in Highland" not in text  # the heading is in Gàidhlig
    assert "/gd/" in leaflets.leaflet_html(leaflets.leaflet_data(highland), "leaflet", "A4", "gd")
    with override_settings(
        TRANSLATION_REVIEWS={"gd": {"reviewer": "A. Reviewer", "date": "2027-01-01"}}
    ):
        signed, _ = leaflets.leaflet_pdf(highland, "leaflet", "A4", "gd")
    assert "awaiting review" not in squash(text_of(signed))


def test_qr_code_is_an_inline_svg_to_the_councils_page(highland):
    html = leaflets.leaflet_html(leaflets.leaflet_data(highland), "leaflet", "A4", "en")
    assert "<svg" in html
    assert "/support/council/highland/" in html


def test_pages_list_the_leaflets_and_refuse_what_does_not_exist(client, highland):
    page = client.get(reverse("mentors:leaflets"))
    assert page.status_code == 200
    assert reverse("mentors:council_leaflets", args=["highland"]) in page.content.decode()
    page = client.get(reverse("mentors:council_leaflets", args=["highland"]))
    body = page.content.decode()
    assert page.status_code == 200 and TEAM_PHONE in body and 'tabindex="0"' in body
    assert reverse("mentors:leaflet_pdf", args=["highland", "poster", "A5", "gd"]) in body
    assert "Set-Cookie" not in page.headers
    assert (
        reverse("mentors:leaflets") in client.get(reverse("mentors:professionals")).content.decode()
    )
    for bad in (
        reverse("mentors:council_leaflets", args=["nowhere"]),
        reverse("mentors:leaflet_pdf", args=["nowhere", "leaflet", "A4", "en"]),
        reverse("mentors:leaflet_pdf", args=["highland", "flyer", "A4", "en"]),
        reverse("mentors:leaflet_pdf", args=["highland", "leaflet", "A3", "en"]),
        reverse("mentors:leaflet_pdf", args=["highland", "leaflet", "A4", "fr"]),
        "/mentors/professionals/leaflets/highland/leaflet-A4.pdf",
    ):
        assert client.get(bad).status_code == 404, bad
    assert (
        client.post(
            reverse("mentors:leaflet_pdf", args=["highland", "leaflet", "A4", "en"])
        ).status_code
        == 405
    )


def test_a_council_without_data_still_gets_a_leaflet_with_the_advice_line(client):
    places_reference.ensure_loaded()
    response = client.get(
        reverse("mentors:leaflet_pdf", args=["orkney-islands", "leaflet", "A5", "en"])
    )
    assert response.status_code == 200
    text = squash(text_of(response.content))
    assert "not listed its kinship team" in text
