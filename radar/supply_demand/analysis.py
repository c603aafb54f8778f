"""Everything the Vraag & aanbod page needs for one programme, date and level.

``prepare`` indexes a dataset once (recognitions and offerings split per programme, the
set of hexagons that covers the data); ``analyse`` then answers one selection quickly,
in two parts: ``base`` (supply, demand, per-lesplaats metrics, room and overtal: all
that does not depend on the level) and ``at_level`` (the areas of one level, cheap), so
a caller that caches ``base`` answers a level change without recomputing the rest.
The costly part, the covering hexagons of every point (seconds at 1M establishments),
is written beside the dataset when it is written (``write_index``) and read back by
``load_prepared``, which rebuilds and rewrites it when it is missing or stale.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from radar.kernel import load, params
from radar.kernel import schema as s
from radar.kernel.boundaries import cell_municipality
from radar.kernel.calendar import Coverage, coverage
from radar.kernel.errors import DataError
from radar.kernel.hexgrid import cell_centres
from radar.kernel.load import Dataset
from radar.kernel.regions import Level, level_of
from radar.kernel.settings import Settings
from radar.supply_demand.catchment import access_from_ratio
from radar.supply_demand.demand import programme_demand, year_cohorts
from radar.supply_demand.locations import metrics_and_ratio
from radar.supply_demand.offer import (
    overtal,
    room_for_offer_cells,
    room_for_offer_municipalities,
)
from radar.supply_demand.ratios import CLASS, RATIO, region_ratios
from radar.supply_demand.supply import programme_supply, related_ids

ACCESS_RES = 7
INDEX_NAME = "supply-demand"
INDEX_VERSION = 1
"""Format of the stored cover index; bump it when ``cover_index`` changes."""
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Prepared:
    """A dataset indexed for fast per-programme questions. Treat as read-only."""

    recognitions: dict[str, pd.DataFrame]
    offerings: dict[str, pd.DataFrame]
    programmes: pd.DataFrame
    municipalities: pd.DataFrame
    cover_cells: tuple[str, ...]  # res-7 cells holding any establishment or lesplaats
    cell_nis: pd.Series  # res-7 cell -> the municipality most of its points are in
    cover_centres: pd.DataFrame  # lat, lng of each cover cell's centre, same order
    no_recognitions: pd.DataFrame  # empty frames with the schema's columns
    no_offerings: pd.DataFrame
    cohorts: dict[str, int]  # school year -> median known learners of all offerings
    coverage: Coverage


@dataclass(frozen=True)
class Base:
    """The part of a selection that does not depend on the level (``base``)."""

    programme_id: str
    as_of: pd.Timestamp
    supply: pd.DataFrame
    demand: pd.DataFrame
    locations: pd.DataFrame
    room_cells: pd.DataFrame
    room_municipalities: pd.DataFrame
    overtal: pd.DataFrame
    supply_ratio: np.ndarray
    """E2SFCA step 1 per ``supply`` row (r_k, workplaces per learner in reach)."""
    notices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Analysis:
    """Supply, demand and every derived table for one selection."""

    programme_id: str
    as_of: pd.Timestamp
    level: Level
    supply: pd.DataFrame
    demand: pd.DataFrame
    locations: pd.DataFrame
    areas: pd.DataFrame
    shortage_areas: pd.DataFrame
    room_cells: pd.DataFrame
    room_municipalities: pd.DataFrame
    overtal: pd.DataFrame
    notices: tuple[str, ...] = ()
    """What is not available for this selection, in Dutch (an ended programme, a
    date without learner counts or outside the data); empty when all is there."""
    supply_ratio: np.ndarray | None = None
    """E2SFCA step 1 per ``supply`` row (``Base.supply_ratio``)."""

    def __setstate__(self, state: dict[str, object]) -> None:
        # Unpickled (``st.cache_data`` copies every hit), a Level is an equal copy;
        # code that tests ``level is MUNICIPALITY`` needs the one defined object.
        level = state.get("level")
        if isinstance(level, Level):
            state = {**state, "level": level_of(level.id)}
        self.__dict__.update(state)


def _split(frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Rows per programme, in table order (integer codes, one stable sort and
    slices: no Python loop over groups, no sort of strings)."""
    codes, ids = pd.factorize(frame[s.PROGRAMME_ID], sort=True)  # missing: -1
    order = np.argsort(codes, kind="stable")
    order = order[codes[order] >= 0]
    ordered = frame.take(order).reset_index(drop=True)
    bounds = np.concatenate(
        [[0], np.cumsum(np.bincount(codes[order], minlength=len(ids)))]
    )
    return {
        str(pid): ordered.iloc[bounds[i] : bounds[i + 1]].reset_index(drop=True)
        for i, pid in enumerate(ids)
    }


