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


# --- the apps added later: caseload, mentoring, event sign-ups ------------------------------


@pytest.fixture
def old_extras(old_records):
    """Mentoring (a match ended, a request closed, a match still open), a carer's event
    sign-up, and a named contact on the team around the first family, all in January 2020."""
    from kinship.caseload.models import TeamContact
    from kinship.mentors import services as mentor_services
    from kinship.mentors.tests.factories import make_scheme, matched, public_ask
    from kinship.practice import services as practice_services
    from kinship.practice.models import Audience
    from kinship.practice.tests.factories import event

    world = old_records[0]
    with freeze_time("2020-01-10 11:00"):
        scheme = make_scheme()
        ended = matched(scheme, "Jean Publiccarer")
        mentor_services.log_contact(
            ended,
            actor=scheme.mentor_user,
            on=date(2020, 1, 10),
            kind="phone",
            note="Talked with Jean about Callum's school",
        )
        ended.refresh_from_db()
        mentor_services.end_match(
            ended,
            actor=scheme.coordinator,
            expected_version=ended.version,
            reason="goals_met",
            note="Jean is settled",
        )
        closed = public_ask("Ann Othercarer")
        mentor_services.close_request(closed, actor=scheme.coordinator, note="Ann found help")
        still_open = matched(scheme, "Isla Stillmatched")
        training = event(world.adviser, audience=Audience.CARERS, days=1)
        place = practice_services.sign_up_carer(training, "Morag Testcarer", "0141 000 1111")
        contact = TeamContact.objects.create(
            household=world.household, domain="education", name="Mrs Callum Guidance"
        )
    return scheme, ended, closed, still_open, place, contact


def test_caseload_mentoring_and_sign_ups_are_anonymised_when_due(old_records, old_extras):
    from kinship.caseload.models import TeamContact
    from kinship.mentors.models import Match, MatchContact, MentorRequest
    from kinship.practice.models import SignUp

    scheme, ended, closed, still_open, place, contact = old_extras
    before = figures()
    with freeze_time("2021-01-20"):  # sign-ups: 12 months after the event
        report = services.run_retention()
    assert report.anonymised == {"practice.signup": 1}
    place = SignUp.objects.get(pk=place.pk)
    assert (place.name, place.contact) == ("", "")
    assert place.event.sign_ups.count() == 1  # the place still counts

    with freeze_time("2022-02-01"):  # mentoring: 24 months after closure
        report = services.run_retention()
    assert report.anonymised["mentors.mentorrequest"] == 2
    for pk in (ended.request_id, closed.pk):
        row = MentorRequest.objects.get(pk=pk)
        assert (row.carer_name, row.email, row.about, row.closed_note) == ("", "", "", "")
        assert row.household_id is None and row.state in ("matched", "closed")
    ended = Match.objects.get(pk=ended.pk)
    assert ended.end_note == "" and ended.end_reason == "goals_met" and ended.ended_at
    logged = MatchContact.objects.get(match=ended)
    assert logged.note == "" and logged.on == date(2020, 1, 10) and logged.kind == "phone"
    # A match still open is not due, and neither is its family.
    assert MentorRequest.objects.get(pk=still_open.request_id).carer_name == "Isla Stillmatched"

    with freeze_time("2027-01-10"):  # the family record, with its caseload contacts
        services.run_retention()
    contact = TeamContact.objects.get(pk=contact.pk)
    assert (contact.name, contact.role, contact.organisation_name) == ("", "", "")
    assert contact.domain == "education"  # "partners engaged" still counts it
    assert figures() == before
    rows = AuditEvent.objects.filter(purpose__startswith="retention period ended")
    assert not any(p in f"{r.purpose} {r.details}" for r in rows for p in PERSONAL + ["Jean"])


def test_history_text_is_blanked_through_the_purge_and_nothing_else_changes(old_records):
    from kinship.families.models import ConsentChange
    from kinship.referrals.models import ReferralEvent

    world, enquiry, referral, held_family, held_enquiry = old_records
    events = list(ReferralEvent.objects.filter(referral=referral).order_by("sequence"))
    assert any(e.note for e in events)
    kept = [(e.sequence, e.at, e.action, e.from_state, e.to_state, e.reason_code) for e in events]
    before = figures()
    with freeze_time("2027-01-10"):
        services.run_retention()
    after = list(ReferralEvent.objects.filter(referral=referral).order_by("sequence"))
    assert [(e.note, e.actor_name, e.details) for e in after] == [("", "", {})] * len(after)
    assert [
        (e.sequence, e.at, e.action, e.from_state, e.to_state, e.reason_code) for e in after
    ] == kept
    assert not ConsentChange.objects.filter(consent__household=world.household).exclude(note="")
    assert figures() == before


