"""Demo referrals (entirely fictional, labelled as demonstration data): the national advice
service refers families to their council's kinship team, and council teams refer families to
local charities, in every state of the lifecycle, some of them overdue. Each referral's
events follow the lifecycle table, so the demo history replays like a real one."""

from datetime import timedelta

from django.utils import timezone

from kinship.directory.models import Service, ServiceStatus
from kinship.families.models import Consent, ConsentMethod, ConsentScope, FamilyAccess

from . import services
from .lifecycle import TABLE, Action, Outcome, Party, State
from .models import Referral, ReferralEvent, Urgency

DEMO_NOTE = "Demonstration data: fictional."
# Paths through the lifecycle (actions after "create"), with rough weights.
PATHS = [
    ([], 4), ([Action.ACKNOWLEDGE], 3), ([Action.ACKNOWLEDGE, Action.ACCEPT], 3),
    ([Action.ACCEPT, Action.START], 3),
    ([Action.ACKNOWLEDGE, Action.ACCEPT, Action.START, Action.COMPLETE], 3),
    ([Action.DECLINE], 2), ([Action.DECLINE, Action.CLOSE], 1),
]
REASONS = [
    "Grandmother caring for two grandchildren, struggling with money since the order.",
    "Aunt asking for help with the child's behaviour at school.",
    "Carer's own health is poor; asks about short breaks.",
    "Family asking about an assessment of their needs.",
]
ASKS = ["A call back and an assessment", "Information about allowances",
        "A family support worker visit", "Peer support group place"]


def _service_of(org_id: int) -> Service | None:
    return (Service.objects.filter(organization__account_organisation_id=org_id,
                                   status=ServiceStatus.ACTIVE)
            .order_by("-is_local_offer", "-is_specialist_kinship_team", "name").first())


def _pairs(ctx):
    """(household, sender, receiver) for households with consent to share."""
    orgs = ctx.shared.get("organisations", {})
    for consent in (Consent.objects.filter(scope=ConsentScope.SHARE_WITH_ORGANISATION,
                                           withdrawn_at__isnull=True)
                    .select_related("household", "organisation").order_by("pk")):
        holder = (FamilyAccess.objects.filter(household=consent.household,
                                              ended_at__isnull=True)
                  .exclude(organisation=consent.organisation).select_related("organisation")
                  .first())
        if holder:
            yield consent.household, holder.organisation, consent.organisation
    # Council teams refer some of their own families to a local charity (with consent).
    for key, team in orgs.items():
        if not key.startswith("council:"):
            continue
        charity = orgs.get(f"charity:{key.split(':', 1)[1]}")
        if charity is None:
            continue
        for access in FamilyAccess.objects.filter(organisation=team, ended_at__isnull=True)[:3]:
            Consent.objects.get_or_create(
                household=access.household, scope=ConsentScope.SHARE_WITH_ORGANISATION,
                organisation=charity, withdrawn_at=None,
                defaults={"given_by_name": "Main carer (demo)", "given_at": timezone.now(),
                          "method": ConsentMethod.VERBAL_PHONE})
            yield access.household, team, charity


def generate(ctx) -> None:
    rng = ctx.rng
    users = ctx.shared.get("users", {})
    now = timezone.now()
    limit = ctx.count(60)
    referrals, events = [], []
    pairs = list(_pairs(ctx))
    for household, sender, receiver in ctx.progress(pairs[:limit], "Referrals",
                                                    min(len(pairs), limit)):
        service = _service_of(receiver.pk)
        if service is None:
            continue
        path = rng.choices([p for p, _w in PATHS], weights=[w for _p, w in PATHS])[0]
        # Some are recent, some weeks old; the old undecided ones are overdue.
        created = now - timedelta(days=rng.choice([0, 1, 2, 5, 9, 16, 30]),
                                  hours=rng.randint(0, 8))
        ack_due, decide_due = services.deadlines(created)
        state, owner, at = State.SENT, receiver, created
        referral = Referral(
            from_organisation=sender, to_service=service, to_organisation=receiver,
            owner_organisation=receiver, household=household,
            reason=rng.choice(REASONS), asked_for=rng.choice(ASKS),
            urgency=rng.choice(Urgency.values), shared_items=["contact_details", "children"],
            shared_note=DEMO_NOTE, created_at=created, ack_due_at=ack_due,
            decision_due_at=decide_due, idempotency_key=f"demo-{household.pk}-{receiver.pk}",
            reference=services.new_reference(),
            secret_hash=services.secret_hash(f"DEMO-{household.pk}"),
        )
        steps = [(Action.CREATE, "", State.SENT, sender, created, referral.reason)]
        for action in path:
            move = TABLE[(state, action)]
            at = at + timedelta(hours=rng.randint(2, 40))
            acting = receiver if move.party == Party.RECEIVER else sender
            note = {"decline": "We cannot help with this (demo)."}.get(action, "")
            steps.append((action, state, move.to_state, acting, min(at, now), note))
            state = move.to_state
            owner = receiver if move.owner == Party.RECEIVER else sender
            if action in (Action.COMPLETE, Action.CLOSE):
                referral.outcome = rng.choice([Outcome.SUPPORT_PROVIDED, Outcome.SIGNPOSTED])
        referral.state, referral.owner_organisation = state, owner
        referral.version = len(steps)
        referral.last_sequence = len(steps)
        referral.updated_at = steps[-1][4]
        referral.last_reason = steps[-1][5] if state == State.DECLINED else ""
        referrals.append(referral)
        for seq, (action, from_state, to_state, org, when, note) in enumerate(steps, 1):
            actor = users.get("adviser") if org == sender and org.kind == "national_advice" \
                else None
            events.append(ReferralEvent(
                referral=referral, sequence=seq, at=when, actor=actor,
                actor_name=actor.full_name if actor else f"Demo worker, {org.name}",
                organisation=org, organisation_name=org.name, action=action,
                from_state=from_state, to_state=to_state, note=note or DEMO_NOTE,
            ))
    Referral.objects.bulk_create(referrals, batch_size=1000)
    ReferralEvent.objects.bulk_create(events, batch_size=1000)
    ctx.shared["referrals"] = len(referrals)
