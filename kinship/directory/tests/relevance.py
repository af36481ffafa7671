"""A small Scotland for the relevance test set and the Portree browser test."""

from types import SimpleNamespace

from kinship.accounts.models import OrganisationKind
from kinship.directory import search
from kinship.directory.demo import term_ids_for, term_index
from kinship.directory.models import Service, ServiceArea
from kinship.directory.services import NewService, bulk_create_services, directory_organization_for
from kinship.places.models import Council, PostcodeDistrict
from kinship.testing.factories import make_organisation

HIGHLAND, SIAR, ARGYLL, MORAY = "S12000017", "S12000013", "S12000035", "S12000020"
GLASGOW, EDINBURGH, ABERDEEN = "S12000049", "S12000036", "S12000033"
TEAM_PLACE = {
    HIGHLAND: "IV1",
    SIAR: "HS1",
    ARGYLL: "PA34",
    MORAY: "IV30",
    GLASGOW: "G1",
    EDINBURGH: "EH1",
    ABERDEEN: "AB10",
}
ADVICE = "Kinship Care Advice Service (relevance test)"

# (name, owner: "team"/"charity", council, areas, district, term codes, ages, arrangements)
LOCAL = [
    (
        "Portree grandparents group",
        "charity",
        HIGHLAND,
        [HIGHLAND],
        "IV51",
        ["carer-support-groups"],
        (None, None),
        None,
    ),
    (
        "Skye and Lochalsh benefits advice",
        "charity",
        HIGHLAND,
        [HIGHLAND],
        "IV51",
        ["benefits-money-advice"],
        (None, None),
        ("informal", "kinship_care_order", "other_or_not_sure"),
    ),
    (
        "Highland teen mentoring",
        "charity",
        HIGHLAND,
        [HIGHLAND],
        "PH33",
        ["mentoring", "help-at-school"],
        (11, 18),
        None,
    ),
    (
        "Highland council short breaks",
        "team",
        HIGHLAND,
        [HIGHLAND],
        "IV1",
        ["short-breaks"],
        (None, None),
        None,
    ),
    # A charity on Lewis whose area covers Highland too: it serves Highland families.
    (
        "Stornoway family support",
        "charity",
        SIAR,
        [SIAR, HIGHLAND],
        "HS1",
        ["carer-support-groups", "family-mediation"],
        (None, None),
        None,
    ),
    # Another council's own team's service: its areas wrongly include Highland, and it must
    # still never be shown to a Highland family.
    (
        "Western Isles council youth club",
        "team",
        SIAR,
        [SIAR, HIGHLAND],
        "HS5",
        ["young-people-groups"],
        (None, None),
        None,
    ),
    (
        "Elgin carers group",
        "charity",
        MORAY,
        [MORAY],
        "IV30",
        ["carer-support-groups"],
        (None, None),
        None,
    ),
    (
        "Moray council benefits service",
        "team",
        MORAY,
        [MORAY],
        "IV30",
        ["benefits-money-advice"],
        (None, None),
        None,
    ),
    ("Oban counselling", "charity", ARGYLL, [ARGYLL], "PA34", ["counselling"], (None, None), None),
    (
        "Glasgow benefits clinic",
        "charity",
        GLASGOW,
        [GLASGOW],
        "G1",
        ["benefits-money-advice"],
        (0, 18),
        ("informal",),
    ),
    (
        "Glasgow grandparents group",
        "charity",
        GLASGOW,
        [GLASGOW],
        "G1",
        ["carer-support-groups"],
        (None, None),
        None,
    ),
    (
        "Edinburgh counselling for children",
        "charity",
        EDINBURGH,
        [EDINBURGH],
        "EH1",
        ["child-therapy"],
        (5, 16),
        None,
    ),
    # Declares no service area: found where it is based.
    (
        "Leith kinship drop-in",
        "charity",
        EDINBURGH,
        [],
        "EH6",
        ["carer-support-groups"],
        (None, None),
        None,
    ),
    ("Aberdeen aftercare", "charity", ABERDEEN, [ABERDEEN], "AB10", ["aftercare"], (16, 26), None),
]
NATIONAL = [
    (ADVICE, ["helpline", "rights-advice", "benefits-money-advice"], (None, None)),
    ("National online carers group", ["carer-support-groups"], (None, None)),
    ("National money helpline", ["benefits-money-advice", "debt-advice"], (None, None)),
    ("Young people's advocacy line", ["advocacy-children"], (8, 26)),
]
TEAM_TERMS = ["kinship-allowance", "rights-advice", "essentials"]


def team_name(code):
    return f"{Council.objects.get(code=code).name} kinship team"


def build_scotland() -> SimpleNamespace:
    """Seven councils, their teams, charities (one whose area crosses a council line, one
    run by another council's team, one with no area) and national services."""
    terms = term_index()
    districts = {
        d.district: d
        for d in PostcodeDistrict.objects.filter(
            district__in=list(TEAM_PLACE.values()) + ["IV51", "PH33", "EH6", "HS5"]
        )
    }
    teams = {
        c: directory_organization_for(make_organisation(OrganisationKind.COUNCIL_KINSHIP_TEAM, c))
        for c in TEAM_PLACE
    }
    charities = {
        c: directory_organization_for(make_organisation(OrganisationKind.THIRD_SECTOR, c))
        for c in TEAM_PLACE
    }
    national = directory_organization_for(
        make_organisation(OrganisationKind.NATIONAL_ADVICE, GLASGOW, name="National advice (test)")
    )

    def at(district):
        d = districts[district]
        return {
            "latitude": d.latitude,
            "longitude": d.longitude,
            "postcode": d.district,
            "town": d.place,
        }

    items = [
        NewService(
            organization_id=teams[c].pk,
            name=team_name(c),
            description="The council's own kinship team.",
            term_ids=term_ids_for(TEAM_TERMS, terms),
            council_codes=[c],
            is_local_offer=True,
            is_specialist_kinship_team=True,
            **at(place),
        )
        for c, place in TEAM_PLACE.items()
    ]
    for name, owner, council, areas, place, codes, (low, high), arrangements in LOCAL:
        extra = {"arrangements": arrangements} if arrangements else {}
        items.append(
            NewService(
                organization_id=(teams if owner == "team" else charities)[council].pk,
                name=name,
                description=f"{name}: a test service.",
                term_ids=term_ids_for(codes, terms),
                council_codes=areas or [council],
                minimum_age=low,
                maximum_age=high,
                **at(place),
                **extra,
            )
        )
    for name, codes, (low, high) in NATIONAL:
        items.append(
            NewService(
                organization_id=national.pk,
                name=name,
                description=f"{name}: national.",
                term_ids=term_ids_for(codes, terms),
                is_national=True,
                minimum_age=low,
                maximum_age=high,
                is_specialist_kinship_team=name == ADVICE,
            )
        )
    bulk_create_services(items, refresh=False)
    ServiceArea.objects.filter(service__name="Leith kinship drop-in").delete()
    search.refresh_index()
    own_services = {  # services only their own council's families may use
        s.name: s.organization.account_organisation.home_council_id
        for s in Service.objects.select_related("organization__account_organisation")
        if s.organization.account_organisation.kind == OrganisationKind.COUNCIL_KINSHIP_TEAM
    }
    return SimpleNamespace(own_services=own_services)
