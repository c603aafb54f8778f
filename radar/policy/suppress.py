"""Small-count suppression: hide small counts so that no one can work them out.

**Primary**: every count with ``0 < count < K`` is shown as ``<K``, margins (row and
column totals, ``Eindtotaal``) included: a small total is as sensitive as a small
cell. Zeros stay visible (they describe no establishment or pupil), except in a line
whose total is below K, where every cell shows ``<K``.

**Secondary**: further cells are hidden (shown as ``x``) until the publication passes
the audit (``radar.policy.audit``): given everything published together, no count of
1..K-1 can be narrowed (beyond what hiding every other cell would leave) and no other
hidden cell is pinned to one value. The cheapest cell is added first: a non-zero cell
before a zero, then the smallest value, then table order; it is taken from the
relation (row, column, total) that narrows the failing cell. ``thin_rows`` finds the
totals that must be hidden because their cells elsewhere are all small.

The publication model is ``radar.policy.publication``; the tables published together
(one-way tables, crosstabs, nested groupings) are assembled in ``radar.policy.linked``.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    pass

from radar.kernel.errors import RadarError
from radar.policy.audit import AUDITS, Finding, needs, ranges_needed, targets
from radar.policy.bounds import implied_bounds, propagate, start_bounds
from radar.policy.publication import (
    PRIMARY,
    SECONDARY,
    SHOWN,
    Builder,
    Publication,
    add_crosstab,
    add_one_way,
    marks_frame,
)
from radar.policy.tables import TOTAL_LABEL

NONE = SHOWN
SECONDARY_MARK = "x"


_PROTECTED: OrderedDict[str, np.ndarray] = OrderedDict()
"""Protected marks by publication content (``Publication.digest``)."""


class SuppressionError(RadarError):
    """A table that fails the audit (it is never shown or exported)."""


def primary_mask(values: np.ndarray, k: int) -> np.ndarray:
    """Flag counts with ``0 < count < k``.

    >>> primary_mask(np.array([0, 1, 4, 5, 12]), 5).tolist()
    [False, True, True, False, False]
    """
    values = np.asarray(values)
    return (values > 0) & (values < k)


def protect_line(values: np.ndarray, hidden: np.ndarray, k: int = 5) -> np.ndarray:
    """Protect one line whose total is published (audited secondary cells).

    >>> protect_line(np.array([3, 40, 9, 0]), np.array([True, False, False, False]))
    array([ True, False,  True, False])
    >>> protect_line(np.array([4, 4, 4, 0, 30]), np.array([1, 1, 1, 0, 0]) > 0).tolist()
    [True, True, True, False, True]
    """
    values = np.asarray(values, dtype=np.int64)
    b = Builder(k)
    cells = [
        b.entry(i, f"cel {i}", v, PRIMARY if h else SHOWN)
        for i, (v, h) in enumerate(
            zip(values, np.asarray(hidden, dtype=bool), strict=True)
        )
    ]
    for i in cells:
        b.allow_hiding(i)
    total = b.entry("total", TOTAL_LABEL, int(values.sum()), SHOWN)
    b.equal(cells, [total])
    return protect(b.build())[cells] != SHOWN


def _order(pub: Publication) -> np.ndarray:
    """Rank of each entry as a secondary cell: non-zero first, smallest, then order."""
    v = pub.values
    order = np.lexsort((np.arange(len(v)), v, v == 0))
    rank = np.empty(len(v), dtype=np.int64)
    rank[order] = np.arange(len(v))
    return rank


def _cheapest(cands: np.ndarray, rank: np.ndarray) -> int:
    return int(cands[np.argmin(rank[cands])]) if len(cands) else -1


def _binding(
    pub: Publication, lo: np.ndarray, hi: np.ndarray, down: np.ndarray, up: np.ndarray
) -> dict[int, set[int]]:
    """Per entry: the relations (row numbers of eq, then ub) whose bound alone keeps
    it from reaching what it needs."""
    out: dict[int, set[int]] = {}
    offset = 0
    for m, equal in ((pub.eq, True), (pub.ub, False)):
        if m.nnz:
            coo = m.tocoo()
            c, new_lo, new_hi = implied_bounds(m, lo, hi, equal)
            bad = (new_lo > down[c] + 1e-6) | (new_hi < up[c] - 1e-6)
            for r, e in zip(coo.row[bad], c[bad], strict=True):
                out.setdefault(int(e), set()).add(int(r) + offset)
        offset += m.shape[0]
    return out


def _add_for(
    pub: Publication,
    marks: np.ndarray,
    failing: np.ndarray,
    binding: dict[int, set[int]],
    rank: np.ndarray,
    hideable: np.ndarray,
    depth: int = 12,
) -> list[int]:
    """One cheapest further cell per failing entry: from a relation that binds it,
    else from any relation of it, else from the relations of the hidden entries
    met on the way, one step further each time."""
    from scipy import sparse

    inc = sparse.vstack([pub.eq, pub.ub]).tocsr()
    inc_t = inc.T.tocsr()
    free = (marks == SHOWN) & hideable
    picked: set[int] = set()

    def members(rows: set[int]) -> np.ndarray:
        if not rows:
            return np.array([], dtype=np.int64)
        return np.unique(inc[np.fromiter(rows, dtype=np.int64)].indices)

    for f in failing:
        own = set(inc_t[[int(f)]].indices.tolist())
        rows, seen = binding.get(int(f), set()) or own, set[int]()
        for _ in range(depth):
            seen |= rows
            near = members(rows)
            cands = near[free[near]]
            if len(cands):
                if not picked & set(cands.tolist()):  # not opened this round yet
                    picked.add(_cheapest(cands, rank))
                break
            hid = near[marks[near] != SHOWN]
            rows = (own | set(inc_t[hid].indices.tolist())) - seen
            if not rows:
                break
    return sorted(picked)


def _line_rule(
    pub: Publication, marks: np.ndarray, rank: np.ndarray, hideable: np.ndarray
) -> np.ndarray:
    """A relation with exactly one hidden entry gives it away: add another."""
    marks = marks.copy()
    eq = (pub.eq != 0).astype(np.int64).tocsr()
    while True:
        counts = eq @ (marks != SHOWN).astype(np.int64)
        added = False
        for r in np.nonzero(counts == 1)[0]:
            row = eq[[r]].indices
            if (marks[row] != SHOWN).sum() != 1:
                continue
            pick = _cheapest(row[(marks[row] == SHOWN) & hideable[row]], rank)
            if pick >= 0 and marks[pick] == SHOWN:
                marks[pick] = SECONDARY
                added = True
        if not added:
            return marks


def protect(pub: Publication, max_rounds: int = 500) -> np.ndarray:
    """Marks that pass the audit: ``pub``'s marks plus the cheapest secondary cells.

    Raises ``SuppressionError`` when no further cell can be hidden and the audit
    still fails.
    """
    key = pub.digest()
    if key in _PROTECTED:
        _PROTECTED.move_to_end(key)
        return _PROTECTED[key].copy()
    marks = _protect(pub, max_rounds)
    _PROTECTED[key] = marks
    if len(_PROTECTED) > 128:
        _PROTECTED.popitem(last=False)
    return marks.copy()


def clear_caches() -> None:
    """Forget protected and audited publications (for timing them cold)."""
    _PROTECTED.clear()
    AUDITS.clear()


def _protect(pub: Publication, max_rounds: int) -> np.ndarray:
    rank = _order(pub)
    t_lo, t_hi = targets(pub)  # fixed: what the most protective publication allows
    hideable = pub.hideable.copy()
    marks = pub.marks.copy()
    pool: list[np.ndarray] = []
    for _ in range(max_rounds):
        marks = _line_rule(pub, marks, rank, hideable)
        cur = pub.with_marks(marks)
        lo, hi = propagate(cur, *start_bounds(cur))
        need = needs(cur, t_lo, t_hi)
        can_down, can_up = lo <= need.down + 1e-6, hi >= need.up - 1e-6
        quick = np.where(need.either, can_down | can_up, can_down & can_up)
        failing = np.nonzero((marks != SHOWN) & ~quick)[0]
        if not len(failing):
            _, _, ok, pool = ranges_needed(cur, t_lo, t_hi, pool)
            failing = np.nonzero(~ok)[0]
            if not len(failing):
                return marks
        binding = _binding(cur, lo, hi, need.down, need.up)
        added = _add_for(cur, marks, failing, binding, rank, hideable)
        if added:
            marks[added] = SECONDARY
            continue
        # Nothing left to hide near them. A goal (a total wide enough for the
        # crosstabs that split it) that cannot be met is dropped: the crosstab that
        # needs it is refused instead. A secondary cell or a zero of a small line
        # that cannot take another value is shown: that tells nothing new.
        goals = [f for f in failing if np.isfinite(pub.reach[f, 0])]
        if goals:
            reach = pub.reach.copy()
            reach[goals] = (-np.inf, np.inf)
            pub = replace(pub, reach=reach)
            continue
        stuck = [
            f
            for f in failing
            if (marks[f] == SECONDARY or pub.values[f] == 0) and hideable[f]
        ]
        if not stuck:
            break
        marks[stuck] = SHOWN
        hideable[stuck] = False
    else:
        raise SuppressionError("de afscherming komt niet tot rust")
    cur = pub.with_marks(marks)
    seen_lo, seen_hi, ok, _ = ranges_needed(cur, t_lo, t_hi, pool)
    bad = [
        Finding(
            int(i),
            pub.labels[i],
            int(pub.values[i]),
            int(marks[i]),
            float(seen_lo[i]),
            float(seen_hi[i]),
            float(t_lo[i]),
            float(t_hi[i]),
        )
        for i in np.nonzero(~ok)[0]
    ]
    raise SuppressionError(
        "deze tabel is niet veilig af te schermen ("
        + "; ".join(str(f) for f in bad[:3])
        + "); kies een grovere indeling"
    )


def thin_rows(
    labels: list[str], matrix: np.ndarray, k: int
) -> dict[str, tuple[int, int]]:
    """Groups whose total (>= K) is split into small cells only, so that the total
    alone narrows them (three cells ``<5`` adding up to a shown 12 are each 4; four
    adding up to 5 are each 1 or 2); a zero of the row can absorb the difference
    only when it may be >= K. Their total is hidden too, and must be able to take
    the values that let each cell be 1 and K-1 (returned as low, high).

    >>> cells = np.array([[4, 4, 4], [1, 2, 2], [4, 4, 0]])
    >>> thin_rows(["a", "b", "c"], cells, 5)
    {'a': (9, 12), 'b': (5, 6)}
    """
    m = np.asarray(matrix)
    r = m.sum(axis=1)
    n = (m > 0).sum(axis=1)
    low, high = 1 + (n - 1) * (k - 1), k + n - 2
    full = (r <= low) & (r >= high)
    absorb = (m == 0).any(axis=1) & (r - n >= k)
    thin = (r >= k) & ~(m >= k).any(axis=1) & ~full & ~absorb
    return {
        lab: (int(min(a, t)), int(max(b, t)))
        for lab, a, b, t, th in zip(labels, low, high, r, thin, strict=True)
        if th
    }


def suppress_columns(table: pd.DataFrame, k: int, columns: list[str]) -> pd.DataFrame:
    """Mark the cells to hide in the given columns of a one-dimensional table,
    protected together (totals below K hidden too).

    Returns a frame of marks (NONE, PRIMARY, SECONDARY) shaped like ``table``.
    """
    b = Builder(k)
    where = add_one_way(b, table, columns)
    return marks_frame(table, protect(b.build()), where)


def suppress_crosstab(table: pd.DataFrame, k: int) -> pd.DataFrame:
    """Mark the cells to hide in a crosstab on its own (label column, groups,
    ``Eindtotaal``), its totals with it: they are the two one-way tables it holds."""
    header = str(table.columns[0])
    measure = "n"
    rows = table[[header, TOTAL_LABEL]].rename(columns={TOTAL_LABEL: measure})
    cols = pd.DataFrame(
        {
            "kolom": list(table.columns[1:]),
            measure: table.iloc[-1, 1:].to_numpy(dtype=np.int64),
        }
    )
    body = table.iloc[:-1, 1:-1].to_numpy(dtype=np.int64)
    b = Builder(k)
    for one, matrix in ((rows, body), (cols, body.T)):
        add_one_way(b, one, [measure])
        labels = one.iloc[:-1, 0].astype(str).tolist()
        for label, (low, high) in thin_rows(labels, matrix, k).items():
            i = b.keys[((), str(one.columns[0]), label, measure)]
            b.marks[i] = SECONDARY  # a thin row's total is >= K: shown so far
            b.require(i, low, high)
    cells, row_m, col_m = add_crosstab(b, table, (), "kolom", measure)
    pub = b.build()
    marks = protect(pub)
    out = pd.DataFrame(NONE, index=table.index, columns=table.columns)
    body_cols = list(table.columns[1:-1])
    out.loc[out.index[:-1], body_cols] = marks[cells]
    out.loc[out.index[:-1], TOTAL_LABEL] = marks[row_m]
    out.loc[out.index[-1], [*body_cols, TOTAL_LABEL]] = marks[
        [*col_m, b.keys[((), TOTAL_LABEL, measure)]]
    ]
    return out.astype(np.int64)


def protect_grid(values: np.ndarray, hidden: np.ndarray, k: int = 5) -> np.ndarray:
    """Protect a crosstab body whose row and column totals are published (the
    totals shown whatever their size): returns the hidden cells.

    >>> grid = np.array([[2, 10, 30], [20, 11, 40], [25, 30, 50]])
    >>> protect_grid(grid, grid < 5).astype(int).tolist()
    [[1, 1, 0], [1, 1, 0], [0, 0, 0]]
    """
    values = np.asarray(values, dtype=np.int64)
    b = Builder(k)
    cells = np.zeros(values.shape, dtype=np.int64)
    for (i, j), v in np.ndenumerate(values):
        cells[i, j] = b.entry(
            (i, j), f"{i} x {j}", int(v), PRIMARY if hidden[i, j] else SHOWN
        )
        b.allow_hiding(int(cells[i, j]))
    for name, lines, sums in (
        ("r", cells, values.sum(1)),
        ("c", cells.T, values.sum(0)),
    ):
        for n, (line, total) in enumerate(zip(lines, sums, strict=True)):
            b.equal(line.tolist(), [b.entry((name, n), "totaal", int(total), SHOWN)])
    return protect(b.build())[cells] != SHOWN


def publish(table: pd.DataFrame, marks: pd.DataFrame, k: int) -> pd.DataFrame:
    """Replace hidden cells by ``<k`` (primary) or ``x`` (secondary).

    Columns with a hidden cell become object columns of ints and markers.
    """
    out = table.copy()
    for col in table.columns[1:]:
        mark = marks[col].to_numpy()
        if not mark.any():
            continue
        values = table[col].astype(object).to_numpy()
        values = np.where(
            mark == PRIMARY,
            f"<{k}",
            np.where(mark == SECONDARY, SECONDARY_MARK, values),
        )
        out[col] = pd.Series(values, index=table.index, dtype=object)
    return out
