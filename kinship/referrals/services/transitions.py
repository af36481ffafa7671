"""Moving a referral through its lifecycle. Every state change goes through `transition`: one
transaction holding a conditional UPDATE (optimistic lock on `version`), the append-only
event and the audit record, so a change is either wholly there or not there at all."""

import logging
from typing import cast

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Field, Model
from django.utils import timezone

from kinship.accounts.permissions import FAMILY_WORK_ROLES
from kinship.accounts.selectors import can_receive
from kinship.audit.models import AuditAction
from kinship.audit.services import record

from .. import lifecycle
from ..lifecycle import Action, Party
from ..models import (
    Referral,
    ReferralEvent,
    WebhookEndpoint,
)
from .common import (
    ReferralError,
    ReferralNotFound,
    StaleReferral,
    _active_service,
    _ensure_consent,
    _write_event,
    deadlines,
    parties_of,
)
from .unstaffed import route_if_unstaffed
from .webhooks import _queue_webhooks

log = logging.getLogger(__name__)


# --- moving through the lifecycle -----------------------------------------------------------


def describe_last_change(referral_id) -> str:
    event = ReferralEvent.objects.filter(referral_id=referral_id).order_by("-sequence").first()
    if event is None:
        return "Someone else changed this referral first. Look at it again."
    when = timezone.localtime(event.at).strftime("%H:%M on %-d %B")
    who = event.actor_name or "Someone"
    org = f" ({event.organisation_name})" if event.organisation_name else ""
    return (
        f"{who}{org} already {event.get_action_display().lower()} this referral at "
        f"{when}. Look at it again before deciding."
    )


def transition(
    referral_id,
    action: str,
    actor,
    expected_version: int,
    *,
    reason: str = "",
    outcome: str = "",
    outcome_note: str = "",
    to_service_id=None,
    consent_method: str = "",
    consent_given_by_name: str = "",
    request=None,
    reason_code: str = "",
) -> Referral:
    """Take `action` on the referral as it was at `expected_version`.

    Raises ReferralNotFound (not a party), lifecycle.InvalidTransition (not allowed now or not
    by this party), ReferralError (missing reason/outcome/consent) or StaleReferral (someone
    changed it first). On any error nothing is written.

    In the usual case four statements and the commit: one read (the referral and whether its
    receiver has webhook endpoints), the conditional UPDATE, the event and the audit record.
    """
    with transaction.atomic():
        referral = _read_for_transition(referral_id)
        if referral is None:
            raise ReferralNotFound(referral_id)
        parties = parties_of(actor, referral)
        if not parties:
            raise ReferralNotFound(referral_id)
        if referral.version != expected_version:
            raise StaleReferral(describe_last_change(referral.pk))
        move = lifecycle.move_for(referral.state, action)
        if move.party not in parties:
            raise lifecycle.InvalidTransition(f"Only the {Party(move.party).label} can do that.")
        values = {"reason": reason.strip(), "outcome": outcome, "to_service": to_service_id}
        missing = lifecycle.missing_fields(move, values)
        if missing:
            raise ReferralError(_missing_message(missing))
        if outcome and outcome not in lifecycle.Outcome.values:
            raise ReferralError("Choose an outcome from the list.")
        if reason_code and (
            reason_code not in lifecycle.CHOSEN_REASON_CODES
            or action not in (Action.DECLINE, Action.REDIRECT)
        ):
            raise ReferralError("Choose a reason from the list.")
        # Usually already loaded (staff_required looks at it).
        acting_org = actor.organisation
        now = timezone.now()
        changes = {"state": move.to_state, "updated_at": now}
        if values["reason"]:
            changes["last_reason"] = values["reason"][:2000]
        if "outcome" in move.requires:
            changes["outcome"] = outcome
            changes["outcome_note"] = outcome_note.strip()[:2000]
        notify = {referral.to_organisation_id}
        new_receiver_id = referral.to_organisation_id
        if action == Action.REDIRECT:
            service = _active_service(to_service_id)
            receiver = service.organization.account_organisation
            if receiver is None:
                raise ReferralError("That service's organisation does not take referrals here.")
            new_receiver_id = receiver.pk
            if new_receiver_id == actor.organisation_id:
                raise ReferralError("Choose a service run by another organisation.")
            _ensure_consent(
                referral.household,
                receiver,
                actor=actor,
                consent_method=consent_method,
                given_by_name=consent_given_by_name,
                request=request,
            )
            ack_due, decide_due = deadlines(now)
            changes.update(
                to_service=service,
                to_organisation=receiver,
                ack_due_at=ack_due,
                decision_due_at=decide_due,
                reminded_at=None,
                escalated_at=None,
            )
            notify.add(new_receiver_id)
        owner_id = (
            new_receiver_id if move.owner == Party.RECEIVER else referral.from_organisation_id
        )
        changes["owner_organisation_id"] = owner_id
        sequence = _conditional_update(referral, expected_version, changes)
        details: dict[str, object] = {"owner": owner_id}
        if action == Action.REDIRECT:
            details.update(
                to_service=str(service.pk),
                to_organisation=new_receiver_id,
                from_organisation=referral.to_organisation_id,
            )
        if outcome:
            details["outcome"] = outcome
        from_state = referral.state
        _write_event(
            referral.pk,
            sequence,
            actor=actor,
            organisation=acting_org,
            action=action,
            from_state=from_state,
            to_state=move.to_state,
            note=values["reason"] or outcome_note,
            reason_code=reason_code,
            details=details,
        )
        record(
            actor=actor,
            action=AuditAction.CHANGE,
            obj=referral,
            request=request,
            purpose=f"referral {action}",
            details={"from": from_state, "to": move.to_state},
        )
        if action == Action.REDIRECT or getattr(referral, "receiver_hooked", True):
            _queue_webhooks(referral, sequence, notify)
        # Whoever must act next (a new receiver, or the sender after a decline) may have no
        # one who can: then it goes on to the national queue at once. The actor is the proof
        # when they work for the new owner; otherwise one query, and the locked re-check in
        # route_if_unstaffed only when no one is there.
        moved = False
        if not _can_act_for(actor, owner_id) and not can_receive(owner_id):
            moved = route_if_unstaffed(referral.pk, request=request)
    if moved:
        referral.refresh_from_db()
    else:
        for field, value in changes.items():
            setattr(referral, field, value)
        referral.version = expected_version + 1
        referral.last_sequence = sequence
    return referral


