"""Demo directory: every council's local kinship offer, an uneven spread of fictional local
services (so the provision-gaps page shows real variation) and national services, including
the national advice service. Everything here is fictional demonstration data except the
council areas and the national advice line's published number (DOMAIN.md §5)."""

from collections import defaultdict
from datetime import timedelta

from django.utils import timezone

from kinship.places.models import Council, PostcodeDistrict
from kinship.places.selectors import nearest_councils

from .models import Arrangement, KindOfSupport, TaxonomyTerm
from .services import (
    NewService,
    bulk_create_services,
    directory_organization_for,
    publish_local_offer,
)

DEMO_LABEL = "Demonstration data: this service is fictional."
NATIONAL_ADVICE_LINE = "08000 28 22 33"  # kinship.scot, see DOMAIN.md §5

# (name, finer term codes, description) for services a local charity or team might run.
LOCAL_TEMPLATES = [
    ("Kinship carers' coffee morning", ["carer-support-groups"],
     "A friendly weekly group where grandparents and other kinship carers meet, share "
     "experiences and get support from people who understand."),
    ("Benefits and money check", ["benefits-money-advice", "kinship-allowance"],
     "One-to-one help to check every benefit and allowance your family can get, and to "
     "fill in the forms."),
    ("Family counselling service", ["counselling", "child-therapy"],
     "Free counselling for kinship carers and the children they look after, in person or "
     "by video call."),
    ("Young people's group", ["young-people-groups", "mentoring"],
     "Activities and a safe space for children and young people growing up in kinship care."),
    ("Short breaks for kinship families", ["short-breaks", "family-activities"],
     "Short breaks and days out so carers can rest and children can have fun."),
    ("Help at school project", ["help-at-school"],
     "Support with school, homework and additional support needs for children in kinship care."),
    ("Trauma-informed care course", ["trauma-training", "parenting-courses"],
     "A six-week course on trauma, attachment and children's behaviour for kinship carers."),
    ("Family mediation", ["family-mediation", "keeping-in-touch"],
     "Help for families to agree contact with parents, brothers and sisters safely."),
    ("Legal advice clinic", ["legal-advice-orders", "rights-advice"],
     "Free advice about kinship care orders, residence and guardianship."),
    ("Starter packs and essentials", ["essentials", "grants-funds"],
     "Beds, clothes and essentials when a child comes to live with you at short notice."),
    ("Aftercare and moving on", ["aftercare", "continuing-care"],
     "Support for care-experienced young people from 16 to 26, and their carers."),
    ("Housing advice surgery", ["housing-advice"],
     "Advice when a family has grown overnight and the home is now too small."),
    ("Debt and energy advice", ["debt-advice", "energy-costs"],
     "Help with debts, arrears and fuel bills."),
    ("Life story work", ["life-story-work", "advocacy-children"],
     "Helping children understand their history, and making sure their views are heard."),
    ("Moving to a kinship care order", ["order-transition", "legal-advice-orders"],
     "Support for families when a child stops being looked after and an order is made."),
]

NATIONAL_SERVICES = [
    ("Kinship Care Advice Service for Scotland (demo entry)",
     ["helpline", "rights-advice", "benefits-money-advice", "legal-advice-orders"],
     "The national first-stop advice service for kinship families: call free on "
     f"{NATIONAL_ADVICE_LINE}, seven days a week, or send an online message. Anonymous "
     "contact is welcome. (Phone number as published at kinship.scot; this entry's other "
     "details are demonstration data.)", True),
    ("National kinship carers' online peer group", ["carer-support-groups"],
     "An online group for kinship carers anywhere in Scotland, meeting every week.", False),
    ("Online trauma training for kinship carers", ["trauma-training"],
     "Self-paced online learning about trauma and attachment.", False),
    ("Young people's advocacy line", ["advocacy-children", "children-hearings"],
     "Independent advocacy for children and young people in kinship care.", False),
]

ALL_ARRANGEMENTS = tuple(a.value for a in Arrangement)


def term_index() -> dict[str, TaxonomyTerm]:
    return {t.code: t for t in TaxonomyTerm.objects.all()}


def term_ids_for(codes, terms: dict[str, TaxonomyTerm]) -> list:
    chosen = [terms[c] for c in codes if c in terms]
    return list({t.pk for t in chosen} | {t.parent_id for t in chosen if t.parent_id})


def districts_by_council() -> dict[str, list[PostcodeDistrict]]:
    grouped = defaultdict(list)
    for d in PostcodeDistrict.objects.all():
        grouped[d.council_id].append(d)
    return grouped


def random_arrangements(rng) -> tuple[str, ...]:
    if rng.random() < 0.6:
        return ALL_ARRANGEMENTS
    return tuple(a for a in ALL_ARRANGEMENTS if rng.random() < 0.6) or ALL_ARRANGEMENTS


