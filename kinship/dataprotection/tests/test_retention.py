"""The retention job with a frozen clock: a record past its period is anonymised, a held one
is not, the published figures do not change, and the audit trail keeps who did what without
the personal details."""

from datetime import date

import pytest
from freezegun import freeze_time

from kinship.advice.models import Enquiry
from kinship.audit.models import AuditEvent
from kinship.dataprotection import retention_schedule as schedule
from kinship.dataprotection import selectors, services
from kinship.dataprotection.models import Anonymisation, LegalHold
from kinship.families.models import Carer, Child, Consent
from kinship.referrals.models import Referral
from kinship.referrals.tests.helpers import make_world

from .helpers import closed_enquiry, closed_referral, figures, second_family

pytestmark = pytest.mark.django_db

PERSONAL = ["Morag", "Callum", "0141 000", "allowance"]


@pytest.fixture
def old_records():
    with freeze_time("2020-01-10 10:00"):
        world = make_world()
        enquiry = closed_enquiry(world, world.household)
        referral = closed_referral(world)
        held_family = second_family(world)
        held_enquiry = closed_enquiry(world, held_family)
    return world, enquiry, referral, held_family, held_enquiry


def test_every_rule_cites_its_source_and_only_reg_43_sets_a_period():
    for rule in schedule.RULES:
        title, url = rule.source
        assert title and url.startswith("https://www.legislation.gov.uk/"), rule.key
        assert rule.legal_basis and rule.trigger in schedule.TRIGGER_LABELS
    statutory = [r.key for r in schedule.RULES if r.statutory_years]
    assert statutory == ["family_record_looked_after"]
    assert "regulation 43" in schedule.rule("family_record_looked_after").source[0]


def test_every_settable_rule_has_a_documented_default(settings):
    assert set(schedule.SETTABLE_KEYS) <= set(settings.DATAPROTECTION_DEFAULT_MONTHS)
    assert schedule.rules_in_force(date(2026, 1, 1)) == []  # the schedule is dated
    assert len(schedule.rules_in_force(date(2027, 1, 1))) == len(schedule.RULES)


def test_nothing_is_anonymised_before_its_period_ends(old_records):
    with freeze_time("2021-01-10"):
        report = services.run_retention()
    assert report.total == 0
    assert Enquiry.objects.get(pk=old_records[1].pk).contact_name == "Morag Testcarer"


def test_past_its_period_a_record_is_anonymised_a_held_one_is_not(old_records):
    world, enquiry, referral, held_family, held_enquiry = old_records
    with freeze_time("2026-12-01"):
        LegalHold.objects.create(
            household=held_family,
            organisation=world.advice,
            reason="Complaint under investigation",
            ends_on=date(2028, 1, 1),
        )
    before = figures()
    with freeze_time("2027-01-10"):
        report = services.run_retention()
    assert report.anonymised["advice.enquiry"] == 1
    assert report.anonymised["referrals.referral"] == 1
    assert report.anonymised["families.household"] == 1
    assert report.held == 2  # the held family's enquiry and its record

    enquiry.refresh_from_db()
    assert (enquiry.contact_name, enquiry.what_is_happening, enquiry.outcome_note) == ("", "", "")
    assert enquiry.household_id is None and enquiry.secret_hash == ""
    assert enquiry.council_id and enquiry.channel and enquiry.topics.exists()  # still counted
    assert enquiry.notes.filter(body__gt="").count() == 0
    referral = Referral.objects.get(pk=referral.pk)
    assert (referral.reason, referral.asked_for, referral.outcome_note) == ("", "", "")
    assert referral.household_id == world.household.pk and referral.state == "closed"
    assert not Carer.objects.filter(household=world.household).exclude(full_name="").exists()
    assert not Child.objects.filter(household=world.household).exclude(full_name="").exists()
    assert not Consent.objects.filter(household=world.household).exclude(given_by_name="")

    # The held family is untouched.
    held_enquiry.refresh_from_db()
    assert held_enquiry.contact_name == "Morag Testcarer"
    assert Carer.objects.get(household=held_family).full_name == "Morag Testcarer"

    # The published figures are exactly the same.
    assert figures() == before

    # The audit trail says who did what, by record number, without the details removed.
    rows = AuditEvent.objects.filter(purpose__startswith="retention period ended")
    assert rows.count() == 3
    for row in rows:
        text = f"{row.purpose} {row.details} {row.object_type} {row.object_id}"
        assert not any(p in text for p in PERSONAL)
    assert Anonymisation.objects.count() == 3

    # Running again changes nothing; when the hold ends, the held family goes too.
    with freeze_time("2027-01-11"):
        assert services.run_retention().total == 0
    with freeze_time("2028-01-02"):
        assert services.run_retention().anonymised["families.household"] == 1
    held_enquiry.refresh_from_db()
    assert held_enquiry.contact_name == ""
    assert figures() == before


def test_an_organisations_own_period_replaces_the_default(old_records):
    world = old_records[0]
    services.set_period(world.advice, "enquiry", 12 * 10, actor=world.adviser)
    with freeze_time("2027-01-10"):
        due = selectors.due_records()
    assert "advice.enquiry" not in {d.object_type for d in due}
    with pytest.raises(services.DataProtectionError):
        services.set_period(world.advice, "family_record_looked_after", 12, actor=world.adviser)


def test_a_looked_after_childs_record_held_by_the_council_is_kept_100_years(old_records):
    world = old_records[0]
    from kinship.families import services as family_services

    family_services.hold(
        world.household, world.council, actor=world.council_worker, reason="placed by the council"
    )
    Child.objects.filter(household=world.household).update(date_of_birth=date(2015, 3, 1))
    assert selectors.looked_after_until([world.household.pk]) == {
        world.household.pk: date(2115, 3, 1)
    }
    with freeze_time("2040-01-10"):
        report = services.run_retention()
    assert report.anonymised["families.household"] == 1  # the other family only
    assert not Anonymisation.objects.filter(
        object_id=str(world.household.pk), object_type="families.household"
    ).exists()
    assert "referrals.referral" not in report.anonymised  # kept with the case record
    assert "advice.enquiry" in report.anonymised  # the other family's enquiry
    assert Enquiry.objects.get(pk=old_records[1].pk).contact_name == "Morag Testcarer"
    assert Carer.objects.get(household=world.household).full_name == "Morag Testcarer"


def test_an_open_record_keeps_its_family(old_records):
    world = old_records[0]
    with freeze_time("2026-06-01"):
        closed_enquiry(world, world.household)
        from kinship.advice.tests.factories import EnquiryFactory

        still_open = EnquiryFactory(organisation=world.advice)
        Enquiry.objects.filter(pk=still_open.pk).update(household=world.household)
    with freeze_time("2027-01-10"):
        due = selectors.due_records()
    assert "families.household" not in {
        d.object_type for d in due if d.household_id == world.household.pk
    }
