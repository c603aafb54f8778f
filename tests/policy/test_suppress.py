"""Small-count suppression: an attacker with the published tables, their totals and
a linear-programming solver tries to recompute or narrow every hidden cell, and must
fail: no hidden cell is pinned, no ``<K`` cell is narrower than 1..K-1, no total
below K is published, and tables of one answer agree on every number they share."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from lp_attack import Attacker, attack_tables, is_hidden

from radar.policy.build import TableRequest, build_table
from radar.policy.report import audit_tables, check_together, policy_workbook
from radar.policy.suppress import (
    PRIMARY,
    SECONDARY,
    SuppressionError,
    protect_grid,
    protect_line,
    publish,
    suppress_columns,
    suppress_crosstab,
)
from radar.policy.tables import GROUP_HEADERS, GROUPINGS, TOTAL_LABEL

DATE = pd.Timestamp("2022-02-07")
BEFORE = pd.Timestamp("2021-02-07")


def recoverable(equations: list[tuple[list[int], float]], n_unknowns: int) -> set[int]:
    """Indices of unknowns fixed by the linear equations sum(x[idx]) = rhs.

    An unknown x_i is determined exactly when the unit vector e_i lies in the row
    space of the coefficient matrix: adding it as a row does not raise the rank.
    """
    if n_unknowns == 0:
        return set()
    a = np.zeros((max(len(equations), 1), n_unknowns))
    for r, (idx, _) in enumerate(equations):
        for i, sign in idx:
            a[r, i] = sign
    rank = np.linalg.matrix_rank(a)
    fixed = set()
    for i in range(n_unknowns):
        e = np.zeros((1, n_unknowns))
        e[0, i] = 1.0
        if np.linalg.matrix_rank(np.vstack([a, e])) == rank:
            fixed.add(i)
    return fixed


def attack_crosstab(published: pd.DataFrame) -> set[tuple[int, int]]:
    """Recompute what the row and column totals reveal (hidden totals are unknowns
    too); return the cells (and totals) found exactly."""
    grid = published.iloc[:, 1:].to_numpy(dtype=object)  # totals last
    n_rows, n_cols = grid.shape
    unknown = {
        cell: n
        for n, cell in enumerate(
            (i, j)
            for i in range(n_rows)
            for j in range(n_cols)
            if is_hidden(grid[i, j])
        )
    }

    def line(cells: list[tuple[int, int]], total: tuple[int, int]):
        idx = [(unknown[c], 1.0) for c in cells if c in unknown]
        if total in unknown:
            idx.append((unknown[total], -1.0))
        return idx, 0.0

    equations = [
        line([(i, j) for j in range(n_cols - 1)], (i, n_cols - 1))
        for i in range(n_rows)
    ]
    equations += [
        line([(i, j) for i in range(n_rows - 1)], (n_rows - 1, j))
        for j in range(n_cols)
    ]
    fixed = recoverable(equations, len(unknown))
    return {cell for cell, n in unknown.items() if n in fixed}


def attack_column(published: pd.DataFrame, column: str) -> set[int]:
    """Recompute hidden cells of one column from its Eindtotaal."""
    values = published[column].tolist()
    hidden = [i for i, v in enumerate(values) if is_hidden(v)]
    total = len(values) - 1
    eq = [(n, -1.0 if i == total else 1.0) for n, i in enumerate(hidden)]
    fixed = recoverable([(eq, 0.0)], len(hidden))
    return {hidden[n] for n in fixed}


def grid_table(grid: np.ndarray) -> pd.DataFrame:
    n_rows, n_cols = grid.shape
    table = pd.DataFrame(grid, columns=[f"c{j}" for j in range(n_cols)])
    table.insert(0, "rij", [f"r{i}" for i in range(n_rows)])
    table[TOTAL_LABEL] = grid.sum(axis=1)
    total = pd.DataFrame(
        [["Eindtotaal", *grid.sum(axis=0), grid.sum()]], columns=table.columns
    )
    return pd.concat([table, total], ignore_index=True)


def lp_attack_crosstab(table: pd.DataFrame, published: pd.DataFrame, k: int):
    """The LP attacker on a crosstab and its totals alone."""
    a = Attacker(k)
    a.crosstab(published, table, "kolom", "n")
    return a.attack()


def small_published(published: pd.DataFrame, k: int) -> list[object]:
    """Every published count 1..K-1 (there must be none)."""
    cols = [c for c in published.columns[1:] if "verschil" not in c]
    values = published[cols].to_numpy(dtype=object).ravel()
    return [v for v in values if not is_hidden(v) and 0 < v < k]


# --- one line, one table -----------------------------------------------------------


def test_a_lone_small_cell_takes_the_next_smallest_non_zero_cell_with_it():
    hidden = protect_line(np.array([3, 0, 40, 9, 12]), np.array([1, 0, 0, 0, 0]) > 0)
    assert hidden.tolist() == [True, False, False, True, False]


def test_two_small_cells_need_no_secondary_cell():
    hidden = protect_line(np.array([3, 2, 40]), np.array([True, True, False]))
    assert hidden.tolist() == [True, True, False]


def test_small_cells_that_add_up_to_a_shown_number_take_another_cell():
    # Three <5 adding up to 12 (40 published beside them, total 52) are each 4.
    hidden = protect_line(np.array([4, 4, 4, 40]), np.array([1, 1, 1, 0]) > 0)
    assert hidden.tolist() == [True, True, True, True]


def test_a_zero_is_only_used_when_no_non_zero_cell_is_left():
    # Replaces [3, 0, 0] -> [3, 0(x), 0]: its total 3 is now hidden itself, and a
    # zero next to small cells whose total is shown can only hide when it could be
    # >= K: 4 + 4 + 4 + x = 12 + x, with x hidden "0 or >= 5", lets each 4 be 1..4.
    hidden = protect_line(np.array([4, 4, 4, 0, 0]), np.array([1, 1, 1, 0, 0]) > 0)
    assert hidden.tolist() == [True, True, True, True, False]


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


def test_a_total_below_k_hides_every_row_of_its_column():
    table = pd.DataFrame(
        {"provincie": ["A", "B", "C", TOTAL_LABEL], "erkenningen": [1, 0, 2, 3]}
    )
    published = publish(table, suppress_columns(table, 5, ["erkenningen"]), 5)
    # Zeros too: "<5, 0, <5" would say the 3 is 1 + 2 split over two rows.
    assert published["erkenningen"].tolist() == ["<5", "<5", "<5", "<5"]


# --- crosstabs with hand-made answers ----------------------------------------------


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
    published = publish(table, marks, 5)
    assert attack_crosstab(published) == set()
    assert lp_attack_crosstab(table, published, 5) == []


def test_the_attacker_pins_what_the_old_rule_published_and_not_what_the_new_one_does():
    # The issue's row "x,0,0,<5,0,0,1": a row total of 1 published beside a <5 and
    # a hidden zero gives the <5 away (= 1); three <5 adding up to a published 12.
    grid = np.array(
        [
            [0, 0, 0, 1, 0, 0],
            [4, 0, 4, 0, 4, 0],
            [30, 41, 52, 63, 74, 85],
            [12, 23, 34, 45, 56, 67],
        ]
    )
    table = grid_table(grid)
    old = table.astype(object)
    old.iloc[0, 4] = "<5"
    old.iloc[0, 1] = "x"
    old.iloc[2, 1] = "x"
    for j in (1, 3, 5):
        old.iloc[1, j] = "<5"
    old.iloc[2, 3] = old.iloc[2, 5] = "x"
    bad = lp_attack_crosstab(table, old, 5)
    assert any("'r0', 'kolom', 'c3'" in b and "1..1" in b for b in bad), bad
    assert any("'r1', 'kolom', 'c0'" in b and "4..4" in b for b in bad), bad
    published = publish(table, suppress_crosstab(table, 5), 5)
    assert published.loc[0, TOTAL_LABEL] == "<5"  # a total below K is hidden
    assert published.iloc[0, 1:-1].tolist() == ["<5"] * 6  # and not split
    assert lp_attack_crosstab(table, published, 5) == []


def test_a_shown_total_split_into_small_cells_only_is_hidden_too():
    # 1 + 1 + 2 + 1 = 5 shown would make every cell 1 or 2: the total is hidden.
    grid = np.array([[1, 1, 2, 1, 0], [20, 30, 40, 50, 60], [25, 35, 45, 55, 65]])
    table = grid_table(grid)
    published = publish(table, suppress_crosstab(table, 5), 5)
    assert published.loc[0, TOTAL_LABEL] == "x"
    assert lp_attack_crosstab(table, published, 5) == []


@settings(max_examples=40, deadline=None)
@given(
    st.integers(3, 7).flatmap(
        lambda r: st.integers(3, 7).flatmap(
            lambda c: st.lists(
                st.lists(
                    st.one_of(
                        st.sampled_from([0, 0, 0, 1, 2, 3]),
                        st.integers(0, 6),
                        st.integers(0, 60),
                    ),
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
def test_no_hidden_cell_of_any_sparse_crosstab_can_be_narrowed(rows, k):
    # Tables of some size: three rows and three columns with counts, an Eindtotaal
    # of 3K or more. In tinier ones the Eindtotaal (never hidden) can fix a pair of
    # small totals whatever else is hidden ("x" is 0 or >= K): they are refused or
    # narrowed only as far as hiding every other cell would leave them.
    grid = np.array(rows)
    assume((grid.sum(axis=0) > 0).sum() >= 3 and (grid.sum(axis=1) > 0).sum() >= 3)
    assume(grid.sum() >= 3 * k)
    table = grid_table(grid)
    marks = suppress_crosstab(table, k)
    published = publish(table, marks, k)
    m = marks.iloc[:, 1:].to_numpy()
    full = table.iloc[:, 1:].to_numpy()
    small = (full > 0) & (full < k)
    # Every small count, totals included, is <K; a zero only in a line whose total
    # is below K (was: never a zero, and totals always shown).
    assert ((m == PRIMARY) >= small).all()
    rows_small = small[:, -1:] | np.zeros_like(small)
    cols_small = small[-1:, :] | np.zeros_like(small)
    assert not ((m == PRIMARY) & (full == 0) & ~rows_small & ~cols_small).any()
    assert small_published(published, k) == []
    assert attack_crosstab(published) == set()
    assert lp_attack_crosstab(table, published, k) == []
    # What is shown is true.
    shown = ~published.iloc[:, 1:].map(is_hidden).to_numpy()
    assert (published.iloc[:, 1:].to_numpy()[shown] == full[shown]).all()


# --- the demo's tables ---------------------------------------------------------------


def request(**params) -> TableRequest:
    params.setdefault("as_of", DATE)
    params.setdefault("suppress", 5)
    return TableRequest(**params)


def one_way_tables(demo, **params) -> dict[str, object]:
    return {g: build_table(demo, request(by=g, **params)) for g in GROUPINGS}


def assert_true_where_shown(pt) -> None:
    published, values = pt.table, pt.values
    for col in values.columns[1:]:
        shown = ~published[col].map(is_hidden)
        if "%" in col:
            continue
        assert (published.loc[shown, col].astype("int64") == values[col][shown]).all()


KINDS = [
    pytest.param(dict(kind="recognitions"), id="recognitions"),
    pytest.param(dict(kind="offer"), id="offer"),
    pytest.param(
        dict(kind="expiring", as_of=pd.Timestamp("2026-10-01"), months=3),
        id="expiring",
    ),
]


@pytest.mark.parametrize("params", KINDS)
def test_every_demo_table_and_crosstab_resists_the_lp_attacker(demo, params):
    one = one_way_tables(demo, **params)
    for pt in one.values():
        assert small_published(pt.table, 5) == [], pt.title
        assert_true_where_shown(pt)
    assert attack_tables(list(one.values()), demo, 5) == []
    main = "leerlingen" if params["kind"] == "offer" else "erkenningen"
    for by, cross in itertools.combinations(GROUPINGS, 2):
        pt = build_table(demo, request(by=by, cross=cross, **params))
        flipped = build_table(demo, request(by=cross, cross=by, **params))
        assert small_published(pt.table, 5) == [], pt.title
        assert_true_where_shown(pt)
        # A crosstab and its transpose hide the same cells.
        body = pt.table.set_index(pt.table.columns[0]).astype(str)
        other = flipped.table.set_index(flipped.table.columns[0]).T.astype(str)
        assert (body.to_numpy() == other.to_numpy()).all(), (by, cross)
        # Its totals are the one-way tables' numbers, hidden alike.
        rows = body[TOTAL_LABEL]
        for grouping, shown in ((by, rows), (cross, body.loc[TOTAL_LABEL])):
            ow = one[grouping].table.set_index(one[grouping].table.columns[0])
            assert (shown == ow[main].astype(str).reindex(shown.index)).all()
        tables = [pt, *one.values()]
        assert attack_tables(tables, demo, 5) == [], (by, cross)


def test_comparisons_hide_the_change_where_either_date_is_hidden(demo):
    tables = []
    for by in GROUPINGS:
        pt = build_table(demo, request(by=by, compare_to=BEFORE))
        plain = {
            when: build_table(demo, request(by=by, as_of=when))
            for when in (DATE, BEFORE)
        }
        assert small_published(pt.table, 5) == []
        assert_true_where_shown(pt)
        for m in pt.request.measures:
            now = pt.table[f"{m} 07-02-2022"].map(is_hidden)
            before = pt.table[f"{m} 07-02-2021"].map(is_hidden)
            assert (pt.table[f"{m} verschil"].map(is_hidden) == (now | before)).all()
            assert (pt.table[f"{m} verschil %"].map(is_hidden) == (now | before)).all()
            # Each date's column is that date's own table, hidden alike.
            for when, column in ((DATE, now), (BEFORE, before)):
                own = plain[when].table
                own = own.set_index(own.columns[0])[m].map(is_hidden)
                labels = pt.table.iloc[:, 0]
                joined = labels.map(own).fillna(False).astype(bool)
                assert (joined.to_numpy() == column.to_numpy()).all(), (by, m)
        tables.append(pt)
    assert attack_tables(tables, demo, 5) == []


@pytest.mark.parametrize("k", [5, 10])
def test_demo_tables_hide_small_counts_unrecoverably(demo, k):
    for params in (
        dict(by="programme"),
        dict(kind="expiring", by="arrondissement", months=1),
        dict(by="partnership", cross="province"),
        dict(by="programme", cross="province"),
        dict(kind="offer", by="province", cross="partnership"),
        dict(by="programme", compare_to=BEFORE),
    ):
        pt = build_table(demo, request(suppress=k, **params))
        published, values = pt.table, pt.values
        label = published.columns[0]
        assert published[label].tolist() == values[label].tolist()
        hidden = published.iloc[:, 1:].map(is_hidden).to_numpy()
        assert hidden.any(), "the demo should have small counts to hide"
        assert small_published(published, k) == []
        assert_true_where_shown(pt)
        # The Eindtotaal is published (the demo's are all >= K); was: the whole
        # Eindtotaal row and column, now a column total below K is hidden too.
        total = published[published[label] == TOTAL_LABEL].iloc[:, 1:]
        if pt.request.cross is not None:
            total = total[[TOTAL_LABEL]]
        assert not total.map(is_hidden).to_numpy().any()
        if pt.request.cross is not None:
            assert attack_crosstab(published) == set()
        else:
            for col in published.columns[1:]:
                if "verschil" not in col:
                    assert attack_column(published, col) == set(), col


def test_the_issues_crosstab_gives_nothing_away(demo):
    pt = build_table(demo, request(by="programme", cross="province"))
    one = build_table(demo, request(by="programme"))
    # The programme totals of 1 to 4 (7 in the issue) are hidden in both tables.
    small = pt.values[TOTAL_LABEL].between(1, 4)
    assert small.sum() >= 7
    assert (pt.table.loc[small, TOTAL_LABEL] == "<5").all()
    shown = one.table.set_index(one.table.columns[0])["erkenningen"]
    assert (shown[pt.table.loc[small, "opleiding"]] == "<5").all()
    assert attack_tables([pt, one], demo, 5) == []


# --- tables published together -----------------------------------------------------


def test_one_way_tables_and_crosstabs_of_one_answer_pass_together(demo):
    tables = [
        build_table(demo, request(by="partnership")),
        build_table(demo, request(by="programme")),
        build_table(demo, request(by="programme", cross="province")),
        build_table(demo, request(by="partnership", cross="arrondissement")),
    ]
    assert audit_tables(tables, demo) == []
    assert policy_workbook(tables, demo)[:2] == b"PK"


def test_nested_crosstabs_together_are_refused(demo):
    tables = [
        build_table(demo, request(by="partnership", cross="province")),
        build_table(demo, request(by="programme", cross="province")),
    ]
    assert audit_tables(tables, demo) != []
    with pytest.raises(SuppressionError, match="geneste indelingen"):
        check_together(tables, demo)
    with pytest.raises(SuppressionError):
        policy_workbook(tables, demo)


def test_crosstab_headers_match_the_groupings():
    assert set(GROUP_HEADERS) == set(GROUPINGS)
