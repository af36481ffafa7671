"""Creating and moving referrals through the service layer."""

import pytest
from django.core import mail

from kinship.audit.models import AuditEvent
from kinship.core.models import AppendOnlyError
from kinship.families.models import ConsentMethod
from kinship.referrals import services
from kinship.referrals.lifecycle import Action, InvalidTransition, Outcome, State
from kinship.referrals.models import Referral, ReferralEvent

from .helpers import consent, refer

pytestmark = pytest.mark.django_db


def test_create_writes_event_audit_and_deadlines(world):
    referral = refer(world)
    assert referral.state == State.SENT
    assert referral.to_organisation == world.charity
    assert referral.owner_organisation == world.charity
    assert referral.reference.startswith("KR-")
    assert referral.ack_due_at < referral.decision_due_at
    event = referral.events.get()
    assert (event.sequence, event.action, event.to_state) == (1, Action.CREATE, State.SENT)
    assert AuditEvent.objects.filter(object_type="referrals.referral",
                                     object_id=str(referral.pk), action="create").exists()


def test_idempotency_key_returns_the_same_referral(world):
    first = services.create_referral(services.NewReferral(
        household_id=world.household.pk, to_service_id=str(world.charity_service.pk),
        reason="r", asked_for="a", idempotency_key="same-key"), actor=world.adviser)
    again = services.create_referral(services.NewReferral(
        household_id=world.household.pk, to_service_id=str(world.charity_service.pk),
        reason="r", asked_for="a", idempotency_key="same-key"), actor=world.adviser)
    assert first.created and not again.created
    assert again.referral.pk == first.referral.pk and again.secret is None
    assert Referral.objects.count() == 1


def test_no_referral_without_consent_unless_recorded_in_the_same_step(world):
    with pytest.raises(services.ReferralError, match="not agreed"):
        refer(world, world.council_service)
    assert not Referral.objects.exists()
    referral = refer(world, world.council_service, consent_method=ConsentMethod.VERBAL_PHONE)
    assert referral.to_organisation == world.council
    assert services.has_share_consent(world.household.pk, world.council.pk)


def test_cannot_refer_a_family_you_cannot_see(world):
    with pytest.raises(services.ReferralError):
        refer(world, actor=world.outsider, service=world.charity_service)


def test_full_happy_path_and_outcome_required(world):
    r = refer(world)
    w = world.charity_worker
    r = services.transition(r.pk, Action.ACKNOWLEDGE, w, r.version)
    r = services.transition(r.pk, Action.ACCEPT, w, r.version)
    r = services.transition(r.pk, Action.START, w, r.version)
    with pytest.raises(services.ReferralError, match="outcome"):
        services.transition(r.pk, Action.COMPLETE, w, r.version)
    r = services.transition(r.pk, Action.COMPLETE, w, r.version,
                            outcome=Outcome.SUPPORT_PROVIDED, outcome_note="Visited twice")
    assert r.state == State.COMPLETED and r.outcome == Outcome.SUPPORT_PROVIDED
    assert list(r.events.values_list("sequence", flat=True)) == [1, 2, 3, 4, 5]


def test_decline_returns_to_sender_who_redirects_then_council_completes(world):
    r = refer(world)
    with pytest.raises(services.ReferralError, match="reason"):
        services.transition(r.pk, Action.DECLINE, world.charity_worker, r.version)
    r = services.transition(r.pk, Action.DECLINE, world.charity_worker, r.version,
                            reason="We do not do assessments")
    assert r.state == State.DECLINED and r.owner_organisation == world.advice
    # The charity can no longer act: it is the sender's to resolve.
    with pytest.raises(InvalidTransition):
        services.transition(r.pk, Action.REDIRECT, world.charity_worker, r.version,
                            reason="x", to_service_id=world.council_service.pk)
    r = services.transition(r.pk, Action.REDIRECT, world.adviser, r.version,
                            reason="Council team can assess",
                            to_service_id=world.council_service.pk,
                            consent_method=ConsentMethod.VERBAL_PHONE)
    assert r.state == State.REDIRECTED and r.owner_organisation == world.council
    assert r.to_organisation == world.council
    r = services.transition(r.pk, Action.ACCEPT, world.council_worker, r.version)
    r = services.transition(r.pk, Action.COMPLETE, world.council_worker, r.version,
                            outcome=Outcome.SUPPORT_PROVIDED)
    actions = list(r.events.values_list("action", flat=True))
    assert actions == ["create", "decline", "redirect", "accept", "complete"]


