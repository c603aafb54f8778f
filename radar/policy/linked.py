"""Tables published together are protected together.

An *answer* is every table of one kind, date (school year for ``offer``), horizon and
threshold K. All its tables take their hidden cells from one deterministic protection,
so a number is shown, or hidden, alike in every table it appears in:

- one-way tables are protected coarse to fine along the nesting of their groupings
  (province > Resoc > arrondissement; sector partnership > programme): a finer table
  is protected with the coarser ones published beside it (a province is the sum of its
  Resocs), so any of them can be published together;
- a crosstab takes its row and column totals, hidden or shown, from the one-way tables
  of its two groupings and is protected with them (and their coarser tables) beside
  it; zeros everyone knows (an arrondissement outside a province, a programme of
  another partnership) are never used as secondary cells;
- a comparison protects each date's columns as that date's one-way table.

``together`` rebuilds what a list of finished tables publishes (shared totals, nested
groupings, nested crosstabs) for ``radar.policy.audit.audit``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from radar.kernel import schema as s
from radar.kernel.regions import ARRONDISSEMENT, PROVINCE, RESOC, level_of
from radar.policy.publication import (
    SECONDARY,
    SHOWN,
    Builder,
    Publication,
    add_crosstab,
    add_one_way,
    marks_frame,
)
from radar.policy.suppress import protect, thin_rows
from radar.policy.tables import GROUP_HEADERS, GROUPINGS, TOTAL_LABEL, group_labels

PARENT: dict[str, str] = {
    ARRONDISSEMENT.id: RESOC.id,
    RESOC.id: PROVINCE.id,
    "programme": "partnership",
}
"""The grouping each grouping nests in (its groups are unions of the finer ones)."""
BY_HEADER = {header: by for by, header in GROUP_HEADERS.items()}
CHAINS = (("programme", "partnership"), (ARRONDISSEMENT.id, RESOC.id, PROVINCE.id))
"""The two families of nested groupings, finest first."""
FINEST = "programme x arrondissement"
"""Key of the finest crosstab in ``Answer.tables`` (every pair is a sum of it)."""


def chain(by: str) -> list[str]:
    """A grouping and the coarser ones it nests in.

    >>> chain("arrondissement")
    ['arrondissement', 'resoc', 'province']
    """
    out = [by]
    while out[-1] in PARENT:
        out.append(PARENT[out[-1]])
    return out


def family(by: str) -> tuple[str, ...]:
    """The groupings protected together with ``by``: one of ``CHAINS``."""
    return next(c for c in CHAINS if by in c)


def parents(
    municipalities: pd.DataFrame, programmes: pd.DataFrame
) -> dict[str, dict[str, str]]:
    """Per nested grouping: each group's label -> the label of its parent group."""
    out = {
        "programme": dict(
            zip(
                programmes[s.NAME].astype(str),
                programmes[s.PARTNERSHIP].astype(str),
                strict=True,
            )
        )
    }
    for child in (ARRONDISSEMENT.id, RESOC.id):
        parent = PARENT[child]
        pairs = municipalities[
            [level_of(child).code_column, level_of(parent).code_column]
        ].drop_duplicates()
        names = {}
        for g in (child, parent):
            frame = group_labels(g, municipalities, programmes)  # type: ignore[arg-type]
            names[g] = dict(
                zip(frame["key"].astype(str), frame["label"].astype(str), strict=True)
            )
        out[child] = {
            names[child][str(c)]: names[parent][str(p)]
            for c, p in pairs.itertuples(index=False)
            if str(c) in names[child] and str(p) in names[parent]
        }
    return out


def ancestor(label: str, by: str, to: str, up: dict[str, dict[str, str]]) -> str:
    """The group of grouping ``to`` (coarser than ``by``) that holds ``label``."""
    while by != to:
        label, by = up[by].get(label, ""), PARENT[by]
    return label


