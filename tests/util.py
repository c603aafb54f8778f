"""Assertion helpers shared by the tests."""

from __future__ import annotations

import pandas as pd


def assert_frames_equal_unordered(
    a: pd.DataFrame, b: pd.DataFrame, by: list[str]
) -> None:
    """Assert two frames hold the same rows, whatever their order."""
    pd.testing.assert_frame_equal(
        a.sort_values(by).reset_index(drop=True),
        b.sort_values(by).reset_index(drop=True),
    )
