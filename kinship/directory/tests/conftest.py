"""A small directory around Glasgow: its local offer, local and nearby services, one far away
(Aberdeen) and national services."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from kinship.accounts.models import OrganisationKind
from kinship.directory.demo import term_ids_for, term_index
from kinship.directory.models import KindOfSupport, Service
from kinship.directory.services import NewService, bulk_create_services, directory_organization_for
from kinship.places.models import PostcodeDistrict
from kinship.testing.factories import make_organisation

GLASGOW, EAST_DUNBARTONSHIRE, ABERDEEN = "S12000049", "S12000045", "S12000033"


def _place(code):
    return PostcodeDistrict.objects.filter(council_id=code).order_by("district").first()


@pytest.fixture
def directory(db):
    today = timezone.localdate()
    terms = term_index()
    team = make_organisation(OrganisationKind.COUNCIL_KINSHIP_TEAM, GLASGOW,
                             email="kinship@glasgow.example", phone="0141 000 0000")
    charity = make_organisation(OrganisationKind.THIRD_SECTOR, GLASGOW)
    far_charity = make_organisation(OrganisationKind.THIRD_SECTOR, ABERDEEN)
    national = make_organisation(OrganisationKind.NATIONAL_ADVICE, GLASGOW,
                                 name="Kinship Care Advice Service for Scotland (test)")
    orgs = {k: directory_organization_for(o) for k, o in
            {"team": team, "charity": charity, "far": far_charity, "national": national}.items()}
    g, ed, ab = _place(GLASGOW), _place(EAST_DUNBARTONSHIRE), _place(ABERDEEN)

    def local(key, name, codes, council, place, **kw):
        return NewService(organization_id=orgs[key].pk, name=name,
                          description=kw.pop("description", f"{name}: a test service."),
                          term_ids=term_ids_for(codes, terms), council_codes=[council],
                          latitude=place.latitude, longitude=place.longitude,
                          postcode=place.district, town=place.place,
                          last_checked=kw.pop("last_checked", today), **kw)

    all_kinds = [terms[k.value].pk for k in KindOfSupport]
    items = [
        NewService(organization_id=orgs["team"].pk, name="Glasgow kinship care team",
                   description="The council's own kinship team.", term_ids=all_kinds,
                   council_codes=[GLASGOW], is_local_offer=True, latitude=g.latitude,
                   longitude=g.longitude, postcode=g.district, last_checked=today,
                   phone="0141 000 0000"),
        local("charity", "Grandparents coffee group", ["carer-support-groups"], GLASGOW, g,
              description="Grandparents and other kinship carers meet every Tuesday."),
        local("charity", "Benefits clinic", ["benefits-money-advice"], GLASGOW, g,
              minimum_age=0, maximum_age=18, arrangements=("informal",),
              last_checked=today - timedelta(days=400)),
        local("charity", "Young carers group nearby", ["young-people-groups"],
              EAST_DUNBARTONSHIRE, ed),
        local("far", "Aberdeen carers group", ["carer-support-groups"], ABERDEEN, ab),
        NewService(organization_id=orgs["national"].pk, name="National advice line",
                   description="The national advice service: call free.",
                   term_ids=term_ids_for(["helpline", "rights-advice"], terms),
                   is_national=True, phone="08000 28 22 33", last_checked=today,
                   is_specialist_kinship_team=True),
        NewService(organization_id=orgs["national"].pk, name="Online carers group",
                   description="A national online group for kinship carers.",
                   term_ids=term_ids_for(["carer-support-groups"], terms), is_national=True,
                   last_checked=today),
    ]
    bulk_create_services(items, refresh=True)
    services = {s.name: s for s in Service.objects.all()}
    return SimpleNamespace(services=services, orgs=orgs, team=team, charity=charity,
                           far_charity=far_charity, national=national, glasgow_district=g)


@pytest.fixture
def scotland(db):
    """Seven councils for the relevance test set (see relevance.py)."""
    from .relevance import build_scotland

    return build_scotland()


@pytest.fixture(autouse=True)
def fresh_directory_cache(monkeypatch):
    """Each test starts with nothing kept, and every request checks the generation (a test's
    rollback changes it under the process's feet)."""
    from kinship.directory import cache

    cache.clear()
    monkeypatch.setattr(cache, "CHECK_SECONDS", 0.0)
    yield
    cache.clear()
