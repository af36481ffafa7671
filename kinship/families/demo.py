"""Demo families: entirely fictional households, carers and children, held by the national
advice service or a council kinship team, some shared with consent. Names come from
kinship.core.names (random combinations), phone numbers from Ofcom's drama ranges."""

from datetime import date, timedelta

from django.utils import timezone

from kinship.core.names import person_name
from kinship.places.models import Council

from .models import (
    Carer,
    Child,
    Consent,
    ConsentMethod,
    ConsentScope,
    ContactChannel,
    FamilyAccess,
    Household,
    LegalArrangement,
    Relationship,
)

# Rough shares for demo purposes only (fictional; not statistics).
ARRANGEMENT_WEIGHTS = {
    LegalArrangement.INFORMAL: 30, LegalArrangement.LOOKED_AFTER_KINSHIP: 30,
    LegalArrangement.KINSHIP_CARE_ORDER: 25, LegalArrangement.OTHER_S11_ORDER: 5,
    LegalArrangement.PERMANENCE_ORDER: 3, LegalArrangement.NOT_SURE: 7,
}
RELATIONSHIP_WEIGHTS = {
    Relationship.GRANDPARENT: 60, Relationship.AUNT_UNCLE: 20, Relationship.SIBLING: 7,
    Relationship.OTHER_RELATIVE: 5, Relationship.FAMILY_FRIEND: 8,
}


def _pick(rng, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _drama_mobile(rng) -> str:
    # 07700 900000–900999 is Ofcom's range reserved for drama: never a real number.
    return f"07700 900{rng.randint(0, 999):03d}"


def generate(ctx) -> None:
    rng = ctx.rng
    orgs = ctx.shared["organisations"]
    users = ctx.shared["users"]
    councils = list(Council.objects.order_by("code"))
    today = timezone.localdate()
    now = timezone.now()
    n = ctx.count(40)
    plans = []
    for i in ctx.progress(range(n), "Families", n):
        # Glasgow first, so the demo council worker has families to see.
        glasgow = next(c for c in councils if c.code == "S12000049")
        council = glasgow if i % 4 == 0 else rng.choice(councils)
        arrangement = _pick(rng, ARRANGEMENT_WEIGHTS)
        holder_key = "national" if i % 2 == 0 else f"council:{council.code}"
        plans.append((Household(council=council, arrangement=arrangement), holder_key))
    households = Household.objects.bulk_create([h for h, _k in plans], batch_size=1000)

    carers, children, accesses, consents = [], [], [], []
    for household, (_h, holder_key) in zip(households, plans, strict=True):
        surname = person_name(rng).split(" ")[1]
        main_first = person_name(rng).split(" ")[0]
        channel = rng.choice(ContactChannel.values)
        main = Carer(
            household=household, full_name=f"{main_first} {surname}",
            relationship=_pick(rng, RELATIONSHIP_WEIGHTS),
            date_of_birth=date(rng.randint(1950, 1985), rng.randint(1, 12), rng.randint(1, 28)),
            phone=_drama_mobile(rng),
            email=f"{main_first.lower()}.{surname.lower()}@example.com",
            preferred_channel=channel, safe_to_leave_message=rng.random() < 0.8,
            safe_to_send_letter=rng.random() < 0.7, is_main_contact=True,
        )
        carers.append(main)
        if rng.random() < 0.4:
            carers.append(Carer(household=household, full_name=person_name(rng),
                                relationship=main.relationship, is_main_contact=False))
        for _c in range(rng.choice([1, 1, 1, 2, 2, 3])):
            dob = today - timedelta(days=rng.randint(200, 17 * 365))
            looked_after = household.arrangement == LegalArrangement.LOOKED_AFTER_KINSHIP or \
                rng.random() < 0.2
            start = dob + timedelta(days=rng.randint(30, max(31, (today - dob).days - 1)))
            children.append(Child(
                household=household,
                full_name=f"{person_name(rng, child=True).split(' ')[0]} {surname}",
                date_of_birth=dob, legal_arrangement=household.arrangement,
                arrangement_started_on=start, was_looked_after=looked_after,
                looked_after_from=start if looked_after else None,
                care_experienced_self_identified=rng.choice([None, True, False]),
                school=f"{household.council.name} Academy (demo)" if dob.year < today.year - 5
                else "",
                named_person="Guidance teacher (demo)" if rng.random() < 0.5 else "",
                lead_professional="Social worker (demo)" if looked_after else "",
            ))
        holder = orgs[holder_key]
        accesses.append(FamilyAccess(household=household, organisation=holder,
                                     reason="Demonstration data"))
        given_at = now - timedelta(days=rng.randint(1, 400))
        consents.append(Consent(household=household, given_by_name=main.full_name,
                                scope=ConsentScope.RECORD_KEEPING, given_at=given_at,
                                method=rng.choice(ConsentMethod.values)))
        if holder_key == "national" and rng.random() < 0.5:
            # The family agreed the advice service may share with their council's team.
            consents.append(Consent(
                household=household, given_by_name=main.full_name,
                scope=ConsentScope.SHARE_WITH_ORGANISATION,
                organisation=orgs[f"council:{household.council_id}"],
                given_at=given_at, method=ConsentMethod.VERBAL_PHONE,
                recorded_by=users["adviser"],
                withdrawn_at=now if rng.random() < 0.1 else None,
            ))
        consents.append(Consent(household=household, given_by_name=main.full_name,
                                scope=ConsentScope.CONTACT_BY_CHANNEL, channel=channel,
                                given_at=given_at, method=ConsentMethod.VERBAL_PHONE))
    Carer.objects.bulk_create(carers, batch_size=1000)
    Child.objects.bulk_create(children, batch_size=1000)
    FamilyAccess.objects.bulk_create(accesses, batch_size=1000)
    Consent.objects.bulk_create(consents, batch_size=1000)
    ctx.shared["households"] = households
