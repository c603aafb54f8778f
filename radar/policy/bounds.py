"""What an attacker deduces without linear programming.

- ``start_bounds``: what the marks say (shown exactly, ``<K`` 1..K-1, ``x`` 0 or
  at least K);
- ``propagate``: bounds tightened along the relations until nothing changes (whole
  numbers, "x is 0 or >= K", entries that are 0 together);
- ``cycle_cells`` and ``move``: new feasible points from old ones by moving along
  4-cycles of crosstab cells (every row and column sum stays), which certifies most
  ranges of a large crosstab without an LP.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from scipy import sparse

from radar.policy.publication import PRIMARY, SECONDARY, SHOWN, Publication

EPS = 1e-6


def start_bounds(pub: Publication) -> tuple[np.ndarray, np.ndarray]:
    """What the marks alone say: shown exactly, ``<K`` 1..K-1 (0..K-1 in a small
    line), ``x`` >= 0 (>= 1 when known to be positive, so >= K)."""
    v = pub.values.astype(float)
    x_lo = np.where(pub.known, 1.0, 0.0)
    lo = np.where(
        pub.marks == SHOWN,
        v,
        np.where(pub.marks == PRIMARY, np.maximum(pub.floor, x_lo), x_lo),
    )
    hi = np.where(
        pub.marks == SHOWN, v, np.where(pub.marks == PRIMARY, pub.k - 1.0, np.inf)
    )
    return lo, hi


def implied_bounds(
    m: sparse.csr_array, lo: np.ndarray, hi: np.ndarray, equal: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Bounds each relation implies for each of its entries (column, low, high)."""
    coo = m.tocoo()
    a, r, c = coo.data, coo.row, coo.col
    tmin = np.where(a > 0, a * lo[c], a * hi[c])
    tmax = np.where(a > 0, a * hi[c], a * lo[c])
    n = m.shape[0]
    rest = []
    for t, bad in ((tmin, -np.inf), (tmax, np.inf)):
        inf = ~np.isfinite(t)
        fin = np.where(inf, 0.0, t)
        total = np.bincount(r, fin, minlength=n)[r] - fin
        count = np.bincount(r, inf.astype(float), minlength=n)[r] - inf
        rest.append(np.where(count > 0, bad, total))
    # a * x = -(rest) for equalities, a * x <= -(rest_min) for inequalities.
    ax_lo = -rest[1] if equal else np.full(a.shape, -np.inf)
    ax_hi = -rest[0]
    with np.errstate(invalid="ignore"):
        new_lo = np.where(a > 0, ax_lo / a, ax_hi / a)
        new_hi = np.where(a > 0, ax_hi / a, ax_lo / a)
    return c, new_lo, new_hi


def propagate(
    pub: Publication, lo: np.ndarray, hi: np.ndarray, rounds: int = 200
) -> tuple[np.ndarray, np.ndarray]:
    """Tighten bounds along the relations until nothing changes (sound deductions:
    whole numbers, ``x`` is 0 or >= K, same-sign pairs)."""
    lo, hi = lo.copy(), hi.copy()
    v = pub.values.astype(float)
    x = pub.marks == SECONDARY
    hidden = pub.marks != SHOWN
    k = pub.k
    for _ in range(rounds):
        old_lo, old_hi = lo.copy(), hi.copy()
        for m, equal in ((pub.eq, True), (pub.ub, False)):
            if m.nnz == 0:
                continue
            c, new_lo, new_hi = implied_bounds(m, lo, hi, equal)
            np.maximum.at(lo, c, np.where(np.isnan(new_lo), -np.inf, new_lo))
            np.minimum.at(hi, c, np.where(np.isnan(new_hi), np.inf, new_hi))
        lo[~hidden], hi[~hidden] = v[~hidden], v[~hidden]
        lo = np.where(hidden, np.ceil(lo - EPS), lo)
        hi = np.where(hidden & np.isfinite(hi), np.floor(hi + EPS), hi)
        for a, b in (pub.same_sign.T, pub.same_sign[:, ::-1].T):
            lo[b] = np.where(lo[a] > 0, np.maximum(lo[b], 1), lo[b])
            hi[b] = np.where(hi[a] <= 0, np.minimum(hi[b], 0), hi[b])
        hi = np.where(x & (hi < k), 0.0, hi)
        lo = np.where(x & (lo > 0), np.maximum(lo, k), lo)
        if (lo > hi + EPS).any():
            raise ValueError("inconsistent bounds: the relations contradict the data")
        if np.array_equal(lo, old_lo) and np.array_equal(hi, old_hi):
            break
    return lo, hi


def cycle_cells(
    a_eq: sparse.csr_array, has_ub: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Cells of a crosstab among the variables: in exactly two equalities (a row
    and a column, coefficient 1) and no inequality. Returns each variable's two
    relations (-1 when not a cell) and the cell at each pair of relations."""
    n_rel, n = a_eq.shape
    csc = a_eq.tocsc()
    count = np.diff(csc.indptr)
    pairs = -np.ones((n, 2), dtype=np.int64)
    at = -np.ones((n_rel, n_rel), dtype=np.int64)
    for i in np.nonzero((count == 2) & ~has_ub)[0]:
        sl = slice(csc.indptr[i], csc.indptr[i + 1])
        if (csc.data[sl] == 1).all():
            r = csc.indices[sl]
            pairs[i] = r
            at[r[0], r[1]] = at[r[1], r[0]] = i
    return pairs, at


def move(
    w: np.ndarray,
    e: int,
    sign: float,
    target: float,
    lo: np.ndarray,
    hi: np.ndarray,
    cells: tuple[np.ndarray, np.ndarray],
) -> bool:
    """Move ``w`` (a feasible point) along 4-cycles of cells until cell ``e`` reaches
    ``target``: e and h change one way, f (e's row) and g (e's column) the other,
    h at the crossing of f's column and g's row; every sum stays. True if reached."""
    pairs, at = cells
    if pairs[e, 0] < 0:
        return False
    is_cell = pairs[:, 0] >= 0
    r1, r2 = pairs[e]
    up = hi - w if sign > 0 else w - lo  # room of e and h
    down = w - lo if sign > 0 else hi - w  # room of f and g
    for _ in range(2 * int(abs(target - w[e])) + 2):
        left = (target - w[e]) * sign
        if left <= EPS:
            return True
        f = np.nonzero(is_cell & ((pairs == r1).any(axis=1)) & (down > EPS))[0]
        g = np.nonzero(is_cell & ((pairs == r2).any(axis=1)) & (down > EPS))[0]
        f, g = f[f != e], g[g != e]
        if not len(f) or not len(g):
            return False
        cf = np.where(pairs[f, 0] == r1, pairs[f, 1], pairs[f, 0])
        cg = np.where(pairs[g, 0] == r2, pairs[g, 1], pairs[g, 0])
        h = at[cf[:, None], cg[None, :]]
        amount = np.minimum(down[f][:, None], down[g][None, :])
        amount = np.where(h >= 0, np.minimum(amount, up[np.maximum(h, 0)]), 0.0)
        amount = np.minimum(amount, min(left, up[e]))
        i, j = np.unravel_index(np.argmax(amount), amount.shape)
        step = amount[i, j]
        if step <= EPS:
            return False
        for cell, change in ((e, step), (f[i], -step), (g[j], -step), (h[i, j], step)):
            w[cell] += sign * change
        up = hi - w if sign > 0 else w - lo
        down = w - lo if sign > 0 else hi - w
    return (target - w[e]) * sign <= EPS
