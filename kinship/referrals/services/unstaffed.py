"""No referral left with nobody: a referral whose next actor has no one who can act goes at
once to the national advice service's queue."""

import logging

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from kinship.accounts.models import Organisation, User
from kinship.accounts.selectors import can_receive, national_receiver
from kinship.audit.models import AuditAction
from kinship.audit.services import record
from kinship.core.email import absolute_url, send_templated

from .. import lifecycle
from ..lifecycle import Action, ReasonCode
from ..models import (
    Referral,
)
from ..permissions import ACTING_ROLES, PLATFORM_ADMIN_ROLES
from .common import _emails_of, _service_of, _staff_url, _write_event, deadlines, has_share_consent
from .webhooks import _queue_webhooks

log = logging.getLogger(__name__)


# --- no referral left with nobody -----------------------------------------------------------

NO_ONE_TO_RECEIVE = "No one to receive"


def route_if_unstaffed(referral_id, *, request=None) -> bool:
    """If no one at the organisation that must act next can act (no active staff, or it is
    suspended), pass the referral at once to the national advice service's queue marked "no
    one to receive", and tell the sender. A system redirect, so the history and the family's
    reference travel with it. Returns True if it moved.

    Accepted or in-progress work cannot be redirected (the lifecycle has no such move): then
    the platform administrators are told at once instead."""
    with transaction.atomic():
        referral = (
            Referral.objects.select_for_update()
            .select_related("owner_organisation", "to_organisation", "from_organisation")
            .filter(pk=referral_id)
            .first()
        )
        if referral is None or referral.is_terminal:
            return False
        owner = referral.owner_organisation
        if can_receive(owner):
            return False
        move = lifecycle.TABLE.get((referral.state, Action.REDIRECT))
        national = national_receiver()
        if move is None or national is None or national.pk == owner.pk:
            _tell_platform_admins(referral, owner)
            return False
        now = timezone.now()
        ack_due, decide_due = deadlines(now)
        service = _service_of(national, referral.household)
        Referral.objects.filter(pk=referral.pk).update(
            state=move.to_state,
            to_organisation=national,
            owner_organisation=national,
            to_service=service,
            no_one_to_receive_at=owner,
            ack_due_at=ack_due,
            decision_due_at=decide_due,
            reminded_at=None,
            escalated_at=None,
            updated_at=now,
            version=F("version") + 1,
            last_sequence=F("last_sequence") + 1,
        )
        sequence = (
            Referral.objects.filter(pk=referral.pk).values_list("last_sequence", flat=True).get()
        )
        note = (
            f"{NO_ONE_TO_RECEIVE}: no one at {owner.name} can act on referrals yet, so "
            f"it was passed at once to {national.name}."
        )
        if not has_share_consent(referral.household_id, national.pk):
            note += (
                " The family has not agreed to share their record with you: ask the "
                "sender or the family before using it."
            )
        # Written in the name of the organisation that could not act (the party whose move
        # this is), so the history replays through the lifecycle table.
        _write_event(
            referral.pk,
            sequence,
            actor=None,
            organisation=owner,
            action=Action.REDIRECT,
            from_state=referral.state,
            to_state=move.to_state,
            note=note,
            reason_code=ReasonCode.NO_ONE_TO_RECEIVE,
            details={
                "owner": national.pk,
                "to_organisation": national.pk,
                "from_organisation": referral.to_organisation_id,
                "to_service": str(service.pk) if service else None,
                "no_one_to_receive": owner.pk,
            },
        )
        record(
            actor=None,
            action=AuditAction.CHANGE,
            obj=referral,
            request=request,
            purpose="no one to receive: passed to the national advice service",
            details={
                "from": referral.state,
                "to": move.to_state,
                "unstaffed_organisation": owner.pk,
                "to_organisation": national.pk,
            },
        )
        _queue_webhooks(referral, sequence, {national.pk, referral.from_organisation_id})
        _tell_sender(referral, owner, national)
    return True


def route_unstaffed_for(organisation: Organisation) -> int:
    """After an organisation loses its last member who can act (or is suspended): pass on
    every open referral it must act on. Returns how many moved."""
    open_ids = list(
        Referral.objects.filter(owner_organisation=organisation)
        .exclude(state__in=lifecycle.TERMINAL_STATES)
        .values_list("pk", flat=True)
    )
    return sum(route_if_unstaffed(pk) for pk in open_ids)


def _tell_sender(referral: Referral, unstaffed: Organisation, national: Organisation) -> None:
    creator = referral.created_by
    to = (
        [creator.email]
        if creator is not None and creator.is_active
        else _emails_of(referral.from_organisation, ACTING_ROLES)
    )
    if not to:
        return
    context = {
        "referral": referral,
        "unstaffed": unstaffed,
        "national": national,
        "url": _staff_url(referral),
    }
    transaction.on_commit(
        lambda: send_templated("referrals/email/no_one_to_receive", context, to, fail_silently=True)
    )


def _tell_platform_admins(referral: Referral, unstaffed: Organisation) -> None:
    to = list(
        User.objects.filter(is_active=True, role__in=PLATFORM_ADMIN_ROLES).values_list(
            "email", flat=True
        )
    )
    log.warning(
        "Referral %s: no one at %s can act and it cannot be passed on",
        referral.reference,
        unstaffed.pk,
    )
    record(
        actor=None,
        action=AuditAction.CHANGE,
        obj=referral,
        purpose="no one to receive: platform administrators told",
        details={"unstaffed_organisation": unstaffed.pk, "state": referral.state},
    )
    if to:
        context = {
            "referral": referral,
            "unstaffed": unstaffed,
            "url": absolute_url("onboarding:organisations"),
        }
        transaction.on_commit(
            lambda: send_templated(
                "referrals/email/no_one_can_act", context, to, fail_silently=True
            )
        )
