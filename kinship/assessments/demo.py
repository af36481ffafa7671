"""Demo assessments (entirely fictional, labelled as demonstration data) in several councils
and at every stage: requests waiting (some overdue), one closed without an assessment,
assessments being done, written records issued, reviewed, and reviews overdue. One council
(Fife) delegates its assessments to its local charity, to show routing to a partner.

`bulk_assessments` makes many rows quickly, without PDFs, for the benchmark."""

from datetime import date, timedelta

from django.utils import timezone

from kinship.accounts.models import Organisation
from kinship.core.names import person_name
from kinship.families import access_codes
from kinship.families import services as family_services
from kinship.families.models import Carer, Child, FamilyAccess, Household, LegalArrangement
from kinship.places.models import Council
from kinship.referrals.holidays import add_working_days

from . import pdf, selectors, services
from .models import (
    AgreedAction,
    Assessment,
    AssessmentDelegation,
    AssessmentRequest,
    AssessmentState,
    RecordVersion,
    Requester,
    RequestState,
    WellbeingEntry,
)
from .wellbeing import Indicator, KindOfSupport, TriangleSide

DEMO_NOTE = "Demonstration data: fictional."
COUNCILS = ["S12000049", "S12000017", "S12000036", "S12000047"]  # Glasgow, Highland, ...
DELEGATING_COUNCIL = "S12000047"  # Fife (demo only: no council has told us it delegates)
STAGES = ["new", "new_overdue", "declined", "in_progress", "issued", "reviewed", "review_overdue"]
WORDS = [
    "I like living with my gran, she makes good dinners.",
    "I miss my mum sometimes.",
    "School is OK but maths is hard.",
    "I want to go to football club.",
]


def _request(rng, *, council, organisation, delegated, created, household=None):
    return AssessmentRequest.objects.create(
        reference=access_codes.new_reference(services.REFERENCE_PREFIX),
        secret_hash=services.secret_hash(f"DEMO-{rng.random()}"),
        requester=rng.choice([Requester.CARER, Requester.CARER, Requester.YOUNG_PERSON]),
        council=council,
        organisation=organisation,
        delegated=delegated,
        contact_name=person_name(rng),
        phone=f"07700 900{rng.randint(0, 999):03d}",
        safe_to_leave_message=True,
        children_summary="Two children (demo)",
        what_is_happening=f"We would like help for the whole family. {DEMO_NOTE}",
        household=household,
        created_at=created,
        due_at=add_working_days(timezone.localtime(created), services.FIRST_CONTACT_WORKING_DAYS),
    )


def _household(rng, council, organisation) -> Household:
    today = timezone.localdate()
    surname = person_name(rng).split(" ")[-1]
    return family_services.create_household(
        family_services.NewHousehold(
            council_id=council.code,
            carers=[
                family_services.CarerDetails(full_name=f"{person_name(rng).split()[0]} {surname}")
            ],
            children=[
                family_services.ChildDetails(
                    full_name=f"{person_name(rng).split()[0]} {surname}",
                    date_of_birth=today - timedelta(days=365 * age + rng.randint(0, 300)),
                    legal_arrangement=LegalArrangement.KINSHIP_CARE_ORDER,
                )
                for age in (5, 11)
            ],
            arrangement=LegalArrangement.KINSHIP_CARE_ORDER,
        ),
        actor=None,
        organisation=organisation,
        reason=f"assessment (demo). {DEMO_NOTE}",
        audit=False,
    )


