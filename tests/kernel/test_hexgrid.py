"""H3 helpers: known cells, parents, totals preserved, k-ring smoothing."""

from __future__ import annotations

import h3
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from radar.kernel.hexgrid import (
    aggregate_to_cells,
    cell_centres,
    cells_to_parent,
    points_to_cells,
    smooth,
)

ANTWERPEN = (51.2194, 4.4025)


@pytest.mark.parametrize("res", range(0, 16))
def test_points_to_cells_agrees_with_h3_at_every_resolution(res):
    cell = points_to_cells(np.array([ANTWERPEN[0]]), np.array([ANTWERPEN[1]]), res)[0]
    assert cell == h3.latlng_to_cell(*ANTWERPEN, res)
    assert h3.get_resolution(cell) == res


def test_a_k2_disk_smooths_one_value_over_nineteen_cells():
    cell = h3.latlng_to_cell(*ANTWERPEN, 7)
    out = smooth(pd.Series({cell: 19.0}), 2)
    assert len(out) == 1 + 6 + 12
    assert out.sum() == pytest.approx(19.0)
    assert out[cell] == pytest.approx(1.0)
    assert smooth(pd.Series({cell: 5.0}), 0).to_dict() == {cell: 5.0}


points = st.lists(
    st.tuples(st.floats(50.9, 51.1), st.floats(3.9, 4.1), st.integers(0, 9)),
    min_size=1,
    max_size=30,
)


@settings(max_examples=40, deadline=None)
@given(points, st.integers(6, 8))
def test_aggregating_and_rolling_up_preserve_totals(rows, res):
    lat, lng, val = (np.array(c, dtype=float) for c in zip(*rows, strict=True))
    cells = points_to_cells(lat, lng, 8)
    per_cell = aggregate_to_cells(cells, val, res)
    assert per_cell.sum() == pytest.approx(val.sum())
    assert all(
        h3.is_valid_cell(c) and h3.get_resolution(c) == res for c in per_cell.index
    )
    coarse = aggregate_to_cells(np.array(per_cell.index), per_cell.to_numpy(), 6)
    assert coarse.sum() == pytest.approx(val.sum())
    assert smooth(per_cell, 1).sum() == pytest.approx(val.sum())


def test_parents_and_centres_of_known_cells():
    assert cells_to_parent(np.array(["881fa4c581fffff"]), 6)[0] == "861fa4c5fffffff"
    lat, lng = cell_centres(["881fa4c581fffff"])
    assert h3.latlng_to_cell(lat[0], lng[0], 8) == "881fa4c581fffff"
