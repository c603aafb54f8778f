"""Within a radius: the KD-tree on 3-D points against a plain haversine loop."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from radar.kernel.geo import count_within, haversine_km, pairs_within


def _points(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {"lat": 50.7 + rng.random(n) * 0.8, "lng": 2.6 + rng.random(n) * 3.2}
    )


def _reference(a: pd.DataFrame, b: pd.DataFrame, r: float) -> dict:
    """Every pair within r km, by the haversine formula one pair at a time."""
    out = {}
    for i, j in itertools.product(range(len(a)), range(len(b))):
        d = float(haversine_km(a.lat[i], a.lng[i], b.lat[j], b.lng[j]))
        if d <= r:
            out[(i, j)] = d
    return out


@pytest.mark.parametrize("radius_km", [0.5, 5.0, 25.0, 80.0])
def test_pairs_within_are_exactly_the_haversine_pairs(radius_km):
    a, b = _points(60, 1), _points(90, 2)
    ia, ib, d = pairs_within(a, b, radius_km)
    got = dict(zip(zip(ia.tolist(), ib.tolist(), strict=True), d.tolist(), strict=True))
    want = _reference(a, b, radius_km)
    assert got.keys() == want.keys()
    assert max((abs(got[k] - want[k]) for k in want), default=0.0) < 1e-9


def test_a_pair_at_the_edge_of_flanders_is_not_lost_to_a_projection():
    # De Panne to Maaseik is about 200 km along 51 N; a flat projection true at
    # 50.8 N is off by ~0.5 % there, so a radius of exactly the haversine distance
    # must still hold the pair.
    a = pd.DataFrame({"lat": [51.0958], "lng": [2.5931]})
    b = pd.DataFrame({"lat": [51.0940], "lng": [5.7900]})
    d = float(haversine_km(a.lat[0], a.lng[0], b.lat[0], b.lng[0]))
    assert len(pairs_within(a, b, d + 1e-6)[0]) == 1
    assert len(pairs_within(a, b, d - 1e-3)[0]) == 0


def test_count_within_equals_the_pairs_summed_with_and_without_weights():
    a, b = _points(40, 3), _points(300, 4)
    ia, ib, _ = pairs_within(a, b, 12.0)
    plain = np.bincount(ia, minlength=len(a)).astype(float)
    assert count_within(a, b, 12.0).tolist() == plain.tolist()
    two = np.where(np.arange(len(b)) % 3 == 0, 0.5, 1.0)  # supply: 1 or related
    many = np.arange(len(b)) / 7.0  # more than a few distinct weights
    for w in (two, many):
        want = np.bincount(ia, weights=w[ib], minlength=len(a))
        assert count_within(a, b, 12.0, w) == pytest.approx(want, abs=1e-9)


def test_empty_inputs_give_empty_answers():
    none = pd.DataFrame({"lat": [], "lng": []})
    a = _points(3, 5)
    assert [len(x) for x in pairs_within(none, a, 5.0)] == [0, 0, 0]
    assert count_within(a, none, 5.0).tolist() == [0.0, 0.0, 0.0]
