"""The demo's schools: lesplaatsen, their offerings per school year, learners hosted.

Learners per school year add up to ``LEARNERS_PER_YEAR`` exactly; the extract year's
learners are placed at recognised workplaces near their lesplaats.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from radar.demo.calibration import (
    EXTRACT_DATE,
    LEARNERS_PER_YEAR,
    LOCATIONS_STARTING,
    PROVIDER_SHARES,
    SCHOOL_PATRONS,
)
from radar.demo.context import Context, day_number, programme_set, valid_programmes
from radar.demo.recognitions import Recs
from radar.kernel import schema as s
from radar.kernel.calendar import school_year_of, school_year_start
from radar.kernel.geo import haversine_km, municipality_radius_km, offset_points


def lesplaatsen(ctx: Context, rng: np.random.Generator) -> pd.DataFrame:
    """About 300 school locations with provider type, first school year and name."""
    years = np.repeat(list(LOCATIONS_STARTING), list(LOCATIONS_STARTING.values()))
    n = len(years)
    kinds = rng.choice(list(PROVIDER_SHARES), n, p=list(PROVIDER_SHARES.values()))
    pop = ctx.mun[s.POPULATION].to_numpy(dtype=float)
    mun_idx = np.empty(n, dtype=np.int64)
    for kind, power in (("secundair", 0.8), ("CDO", 1.5), ("Syntra", 1.5)):
        m = kinds == kind
        w = pop**power
        mun_idx[m] = rng.choice(len(pop), int(m.sum()), p=w / w.sum())
    lat, lng = offset_points(
        ctx.mun[s.LAT].to_numpy()[mun_idx],
        ctx.mun[s.LNG].to_numpy()[mun_idx],
        0.4 * municipality_radius_km(ctx.mun[s.AREA_KM2].to_numpy()[mun_idx]),
        rng,
    )
    school = rng.choice(np.arange(100_000, 200_000), n, replace=False)
    town = ctx.mun[s.NAME_NL].to_numpy()[mun_idx]
    patron = rng.choice(np.array(SCHOOL_PATRONS), n)
    name = np.where(
        kinds == "secundair",
        np.char.add(np.char.add(patron.astype(str), " "), town.astype(str)),
        np.where(
            kinds == "CDO",
            np.char.add("Centrum voor Leren en Werken ", town.astype(str)),
            np.char.add("Syntra campus ", town.astype(str)),
        ),
    )
    return pd.DataFrame(
        {
            s.SCHOOL_ID: school.astype(str),
            s.LOCATION_ID: [f"{sc}01" for sc in school.tolist()],
            s.SCHOOL_NAME: name,
            s.PROVIDER_TYPE: kinds,
            "first_year": years,
            s.NIS: ctx.mun[s.NIS].to_numpy()[mun_idx],
            s.LAT: lat,
            s.LNG: lng,
        }
    )


def _offered(
    ctx: Context, rng: np.random.Generator, places: pd.DataFrame
) -> list[tuple[int, int, str]]:
    """(location row, programme row, school year) of every offering.

    A lesplaats starts with 2-8 programmes; one that is no longer taught is replaced
    by one still taught.
    """
    all_years = list(LEARNERS_PER_YEAR)
    rows: list[tuple[int, int, str]] = []
    for loc, first in enumerate(places["first_year"].tolist()):
        k = int(rng.integers(2, 9))
        first_day = day_number(school_year_start(first))
        offered = programme_set(
            ctx,
            rng,
            int(rng.choice(len(ctx.prog), p=valid_programmes(ctx, first_day))),
            k,
            valid_programmes(ctx, first_day),
        )
        for year in all_years[all_years.index(first) :]:
            day = day_number(school_year_start(year))
            valid = valid_programmes(ctx, day)
            for i, p in enumerate(offered):
                if ctx.prog_end[p] <= day:
                    w = valid.copy()
                    w[offered] = 0.0
                    offered[i] = int(rng.choice(len(w), p=w / w.sum()))
            rows += [(loc, p, year) for p in offered]
    return rows


def offerings(
    ctx: Context, rng: np.random.Generator, places: pd.DataFrame
) -> pd.DataFrame:
    """One row per location x programme x school year, learners per year exact."""
    rows = _offered(ctx, rng, places)
    loc_a = np.array([r[0] for r in rows])
    prog_a = np.array([r[1] for r in rows])
    year_a = np.array([r[2] for r in rows], dtype=object)
    # Learners: a multinomial over the year's offerings, so totals are exact.
    appeal = rng.lognormal(0.0, 0.9, len(places))[loc_a] * (
        ctx.prog_weight[prog_a] ** 0.5
    )
    learners = np.zeros(len(rows), dtype=np.int64)
    for year, total in LEARNERS_PER_YEAR.items():
        m = year_a == year
        w = appeal[m]
        learners[m] = rng.multinomial(total, w / w.sum())
    frame = places.iloc[loc_a].reset_index(drop=True)
    pid = ctx.prog[s.PROGRAMME_ID].to_numpy()[prog_a]
    frame[s.PROGRAMME_ID] = pid
    frame[s.SCHOOL_YEAR] = year_a
    frame[s.LEARNERS] = learners
    frame[s.OFFERING_ID] = [
        f"{loc}-{p}-{y}"
        for loc, p, y in zip(frame[s.LOCATION_ID], pid, year_a, strict=True)
    ]
    return frame.drop(columns="first_year")


def learners_hosted(
    ctx: Context,
    rng: np.random.Generator,
    recs: Recs,
    est: pd.DataFrame,
    offerings: pd.DataFrame,
) -> np.ndarray:
    """Place the extract year's learners at recognised workplaces near their
    lesplaats (Gaussian preference, 15 km scale); return learners per
    recognition."""
    today = day_number(EXTRACT_DATE)
    year = school_year_of(EXTRACT_DATE)
    hosted = np.zeros(len(recs.est), dtype=np.int64)
    active = (recs.start <= today) & (recs.end > today)
    lat = est[s.LAT].to_numpy()[recs.est]
    lng = est[s.LNG].to_numpy()[recs.est]
    now = offerings[(offerings[s.SCHOOL_YEAR] == year) & (offerings[s.LEARNERS] > 0)]
    for row in now.itertuples(index=False):
        p = ctx.prog_index[getattr(row, s.PROGRAMME_ID)]
        cand = np.flatnonzero(active & (recs.prog == p))
        if not len(cand):
            continue
        d = haversine_km(getattr(row, s.LAT), getattr(row, s.LNG), lat[cand], lng[cand])
        w = np.exp(-0.5 * (d / 15.0) ** 2) + 1e-6
        picks = rng.choice(cand, getattr(row, s.LEARNERS), p=w / w.sum())
        np.add.at(hosted, picks, 1)
    return hosted
