"""The access export for a demo family (made by `demo_data`) holds every record the
organisation holds about it, compared with direct database queries, and no other family's
names."""

import json
import time

import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from kinship.advice.models import Enquiry
from kinship.assessments.models import Assessment
from kinship.dataprotection import selectors
from kinship.families.models import Carer, Child, Consent, FamilyAccess, Household
from kinship.referrals.models import Referral, ReferralEvent

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_demo_family_export_is_complete_and_only_theirs():
    call_command("demo_data", scale=0.2, verbosity=0)
    household = (
        Household.objects.annotate(n=Count("referrals", distinct=True) + Count("enquiries"))
        .order_by("-n", "pk")
        .first()
    )
    access = FamilyAccess.objects.filter(household=household).select_related("organisation")
    organisation = access.first().organisation
    started = time.perf_counter()
    data = selectors.family_export(household, organisation)
    took = time.perf_counter() - started
    print(f"family_export took {took:.3f} s")
    assert took < 60  # "within minutes", with room to spare
    assert data["enquiries"] or data["referrals"]  # a family with records, not an empty one

    assert {c["id"] for c in data["carers"]} == set(
        Carer.objects.filter(household=household).values_list("pk", flat=True)
    )
    assert {c["id"] for c in data["children"]} == set(
        Child.objects.filter(household=household).values_list("pk", flat=True)
    )
    assert {c["id"] for c in data["consents"]} == set(
        Consent.objects.filter(household=household).values_list("pk", flat=True)
    )
    assert {e["id"] for e in data["enquiries"]} == set(
        Enquiry.objects.filter(household=household, organisation=organisation).values_list(
            "pk", flat=True
        )
    )
    theirs = Referral.objects.filter(household=household).filter(
        Q(from_organisation=organisation)
        | Q(to_organisation=organisation)
        | Q(owner_organisation=organisation)
    )
    assert {r["id"] for r in data["referrals"]} == {
        str(pk) for pk in theirs.values_list("pk", flat=True)
    }
    assert (
        sum(len(r["history"]) for r in data["referrals"])
        == ReferralEvent.objects.filter(referral__in=theirs).count()
    )
    assert {a["id"] for a in data["assessments"]} == set(
        Assessment.objects.filter(household=household, organisation=organisation).values_list(
            "pk", flat=True
        )
    )

    text = json.dumps(data, ensure_ascii=False)
    own = set(Carer.objects.filter(household=household).values_list("full_name", flat=True))
    own |= set(Child.objects.filter(household=household).values_list("full_name", flat=True))
    others = (
        Carer.objects.exclude(household=household)
        .exclude(full_name__in=own)
        .values_list("full_name", flat=True)[:500]
    )
    leaked = [name for name in others if name and f'"{name}"' in text]
    assert not leaked