def fixed_zeros(
    table: pd.DataFrame, by: str, cross: str, up: dict[str, dict[str, str]]
) -> np.ndarray | None:
    """Cells of a crosstab of nested groupings that are zero by definition."""
    rows = table.iloc[:-1, 0].astype(str).tolist()
    cols = [str(c) for c in table.columns[1:-1]]
    if cross in chain(by):
        return np.array([[ancestor(r, by, cross, up) != c for c in cols] for r in rows])
    if by in chain(cross):
        return np.array([[ancestor(c, cross, by, up) != r for c in cols] for r in rows])
    return None


def nest(
    b: Builder,
    prefix: object,
    measure: str,
    up: dict[str, dict[str, str]],
) -> None:
    """State that each group of a coarser grouping is the sum of its finer groups,
    for every pair of groupings present in ``b`` (one-way entries or crosstab
    margins), and likewise for nested crosstabs."""
    groups: dict[str, dict[str, int]] = {}
    cells: dict[tuple[str, str], dict[tuple[str, str], int]] = {}
    for key, i in b.keys.items():
        if not (isinstance(key, tuple) and key and key[0] == prefix):
            continue
        if len(key) == 4 and key[3] == measure and key[1] in BY_HEADER:
            groups.setdefault(BY_HEADER[key[1]], {})[key[2]] = i
        if len(key) == 6 and key[5] == measure:
            pair = (BY_HEADER[key[1]], BY_HEADER[key[3]])
            cells.setdefault(pair, {})[(key[2], key[4])] = i
    for child, members in groups.items():
        parent = PARENT.get(child)
        if parent in groups:
            sums: dict[str, list[int]] = {}
            for label, i in members.items():
                sums.setdefault(ancestor(label, child, parent, up), []).append(i)
            for label, i in groups[parent].items():
                b.sum_or_bound(sums.get(label, []), i)
    for (r, c), fine in cells.items():
        for rr, cc in cells:
            if (rr, cc) == (r, c) or rr not in chain(r) or cc not in chain(c):
                continue
            parts: dict[tuple[str, str], list[int]] = {}
            for (a, bb), i in fine.items():
                key = (ancestor(a, r, rr, up), ancestor(bb, c, cc, up))
                parts.setdefault(key, []).append(i)
            for key, i in cells[(rr, cc)].items():
                b.sum_or_bound(parts.get(key, []), i)


def _one_hot(
    labels: list[str], fine: str, to: str, up: dict[str, dict[str, str]]
) -> tuple[list[str], np.ndarray]:
    """Groups of ``to`` and the 0/1 matrix putting each label of ``fine`` in one."""
    owner = [ancestor(x, fine, to, up) for x in labels]
    groups = sorted(set(owner))
    where = {g: i for i, g in enumerate(groups)}
    m = np.zeros((len(labels), len(groups)))
    m[np.arange(len(labels)), [where[g] for g in owner]] = 1.0
    return groups, m


def pair_matrix(
    finest: pd.DataFrame, rows: str, cols: str, up: dict[str, dict[str, str]]
) -> tuple[list[str], np.ndarray]:
    """The groups of ``rows`` and the body of the crosstab ``rows`` x ``cols``,
    summed from the finest one (programme x arrondissement with its totals)."""
    body = finest.iloc[:-1, 1:-1].to_numpy(dtype=float)
    labels = {
        CHAINS[0][0]: finest.iloc[:-1, 0].astype(str).tolist(),
        CHAINS[1][0]: [str(c) for c in finest.columns[1:-1]],
    }
    side = {g: c[0] for c in CHAINS for g in c}
    r_groups, r_hot = _one_hot(labels[side[rows]], side[rows], rows, up)
    _, c_hot = _one_hot(labels[side[cols]], side[cols], cols, up)
    if side[rows] == side[cols]:  # nested: through the totals of the finest level
        totals = body.sum(axis=1 if side[rows] == CHAINS[0][0] else 0)
        return r_groups, r_hot.T @ (totals[:, None] * c_hot)
    if side[rows] == CHAINS[0][0]:
        return r_groups, r_hot.T @ body @ c_hot
    return r_groups, (c_hot.T @ body @ r_hot).T


