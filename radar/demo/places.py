"""Where the demo's lesplaatsen are: per province like the recognitions, towns first.

Each province gets its share of the lesplaatsen exactly (the 2022 recognitions:
Antwerpen 27 %, Oost-Vlaanderen 23 %, West-Vlaanderen 20 %, Limburg and
Vlaams-Brabant 14 %, Brussel 2 %, as calibration.md proposes for learners). Within a
province, secondary schools go to municipalities by population x town factor (the
centrumsteden and regional towns first, small municipalities rarely), allocated
near their expected number rather than drawn freely, so that every centrumstad has
its schools; CDO centres and Syntra campuses go to the towns, one of each per town.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from radar.demo.calibration import (
    CENTRE_FACTOR,
    CENTRUMSTEDEN,
    LOCATIONS_STARTING,
    PROVIDER_SHARES,
    PROVINCE_TABLE_2022,
    REGIONAL_FACTOR,
    REGIONAL_TOWNS,
    SCHOOL_PATRONS,
    SMALL_FACTOR,
    SMALL_POPULATION,
)
from radar.demo.context import Context
from radar.kernel import schema as s
from radar.kernel.geo import municipality_radius_km, offset_points


def largest_remainder(total: int, weights: np.ndarray) -> np.ndarray:
    """Split ``total`` into integers proportional to ``weights`` (exact sum).

    >>> largest_remainder(10, np.array([2.0, 1.0, 1.0])).tolist()
    [5, 3, 2]
    """
    w = np.asarray(weights, dtype=float)
    if total <= 0 or w.sum() <= 0:
        return np.zeros(len(w), dtype=np.int64)
    exact = total * w / w.sum()
    out = np.floor(exact).astype(np.int64)
    left = total - int(out.sum())
    order = np.lexsort((np.arange(len(w)), -(exact - out)))
    out[order[:left]] += 1
    return out


def town_factor(mun: pd.DataFrame) -> np.ndarray:
    """Weight factor per municipality row for a secondary school (see module)."""
    names = mun[s.NAME_NL].to_numpy()
    unknown = set(CENTRUMSTEDEN + REGIONAL_TOWNS) - set(names)
    if unknown:
        raise ValueError(f"onbekende steden in de kalibratie: {sorted(unknown)}")
    factor = np.where(mun[s.POPULATION].to_numpy() < SMALL_POPULATION, SMALL_FACTOR, 1)
    factor = np.where(np.isin(names, REGIONAL_TOWNS), REGIONAL_FACTOR, factor)
    return np.where(np.isin(names, CENTRUMSTEDEN), CENTRE_FACTOR, factor)


def _allocate(rng: np.random.Generator, weights: np.ndarray, m: int) -> np.ndarray:
    """``m`` rows: each row its whole expected number ``m w / sum w``, the rest
    drawn without replacement by the fractions left."""
    exact = m * weights / weights.sum()
    counts = np.floor(exact).astype(np.int64)
    frac = exact - counts
    left = m - int(counts.sum())
    if left:
        extra = rng.choice(len(weights), left, replace=False, p=frac / frac.sum())
        counts[extra] += 1
    return rng.permutation(np.repeat(np.arange(len(weights)), counts))


def _towns(
    rng: np.random.Generator, pop: np.ndarray, towns: np.ndarray, m: int
) -> np.ndarray:
    """``m`` distinct rows, towns first (by population), then any municipality."""
    first = np.flatnonzero(towns)
    take = rng.choice(
        first, min(m, len(first)), replace=False, p=pop[first] / pop[first].sum()
    )
    if len(take) < m:
        rest = np.setdiff1d(np.flatnonzero(pop > 0), take)
        more = rng.choice(
            rest, m - len(take), replace=False, p=pop[rest] / pop[rest].sum()
        )
        take = np.concatenate([take, more])
    return take


def province_quotas(n: int) -> dict[str, int]:
    """Lesplaatsen per province: ``n`` split like the 2022 recognitions.

    >>> province_quotas(310)["04000"], sum(province_quotas(310).values())
    (7, 310)
    """
    provinces = list(PROVINCE_TABLE_2022)
    recs = np.array([PROVINCE_TABLE_2022[p][0] for p in provinces], dtype=float)
    return dict(zip(provinces, largest_remainder(n, recs).tolist(), strict=True))


def provinces_in_order(years: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The province of each lesplaats, in start-year order: every prefix of the
    lesplaatsen is split over the provinces as closely as whole numbers allow, so
    the lesplaatsen of every school year follow the shares; shuffled within a year.
    """
    quotas = province_quotas(len(years))
    provinces = list(quotas)
    share = np.array(list(quotas.values()), dtype=float) / len(years)
    given = np.zeros(len(provinces))
    out = np.empty(len(years), dtype=object)
    for i in range(len(years)):
        q = int(np.argmax(share * (i + 1) - given))
        given[q] += 1
        out[i] = provinces[q]
    for year in sorted(set(years.tolist())):
        rows = np.flatnonzero(years == year)
        out[rows] = rng.permutation(out[rows])
    return out


