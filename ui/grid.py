"""Tables on the page: Dutch numbers, the label column pinned, totals in view.

``show(frame, key=...)`` is the one way a page shows a DataFrame of figures.

Why a Styler and not ``st.column_config.NumberColumn(format=...)``: Streamlit's number
formats are either printf (``"%,d"`` gives ``1,234``, English separators) or
``"localized"`` (the *browser's* locale: ``1,234`` in an English browser). Neither gives
``14.892`` and ``-13,2 %`` for everyone. A pandas Styler carries display text per cell
while the cell keeps its number, so the grid shows ``radar.kernel.format``'s text and
still sorts by value (numbers sort as numbers, not as text). Cells that hold a
suppression marker (``<5``, ``x``) are missing numbers shown with their marker; they
sort with the missing values.

Flags read ``ja``/``nee``; dates ``DD-MM-YYYY`` (a DateColumn, so they sort as
dates). The first column (the labels) is pinned and as wide as its longest label, so
a region or programme name is never cut off and stays in view while scrolling right; an
``Eindtotaal`` column is pinned next to it. A table longer than ``max_rows`` shows its
``Eindtotaal`` row first, so the total is in view without scrolling.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd
import streamlit as st

from radar.kernel import format as fmt

TOTAL = "Eindtotaal"
ROW_PX = 35
HEADER_PX = 38
CHAR_PX = 7.6
"""About the width of one character of the grid's font, in pixels."""


def label_width(values: Sequence[object], header: object = "") -> int:
    """Pixels a column needs to show its longest value (or header) uncut.

    >>> label_width(["Provincie West-Vlaanderen"], "provincie")
    214
    """
    longest = max([len(str(header)), *(len(str(v)) for v in values)], default=0)
    return int(longest * CHAR_PX + 24)


def formatter(series: pd.Series, name: object) -> Callable[[object], str]:
    """The Dutch display function of a column (by its values and its name).

    Percent columns (name ending in ``%``) read ``-13,2 %``; other decimals get one
    decimal, whole numbers none; booleans ``ja``/``nee``; dates ``DD-MM-YYYY``.

    >>> formatter(pd.Series([-13.25]), "verschil %")(-13.25)
    '-13,2 %'
    >>> formatter(pd.Series([14892]), "erkenningen")(14892)
    '14.892'
    >>> formatter(pd.Series([True]), "verlengd")(True)
    'ja'
    """
    text = str(name[-1] if isinstance(name, tuple) else name)
    if pd.api.types.is_bool_dtype(series):
        return fmt.yes_no
    if pd.api.types.is_datetime64_any_dtype(series):
        return fmt.date
    if text.endswith("%"):
        return fmt.percent
    values = pd.to_numeric(series, errors="coerce").dropna()
    whole = values.empty or bool(np.all(np.mod(values.to_numpy(float), 1) == 0))
    digits = 0 if whole else 1
    return lambda v: fmt.number(v, digits)  # type: ignore[arg-type]


def as_text(frame: pd.DataFrame) -> list[object]:
    """Write, in place, every column holding a marker or a missing value as Dutch
    text, and return those columns.

    Streamlit shows a missing cell as ``None`` whatever its display text, so such a
    column (a suppressed ``<5`` / ``x``, a ``verschil %`` without base) is shown as
    right-aligned text; it then sorts as text, every other figure column as numbers.

    >>> f = pd.DataFrame({"g": ["a", "b"], "n": pd.Series([1234, "<5"], dtype=object)})
    >>> as_text(f), f["n"].tolist()
    (['n'], ['1.234', '<5'])
    """
    converted = []
    for col in frame.columns[1:]:
        series = frame[col]
        if pd.api.types.is_datetime64_any_dtype(series) or _is_dates(series):
            continue  # shown by a DateColumn as DD-MM-YYYY, sorted as dates
        if pd.api.types.is_bool_dtype(series):
            frame[col] = [fmt.yes_no(v) for v in series.tolist()]
            continue
        if series.dtype != object and not series.isna().any():
            continue
        numbers = pd.to_numeric(series, errors="coerce")
        if numbers.notna().all():
            frame[col] = numbers
            continue
        if not numbers.notna().any() and not all(map(_is_marker, series.dropna())):
            continue  # a text column (names), not figures
        write = formatter(numbers, col)
        frame[col] = [
            v if isinstance(v, str) else write(n)
            for v, n in zip(series.tolist(), numbers.tolist(), strict=True)
        ]
        converted.append(col)
    return converted


def _is_marker(value: object) -> bool:
    """Tell whether a cell is a suppression marker (``<5``, ``x``) or a dash.

    >>> _is_marker("<5"), _is_marker("x"), _is_marker("Gent")
    (True, True, False)
    """
    text = str(value)
    return text in ("x", "-") or (text.startswith("<") and text[1:].isdigit())


