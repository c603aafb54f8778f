"""Prospect lists: the ranked table with a reason per row, and what the map needs.

``rank_prospects`` runs one query on a ``ProspectIndex`` (``score_candidates``, see
``scoring`` for the score) and returns the top rows with their reason in Dutch
(``reasons``), the lesplaatsen of the programme and the establishments already
recognised for it in the area.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from radar.kernel import schema as s
from radar.kernel.errors import DataError
from radar.kernel.format import km
from radar.kernel.geo import haversine_km, within_km
from radar.kernel.load import Dataset
from radar.kernel.regions import PROVINCE, region_names, region_of
from radar.kernel.settings import Settings
from radar.prospects.index import NEAR, Area, ProspectIndex, active_mask, area_mask
from radar.prospects.nace import describe, first_match
from radar.prospects.reasons import reason
from radar.prospects.scoring import FACTORS, Scored, score_candidates
from radar.supply_demand.demand import programme_demand
from radar.supply_demand.locations import IS_SHORTAGE, SHORTAGE_RADIUS, location_metrics
from radar.supply_demand.supply import programme_supply

RANK = "rank"
SCORE = "score"
REASON = "reason"
DISTANCE_KM = "distance_km"
MUNICIPALITY = "municipality"
NACE_DESCRIPTION = "nace_description"
LESPLAATS = "nearest_lesplaats"
IS_WARM = "is_warm"
EXPORT_COLUMNS = [
    RANK,
    s.ESTABLISHMENT_NUMBER,
    s.ENTERPRISE_NUMBER,
    s.NAME,
    s.ADDRESS,
    s.NIS,
    MUNICIPALITY,
    s.NACE_MAIN,
    NACE_DESCRIPTION,
    SCORE,
    REASON,
    DISTANCE_KM,
    LESPLAATS,
    s.IS_EMPLOYER,
    IS_WARM,
]


@dataclass(frozen=True)
class ProspectResult:
    """One prospect list: the ranked rows and what the map needs around them."""

    table: pd.DataFrame  # EXPORT_COLUMNS, then lat, lng and one column per factor
    n_candidates: int
    recognised: pd.DataFrame  # recognised for P in the area: name, lat, lng
    locations: pd.DataFrame  # lesplaatsen of P: id, school_name, lat, lng, ...
    programme_name: str
    area_label: str


def programme_locations(
    ds: Dataset, programme_id: str, as_of: pd.Timestamp, settings: Settings
) -> pd.DataFrame:
    """Return the lesplaatsen of P in the date's school year with ``is_shortage``.

    Columns: id, school_name, provider_type, nis, lat, lng, learners,
    tekortstraal_km, is_shortage (see ``radar.supply_demand.location_metrics``).
    """
    supply = programme_supply(ds.recognitions, ds.programmes, programme_id, as_of)
    demand = programme_demand(ds.offerings, programme_id, as_of)
    metrics = location_metrics(
        supply,
        demand,
        radius_km=settings.catchment_km,
        tau=settings.shortage_tau,
        r_max_km=settings.shortage_max_km,
    )
    cols = ["id", s.SCHOOL_NAME, s.PROVIDER_TYPE, s.NIS, s.LAT, s.LNG, s.LEARNERS]
    return metrics[[*cols, SHORTAGE_RADIUS, IS_SHORTAGE]].reset_index(drop=True)


def location_point(ds: Dataset, location_id: str) -> tuple[float, float, str]:
    """Return (lat, lng, school name) of a lesplaats; ``DataError`` if unknown."""
    rows = ds.offerings.loc[ds.offerings[s.LOCATION_ID] == location_id]
    if rows.empty:
        raise DataError(f"onbekende lesplaats {location_id!r}")
    row = rows.iloc[-1]
    return float(row[s.LAT]), float(row[s.LNG]), str(row[s.SCHOOL_NAME])


def area_label(ds: Dataset, area: Area) -> str:
    """Describe an area in Dutch: "Provincie Antwerpen", "15 km rond <lesplaats>"."""
    if area.level == NEAR:
        _, _, name = location_point(ds, area.code)
        return f"{km(area.radius_km)} rond lesplaats {name}"
    lvl = region_of(area.level)
    region = region_names(ds.municipalities, lvl).get(area.code)
    if region is None:
        raise DataError(f"onbekend gebied {area.level}:{area.code}")
    if lvl == PROVINCE and region.startswith("Brussel"):
        return region
    return f"{lvl.noun} {region}"


def area_options(ds: Dataset, level: str) -> dict[str, str]:
    """Return the areas of a level as code -> Dutch name, sorted by name."""
    return region_names(ds.municipalities, level)


def short_name(name: str) -> str:
    """Drop the " duaal" suffix of a programme name.

    >>> short_name("Elektrotechnieken duaal")
    'Elektrotechnieken'
    """
    return name.removesuffix(" duaal")


def programme_names(ds: Dataset) -> dict[str, str]:
    """Return programme id -> short name."""
    return dict(
        zip(
            ds.programmes[s.PROGRAMME_ID],
            ds.programmes[s.NAME].map(short_name),
            strict=True,
        )
    )


def rank_prospects(
    index: ProspectIndex,
    programme_id: str,
    as_of: pd.Timestamp,
    area: Area,
    settings: Settings,
    *,
    top_n: int | None = None,
    main_only: bool = False,
    employers_only: bool = False,
    include_warm: bool = True,
    descriptions: Mapping[str, str] | None = None,
    locations: pd.DataFrame | None = None,
) -> ProspectResult:
    """Rank the prospects of programme P in an area; return the top ``top_n`` rows.

    ``locations`` (from ``programme_locations``) may be passed in when cached.
    Table columns: EXPORT_COLUMNS, then lat, lng and ``f_<factor>`` per factor.
    """
    ds = index.ds
    as_of = pd.Timestamp(as_of)
    if locations is None:
        locations = programme_locations(ds, programme_id, as_of, settings)
    centre = None
    if area.level == NEAR:
        lat0, lng0, _ = location_point(ds, area.code)
        centre = (lat0, lng0)
    scored = score_candidates(
        index,
        programme_id,
        as_of,
        area,
        locations,
        settings,
        main_only=main_only,
        employers_only=employers_only,
        include_warm=include_warm,
        centre=centre,
    )
    n_top = settings.prospect_top_n if top_n is None else top_n
    take = slice(0, min(n_top, len(scored.pos)))
    table = _table(index, scored, take, programme_id, as_of, locations, descriptions)
    return ProspectResult(
        table=table,
        n_candidates=len(scored.pos),
        recognised=_recognised_frame(index, scored, area, centre),
        locations=locations,
        programme_name=programme_names(ds).get(programme_id, programme_id),
        area_label=area_label(ds, area),
    )


def _table(
    index: ProspectIndex,
    scored: Scored,
    take: slice,
    programme_id: str,
    as_of: pd.Timestamp,
    locations: pd.DataFrame,
    descriptions: Mapping[str, str] | None,
) -> pd.DataFrame:
    """The top rows: the establishment, its score and factors, and the reason."""
    ds = index.ds
    pos = scored.pos[take]
    near_loc, best_loc = scored.near_loc[take], scored.best_loc[take]
    est = index.rows.take(pa.array(pos, pa.int64())).to_pandas()
    names = programme_names(ds)
    programme = names.get(programme_id, programme_id)
    prefixes = tuple(index.prefixes.get(programme_id, []))
    others, former = _warm_details(index, programme_id, as_of, pos)
    loc_names = locations[s.SCHOOL_NAME].astype(str).tolist()
    loc_short = locations[IS_SHORTAGE].to_numpy(bool)
    near_km = _km_to(index, pos, locations, near_loc)
    best_km = _km_to(index, pos, locations, best_loc)
    reasons: list[str] = []
    main_codes, other_codes = est[s.NACE_MAIN].tolist(), est[s.NACE_OTHER].tolist()
    for k, (p, code, other) in enumerate(
        zip(pos.tolist(), main_codes, other_codes, strict=True)
    ):
        i, b = int(near_loc[k]), int(best_loc[k])
        near = (loc_names[i], float(near_km[k]), bool(loc_short[i])) if i >= 0 else None
        best = None
        if b >= 0 and b != i and loc_short[b]:
            best = (loc_names[b], float(best_km[k]))
        reasons.append(
            reason(
                code=str(code),
                other_code=first_match(other, prefixes),
                main_match=bool(scored.main_match[take][k]),
                programme=programme,
                lift=float(scored.lift[take][k]),
                support=(int(scored.lift_support[take][k]), scored.n_recognised),
                near=near,
                best=best,
                employer=bool(index.employer[p]),
                others=[names.get(x, x) for x in sorted(set(others.get(p, [])))],
                former_end=former.get(p),
            )
        )
    mun = ds.municipalities.set_index(s.NIS)[s.NAME_NL]
    out = pd.DataFrame(
        {
            RANK: np.arange(1, len(pos) + 1),
            s.ESTABLISHMENT_NUMBER: est[s.ESTABLISHMENT_NUMBER].to_numpy(object),
            s.ENTERPRISE_NUMBER: est[s.ENTERPRISE_NUMBER].to_numpy(object),
            s.NAME: est[s.NAME].to_numpy(object),
            s.ADDRESS: est[s.ADDRESS].to_numpy(object),
            s.NIS: est[s.NIS].to_numpy(object),
            MUNICIPALITY: est[s.NIS].map(mun).to_numpy(object),
            s.NACE_MAIN: est[s.NACE_MAIN].to_numpy(object),
            NACE_DESCRIPTION: [
                describe(c, descriptions or {}) for c in est[s.NACE_MAIN].astype(str)
            ],
            SCORE: scored.score[take],
            REASON: reasons,
            # Python's round (not np.round): one decimal as the reason writes it.
            DISTANCE_KM: np.array([round(d, 1) for d in near_km.tolist()], float),
            LESPLAATS: [loc_names[i] if i >= 0 else "" for i in near_loc.tolist()],
            s.IS_EMPLOYER: index.employer[pos],
            IS_WARM: scored.other_programme[take] | scored.former[take],
            s.LAT: index.lat[pos],
            s.LNG: index.lng[pos],
        }
    )
    for j, name in enumerate(FACTORS):
        out[f"f_{name}"] = np.round(scored.factors[take][:, j], 4)
    return out


def _km_to(
    index: ProspectIndex, pos: np.ndarray, locations: pd.DataFrame, loc: np.ndarray
) -> np.ndarray:
    """Haversine km from the establishments at ``pos`` to their lesplaats ``loc``
    (a row of ``locations``; -1 = none gives NaN)."""
    out = np.full(len(pos), np.nan)
    has = loc >= 0
    out[has] = haversine_km(
        index.lat[pos[has]],
        index.lng[pos[has]],
        locations[s.LAT].to_numpy(float)[loc[has]],
        locations[s.LNG].to_numpy(float)[loc[has]],
    )
    return out


def _warm_details(
    index: ProspectIndex, programme_id: str, as_of: pd.Timestamp, pos: np.ndarray
) -> tuple[dict[int, list[str]], dict[int, pd.Timestamp]]:
    """For the given positions: other programmes recognised on d, last end for P."""
    here = np.isin(index.rec_pos, pos)
    active = active_mask(index, as_of)
    is_p = index.rec_prog == index.prog_code.get(programme_id, -2)
    other: dict[int, list[str]] = {}
    for p, prog in zip(
        index.rec_pos[here & active & ~is_p],
        index.rec_programme[here & active & ~is_p],
        strict=True,
    ):
        other.setdefault(int(p), []).append(str(prog))
    d = pd.Timestamp(as_of).as_unit("ns").value
    former: dict[int, pd.Timestamp] = {}
    ended = here & is_p & (index.rec_to <= d)
    for p, end in zip(index.rec_pos[ended], index.rec_to[ended], strict=True):
        stamp = pd.Timestamp(int(end))
        if int(p) not in former or stamp > former[int(p)]:
            former[int(p)] = stamp
    return other, former


def _recognised_frame(
    index: ProspectIndex,
    scored: Scored,
    area: Area,
    centre: tuple[float, float] | None,
) -> pd.DataFrame:
    """The establishments recognised for P that lie in the area (for the map)."""
    pos = scored.recognised
    if area.level == NEAR and centre is not None:
        keep, _ = within_km(
            index.lat[pos], index.lng[pos], centre[0], centre[1], area.radius_km
        )
    else:
        keep = area_mask(index, area, pos)
    pos = pos[keep]
    rows = index.rows.select([s.ESTABLISHMENT_NUMBER, s.NAME, s.ADDRESS])
    out = rows.take(pa.array(pos, pa.int64())).to_pandas()
    out[s.LAT] = index.lat[pos]
    out[s.LNG] = index.lng[pos]
    return out