def place_rows(
    ctx: Context, rng: np.random.Generator, kinds: np.ndarray, years: np.ndarray
) -> np.ndarray:
    """The municipality row of each lesplaats of provider type ``kinds`` starting in
    school year ``years`` (sorted)."""
    n = len(kinds)
    quotas = province_quotas(n)
    province_of = provinces_in_order(years, rng)
    pop = ctx.mun[s.POPULATION].to_numpy(dtype=float)
    factor = town_factor(ctx.mun)
    is_town = factor > 1
    mun_province = ctx.mun[s.PROVINCE_NIS].to_numpy()
    out = np.empty(n, dtype=np.int64)
    for province in quotas:
        here = province_of == province
        inside = mun_province == province
        for kind in ("CDO", "Syntra"):
            rows = np.flatnonzero(here & (kinds == kind))
            out[rows] = _towns(
                rng, np.where(inside, pop, 0.0), inside & is_town, len(rows)
            )
        rows = np.flatnonzero(here & (kinds == "secundair"))
        weight = np.where(inside, pop * factor, 0.0)
        out[rows] = _allocate(rng, weight, len(rows))
    return out


def _school_names(
    rng: np.random.Generator, kinds: np.ndarray, town: np.ndarray
) -> np.ndarray:
    """Secondary schools after a patron, distinct within a town; CDO and Syntra
    after their town."""
    name = np.empty(len(kinds), dtype=object)
    patrons = np.array(SCHOOL_PATRONS, dtype=object)
    for place in sorted(set(town.tolist())):
        rows = np.flatnonzero((town == place) & (kinds == "secundair"))
        picks = rng.permutation(patrons)
        for i, row in enumerate(rows.tolist()):
            campus = "" if i < len(picks) else f" campus {i // len(picks) + 1}"
            name[row] = f"{picks[i % len(picks)]} {place}{campus}"
    name[kinds == "CDO"] = "Centrum voor Leren en Werken " + town[kinds == "CDO"]
    name[kinds == "Syntra"] = "Syntra campus " + town[kinds == "Syntra"]
    return name


def lesplaatsen(ctx: Context, rng: np.random.Generator) -> pd.DataFrame:
    """About 300 school locations with provider type, first school year and name."""
    years = np.repeat(list(LOCATIONS_STARTING), list(LOCATIONS_STARTING.values()))
    n = len(years)
    per_kind = largest_remainder(n, np.array(list(PROVIDER_SHARES.values())))
    kinds = rng.permutation(np.repeat(list(PROVIDER_SHARES), per_kind))
    mun_idx = place_rows(ctx, rng, kinds, years)
    lat, lng = offset_points(
        ctx.mun[s.LAT].to_numpy()[mun_idx],
        ctx.mun[s.LNG].to_numpy()[mun_idx],
        0.4 * municipality_radius_km(ctx.mun[s.AREA_KM2].to_numpy()[mun_idx]),
        rng,
    )
    school = rng.choice(np.arange(100_000, 200_000), n, replace=False)
    town = ctx.mun[s.NAME_NL].to_numpy().astype(object)[mun_idx]
    return pd.DataFrame(
        {
            s.SCHOOL_ID: school.astype(str),
            s.LOCATION_ID: [f"{sc}01" for sc in school.tolist()],
            s.SCHOOL_NAME: _school_names(rng, kinds, town),
            s.PROVIDER_TYPE: kinds,
            "first_year": years,
            s.NIS: ctx.mun[s.NIS].to_numpy()[mun_idx],
            s.LAT: lat,
            s.LNG: lng,
        }
    )
