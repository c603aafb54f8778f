"""E2SFCA and the shortage radius on hand-made worlds with answers known on paper."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from radar.kernel import schema as s
from radar.kernel.geo import haversine_km, pairs_within
from radar.supply_demand.catchment import (
    DEMAND,
    SUPPLY,
    decay,
    e2sfca,
    radius_profiles,
    shortage_radius,
)

KM = 1 / 111.195  # degrees of latitude per km (haversine, mean earth radius)
LAT0, LNG0 = 51.0, 4.0


def pts(km_north: list[float], column: str | None = None, values=None) -> pd.DataFrame:
    """Points on a north-south line, ``km_north`` km from (51.0, 4.0)."""
    frame = pd.DataFrame(
        {s.LAT: [LAT0 + k * KM for k in km_north], s.LNG: [LNG0] * len(km_north)}
    )
    if column:
        frame[column] = values
    return frame


def plain_e2sfca(supply, demand, targets, d0, weight="gaussian"):
    """The two steps written as loops: the obviously correct reference."""

    def w(a, b):
        d = float(haversine_km(a[s.LAT], a[s.LNG], b[s.LAT], b[s.LNG]))
        return float(decay(np.array([d]), d0, weight)[0])

    ratios = []
    for _, k in supply.iterrows():
        reach = sum(j[DEMAND] * w(k, j) for _, j in demand.iterrows())
        ratios.append(k[SUPPLY] / reach if reach > 0 else 0.0)
    return np.array(
        [
            sum(
                r * w(i, k) for r, (_, k) in zip(ratios, supply.iterrows(), strict=True)
            )
            for _, i in targets.iterrows()
        ]
    )


def test_gaussian_weight_is_one_at_zero_and_zero_at_the_catchment_edge():
    w = decay(np.array([0.0, 12.5, 25.0, 25.1]), 25.0)
    e = math.exp(-0.5)
    assert w[0] == pytest.approx(1.0)
    assert w[1] == pytest.approx((math.exp(-0.125) - e) / (1 - e))
    assert w[2] == pytest.approx(0.0, abs=1e-12)
    assert w[3] == 0.0


def test_flat_catchment_covering_everyone_gives_total_supply_over_total_demand():
    supply = pts([0, 3, 7, 20], SUPPLY, [1, 1, 2, 1])  # 5 workplaces
    demand = pts([1, 10, 15], DEMAND, [4, 1, 5])  # 10 learners
    access = e2sfca(supply, demand, demand, radius_km=100, weight="flat")
    assert access == pytest.approx([0.5, 0.5, 0.5])


def test_a_lone_school_counts_every_workplace_in_reach_per_learner():
    # Whatever the decay, r_k = s_k / (D W_k) and A = sum r_k W_k = S / D.
    supply = pts([0.5, 4, 9, 24], SUPPLY, [1, 1, 1, 1])
    school = pts([0], DEMAND, [8])
    assert e2sfca(supply, school, school)[0] == pytest.approx(4 / 8)


def test_two_schools_in_one_place_split_the_pool():
    supply = pts([2, 5, 11], SUPPLY, [1, 1, 1])
    schools = pts([0, 0], DEMAND, [2, 4])
    assert e2sfca(supply, schools, schools) == pytest.approx([0.5, 0.5])


def test_without_demand_in_reach_accessibility_is_zero_not_an_error():
    supply = pts([0, 1], SUPPLY, [1, 1])
    schools = pts([0, 2], DEMAND, [0, 0])
    assert e2sfca(supply, schools, schools).tolist() == [0.0, 0.0]


def test_a_workplace_out_of_everyones_reach_contributes_nothing():
    near = pts([1, 2], SUPPLY, [1, 1])
    far = pts([1, 2, 80], SUPPLY, [1, 1, 1])
    school = pts([0], DEMAND, [4])
    assert e2sfca(far, school, school) == pytest.approx(e2sfca(near, school, school))
    assert e2sfca(far, school, school)[0] == pytest.approx(0.5)


def test_hexagon_centres_far_from_everything_get_zero():
    supply = pts([0], SUPPLY, [1])
    school = pts([0], DEMAND, [1])
    assert e2sfca(supply, school, pts([0, 30, 60])).tolist() == [1.0, 0.0, 0.0]


@pytest.mark.parametrize("weight", ["gaussian", "flat"])
@pytest.mark.parametrize("d0", [5.0, 12.0, 25.0])
def test_vectorised_e2sfca_agrees_with_the_plain_loop(weight, d0):
    rng = np.random.default_rng(4)
    supply = pts(list(rng.uniform(-20, 20, 25)), SUPPLY, rng.integers(1, 3, 25))
    supply[s.LNG] += rng.uniform(-0.2, 0.2, 25)
    demand = pts(list(rng.uniform(-20, 20, 8)), DEMAND, rng.integers(0, 9, 8))
    demand[s.LNG] += rng.uniform(-0.2, 0.2, 8)
    got = e2sfca(supply, demand, demand, d0, weight)
    want = plain_e2sfca(supply, demand, demand, d0, weight)
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-9)
    # Targets that are another frame (the pairs found twice) give the same answer.
    again = e2sfca(supply, demand, demand.copy(), d0, weight)
    np.testing.assert_allclose(again, want, rtol=0, atol=1e-9)


def test_pairs_within_includes_coincident_points_and_uses_great_circle_km():
    a = pts([0, 10.05])
    b = pts([0, 9.9, 10.2, 30])
    ia, ib, d = pairs_within(a, b, 10.0)
    got = sorted(zip(ia.tolist(), ib.tolist(), strict=True))
    assert got == [(0, 0), (0, 1), (1, 1), (1, 2)]
    assert d[(ia == 0) & (ib == 0)][0] == 0.0


coords = st.lists(
    st.tuples(st.floats(50.9, 51.1), st.floats(3.8, 4.2), st.integers(1, 5)),
    min_size=1,
    max_size=15,
)


def frame(rows, column):
    return pd.DataFrame(rows, columns=[s.LAT, s.LNG, column]).astype({column: float})


@settings(max_examples=40, deadline=None)
@given(coords, coords, st.floats(0.5, 4.0))
def test_scaling_supply_scales_every_accessibility(sup, dem, c):
    supply, demand = frame(sup, SUPPLY), frame(dem, DEMAND)
    base = e2sfca(supply, demand, demand, 10.0)
    scaled = supply.assign(**{SUPPLY: supply[SUPPLY] * c})
    np.testing.assert_allclose(
        e2sfca(scaled, demand, demand, 10.0), base * c, atol=1e-12
    )


@settings(max_examples=40, deadline=None)
@given(coords, coords, coords)
def test_adding_supply_never_lowers_accessibility(sup, more, dem):
    supply, demand = frame(sup, SUPPLY), frame(dem, DEMAND)
    bigger = pd.concat([supply, frame(more, SUPPLY)], ignore_index=True)
    before = e2sfca(supply, demand, demand, 10.0)
    after = e2sfca(bigger, demand, demand, 10.0)
    assert np.all(after >= before - 1e-12)


@settings(max_examples=30, deadline=None)
@given(coords, coords, st.randoms(use_true_random=False))
def test_row_order_changes_nothing(sup, dem, rnd):
    supply, demand = frame(sup, SUPPLY), frame(dem, DEMAND)
    order = list(range(len(demand)))
    rnd.shuffle(order)
    base = e2sfca(supply, demand, demand, 10.0)
    shuffled = e2sfca(
        supply.sample(frac=1, random_state=1),
        demand.iloc[order],
        demand.iloc[order],
        10.0,
    )
    np.testing.assert_allclose(shuffled, base[order], atol=1e-12)


@settings(max_examples=30, deadline=None)
@given(coords, coords)
def test_symmetric_flat_catchment_conserves_reachable_supply(sup, dem):
    # sum_i D_i A_i = sum over workplaces that reach any learner of s_k.
    supply, demand = frame(sup, SUPPLY), frame(dem, DEMAND)
    access = e2sfca(supply, demand, demand, 10.0, "flat")
    ik, _, _ = pairs_within(supply, demand, 10.0)
    reachable = supply[SUPPLY].to_numpy()[np.unique(ik)].sum()
    assert float((demand[DEMAND] * access).sum()) == pytest.approx(reachable)


def test_shortage_radius_on_a_line_of_two_schools():
    # School A at 0 km with 3 learners, school B at 4.8 km with 2 learners;
    # workplaces at 0.5, 2.5 and 4.5 km (one each) and 3 more at 11.5 km.
    schools = pts([0, 4.8]).assign(**{s.LEARNERS: [3, 2]})
    work = pts([0.5, 2.5, 4.5, 11.5, 11.5, 11.5], SUPPLY, [1] * 6)
    supply, learners = radius_profiles(schools, work, r_max_km=15)
    # A: S(1)=1, S(3)=2, S(5)=3, S(12)=6; D(r)=3 until B joins at r=5, then 5.
    assert supply[0, [0, 2, 4, 11]].tolist() == [1, 2, 3, 6]
    assert learners[0, [0, 3, 4]].tolist() == [3, 3, 5]
    # tau=1: A reaches S >= D first at r=12 (6 >= 5); B: S(1)=1 (4.5 km), D=2 ...
    radius = shortage_radius(supply, learners, tau=1.0)
    assert radius[0] == 12
    # B: S(1)=1 (0.3 km away) < D(1)=2; S(3)=2 (0.3 and 2.3 km away) >= D(3)=2 -> 3 km.
    assert radius[1] == 3
    assert np.isnan(shortage_radius(supply, learners, tau=10.0)).all()