@dataclass
class Answer:
    """The protected tables of one kind, date, horizon and K."""

    k: int
    prefix: tuple[Any, ...]
    measures: tuple[str, ...]
    main: str
    one_way: Callable[[str], pd.DataFrame]
    finest: Callable[[], pd.DataFrame]
    up: dict[str, dict[str, str]]
    listed: tuple[str, ...] = ()
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    marks: dict[str, pd.DataFrame] = field(default_factory=dict)

    def table(self, by: str) -> pd.DataFrame:
        """The plain one-way table of a grouping."""
        if by not in self.tables:
            self.tables[by] = self.one_way(by)
        return self.tables[by]

    def add_families(self, b: Builder, groupings: list[str]) -> None:
        """Add the protected one-way tables of the families of ``groupings``."""
        for fam in dict.fromkeys(family(g) for g in groupings):
            for g in fam:
                self.add_one_way(b, g, self.one_way_marks(g))
        for m in self.measures:
            nest(b, self.prefix, m, self.up)

    def add_one_way(
        self, b: Builder, by: str, marks: pd.DataFrame | None
    ) -> dict[str, list[int]]:
        """Add the one-way table of ``by``: programmes are listed only with
        recognitions (or lesplaatsen), and in a crosstab only with a count."""
        listed = self.listed if by == "programme" else ()
        exact = (self.main,) if by == "programme" else ()
        cols = list(self.measures)
        table = self.table(by)
        return add_one_way(b, table, cols, self.prefix, marks, listed, None, exact)

    def one_way_marks(self, by: str) -> pd.DataFrame:
        """Marks of the one-way table of ``by``, protected together with the other
        tables of its family (regions; sector partnerships and programmes)."""
        if by not in self.marks:
            fam = family(by)
            b = Builder(self.k)
            where = {}
            for g in fam:
                where[g] = self.add_one_way(b, g, None)
            for m in self.measures:
                nest(b, self.prefix, m, self.up)
            for g in fam:
                for label, (low, high) in self.forced(g).items():
                    i = b.keys[(self.prefix, GROUP_HEADERS[g], label, self.main)]
                    if b.marks[i] == SHOWN:
                        b.marks[i] = SECONDARY
                    b.require(i, low, high)
            marks = protect(b.build())
            for g in fam:
                self.marks[g] = marks_frame(self.table(g), marks, where[g])
        return self.marks[by]

    def forced(self, by: str) -> dict[str, tuple[int, int]]:
        """Groups of ``by`` whose total must be hidden, and the range it needs,
        because their breakdown by a grouping of the other family has small cells
        only (``thin_rows``)."""
        if FINEST not in self.tables:
            self.tables[FINEST] = self.finest()
        out: dict[str, tuple[int, int]] = {}
        for other in (g for c in CHAINS if by not in c for g in c):
            labels, matrix = pair_matrix(self.tables[FINEST], by, other, self.up)
            for label, (low, high) in thin_rows(labels, matrix, self.k).items():
                old = out.get(label, (low, high))
                out[label] = (min(old[0], low), max(old[1], high))
        return out

    def crosstab_marks(
        self, table: pd.DataFrame, by: str, cross: str
    ) -> tuple[pd.DataFrame, Publication]:
        """Marks of a crosstab, protected with the one-way tables of both
        groupings (and their coarser ones) beside it; and that publication.

        A crosstab and its transpose are one table: both are protected in the
        order of ``GROUPINGS`` (the coarser grouping as rows when nested).
        """
        if GROUPINGS.index(by) > GROUPINGS.index(cross):  # type: ignore[arg-type]
            marks, pub = self.crosstab_marks(transpose(table, cross), cross, by)
            out = pd.DataFrame(0, index=table.index, columns=table.columns)
            out.iloc[:, 1:] = marks.iloc[:, 1:].to_numpy().T
            return out.astype(np.int64), pub
        b = Builder(self.k)
        self.add_families(b, [by, cross])
        zeros = fixed_zeros(table, by, cross, self.up)
        cells, row_m, col_m = add_crosstab(
            b, table, self.prefix, GROUP_HEADERS[cross], self.main, zeros
        )
        pub = b.build()
        marks = protect(pub)
        out = pd.DataFrame(0, index=table.index, columns=table.columns)
        inner = list(table.columns[1:-1])
        out.loc[out.index[:-1], inner] = marks[cells]
        out.loc[out.index[:-1], TOTAL_LABEL] = marks[row_m]
        total = b.keys[(self.prefix, TOTAL_LABEL, self.main)]
        out.loc[out.index[-1], [*inner, TOTAL_LABEL]] = marks[[*col_m, total]]
        return out.astype(np.int64), pub.with_marks(marks)


