"""Demo caseloads (fictional, labelled as demonstration data): the families each council
kinship team holds are shared among its co-ordinators and council workers; some agreed tasks
are marked as needing housing, health or education; a few named contacts, Named Persons and
Lead Professionals; and order changes planned for some looked-after children, so `make run`
shows a populated caseload with missing partners and dates."""

from datetime import timedelta

from django.utils import timezone

from kinship.accounts.models import OrganisationKind, User
from kinship.assessments.models import AgreedAction
from kinship.core.names import person_name
from kinship.families.models import Child, FamilyAccess, LegalArrangement

from .models import ActionNeed, Allocation, PartnerDomain, PlannedOrderChange, TeamContact
from .permissions import CASELOAD_ROLES

DEMO_NOTE = "(demo)"
CONTACT_ROLES = {
    PartnerDomain.EDUCATION: "Guidance teacher",
    PartnerDomain.HEALTH: "Health visitor",
    PartnerDomain.HOUSING: "Housing officer",
}


def generate(ctx) -> None:
    rng = ctx.rng
    now = timezone.now()
    today = timezone.localdate()
    workers: dict[int, list[User]] = {}
    for user in User.objects.filter(
        role__in=CASELOAD_ROLES,
        is_active=True,
        organisation__kind=OrganisationKind.COUNCIL_KINSHIP_TEAM,
    ).order_by("pk"):
        workers.setdefault(user.organisation_id, []).append(user)
    allocations, contacts = [], []
    accesses = FamilyAccess.objects.filter(
        ended_at__isnull=True, organisation_id__in=workers
    ).order_by("pk")
    for i, access in enumerate(ctx.progress(list(accesses), "Caseloads")):
        team = workers[access.organisation_id]
        if i % 7 == 6:
            continue  # some families nobody holds yet, for the team leader's view
        allocations.append(
            Allocation(
                household_id=access.household_id,
                organisation_id=access.organisation_id,
                worker=team[i % len(team)],
                allocated_at=now,
            )
        )
        if i % 3 == 0:
            domain = rng.choice(list(CONTACT_ROLES))
            contacts.append(
                TeamContact(
                    household_id=access.household_id,
                    domain=domain,
                    name=f"{person_name(rng)} {DEMO_NOTE}",
                    role=CONTACT_ROLES[domain],
                    added_at=now,
                )
            )
    Allocation.objects.bulk_create(allocations, ignore_conflicts=True)
    TeamContact.objects.bulk_create(contacts)
    needs = []
    for i, action in enumerate(
        AgreedAction.objects.filter(done_at__isnull=True, referral__isnull=True).order_by("pk")
    ):
        domain = [PartnerDomain.HOUSING, PartnerDomain.HEALTH, PartnerDomain.EDUCATION][i % 3]
        needs.append(ActionNeed(action=action, domain=domain, set_at=now))
    ActionNeed.objects.bulk_create(needs, ignore_conflicts=True)
    held = Child.objects.filter(
        household__accesses__organisation_id__in=workers, household__accesses__ended_at__isnull=True
    ).distinct()
    named = []
    for i, child in enumerate(held.order_by("pk")):
        if i % 2 == 0 and not child.named_person:
            child.named_person = f"{person_name(rng)}, head teacher {DEMO_NOTE}"
            child.lead_professional = f"{person_name(rng)}, social worker {DEMO_NOTE}"
            named.append(child)
    Child.objects.bulk_update(named, ["named_person", "lead_professional"])
    changes = []
    looked_after = held.filter(legal_arrangement=LegalArrangement.LOOKED_AFTER_KINSHIP)
    for i, child in enumerate(looked_after.order_by("pk")[: ctx.count(6)]):
        changes.append(
            PlannedOrderChange(
                child=child,
                new_arrangement=LegalArrangement.KINSHIP_CARE_ORDER,
                stage=PlannedOrderChange.Stage.PENDING
                if i % 2
                else PlannedOrderChange.Stage.PLANNED,
                expected_on=today + timedelta(days=14 + 20 * i),
                recorded_at=now,
            )
        )
    PlannedOrderChange.objects.bulk_create(changes)
    ctx.shared["caseload_allocations"] = len(allocations)
