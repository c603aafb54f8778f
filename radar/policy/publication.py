"""What is published together: entries, their marks and the relations between them.

A *publication* holds every cell and total of the tables published together, each
an *entry* with its true value and how it is shown (``SHOWN``, ``PRIMARY`` = ``<K``,
``SECONDARY`` = ``x``), and the linear relations anyone knows between them (a row of
a crosstab adds up to its total, a province is the sum of its arrondissements, a
group has no more unique establishments than recognitions). ``Builder`` collects
them (one entry per key, so tables that share a total share the entry);
``add_one_way`` and ``add_crosstab`` add a table. ``radar.policy.audit`` attacks a
publication, ``radar.policy.suppress`` protects it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from scipy import sparse

from radar.policy.tables import COL_ESTABLISHMENTS, COL_RECOGNITIONS, TOTAL_LABEL

SHOWN, PRIMARY, SECONDARY = 0, 1, 2
AT_MOST = {COL_ESTABLISHMENTS: COL_RECOGNITIONS}
"""Columns that never exceed another of the same row (unique establishments <=
recognitions), and are 0 exactly when it is."""


@dataclass(frozen=True, eq=False)
class Publication:
    """Entries published together and the relations between them.

    ``eq`` rows state ``row @ values == 0``, ``ub`` rows ``row @ values <= 0``;
    ``same_sign`` pairs are entries that are either both 0 or both positive (unique
    establishments and recognitions of a group). ``hideable`` entries may be hidden
    as secondary cells (table cells; not totals fixed by a table protected before,
    not the ``Eindtotaal``, not zeros everyone knows): a ``<K`` entry must be as wide
    as hiding all of them would leave it.
    ``floor`` is what a ``<K`` entry is known to be at least: 1, or 0 in a line
    whose total is below K (there every cell shows ``<K``, zeros included);
    ``known`` entries are known to be at least 1 whatever their mark (a listed
    programme has recognitions), so an ``x`` among them is at least K.
    ``reach`` (low, high) is what a hidden entry must be able to take besides its
    own need (a hidden total, so that the small cells it is split into elsewhere
    can take every value): -inf, inf when nothing.
    """

    k: int
    values: np.ndarray
    marks: np.ndarray
    labels: tuple[str, ...]
    eq: sparse.csr_array
    ub: sparse.csr_array
    hideable: np.ndarray
    floor: np.ndarray
    known: np.ndarray
    reach: np.ndarray
    same_sign: np.ndarray = field(
        default_factory=lambda: np.zeros((0, 2), dtype=np.int64)
    )

    def with_marks(self, marks: np.ndarray) -> Publication:
        """The same publication with other marks."""
        return replace(self, marks=np.asarray(marks, dtype=np.int8))

    def baseline(self) -> Publication:
        """Every hideable entry hidden: the most protection possible."""
        more = (self.marks == SHOWN) & self.hideable
        return self.with_marks(np.where(more, SECONDARY, self.marks))

    def digest(self) -> str:
        """A key of the content (values, marks, relations, labels) for caches."""
        h = hashlib.blake2b(digest_size=16)
        h.update(str(self.k).encode())
        for arr in (self.values, self.marks, self.hideable):
            h.update(np.ascontiguousarray(arr).tobytes())
        for arr in (self.floor, self.known, self.reach):
            h.update(np.ascontiguousarray(arr).tobytes())
        for arr in (self.same_sign,):
            h.update(np.ascontiguousarray(arr).tobytes())
        for m in (self.eq, self.ub):
            for arr in (m.indptr, m.indices, m.data):
                h.update(np.ascontiguousarray(arr).tobytes())
        h.update("\x00".join(self.labels).encode())
        return h.hexdigest()


class Builder:
    """Collect entries (one per key, shared between tables) and relations."""

    def __init__(self, k: int) -> None:
        self.k = k
        self.keys: dict[object, int] = {}
        self.values: list[int] = []
        self.marks: list[int] = []
        self.labels: list[str] = []
        self.hideable: list[bool] = []
        self.floor: list[int] = []
        self.known: list[bool] = []
        self.reach: dict[int, tuple[float, float]] = {}
        self.rows: dict[str, list[tuple[list[int], list[int]]]] = {"eq": [], "ub": []}
        self.pairs: list[tuple[int, int]] = []

    def entry(
        self, key: object, label: str, value: int, mark: int | None = None
    ) -> int:
        """Index of the entry ``key`` (added once; the primary rule by default).

        An entry added again must have the same value; a mark given again makes
        it the more revealing of the two (shown, then ``<K``, then ``x``).
        """
        value = int(value)
        if key in self.keys:
            i = self.keys[key]
            if self.values[i] != value:
                raise ValueError(f"{label}: {value} here, {self.values[i]} elsewhere")
            if mark is not None:
                self.marks[i] = min(self.marks[i], mark)
            return i
        if mark is None:
            mark = PRIMARY if 0 < value < self.k else SHOWN
        self.keys[key] = len(self.values)
        self.values.append(value)
        self.marks.append(mark)
        self.labels.append(label)
        self.hideable.append(False)
        self.floor.append(1)
        self.known.append(False)
        return self.keys[key]

    def allow_hiding(self, index: int) -> None:
        """Let the protection hide this entry as a secondary cell."""
        self.hideable[index] = True

    def small_line(self, members: list[int], known: list[bool], fresh: bool) -> None:
        """The members of a line whose total is below K all show ``<K``, zeros
        included (``fresh``: mark them so), so they are known to be 0..K-1 (1..K-1
        where ``known``: a listed programme has recognitions)."""
        for i, nonzero in zip(members, known, strict=True):
            if fresh and self.values[i] == 0:
                self.marks[i] = PRIMARY
            if self.marks[i] == PRIMARY:
                self.floor[i] = 1 if nonzero else 0

    def require(self, index: int, low: float, high: float) -> None:
        """The entry, hidden, must be able to take ``low`` and ``high``."""
        old = self.reach.get(index, (np.inf, -np.inf))
        self.reach[index] = (min(old[0], low), max(old[1], high))

    def equal(self, plus: list[int], minus: list[int]) -> None:
        """sum(plus) == sum(minus)."""
        self.rows["eq"].append((plus, minus))

    def at_most(self, plus: list[int], minus: list[int]) -> None:
        """sum(plus) <= sum(minus)."""
        self.rows["ub"].append((plus, minus))

    def sum_or_bound(self, parts: list[int], total: int) -> None:
        """``total`` is the sum of ``parts`` when the values add up; else (distinct
        counts such as unique establishments) at most that sum and at least each."""
        value = sum(self.values[i] for i in parts)
        if value == self.values[total]:
            self.equal(parts, [total])
            return
        self.at_most([total], parts)
        for i in parts:
            self.at_most([i], [total])

    def _matrix(self, kind: str) -> sparse.csr_array:
        from scipy import sparse

        rows, cols, data = [], [], []
        for r, (plus, minus) in enumerate(self.rows[kind]):
            for idx, sign in ((plus, 1.0), (minus, -1.0)):
                rows += [r] * len(idx)
                cols += list(idx)
                data += [sign] * len(idx)
        shape = (len(self.rows[kind]), len(self.values))
        m = sparse.csr_array((data, (rows, cols)), shape=shape)
        m.sum_duplicates()
        return m

    def build(self) -> Publication:
        """The publication; checks that the true values satisfy every relation."""
        reach = np.tile([-np.inf, np.inf], (len(self.values), 1))
        for i, (low, high) in self.reach.items():
            reach[i] = (min(low, self.values[i]), max(high, self.values[i]))
        pub = Publication(
            k=self.k,
            values=np.array(self.values, dtype=np.int64),
            marks=np.array(self.marks, dtype=np.int8),
            labels=tuple(self.labels),
            eq=self._matrix("eq"),
            ub=self._matrix("ub"),
            hideable=np.array(self.hideable, dtype=bool),
            floor=np.array(self.floor, dtype=np.int64),
            known=np.array(self.known, dtype=bool),
            reach=reach,
            same_sign=np.array(self.pairs, dtype=np.int64).reshape(-1, 2),
        )
        v = pub.values.astype(float)
        if np.abs(pub.eq @ v).max(initial=0) > 0 or (pub.ub @ v).max(initial=0) > 0:
            raise ValueError("the true values do not satisfy the stated relations")
        return pub


def add_one_way(
    b: Builder,
    table: pd.DataFrame,
    columns: list[str],
    prefix: object = (),
    marks: pd.DataFrame | None = None,
    nonzero: tuple[str, ...] = (),
    hideable: bool | None = None,
    exact: tuple[str, ...] = (),
) -> dict[str, list[int]]:
    """Add a one-dimensional table (groups, then ``Eindtotaal``) to a publication.

    Per column: one entry per row (the body hideable, unless ``marks`` fixes them),
    the total the sum of the body (or, for distinct counts that do not add up, at
    most that sum and at least each part; a total below K hides every row);
    unique establishments never exceed the recognitions of their row. ``nonzero``
    columns are known to be >= 1 in every listed row (programmes are listed only
    with recognitions). ``exact`` columns are known to be 0 or not in every row
    (a crosstab lists only the programmes with learners): their zeros are shown.
    ``hideable`` (default: without ``marks``) lets the protection hide body
    cells. Returns the entries of each column in row order.
    """
    hide = marks is None if hideable is None else hideable
    header = str(table.columns[0])
    labels = table.iloc[:, 0].astype(str).tolist()
    out: dict[str, list[int]] = {}
    for col in columns:
        values = table[col].to_numpy(dtype=np.int64)
        idx = []
        for r, (label, v) in enumerate(zip(labels, values, strict=True)):
            total = label == TOTAL_LABEL
            key = (prefix, TOTAL_LABEL, col) if total else (prefix, header, label, col)
            mark = None if marks is None else int(marks[col].iloc[r])
            i = b.entry(key, f"{label} / {col}", int(v), mark)
            if not total and hide:
                b.allow_hiding(i)
            if not total and (col in nonzero or (col in exact and v > 0)):
                b.known[i] = True
            if not total and col in exact and v == 0:
                b.hideable[i] = False  # everyone knows it is 0
            idx.append(i)
        b.sum_or_bound(idx[:-1], idx[-1])
        if 0 < b.values[idx[-1]] < b.k:
            body = (
                idx[:-1] if col not in exact else [i for i in idx[:-1] if b.values[i]]
            )
            b.small_line(body, [col in nonzero] * len(body), marks is None)
        out[col] = idx
    for small, large in AT_MOST.items():
        if small in out and large in out:
            for i, j in zip(out[small], out[large], strict=True):
                b.at_most([i], [j])
                b.pairs.append((i, j))
    return out


def add_crosstab(
    b: Builder,
    table: pd.DataFrame,
    prefix: object,
    col_header: str,
    measure: str,
    fixed_zero: np.ndarray | None = None,
    marks: pd.DataFrame | None = None,
    hideable: bool | None = None,
) -> tuple[np.ndarray, list[int], list[int]]:
    """Add a crosstab (label column, groups, ``Eindtotaal`` column and row).

    Its margins are the entries of the one-way tables of its two groupings (same
    keys: add those first to fix their marks); cells are hideable except
    ``fixed_zero`` (zeros everyone knows, e.g. an arrondissement outside a
    province). ``marks`` (a marks frame of the table) fixes how every entry is
    shown. Returns the cell entries, the row margins and the column margins.
    """
    header = str(table.columns[0])
    body = table.iloc[:-1]
    rows = body.iloc[:, 0].astype(str).tolist()
    cols = [str(c) for c in table.columns[1:-1]]
    values = body[cols].to_numpy(dtype=np.int64)
    mk = None if marks is None else marks.to_numpy()

    def mark(r: int, c: int) -> int | None:
        return None if mk is None else int(mk[r, c])

    n = len(rows)
    total = b.entry(
        (prefix, TOTAL_LABEL, measure),
        f"{TOTAL_LABEL} / {measure}",
        int(table.iloc[-1, -1]),
        mark(n, -1),
    )
    row_m = [
        b.entry((prefix, header, r, measure), f"{r} / {measure}", int(v), mark(i, -1))
        for i, (r, v) in enumerate(zip(rows, body[TOTAL_LABEL], strict=True))
    ]
    col_m = [
        b.entry(
            (prefix, col_header, c, measure), f"{c} / {measure}", int(v), mark(n, j + 1)
        )
        for j, (c, v) in enumerate(zip(cols, table.iloc[-1, 1:-1], strict=True))
    ]
    b.sum_or_bound(row_m, total)
    b.sum_or_bound(col_m, total)
    for i in [*row_m, *col_m] if hideable else []:
        b.allow_hiding(i)
    # Zeros everyone knows: fixed ones, and cells of a line whose total shows 0.
    free = np.ones(values.shape, dtype=bool) if fixed_zero is None else ~fixed_zero

    def shows_zero(margins: list[int]) -> np.ndarray:
        return np.array([b.values[i] == 0 and b.marks[i] == SHOWN for i in margins])

    free &= ~shows_zero(row_m)[:, None] & ~shows_zero(col_m)[None, :]
    cells = np.zeros(values.shape, dtype=np.int64)
    for i, r in enumerate(rows):
        for j, c in enumerate(cols):
            cells[i, j] = b.entry(
                (prefix, header, r, col_header, c, measure),
                f"{r} x {c}",
                int(values[i, j]),
                mark(i, j + 1),
            )
            if free[i, j] and (mk is None if hideable is None else hideable):
                b.allow_hiding(int(cells[i, j]))
    for line, margins, ok in ((cells, row_m, free), (cells.T, col_m, free.T)):
        for members, margin, keep in zip(line, margins, ok, strict=True):
            b.sum_or_bound(members.tolist(), margin)
            if 0 < b.values[margin] < b.k:
                small = members[keep].tolist()
                b.small_line(small, [False] * len(small), mk is None)
    return cells, row_m, col_m


def marks_frame(
    table: pd.DataFrame, marks: np.ndarray, where: dict[str, list[int]]
) -> pd.DataFrame:
    """The marks of a one-way table's columns (entries ``where``), shaped like it."""
    out = pd.DataFrame(SHOWN, index=table.index, columns=table.columns)
    for col, idx in where.items():
        out[col] = marks[idx].astype(np.int64)
    return out
