"""Cached Evolutie results (Tabellen) and the Overzicht's totals since the first data.

Kept apart from ``ui/cache.py`` so the Overzicht's first run imports nothing heavy:
``radar.policy.trend`` is imported inside the cached functions.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui import cache


@st.cache_data(show_spinner="Evolutie berekenen…", max_entries=16)
def trend(path: str, start, end, step: str, by: str, k: int):
    """Cached ``radar.policy.trend.build_trend`` for the dataset at ``path``,
    counted from the dataset's date index."""
    from radar.policy import trend as tr

    request = tr.TrendRequest(pd.Timestamp(start), pd.Timestamp(end), step, by, k)
    return tr.build_trend(cache._dataset(path), request, cache.policy_index(path))


def trend_xlsx(path: str, result) -> bytes:
    """The workbook of a trend, one sheet per measure (not cached: it is dated)."""
    from radar.kernel.export import to_xlsx_bytes
    from radar.policy import trend as tr

    return to_xlsx_bytes(tr.trend_sheets(result, cache._dataset(path)))


def trend_text(path: str, result, measure: str) -> str:
    """One measure of a trend as tab-separated text with title and notes."""
    from radar.policy import trend as tr

    return tr.trend_text(result, measure, cache._dataset(path))


@st.cache_data(show_spinner=False, max_entries=4)
def yearly_totals(path: str) -> pd.DataFrame:
    """Recognitions, establishments, lesplaatsen and learners on 1 October of every
    year since the first data (the learner count day), up to the extract date."""
    from radar.kernel.calendar import coverage
    from radar.policy import trend as tr

    ds = cache._dataset(path)
    cov = coverage(ds)
    first = pd.Timestamp(year=cov.first_date.year, month=10, day=1)
    if first < cov.first_date:
        first = pd.Timestamp(year=first.year + 1, month=10, day=1)
    dates = tr.trend_dates(first, cov.extract_date, "year")
    return tr.totals(ds, dates)
