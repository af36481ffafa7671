"""The pure transition table: no dead ends, outcomes required, owners consistent."""

from kinship.referrals import lifecycle
from kinship.referrals.lifecycle import TABLE, Action, Party, State


def test_every_non_terminal_state_has_a_way_on():
    for state in State.values:
        if state in lifecycle.TERMINAL_STATES:
            assert not lifecycle.allowed_actions(state, {Party.RECEIVER, Party.SENDER})
        else:
            assert lifecycle.allowed_actions(state, {Party.RECEIVER, Party.SENDER}), state


def test_every_state_is_reachable_from_sent():
    seen, frontier = {State.SENT}, [State.SENT]
    while frontier:
        state = frontier.pop()
        for (s, _a), move in TABLE.items():
            if s == state and move.to_state not in seen:
                seen.add(move.to_state)
                frontier.append(move.to_state)
    assert seen == set(State.values)


def test_terminal_states_need_an_outcome_and_decline_needs_a_reason():
    for (_s, action), move in TABLE.items():
        if move.to_state in lifecycle.TERMINAL_STATES:
            assert "outcome" in move.requires
        if action == Action.DECLINE:
            assert "reason" in move.requires and move.owner == Party.SENDER
        if action == Action.REDIRECT:
            assert {"reason", "to_service"} <= move.requires and move.owner == Party.RECEIVER


def test_owner_after_each_move_matches_the_state():
    for move in TABLE.values():
        if move.to_state != State.CLOSED:
            assert move.owner == lifecycle.expected_owner(move.to_state)


def test_wrong_party_and_wrong_state_are_refused():
    import pytest

    with pytest.raises(lifecycle.InvalidTransition):
        lifecycle.move_for(State.SENT, Action.ACCEPT, Party.SENDER)
    with pytest.raises(lifecycle.InvalidTransition):
        lifecycle.move_for(State.COMPLETED, Action.DECLINE)
    with pytest.raises(lifecycle.InvalidTransition):
        lifecycle.move_for("nonsense", "nonsense")