def _read_for_transition(referral_id) -> Referral | None:
    """The referral, and whether its receiver has active webhook endpoints, in one statement.
    Raw SQL on a cursor because this is the hot path: the ORM spends several times the query's
    own time compiling the same statement with an EXISTS annotation (and a raw queryset still
    works out its columns and converters on every call). The row goes through the same
    converters the ORM would apply, worked out once per database."""
    field = Referral._meta.pk
    assert field is not None
    try:
        key = field.to_python(referral_id)
    except ValidationError:
        return None
    sql, fields, converters = _read_plan()
    with connection.cursor() as cursor:
        cursor.execute(sql, [field.get_db_prep_value(key, connection)])
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row[:-1])
    for index, expression, chain in converters:
        value = values[index]
        for convert in chain:
            value = convert(value, expression, connection)
        values[index] = value
    referral = Referral.from_db(connection.alias, fields, values)
    referral.receiver_hooked = bool(row[-1])  # type: ignore[attr-defined]
    return referral


_READ_PLANS: dict[str, tuple[str, list[str], list]] = {}


def _read_plan() -> tuple[str, list[str], list]:
    plan = _READ_PLANS.get(connection.alias)
    if plan is None:
        qn = connection.ops.quote_name
        meta = Referral._meta
        hooks, referrals = qn(WebhookEndpoint._meta.db_table), qn(meta.db_table)
        concrete = list(meta.concrete_fields)
        columns = ", ".join(f"r.{qn(cast(str, f.column))}" for f in concrete)
        # Table and column names from the models; the id is a bound parameter.
        sql = (
            f"SELECT {columns}, EXISTS (SELECT 1 FROM {hooks} w WHERE "  # noqa: S608
            f"w.organisation_id = r.to_organisation_id AND w.is_active) FROM {referrals} r "
            "WHERE r.id = %s"
        )
        converters = []
        for index, f in enumerate(concrete):
            col = f.get_col(meta.db_table)
            chain = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
            if chain:
                converters.append((index, col, chain))
        plan = (sql, [f.attname for f in concrete], converters)
        _READ_PLANS[connection.alias] = plan
    return plan


def _conditional_update(referral: Referral, expected_version: int, changes: dict) -> int:
    """The optimistic lock: the UPDATE applies only to the version read. It also names the
    last event sequence read, so the new event's sequence is known without reading it back;
    a reminder or escalation written meanwhile (they add an event without changing the
    version) only means reading the sequence again and retrying."""
    last_sequence = referral.last_sequence
    while True:
        if _update_if_unchanged(referral.pk, expected_version, last_sequence, changes):
            return last_sequence + 1
        now_at = (
            Referral.objects.filter(pk=referral.pk).values_list("version", "last_sequence").first()
        )
        if now_at is None or now_at[0] != expected_version:
            raise StaleReferral(describe_last_change(referral.pk))
        last_sequence = now_at[1]


def _update_if_unchanged(pk, expected_version: int, last_sequence: int, changes: dict) -> bool:
    """`Referral.objects.filter(pk=…, version=…, last_sequence=…).update(…)` written out: the
    same parameterised statement without the ORM compiling it on every transition (about a
    millisecond of Python, as much as the statement itself on SQLite). Columns and values go
    through the model's own fields, so the types are prepared exactly as the ORM would."""
    meta = Referral._meta
    qn = connection.ops.quote_name
    values = {"version": expected_version + 1, "last_sequence": last_sequence + 1, **changes}
    assignments, params = [], []
    for name, value in values.items():
        field = cast(Field, meta.get_field(name))  # only concrete fields are changed here
        if field.is_relation and isinstance(value, Model):
            value = value.pk
        assignments.append(f"{qn(cast(str, field.column))} = %s")
        params.append(field.get_db_prep_save(value, connection))
    pk_field = meta.pk
    assert pk_field is not None
    params += [
        pk_field.get_db_prep_value(pk, connection),
        expected_version,
        last_sequence,
    ]
    # Column and table names come from the model; every value is a bound parameter.
    sql = (
        f"UPDATE {qn(meta.db_table)} SET {', '.join(assignments)} "  # noqa: S608
        f"WHERE {qn(cast(str, pk_field.column))} = %s AND {qn('version')} = %s "
        f"AND {qn('last_sequence')} = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount == 1


def _can_act_for(user, organisation_id: int) -> bool:
    """In memory, what `staff_who_can_act(organisation_id).exists()` asks of one user."""
    return bool(
        user.organisation_id == organisation_id
        and user.organisation.suspended_at is None
        and user.is_active
        and user.role in FAMILY_WORK_ROLES
        and user.password
        and user.has_usable_password()
    )


def _missing_message(missing: list[str]) -> str:
    words = {
        "reason": "give a reason",
        "outcome": "choose the outcome",
        "to_service": "choose the service to send it to",
    }
    return "To do this, " + " and ".join(words.get(m, m) for m in missing) + "."
