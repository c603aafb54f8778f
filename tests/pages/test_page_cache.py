"""``ui.page_cache.per_object``: once per live object, never another object's value."""

from __future__ import annotations

import gc

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
