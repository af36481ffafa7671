"""No cliff edge: a looked-after child moving to a section 11 order triggers a referral."""

import pytest

from kinship.audit.models import AuditEvent
from kinship.directory.models import LocalOffer
from kinship.families.models import Child, FamilyAccess, LegalArrangement
from kinship.families.services import child_change_arrangement
from kinship.referrals.models import Referral

from .helpers import make_household, service_for

pytestmark = pytest.mark.django_db


def _change(child, arrangement, capture):
    with capture(execute=True):
        child_change_arrangement(child, arrangement, actor=None)


def test_change_to_kinship_care_order_refers_to_council_team(world,
                                                           django_capture_on_commit_callbacks):
    LocalOffer.objects.create(council_id="S12000049", team=world.council)
    child = Child.objects.get(household=world.household)
    _change(child, LegalArrangement.KINSHIP_CARE_ORDER, django_capture_on_commit_callbacks)
    referral = Referral.objects.get(household=world.household)
    assert referral.is_automatic and referral.to_organisation == world.council
    assert referral.to_service == world.council_service
    assert referral.from_organisation == world.advice
    assert "Looked after in kinship care" in referral.events.get().note
    assert AuditEvent.objects.filter(object_id=str(referral.pk), action="create").exists()
    # Saving again (or another edit) makes no second referral.
    _change(child, LegalArrangement.KINSHIP_CARE_ORDER, django_capture_on_commit_callbacks)
    assert Referral.objects.filter(household=world.household).count() == 1


def test_other_changes_make_no_referral(world, django_capture_on_commit_callbacks):
    child = Child.objects.get(household=world.household)
    _change(child, LegalArrangement.INFORMAL, django_capture_on_commit_callbacks)
    _change(child, LegalArrangement.OTHER_S11_ORDER, django_capture_on_commit_callbacks)
    assert not Referral.objects.exists()


def test_without_a_service_the_referral_goes_to_the_organisation_with_a_note(
        world, django_capture_on_commit_callbacks):
    world.council_service.delete()
    child = Child.objects.get(household=world.household)
    _change(child, LegalArrangement.OTHER_S11_ORDER, django_capture_on_commit_callbacks)
    referral = Referral.objects.get()
    assert referral.to_service is None and referral.to_organisation == world.council
    assert "lists no service" in referral.shared_note


def test_no_council_team_falls_back_to_supporting_organisation(
        world, django_capture_on_commit_callbacks):
    household = make_household(world.adviser, council_code="S12000033")  # Aberdeen: no team
    service_for(world.advice, "Advice")
    child = Child.objects.get(household=household)
    _change(child, LegalArrangement.KINSHIP_CARE_ORDER, django_capture_on_commit_callbacks)
    referral = Referral.objects.get(household=household)
    assert referral.to_organisation == world.advice


def test_nowhere_to_send_is_audited_not_silent(world, django_capture_on_commit_callbacks):
    household = make_household(world.adviser, council_code="S12000033")
    FamilyAccess.objects.filter(household=household).update(ended_at="2026-01-01T00:00Z")
    child = Child.objects.get(household=household)
    _change(child, LegalArrangement.KINSHIP_CARE_ORDER, django_capture_on_commit_callbacks)
    assert not Referral.objects.filter(household=household).exists()
    assert AuditEvent.objects.filter(object_id=str(household.pk),
                                     purpose__startswith="transition referral not possible")