def _fill(rng, assessment: Assessment) -> None:
    entries = list(assessment.entries.all())
    for e in entries:
        e.rating = rng.randint(2, 4)
        e.strengths = "Warm relationship with the carer (demo)."
        e.needs = "Help with sleep and routines (demo)." if e.rating < 4 else ""
    WellbeingEntry.objects.bulk_update(entries, ["rating", "strengths", "needs"])
    for part in assessment.child_parts.all():
        part.answers = {"safe": rng.choice(WORDS), "wish": rng.choice(WORDS)}
        part.declined = ["achieving"] if rng.random() < 0.3 else []
        part.carer_view = "Doing better since the order; worries about contact (demo)."
        part.practitioner_view = "Settled; needs support with school (demo)."
        part.save()
    assessment.carer_needs = {"money": "Behind on rent (demo)", "respite": "No break in a year"}
    assessment.save(update_fields=["carer_needs"])
    AgreedAction.objects.create(
        assessment=assessment,
        kind=rng.choice(KindOfSupport.values),
        what="Benefits check and help to apply (demo)",
        owner_name="Kinship worker (demo)",
        due_on=timezone.localdate() + timedelta(days=rng.randint(7, 40)),
    )


def _issue(assessment: Assessment, *, number: int, review_due_on: date, when) -> None:
    full = selectors.get_assessment_for_record(assessment.pk)
    snapshot = selectors.snapshot(
        full, number=number, issued_by="Demo worker", review_due_on=review_due_on
    )
    RecordVersion.objects.create(
        assessment=assessment,
        number=number,
        is_review=number > 1,
        snapshot=snapshot,
        pdf=pdf.record_pdf(snapshot),
        issued_at=when,
        issued_by_name="Demo worker",
    )
    Assessment.objects.filter(pk=assessment.pk).update(
        versions_issued=number, state=AssessmentState.ISSUED, review_due_on=review_due_on
    )


def _stage(rng, stage, *, council, organisation, delegated, now) -> None:
    today = timezone.localdate()
    age_days = {"new": 1, "new_overdue": 20, "declined": 10}.get(stage, rng.randint(30, 200))
    created = now - timedelta(days=age_days)
    if stage in ("new", "new_overdue", "declined"):
        obj = _request(
            rng, council=council, organisation=organisation, delegated=delegated, created=created
        )
        if stage == "declined":
            obj.state, obj.decided_at = RequestState.DECLINED, created + timedelta(days=2)
            obj.family_message = "We have passed your details to a local carers' group (demo)."
            obj.save()
        return
    household = _household(rng, council, organisation)
    obj = _request(
        rng,
        council=council,
        organisation=organisation,
        delegated=delegated,
        created=created,
        household=household,
    )
    obj.state, obj.decided_at = RequestState.ACCEPTED, created + timedelta(days=3)
    obj.save()
    assessment = Assessment.objects.create(
        request=obj,
        household=household,
        organisation=organisation,
        created_at=created,
        updated_at=created,
    )
    services._create_parts(assessment, list(household.children.all()))
    _fill(rng, assessment)
    if stage == "in_progress":
        return
    if stage == "review_overdue":
        _issue(
            assessment,
            number=1,
            review_due_on=today - timedelta(days=10),
            when=created + timedelta(days=20),
        )
        Assessment.objects.filter(pk=assessment.pk).update(review_reminded_at=now)
        return
    _issue(
        assessment,
        number=1,
        review_due_on=today + timedelta(days=20),
        when=created + timedelta(days=20),
    )
    if stage == "reviewed":
        entries = list(assessment.entries.all())
        for e in entries:
            e.rating = min(4, (e.rating or 2) + 1)
        WellbeingEntry.objects.bulk_update(entries, ["rating"])
        _issue(
            assessment,
            number=2,
            review_due_on=today + timedelta(days=150),
            when=now - timedelta(days=2),
        )


