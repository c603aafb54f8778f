"""Dutch numbers written many at once agree with the one-at-a-time formatter."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from radar.kernel.format import MISSING, number, numbers

VALUES = [
    0.0,
    -0.0,
    0.4,
    -0.4,
    0.5,
    1.5,
    2.5,
    12.0,
    0.15789473684210525,
    1234.56,
    -13.25,
    14892.0,
    1_234_567.891,
    -9_876_543.21,
    float("nan"),
    None,
]


@pytest.mark.parametrize("digits", [0, 1, 2, 3])
@pytest.mark.parametrize("sign", [False, True])
def test_numbers_writes_every_value_as_number_does(digits, sign):
    expected = [number(v, digits, sign) for v in VALUES]
    assert numbers(VALUES, digits, sign) == expected


def test_numbers_takes_arrays_series_with_gaps_and_integers():
    assert numbers(np.array([14892, -3])) == ["14.892", "-3"]
    assert numbers(pd.Series([1.25, None], dtype="Float64"), 1) == ["1,2", MISSING]
    assert numbers(pd.Series([1234.5, np.nan]), 2) == ["1.234,50", MISSING]
    assert numbers([]) == []


def test_numbers_is_the_dutch_form_of_known_values():
    assert numbers([14892, 1234.5, -13.25], 1) == ["14.892,0", "1.234,5", "-13,2"]
