"""Small-count suppression: hide counts below K so no one can recompute them.

Primary suppression hides every count with ``0 < count < K``; such a cell is shown as
``<K``. Zeros stay visible: they describe no establishment or pupil.
Secondary suppression then hides further cells (shown as ``x``) so that no hidden
value follows by linear arithmetic from the published cells and totals:

- one-dimensional tables (groups plus an ``Eindtotaal`` row): the column total is the
  only constraint; when exactly one cell of a column is hidden, the smallest other
  non-zero cell is hidden too;
- crosstabs (row and column totals): every row and column holds 0 or at least 2 hidden
  cells (smallest non-zero cell first, repeated to a fixed point), and no hidden cell
  is a *bridge* of the graph whose nodes are rows and columns and whose edges are the
  hidden cells. A hidden cell is determined by the row and column sums exactly when it
  lies on no cycle of that graph, so a bridge gets a partner cell that closes a cycle.

Totals are never hidden and always describe the true data. A zero is hidden as a
secondary cell only when a line has no hidden-able non-zero cell left.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from radar.policy.tables import TOTAL_LABEL

NONE, PRIMARY, SECONDARY = 0, 1, 2
SECONDARY_MARK = "x"


def primary_mask(values: np.ndarray, k: int) -> np.ndarray:
    """Flag counts with ``0 < count < k``.

    >>> primary_mask(np.array([0, 1, 4, 5, 12]), 5).tolist()
    [False, True, True, False, False]
    """
    values = np.asarray(values)
    return (values > 0) & (values < k)


def _pick(values: np.ndarray, hidden: np.ndarray, candidates: np.ndarray) -> int:
    """Index (flat) of the smallest non-zero candidate not hidden yet (else a zero)."""
    free = candidates & ~hidden
    if not free.any():
        return -1
    flat = values.ravel()
    # lexsort's last key sorts first: prefer non-zero, then the smallest, then position
    order = np.lexsort((np.arange(flat.size), flat, flat == 0))
    for idx in order:
        if free.ravel()[idx]:
            return int(idx)
    return -1


def protect_line(values: np.ndarray, hidden: np.ndarray) -> np.ndarray:
    """Add secondary cells to one line whose total is published.

    >>> protect_line(np.array([3, 40, 9, 0]), np.array([True, False, False, False]))
    array([ True, False,  True, False])
    >>> protect_line(np.array([3, 0, 40]), np.array([True, False, False])).tolist()
    [True, False, True]
    """
    values = np.asarray(values)
    out = np.asarray(hidden, dtype=bool).copy()
    if out.sum() == 1:
        idx = _pick(values, out, np.ones_like(out))
        if idx >= 0:
            out[idx] = True
    return out


def _bridge(hidden: np.ndarray) -> tuple[int, int, set[int], set[int]] | None:
    """Find a hidden cell that is a bridge of the row/column graph.

    Returns the cell and the rows and columns on the row's side once it is removed.
    """
    n_rows = hidden.shape[0]
    cells = list(zip(*np.nonzero(hidden), strict=True))
    for i, j in cells:
        # Breadth-first search from row i without using cell (i, j); nodes: rows are
        # 0..n_rows-1, columns n_rows + j.
        seen = {int(i)}
        todo = [int(i)]
        while todo:
            node = todo.pop()
            if node < n_rows:
                nxt = [n_rows + int(c) for c in np.nonzero(hidden[node])[0]]
            else:
                nxt = [int(r) for r in np.nonzero(hidden[:, node - n_rows])[0]]
            for other in nxt:
                edge = (node, other) if node < n_rows else (other, node)
                if edge == (int(i), n_rows + int(j)) or other in seen:
                    continue
                seen.add(other)
                todo.append(other)
        if n_rows + int(j) not in seen:
            rows = {n for n in seen if n < n_rows}
            cols = {n - n_rows for n in seen if n >= n_rows}
            return int(i), int(j), rows, cols
    return None


def protect_grid(values: np.ndarray, hidden: np.ndarray) -> np.ndarray:
    """Add secondary cells to a crosstab body whose row and column sums are published.

    >>> grid = np.array([[2, 10, 30], [20, 11, 40], [25, 30, 50]])
    >>> protect_grid(grid, grid < 5).astype(int).tolist()
    [[1, 1, 0], [1, 1, 0], [0, 0, 0]]
    """
    values = np.asarray(values)
    out = np.asarray(hidden, dtype=bool).copy()
    n_rows, n_cols = out.shape
    while True:
        changed = False
        for i in range(n_rows):
            line = protect_line(values[i], out[i])
            changed |= bool((line != out[i]).any())
            out[i] = line
        for j in range(n_cols):
            line = protect_line(values[:, j], out[:, j])
            changed |= bool((line != out[:, j]).any())
            out[:, j] = line
        if changed:
            continue
        bridge = _bridge(out)
        if bridge is None:
            return out
        _, _, rows_p, cols_p = bridge
        # Any cell joining the row's side to the column's side closes a cycle.
        side_row = np.zeros(n_rows, dtype=bool)
        side_row[list(rows_p)] = True
        side_col = np.zeros(n_cols, dtype=bool)
        side_col[list(cols_p)] = True
        candidates = np.outer(side_row, ~side_col) | np.outer(~side_row, side_col)
        idx = _pick(values, out, candidates)
        if idx < 0:  # a single row or column: nothing can protect it
            return out
        out.ravel()[idx] = True


def _body_rows(table: pd.DataFrame) -> np.ndarray:
    return (table.iloc[:, 0] != TOTAL_LABEL).to_numpy()


def suppress_columns(table: pd.DataFrame, k: int, columns: list[str]) -> pd.DataFrame:
    """Mark the cells to hide in the given columns of a one-dimensional table.

    Each column is protected on its own, with its ``Eindtotaal`` as the constraint.
    Returns a frame of marks (NONE, PRIMARY, SECONDARY) shaped like ``table``.
    """
    marks = pd.DataFrame(NONE, index=table.index, columns=table.columns)
    body = _body_rows(table)
    for col in columns:
        values = table.loc[body, col].to_numpy(dtype="int64")
        primary = primary_mask(values, k)
        hidden = protect_line(values, primary)
        marks.loc[body, col] = np.where(
            primary, PRIMARY, np.where(hidden, SECONDARY, 0)
        )
    return marks


def suppress_crosstab(table: pd.DataFrame, k: int) -> pd.DataFrame:
    """Mark the cells to hide in a crosstab (label column, groups, ``Eindtotaal``)."""
    marks = pd.DataFrame(NONE, index=table.index, columns=table.columns)
    body = _body_rows(table)
    cols = [c for c in table.columns[1:] if c != TOTAL_LABEL]
    values = table.loc[body, cols].to_numpy(dtype="int64")
    primary = primary_mask(values, k)
    hidden = protect_grid(values, primary)
    marks.loc[body, cols] = np.where(primary, PRIMARY, np.where(hidden, SECONDARY, 0))
    return marks


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
