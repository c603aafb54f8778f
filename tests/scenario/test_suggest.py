"""The best spot: the vectorised deltas agree with applying each candidate for real."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from world import LNG0, lat, schools, workplaces

from radar.kernel import schema as s
from radar.kernel.geo import pairs_within
from radar.kernel.hexgrid import points_to_cells
from radar.kernel.settings import Settings
from radar.scenario.apply import apply
from radar.scenario.changes import AddLesplaats, AddWorkplaces, Scenario, Spot
from radar.scenario.suggest import (
    BENEFIT,
    HARM,
    HIGHER,
    INTO_SHORTAGE,
    LOWER,
    NET,
    OUT_OF_SHORTAGE,
    SHORTFALL,
    suggest_lesplaats,
    suggest_workplaces,
)
from radar.supply_demand.catchment import DEMAND, SUPPLY, decay, e2sfca
from radar.supply_demand.ratios import CLASSES, classify

SETTINGS = Settings()
AS_OF = pd.Timestamp("2026-10-01")


def world(seed: int):
    rng = np.random.default_rng(seed)
    supply = workplaces(
        list(rng.uniform(-40, 40, 30)), list(rng.integers(1, 4, 30).astype(float))
    )
    supply[s.LNG] += rng.uniform(-0.15, 0.15, 30)
    demand = schools(list(rng.uniform(-40, 40, 7)), list(rng.integers(2, 30, 7)))
    demand[s.LNG] += rng.uniform(-0.15, 0.15, 7)
    km = rng.uniform(-60, 60, 25)
    candidates = pd.DataFrame(
        {
            "code": [f"c{i:02d}" for i in range(25)],
            "name": [f"kandidaat {i}" for i in range(25)],
            s.LAT: [lat(k) for k in km],
            s.LNG: LNG0 + rng.uniform(-0.3, 0.3, 25),
        }
    )
    return supply, demand, candidates


def spot_of(row) -> Spot:
    cell = str(points_to_cells(np.array([row[s.LAT]]), np.array([row[s.LNG]]))[0])
    return Spot(float(row[s.LAT]), float(row[s.LNG]), "11002", cell)


def rank_of(values):
    order = {c: i for i, c in enumerate(CLASSES)}
    return np.array([order[c] for c in classify(np.asarray(values), SETTINGS)])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_new_lesplaats_scores_equal_a_full_recomputation_per_candidate(seed):
    supply, demand, candidates = world(seed)
    n = 12
    got = suggest_lesplaats(supply, demand, candidates, n, SETTINGS, top=None)
    got = got.set_index("code")
    base_access = e2sfca(supply, demand, demand)
    d = demand[DEMAND].to_numpy()
    t = SETTINGS.ratio_krap  # accessibility counts up to "voldoende"
    for _, row in candidates.iterrows():
        change = AddLesplaats(spot_of(row), n)
        s1, d1 = apply(supply, demand, Scenario("P", AS_OF, (change,)))
        after = e2sfca(s1, d1, d1)
        benefit = n * min(after[-1], t)
        harm = float(
            (d * (np.minimum(base_access, t) - np.minimum(after[:-1], t))).sum()
        )
        assert got.loc[row["code"], "accessibility_new"] == pytest.approx(
            after[-1], abs=1e-12
        )
        want = got.loc[row["code"]]
        assert want[BENEFIT] == pytest.approx(benefit, abs=1e-9)
        assert want[HARM] == pytest.approx(harm, abs=1e-9)
        assert want[NET] == pytest.approx(benefit - harm, abs=1e-9)
        was, now = rank_of(base_access), rank_of(after[:-1])
        assert want[LOWER] == int((now < was).sum())
        assert want[INTO_SHORTAGE] == int(((now == 0) & (was > 0)).sum())


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_net_gain_is_the_supply_no_learner_reached_before(seed):
    # E2SFCA hands out every reached workplace once: without the cap, what the new
    # learners gain minus what the others lose is what nobody reached before.
    supply, demand, candidates = world(seed)
    got = suggest_lesplaats(
        supply, demand, candidates, 5, SETTINGS, top=None, cap=math.inf
    )
    ik, _, d = pairs_within(supply, demand, 25.0)
    reached = np.zeros(len(supply), bool)
    reached[ik[decay(d, 25.0) > 0]] = True
    ic, kc, dc = pairs_within(candidates, supply, 25.0)
    s_k = supply[SUPPLY].to_numpy()
    for c, code in enumerate(candidates["code"]):
        mine = kc[(ic == c) & (decay(dc, 25.0) > 0)]
        fresh = s_k[mine[~reached[mine]]].sum()
        assert got.set_index("code").loc[code, NET] == pytest.approx(fresh, abs=1e-9)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_new_workplace_scores_equal_a_full_recomputation_per_candidate(seed):
    supply, demand, candidates = world(seed)
    m = 7
    got = suggest_workplaces(supply, demand, candidates, m, SETTINGS, top=None)
    got = got.set_index("code")
    base_access = e2sfca(supply, demand, demand)
    d = demand[DEMAND].to_numpy()
    gap = np.maximum(0.0, SETTINGS.ratio_krap - base_access)
    for _, row in candidates.iterrows():
        sp = spot_of(row)
        change = AddWorkplaces(m, (Spot(sp.lat, sp.lng, sp.nis, sp.cell, m),))
        s1, d1 = apply(supply, demand, Scenario("P", AS_OF, (change,)))
        gain = e2sfca(s1, d1, d1) - base_access
        want = got.loc[row["code"]]
        assert want[SHORTFALL] == pytest.approx(
            float((d * np.minimum(gain, gap)).sum()), abs=1e-9
        )
        was, now = rank_of(base_access), rank_of(base_access + gain)
        assert want[HIGHER] == int((now > was).sum())
        assert want[OUT_OF_SHORTAGE] == int(((was == 0) & (now > 0)).sum())


def test_rankings_are_best_first_with_a_stable_tie_break():
    supply, demand, candidates = world(4)
    ranked = suggest_lesplaats(supply, demand, candidates, 10, SETTINGS, top=None)
    assert ranked["rank"].tolist() == list(range(1, 26))
    assert (
        ranked[NET].is_monotonic_decreasing
        or (np.diff(ranked[NET].round(9)) <= 0).all()
    )
    shuffled = candidates.sample(frac=1, random_state=3).reset_index(drop=True)
    again = suggest_lesplaats(supply, demand, shuffled, 10, SETTINGS, top=None)
    assert again["code"].tolist() == ranked["code"].tolist()
    assert len(suggest_lesplaats(supply, demand, candidates, 10, SETTINGS)) == 10


def test_bad_counts_are_refused_in_dutch():
    supply, demand, candidates = world(1)
    with pytest.raises(ValueError, match="leerlingen: 0 moet minstens 1 zijn"):
        suggest_lesplaats(supply, demand, candidates, 0, SETTINGS)
    with pytest.raises(ValueError, match="werkplekken"):
        suggest_workplaces(supply, demand, candidates, -3, SETTINGS)
