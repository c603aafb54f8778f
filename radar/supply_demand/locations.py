"""Per lesplaats: workplaces in reach, accessibility, tekortstraal and competition."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse

from radar.kernel.geo import pairs_within
from radar.supply_demand.catchment import (
    DEMAND,
    SUPPLY,
    Weight,
    decay,
    e2sfca_pairs,
    radius_profiles,
    shortage_radius,
)
from radar.supply_demand.demand import ID

WORKPLACES_IN_RADIUS = "workplaces_within_radius"
ACCESSIBILITY = "accessibility"
SHORTAGE_RADIUS = "tekortstraal_km"
COMPETITORS = "competitors"
SHARED_SHARE = "shared_share"
IS_SHORTAGE = "is_shortage"


def location_metrics(
    supply: pd.DataFrame,
    demand: pd.DataFrame,
    radius_km: float = 25.0,
    tau: float = 1.0,
    r_max_km: int = 40,
    weight: Weight = "gaussian",
) -> pd.DataFrame:
    """Per lesplaats: workplaces in reach, accessibility, shortage radius, competition.

    Returns ``demand`` with the columns workplaces_within_radius (supply within
    ``radius_km``), accessibility (E2SFCA A_i), tekortstraal_km (NaN if S(r) >= tau D(r)
    is never met up to ``r_max_km``), competitors (other lesplaatsen of the programme
    within ``radius_km``), shared_share (share of the workplaces in reach that a
    competitor reaches too; NaN without workplaces in reach) and is_shortage
    (tekortstraal beyond ``radius_km`` or never met).
    """
    out = demand.copy()
    n = len(out)
    if n == 0:
        for col in (WORKPLACES_IN_RADIUS, ACCESSIBILITY, SHORTAGE_RADIUS, SHARED_SHARE):
            out[col] = pd.Series(dtype=float)
        out[COMPETITORS] = pd.Series(dtype="int64")
        out[IS_SHORTAGE] = pd.Series(dtype=bool)
        return out
    # Every pair within the larger of the two radii, found once and filtered.
    far = float(max(r_max_km, radius_km))
    ls = pairs_within(demand, supply, far)
    ll = pairs_within(demand, demand, far)
    s_r, d_r = radius_profiles(demand, supply, r_max_km, pairs=(ls, ll))
    radius = shortage_radius(s_r, d_r, tau)
    out[SHORTAGE_RADIUS] = radius
    out[IS_SHORTAGE] = np.isnan(radius) | (radius > radius_km)
    near = ls[2] <= radius_km
    il, kw, d_lk = ls[0][near], ls[1][near], ls[2][near]
    out[ACCESSIBILITY] = e2sfca_pairs(
        supply[SUPPLY].to_numpy(float),
        demand[DEMAND].to_numpy(float),
        kw,
        il,
        decay(d_lk, radius_km, weight),
    )
    s_k = supply[SUPPLY].to_numpy(float)
    total = np.bincount(il, weights=s_k[kw], minlength=n)
    out[WORKPLACES_IN_RADIUS] = total
    # Sparse reach (lesplaats x workplace) and rivals (other lesplaatsen within the
    # catchment): a workplace in i's reach is shared when a rival of i reaches it.
    reach = sparse.csr_matrix(
        (np.ones(len(il)), (il, kw)), shape=(n, len(supply)), dtype=np.float64
    )
    ia, ib = ll[0], ll[1]
    other = (ia != ib) & (ll[2] <= radius_km)
    rival = sparse.csr_matrix(
        (np.ones(int(other.sum())), (ia[other], ib[other])), shape=(n, n)
    )
    out[COMPETITORS] = np.diff(rival.indptr).astype("int64")
    shared = (rival @ reach).multiply(reach).tocoo()  # > 0 where shared and reached
    shared_supply = np.bincount(
        shared.row, weights=(shared.data > 0) * s_k[shared.col], minlength=n
    )
    out[SHARED_SHARE] = np.divide(
        shared_supply, total, out=np.full(n, np.nan), where=total > 0
    )
    return out


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
