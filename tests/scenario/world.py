"""Hand-made worlds for the scenario tests: points on a north-south line.

Points lie ``km`` kilometres north of (51.0, 4.0), so the distance between two of
them is the difference of their km (haversine on a meridian), and the Gaussian
weight of each pair can be written out on paper.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from radar.kernel import schema as s
from radar.kernel.geo import EARTH_RADIUS_KM
from radar.kernel.hexgrid import points_to_cells
from radar.scenario.changes import Spot
from radar.scenario.places import Base
from radar.supply_demand.catchment import DEMAND, ID, SUPPLY
from radar.supply_demand.demand import IS_ESTIMATE
from radar.supply_demand.supply import IS_RELATED

KM = 180 / (math.pi * EARTH_RADIUS_KM)  # degrees of latitude per km, exactly
LAT0, LNG0 = 51.0, 4.0
NIS = "11002"  # every point of a world lies in Antwerpen


def w(d_km: float, d0: float = 25.0) -> float:
    """The Gaussian weight: (exp(-d^2 / 2 d0^2) - e^-1/2) / (1 - e^-1/2) inside d0."""
    if d_km > d0:
        return 0.0
    e = math.exp(-0.5)
    return (math.exp(-0.5 * (d_km / d0) ** 2) - e) / (1 - e)


def lat(km: float) -> float:
    return LAT0 + km * KM


def spot(km: float, amount: float = 1.0, id_: str = "") -> Spot:
    cell = str(points_to_cells(np.array([lat(km)]), np.array([LNG0]))[0])
    return Spot(lat(km), LNG0, NIS, cell, amount, id_)


def schools(km: list[float], learners: list[int], ids: list[str] | None = None):
    """A demand frame as ``programme_demand`` returns it."""
    ids = ids or [f"S{i}" for i in range(len(km))]
    la = np.array([lat(k) for k in km])
    return pd.DataFrame(
        {
            ID: ids,
            s.SCHOOL_NAME: [f"school {i}" for i in ids],
            s.PROVIDER_TYPE: ["secundair"] * len(km),
            s.NIS: [NIS] * len(km),
            s.LAT: la,
            s.LNG: [LNG0] * len(km),
            s.CELL: points_to_cells(la, np.full(len(km), LNG0)),
            s.LEARNERS: np.array(learners, dtype="int64"),
            IS_ESTIMATE: [False] * len(km),
            DEMAND: np.array(learners, dtype=float),
        }
    )


def workplaces(km: list[float], amount: list[float] | None = None):
    """A supply frame as ``programme_supply`` returns it."""
    amount = amount or [1.0] * len(km)
    la = np.array([lat(k) for k in km])
    return pd.DataFrame(
        {
            ID: [f"W{i}" for i in range(len(km))],
            s.NAME: [f"werkplek {i}" for i in range(len(km))],
            s.NIS: [NIS] * len(km),
            s.LAT: la,
            s.LNG: [LNG0] * len(km),
            s.CELL: points_to_cells(la, np.full(len(km), LNG0)),
            SUPPLY: np.array(amount, dtype=float),
            s.LEARNERS_HOSTED: pd.array([0] * len(km), dtype="Int64"),
            IS_RELATED: [False] * len(km),
        }
    )


def base(supply, demand, municipalities, recognitions=None, programmes=None) -> Base:
    """A ``Base`` around hand-made frames (no prepared dataset needed)."""
    return Base(
        programme_id="P",
        as_of=pd.Timestamp("2026-10-01"),
        related_weight=0.0,
        supply=supply,
        demand=demand,
        municipalities=municipalities,
        cell_nis=pd.Series(dtype=object),
        programmes=programmes if programmes is not None else pd.DataFrame(),
        recognitions=recognitions if recognitions is not None else pd.DataFrame(),
        establishments=None,
    )