def test_an_issued_written_record_loses_its_text_and_pdf_not_its_number():
    from kinship.assessments.models import Assessment, RecordVersion
    from kinship.assessments.services import issue_record
    from kinship.assessments.tests.helpers import make_world as assessment_world
    from kinship.assessments.tests.helpers import started

    with freeze_time("2020-01-10 10:00"):
        world = assessment_world()
        assessment = started(world)
        version = issue_record(
            assessment.pk, actor=world.council_worker, review_due_on=date(2020, 6, 1)
        )
        Assessment.objects.filter(pk=assessment.pk).update(state="closed")
    assert version.snapshot and bytes(version.pdf)
    with freeze_time("2027-01-10"):
        report = services.run_retention()
    assert report.anonymised.get("assessments.assessment") == 1
    version = RecordVersion.objects.get(pk=version.pk)
    assert version.snapshot == {} and bytes(version.pdf) == b""
    assert version.number == 1 and version.issued_at.year == 2020


def test_audit_rows_past_the_audit_period_lose_their_text_not_who_what_when(old_records):
    with freeze_time("2020-01-10 12:00"):
        old = AuditEvent.objects.create(
            action="view",
            object_type="advice.enquiry",
            object_id="1",
            purpose="looked up Morag Testcarer",
            path="/staff/search/?q=Morag",
            details={"reason": "Callum"},
            actor_email="adviser@test.example",
        )
    recent = AuditEvent.objects.create(
        action="view", object_type="advice.enquiry", object_id="1", purpose="kept"
    )
    count = AuditEvent.objects.count()
    before = figures()
    with freeze_time("2026-02-01"):
        report = services.run_retention()
    assert report.audit_rows_purged >= 1
    old = AuditEvent.objects.get(pk=old.pk)
    assert (old.purpose, old.path, old.details) == ("", "", {})
    assert (old.action, old.object_type, old.object_id, old.actor_email) == (
        "view",
        "advice.enquiry",
        "1",
        "adviser@test.example",
    )
    assert AuditEvent.objects.get(pk=recent.pk).purpose == "kept"
    assert AuditEvent.objects.count() >= count  # nothing deleted
    assert figures() == before
    with freeze_time("2026-02-02"):
        assert services.purge_audit_text() == 0  # a second run changes nothing


def test_an_erasure_decided_done_anonymises_the_familys_records_at_once(old_records):
    from kinship.dataprotection.models import RequestKind

    world, enquiry, referral, held_family, held_enquiry = old_records
    request = services.record_request(
        held_family,
        actor=world.adviser,
        kind=RequestKind.ERASURE,
        received_on=date.today(),
        details="Please delete everything about us",
    )
    services.decide_request(request, actor=world.adviser, decision="done", note="")
    held_enquiry.refresh_from_db()
    assert held_enquiry.contact_name == "" and held_enquiry.what_is_happening == ""
    rows = AuditEvent.objects.filter(purpose="family's erasure request: anonymised")
    assert rows.filter(object_type="advice.enquiry", object_id=str(held_enquiry.pk)).exists()
    assert all(r.actor_email == world.adviser.email for r in rows)
    # Another family's records are untouched.
    assert Enquiry.objects.get(pk=enquiry.pk).contact_name == "Morag Testcarer"


def test_an_erasure_cannot_be_done_under_a_legal_hold(old_records):
    from kinship.dataprotection.models import RequestKind

    world, enquiry, referral, held_family, held_enquiry = old_records
    services.place_hold(
        held_family, actor=world.adviser, reason="Inquiry", ends_on=date(2099, 1, 1)
    )
    request = services.record_request(
        held_family, actor=world.adviser, kind=RequestKind.ERASURE, received_on=date.today()
    )
    with pytest.raises(services.DataProtectionError):
        services.decide_request(request, actor=world.adviser, decision="done", note="")
    held_enquiry.refresh_from_db()
    assert held_enquiry.contact_name == "Morag Testcarer"
