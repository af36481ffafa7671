"""Disclosure control on tables whose correct protection we know, and properties of any table.

An attacker is played by linear programming (scipy's HiGHS): given every figure that is shown,
the true totals included, how tightly can each withheld cell be pinned down?
"""

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from kinship.insights import cellkey
from kinship.insights.disclosure import PERTURBED, protect
from kinship.insights.suppression import (
    PRIMARY,
    SAFE,
    SECONDARY,
    TOTAL,
    SuppressionError,
    margins,
    suppress,
)

THRESHOLD = 5


def attacker_bounds(counts, status):
    """The tightest (low, high) of each withheld cell given the true values of shown cells."""
    full = margins(counts)
    hidden = [key for key, state in status.items() if state != SAFE]
    index = {key: i for i, key in enumerate(hidden)}
    rows = {r for r, _ in counts}
    cols = {c for _, c in counts}
    equations = []
    for r in rows | {TOTAL}:
        members = [(r, c) for c in cols]
        equations.append((members, (r, TOTAL)))
    for c in cols | {TOTAL}:
        members = [(r, c) for r in rows]
        equations.append((members, (TOTAL, c)))
    a_eq, b_eq = [], []
    for members, total in equations:
        row = np.zeros(len(hidden))
        rhs = 0.0
        for key in members:
            if key in index:
                row[index[key]] += 1
            else:
                rhs -= full[key]
        if total in index:
            row[index[total]] -= 1
        else:
            rhs += full[total]
        if row.any():
            a_eq.append(row)
            b_eq.append(rhs)
    bounds = {}
    for key, i in index.items():
        objective = np.zeros(len(hidden))
        objective[i] = 1
        low = linprog(
            objective, A_eq=a_eq or None, b_eq=b_eq or None, bounds=(0, None), method="highs"
        )
        high = linprog(
            -objective, A_eq=a_eq or None, b_eq=b_eq or None, bounds=(0, None), method="highs"
        )
        assert low.status == 0 and high.status in (0, 3)  # 3: unbounded, nothing pins it
        bounds[key] = (low.fun, float("inf") if high.status == 3 else -high.fun)
    return bounds


KNOWN = {
    ("A", "X"): 20,
    ("A", "Y"): 2,
    ("A", "Z"): 30,
    ("B", "X"): 25,
    ("B", "Y"): 40,
    ("B", "Z"): 35,
    ("C", "X"): 12,
    ("C", "Y"): 18,
    ("C", "Z"): 22,
}


def test_one_small_cell_is_hidden_with_the_cheapest_rectangle():
    status = suppress(KNOWN, threshold=THRESHOLD).status
    withheld = {key for key, state in status.items() if state != SAFE}
    assert status[("A", "Y")] == PRIMARY
    # The only patterns that protect A/Y are rectangles through it; the one hiding least
    # (20 + 12 + 18 = 50) is A/X, C/X, C/Y.
    assert withheld == {("A", "Y"), ("A", "X"), ("C", "X"), ("C", "Y")}
    assert {status[k] for k in withheld - {("A", "Y")}} == {SECONDARY}
    assert all(status[key] == SAFE for key in status if TOTAL in key)


def test_a_one_way_table_hides_a_second_cell():
    counts = {("A", "all"): 20, ("B", "all"): 2, ("C", "all"): 30}
    status = suppress(counts, threshold=THRESHOLD).status
    assert status[("B", "all")] == PRIMARY
    assert status[("A", "all")] == SECONDARY  # the smaller of the two others
    assert status[("C", "all")] == SAFE
    assert status[(TOTAL, "all")] == SAFE


def test_two_small_cells_in_one_row_still_need_protection_from_the_columns():
    counts = {
        ("A", "X"): 1,
        ("A", "Y"): 1,
        ("A", "Z"): 40,
        ("B", "X"): 30,
        ("B", "Y"): 30,
        ("B", "Z"): 30,
    }
    status = suppress(counts, threshold=THRESHOLD).status
    assert status[("A", "X")] == status[("A", "Y")] == PRIMARY
    # Each column holds a hidden cell, so each needs a second hidden cell below it.
    assert status[("B", "X")] != SAFE and status[("B", "Y")] != SAFE
    for low, high in attacker_bounds(counts, status).values():
        assert high - low > 0


