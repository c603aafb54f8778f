"""Per-lesplaats metrics against plain loops over a small random world."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from radar.kernel import schema as s
from radar.kernel.geo import haversine_km
from radar.supply_demand.catchment import DEMAND, ID, SUPPLY
from radar.supply_demand.locations import (
    COMPETITORS,
    SHARED_SHARE,
    WORKPLACES_IN_RADIUS,
    location_metrics,
)


def _world(seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    supply = pd.DataFrame(
        {
            s.LAT: 51.0 + rng.uniform(-0.3, 0.3, 80),
            s.LNG: 4.0 + rng.uniform(-0.5, 0.5, 80),
            SUPPLY: rng.choice([1.0, 0.5], 80),
        }
    )
    n = 12
    demand = pd.DataFrame(
        {
            ID: [f"L{i}" for i in range(n)],
            s.LAT: 51.0 + rng.uniform(-0.3, 0.3, n),
            s.LNG: 4.0 + rng.uniform(-0.5, 0.5, n),
            s.LEARNERS: rng.integers(1, 20, n),
        }
    )
    demand[DEMAND] = demand[s.LEARNERS].astype(float)
    return supply, demand


def _km(a: pd.Series, b: pd.Series) -> float:
    return float(haversine_km(a[s.LAT], a[s.LNG], b[s.LAT], b[s.LNG]))


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("radius_km", [8.0, 15.0])
def test_reach_competitors_and_shared_share_agree_with_plain_loops(seed, radius_km):
    supply, demand = _world(seed)
    got = location_metrics(supply, demand, radius_km)
    for i, loc in demand.iterrows():
        reach = [k for k, w in supply.iterrows() if _km(loc, w) <= radius_km]
        rivals = [
            j
            for j, other in demand.iterrows()
            if j != i and _km(loc, other) <= radius_km
        ]
        shared = [
            k
            for k in reach
            if any(_km(demand.loc[j], supply.loc[k]) <= radius_km for j in rivals)
        ]
        total = float(supply.loc[reach, SUPPLY].sum())
        row = got.iloc[i]
        assert row[WORKPLACES_IN_RADIUS] == pytest.approx(total, abs=1e-9)
        assert row[COMPETITORS] == len(rivals)
        if total:
            want = float(supply.loc[shared, SUPPLY].sum()) / total
            assert row[SHARED_SHARE] == pytest.approx(want, abs=1e-9)
        else:
            assert np.isnan(row[SHARED_SHARE])


def test_room_for_offer_agrees_with_a_plain_loop():
    from radar.kernel.hexgrid import points_to_cells
    from radar.kernel.settings import Settings
    from radar.supply_demand.offer import room_for_offer_municipalities

    supply, demand = _world(7)
    supply[s.CELL] = points_to_cells(supply[s.LAT], supply[s.LNG])
    demand = demand.head(3)
    settings = Settings(room_min_workplaces=4)
    muni = pd.DataFrame(
        {
            s.NIS: [f"{i:05d}" for i in range(30)],
            s.NAME_NL: [f"G{i}" for i in range(30)],
            s.LAT: 51.0 + np.linspace(-0.4, 0.4, 30),
            s.LNG: 4.0 + np.linspace(-0.6, 0.6, 30),
        }
    )
    got = room_for_offer_municipalities(supply, demand, muni, settings)
    d0 = settings.catchment_km
    want = {}
    for _, m in muni.iterrows():
        total = sum(w[SUPPLY] for _, w in supply.iterrows() if _km(m, w) <= d0)
        near = any(_km(m, loc) <= d0 for _, loc in demand.iterrows())
        if total >= settings.room_min_workplaces and not near:
            want[m[s.NIS]] = total
    assert dict(zip(got["code"], got[WORKPLACES_IN_RADIUS], strict=True)) == (
        pytest.approx(want)
    )
    assert len(want) > 0  # the world has room somewhere
