"""Scenarios on hand-made worlds, with every answer worked out on paper."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from world import schools, spot, w, workplaces

from radar.kernel.geo import pairs_within
from radar.kernel.settings import Settings
from radar.scenario.apply import apply
from radar.scenario.changes import (
    AddLesplaats,
    AddWorkplaces,
    CloseLesplaats,
    DropExpiring,
    Scenario,
    SetLearners,
)
from radar.scenario.compare import compare, evaluate
from radar.supply_demand.catchment import DEMAND, SUPPLY, decay, e2sfca
from radar.supply_demand.locations import location_metrics

AS_OF = pd.Timestamp("2026-10-01")
EXACT = 1e-12


def scenario(*changes) -> Scenario:
    return Scenario("P", AS_OF, tuple(changes))


def access(supply, demand):
    return location_metrics(supply, demand).set_index("id")["accessibility"]


def test_a_new_lesplaats_next_to_an_existing_one_halves_what_each_can_draw():
    # A pool of 12 workplaces at 0 km; school A (10 learners) at -1 km. Alone, A
    # draws the whole pool: r = 12 / (10 W(1)), A_A = r W(1) = 1.2. A new lesplaats
    # with 10 learners at +1 km, as far from the pool, shares it:
    # r = 12 / (10 W(1) + 10 W(1)), so each gets 0.6, half.
    supply = workplaces([0.0], [12.0])
    demand = schools([-1.0], [10], ["A"])
    before = access(supply, demand)
    assert before["A"] == pytest.approx(1.2, abs=EXACT)
    s1, d1 = apply(supply, demand, scenario(AddLesplaats(spot(1.0), 10)))
    after = access(s1, d1)
    assert after["A"] == pytest.approx(before["A"] / 2, abs=EXACT)
    assert after["nieuw-1"] == pytest.approx(before["A"] / 2, abs=EXACT)
    # The workplaces in reach do not change: the same pool, now shared.
    metrics = location_metrics(s1, d1).set_index("id")
    assert metrics["workplaces_within_radius"].tolist() == [12.0, 12.0]


def test_a_new_workplace_between_two_schools_raises_both_by_the_computed_amounts():
    # A (8 learners) at 0 km, B (4 learners) at 10 km; 5 workplaces at 30 km reach
    # B only. One new workplace at 4 km: 4 km from A, 6 km from B, so
    # r_new = 1 / (8 W(4) + 4 W(6)); A gains r_new W(4), B gains r_new W(6). The
    # old workplaces keep their r_k: the demand did not change.
    supply = workplaces([30.0] * 5)
    demand = schools([0.0, 10.0], [8, 4], ["A", "B"])
    before = access(supply, demand)
    s1, d1 = apply(supply, demand, scenario(AddWorkplaces(1, (spot(4.0),))))
    after = access(s1, d1)
    r_new = 1 / (8 * w(4) + 4 * w(6))
    assert after["A"] - before["A"] == pytest.approx(r_new * w(4), abs=EXACT)
    assert after["B"] - before["B"] == pytest.approx(r_new * w(6), abs=EXACT)
    assert before["A"] == 0.0  # 30 km is beyond A's catchment


def test_closing_a_school_redistributes_exactly_its_share():
    # A (10) at 0 km, B (6) at 3 km, C (4) at 8 km; workplaces at 1, 2, 5, 7 km are
    # all within 25 km of A and C, so once B closes they still reach learners and
    # hand out all they have: B's D_B A_B goes, to the workplace, to A and C.
    supply = workplaces([1.0, 2.0, 5.0, 7.0], [3.0, 1.0, 2.0, 4.0])
    demand = schools([0.0, 3.0, 8.0], [10, 6, 4], ["A", "B", "C"])
    before = access(supply, demand)
    s1, d1 = apply(supply, demand, scenario(CloseLesplaats("B")))
    after = access(s1, d1)
    learners = {"A": 10, "B": 6, "C": 4}
    share_b = learners["B"] * before["B"]
    gained = sum(learners[j] * (after[j] - before[j]) for j in ("A", "C"))
    assert gained == pytest.approx(share_b, abs=1e-10)
    assert sum(learners[j] * after[j] for j in ("A", "C")) == pytest.approx(10.0)
    assert "B" not in after.index


def test_more_learners_lower_everyones_accessibility_and_take_a_larger_share():
    # Adding demand never raises an accessibility; B's 15 learners now draw more of
    # the shared pool in total (D_B A_B) than its 5 did.
    supply = workplaces([0.0, 2.0])
    demand = schools([0.0, 1.0], [5, 5], ["A", "B"])
    before = access(supply, demand)
    s1, d1 = apply(supply, demand, scenario(SetLearners("B", 15)))
    after = access(s1, d1)
    assert after["A"] < before["A"] and after["B"] < before["B"]
    assert 15 * after["B"] > 5 * before["B"]
    assert d1.set_index("id").loc["B", "learners"] == 15


def test_an_unknown_lesplaats_is_refused_in_dutch():
    supply, demand = workplaces([0.0]), schools([0.0], [5], ["A"])
    with pytest.raises(ValueError, match="onbekende lesplaats 'X'"):
        apply(supply, demand, scenario(CloseLesplaats("X")))


def test_apply_changes_neither_input_frame():
    supply, demand = workplaces([0.0, 1.0]), schools([0.0], [5], ["A"])
    s0, d0 = supply.copy(), demand.copy()
    apply(
        supply,
        demand,
        scenario(
            AddLesplaats(spot(2.0), 3),
            SetLearners("A", 9),
            AddWorkplaces(4, (spot(3.0, 4.0),)),
            DropExpiring(pd.Timestamp("2027-01-01"), (("W0", 0.0),)),
        ),
    )
    pd.testing.assert_frame_equal(supply, s0)
    pd.testing.assert_frame_equal(demand, d0)


WORLD = (
    workplaces([-6.0, 0.5, 3.0, 9.0, 14.0], [2.0, 1.0, 3.0, 1.0, 5.0]),
    schools([0.0, 4.0, 11.0], [7, 3, 12], ["A", "B", "C"]),
)


@pytest.mark.parametrize(
    "changes",
    [
        # a lesplaats added, then closed again
        (AddLesplaats(spot(2.0), 20), CloseLesplaats("nieuw-1")),
        # learners changed, then changed back
        (SetLearners("B", 30), SetLearners("B", 3)),
        # workplaces added, then lapsing
        (
            AddWorkplaces(6, (spot(5.0, 6.0),)),
            DropExpiring(pd.Timestamp("2027-01-01"), (("nieuw-werkplek-1-1", 0.0),)),
        ),
    ],
    ids=["lesplaats", "learners", "workplaces"],
)
def test_applying_and_removing_a_change_gives_back_the_original_numbers(changes):
    supply, demand = WORLD
    s1, d1 = apply(supply, demand, scenario(*changes))
    before = location_metrics(supply, demand)
    after = location_metrics(s1, d1)
    for col in ("accessibility", "workplaces_within_radius", "tekortstraal_km"):
        np.testing.assert_allclose(after[col], before[col], rtol=0, atol=EXACT)
    # And a scenario without its change is the data itself.
    one = scenario(changes[0])
    s2, d2 = apply(supply, demand, one.without(0))
    pd.testing.assert_frame_equal(s2, supply)
    pd.testing.assert_frame_equal(d2, demand)


def test_compare_on_a_world_says_who_comes_out_of_tekort(reference):
    # A (10 learners) has 5 workplaces at 0 km: 0.5 per learner, tekort. Ten more
    # at A's spot give 1.5 per learner: krap.
    supply = workplaces([0.0], [5.0])
    demand = schools([0.0, 40.0], [10, 2], ["A", "B"])
    municipalities = reference["municipalities"]
    base_ = evaluate(supply, demand, municipalities, "gemeente", Settings())
    s1, d1 = apply(supply, demand, scenario(AddWorkplaces(10, (spot(0.0, 10.0),))))
    after = evaluate(s1, d1, municipalities, "gemeente", Settings())
    result = compare(base_, after)
    assert result.headline == "1 lesplaats komt uit tekort."
    row = result.changed.iloc[0]
    assert (row["location_id"], row["class_before"], row["class_after"]) == (
        "A",
        "tekort",
        "krap",
    )
    assert row["accessibility_after"] == pytest.approx(1.5, abs=EXACT)
    area = result.areas.set_index("code").loc["11002"]
    assert (area["supply_before"], area["supply_after"]) == (5.0, 15.0)


coords = st.lists(st.floats(-30, 30), min_size=1, max_size=10)
counts = st.integers(1, 30)


@settings(max_examples=40, deadline=None)
@given(coords, coords, st.floats(-30, 30), counts, st.floats(-30, 30), counts)
def test_total_accessibility_is_conserved_where_the_e2sfca_conserves_it(
    work, school, new_school, n, new_work, m
):
    # sum_j D_j A_j = the supply of the workplaces that reach at least one learner
    # (W > 0), before and after any change: E2SFCA hands each of them out once.
    supply = workplaces(work)
    demand = schools(school, [3] * len(school))
    s1, d1 = apply(
        supply,
        demand,
        scenario(
            AddLesplaats(spot(new_school), n), AddWorkplaces(m, (spot(new_work, m),))
        ),
    )
    for sup, dem in ((supply, demand), (s1, d1)):
        a = e2sfca(sup, dem, dem)
        ik, _, d = pairs_within(sup, dem, 25.0)
        reached = np.unique(ik[decay(d, 25.0) > 0])
        total = sup[SUPPLY].to_numpy()[reached].sum()
        assert float((dem[DEMAND] * a).sum()) == pytest.approx(total, abs=1e-9)