def test_a_table_with_nothing_small_hides_nothing():
    counts = {("A", "X"): 5, ("A", "Y"): 0, ("B", "X"): 9, ("B", "Y"): 12}
    status = suppress(counts, threshold=THRESHOLD).status
    assert set(status.values()) == {SAFE}


def test_bad_settings_are_refused():
    with pytest.raises(ValueError):
        suppress(KNOWN, threshold=1)
    with pytest.raises(ValueError):
        suppress(KNOWN, threshold=5, safety_range=0)
    with pytest.raises(ValueError):
        suppress({("A", "X"): -1}, threshold=5)


def test_engine_failure_is_reported_not_crashed(monkeypatch):
    from kinship.insights import suppression

    monkeypatch.setattr(suppression.sys, "executable", "/bin/false")
    with pytest.raises(SuppressionError):
        suppress(KNOWN, threshold=THRESHOLD)


tables = st.integers(min_value=2, max_value=5).flatmap(
    lambda n_rows: st.integers(min_value=1, max_value=4).flatmap(
        lambda n_cols: st.lists(
            st.one_of(st.integers(0, 6), st.integers(0, 60)),
            min_size=n_rows * n_cols,
            max_size=n_rows * n_cols,
        ).map(
            lambda values: {(f"r{i // n_cols}", f"c{i % n_cols}"): v for i, v in enumerate(values)}
        )
    )
)


@settings(max_examples=30)
@given(tables)
@example({("r0", "c0"): 0, ("r1", "c0"): 1})  # everything hidden: nothing pins a cell
def test_no_hidden_cell_can_be_worked_out_from_the_totals(counts):
    status = suppress(counts, threshold=THRESHOLD).status
    full = margins(counts)
    for key, value in full.items():
        if 0 < value < THRESHOLD and key[0] != TOTAL and key[1] != TOTAL:
            assert status[key] == PRIMARY
    for key, (low, high) in attacker_bounds(counts, status).items():
        assert low <= full[key] + 1e-6 and full[key] <= high + 1e-6
        assert high - low >= 1 - 1e-6, f"{key} pinned to {low}..{high}"


@settings(max_examples=30)
@given(tables, st.lists(st.integers(0, 10_000), min_size=40, max_size=40))
def test_published_tables_show_no_small_count_and_move_each_figure_at_most_two(counts, keys):
    key_sums = {key: keys[i % len(keys)] * (i + 1) for i, key in enumerate(sorted(counts))}
    table = protect(counts, key_sums, threshold=THRESHOLD, safety_range=30)
    full = margins(counts)
    for key, cell in table.cells.items():
        if cell.value is None:
            assert cell.status in (PRIMARY, SECONDARY)
            continue
        assert cell.value == 0 or cell.value >= THRESHOLD
        assert abs(cell.value - full[key]) <= cellkey.MAX_PERTURBATION
        assert (cell.status == PERTURBED) == (cell.value != full[key])
    assert sum(table.counts.values()) == len(table.cells)


@given(st.integers(THRESHOLD, 10_000), st.integers(0, 255))
def test_perturbation_is_a_fixed_function_of_count_and_key(value, key):
    first = cellkey.perturb(value, key, threshold=THRESHOLD)
    assert first == cellkey.perturb(value, key, threshold=THRESHOLD)
    assert first >= THRESHOLD
    assert first in cellkey.possible_published(value, threshold=THRESHOLD)


@given(st.integers(THRESHOLD, 10_000))
def test_neighbouring_counts_can_be_published_as_the_same_figure(value):
    # Plausible deniability: one family more or fewer can always give the same figure.
    assert cellkey.possible_published(value, threshold=THRESHOLD) & cellkey.possible_published(
        value + 1, threshold=THRESHOLD
    )


def test_the_perturbation_table_is_unbiased_away_from_the_threshold():
    moves = [cellkey.perturbation(100, key, threshold=THRESHOLD) for key in range(256)]
    assert sum(moves) == 0
    assert set(moves) == {-2, -1, 0, 1, 2}
    assert moves.count(0) == 102
