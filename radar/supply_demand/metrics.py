"""Supply and demand of one programme on one date, as points.

Supply: establishments recognised for programme P on the date, weight 1, plus those
recognised only for a related programme at weight ``related_weight`` (an establishment
counts once, at its highest weight). Variant "actief": only recognitions hosting at
least one learner on the extract date count.

Demand: the lesplaatsen offering P in the school year of the date, with their learners.
A location whose learner count is unknown gets an expected cohort (the median of the
known counts for P that year, else of all offerings that year) and is flagged.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from radar.kernel import schema as s
from radar.kernel.calendar import learner_year, valid_on
from radar.kernel.geo import pairs_within
from radar.supply_demand.catchment import (
    DEMAND,
    SUPPLY,
    Weight,
    e2sfca,
    radius_profiles,
    shortage_radius,
)

IS_RELATED = "is_related"
IS_ESTIMATE = "is_estimate"
ID = "id"


def related_ids(programmes: pd.DataFrame, programme_id: str) -> list[str]:
    """Return the ids of the programmes related to ``programme_id`` (not itself)."""
    row = programmes.loc[programmes[s.PROGRAMME_ID] == programme_id, s.RELATED_IDS]
    if row.empty or pd.isna(row.iloc[0]) or not row.iloc[0]:
        return []
    return [r for r in str(row.iloc[0]).split(";") if r and r != programme_id]


def programme_supply(
    recognitions: pd.DataFrame,
    programmes: pd.DataFrame,
    programme_id: str,
    as_of: pd.Timestamp,
    related_weight: float = 0.0,
    active_only: bool = False,
) -> pd.DataFrame:
    """Return one row per supplying establishment.

    Columns: id (establishment_number), name, nis, lat, lng, h3_cell, supply (1, or
    ``related_weight`` when recognised only for a related programme), learners_hosted
    (over its recognitions for the programme set), is_related. Sorted by id.
    """
    ids = [programme_id]
    if related_weight > 0:
        ids += related_ids(programmes, programme_id)
    rec = valid_on(recognitions, as_of)
    rec = rec[rec[s.PROGRAMME_ID].isin(ids)]
    if active_only:
        rec = rec[rec[s.LEARNERS_HOSTED].fillna(0) > 0]
    weight = np.where(
        rec[s.PROGRAMME_ID].to_numpy() == programme_id, 1.0, related_weight
    )
    frame = rec.assign(**{SUPPLY: weight})
    hosted = frame.groupby(s.ESTABLISHMENT_NUMBER, sort=False)[s.LEARNERS_HOSTED].sum()
    # One row per establishment, at its highest weight.
    frame = frame.sort_values([s.ESTABLISHMENT_NUMBER, SUPPLY], ascending=[True, False])
    frame = frame.drop_duplicates(s.ESTABLISHMENT_NUMBER)
    out = pd.DataFrame(
        {
            ID: frame[s.ESTABLISHMENT_NUMBER].to_numpy(),
            s.NAME: frame[s.NAME].to_numpy(),
            s.NIS: frame[s.NIS].to_numpy(),
            s.LAT: frame[s.LAT].to_numpy(float),
            s.LNG: frame[s.LNG].to_numpy(float),
            s.CELL: frame[s.CELL].to_numpy(),
            SUPPLY: frame[SUPPLY].to_numpy(float),
        }
    )
    out[s.LEARNERS_HOSTED] = hosted.reindex(out[ID]).to_numpy()
    out[IS_RELATED] = out[SUPPLY] < 1.0
    return out


def offering_year(offerings: pd.DataFrame, as_of: pd.Timestamp) -> str | None:
    """Return the school year whose offerings describe ``as_of`` (the calendar's
    ``learner_year`` over the years present in ``offerings``)."""
    return learner_year(offerings[s.SCHOOL_YEAR].dropna().unique(), as_of)


def programme_demand(
    offerings: pd.DataFrame, programme_id: str, as_of: pd.Timestamp
) -> pd.DataFrame:
    """Return one row per lesplaats offering the programme in the date's school year.

    Columns: id (location_id), school_name, provider_type, nis, lat, lng, h3_cell,
    learners (int), demand (float, = learners), is_estimate. Sorted by id.
    """
    year = offering_year(offerings, as_of)
    that_year = offerings[offerings[s.SCHOOL_YEAR] == year]
    off = that_year[that_year[s.PROGRAMME_ID] == programme_id]
    known = off[s.LEARNERS].dropna()
    fallback = known if len(known) else that_year[s.LEARNERS].dropna()
    cohort = int(round(float(fallback.median()))) if len(fallback) else 0
    grouped = off.groupby(s.LOCATION_ID, sort=True)
    out = grouped.agg(
        **{
            s.SCHOOL_NAME: (s.SCHOOL_NAME, "first"),
            s.PROVIDER_TYPE: (s.PROVIDER_TYPE, "first"),
            s.NIS: (s.NIS, "first"),
            s.LAT: (s.LAT, "first"),
            s.LNG: (s.LNG, "first"),
            s.CELL: (s.CELL, "first"),
        }
    ).reset_index(names=ID)
    # A location's learners stay unknown (NA) only when every count of it is unknown.
    learners = grouped[s.LEARNERS].sum(min_count=1)
    out[s.LEARNERS] = learners.reindex(out[ID]).to_numpy()
    out[IS_ESTIMATE] = out[s.LEARNERS].isna()
    out[s.LEARNERS] = out[s.LEARNERS].fillna(cohort).astype("int64")
    out[DEMAND] = out[s.LEARNERS].astype(float)
    return out


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


def busiest_programme(offerings: pd.DataFrame, as_of: pd.Timestamp) -> str | None:
    """Return the programme with the most learners in the date's school year."""
    year = offering_year(offerings, as_of)
    that_year = offerings[offerings[s.SCHOOL_YEAR] == year]
    if that_year.empty:
        return None
    totals = that_year.groupby(s.PROGRAMME_ID)[s.LEARNERS].sum()
    return str(totals.sort_index().idxmax())
