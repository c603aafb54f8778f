"""Strict dates and bounded counts: nothing rolls over, nothing overflows.

A date is read by its parts (day, month, year) and accepted only when that day exists
and its year is plausible: ``31-02-2020`` is refused, never 2 March (strptime in
pyarrow and C rolls it over). A count is a whole number written as digits, at most
``MAX_COUNT``; anything else (``1e300``, ``9223372036854775808``, ``1.000``) is refused
with its reason, row by row.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from radar.kernel.format import number

# (pattern, order of the captured parts), tried in this order
DMY_DASH = (r"^(\d{1,2})-(\d{1,2})-(\d{4})$", "dmy")
DMY_SLASH = (r"^(\d{1,2})/(\d{1,2})/(\d{4})$", "dmy")
YMD_DASH = (r"^(\d{4})-(\d{1,2})-(\d{1,2})$", "ymd")
DMY_DOT = (r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$", "dmy")
ALL_FORMATS = (DMY_DASH, DMY_SLASH, YMD_DASH, DMY_DOT)
KBO_FORMATS = (DMY_DASH,)
YEARS = (1800, 2199)
"""Plausible years; outside them a date is a typo or a placeholder (``31-12-9999``)."""
MAX_COUNT = 10_000
"""Largest count of learners (or running agreements) one input row may hold."""

NOT_A_DATE = "geen geldige datum (verwacht DD-MM-JJJJ)"
NO_SUCH_DAY = "deze dag bestaat niet"
YEAR_OUT = f"jaar buiten {YEARS[0]}-{YEARS[1]}"
NOT_A_COUNT = "geen aantal (geheel getal >= 0)"
TOO_BIG = f"onwaarschijnlijk groot aantal (meer dan {number(MAX_COUNT)})"


def parse_dates(
    values: pd.Series, formats: tuple[tuple[str, str], ...] = ALL_FORMATS
) -> tuple[pd.Series, pd.Series]:
    """Parse text dates strictly; return the dates and, per row, why it failed.

    Empty text gives ``NaT`` without a reason. The reason is ``None`` for a good or
    empty value.

    >>> d, why = parse_dates(pd.Series(["31-02-2020", "29-02-2024", "2023-1-5", "x", ""]))
    >>> [str(x.date()) if pd.notna(x) else None for x in d]
    [None, '2024-02-29', '2023-01-05', None, None]
    >>> why.tolist()
    ['geen geldige datum: deze dag bestaat niet', None, None, 'geen geldige datum (verwacht DD-MM-JJJJ)', None]
    >>> parse_dates(pd.Series(["31-12-9999"]))[1].tolist()
    ['geen geldige datum: jaar buiten 1800-2199']
    """  # noqa: E501
    text = pd.Series(values, dtype=object).fillna("").astype(str).str.strip()
    text = text.reset_index(drop=True)
    n = len(text)
    year = np.zeros(n, dtype=np.int64)
    month = np.zeros(n, dtype=np.int64)
    day = np.zeros(n, dtype=np.int64)
    matched = np.zeros(n, dtype=bool)
    for pattern, order in formats:
        todo = ~matched
        if not todo.any():
            break
        parts = text[todo].str.extract(pattern)
        hit = parts[0].notna().to_numpy()
        if not hit.any():
            continue
        idx = np.flatnonzero(todo)[hit]
        got = {
            k: parts[i][hit].astype(np.int64).to_numpy() for i, k in enumerate(order)
        }
        year[idx], month[idx], day[idx] = got["y"], got["m"], got["d"]
        matched[idx] = True
    plausible = matched & (year >= YEARS[0]) & (year <= YEARS[1])
    frame = pd.DataFrame(
        {
            "year": np.where(plausible, year, 2000),
            "month": np.where(plausible, month, 1),
            "day": np.where(plausible, day, 1),
        }
    )
    parsed = pd.to_datetime(frame, errors="coerce").astype("datetime64[ms]")
    # round trip: the parts read back must be the parts written (no rolling over)
    same = (
        (parsed.dt.year.to_numpy() == year)
        & (parsed.dt.month.to_numpy() == month)
        & (parsed.dt.day.to_numpy() == day)
    )
    ok = plausible & same & parsed.notna().to_numpy()
    empty = (text == "").to_numpy()
    why = np.full(n, None, dtype=object)
    why[~matched & ~empty] = NOT_A_DATE
    why[matched & ~plausible] = f"geen geldige datum: {YEAR_OUT}"
    why[plausible & ~ok] = f"geen geldige datum: {NO_SUCH_DAY}"
    out = parsed.where(pd.Series(ok), pd.NaT).astype("datetime64[ms]")
    out.index = values.index
    return out, pd.Series(why, index=values.index, dtype=object)


def parse_counts(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse whole non-negative counts up to ``MAX_COUNT``; return counts (Int64, <NA>
    for empty or bad) and, per row, why it failed (``None`` when fine or empty).

    ``6``, ``6.0`` and ``6,0`` (a spreadsheet's float) are 6; ``1.000`` is refused
    rather than guessed (a thousands separator or a decimal?).

    >>> c, why = parse_counts(pd.Series(["6", "6,0", "", "1e300", "-1", "20000"]))
    >>> c.tolist()
    [6, 6, <NA>, <NA>, <NA>, <NA>]
    >>> why.tolist()[3:]
    ['geen aantal (geheel getal >= 0)', 'geen aantal (geheel getal >= 0)', 'onwaarschijnlijk groot aantal (meer dan 10.000)']
    """  # noqa: E501
    text = pd.Series(values, dtype=object).fillna("").astype(str).str.strip()
    text = text.reset_index(drop=True)
    digits = text.str.extract(r"^(\d+)(?:[.,]0)?$")[0]
    shaped = digits.notna().to_numpy()
    # at most 9 digits before converting: no overflow, whatever the input
    short = shaped & (digits.fillna("").str.len().to_numpy() <= 9)
    number = np.zeros(len(text), dtype=np.int64)
    number[short] = digits[short].astype(np.int64).to_numpy()
    small = short & (number <= MAX_COUNT)
    empty = (text == "").to_numpy()
    why = np.full(len(text), None, dtype=object)
    why[~shaped & ~empty] = NOT_A_COUNT
    why[shaped & ~small] = TOO_BIG
    counts = pd.array(np.where(small, number, 0), dtype="Int64")
    counts[~small] = pd.NA
    return (
        pd.Series(counts, index=values.index),
        pd.Series(why, index=values.index, dtype=object),
    )