def cover_index(ds: Dataset) -> pd.Series:
    """Return, per res-7 cell holding any establishment, lesplaats or recognised
    workplace, the municipality most of its points are in (index: cell, sorted)."""
    points = [ds.establishments, ds.offerings, ds.recognitions]
    cells = np.concatenate([p[s.CELL].to_numpy(dtype=object) for p in points])
    nis = np.concatenate([p[s.NIS].to_numpy(dtype=object) for p in points])
    return cell_municipality(cells, nis, ACCESS_RES)


def prepare(ds: Dataset, cell_nis: pd.Series | None = None) -> Prepared:
    """Index a dataset for ``analyse`` (once per dataset; seconds at real scale
    unless ``cell_nis``, the ``cover_index``, is given)."""
    if cell_nis is None:
        cell_nis = cover_index(ds)
    centres = cell_centres(list(cell_nis.index))
    return Prepared(
        recognitions=_split(ds.recognitions),
        offerings=_split(ds.offerings),
        programmes=ds.programmes,
        municipalities=ds.municipalities,
        cover_cells=tuple(cell_nis.index),
        cell_nis=cell_nis,
        cover_centres=pd.DataFrame(dict(zip((s.LAT, s.LNG), centres, strict=True))),
        no_recognitions=ds.recognitions.iloc[0:0],
        no_offerings=ds.offerings.iloc[0:0],
        cohorts=year_cohorts(ds.offerings),
        coverage=coverage(ds),
    )


def write_index(ds: Dataset, folder: Path) -> pd.Series:
    """Build the cover index of the dataset written at ``folder`` and store it there;
    return it."""
    cell_nis = cover_index(ds)
    arrays = {
        "cell": cell_nis.index.to_numpy(dtype=object),
        "nis": cell_nis.astype(str).to_numpy(dtype=object),
    }
    load.write_index(folder, INDEX_NAME, INDEX_VERSION, arrays)
    return cell_nis


def load_prepared(ds: Dataset, folder: Path) -> Prepared:
    """``prepare`` the dataset read from ``folder``, with its stored cover index.

    A missing, older or stale index is rebuilt and written back (a folder that
    cannot be written is logged, not an error): the answer never depends on it.
    """
    stored = load.read_index(folder, INDEX_NAME, INDEX_VERSION)
    if stored is not None and {"cell", "nis"} <= stored.keys():
        cell_nis = pd.Series(
            stored["nis"], index=pd.Index(stored["cell"], name="cell"), name=s.NIS
        )
        return prepare(ds, cell_nis)
    try:
        cell_nis = write_index(ds, folder)
    except OSError as exc:
        log.warning("cover index of %s not stored: %s", folder, exc)
        cell_nis = cover_index(ds)
    return prepare(ds, cell_nis)


def availability(prep: Prepared, programme_id: str, as_of: pd.Timestamp) -> list[str]:
    """Say, in Dutch, what the data cannot answer for this programme and date.

    An ended programme, a date outside the data, a school year without learner
    counts: each gives one sentence. Empty when everything is available.
    """
    notices = []
    try:
        params.programme(programme_id, prep.programmes, as_of)
    except DataError as exc:
        notices.append(str(exc))
    try:
        params.as_of(as_of, prep.coverage, need_learners=True)
    except DataError as exc:
        notices.append(str(exc))
    return notices


