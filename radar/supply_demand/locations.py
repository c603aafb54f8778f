"""Per lesplaats: workplaces in reach, accessibility, tekortstraal and competition."""

from __future__ import annotations

import numpy as np
import pandas as pd

from radar.kernel.geo import pairs_within
from radar.supply_demand.catchment import (
    SUPPLY,
    Weight,
    e2sfca,
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
    out[ACCESSIBILITY] = e2sfca(supply, demand, demand, radius_km, weight)
    s_r, d_r = radius_profiles(demand, supply, r_max_km)
    radius = shortage_radius(s_r, d_r, tau)
    out[SHORTAGE_RADIUS] = radius
    out[IS_SHORTAGE] = np.isnan(radius) | (radius > radius_km)
    # Reach matrix lesplaats x workplace inside the catchment, and who competes.
    il, kw, _ = pairs_within(demand, supply, radius_km)
    reach = np.zeros((n, len(supply)), dtype=bool)
    reach[il, kw] = True
    s_k = supply[SUPPLY].to_numpy(float)
    out[WORKPLACES_IN_RADIUS] = reach.astype(float) @ s_k
    ia, ib, _ = pairs_within(demand, demand, radius_km)
    rival = np.zeros((n, n), dtype=bool)
    rival[ia, ib] = True
    np.fill_diagonal(rival, False)
    out[COMPETITORS] = rival.sum(axis=1).astype("int64")
    shared = ((rival.astype(np.int32) @ reach.astype(np.int32)) > 0) & reach
    total = out[WORKPLACES_IN_RADIUS].to_numpy()
    out[SHARED_SHARE] = np.divide(
        shared.astype(float) @ s_k, total, out=np.full(n, np.nan), where=total > 0
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
