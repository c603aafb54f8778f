"""The level-free part of an analysis (``base``) and the areas of a level
(``at_level``), and E2SFCA step 2 from the stored step 1 (``access_from_ratio``)."""

from __future__ import annotations

import dataclasses
import pickle

import numpy as np
import pandas as pd
import pytest

from radar.kernel import schema as s
from radar.kernel.regions import ARRONDISSEMENT, MUNICIPALITY, PROVINCE
from radar.kernel.settings import Settings
from radar.supply_demand import analysis
from radar.supply_demand.catchment import (
    DEMAND,
    SUPPLY,
    access_from_ratio,
    e2sfca,
    radius_profiles,
    shortage_radius,
    supply_ratio,
)
from radar.supply_demand.locations import location_metrics, metrics_and_ratio
from radar.supply_demand.ratios import area_codes
from tests.supply_demand.test_catchment import plain_e2sfca, pts

FRAMES = (
    "supply",
    "demand",
    "locations",
    "areas",
    "shortage_areas",
    "room_cells",
    "room_municipalities",
    "overtal",
)


@pytest.fixture(scope="module")
def prepared(demo):
    return analysis.prepare(demo)


@pytest.mark.parametrize("level", ["hex7", "gemeente", "provincie", "resoc"])
def test_a_level_on_a_stored_base_equals_the_whole_analysis(prepared, demo, level):
    settings, day = Settings(), demo.extract_date
    whole = analysis.analyse(prepared, "SO-410", day, level, settings, 0.5)
    part = analysis.base(prepared, "SO-410", day, settings, 0.5)
    copy = pickle.loads(pickle.dumps(part))  # as a cache returns it
    split = analysis.at_level(prepared, copy, level, settings)
    for name in FRAMES:
        pd.testing.assert_frame_equal(getattr(split, name), getattr(whole, name))
    assert split.level is whole.level and split.notices == whole.notices
    pd.testing.assert_frame_equal(
        analysis.hexagon_access(prepared, part, settings),
        analysis.hexagon_access(prepared, whole, settings),
    )


def test_a_pickled_analysis_keeps_the_defined_level_object(prepared, demo):
    """st.cache_data returns unpickled copies; pages test ``level is MUNICIPALITY``."""
    for level in (MUNICIPALITY, PROVINCE):
        result = analysis.analyse(
            prepared, "SO-410", demo.extract_date, level.slug, Settings()
        )
        copy = pickle.loads(pickle.dumps(result))
        assert copy.level is level
        pd.testing.assert_frame_equal(copy.areas, result.areas)


def test_a_pickled_level_still_finds_its_regions(demo):
    """A cached Analysis holds a copy of its Level: identity checks must not fail.
    Pickling gives the defined level back; any other copy still finds its regions."""
    points = demo.offerings.head(5)
    for level in (MUNICIPALITY, ARRONDISSEMENT, PROVINCE):
        assert pickle.loads(pickle.dumps(level)) is level
        copy = dataclasses.replace(level)
        assert copy is not level
        assert area_codes(points, copy, demo.municipalities).tolist() == (
            area_codes(points, level, demo.municipalities).tolist()
        )
    assert area_codes(points, MUNICIPALITY, demo.municipalities).tolist() == (
        points[s.NIS].tolist()
    )


def test_step_two_from_stored_ratios_matches_the_loops():
    # Two workplaces at the same point (merged), one out of every learner's reach
    # (r = 0, dropped), related supply at weight 0.5.
    supply = pts([0, 0, 3, 60], SUPPLY, [1.0, 0.5, 2.0, 1.0])
    demand = pts([1, 10], DEMAND, [4.0, 1.0]).assign(learners=[4, 1])
    targets = pts([-5, 0, 2, 30, 58])
    metrics, ratio = metrics_and_ratio(supply, demand, 25.0)
    assert ratio[3] == 0.0 and ratio[0] == pytest.approx(2 * ratio[1])
    expected = plain_e2sfca(supply, demand, targets, 25.0)
    got = access_from_ratio(supply, ratio, targets, 25.0)
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-15)
    assert got[-1] == 0.0  # only the unreachable workplace is near
    np.testing.assert_allclose(e2sfca(supply, demand, targets), expected, rtol=1e-12)
    np.testing.assert_allclose(
        metrics["accessibility"], plain_e2sfca(supply, demand, demand, 25.0)
    )
    pd.testing.assert_frame_equal(metrics, location_metrics(supply, demand, 25.0))


def test_supply_ratio_on_paper():
    # Workplace 0 (2 places) reaches learners 0 (1) and 1 (3) at full weight: 2 / 4.
    r = supply_ratio(
        np.array([2.0, 1.0]),
        np.array([1.0, 3.0]),
        np.array([0, 0]),
        np.array([0, 1]),
        np.array([1.0, 1.0]),
    )
    assert r.tolist() == [0.5, 0.0]


def test_tekortstraal_beyond_the_catchment_is_found_in_the_second_pass():
    # Lesplaats A (1 learner) has a workplace at 2.5 km: radius 3. B (3 learners,
    # 100 km away) needs the 3 workplaces 28.5-29.5 km away: radius 30, beyond d0.
    # C (5 learners, 200 km away) finds nothing within 40 km: NaN.
    supply = pts([2.5, 128.5, 129, 129.5], SUPPLY, [1.0, 1.0, 1.0, 1.0])
    demand = pts([0, 100, 200], DEMAND, [1.0, 3.0, 5.0]).assign(
        learners=[1, 3, 5], id=["A", "B", "C"]
    )
    metrics = location_metrics(supply, demand, radius_km=25.0, r_max_km=40)
    radius = metrics["tekortstraal_km"].tolist()
    assert radius[:2] == [3.0, 30.0] and np.isnan(radius[2])
    assert metrics["is_shortage"].tolist() == [False, True, True]
    s_r, d_r = radius_profiles(demand, supply, 40)  # one pass, every pair to 40 km
    np.testing.assert_array_equal(shortage_radius(s_r, d_r), np.array(radius))
