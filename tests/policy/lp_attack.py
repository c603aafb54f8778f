"""An attacker with a linear-programming solver (test helper), written apart from
``radar.policy.audit``: it reads only the published tables (numbers, ``<K``, ``x``)
and what anyone knows about them, and works out how far each hidden cell can be
narrowed.

What the attacker knows:

- a number shown anywhere (in any of the tables published together) exactly;
- ``<K``: 1..K-1, or 0..K-1 in a line whose total shows ``<K`` (there every cell
  shows ``<K``); a listed programme has at least one recognition;
- ``x``: 0 or at least K;
- rows and columns add up to their totals, totals add up to ``Eindtotaal``, a
  coarser group is the sum of its finer groups, a group has at most as many unique
  establishments as recognitions (distinct counts: at most the sum of the parts and
  at least each part).

Integrality is relaxed (LP); ``x`` is checked for "0 or >= K" on the final range.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import linprog

TOTAL = "Eindtotaal"
ADDITIVE_EVERYWHERE = ("erkenningen", "leerlingen")
REGION_HEADERS = ("provincie", "arrondissement", "resoc")


def is_hidden(value: object) -> bool:
    return isinstance(value, str)


class Attacker:
    """Collect published tables, then attack every hidden quantity."""

    def __init__(self, k: int) -> None:
        self.k = k
        self.seen: dict[Hashable, list[object]] = defaultdict(list)
        self.truth: dict[Hashable, int] = {}
        self.floor: dict[Hashable, int] = {}
        self.positive: set[Hashable] = set()
        self.eq: list[tuple[list[Hashable], list[Hashable]]] = []
        self.ub: list[tuple[list[Hashable], list[Hashable]]] = []

    def put(self, key: Hashable, shown: object, truth: int, floor: int = 1) -> None:
        self.seen[key].append(shown)
        if key in self.truth:
            assert self.truth[key] == int(truth), key
        self.truth[key] = int(truth)
        self.floor[key] = min(self.floor.get(key, 1), floor)

    def total_of(self, parts: list[Hashable], total: Hashable, additive: bool) -> None:
        if additive:
            self.eq.append((parts, [total]))
        else:
            self.ub.append(([total], parts))
            self.ub += [([p], [total]) for p in parts]

    def one_way(
        self,
        published: pd.DataFrame,
        truth: pd.DataFrame,
        prefix: Hashable = (),
        rename: dict[str, str] | None = None,
        listed_nonzero: tuple[str, ...] = (),
    ) -> None:
        """A table of groups and an ``Eindtotaal`` row; ``rename`` maps its columns
        to measure names (a comparison's dated columns)."""
        header = str(published.columns[0])
        labels = published.iloc[:, 0].astype(str).tolist()
        for col, measure in (rename or {c: c for c in published.columns[1:]}).items():
            shown, true = published[col].tolist(), truth[col].tolist()
            small = is_hidden(shown[-1])
            keys = [(prefix, header, lab, measure) for lab in labels[:-1]]
            for key, v, t in zip(keys, shown[:-1], true[:-1], strict=True):
                floor = 0 if small and measure not in listed_nonzero else 1
                self.put(key, v, t, floor)
                if measure in listed_nonzero:
                    self.positive.add(key)
            total = (prefix, TOTAL, measure)
            self.put(total, shown[-1], true[-1])
            additive = measure in ADDITIVE_EVERYWHERE or header in REGION_HEADERS
            self.total_of(keys, total, additive)
        measures = set((rename or {}).values()) or set(published.columns[1:])
        if {"erkenningen", "unieke vestigingen"} <= measures:
            for lab in [*labels[:-1], None]:
                pair = [
                    (prefix, TOTAL, m) if lab is None else (prefix, header, lab, m)
                    for m in ("unieke vestigingen", "erkenningen")
                ]
                self.ub.append(([pair[0]], [pair[1]]))

    def crosstab(
        self,
        published: pd.DataFrame,
        truth: pd.DataFrame,
        col_header: str,
        measure: str,
        prefix: Hashable = (),
    ) -> None:
        """A crosstab with an ``Eindtotaal`` column and row."""
        header = str(published.columns[0])
        rows = published.iloc[:-1, 0].astype(str).tolist()
        cols = [str(c) for c in published.columns[1:-1]]
        p = published.iloc[:, 1:].to_numpy(dtype=object)
        t = truth.iloc[:, 1:].to_numpy()
        row_m = [(prefix, header, r, measure) for r in rows]
        col_m = [(prefix, col_header, c, measure) for c in cols]
        total = (prefix, TOTAL, measure)
        # A total <K: every part of it shows <K, zeros included.
        small_total = is_hidden(p[-1, -1]) and p[-1, -1].startswith("<")
        floor = 0 if small_total else 1
        for key, i in zip(row_m, range(len(rows)), strict=True):
            self.put(key, p[i, -1], t[i, -1], floor)
        for key, j in zip(col_m, range(len(cols)), strict=True):
            self.put(key, p[-1, j], t[-1, j], floor)
        self.put(total, p[-1, -1], t[-1, -1])
        self.total_of(row_m, total, True)
        self.total_of(col_m, total, True)
        cells = [
            [(prefix, header, r, col_header, c, measure) for c in cols] for r in rows
        ]
        for i in range(len(rows)):
            for j in range(len(cols)):
                small = is_hidden(p[i, -1]) and p[i, -1].startswith("<")
                small |= is_hidden(p[-1, j]) and p[-1, j].startswith("<")
                self.put(cells[i][j], p[i, j], t[i, j], 0 if small else 1)
        for i in range(len(rows)):
            self.total_of(cells[i], row_m[i], True)
        for j in range(len(cols)):
            self.total_of([row[j] for row in cells], col_m[j], True)

    def nest(
        self,
        prefix: Hashable,
        child: str,
        parent: str,
        parent_of: dict[str, str],
        measure: str,
        additive: bool,
    ) -> None:
        """Each group of ``parent`` is the sum of its groups of ``child``."""
        kids: dict[str, list[Hashable]] = defaultdict(list)
        for key in self.truth:
            if (
                len(key) == 4
                and key[0] == prefix
                and key[1] == child
                and key[3] == measure
            ):
                kids[parent_of[key[2]]].append(key)
        if not kids:  # the finer table is not published
            return
        for key in list(self.truth):
            if (
                len(key) == 4
                and key[0] == prefix
                and key[1] == parent
                and key[3] == measure
            ):
                self.total_of(kids.get(key[2], []), key, additive)

    def attack(
        self, allowed: dict[Hashable, tuple[int, int]] | None = None
    ) -> list[str]:
        """Every hidden quantity narrowed too far: a ``<K`` value 1..K-1 that cannot
        take every value 1..K-1 (or the interval ``allowed`` gives it), any other
        hidden value (``x``, a zero shown ``<K``) with a single possible value."""
        k = self.k
        keys = list(self.truth)
        shown = {
            key: next((int(v) for v in vals if not is_hidden(v)), None)
            for key, vals in self.seen.items()
        }
        unknown = [key for key in keys if shown[key] is None]
        if not unknown:
            return []
        pos = {key: n for n, key in enumerate(unknown)}
        primary = np.array(
            [any(str(v).startswith("<") for v in self.seen[key]) for key in unknown]
        )
        truth = np.array([self.truth[key] for key in unknown], dtype=float)
        floor = np.array([self.floor[key] for key in unknown], dtype=float)
        positive = np.array([key in self.positive for key in unknown])
        lo = np.where(primary, floor, np.where(positive, 1.0, 0.0))
        hi = np.where(primary, k - 1.0, 10.0 * (sum(self.truth.values()) + k))

        def matrix(rows: list[tuple[list[Hashable], list[Hashable]]]):
            r, c, d, b = [], [], [], []
            for n, (plus, minus) in enumerate(rows):
                const = 0.0
                for keys_, sign in ((plus, 1.0), (minus, -1.0)):
                    for key in keys_:
                        if key in pos:
                            r.append(n)
                            c.append(pos[key])
                            d.append(sign)
                        else:
                            const += sign * shown[key]
                b.append(-const)
            a = sparse.coo_array((d, (r, c)), shape=(len(rows), len(unknown)))
            return a.tocsr(), np.array(b)

        a_eq, b_eq = matrix(self.eq)
        a_ub, b_ub = matrix(self.ub)
        assert np.allclose(a_eq @ truth, b_eq) and (a_ub @ truth <= b_ub + 1e-9).all()
        bounds = np.column_stack([lo, hi])
        seen_lo, seen_hi = truth.copy(), truth.copy()

        def solve(c: np.ndarray) -> np.ndarray | None:
            res = linprog(
                c,
                A_ub=a_ub if len(self.ub) else None,
                b_ub=b_ub if len(self.ub) else None,
                A_eq=a_eq,
                b_eq=b_eq,
                bounds=bounds,
                method="highs-ds",
                options={"presolve": False},
            )
            return res.x if res.status == 0 else None

        # A value 1..K-1 must be able to be any of 1..K-1; any other hidden value
        # (x, or a zero shown <K in a small line) must not be pinned.
        sensitive = primary & (truth > 0)
        zero_small = primary & (truth == 0)

        want = [(allowed or {}).get(key, (1, k - 1)) for key in unknown]
        want_lo = np.array([w[0] for w in want], dtype=float)
        want_hi = np.array([w[1] for w in want], dtype=float)

        def needs() -> tuple[np.ndarray, np.ndarray]:
            """Certified: (down side, up side) per unknown."""
            down_target = np.where(
                sensitive, want_lo, np.where(truth >= k + 1, truth - 1, 0)
            )
            up_target = np.where(
                sensitive,
                want_hi,
                np.where(zero_small, 1, np.where(truth == 0, k, truth + 1)),
            )
            down = seen_lo <= down_target + 1e-6
            down &= sensitive | (truth > 0)
            up = seen_hi >= up_target - 1e-6
            return down, up

        def ok() -> np.ndarray:
            down, up = needs()
            return np.where(sensitive, down & up, down | up)

        rng = np.random.default_rng(7)
        for _ in range(12):
            todo = ~ok()
            if not todo.any():
                break
            x = solve(np.where(todo, rng.choice([-1.0, 1.0], len(unknown)), 0.0))
            if x is None:
                break
            seen_lo, seen_hi = np.minimum(seen_lo, x), np.maximum(seen_hi, x)
        # Then push open unknowns that share no equation, each the way it needs.
        member = [np.nonzero(row)[0] for row in (a_eq != 0).T.tocsr().toarray()]
        while (~ok()).any():
            before = (~ok()).sum()
            used, c = set(), np.zeros(len(unknown))
            down, up = needs()
            for n in np.nonzero(~ok())[0]:
                if used.isdisjoint(member[n]):
                    used.update(member[n].tolist())
                    c[n] = 1.0 if not down[n] and (primary[n] or truth[n] > 0) else -1.0
            x = solve(c)
            if x is None:
                break
            seen_lo, seen_hi = np.minimum(seen_lo, x), np.maximum(seen_hi, x)
            if (~ok()).sum() == before:
                break
        for n in np.nonzero(~ok())[0]:
            for sign in (1.0, -1.0):
                c = np.zeros(len(unknown))
                c[n] = sign
                x = solve(c)
                if x is not None:
                    seen_lo, seen_hi = np.minimum(seen_lo, x), np.maximum(seen_hi, x)
        bad = []
        for n in np.nonzero(~ok())[0]:
            what = "<K" if primary[n] else "x"
            bad.append(
                f"{unknown[n]} ({what}, {truth[n]:g}): {seen_lo[n]:g}..{seen_hi[n]:g}"
            )
        return bad


def attack_tables(tables: list, ds, k: int) -> list[str]:
    """Attack policy tables (``PolicyTable``) published together: every table, the
    totals they share, the nesting of their groupings. A programme table lists only
    programmes with recognitions (or lesplaatsen): where a sector partnership's total
    shows ``<K``, m listed programmes of it are each known to be at most K-m and the
    total at least m; that much is allowed."""
    from radar.policy.build import period_label
    from radar.policy.linked import PARENT, parents
    from radar.policy.tables import GROUP_HEADERS

    up = parents(ds.municipalities, ds.programmes)
    a = Attacker(k)
    listed: dict[Hashable, tuple[str, ...]] = {}
    for pt in tables:
        req = pt.request
        main = "leerlingen" if req.kind == "offer" else "erkenningen"
        known = ("lesplaatsen",) if req.kind == "offer" else req.measures
        prefix = (req.kind, req.period, req.months)
        listed[prefix] = known
        if req.cross is not None:
            a.crosstab(pt.table, pt.values, GROUP_HEADERS[req.cross], main, prefix)
            for by, labels in (
                (req.by, pt.table.iloc[:-1, 0]),
                (req.cross, pt.table.columns[1:-1]),
            ):
                for x in labels if by == "programme" else []:  # listed: positive
                    a.positive.add((prefix, "opleiding", str(x), main))
            continue
        nonzero = known if req.by == "programme" else ()
        if req.compare_to is None:
            a.one_way(pt.table, pt.values, prefix, listed_nonzero=nonzero)
            continue
        label = pt.table.columns[0]
        for when in (req.as_of, req.compare_to):
            period = period_label(req.kind, when)
            names = {f"{m} {period}": m for m in req.measures}
            cols = [label, *names]
            p = (req.kind, period, req.months)
            listed[p] = known
            a.one_way(pt.table[cols], pt.values[cols], p, names, nonzero)
    for prefix in listed:
        for child, parent in PARENT.items():
            for m in ("erkenningen", "unieke vestigingen", "lesplaatsen", "leerlingen"):
                additive = m in ADDITIVE_EVERYWHERE or child != "programme"
                a.nest(
                    prefix,
                    GROUP_HEADERS[child],
                    GROUP_HEADERS[parent],
                    up[child],
                    m,
                    additive,
                )
    return a.attack(_listing(a, listed, up, k))


def _listing(
    a: Attacker,
    listed: dict[Hashable, tuple[str, ...]],
    up: dict[str, dict[str, str]],
    k: int,
) -> dict[Hashable, tuple[int, int]]:
    allowed: dict[Hashable, tuple[int, int]] = {}
    for prefix, measures in listed.items():
        for m in measures:
            kids: dict[str, list[str]] = defaultdict(list)
            for key in a.truth:
                if key[:2] == (prefix, "opleiding") and len(key) == 4 and key[3] == m:
                    kids[up["programme"][key[2]]].append(key[2])
            for partnership, programmes in kids.items():
                total = (prefix, "sectoraal partnerschap", partnership, m)
                seen = a.seen.get(total, [])
                if not any(str(v).startswith("<") for v in seen):
                    continue
                n = len(programmes)
                allowed[total] = (n, k - 1)
                for p in programmes:
                    allowed[(prefix, "opleiding", p, m)] = (1, k - n)
                    for key in a.truth:
                        if (
                            len(key) == 6
                            and key[0] == prefix
                            and key[5] == m
                            and (
                                key[1:3] == ("opleiding", p)
                                or key[3:5] == ("opleiding", p)
                            )
                        ):
                            allowed[key] = (1, k - n)
    return allowed
