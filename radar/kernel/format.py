"""Dutch number and date formatting, written once for every page, text and export.

Thousands are grouped with a dot and decimals follow a comma (``14.892``,
``-13,2``); dates are ``DD-MM-YYYY``. Hand-written rather than through a locale
library: these few rules are all of nl-BE that the app uses, and the functions are
called for thousands of map tooltips per page run.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

MISSING = "-"
"""What a missing number (None, NaN) is written as."""


def number(value: float | int | None, digits: int = 0, sign: bool = False) -> str:
    """Write a number the Dutch way, with ``digits`` decimals.

    >>> number(1234.5, 1), number(14892), number(float("nan")), number(-13.25, 1)
    ('1.234,5', '14.892', '-', '-13,2')
    >>> number(1234, sign=True), number(0, sign=True)
    ('+1.234', '+0')
    """
    if value is None or pd.isna(value):
        return MISSING
    text = f"{float(value):{'+' if sign else ''},.{digits}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


_DUTCH = str.maketrans(",.", ".,")


def numbers(
    values: Sequence[float | None] | np.ndarray | pd.Series,
    digits: int = 0,
    sign: bool = False,
) -> list[str]:
    """Write many numbers at once, each exactly as ``number`` writes it (one format
    spec and one translation table for the lot: for whole table columns).

    >>> numbers([1234.5, float("nan"), -13.25, None], 1)
    ['1.234,5', '-', '-13,2', '-']
    >>> numbers([1234, 0], sign=True)
    ['+1.234', '+0']
    """
    if isinstance(values, np.ndarray) and values.dtype.kind in "fiu":
        array = values.astype(float, copy=False)
    else:
        floats = pd.to_numeric(pd.Series(values, dtype=object), errors="coerce")
        array = floats.to_numpy(dtype=float, na_value=np.nan)
    spec = f"{'+' if sign else ''},.{digits}f"
    out = [format(v, spec).translate(_DUTCH) for v in array.tolist()]
    for i in np.flatnonzero(np.isnan(array)).tolist():
        out[i] = MISSING
    return out


def percent(value: float | None, digits: int = 1, sign: bool = False) -> str:
    """Write a percentage (already times 100) with a decimal comma and ``%``.

    >>> percent(-13.2), percent(4.0, sign=True), percent(None)
    ('-13,2 %', '+4,0 %', '-')
    """
    if value is None or pd.isna(value):
        return MISSING
    return f"{number(value, digits, sign)} %"


def km(value: float) -> str:
    """Write a distance: whole kilometres without decimals, else one decimal.

    >>> km(3.24), km(15.0), km(1234.0)
    ('3,2 km', '15 km', '1.234 km')
    """
    return f"{number(value, 0 if float(value).is_integer() else 1)} km"


def date(value: object) -> str:
    """Write a date as ``DD-MM-YYYY``.

    >>> date(pd.Timestamp("2022-02-07"))
    '07-02-2022'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING
    return f"{pd.Timestamp(value):%d-%m-%Y}"


def yes_no(value: object) -> str:
    """Write a flag as ``ja`` / ``nee``.

    >>> yes_no(True), yes_no(False)
    ('ja', 'nee')
    """
    return "ja" if bool(value) else "nee"
