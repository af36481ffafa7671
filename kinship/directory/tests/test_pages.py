"""Service, organisation, local offer and provision-gap pages."""

import csv
import io

import pytest

from kinship.core.models import AppendOnlyError
from kinship.directory.models import LocalOfferVersion
from kinship.directory.selectors import provision_gaps
from kinship.directory.services import publish_local_offer
from kinship.places.selectors import get_council

from .conftest import ABERDEEN, GLASGOW

pytestmark = pytest.mark.django_db


def test_service_page(client, directory):
    service = directory.services["National advice line"]
    response = client.get(f"/support/service/{service.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "08000 28 22 33" in html and "Last checked" in html
    assert not response.cookies


UNKNOWN_UUID = "6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f"  # fixed: xdist workers must collect alike


@pytest.mark.parametrize("bad", ["not-a-uuid", "../../etc", UNKNOWN_UUID, "1' OR '1"])
def test_unknown_or_malformed_ids_are_404(client, directory, bad):
    assert client.get(f"/support/service/{bad}/").status_code == 404
    assert client.get(f"/support/organisation/{bad}/").status_code == 404


def test_organisation_page_lists_its_services(client, directory):
    org = directory.orgs["charity"]
    html = client.get(f"/support/organisation/{org.pk}/").content.decode()
    assert "Grandparents coffee group" in html and "Benefits clinic" in html


def test_local_offer_page_shows_versions_and_kinds(client, directory):
    glasgow = get_council(GLASGOW)
    publish_local_offer(council=glasgow, team=directory.team, introduction="Our offer v1",
                        by_kind={"income_max": "Allowances for every kinship carer"},
                        change_note="First")
    publish_local_offer(council=glasgow, introduction="Our offer v2", by_kind={},
                        change_note="Second")
    response = client.get(f"/support/council/{glasgow.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Our offer v2" in html and "First" in html and "Second" in html
    assert "Income maximisation and financial support" in html
    assert f"/allowances/council/{glasgow.slug}/" in html
    assert "0141 000 0000" in html  # the kinship team's contact
    assert client.get("/support/council/atlantis/").status_code == 404


def test_local_offer_versions_are_append_only(directory):
    version = publish_local_offer(council=get_council(GLASGOW), introduction="x", by_kind={})
    version.introduction = "changed"
    with pytest.raises(AppendOnlyError):
        version.save()
    with pytest.raises(AppendOnlyError):
        LocalOfferVersion.objects.all().update(introduction="y")
    with pytest.raises(AppendOnlyError):
        LocalOfferVersion.objects.all().delete()


def test_gaps_count_local_and_national(directory):
    rows = {r.council.code: r for r in provision_gaps()}
    glasgow, aberdeen = rows[GLASGOW], rows[ABERDEEN]
    # Glasgow: local offer (all kinds) + coffee group; national: online group.
    assert glasgow.counts["peer_community"] == (2, 1)
    assert glasgow.counts["info_advice"] == (1, 1)
    # Aberdeen: just its carers group locally.
    assert aberdeen.counts["peer_community"] == (1, 1)
    assert aberdeen.counts["income_max"] == (0, 0)
    assert len(rows) == 32


def test_gaps_page_and_csv(client, directory):
    response = client.get("/support/gaps/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Gap" in html and "Aberdeen City" in html
    assert not response.cookies
    response = client.get("/support/gaps.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 32 * 7
    aberdeen_income = next(r for r in rows if r["council_code"] == ABERDEEN
                           and r["kind_of_support"] == "income_max")
    assert aberdeen_income["gap"] == "yes" and aberdeen_income["total"] == "0"
