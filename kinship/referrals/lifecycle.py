"""The referral lifecycle as a pure table: (state, action) -> what happens.

No database, no request: `services.transition` looks the move up here, so the rule "which
step may follow which, by whom, needing what" is written once, and the property-based test
replays every referral's events through the same table.

No dead ends: every non-terminal state has at least one way on, and the two terminal states
(completed, closed) can only be reached with an outcome. A declined referral goes back to the
sender, who must close it with an outcome or redirect it to another service.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    SENT = "sent", _("Sent")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    ACCEPTED = "accepted", _("Accepted")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    DECLINED = "declined", _("Declined (back with the sender)")
    REDIRECTED = "redirected", _("Redirected")
    CLOSED = "closed", _("Closed by the sender")


class Action(models.TextChoices):
    CREATE = "create", _("Sent")
    ACKNOWLEDGE = "acknowledge", _("Acknowledged")
    ACCEPT = "accept", _("Accepted")
    START = "start", _("Work started")
    COMPLETE = "complete", _("Completed")
    DECLINE = "decline", _("Declined")
    REDIRECT = "redirect", _("Redirected")
    CLOSE = "close", _("Closed")
    # Bookkeeping events: they change no state.
    REMINDER = "reminder", _("Reminder sent")
    ESCALATION = "escalation", _("Escalated to organisation administrators")


class Outcome(models.TextChoices):
    SUPPORT_PROVIDED = "support_provided", _("Support provided")
    SIGNPOSTED = "signposted", _("Family given information or signposted")
    FAMILY_DECLINED = "family_declined", _("The family did not want support")
    NO_CONTACT = "no_contact", _("Could not reach the family")
    NOT_ELIGIBLE = "not_eligible", _("Not eligible for this service")
    NO_LONGER_NEEDED = "no_longer_needed", _("No longer needed")
    OTHER = "other", _("Other (see note)")


class ReasonCode(models.TextChoices):
    """Why a referral was declined or redirected, as a code that can be counted and published
    (the free-text reason beside it never is). Kinship Hub's own list, not a statutory one."""

    NOT_ELIGIBLE = "not_eligible", _("The family is not eligible for this service")
    NO_CAPACITY = "no_capacity", _("No capacity: the service is full or has a waiting list")
    OUTSIDE_AREA = "outside_area", _("Outside the area the service covers")
    BETTER_ELSEWHERE = "better_elsewhere", _("Another service is a better fit")
    FAMILY_DECLINED = "family_declined", _("The family did not want it")
    NO_CONTACT = "no_contact", _("Could not reach the family")
    MORE_INFORMATION = "more_information", _("Not enough information to decide")
    NO_ONE_TO_RECEIVE = "no_one_to_receive", _("No one at the organisation could act on it")
    OTHER = "other", _("Other (see the reason given)")


# The codes staff choose from; NO_ONE_TO_RECEIVE is set only by the automatic hand-on.
CHOSEN_REASON_CODES = [c for c in ReasonCode if c != ReasonCode.NO_ONE_TO_RECEIVE]


class Party(models.TextChoices):
    """Who may take an action: staff of the receiving or of the sending organisation."""

    RECEIVER = "receiver", _("receiving organisation")
    SENDER = "sender", _("sending organisation")


TERMINAL_STATES = frozenset({State.COMPLETED, State.CLOSED})
# States in which the receiver has not yet decided (the acknowledge/decide clocks run).
AWAITING_ACK = frozenset({State.SENT, State.REDIRECTED})
AWAITING_DECISION = frozenset({State.SENT, State.ACKNOWLEDGED, State.REDIRECTED})


@dataclass(frozen=True)
class Move:
    to_state: str
    party: str
    # Which organisation owns the referral afterwards (must act next).
    owner: str
    requires: frozenset = frozenset()


def _m(to_state, party, owner=None, requires=()):
    return Move(to_state, party, owner or party, frozenset(requires))


R, S = Party.RECEIVER, Party.SENDER
_UNDECIDED = (State.SENT, State.ACKNOWLEDGED, State.REDIRECTED)

TABLE: dict[tuple[str, str], Move] = {
    (State.SENT, Action.ACKNOWLEDGE): _m(State.ACKNOWLEDGED, R),
    (State.REDIRECTED, Action.ACKNOWLEDGE): _m(State.ACKNOWLEDGED, R),
    **{(s, Action.ACCEPT): _m(State.ACCEPTED, R) for s in _UNDECIDED},
    (State.ACCEPTED, Action.START): _m(State.IN_PROGRESS, R),
    (State.ACCEPTED, Action.COMPLETE): _m(State.COMPLETED, R, requires={"outcome"}),
    (State.IN_PROGRESS, Action.COMPLETE): _m(State.COMPLETED, R, requires={"outcome"}),
    # Declining hands the referral back to the sender, with the reason.
    **{(s, Action.DECLINE): _m(State.DECLINED, R, owner=S, requires={"reason"})
       for s in _UNDECIDED},
    # The receiver may pass it on (the history travels, and the new service's organisation
    # becomes the receiver and owner) instead of declining it...
    **{(s, Action.REDIRECT): _m(State.REDIRECTED, R, requires={"reason", "to_service"})
       for s in _UNDECIDED},
    # Accepted work can be passed on too (the receiver can no longer do it, or no one there
    # is left to: services.route_if_unstaffed), so work is never left with nobody.
    **{(s, Action.REDIRECT): _m(State.REDIRECTED, R, requires={"reason", "to_service"})
       for s in (State.ACCEPTED, State.IN_PROGRESS)},
    # ...and after a decline the sender must redirect it or close it with an outcome.
    (State.DECLINED, Action.REDIRECT): _m(State.REDIRECTED, S, owner=R,
                                          requires={"reason", "to_service"}),
    (State.DECLINED, Action.CLOSE): _m(State.CLOSED, S, requires={"outcome"}),
    # The sender may withdraw a referral the receiver has not yet taken on.
    **{(s, Action.CLOSE): _m(State.CLOSED, S, owner=S, requires={"outcome", "reason"})
       for s in _UNDECIDED},
}


class InvalidTransition(ValueError):
    """The action is not allowed from this state, or not by this party."""


def move_for(state: str, action: str, party: str | None = None) -> Move:
    move = TABLE.get((state, action))
    if move is None:
        raise InvalidTransition(
            f"A referral that is {State(state).label.lower()} cannot be "
            f"{Action(action).label.lower()}." if state in State.values
            and action in Action.values else "Unknown state or action."
        )
    if party is not None and move.party != party:
        raise InvalidTransition(
            f"Only the {Party(move.party).label} can do that."
        )
    return move


def allowed_actions(state: str, parties: set[str]) -> list[str]:
    """Actions the given parties may take now, in table order."""
    return [a for (s, a), m in TABLE.items() if s == state and m.party in parties]


def expected_owner(state: str) -> str:
    """Which party must own a referral in this state (terminal: whoever closed it)."""
    if state == State.DECLINED:
        return Party.SENDER
    if state == State.CLOSED:
        return Party.SENDER
    return Party.RECEIVER


def missing_fields(move: Move, fields: dict) -> list[str]:
    return sorted(f for f in move.requires if not fields.get(f))
