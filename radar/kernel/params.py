"""Parameters a user sets, checked in one place for the CLI and the pages alike.

A bad value is refused with a Dutch message that names the parameter and the allowed
range (``DataError``; the CLI exits with 2), never silently replaced by a default.
Dates are checked against what the dataset covers (``radar.kernel.calendar``).
"""

from __future__ import annotations

import math

import pandas as pd

from radar.kernel import schema as s
from radar.kernel.calendar import Coverage, school_year_of
from radar.kernel.errors import DataError


def _number(name: str, value: object) -> float:
    try:
        x = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise DataError(f"{name}: {value!r} is geen getal") from None
    if not math.isfinite(x):
        raise DataError(f"{name}: {value!r} is geen eindig getal")
    return x


def radius_km(value: object, name: str = "straal (km)") -> float:
    """Check a radius: strictly positive and finite, at most 200 km.

    >>> radius_km("15")
    15.0
    >>> radius_km(0)
    Traceback (most recent call last):
    ...
    radar.kernel.errors.DataError: straal (km): 0 ligt niet in (0, 200]
    """
    x = _number(name, value)
    if not 0 < x <= 200:
        raise DataError(f"{name}: {value!r} ligt niet in (0, 200]")
    return x


def weight(value: object, name: str = "gewicht verwante opleidingen") -> float:
    """Check a weight in [0, 1].

    >>> weight(0.5), weight("1")
    (0.5, 1.0)
    """
    x = _number(name, value)
    if not 0 <= x <= 1:
        raise DataError(f"{name}: {value!r} ligt niet in [0, 1]")
    return x


def positive(value: object, name: str, low: float = 0.0) -> float:
    """Check a finite number strictly above ``low`` (tau, a factor)."""
    x = _number(name, value)
    if not x > low:
        raise DataError(f"{name}: {value!r} moet groter zijn dan {low:g}")
    return x


def whole(value: object, name: str, low: int, high: int | None = None) -> int:
    """Check a whole number in ``[low, high]`` (top N, months, K).

    >>> whole("3", "top", 1)
    3
    >>> whole(-3, "top", 1)
    Traceback (most recent call last):
    ...
    radar.kernel.errors.DataError: top: -3 moet minstens 1 zijn
    """
    x = _number(name, value)
    if not x.is_integer():
        raise DataError(f"{name}: {value!r} is geen geheel getal")
    n = int(x)
    if n < low:
        raise DataError(f"{name}: {value!r} moet minstens {low} zijn")
    if high is not None and n > high:
        raise DataError(f"{name}: {value!r} mag hoogstens {high} zijn")
    return n


def top_n(value: object) -> int:
    """Check the length of a prospect list (at least 1)."""
    return whole(value, "aantal (top)", 1, 1_000_000)


def months(value: object) -> int:
    """Check a horizon in months (1 to 120)."""
    return whole(value, "maanden", 1, 120)


def suppress_k(value: object) -> int:
    """Check a suppression threshold K: 0 (off) or at least 2.

    >>> suppress_k(0), suppress_k(5)
    (0, 5)
    >>> suppress_k(1)
    Traceback (most recent call last):
    ...
    radar.kernel.errors.DataError: afschermdrempel K: 1 moet 0 (uit) of minstens 2 zijn
    """
    k = whole(value, "afschermdrempel K", 0, 1000)
    if k == 1:
        raise DataError(f"afschermdrempel K: {value!r} moet 0 (uit) of minstens 2 zijn")
    return k


def as_of(
    value: object,
    coverage: Coverage,
    need_learners: bool = False,
    name: str = "peildatum",
) -> pd.Timestamp:
    """Check a date against what the data covers.

    Dates outside the covered range are refused with that range in the message; with
    ``need_learners`` the date's school year must have learner counts too.
    """
    try:
        d = pd.Timestamp(str(value)).normalize()
    except (TypeError, ValueError):
        raise DataError(f"{name}: {value!r} is geen datum (JJJJ-MM-DD)") from None
    if pd.isna(d):
        raise DataError(f"{name}: {value!r} is geen datum (JJJJ-MM-DD)")
    if not coverage.covers(d):
        raise DataError(
            f"{name} {d:%d-%m-%Y} valt buiten de gegevens ({coverage.describe()})"
        )
    if need_learners and not coverage.has_learners(d):
        raise DataError(
            f"{name} {d:%d-%m-%Y}: geen leerlingenaantallen voor schooljaar "
            f"{school_year_of(d)} ({coverage.describe()})"
        )
    return d


def programme(value: object, programmes: pd.DataFrame, date: pd.Timestamp) -> str:
    """Check a programme id: it exists and is still taught on ``date``.

    A programme whose catalogue end date (``valid_to``, its last day) lies before
    ``date`` has no learners or workplaces then: asking for it is refused with the
    date it ended, never answered with numbers of earlier years.
    """
    pid = str(value)
    rows = programmes.loc[programmes[s.PROGRAMME_ID] == pid]
    if rows.empty:
        raise DataError(f"onbekende opleiding {pid!r}")
    end = rows[s.PROGRAMME_VALID_TO].iloc[0]
    if not pd.isna(end) and pd.Timestamp(date) > pd.Timestamp(end):
        name = str(rows[s.NAME].iloc[0])
        raise DataError(
            f"opleiding {name} ({pid}) wordt niet meer aangeboden sinds "
            f"{pd.Timestamp(end) + pd.Timedelta(days=1):%d-%m-%Y}: "
            f"geen vraag of aanbod op {pd.Timestamp(date):%d-%m-%Y}"
        )
    return pid