def _recognitions_for(prep: Prepared, ids: list[str]) -> pd.DataFrame:
    parts = [prep.recognitions[i] for i in ids if i in prep.recognitions]
    if not parts:
        return prep.no_recognitions
    return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]


def base(
    prep: Prepared,
    programme_id: str,
    as_of: pd.Timestamp,
    settings: Settings,
    related_weight: float = 0.0,
    active_only: bool = False,
) -> Base:
    """Compute supply, demand, per-lesplaats metrics, room and overtal (no level)."""
    ids = [programme_id, *related_ids(prep.programmes, programme_id)]
    recs = _recognitions_for(prep, ids if related_weight > 0 else [programme_id])
    supply = programme_supply(
        recs, prep.programmes, programme_id, as_of, related_weight, active_only
    )
    offers = prep.offerings.get(programme_id, prep.no_offerings)
    demand = programme_demand(offers, programme_id, as_of, prep.cohorts)
    locations, ratio = metrics_and_ratio(
        supply,
        demand,
        settings.catchment_km,
        settings.shortage_tau,
        settings.shortage_max_km,
    )
    return Base(
        programme_id=programme_id,
        as_of=pd.Timestamp(as_of),
        supply=supply,
        demand=demand,
        locations=locations,
        room_cells=room_for_offer_cells(supply, demand, settings),
        room_municipalities=room_for_offer_municipalities(
            supply, demand, prep.municipalities, settings
        ),
        overtal=overtal(locations),
        supply_ratio=ratio,
        notices=tuple(availability(prep, programme_id, as_of)),
    )


def at_level(
    prep: Prepared, part: Base, level: Level | str, settings: Settings
) -> Analysis:
    """Add the areas of ``level`` (ratios, shortage areas) to a ``base``."""
    # By its id: a level that went through a pickle (a cache) is an equal copy.
    level = level_of(level.id if isinstance(level, Level) else level)
    supply, demand = part.supply, part.demand
    areas = region_ratios(supply, demand, prep.municipalities, level, settings)
    shortage = areas[areas[CLASS] == "tekort"].sort_values([RATIO, "code"])
    return Analysis(
        programme_id=part.programme_id,
        as_of=part.as_of,
        level=level,
        supply=part.supply,
        demand=part.demand,
        locations=part.locations,
        areas=areas,
        shortage_areas=shortage.reset_index(drop=True),
        room_cells=part.room_cells,
        room_municipalities=part.room_municipalities,
        overtal=part.overtal,
        notices=part.notices,
        supply_ratio=part.supply_ratio,
    )


def analyse(
    prep: Prepared,
    programme_id: str,
    as_of: pd.Timestamp,
    level: Level | str,
    settings: Settings,
    related_weight: float = 0.0,
    active_only: bool = False,
) -> Analysis:
    """Compute supply, demand, area ratios, per-lesplaats metrics, room and overtal.

    ``level`` is a ``Level`` or its id or slug (``provincie``, ``hex7``). The same as
    ``at_level`` of ``base``.
    """
    part = base(prep, programme_id, as_of, settings, related_weight, active_only)
    return at_level(prep, part, level, settings)


def hexagon_access(
    prep: Prepared, result: Analysis | Base, settings: Settings
) -> pd.DataFrame:
    """Return E2SFCA accessibility at the centre of every covering res-7 hexagon.

    Columns: code (cell), accessibility (0 where no workplace is in reach). Step 1
    (r_k) comes with ``result``; only the centre-workplace pairs are found here.
    """
    ratio = result.supply_ratio
    if ratio is None:  # an Analysis made by hand
        d0 = settings.catchment_km
        ratio = metrics_and_ratio(result.supply, result.demand, d0)[1]
    access = access_from_ratio(
        result.supply, ratio, prep.cover_centres, settings.catchment_km
    )
    return pd.DataFrame({"code": prep.cover_cells, "accessibility": access})