def _is_dates(series: pd.Series) -> bool:
    """Tell whether an object column holds dates (``datetime.date``).

    >>> _is_dates(pd.Series([dt.date(2022, 2, 7), None]))
    True
    """
    if series.dtype != object:
        return False
    values = series.dropna()
    return not values.empty and all(isinstance(v, dt.date) for v in values[:50])


def is_numeric(series: pd.Series) -> bool:
    """Tell whether a column holds figures (numbers, not flags).

    >>> is_numeric(pd.Series([1, 2])), is_numeric(pd.Series([True]))
    (True, False)
    """
    dtype = series.dtype
    return pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(
        dtype
    )


def styled(frame: pd.DataFrame):
    """A Styler that shows every figure of ``frame`` the Dutch way (values kept)."""
    styler = frame.style
    label = frame.columns[0]
    for col in frame.columns[1:]:
        series = frame[col]
        if is_numeric(series):
            styler = styler.format(formatter(series, col), subset=[col])
    if is_numeric(frame[label]):
        styler = styler.format(str, subset=[label])
    return styler


def group_headers(frame: pd.DataFrame, measures: Sequence[str]) -> pd.DataFrame:
    """Group comparison headers under their measure: ``erkenningen 07-02-2022``
    becomes ``2022`` under ``erkenningen`` (two header rows).

    Dates shorten to their year when every date of the table falls in a different
    year; ``verschil %`` becomes ``%``. Columns of no measure keep their name.

    >>> f = pd.DataFrame(columns=["p", "n 07-02-2021", "n 07-02-2022", "n verschil",
    ...                           "n verschil %"])
    >>> [c[1] for c in group_headers(f, ["n"]).columns]
    ['p', '2021', '2022', 'verschil', '%']
    """
    parts: list[tuple[str, str]] = []
    for c in frame.columns:
        m = next((m for m in measures if str(c).startswith(f"{m} ")), None)
        parts.append(("", str(c)) if m is None else (m, str(c)[len(m) + 1 :]))
    periods = {r for m, r in parts if m and r not in ("verschil", "verschil %")}
    years = {p: p[-4:] for p in periods if len(p) == 10 and p[2] == "-"}
    by_year = len(set(years.values())) == len(years) == len(periods)
    short = {"verschil %": "%", **(years if by_year else {})}
    out = frame.copy()
    out.columns = pd.MultiIndex.from_tuples(
        [(m, short.get(r, r) if m else r) for m, r in parts]
    )
    return out


def height_for(rows: int, max_rows: int, headers: int = 1) -> int:
    """Pixels that show ``rows`` rows (at most ``max_rows``) and the header rows.

    >>> height_for(7, 20), height_for(200, 20), height_for(7, 20, headers=2)
    (286, 741, 321)
    """
    return HEADER_PX + ROW_PX * (min(rows, max_rows) + headers - 1) + 3


def _leaf(col: object) -> str:
    """The name a column is configured by (the lower header of a grouped one)."""
    return str(col[-1] if isinstance(col, tuple) else col)


def show(
    frame: pd.DataFrame,
    *,
    key: str,
    max_rows: int = 20,
    pin_total: bool = True,
    help: Mapping[str, str] | None = None,
    width: str | int = "stretch",
    **kwargs: object,
):
    """Show a table with Dutch figures, first column (and ``Eindtotaal``) pinned.

    ``frame`` may have grouped headers (``group_headers``). ``help`` gives a
    column's header tooltip by its (lower) name; other keyword arguments go to
    ``st.dataframe`` (``on_select``, ``selection_mode``, ...). Returns what
    ``st.dataframe`` returns.
    """
    if frame.empty or len(frame.columns) == 0:
        return st.dataframe(frame, hide_index=True, key=key, width=width, **kwargs)
    frame = frame.reset_index(drop=True)
    label = frame.columns[0]
    if len(frame) > max_rows and pin_total and frame[label].iloc[-1] == TOTAL:
        frame = frame.iloc[[len(frame) - 1, *range(len(frame) - 1)]]
        frame = frame.reset_index(drop=True)
    texts = {_leaf(c) for c in as_text(frame)}
    tips = help or {}
    config: dict[str, object] = {}
    for col in frame.columns:
        name = _leaf(col)
        first = col == label
        if _is_dates(frame[col]) or pd.api.types.is_datetime64_any_dtype(frame[col]):
            config[name] = st.column_config.DateColumn(
                name, format="DD-MM-YYYY", help=tips.get(name)
            )
            continue
        config[name] = st.column_config.Column(
            name,
            pinned=first or (pin_total and name == TOTAL),
            width=label_width(frame[label].tolist(), name) if first else None,
            help=tips.get(name),
            alignment="right" if name in texts else None,
        )
    return st.dataframe(
        styled(frame),
        hide_index=True,
        width=width,
        height=height_for(len(frame), max_rows, frame.columns.nlevels),
        column_config=config,
        key=key,
        **kwargs,
    )
