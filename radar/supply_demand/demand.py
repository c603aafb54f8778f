"""Demand of one programme on one date: the lesplaatsen offering it, with learners.

The learners of a date are those of its school year (``radar.kernel.calendar``; a
year without counts has no learners, never an earlier year's). A location whose
learner count is unknown gets an expected cohort (the median of the known counts for
P that year, else of all offerings that year, ``year_cohorts``) and is flagged
``is_estimate``.
"""

from __future__ import annotations

import pandas as pd

from radar.kernel import schema as s
from radar.kernel.calendar import learner_year
from radar.supply_demand.catchment import DEMAND, ID

IS_ESTIMATE = "is_estimate"


def offering_year(offerings: pd.DataFrame, as_of: pd.Timestamp) -> str | None:
    """Return the school year whose offerings describe ``as_of`` (the calendar's
    ``learner_year`` over the years present in ``offerings``)."""
    return learner_year(offerings[s.SCHOOL_YEAR].dropna().unique(), as_of)


def year_cohorts(offerings: pd.DataFrame) -> dict[str, int]:
    """Return, per school year, the median known learner count of all offerings.

    >>> off = pd.DataFrame({"school_year": ["2021-22"] * 3 + ["2022-23"],
    ...                     "learners": pd.array([2, 4, None, None], dtype="Int64")})
    >>> year_cohorts(off)
    {'2021-22': 3}
    """
    known = offerings[[s.SCHOOL_YEAR, s.LEARNERS]].dropna()
    medians = known.groupby(s.SCHOOL_YEAR)[s.LEARNERS].median()
    return {str(y): int(round(float(m))) for y, m in medians.items()}


def programme_demand(
    offerings: pd.DataFrame,
    programme_id: str,
    as_of: pd.Timestamp,
    cohorts: dict[str, int] | None = None,
) -> pd.DataFrame:
    """Return one row per lesplaats offering the programme in the date's school year.

    ``offerings`` may hold only this programme's rows when ``cohorts`` (from
    ``year_cohorts`` over all offerings) is given: it supplies the year's cohort when
    every count of the programme is unknown. Columns: id (location_id), school_name,
    provider_type, nis, lat, lng, h3_cell, learners (int), demand (float, =
    learners), is_estimate. Sorted by id.
    """
    year = offering_year(offerings, as_of)
    that_year = offerings[offerings[s.SCHOOL_YEAR] == year]
    off = that_year[that_year[s.PROGRAMME_ID] == programme_id]
    known = off[s.LEARNERS].dropna()
    if len(known):
        cohort = int(round(float(known.median())))
    elif cohorts is not None:
        cohort = cohorts.get(str(year), 0)
    else:
        cohort = year_cohorts(that_year).get(str(year), 0)
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


def busiest_programme(offerings: pd.DataFrame, as_of: pd.Timestamp) -> str | None:
    """Return the programme with the most learners in the date's school year."""
    year = offering_year(offerings, as_of)
    that_year = offerings[offerings[s.SCHOOL_YEAR] == year]
    if that_year.empty:
        return None
    totals = that_year.groupby(s.PROGRAMME_ID)[s.LEARNERS].sum()
    return str(totals.sort_index().idxmax())
