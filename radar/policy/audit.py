"""Audit of suppressed tables: what can an attacker still work out?

A publication (``radar.policy.publication``) is everything published together:
cells and totals of one or more tables and the relations anyone knows between them.
What the attacker knows of an entry:

- a shown entry exactly;
- ``<K``: a whole number 1..K-1; 0..K-1 in a line whose total is below K (there
  every cell shows ``<K``, zeros included); at least 1 for a listed programme;
- ``x``: 0 or at least K (a value 1..K-1 would have been ``<K``);
- every entry is a whole number >= 0 and every relation holds.

``audit`` computes the range each hidden entry can take given all of this: bounds
are tightened by propagation (``radar.policy.bounds``), then by linear programming
(HiGHS through ``scipy.optimize.linprog``, integrality relaxed). It reports every
hidden entry that is

- a count 1..K-1 that cannot take every value of its *target*: 1..K-1, or as much
  of it as hiding every hideable entry would leave (a sector partnership total
  below K over m listed programmes is at least m, each programme at most K-m);
- anything else (``x``, a zero shown ``<K``) with a single possible value.

Ranges are certified with few LPs: the true values are one feasible point, LPs with
random objectives give many more, moves along 4-cycles of crosstab cells more still,
and one LP per entry and side is solved only for what is left (its optimum is the
exact end of the range). Results are cached by content.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from radar.policy.bounds import (
    EPS,
    cycle_cells,
    move,
    propagate,
    start_bounds,
)
from radar.policy.publication import PRIMARY, SHOWN, Publication

RANDOM_ROUNDS = 16
POOL_SIZE = 64
LOCAL = 40
_OPTIONS = {"presolve": False}
AUDITS: OrderedDict[str, list[Finding]] = OrderedDict()
CACHE_SIZE = 256


@dataclass(frozen=True)
class Finding:
    """A hidden entry the attacker narrows too much: its range and what it needs."""

    index: int
    label: str
    value: int
    mark: int
    low: float
    high: float
    need_low: float
    need_high: float

    def __str__(self) -> str:
        what = "<K" if self.mark == PRIMARY else "x"
        text = f"{self.label} ({what}): {self.low:g}..{self.high:g}"
        if self.low == self.high:
            return text + ", ligt vast"
        if self.mark == PRIMARY:
            return text + f", moet {self.need_low:g}..{self.need_high:g} kunnen zijn"
        return text


def targets(pub: Publication) -> tuple[np.ndarray, np.ndarray]:
    """The interval each primary entry must be able to take: 1..K-1 as far as the
    most protective publication (every hideable entry hidden) allows."""
    base = pub.baseline()
    lo, hi = propagate(base, *start_bounds(base))
    return np.maximum(lo, 1), np.minimum(hi, pub.k - 1)


@dataclass
class Needs:
    """Per hidden entry: the values to reach down/up, and whether one side is enough."""

    down: np.ndarray
    up: np.ndarray
    either: np.ndarray


def needs(
    pub: Publication, t_lo: np.ndarray, t_hi: np.ndarray, goals: bool = True
) -> Needs:
    """What each hidden entry must be able to take: a ``<K`` value every value of
    its target, anything else another admissible value; with ``goals``, also the
    range ``Publication.reach`` asks of it (a protection goal, not audited)."""
    v = pub.values.astype(float)
    k = pub.k
    primary = pub.marks == PRIMARY
    zero = v == 0
    # x entries: another admissible value (0, or >= K) besides the true one.
    down = np.where(v - 1 >= k, v - 1, 0.0)
    down = np.where(zero, -np.inf, down)
    up = np.where(zero, float(k), v + 1)
    # A zero shown as <K (in a small line) must not be pinned: it may be 1 too.
    sensitive = primary & ~zero
    down = np.where(sensitive, t_lo, np.where(primary, -np.inf, down))
    up = np.where(sensitive, t_hi, np.where(primary, 1.0, up))
    # A required range (a hidden total that small cells elsewhere add up to).
    low, high = pub.reach[:, 0], pub.reach[:, 1]
    w_down = np.minimum(np.where(sensitive, down, v), low)
    w_up = np.maximum(np.where(sensitive, up, v), high)
    wanted = np.isfinite(low) & (pub.marks != SHOWN) & ((w_down < v) | (w_up > v))
    wanted &= goals
    return Needs(
        down=np.where(wanted, w_down, down),
        up=np.where(wanted, w_up, up),
        either=~sensitive & ~wanted,
    )


def _certify(
    lp: dict[str, object],
    lo: np.ndarray,
    hi: np.ndarray,
    seen: tuple[np.ndarray, np.ndarray],
    need: Needs,
    x0: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """Smallest and largest value seen per variable, searching only as far as the
    needs require; and the feasible points found.

    First LPs that push every open variable a random way; then, for a cell of a
    crosstab, moves along 4-cycles of cells from the best point so far (no LP);
    then LPs that push a set of open variables sharing little (they cannot get in
    each other's way); last one LP per variable and side still open (its optimum
    is the exact end of its range).
    """
    from scipy import sparse
    from scipy.optimize import linprog

    n = len(lo)
    seen_lo, seen_hi = seen[0].copy(), seen[1].copy()
    # A finite box keeps every LP bounded; feasible points in it are feasible.
    cap = 10.0 * (np.abs(seen_hi[np.isfinite(seen_hi)]).sum() + n + 10)
    bounds = np.column_stack([lo, np.minimum(hi, np.maximum(cap, lo))])
    can_down = lo <= need.down + EPS
    can_up = hi >= need.up - EPS
    points: list[np.ndarray] = []
    parts = [lp[name] for name in ("A_eq", "A_ub") if name in lp]
    rel = abs(sparse.vstack(parts)).tocsc()  # type: ignore[call-overload]
    rel_t = rel.T.tocsr()
    rel_r = rel.tocsr()
    cols = {k: v.tocsc() for k, v in lp.items() if k.startswith("A_")}  # type: ignore[attr-defined]
    local_lp = {**lp, **cols}

    def state() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        d = seen_lo <= need.down + EPS
        u = seen_hi >= need.up - EPS
        ok = np.where(need.either, d | u, d & u)
        return ok | ~np.where(need.either, can_down | can_up, can_down & can_up), d, u

    def look(c: np.ndarray) -> bool:
        nonlocal seen_lo, seen_hi
        res = linprog(c, bounds=bounds, method="highs-ds", options=_OPTIONS, **lp)  # type: ignore[arg-type]
        if res.status != 0:
            return False
        seen_lo, seen_hi = np.minimum(seen_lo, res.x), np.maximum(seen_hi, res.x)
        points.append(res.x)
        return True

    def sides(d: np.ndarray, u: np.ndarray, coin: np.ndarray) -> np.ndarray:
        """+1 to push a variable down, -1 up: the side it still needs."""
        down = np.where(
            need.either,
            np.where(can_down & can_up, coin, can_down),
            ~d & (u | coin),
        )
        return np.where(down, 1.0, -1.0)

    rng = np.random.default_rng(n)
    ok, d, u = state()
    for _ in range(RANDOM_ROUNDS):
        if ok.all():
            break
        c = sides(d, u, rng.random(n) < 0.5) * rng.uniform(1, 2, n)
        if not look(np.where(~ok, c, 0.0)):
            break
        new_ok, d, u = state()
        if (new_ok & ~ok).sum() < max(1, (~ok).sum() // 40):
            ok = new_ok
            break
        ok = new_ok
    if not ok.all() and "A_eq" in lp:
        a_eq = lp["A_eq"]
        has_ub = np.zeros(n, dtype=bool)
        if "A_ub" in lp:
            has_ub = np.diff(lp["A_ub"].tocsc().indptr) > 0  # type: ignore[attr-defined]
        cells = cycle_cells(a_eq, has_ub)  # type: ignore[arg-type]
        for i in np.nonzero(~ok)[0]:
            for sign, side in ((-1.0, d), (1.0, u)):
                if side[i] or not (can_down if sign < 0 else can_up)[i]:
                    continue
                target = need.down[i] if sign < 0 else need.up[i]
                pick = [x0, *points]
                w = max(pick, key=lambda p: sign * p[i]).copy()
                if move(w, int(i), sign, target, lo, bounds[:, 1], cells):
                    seen_lo, seen_hi = np.minimum(seen_lo, w), np.maximum(seen_hi, w)
                    points.append(w)
                ok, d, u = state()
    # Small LPs around one open variable (relations of at most LOCAL members, three
    # steps out), everything else fixed at the best point so far.
    size = np.diff(rel_r.indptr)
    for i in np.nonzero(~ok)[0]:
        for sign, side in ((1.0, d), (-1.0, u)):
            if ok[i] or side[i] or not (can_down if sign > 0 else can_up)[i]:
                continue
            near, edge = {int(i)}, [int(i)]
            for _ in range(3):
                found = np.unique(rel_t[edge].indices) if edge else np.array([], int)
                rows = found[size[found] <= LOCAL]
                new = set(rel_r[rows].indices.tolist()) - near if len(rows) else set()
                near |= new
                edge = sorted(new)
            sub = np.array(sorted(near))
            w = max([x0, *points], key=lambda p: -sign * p[i]).copy()
            c = np.zeros(len(sub))
            c[np.searchsorted(sub, i)] = sign
            x = _solve_local(local_lp, sub, w, bounds, c)
            if x is not None:
                w[sub] = x
                seen_lo, seen_hi = np.minimum(seen_lo, w), np.maximum(seen_hi, w)
                points.append(w)
            ok, d, u = state()
    # A relation with much slack has room for several pushes at once.
    span = np.minimum(bounds[:, 1] - bounds[:, 0], 2.0 * (need.up.max(initial=1) + 1))
    room = np.maximum(1, (rel @ span) // (2 * np.maximum(need.up.max(initial=1), 1)))
    while not ok.all():  # sets of open variables that hardly share a relation
        used = np.zeros(rel.shape[0], dtype=np.int64)
        chosen = []
        for i in np.nonzero(~ok)[0]:
            rows = rel_t.indices[rel_t.indptr[i] : rel_t.indptr[i + 1]]
            if (used[rows] < room[rows]).all():
                used[rows] += 1
                chosen.append(i)
        c = np.zeros(n)
        c[chosen] = sides(d, u, rng.random(n) < 0.5)[chosen]
        if not look(c):
            break
        new_ok, d, u = state()
        if not (new_ok & ~ok).any():
            break
        ok = new_ok
    for i in np.nonzero(~ok)[0]:
        for sign, possible in ((1.0, can_down[i]), (-1.0, can_up[i])):
            ok, d, u = state()
            if ok[i] or not possible or (d[i] if sign > 0 else u[i]):
                continue
            c = np.zeros(n)
            c[i] = sign
            look(c)
    return seen_lo, seen_hi, points


def _solve_local(
    lp: dict[str, object],
    sub: np.ndarray,
    w: np.ndarray,
    bounds: np.ndarray,
    c: np.ndarray,
) -> np.ndarray | None:
    """Minimise ``c`` over the variables ``sub``, the others fixed at ``w``; their
    new values or None."""
    from scipy.optimize import linprog

    parts: dict[str, object] = {}
    for name in ("eq", "ub"):
        if f"A_{name}" not in lp:
            continue
        a = lp[f"A_{name}"]
        inner = a[:, sub]  # type: ignore[index]
        rows = np.nonzero(np.diff(inner.tocsr().indptr))[0]
        if not len(rows):
            continue
        parts[f"A_{name}"] = inner[rows]
        # the right-hand side minus what the fixed variables contribute
        b = lp[f"b_{name}"] - a @ w + inner @ w[sub]  # type: ignore[operator]
        parts[f"b_{name}"] = b[rows]
    res = linprog(c, bounds=bounds[sub], method="highs", **parts)  # type: ignore[arg-type]
    return res.x if res.status == 0 else None


def ranges_needed(
    pub: Publication,
    t_lo: np.ndarray,
    t_hi: np.ndarray,
    pool: list[np.ndarray] | None = None,
    goals: bool = True,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[np.ndarray]]:
    """For every entry: the attacker's range as far as it was searched, whether it
    meets its need (shown entries: their value, True), and feasible points (full
    vectors of values) for the next search: ``pool`` holds earlier ones, used where
    they are still feasible (hiding more keeps them feasible unless the new bounds
    cut them off)."""
    lo, hi = propagate(pub, *start_bounds(pub))
    need = needs(pub, t_lo, t_hi, goals)
    v = pub.values.astype(float)
    hidden = np.nonzero(pub.marks != SHOWN)[0]
    points = [
        w
        for w in (pool or [])
        if ((w[hidden] >= lo[hidden] - EPS) & (w[hidden] <= hi[hidden] + EPS)).all()
    ]
    stack = np.array([v, *points])
    seen_lo, seen_hi = stack.min(axis=0), stack.max(axis=0)
    if len(hidden):
        for comp in _components(pub, hidden):
            lp = _lp(pub, comp)
            sub = Needs(need.down[comp], need.up[comp], need.either[comp])
            seen = (seen_lo[comp], seen_hi[comp])
            a, b, found = _certify(lp, lo[comp], hi[comp], seen, sub, v[comp])
            seen_lo[comp], seen_hi[comp] = a, b
            for x in found:
                w = v.copy()
                w[comp] = x
                points.append(w)
    d = seen_lo <= need.down + EPS
    u = seen_hi >= need.up - EPS
    ok = np.where(need.either, d | u, d & u) | (pub.marks == SHOWN)
    return seen_lo, seen_hi, ok, points[-POOL_SIZE:]


def _components(pub: Publication, hidden: np.ndarray) -> list[np.ndarray]:
    """Groups of hidden entries linked by relations (each group is one LP)."""
    from scipy import sparse
    from scipy.sparse.csgraph import connected_components

    m = sparse.vstack([pub.eq, pub.ub]).tocsc()[:, hidden]
    m = (m != 0).astype(float)
    n, labels = connected_components(sparse.csr_array(m.T @ m), directed=False)
    return [hidden[labels == i] for i in range(n)]


def _lp(pub: Publication, comp: np.ndarray) -> dict[str, object]:
    """The LP of one group: its relations with every other entry at its known value
    (other hidden entries never share a relation with this group)."""
    v = pub.values.astype(float)
    out: dict[str, object] = {}
    inside = np.zeros(len(v), dtype=bool)
    inside[comp] = True
    for m, name in ((pub.eq, "eq"), (pub.ub, "ub")):
        rows = np.unique(m[:, comp].tocoo().row) if m.nnz else np.array([], int)
        if not len(rows):
            continue
        part = m[rows]
        out[f"A_{name}"] = part[:, comp]
        rest = np.nonzero(~inside)[0]
        out[f"b_{name}"] = -(part[:, rest] @ v[rest])
    return out


def audit(pub: Publication) -> list[Finding]:
    """Every entry the attacker knows too well (empty: the publication is safe): a
    count 1..K-1 shown as such, or a hidden entry narrowed too much. Results are
    cached by content."""
    key = pub.digest()
    if key in AUDITS:
        AUDITS.move_to_end(key)
        return AUDITS[key]
    t_lo, t_hi = targets(pub)
    seen_lo, seen_hi, ok, _ = ranges_needed(pub, t_lo, t_hi, goals=False)
    small = (pub.marks == SHOWN) & (pub.values > 0) & (pub.values < pub.k)
    ok &= ~small
    t_lo, t_hi = np.where(small, 1, t_lo), np.where(small, pub.k - 1, t_hi)
    findings = [
        Finding(
            int(i),
            pub.labels[i],
            int(pub.values[i]),
            int(pub.marks[i]),
            float(seen_lo[i]),
            float(seen_hi[i]),
            float(t_lo[i]),
            float(t_hi[i]),
        )
        for i in np.nonzero(~ok)[0]
    ]
    AUDITS[key] = findings
    if len(AUDITS) > CACHE_SIZE:
        AUDITS.popitem(last=False)
    return findings