def test_receiver_redirects_directly(world):
    consent(world.household, world.council, world.adviser)
    r = refer(world)
    r = services.transition(r.pk, Action.REDIRECT, world.charity_worker, r.version,
                            reason="Council is better placed",
                            to_service_id=world.council_service.pk)
    assert r.to_organisation == world.council and r.from_organisation == world.advice


def test_stale_version_is_refused_with_who_and_when(world):
    r = refer(world)
    services.transition(r.pk, Action.ACCEPT, world.charity_worker, r.version)
    with pytest.raises(services.StaleReferral, match="already accepted this referral at"):
        services.transition(r.pk, Action.DECLINE, world.charity_worker, r.version,
                            reason="too late")


def test_outsider_cannot_act(world):
    r = refer(world)
    with pytest.raises(services.ReferralNotFound):
        services.transition(r.pk, Action.ACCEPT, world.outsider, r.version)


def test_killed_in_the_middle_leaves_referral_unchanged(world, monkeypatch):
    r = refer(world)

    def crash(*args, **kwargs):
        raise SystemExit("process killed")

    # After the conditional UPDATE, before the event is written and the transaction commits.
    monkeypatch.setattr(services.transitions, "_write_event", crash)
    with pytest.raises(SystemExit):
        services.transition(r.pk, Action.ACCEPT, world.charity_worker, r.version)
    fresh = Referral.objects.get(pk=r.pk)
    assert (fresh.state, fresh.version, fresh.last_sequence) == (State.SENT, 1, 1)
    assert ReferralEvent.objects.filter(referral=r).count() == 1


def test_events_are_append_only(world):
    r = refer(world)
    event = r.events.get()
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        ReferralEvent.objects.filter(referral=r).update(note="x")
    with pytest.raises(AppendOnlyError):
        ReferralEvent.objects.filter(referral=r).delete()


def test_overdue_reminds_once_then_escalates_once(world, settings):
    from datetime import timedelta

    from django.utils import timezone

    from kinship.accounts.models import Role
    from kinship.testing.factories import make_staff

    make_staff(Role.ORG_ADMIN, world.charity, email="admin@charity.example")
    make_staff(Role.ORG_ADMIN, world.advice, email="admin@advice.example")
    world.charity.email = "inbox@charity.example"
    world.charity.save()
    r = refer(world)
    later = r.ack_due_at + timedelta(minutes=1)
    assert services.chase_overdue(later) == {"reminded": 1, "escalated": 0}
    assert services.chase_overdue(later) == {"reminded": 0, "escalated": 0}
    assert mail.outbox[-1].to == ["inbox@charity.example"]
    much_later = later + timedelta(days=10)
    assert services.chase_overdue(much_later) == {"reminded": 0, "escalated": 1}
    assert services.chase_overdue(much_later) == {"reminded": 0, "escalated": 0}
    assert sorted(mail.outbox[-1].to) == ["admin@advice.example", "admin@charity.example"]
    actions = list(r.events.values_list("action", flat=True))
    assert actions == ["create", "reminder", "escalation"]
    # A referral that is acted on is no longer overdue for acknowledgement.
    r2 = refer(world)
    services.transition(r2.pk, Action.ACKNOWLEDGE, world.charity_worker, r2.version)
    assert services.chase_overdue(r2.ack_due_at + timedelta(minutes=1))["reminded"] == 0
    assert timezone.now() < r2.decision_due_at


def test_deadlines_configurable(world, settings):
    settings.KINSHIP = {**settings.KINSHIP, "REFERRAL_ACK_DAYS": 5}
    assert services.ack_days() == 5


@pytest.mark.tasks
@pytest.mark.django_db(transaction=True)
def test_chase_task_runs_through_the_worker():
    from datetime import timedelta

    from django.utils import timezone

    from kinship.referrals.tasks import chase_overdue_referrals
    from kinship.testing.tasks import run_queued_tasks

    from .helpers import make_world

    world = make_world()
    r = refer(world)
    past = timezone.now() - timedelta(days=1)
    Referral.objects.filter(pk=r.pk).update(ack_due_at=past, decision_due_at=past)
    chase_overdue_referrals.enqueue()
    run_queued_tasks()
    assert list(r.events.values_list("action", flat=True)) == ["create", "reminder"]
