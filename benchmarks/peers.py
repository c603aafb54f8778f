"""Fair comparisons with the libraries a colleague would reach for, in one run.

- E2SFCA: ours (``radar.supply_demand.catchment.e2sfca``, pairs found inside the
  timing) against PySAL ``access`` (``Access.enhanced_two_stage_fca``) given the very
  same pairs (found outside its timing: in its favour) and the same Gaussian written
  with plain ``math`` (``access`` calls the weight function once per pair, so numpy on
  one-element arrays would make it 25x slower than it need be). Both warm: one
  untimed run each, then the median of the timed runs. Same answers to 1e-9,
  asserted.
- Within-radius counts (workplaces within 25 km of every hexagon centre, what the
  room-for-offer tables need): ours (``radar.kernel.geo.count_within``: exact
  great-circle counts straight from a KD-tree on 3-D points) against a plain
  ``scipy.spatial.cKDTree`` on the same projected kilometres (``query_ball_point``
  with ``return_length=True``, the tree built inside the timing as ours is, since the
  workplaces change with the programme) and geopandas ``sjoin(predicate="dwithin")``
  in Belgian Lambert 72 (EPSG:31370) with the spatial index built before the timing (a
  user keeps the layer and its index). Nearest lesplaats within 25 km of every centre:
  ours (``pairs_within`` + ``np.minimum.at``) against geopandas ``sjoin_nearest`` with
  ``max_distance``, same setup.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from radar.kernel import load
from radar.kernel.geo import count_within, pairs_within, project_km
from radar.kernel.settings import Settings
from radar.supply_demand import analysis
from radar.supply_demand.catchment import DEMAND, SUPPLY, e2sfca


@dataclass(frozen=True)
class Versus:
    """Two warm medians (ms) of the same task, and what the answers agree on."""

    task: str
    ours_ms: float
    theirs: str
    theirs_ms: float
    agreement: str

    @property
    def speedup(self) -> float:
        return self.theirs_ms / max(self.ours_ms, 1e-9)


def warm_median(fn: Callable[[], object], runs: int) -> float:
    """One untimed run, then the median of ``runs`` timed ones (ms)."""
    fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def gaussian_math(d0: float) -> Callable[[float], float]:
    """The catchment's Gaussian W(d) in plain ``math``, for one distance at a time.

    >>> w = gaussian_math(25.0)
    >>> w(0.0), w(25.0), w(30.0)
    (1.0, 0.0, 0.0)
    """
    floor = math.exp(-0.5)

    def weight(d: float) -> float:
        if d > d0:
            return 0.0
        return (math.exp(-0.5 * (d / d0) ** 2) - floor) / (1.0 - floor)

    return weight


def _inputs(ds: load.Dataset) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, str]:
    """Supply, lesplaatsen and hexagon centres of the programme with most learners."""
    from benchmarks.pages import busiest_programmes

    settings = Settings()
    prep = analysis.prepare(ds)
    pid = busiest_programmes(ds, 1)[0]
    result = analysis.analyse(prep, pid, ds.extract_date, "hex7", settings, 0.0)
    supply = result.supply[["lat", "lng", SUPPLY]].reset_index(drop=True)
    demand = result.demand[["lat", "lng", DEMAND]].reset_index(drop=True)
    centres = prep.cover_centres[["lat", "lng"]].reset_index(drop=True)
    return supply, demand, centres, pid


def vs_pysal(
    supply: pd.DataFrame, demand: pd.DataFrame, d0: float, runs: int, what: str
) -> Versus:
    """E2SFCA at the ``demand`` points, ours against PySAL access."""
    from access import Access

    ia, ik, dist = pairs_within(demand, supply, d0)
    cost = pd.DataFrame({"origin": ia, "dest": ik, "km": dist})
    weight = gaussian_math(d0)

    def pysal() -> pd.DataFrame:
        model = Access(
            demand_df=demand.reset_index(names="id"),
            demand_index="id",
            demand_value=DEMAND,
            supply_df=supply.reset_index(names="id"),
            supply_index="id",
            supply_value=SUPPLY,
            cost_df=cost,
            cost_origin="origin",
            cost_dest="dest",
            cost_name="km",
        )
        out: pd.DataFrame = model.enhanced_two_stage_fca(max_cost=d0, weight_fn=weight)
        return out

    def ours() -> np.ndarray:
        return e2sfca(supply, demand, demand, d0)

    theirs = pysal().iloc[:, 0].reindex(range(len(demand)), fill_value=0.0)
    theirs_arr, mine = theirs.to_numpy(dtype=float), ours()
    # access divides 0 by 0 where a workplace reaches only zero-demand points (the
    # hexagon centres): NaN there, 0 in ours by definition. Compare the rest.
    finite = np.isfinite(theirs_arr)
    diff = float(np.max(np.abs(theirs_arr[finite] - mine[finite]), initial=0.0))
    assert diff <= 1e-9, f"E2SFCA differs from PySAL access by {diff}"
    return Versus(
        f"E2SFCA {what}",
        warm_median(ours, runs),
        "PySAL access (dezelfde paren, Gauss in math)",
        warm_median(pysal, max(2, runs // 2)),
        f"max verschil {diff:.1e} op {int(finite.sum()):,} punten",
    )


def vs_kdtree(
    supply: pd.DataFrame, centres: pd.DataFrame, d0: float, runs: int
) -> list[Versus]:
    """Workplaces within ``d0`` of every centre: ours, cKDTree, geopandas dwithin."""
    import geopandas as gpd
    from scipy.spatial import cKDTree

    def ours() -> np.ndarray:
        # What the app counts with (room for offer): counts from the tree, exact
        # great-circle, no pairs listed.
        return count_within(centres, supply, d0).astype(np.int64)

    px, py = project_km(supply["lat"].to_numpy(float), supply["lng"].to_numpy(float))
    qx, qy = project_km(centres["lat"].to_numpy(float), centres["lng"].to_numpy(float))
    sp, qp = np.column_stack([px, py]), np.column_stack([qx, qy])

    def kdtree() -> np.ndarray:
        counts: np.ndarray = cKDTree(sp).query_ball_point(qp, d0, return_length=True)
        return counts

    def frame(points: pd.DataFrame) -> gpd.GeoDataFrame:
        geo = gpd.points_from_xy(points["lng"], points["lat"], crs="EPSG:4326")
        return gpd.GeoDataFrame(geometry=geo).to_crs("EPSG:31370")

    gs, gq = frame(supply), frame(centres)
    gs.sindex  # noqa: B018  (built before the timing)

    def dwithin() -> np.ndarray:
        joined = gpd.sjoin(gq, gs, predicate="dwithin", distance=d0 * 1000)
        counts = joined.groupby(level=0).size()
        return counts.reindex(range(len(gq)), fill_value=0).to_numpy()

    mine = ours()
    label = f"werkplekken binnen {d0:g} km van {len(centres):,} hexagoncentra"

    def agree(other: np.ndarray) -> str:
        off = np.abs(other - mine)
        return (
            f"{int((off > 0).sum())} centra anders geteld (max {int(off.max())} van "
            f"{int(mine.max())}; projectie tegen haversine)"
        )

    return [
        Versus(label, warm_median(ours, runs), "scipy cKDTree, geprojecteerd",
               warm_median(kdtree, runs), agree(kdtree())),
        Versus(label, warm_median(ours, runs), "geopandas sjoin dwithin, EPSG:31370",
               warm_median(dwithin, runs), agree(dwithin())),
    ]  # fmt: skip


def vs_nearest(
    demand: pd.DataFrame, centres: pd.DataFrame, d0: float, runs: int
) -> Versus:
    """Nearest lesplaats within ``d0`` of every centre: ours against sjoin_nearest."""
    import geopandas as gpd

    def ours() -> np.ndarray:
        nearest = np.full(len(centres), np.inf)
        ic, _, dist = pairs_within(centres, demand, d0)
        np.minimum.at(nearest, ic, dist)
        return nearest

    def frame(points: pd.DataFrame) -> gpd.GeoDataFrame:
        geo = gpd.points_from_xy(points["lng"], points["lat"], crs="EPSG:4326")
        return gpd.GeoDataFrame(geometry=geo).to_crs("EPSG:31370")

    gd, gq = frame(demand), frame(centres)
    gd.sindex  # noqa: B018

    def nearest() -> np.ndarray:
        j = gpd.sjoin_nearest(gq, gd, max_distance=d0 * 1000, distance_col="m")
        best = j.groupby(level=0)["m"].min() / 1000
        return best.reindex(range(len(gq)), fill_value=np.inf).to_numpy()

    mine, theirs = ours(), nearest()
    both = np.isfinite(mine) & np.isfinite(theirs)
    apart = int((np.isfinite(mine) != np.isfinite(theirs)).sum())
    diff = float(np.max(np.abs(mine[both] - theirs[both]), initial=0.0))
    return Versus(
        f"dichtste lesplaats binnen {d0:g} km, {len(centres):,} hexagoncentra",
        warm_median(ours, runs),
        "geopandas sjoin_nearest, EPSG:31370",
        warm_median(nearest, runs),
        f"max verschil {diff:.2f} km; {apart} centra anders binnen/buiten",
    )


def run(ds: load.Dataset, runs: int) -> list[Versus]:
    """Every comparison on the programme with most learners in ``ds``."""
    d0 = Settings().catchment_km
    supply, demand, centres, pid = _inputs(ds)
    hexes = pd.concat([demand, centres.assign(**{DEMAND: 0.0})], ignore_index=True)
    n = f"{pid}: {len(supply):,} werkplekken"
    return [
        vs_pysal(supply, demand, d0, runs, f"({n}, {len(demand)} lesplaatsen)"),
        vs_pysal(
            supply, hexes, d0, runs,
            f"({n}, {len(demand)} lesplaatsen + {len(centres):,} hexagoncentra)",
        ),
        *vs_kdtree(supply.assign(**{SUPPLY: 1.0}), centres, d0, runs),
        vs_nearest(demand, centres, d0, runs),
    ]  # fmt: skip
