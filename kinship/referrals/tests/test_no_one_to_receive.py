"""No referral is left with nobody: a referral to an organisation where no one can act goes at
once to the national advice service's queue, the sender is told, and the family is never
promised a reply no one is there to give."""

import uuid

import pytest
from django.core import mail
from django.utils import timezone

from kinship.accounts.models import OrganisationKind, Role
from kinship.accounts.selectors import staff_who_can_act
from kinship.referrals import lifecycle, selectors, services
from kinship.referrals.lifecycle import Action, Party, State
from kinship.referrals.models import Referral, ReferralEvent
from kinship.testing.factories import make_organisation

from .helpers import consent, refer, service_for

pytestmark = pytest.mark.django_db
WESTERN_ISLES = "S12000013"


@pytest.fixture
def unstaffed(world):
    org = make_organisation(
        OrganisationKind.COUNCIL_KINSHIP_TEAM,
        council_code=WESTERN_ISLES,
        name="Western Isles kinship team",
    )
    consent(world.household, org, world.adviser)
    return service_for(org, "Kinship assessments (Western Isles)")


def _replays(referral: Referral) -> None:
    """The history still replays through the lifecycle table (as the property test does)."""
    events = list(ReferralEvent.objects.filter(referral=referral).order_by("sequence"))
    state, receiver = State.SENT, events[0].details["to_organisation"]
    for event in events[1:]:
        move = lifecycle.TABLE[(state, event.action)]
        acting = referral.from_organisation_id if move.party == Party.SENDER else receiver
        assert event.organisation_id == acting
        if event.action == Action.REDIRECT:
            receiver = event.details["to_organisation"]
        state = move.to_state
    assert (state, receiver) == (referral.state, referral.to_organisation_id)


def test_sent_to_no_one_goes_to_the_national_queue_and_a_named_person_can_act(
    world, unstaffed, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        referral = refer(world, unstaffed)
    assert referral.state == State.REDIRECTED
    assert referral.to_organisation == world.advice == referral.owner_organisation
    assert referral.no_one_to_receive_at == unstaffed.organization.account_organisation
    # A named person can act on it, before the first deadline.
    person = staff_who_can_act(referral.owner_organisation).first()
    assert person is not None and person.full_name
    assert selectors.allowed_actions(person, referral)
    assert referral.ack_due_at > timezone.now()
    services.transition(referral.pk, Action.ACCEPT, person, referral.version)
    assert Referral.objects.get(pk=referral.pk).state == State.ACCEPTED
    # The sender was told (the reference and a link only).
    told = [m for m in mail.outbox if world.adviser.email in m.to]
    assert told and referral.reference in told[0].subject
    assert "Testcarer" not in told[0].body
    _replays(Referral.objects.get(pk=referral.pk))
    event = ReferralEvent.objects.filter(referral=referral, action=Action.REDIRECT).get()
    assert event.note.startswith(services.NO_ONE_TO_RECEIVE)


def test_family_is_never_promised_a_reply_no_one_can_keep(world, unstaffed):
    referral = refer(world, unstaffed)
    words = selectors.family_status(referral)
    assert "Western Isles kinship team" in words and "Test Advice Line" in words
    # With no one left at the receiver nor at the national service, nothing is promised.
    stuck = refer(world)
    for person in (world.charity_worker, world.adviser):
        person.is_active = False
        person.save()
    assert services.route_unstaffed_for(world.charity) == 0
    stuck.refresh_from_db()
    assert stuck.state == State.SENT
    assert "working days" not in selectors.family_status(stuck)
    assert "cannot yet say" in selectors.family_status(stuck)


def test_redirect_to_no_one_goes_to_the_national_queue(world, unstaffed):
    referral = refer(world)
    services.transition(
        referral.pk,
        Action.REDIRECT,
        world.charity_worker,
        1,
        reason="Island family",
        to_service_id=unstaffed.pk,
        consent_method="",
    )
    referral.refresh_from_db()
    assert referral.to_organisation == world.advice
    assert referral.no_one_to_receive_at_id == unstaffed.organization.account_organisation_id
    _replays(referral)


def test_last_member_leaving_passes_open_referrals_on(world):
    referral = refer(world)
    world.charity_worker.is_active = False
    world.charity_worker.save()
    assert services.route_unstaffed_for(world.charity) == 1
    referral.refresh_from_db()
    assert referral.to_organisation == world.advice
    assert staff_who_can_act(referral.owner_organisation).exists()
    _replays(referral)


def test_accepted_work_with_no_one_left_is_passed_on_too(world):
    referral = refer(world)
    services.transition(referral.pk, Action.ACCEPT, world.charity_worker, 1)
    world.charity_worker.is_active = False
    world.charity_worker.save()
    assert services.route_unstaffed_for(world.charity) == 1
    referral.refresh_from_db()
    assert referral.state == State.REDIRECTED and referral.to_organisation == world.advice
    _replays(referral)


def test_with_no_one_anywhere_platform_admins_are_told(world, django_capture_on_commit_callbacks):
    from kinship.testing.factories import make_staff

    admin = make_staff(Role.PLATFORM_ADMIN)
    refer(world)
    for person in (world.charity_worker, world.adviser):
        person.is_active = False
        person.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.route_unstaffed_for(world.charity) == 0
    assert any(admin.email in m.to for m in mail.outbox)


def test_a_decline_back_to_a_sender_with_no_one_goes_to_the_national_queue(world):
    referral = refer(
        world, world.council_service, actor=world.charity_worker, consent_method="verbal_phone"
    )
    assert referral.from_organisation == world.charity
    world.charity_worker.is_active = False
    world.charity_worker.save()
    services.transition(referral.pk, Action.DECLINE, world.council_worker, 1, reason="Not ours")
    referral.refresh_from_db()
    assert referral.state == State.REDIRECTED and referral.owner_organisation == world.advice
    _replays(referral)


def test_the_sender_is_told_before_sending_with_alternatives(client, world, unstaffed):
    client.force_login(world.adviser)
    choices = dict(selectors.service_choices(world.advice.pk))
    assert selectors.NO_ONE_LABEL in choices[str(unstaffed.pk)]
    assert selectors.NO_ONE_LABEL not in choices[str(world.charity_service.pk)]
    data = {
        "household": world.household.pk,
        "to_service": str(unstaffed.pk),
        "reason": "Island family",
        "asked_for": "An assessment",
        "urgency": "routine",
        "idempotency_key": uuid.uuid4().hex,
    }
    page = client.post("/staff/referrals/new/", data)
    assert page.status_code == 200
    body = page.content.decode()
    assert "No one at Western Isles kinship team can receive referrals yet" in body
    assert "Send it anyway" in body and 'value="Island family"' not in body.split("form")[0]
    assert not Referral.objects.exists()
    sent = client.post("/staff/referrals/new/", {**data, "warned": "1", "send_anyway": "on"})
    assert sent.status_code == 200
    assert b"no one to receive" in sent.content
    referral = Referral.objects.get()
    assert referral.to_organisation == world.advice
