"""The small-cell suppression of the national view: an attacker who knows every published
cell and total tries to recompute each hidden cell, by subtraction along rows and columns and
by solving the whole linear system exactly, and must fail."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kring.reports.suppression import suppress, with_totals

Cell = tuple[int, int]


def equations(grid_rows: int, grid_cols: int) -> list[list[tuple[Cell, int]]]:
    """Every published margin as an equation over grid cells: each row's cells minus its row
    total is zero, each column's cells minus its column total is zero (the totals row and
    column included, so the grand total takes part both ways)."""
    last_r, last_c = grid_rows - 1, grid_cols - 1
    result = []
    for i in range(grid_rows):
        result.append([((i, j), 1) for j in range(last_c)] + [((i, last_c), -1)])
    for j in range(grid_cols):
        result.append([((i, j), 1) for i in range(last_r)] + [((last_r, j), -1)])
    return result


def recovered_by_subtraction(table) -> set[Cell]:
    """Repeatedly: an equation with one unknown left gives that unknown."""
    values = table.values
    unknown = set(table.hidden)
    found: set[Cell] = set()
    progress = True
    while progress:
        progress = False
        for equation in equations(len(values), len(values[0])):
            left = [cell for cell, _ in equation if cell in unknown]
            if len(left) == 1:
                unknown.discard(left[0])
                found.add(left[0])
                progress = True
    return found


def rank(rows: list[list[Fraction]]) -> int:
    """Exact rank by Gaussian elimination over the rationals."""
    matrix = [row[:] for row in rows]
    rank_, width = 0, len(matrix[0]) if matrix else 0
    for col in range(width):
        pivot = next((r for r in range(rank_, len(matrix)) if matrix[r][col] != 0), None)
        if pivot is None:
            continue
        matrix[rank_], matrix[pivot] = matrix[pivot], matrix[rank_]
        for r in range(len(matrix)):
            if r != rank_ and matrix[r][col] != 0:
                factor = matrix[r][col] / matrix[rank_][col]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[rank_], strict=True)]
        rank_ += 1
    return rank_


def recovered_by_linear_algebra(table) -> set[Cell]:
    """A hidden cell is determined by the published figures exactly when its unit vector lies
    in the row space of the equations restricted to the hidden cells."""
    hidden = sorted(table.hidden)
    if not hidden:
        return set()
    index = {cell: k for k, cell in enumerate(hidden)}
    system = []
    for equation in equations(len(table.values), len(table.values[0])):
        row = [Fraction(0)] * len(hidden)
        for cell, sign in equation:
            if cell in index:
                row[index[cell]] += sign
        if any(row):
            system.append(row)
    base = rank(system) if system else 0
    found = set()
    for cell, k in index.items():
        unit = [Fraction(0)] * len(hidden)
        unit[k] = Fraction(1)
        if (rank([*system, unit]) if system else 1) == base:
            found.add(cell)
    return found


tables = st.integers(min_value=1, max_value=5).flatmap(
    lambda rows: st.integers(min_value=1, max_value=5).flatmap(
        lambda cols: st.lists(
            st.lists(st.one_of(st.integers(0, 12), st.integers(0, 60)), min_size=cols, max_size=cols),
            min_size=rows,
            max_size=rows,
        )
    )
)


@settings(max_examples=300, deadline=None)
@given(tables)
def test_no_hidden_cell_can_be_recomputed_from_the_published_margins(counts):
    table = suppress(counts)
    assert recovered_by_subtraction(table) == set()
    assert recovered_by_linear_algebra(table) == set()


@settings(max_examples=200, deadline=None)
@given(tables)
def test_every_small_count_is_hidden_and_shown_figures_are_true(counts):
    table = suppress(counts)
    grid = with_totals(counts)
    for i, row in enumerate(grid):
        for j, value in enumerate(row):
            if 0 < value < 10:
                assert (i, j) in table.primary
            shown = table.shown(i, j)
            assert shown is None or shown == value


def test_a_known_table_hides_the_small_cell_and_its_partners():
    # practices x years; 4 is small, so a partner in its row and its column must go too
    table = suppress([[40, 4, 30], [25, 20, 50]])
    assert table.primary == {(0, 1)}
    assert (0, 1) in table.hidden
    assert len(table.hidden) >= 4
    published = table.published()
    assert published[2][3] == 169  # the grand total stays shown
    assert recovered_by_linear_algebra(table) == set()


def test_the_attacker_in_this_test_does_recover_a_naive_suppression():
    """The attack is real: hiding only the small cell lets subtraction find it."""

    class Naive:
        values = with_totals([[40, 4, 30], [25, 20, 50]])
        hidden = frozenset({(0, 1)})

    assert recovered_by_subtraction(Naive) == {(0, 1)}
    assert recovered_by_linear_algebra(Naive) == {(0, 1)}


def test_a_two_by_two_cycle_is_still_found_by_the_linear_attack_when_a_total_gives_it_away():
    class Leaky:
        # hidden: a 2x2 square of inner cells is safe, but hiding one total next to it leaves
        # a bridge the solver finds
        values = with_totals([[5, 6, 30], [7, 8, 40]])
        hidden = frozenset({(0, 0), (0, 1), (1, 0), (1, 1), (0, 3)})

    assert (0, 3) in recovered_by_linear_algebra(Leaky)


def test_bad_tables_are_refused_with_a_reason():
    with pytest.raises(ValueError, match="same number"):
        suppress([[1, 2], [3]])
    with pytest.raises(ValueError, match="never negative"):
        suppress([[1, -2]])
    with pytest.raises(ValueError, match="at least one"):
        suppress([])
