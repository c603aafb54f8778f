"""``ui.page_cache.per_object``: once per live object, never another object's value."""

from __future__ import annotations

import gc

import h3
import pandas as pd

from ui.page_cache import per_object


def test_a_value_is_built_once_per_object():
    calls = []

    def build(frame):
        calls.append(1)
        return len(frame)

    a, b = pd.DataFrame({"x": [1, 2]}), pd.DataFrame({"x": [1, 2, 3]})
    assert [per_object(a, build), per_object(a, build), per_object(b, build)] == [
        2,
        2,
        3,
    ]
    assert len(calls) == 2


def test_an_object_that_died_never_lends_its_value_to_a_new_one():
    def build(frame):
        return frame["x"].sum()

    for n in range(50):  # new frames often reuse a dead frame's id
        frame = pd.DataFrame({"x": [n]})
        assert per_object(frame, build) == n
        del frame
        gc.collect()


def test_cells_are_named_inside_and_outside_the_cover(demo):
    from radar.kernel.placenames import cell_municipalities
    from radar.supply_demand.analysis import prepare
    from ui.page_cache import name_cells

    prep = prepare(demo)
    inside = list(prep.cell_nis.index[:3])
    # In the North Sea and in Germany: no data there, so outside the cover.
    outside = [h3.latlng_to_cell(51.5, 2.5, 7), h3.latlng_to_cell(50.5, 6.2, 7)]
    assert not set(outside) & set(prep.cell_nis.index)
    codes = [*inside, *outside, outside[0]]
    expected = cell_municipalities(codes, prep.cell_nis, prep.municipalities)["name"]
    assert list(name_cells(codes, prep)) == list(expected)
    assert list(name_cells(codes, prep)) == list(expected)  # from the kept names
