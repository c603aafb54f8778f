"""Accessibility (E2SFCA) and the shortage radius, over great-circle distances in km.

Neighbour pairs come from ``radar.kernel.geo.pairs_within`` (a KD-tree on 3-D points,
exact great-circle distances); both steps are weighted bincounts over those pairs.

E2SFCA (Luo & Qi 2009) with catchment d0 and weight W:
  step 1, per workplace k:  r_k = s_k / sum_j D_j W(d_kj)   (0 when no learner in reach)
  step 2, per target i:     A_i = sum_k r_k W(d_ik)
A_i is the number of workplaces per learner that a school (or hexagon centre) can count
on, competition included.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from radar.kernel import schema as s
from radar.kernel.geo import pairs_within

Weight = Literal["gaussian", "flat"]
ID = "id"
"""Point id column of supply and demand frames (establishment or location)."""
SUPPLY = "supply"
DEMAND = "demand"


def decay(
    d_km: np.ndarray, radius_km: float, weight: Weight = "gaussian"
) -> np.ndarray:
    """Return the distance weight W(d): Gaussian decay to 0 at d0, or flat 1 inside d0.

    W(d) = (exp(-0.5 (d/d0)^2) - exp(-0.5)) / (1 - exp(-0.5)) for d <= d0, else 0.

    >>> decay(np.array([0.0, 25.0, 30.0]), 25.0).round(6).tolist()
    [1.0, 0.0, 0.0]
    >>> decay(np.array([10.0, 25.0, 30.0]), 25.0, "flat").tolist()
    [1.0, 1.0, 0.0]
    """
    d = np.asarray(d_km, dtype=float)
    inside = d <= radius_km
    if weight == "flat":
        return inside.astype(float)
    # In place: at 10x scale there are millions of pairs.
    e = np.exp(-0.5)
    w = d / radius_km
    w *= w
    w *= -0.5
    np.exp(w, out=w)
    w -= e
    w /= 1 - e
    np.clip(w, 0.0, 1.0, out=w)
    if not inside.all():
        w[~inside] = 0.0
    return w


def e2sfca_pairs(
    supply_k: np.ndarray,
    demand_j: np.ndarray,
    pair_k: np.ndarray,
    pair_j: np.ndarray,
    weight_kj: np.ndarray,
) -> np.ndarray:
    """Return A_j for the demand points themselves, from the pairs within d0.

    ``supply_k`` (s_k) and ``demand_j`` (D_j) per point; ``pair_k``, ``pair_j`` the
    positions of each supply-demand pair within the catchment and ``weight_kj`` its
    W(d). Two weighted bincounts over the pairs, no per-row Python.

    >>> e2sfca_pairs(np.array([2.0]), np.array([1.0, 3.0]), np.array([0, 0]),
    ...              np.array([0, 1]), np.array([1.0, 1.0])).tolist()
    [0.5, 0.5]
    """
    ratio = supply_ratio(supply_k, demand_j, pair_k, pair_j, weight_kj)
    return np.bincount(
        pair_j, weights=ratio[pair_k] * weight_kj, minlength=len(demand_j)
    )


def supply_ratio(
    supply_k: np.ndarray,
    demand_j: np.ndarray,
    pair_k: np.ndarray,
    pair_j: np.ndarray,
    weight_kj: np.ndarray,
) -> np.ndarray:
    """Return step 1 of E2SFCA, r_k = s_k / sum_j D_j W(d_kj) (0 when no learner is
    in reach), from the supply-demand pairs within d0 (as ``e2sfca_pairs``).

    >>> supply_ratio(np.array([2.0, 1.0]), np.array([1.0, 3.0]), np.array([0, 0]),
    ...              np.array([0, 1]), np.array([1.0, 1.0])).tolist()
    [0.5, 0.0]
    """
    reach = np.bincount(pair_k, weights=demand_j[pair_j] * weight_kj,
                        minlength=len(supply_k))  # fmt: skip
    return np.divide(supply_k, reach, out=np.zeros(len(supply_k)), where=reach > 0)


def access_from_ratio(
    supply: pd.DataFrame,
    ratio: np.ndarray,
    targets: pd.DataFrame,
    radius_km: float = 25.0,
    weight: Weight = "gaussian",
) -> np.ndarray:
    """Return step 2 of E2SFCA, A_i = sum_k r_k W(d_ik), for every target.

    ``ratio`` holds r_k per row of ``supply`` (``supply_ratio``). Only workplaces
    with r_k > 0 can add anything, and workplaces at the same point add up: both
    are dropped or merged before the pairs are found, which changes no sum beyond
    the order of its terms.
    """
    r = np.asarray(ratio, dtype=float)
    keep = r > 0
    lat = supply[s.LAT].to_numpy(float)[keep]
    lng = supply[s.LNG].to_numpy(float)[keep]
    r = r[keep]
    # Same point, same coordinates: one complex number per point (exact).
    codes, uniq = pd.factorize(lat + 1j * lng, use_na_sentinel=False)
    if len(uniq) < len(r):
        r = np.bincount(codes, weights=r, minlength=len(uniq))
        lat, lng = uniq.real, uniq.imag
    points = pd.DataFrame({s.LAT: lat, s.LNG: lng})
    it, ik, d = pairs_within(targets, points, radius_km)
    return np.bincount(
        it, weights=r[ik] * decay(d, radius_km, weight), minlength=len(targets)
    )


def e2sfca(
    supply: pd.DataFrame,
    demand: pd.DataFrame,
    targets: pd.DataFrame,
    radius_km: float = 25.0,
    weight: Weight = "gaussian",
) -> np.ndarray:
    """Return the accessibility A_i of every target (workplaces per learner).

    ``supply``: lat, lng, supply (s_k); ``demand``: lat, lng, demand (D_j, learners);
    ``targets``: lat, lng (schools or hexagon centres). A workplace that reaches no
    learner gets r_k = 0, so it adds nothing anywhere. When ``targets`` is
    ``demand`` (the same frame) the pairs are found once.
    """
    sk = supply[SUPPLY].to_numpy(float)
    dj = demand[DEMAND].to_numpy(float)
    ij, ik, d = pairs_within(demand, supply, radius_km)
    w = decay(d, radius_km, weight)
    if targets is demand:
        return e2sfca_pairs(sk, dj, ik, ij, w)
    ratio = supply_ratio(sk, dj, ik, ij, w)
    return access_from_ratio(supply, ratio, targets, radius_km, weight)


Pairs = tuple[np.ndarray, np.ndarray, np.ndarray]
"""(index in a, index in b, km) as ``radius_km.geo.pairs_within`` returns them."""


def radius_profiles(
    locations: pd.DataFrame,
    workplaces: pd.DataFrame,
    r_max_km: int = 40,
    pairs: tuple[Pairs, Pairs] | None = None,
    others: pd.DataFrame | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Return S and D per location and radius 1..r_max km (two n_loc x r_max arrays).

    S[i, r-1] = supply of workplaces within r km of location i; D[i, r-1] = learners
    at locations within r km of i, i itself included. ``locations``: lat, lng,
    learners; ``workplaces``: lat, lng, supply. ``pairs``: the location-workplace
    and location-location pairs within at least ``r_max_km``, when already found.
    ``others``: the lesplaatsen whose learners D counts (default ``locations``; the
    second pairs then index ``others``), for profiles of a few lesplaatsen only.
    """
    others = locations if others is None else others
    n = len(locations)
    radii = np.arange(1, r_max_km + 1)

    def cumulative(ia: np.ndarray, d: np.ndarray, w: np.ndarray) -> np.ndarray:
        inside = d <= r_max_km
        if not inside.all():
            ia, d, w = ia[inside], d[inside], w[inside]
        step = np.maximum(np.ceil(d - 1e-9), 1).astype(np.int64) - 1
        flat = np.bincount(ia * len(radii) + step, weights=w, minlength=n * len(radii))
        return np.cumsum(flat.reshape(n, len(radii)), axis=1)

    if pairs is None:
        pairs = (
            pairs_within(locations, workplaces, float(r_max_km)),
            pairs_within(locations, others, float(r_max_km)),
        )
    (iw, kw, dw), (il, jl, dl) = pairs
    supply = cumulative(iw, dw, workplaces[SUPPLY].to_numpy(float)[kw])
    learners = cumulative(il, dl, others[s.LEARNERS].to_numpy(float)[jl])
    return supply, learners


def shortage_radius(
    supply: np.ndarray, learners: np.ndarray, tau: float = 1.0
) -> np.ndarray:
    """Return the smallest radius (km) with S(r) >= tau * D(r) per row, NaN if none.

    Inputs are the profiles of ``radius_profiles`` (column r-1 holds radius r).

    >>> s_r, d_r = np.array([[0, 1, 3], [0, 0, 0]]), np.array([[2, 2, 3], [1, 1, 1]])
    >>> shortage_radius(s_r, d_r)
    array([ 3., nan])
    """
    ok = supply >= tau * learners
    first = np.argmax(ok, axis=1).astype(float) + 1
    return np.where(ok.any(axis=1), first, np.nan)