def fictional_local_service(rng, *, organization_id, council: Council, district, terms,
                            neighbours: list[str], today, label: str = DEMO_LABEL) -> NewService:
    name, codes, description = rng.choice(LOCAL_TEMPLATES)
    min_age, max_age = rng.choice([(None, None), (0, 18), (5, 16), (11, 18), (16, 26)])
    covers = [council.code] + [c for c in neighbours[1:3] if rng.random() < 0.25]
    return NewService(
        organization_id=organization_id,
        name=f"{name} – {council.name}",
        description=f"{description} {label}",
        term_ids=term_ids_for(codes, terms),
        council_codes=covers,
        latitude=district.latitude if district else None,
        longitude=district.longitude if district else None,
        postcode=district.district if district else "",
        town=district.place if district else "",
        minimum_age=min_age, maximum_age=max_age,
        arrangements=random_arrangements(rng),
        is_specialist_kinship_team=rng.random() < 0.1,
        # A fifth have not been checked for over six months, so the flag shows.
        last_checked=today - timedelta(days=rng.choice([5, 40, 90, 150, 200, 400])),
        url=f"https://{council.slug}.kinshiphub.example/services",
        phone=f"0{rng.randint(1000, 1999)} {rng.randint(100000, 999999)}",
    )


def generate(ctx) -> None:
    orgs = ctx.shared["organisations"]
    terms = term_index()
    all_kind_terms = [terms[k.value].pk for k in KindOfSupport if k.value in terms]
    today = timezone.localdate()
    districts = districts_by_council()
    councils = list(Council.objects.order_by("name"))
    items: list[NewService] = []
    # Uneven by design: some councils are well served, some thinly.
    weight = {c.code: ctx.rng.choice([0.5, 0.8, 1.0, 1.3, 1.6]) for c in councils}
    # What each council's own team offers: most kinds, not all (the gaps page shows where).
    offered = {c.code: [k.value for k in KindOfSupport if ctx.rng.random() < 0.7]
               for c in councils}
    for council in ctx.progress(councils, "Directory services", len(councils)):
        team = orgs[f"council:{council.code}"]
        team_org = directory_organization_for(team)
        charity_keys = (f"charity:{council.code}", f"charity:{council.code}:")
        charity_orgs = [directory_organization_for(o) for k, o in orgs.items()
                        if k == charity_keys[0] or k.startswith(charity_keys[1])]
        place = (districts.get(council.code) or [None])[0]
        items.append(NewService(
            organization_id=team_org.pk,
            name=f"{council.name} Council kinship care team",
            description=(f"The council's kinship care team: assessments, kinship care "
                         f"allowances and the local offer for families in {council.name}. "
                         f"{DEMO_LABEL}"),
            term_ids=[terms[k].pk for k in offered[council.code]] or all_kind_terms[:1],
            council_codes=[council.code], is_local_offer=True,
            is_specialist_kinship_team=True,
            latitude=place.latitude if place else None,
            longitude=place.longitude if place else None,
            postcode=place.district if place else "", town=place.place if place else "",
            last_checked=today - timedelta(days=ctx.rng.choice([3, 30, 60])),
            email=team.email, phone=team.phone,
        ))
        neighbours = nearest_councils(council.code, 60)
        count = ctx.count(ctx.rng.randint(4, 14) * weight[council.code] / 1.1)
        owners = [team_org, *charity_orgs]
        for _ in range(count):
            owner = ctx.rng.choice(owners)
            district = ctx.rng.choice(districts[council.code]) if districts.get(council.code) \
                else None
            items.append(fictional_local_service(
                ctx.rng, organization_id=owner.pk, council=council, district=district,
                terms=terms, neighbours=neighbours, today=today,
            ))
    national_org = directory_organization_for(orgs["national"])
    for name, codes, description, is_advice in NATIONAL_SERVICES:
        items.append(NewService(
            organization_id=national_org.pk, name=name,
            description=description if is_advice else f"{description} {DEMO_LABEL}",
            term_ids=term_ids_for(codes, terms), is_national=True,
            is_specialist_kinship_team=is_advice,
            phone=NATIONAL_ADVICE_LINE if is_advice else "",
            last_checked=today - timedelta(days=10),
            url="https://kinship.scot/" if is_advice else "",
        ))
    bulk_create_services(items)
    for council in ctx.progress(councils, "Local offers", len(councils)):
        publish_local_offer(
            council=council, team=orgs[f"council:{council.code}"],
            introduction=(f"What {council.name} Council offers kinship families. "
                          f"{DEMO_LABEL.replace('service', 'offer')}"),
            by_kind={k.value: f"Ask the kinship care team about {k.label.lower()}."
                     for k in KindOfSupport if k.value in offered[council.code]},
            change_note="First published (demonstration).",
        )
    ctx.shared["directory_services"] = len(items)
