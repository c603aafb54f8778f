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


APP_TIMEOUT_S = 120


def open_page(page: str, **params: str):
    """Run the app in AppTest with ``params`` in the URL, switch to ``page`` (a path
    under views/), and assert it raised nothing."""
    from streamlit.testing.v1 import AppTest

    from radar.kernel.paths import REPO_ROOT

    at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=APP_TIMEOUT_S)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page != "views/overview.py":
        at.switch_page(page)
        at.run()
    assert not at.exception, at.exception
    return at


def param(at, name: str) -> str:
    """One query parameter of an AppTest run, as a string."""
    value = at.query_params[name]
    return value[0] if isinstance(value, list) else value


def metric(at, label: str) -> str:
    """The value of the metric with ``label``."""
    return next(m.value for m in at.metric if m.label == label)