def generate(ctx) -> None:
    rng = ctx.rng
    orgs = ctx.shared.get("organisations", {})
    now = timezone.now()
    councils = {c.code: c for c in Council.objects.filter(code__in=COUNCILS)}
    partner = orgs.get(f"charity:{DELEGATING_COUNCIL}")
    if partner is not None and DELEGATING_COUNCIL in councils:
        AssessmentDelegation.objects.get_or_create(
            council=councils[DELEGATING_COUNCIL],
            defaults={"organisation": partner, "note": f"Delegated assessments. {DEMO_NOTE}"},
        )
    plans = []
    for code in COUNCILS:
        council = councils.get(code)
        organisation, delegated = services.receiving_organisation(council)
        if organisation is None:
            continue
        repeats = ctx.count(1) if code != "S12000049" else ctx.count(2)
        plans += [
            (stage, council, organisation, delegated) for stage in STAGES for _ in range(repeats)
        ]
    for stage, council, organisation, delegated in ctx.progress(plans, "Assessments", len(plans)):
        _stage(rng, stage, council=council, organisation=organisation, delegated=delegated, now=now)
    ctx.shared["assessments"] = len(plans)


def bulk_assessments(
    rng, n: int, *, organisation: Organisation, council, batch_size: int = 2000
) -> int:
    """`n` fictional families each with an assessment (two children, every entry rated) for the
    benchmark: bulk inserts, no PDFs, no audit rows. Returns how many were made."""
    now = timezone.now()
    today = timezone.localdate()
    made = 0
    base = AssessmentRequest.objects.count()  # references stay unique across calls
    while made < n:
        size = min(batch_size, n - made)
        households = Household.objects.bulk_create(
            [Household(council=council) for _ in range(size)]
        )
        FamilyAccess.objects.bulk_create(
            [
                FamilyAccess(household=h, organisation=organisation, reason="benchmark")
                for h in households
            ]
        )
        Carer.objects.bulk_create(
            [Carer(household=h, full_name=person_name(rng)) for h in households]
        )
        children = Child.objects.bulk_create(
            [
                Child(
                    household=h,
                    full_name=person_name(rng),
                    date_of_birth=today - timedelta(days=365 * age),
                )
                for h in households
                for age in (6, 12)
            ]
        )
        requests = AssessmentRequest.objects.bulk_create(
            [
                AssessmentRequest(
                    reference=f"KA-B{base + made + i:08d}",
                    secret_hash="-",
                    council=council,
                    organisation=organisation,
                    household=h,
                    state=RequestState.ACCEPTED,
                    what_is_happening="Benchmark (fictional).",
                    created_at=now,
                    due_at=now,
                )
                for i, h in enumerate(households)
            ]
        )
        states = [AssessmentState.IN_PROGRESS, AssessmentState.ISSUED]
        assessments = Assessment.objects.bulk_create(
            [
                Assessment(
                    request=r,
                    household=h,
                    organisation=organisation,
                    state=states[i % 2],
                    review_due_on=today + timedelta(days=rng.randint(-5, 60)) if i % 2 else None,
                )
                for i, (r, h) in enumerate(zip(requests, households, strict=True))
            ]
        )
        by_household: dict[int, list[Child]] = {}
        for c in children:
            by_household.setdefault(c.household_id, []).append(c)
        from .models import ChildPart

        ChildPart.objects.bulk_create(
            [
                ChildPart(assessment=a, child=c)
                for a in assessments
                for c in by_household[a.household_id]
            ],
            batch_size=batch_size,
        )
        WellbeingEntry.objects.bulk_create(
            [
                WellbeingEntry(assessment=a, child=c, area=i, rating=rng.randint(1, 4))
                for a in assessments
                for c in by_household[a.household_id]
                for i in Indicator.values
            ]
            + [
                WellbeingEntry(assessment=a, area=s, rating=rng.randint(1, 4))
                for a in assessments
                for s in TriangleSide.values
            ],
            batch_size=batch_size,
        )
        AssessmentRequest.objects.bulk_create(
            [
                AssessmentRequest(
                    reference=f"KA-N{base + made + i:08d}",
                    secret_hash="-",
                    council=council,
                    organisation=organisation,
                    what_is_happening="Benchmark (fictional).",
                    created_at=now,
                    due_at=now + timedelta(days=rng.randint(-5, 14)),
                )
                for i in range(size // 10)
            ]
        )
        made += size
    return made