def transpose(table: pd.DataFrame, by: str) -> pd.DataFrame:
    """A crosstab with rows and columns swapped; ``by`` names the grouping of the
    new rows."""
    body = table.set_index(table.columns[0]).T
    out = body.rename_axis(GROUP_HEADERS[by]).reset_index()
    out[out.columns[0]] = out[out.columns[0]].astype(str)
    out.columns = [str(c) for c in out.columns]
    return out


@dataclass(frozen=True)
class Published:
    """One finished table as ``together`` needs it: its answer's key, groupings,
    values and marks (columns per date for a comparison)."""

    prefix: tuple[Any, ...]
    by: str
    cross: str | None
    measures: tuple[str, ...]
    values: pd.DataFrame
    marks: pd.DataFrame
    listed: tuple[str, ...] = ()


def together(
    tables: Sequence[Published], k: int, up: dict[str, dict[str, str]]
) -> Publication:
    """Everything the tables publish together, for an audit: shared entries are
    merged (the most revealing mark wins), nested groupings and crosstabs related.
    Every cell counts as one that could have been hidden, except the ``Eindtotaal``
    and the totals of a crosstab (they are fixed by the one-way tables first)."""
    b = Builder(k)
    keys: set[tuple[tuple[Any, ...], str]] = set()
    for t in tables:
        if t.cross is None:
            listed = t.listed if t.by == "programme" else ()
            main = "leerlingen" if "leerlingen" in t.measures else "erkenningen"
            exact = (main,) if t.by == "programme" else ()
            add_one_way(
                b, t.values, list(t.measures), t.prefix, t.marks, listed, True, exact
            )
        else:
            zeros = fixed_zeros(t.values, t.by, t.cross, up)
            add_crosstab(
                b,
                t.values,
                t.prefix,
                GROUP_HEADERS[t.cross],
                t.measures[0],
                zeros,
                t.marks,
                True,
            )
        keys.update((t.prefix, m) for m in t.measures)
    for t in tables:
        if t.cross is not None:
            for by, labels in (
                (t.by, t.values.iloc[:-1, 0]),
                (t.cross, t.values.columns[1:-1]),
            ):
                for x in labels if by == "programme" else []:  # listed: positive
                    b.known[
                        b.keys[(t.prefix, GROUP_HEADERS[by], str(x), t.measures[0])]
                    ] = True
            fixed = [
                (t.prefix, GROUP_HEADERS[t.by], str(x), t.measures[0])
                for x in t.values.iloc[:-1, 0]
            ]
            fixed += [
                (t.prefix, GROUP_HEADERS[t.cross], str(x), t.measures[0])
                for x in t.values.columns[1:-1]
            ]
            for key in fixed:
                b.hideable[b.keys[key]] = False
    for prefix, m in sorted(keys, key=repr):
        nest(b, prefix, m, up)
    return b.build()
