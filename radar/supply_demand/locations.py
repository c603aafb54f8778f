"""Per lesplaats: workplaces in reach, accessibility, tekortstraal and competition."""

from __future__ import annotations

import numpy as np
import pandas as pd

from radar.kernel.geo import pairs_within
from radar.supply_demand.catchment import (
    DEMAND,
    SUPPLY,
    Pairs,
    Weight,
    decay,
    radius_profiles,
    shortage_radius,
    supply_ratio,
)
from radar.supply_demand.demand import ID

WORKPLACES_IN_RADIUS = "workplaces_within_radius"
ACCESSIBILITY = "accessibility"
SHORTAGE_RADIUS = "tekortstraal_km"
COMPETITORS = "competitors"
SHARED_SHARE = "shared_share"
IS_SHORTAGE = "is_shortage"


_CHUNK = 200_000  # pairs per step of the bitset test (bounds its memory)


def _bitsets(rows: np.ndarray, members: np.ndarray, n_rows: int, n: int) -> np.ndarray:
    """Return one bitset over 0..n-1 per row (n_rows x ceil(n/64) uint64), with
    bit ``members[p]`` set in row ``rows[p]`` for every pair p (pairs are distinct).

    >>> _bitsets(np.array([0, 0, 1]), np.array([1, 3, 0]), 2, 4)[:, 0].tolist()
    [10, 1]
    """
    words = max((n + 63) // 64, 1)
    index = rows.astype(np.int64) * words + members // 64
    bit = members % 64
    # Distinct bits of one word add up to their OR; float64 holds 32 bits exactly.
    halves = [
        np.bincount(index, weights=np.where(lo, 2.0 ** (bit - shift), 0.0),
                    minlength=n_rows * words).astype(np.uint64)
        for lo, shift in ((bit < 32, 0), (bit >= 32, 32))
    ]  # fmt: skip
    out = halves[0] | (halves[1] << np.uint64(32))
    return out.reshape(n_rows, words)


def _radii(
    demand: pd.DataFrame,
    supply: pd.DataFrame,
    tau: float,
    r_max_km: int,
    near_km: float,
    near: tuple[Pairs, Pairs],
) -> np.ndarray:
    """The tekortstraal of every lesplaats (``shortage_radius``): first from the
    pairs within ``near_km`` (all that radii up to its whole km need), then, only for
    the lesplaatsen without a radius there, from their own pairs within ``r_max_km``.
    The same radii as one pass within ``r_max_km``, with fewer pairs."""
    first = min(r_max_km, int(np.floor(near_km)))
    radius = np.full(len(demand), np.nan)
    if first >= 1:
        s_r, d_r = radius_profiles(demand, supply, first, pairs=near)
        radius = shortage_radius(s_r, d_r, tau)
    rest = np.flatnonzero(np.isnan(radius))
    if first < r_max_km and len(rest):
        sub = demand.iloc[rest]
        s_r, d_r = radius_profiles(sub, supply, r_max_km, others=demand)
        radius[rest] = shortage_radius(s_r, d_r, tau)
    return radius


def location_metrics(
    supply: pd.DataFrame,
    demand: pd.DataFrame,
    radius_km: float = 25.0,
    tau: float = 1.0,
    r_max_km: int = 40,
    weight: Weight = "gaussian",
) -> pd.DataFrame:
    """Per lesplaats: workplaces in reach, accessibility, shortage radius, competition
    (``metrics_and_ratio`` without the workplaces' E2SFCA ratios)."""
    return metrics_and_ratio(supply, demand, radius_km, tau, r_max_km, weight)[0]


def metrics_and_ratio(
    supply: pd.DataFrame,
    demand: pd.DataFrame,
    radius_km: float = 25.0,
    tau: float = 1.0,
    r_max_km: int = 40,
    weight: Weight = "gaussian",
) -> tuple[pd.DataFrame, np.ndarray]:
    """Per lesplaats: workplaces in reach, accessibility, shortage radius, competition.

    Returns ``demand`` with the columns workplaces_within_radius (supply within
    ``radius_km``), accessibility (E2SFCA A_i), tekortstraal_km (NaN if S(r) >= tau D(r)
    is never met up to ``r_max_km``), competitors (other lesplaatsen of the programme
    within ``radius_km``), shared_share (share of the workplaces in reach that a
    competitor reaches too; NaN without workplaces in reach) and is_shortage
    (tekortstraal beyond ``radius_km`` or never met).

    Also returns step 1 of E2SFCA per row of ``supply`` (r_k, ``supply_ratio``), from
    which ``catchment.access_from_ratio`` gives the accessibility anywhere else.
    """
    out = demand.copy()
    n = len(out)
    if n == 0:
        for col in (WORKPLACES_IN_RADIUS, ACCESSIBILITY, SHORTAGE_RADIUS, SHARED_SHARE):
            out[col] = pd.Series(dtype=float)
        out[COMPETITORS] = pd.Series(dtype="int64")
        out[IS_SHORTAGE] = pd.Series(dtype=bool)
        return out, np.zeros(len(supply))
    # The pairs within the catchment serve every metric; the tekortstraal looks
    # further only for the lesplaatsen that need it.
    ls = pairs_within(demand, supply, radius_km)
    ll = pairs_within(demand, demand, radius_km)
    radius = _radii(demand, supply, tau, r_max_km, radius_km, (ls, ll))
    out[SHORTAGE_RADIUS] = radius
    out[IS_SHORTAGE] = np.isnan(radius) | (radius > radius_km)
    il, kw, d_lk = ls
    s_k = supply[SUPPLY].to_numpy(float)
    w_lk = decay(d_lk, radius_km, weight)
    ratio = supply_ratio(s_k, demand[DEMAND].to_numpy(float), kw, il, w_lk)
    out[ACCESSIBILITY] = np.bincount(il, weights=ratio[kw] * w_lk, minlength=n)
    total = np.bincount(il, weights=s_k[kw], minlength=n)
    out[WORKPLACES_IN_RADIUS] = total
    ia, ib = ll[0], ll[1]
    other = ia != ib
    ia, ib = ia[other], ib[other]
    out[COMPETITORS] = np.bincount(ia, minlength=n).astype("int64")
    # A workplace k in i's reach is shared when a rival of i reaches it too: one
    # AND of two bitsets over lesplaatsen (i's rivals, k's lesplaatsen) per pair.
    rivals = _bitsets(ia, ib, n, n)
    reached_by = _bitsets(kw, il, len(supply), n)
    shared = np.zeros(len(il), dtype=bool)
    for a in range(0, len(il), _CHUNK):
        b = a + _CHUNK
        both = rivals[il[a:b]] & reached_by[kw[a:b]]
        shared[a:b] = both.any(axis=1)
    shared_supply = np.bincount(il[shared], weights=s_k[kw[shared]], minlength=n)
    out[SHARED_SHARE] = np.divide(
        shared_supply, total, out=np.full(n, np.nan), where=total > 0
    )
    return out, ratio


def radius_curve(
    supply: pd.DataFrame,
    demand: pd.DataFrame,
    location_id: str,
    tau: float = 1.0,
    r_max_km: int = 40,
) -> pd.DataFrame:
    """Return, for one lesplaats, workplaces S(r) and tau x learners D(r) per radius.

    Columns: radius_km (1..r_max), workplaces, needed (tau x D(r)).
    """
    row = demand.index[demand[ID] == location_id]
    s_r, d_r = radius_profiles(demand, supply, r_max_km)
    i = int(row[0]) if len(row) else -1
    if i < 0:
        return pd.DataFrame(columns=["radius_km", "workplaces", "needed"])
    return pd.DataFrame(
        {
            "radius_km": np.arange(1, r_max_km + 1),
            "workplaces": s_r[i],
            "needed": tau * d_r[i],
        }
    )
