"""Small-count suppression: an attacker with the published table and its totals
tries to recompute every hidden cell by linear arithmetic, and must fail."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from radar.policy.build import TableRequest, build_table
from radar.policy.suppress import (
    PRIMARY,
    SECONDARY,
    protect_grid,
    protect_line,
    publish,
    suppress_columns,
    suppress_crosstab,
)
from radar.policy.tables import TOTAL_LABEL


def is_hidden(value: object) -> bool:
    return isinstance(value, str)


def recoverable(equations: list[tuple[list[int], float]], n_unknowns: int) -> set[int]:
    """Indices of unknowns fixed by the linear equations sum(x[idx]) = rhs.

    An unknown x_i is determined exactly when the unit vector e_i lies in the row
    space of the coefficient matrix: adding it as a row does not raise the rank.
    """
    if n_unknowns == 0:
        return set()
    a = np.zeros((max(len(equations), 1), n_unknowns))
    for r, (idx, _) in enumerate(equations):
        a[r, idx] = 1.0
    rank = np.linalg.matrix_rank(a)
    fixed = set()
    for i in range(n_unknowns):
        e = np.zeros((1, n_unknowns))
        e[0, i] = 1.0
        if np.linalg.matrix_rank(np.vstack([a, e])) == rank:
            fixed.add(i)
    return fixed


def attack_crosstab(published: pd.DataFrame) -> set[tuple[int, int]]:
    """Recompute what the row and column totals reveal; return the cells found."""
    body = published[published.iloc[:, 0] != TOTAL_LABEL]
    cols = [c for c in published.columns[1:] if c != TOTAL_LABEL]
    grid = body[cols].to_numpy(dtype=object)
    unknown = {
        cell: n
        for n, cell in enumerate(
            (i, j)
            for i in range(grid.shape[0])
            for j in range(grid.shape[1])
            if is_hidden(grid[i, j])
        )
    }
    equations = []
    for i in range(grid.shape[0]):
        idx = [unknown[(i, j)] for j in range(grid.shape[1]) if (i, j) in unknown]
        equations.append((idx, 0.0))
    for j in range(grid.shape[1]):
        idx = [unknown[(i, j)] for i in range(grid.shape[0]) if (i, j) in unknown]
        equations.append((idx, 0.0))
    fixed = recoverable(equations, len(unknown))
    return {cell for cell, n in unknown.items() if n in fixed}


def attack_column(published: pd.DataFrame, column: str) -> set[int]:
    """Recompute hidden cells of one column from its Eindtotaal."""
    body = published[published.iloc[:, 0] != TOTAL_LABEL][column].tolist()
    hidden = [i for i, v in enumerate(body) if is_hidden(v)]
    fixed = recoverable([(list(range(len(hidden))), 0.0)], len(hidden))
    return {hidden[n] for n in fixed}


def assert_every_line_has_zero_or_two(marks: np.ndarray) -> None:
    hidden = marks != 0
    for line in (*hidden, *hidden.T):
        assert line.sum() != 1


def test_a_lone_small_cell_takes_the_next_smallest_non_zero_cell_with_it():
    hidden = protect_line(np.array([3, 0, 40, 9, 12]), np.array([1, 0, 0, 0, 0]) > 0)
    assert hidden.tolist() == [True, False, False, True, False]


def test_two_small_cells_need_no_secondary_cell():
    hidden = protect_line(np.array([3, 2, 40]), np.array([True, True, False]))
    assert hidden.tolist() == [True, True, False]


def test_a_zero_is_only_used_when_no_non_zero_cell_is_left():
    hidden = protect_line(np.array([3, 0, 0]), np.array([True, False, False]))
    assert hidden.tolist() == [True, True, False]


def test_one_dimensional_table_hides_small_counts_and_keeps_the_total():
    table = pd.DataFrame(
        {
            "provincie": ["A", "B", "C", "D", TOTAL_LABEL],
            "erkenningen": [3, 0, 25, 11, 39],
        }
    )
    marks = suppress_columns(table, 5, ["erkenningen"])
    published = publish(table, marks, 5)
    assert published["erkenningen"].tolist() == ["<5", 0, 25, "x", 39]
    assert marks["erkenningen"].tolist() == [PRIMARY, 0, 0, SECONDARY, 0]
    assert attack_column(published, "erkenningen") == set()


def test_degree_rule_alone_leaves_a_bridge_that_the_grid_rule_closes():
    # Two 2x2 blocks of small cells joined by one small cell (0, 2): every row and
    # column then holds two or more hidden cells, yet the joining cell follows from
    # R0 + R1 - C0 - C1. The grid rule must hide one more cell to close a cycle.
    grid = np.array(
        [
            [2, 3, 4, 50, 60],
            [3, 2, 70, 80, 90],
            [70, 80, 2, 3, 95],
            [75, 85, 3, 2, 99],
            [60, 61, 62, 63, 64],
        ]
    )
    primary = (grid > 0) & (grid < 5)
    table = grid_table(grid)
    degree_only = table.astype(object)
    for i, j in zip(*np.nonzero(primary), strict=True):
        degree_only.iloc[i, j + 1] = "<5"
    assert (0, 2) in attack_crosstab(degree_only)
    hidden = protect_grid(grid, primary)
    assert hidden.sum() > primary.sum()
    marks = suppress_crosstab(table, 5)
    assert attack_crosstab(publish(table, marks, 5)) == set()


def grid_table(grid: np.ndarray) -> pd.DataFrame:
    n_rows, n_cols = grid.shape
    table = pd.DataFrame(grid, columns=[f"c{j}" for j in range(n_cols)])
    table.insert(0, "rij", [f"r{i}" for i in range(n_rows)])
    table[TOTAL_LABEL] = grid.sum(axis=1)
    total = pd.DataFrame(
        [["Eindtotaal", *grid.sum(axis=0), grid.sum()]], columns=table.columns
    )
    return pd.concat([table, total], ignore_index=True)


@settings(max_examples=150, deadline=None)
@given(
    st.integers(2, 6).flatmap(
        lambda r: st.integers(2, 6).flatmap(
            lambda c: st.lists(
                st.lists(
                    st.one_of(st.integers(0, 6), st.integers(0, 60)),
                    min_size=c,
                    max_size=c,
                ),
                min_size=r,
                max_size=r,
            )
        )
    ),
    st.sampled_from([3, 5, 10]),
)
def test_no_hidden_cell_of_any_small_crosstab_can_be_recomputed(rows, k):
    grid = np.array(rows)
    table = grid_table(grid)
    marks = suppress_crosstab(table, k)
    published = publish(table, marks, k)
    body_marks = marks.iloc[:-1, 1:-1].to_numpy()
    small = (grid > 0) & (grid < k)
    assert ((body_marks == PRIMARY) == small).all()
    assert not (body_marks[grid == 0] == PRIMARY).any()
    assert attack_crosstab(published) == set()
    assert_every_line_has_zero_or_two(body_marks)
    # Totals are published unchanged.
    pd.testing.assert_series_equal(published[TOTAL_LABEL], table[TOTAL_LABEL])
    assert published.iloc[-1].tolist() == table.iloc[-1].tolist()


REQUESTS = [
    dict(kind="recognitions", by="programme"),
    dict(kind="expiring", by="arrondissement", months=1),
    dict(kind="recognitions", by="partnership", cross="province"),
    dict(kind="recognitions", by="programme", cross="province"),
    dict(kind="expiring", by="partnership", cross="province", months=3),
    dict(kind="offer", by="programme"),
    dict(kind="offer", by="programme", cross="province"),
    dict(kind="offer", by="province", cross="partnership"),
    dict(kind="recognitions", by="programme", compare_to="2021-02-07"),
]


@pytest.mark.parametrize("k", [5, 10])
@pytest.mark.parametrize(
    "params", REQUESTS, ids=lambda p: "-".join(map(str, p.values()))
)
def test_demo_tables_hide_small_counts_unrecoverably_and_keep_totals(demo, params, k):
    params = dict(params)
    if "compare_to" in params:
        params["compare_to"] = pd.Timestamp(params["compare_to"])
    request = TableRequest(as_of=pd.Timestamp("2022-02-07"), suppress=k, **params)
    pt = build_table(demo, request)
    published, values = pt.table, pt.values
    label = published.columns[0]
    assert published[label].tolist() == values[label].tolist()
    hidden = published.map(is_hidden).to_numpy()
    hidden[:, 0] = False
    assert hidden.any(), "the demo should have small counts to hide"
    # Every small count is hidden, and what is shown is the true value.
    for col in values.columns[1:]:
        v, p = values[col], published[col]
        if "verschil" in col or col == TOTAL_LABEL:  # totals and changes are shown
            continue
        small = (v > 0) & (v < k) & (values[label] != TOTAL_LABEL)
        assert p[small].map(is_hidden).all(), col
        shown = ~p.map(is_hidden)
        assert (p[shown].astype("int64") == v[shown]).all(), col
    # Totals are never hidden.
    total_row = published[published[label] == TOTAL_LABEL].iloc[:, 1:]
    assert not total_row.map(is_hidden).to_numpy().any()
    assert total_row.to_numpy().tolist() == (
        values[values[label] == TOTAL_LABEL].iloc[:, 1:].to_numpy().tolist()
    )
    if request.cross is not None:
        assert not published[TOTAL_LABEL].map(is_hidden).any()
        assert attack_crosstab(published) == set()
    else:
        counts = [c for c in published.columns[1:] if "%" not in c]
        for col in counts:
            assert attack_column(published, col) == set(), col
        # A change is hidden whenever either of its dates is.
        for m in request.measures if request.compare_to is not None else ():
            now = published[f"{m} 07-02-2022"].map(is_hidden)
            before = published[f"{m} 07-02-2021"].map(is_hidden)
            assert (published[f"{m} verschil"].map(is_hidden) == (now | before)).all()
            assert (published[f"{m} verschil %"].map(is_hidden) == (now | before)).all()
