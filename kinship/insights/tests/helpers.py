"""Bulk builders of enquiries and referrals for insight tests (only the fields we count)."""

import itertools
from datetime import datetime, timedelta

from django.utils import timezone

from kinship.accounts.models import OrganisationKind
from kinship.advice.models import Enquiry, Topic
from kinship.directory.models import Service, TaxonomyTerm
from kinship.directory.services import directory_organization_for
from kinship.families.models import Household
from kinship.referrals.lifecycle import Action, State
from kinship.referrals.models import Referral, ReferralEvent
from kinship.testing.factories import make_organisation

_seq = itertools.count(1)


def at(day: str) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(day + "T10:00:00"))


def make_enquiries(n, *, council="S12000049", channel="phone", day="2026-03-10", topics=()):
    rows = Enquiry.objects.bulk_create(
        [
            Enquiry(
                reference=f"KH-T{next(_seq):07d}",
                channel=channel,
                council_id=council,
                what_is_happening="(test)",
                due_at=at(day),
            )
            for _ in range(n)
        ]
    )
    Enquiry.objects.filter(pk__in=[e.pk for e in rows]).update(created_at=at(day))
    for slug in topics:
        topic = Topic.objects.get(slug=slug)
        topic.enquiries.add(*rows)
    return rows


def make_service(kind="income_max"):
    organisation = make_organisation(OrganisationKind.THIRD_SECTOR)
    service = Service.objects.create(
        organization=directory_organization_for(organisation), name=f"Test service {next(_seq)}"
    )
    service.taxonomy_terms.add(TaxonomyTerm.objects.get(code=kind))
    return service


def make_referrals(
    n,
    *,
    service,
    council="S12000049",
    day="2026-03-10",
    state=State.SENT,
    outcome="",
    answered_after: timedelta | None = None,
):
    organisation = service.organization.account_organisation
    made = []
    for _ in range(n):
        household = Household.objects.create(council_id=council)
        number = next(_seq)
        referral = Referral.objects.create(
            from_organisation=organisation,
            to_service=service,
            to_organisation=organisation,
            owner_organisation=organisation,
            household=household,
            reason="(test)",
            asked_for="(test)",
            state=state,
            outcome=outcome,
            ack_due_at=at(day),
            decision_due_at=at(day),
            idempotency_key=f"t{number}",
            reference=f"KR-T{number}",
            secret_hash="x",
            created_at=at(day),
        )
        ReferralEvent.objects.create(
            referral=referral, sequence=1, at=at(day), action=Action.CREATE, to_state=State.SENT
        )
        if answered_after is not None:
            ReferralEvent.objects.create(
                referral=referral,
                sequence=2,
                at=at(day) + answered_after,
                action=Action.ACKNOWLEDGE,
                from_state=State.SENT,
                to_state=State.ACKNOWLEDGED,
            )
        made.append(referral)
    return made


def make_assessment(*, council="S12000049", day="2026-03-10", children=1, ratings=None, kinds=()):
    """One assessment of a family with `children` children; `ratings` maps an indicator code
    to the rating every child gets; `kinds` are the kinds of the agreed actions."""
    from kinship.assessments.models import (
        AgreedAction,
        Assessment,
        AssessmentRequest,
        WellbeingEntry,
    )
    from kinship.families.models import Child

    organisation = make_organisation(OrganisationKind.COUNCIL_KINSHIP_TEAM)
    household = Household.objects.create(council_id=council)
    number = next(_seq)
    request = AssessmentRequest.objects.create(
        reference=f"KA-T{number}",
        secret_hash="x",
        what_is_happening="(test)",
        due_at=at(day),
        council_id=council,
        household=household,
        organisation=organisation,
        created_at=at(day),
    )
    assessment = Assessment.objects.create(
        request=request, household=household, organisation=organisation, created_at=at(day)
    )
    for c in range(children):
        child = Child.objects.create(household=household, full_name=f"Child {number}-{c}")
        for area, rating in (ratings or {}).items():
            WellbeingEntry.objects.create(
                assessment=assessment, child=child, area=area, rating=rating
            )
    for kind in kinds:
        AgreedAction.objects.create(
            assessment=assessment,
            kind=kind,
            what="(test)",
            owner_name="Worker",
            due_on=at(day).date(),
            created_at=at(day),
        )
    return assessment
