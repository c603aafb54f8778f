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
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

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


def as_text(
    frame: pd.DataFrame, digits: Mapping[str, int] | None = None
) -> list[object]:
    """Write, in place, every column holding a marker or a missing value as Dutch
    text (``digits``: a column's decimals by its name), and return those columns.

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
        written = column_text(numbers, col, (digits or {}).get(_leaf(col)))
        assert written is not None  # numbers are figures
        frame[col] = [
            v if isinstance(v, str) else text
            for v, text in zip(series.tolist(), written, strict=True)
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


def column_text(
    series: pd.Series, name: object, digits: int | None = None
) -> list[str] | None:
    """The Dutch display text of a figure column, written a whole column at a time
    (``radar.kernel.format.numbers``), or None for a column of no figures.

    ``digits`` decimals when given; else a percent column (name ending in ``%``)
    one, with `` %``; a column of whole numbers none; other numbers one. Missing
    values read ``-``.

    >>> column_text(pd.Series([-13.25, None]), "verschil %")
    ['-13,2 %', '-']
    >>> column_text(pd.Series([14892, 3]), "n"), column_text(pd.Series([0.5]), "r", 2)
    (['14.892', '3'], ['0,50'])
    >>> column_text(pd.Series(["Gent"]), "gemeente") is None
    True
    """
    if not is_numeric(series):
        return None
    values = series.to_numpy(dtype=float, na_value=np.nan)
    percent = _leaf(name).endswith("%")
    if digits is None:
        known = values[~np.isnan(values)]
        whole = bool(np.all(np.mod(known, 1) == 0))
        digits = 1 if percent or not whole else 0
    texts = fmt.numbers(values, digits)
    if percent:
        texts = [t if t == fmt.MISSING else f"{t} %" for t in texts]
    return texts


def written(frame: pd.DataFrame, texts: Mapping[int, list[str]]) -> Styler:
    """A Styler whose display text is written beforehand, a whole column at a time
    (``texts``: by column position; other columns show their values as they are).

    Streamlit shows a Styler's display text per cell and sorts by the cell's value;
    pandas builds that text through ``_compute``/``_translate`` one cell at a time
    (about 130 ms for 3,000 rows of five columns). Here ``_translate`` only hands
    over the text already written and there are no cell styles. Streamlit accepts
    only a ``Styler`` itself (it checks the type's name), so the two steps are
    replaced on the instance rather than in a subclass.
    """
    styler = frame.style
    columns = list(texts.items())

    def translate(*args: Any, **kwargs: Any) -> dict[str, Any]:
        body = [
            [{"id": f"row{r}_col{c}", "display_value": text[r]} for c, text in columns]
            for r in range(len(frame))
        ]
        return {"body": body, "cellstyle": [], "table_styles": []}

    styler._compute = lambda: styler  # type: ignore[method-assign]
    styler._translate = translate  # type: ignore[method-assign]
    return styler


def styled(frame: pd.DataFrame, digits: Mapping[str, int] | None = None) -> Styler:
    """A Styler that shows every figure of ``frame`` the Dutch way (values kept),
    the text written a column at a time (``column_text``, ``written``); ``digits``
    gives a column's decimals by its (lower) name."""
    digits = digits or {}
    frame = frame.reset_index(drop=True)
    texts: dict[int, list[str]] = {}
    for i, col in enumerate(frame.columns):
        series = frame[col]
        if i == 0:
            if is_numeric(series):
                texts[i] = [str(v) for v in series.tolist()]
            continue
        text = column_text(series, col, digits.get(_leaf(col)))
        if text is not None:
            texts[i] = text
    return written(frame, texts)


def dutch_table(frame: pd.DataFrame, digits: Mapping[str, int] | None = None) -> Styler:
    """A Styler for a plain ``st.dataframe`` (``show`` is the full grid): numbers
    the Dutch way (``1.234,5``; ``digits`` gives a column's decimals, other float
    columns get one, whole columns none), flags ``ja``/``nee`` and missing values
    ``-``. Figures keep their values (columns sort as numbers); a figure column
    with a missing value, a flag column and a text column with a missing value
    become Dutch text, since Streamlit draws a missing cell as ``None`` and a flag
    as a check box whatever the display text."""
    frame = frame.reset_index(drop=True).copy()
    _fill_text(frame, first=True)
    for col in frame.columns:
        if pd.api.types.is_bool_dtype(frame[col]):
            frame[col] = [fmt.yes_no(v) for v in frame[col].tolist()]
        elif is_numeric(frame[col]) and frame[col].isna().any():
            text = column_text(frame[col], col, (digits or {}).get(_leaf(col)))
            frame[col] = text
    return styled(frame, digits)


def _fill_text(frame: pd.DataFrame, first: bool = False) -> None:
    """Write, in place, missing cells of text columns as ``-`` (not ``None``)."""
    for col in frame.columns[0 if first else 1 :]:
        series = frame[col]
        if is_numeric(series) or pd.api.types.is_bool_dtype(series):
            continue
        if pd.api.types.is_datetime64_any_dtype(series) or _is_dates(series):
            continue
        if series.isna().any():
            frame[col] = series.astype(object).where(series.notna(), fmt.MISSING)


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
    width: Literal["stretch", "content"] | int = "stretch",
    digits: Mapping[str, int] | None = None,
    height: int | None = None,
    widths: Mapping[str, int] | None = None,
    **kwargs: Any,
) -> Any:
    """Show a table with Dutch figures, first column (and ``Eindtotaal``) pinned.

    ``frame`` may have grouped headers (``group_headers``). ``help`` gives a
    column's header tooltip by its (lower) name, ``digits`` its decimals and
    ``widths`` its width; ``height`` overrides the height of ``max_rows`` rows;
    other keyword arguments go to ``st.dataframe`` (``on_select``,
    ``selection_mode``, ``row_height``, ...). Returns what ``st.dataframe`` returns.
    """
    kwargs.setdefault("placeholder", fmt.MISSING)  # a missing cell never reads None
    if frame.empty or len(frame.columns) == 0:
        return st.dataframe(frame, hide_index=True, key=key, width=width, **kwargs)
    frame = frame.reset_index(drop=True)
    label = frame.columns[0]
    if len(frame) > max_rows and pin_total and frame[label].iloc[-1] == TOTAL:
        frame = frame.iloc[[len(frame) - 1, *range(len(frame) - 1)]]
        frame = frame.reset_index(drop=True)
    texts = {_leaf(c) for c in as_text(frame, digits)}
    _fill_text(frame)
    tips, sizes = help or {}, widths or {}
    config: dict[str, Any] = {}
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
            width=sizes.get(name)
            or (label_width(frame[label].tolist(), name) if first else None),
            help=tips.get(name),
            alignment="right" if name in texts else None,
        )
    return st.dataframe(
        styled(frame, digits),
        hide_index=True,
        width=width,
        height=height or height_for(len(frame), max_rows, frame.columns.nlevels),
        column_config=config,
        key=key,
        **kwargs,
    )
