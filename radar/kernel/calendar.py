"""The calendar: school years, "valid on a date" and what a dataset covers.

Every metric, table and page asks these questions here, so one rule answers them:

- a school year runs from 1 September to 31 August and is written ``2021-22``;
- a record with a half-open period counts on date d when ``valid_from <= d < valid_to``;
- the learner counts of a date are those of its school year, and only those: a date
  whose school year has no counts has no learners (never an earlier year's).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

import numpy as np
import pandas as pd

from radar.kernel import schema as s
from radar.kernel.errors import DataError

if TYPE_CHECKING:
    from radar.kernel.load import Dataset

T = TypeVar("T", np.ndarray, pd.Series)


def school_year_of(date: pd.Timestamp) -> str:
    """Return the school year (1 Sept - 31 Aug) containing ``date``.

    >>> [school_year_of(pd.Timestamp(d)) for d in ("2022-02-07", "2026-10-01")]
    ['2021-22', '2026-27']
    >>> school_year_of(pd.Timestamp("2099-09-01"))
    '2099-00'
    """
    date = pd.Timestamp(date)
    first = date.year if date.month >= 9 else date.year - 1
    return f"{first}-{(first + 1) % 100:02d}"


def school_year_start(year: str) -> pd.Timestamp:
    """Return the first day (1 September) of a school year ``YYYY-YY``.

    >>> school_year_start("2021-22")
    Timestamp('2021-09-01 00:00:00')
    """
    return pd.Timestamp(f"{year[:4]}-09-01")


def is_valid_on(valid_from: T, valid_to: T, date: object) -> T:
    """Tell, per record, whether its half-open period contains ``date``.

    Works on Series of dates and on int64 nanosecond arrays alike (``date`` then an
    int64 too); ``date`` may also be a Series aligned with the periods.

    >>> f = pd.Series(pd.to_datetime(["2020-01-01", "2021-01-01"]))
    >>> t = pd.Series(pd.to_datetime(["2021-01-01", "2026-01-01"]))
    >>> is_valid_on(f, t, pd.Timestamp("2021-01-01")).tolist()
    [False, True]
    """
    return (valid_from <= date) & (valid_to > date)  # type: ignore[operator,no-any-return]


def valid_on(frame: pd.DataFrame, date: pd.Timestamp) -> pd.DataFrame:
    """Return the rows (recognitions) that count on ``date``."""
    d = pd.Timestamp(date)
    return frame.loc[is_valid_on(frame[s.VALID_FROM], frame[s.VALID_TO], d)]


def expiring_within(
    frame: pd.DataFrame, date: pd.Timestamp, months: int
) -> pd.DataFrame:
    """Return the rows valid on ``date`` whose period ends within ``months`` months.

    A recognition expires within N months when it counts on ``date`` and its
    ``valid_to`` (the first day it no longer counts) is on or before ``date`` plus N
    calendar months.
    """
    if months < 0:
        raise DataError(f"maanden moet >= 0 zijn, niet {months}")
    d = pd.Timestamp(date)
    active = valid_on(frame, d)
    return active.loc[active[s.VALID_TO] <= d + pd.DateOffset(months=months)]


def learner_year(years: Iterable[object], date: pd.Timestamp) -> str | None:
    """Return the school year whose learner counts describe ``date``.

    That is the date's own school year when ``years`` (the years a dataset has counts
    for) holds it; None otherwise: an earlier year's counts are never carried forward.

    >>> learner_year(["2020-21", "2021-22"], pd.Timestamp("2022-01-01"))
    '2021-22'
    >>> learner_year(["2020-21", "2021-22"], pd.Timestamp("2023-01-01")) is None
    True
    """
    wanted = school_year_of(pd.Timestamp(date))
    return wanted if wanted in {str(y) for y in years} else None


@dataclass(frozen=True)
class Coverage:
    """The dates and school years a dataset has data for.

    Recognitions describe the dates from the first day any recognition counts up to
    the extract date (after it, recognitions that will be granted are unknown, so a
    count would look plausible and be wrong). Learner counts exist for the school
    years in ``school_years`` only.

    >>> c = Coverage(("2021-22", "2022-23"), pd.Timestamp("2016-01-01"),
    ...              pd.Timestamp("2022-10-01"))
    >>> c.covers(pd.Timestamp("2022-10-02")), c.has_learners(pd.Timestamp("2021-01-01"))
    (False, False)
    >>> c.clamp(pd.Timestamp("2030-01-01")).date()
    datetime.date(2022, 10, 1)
    >>> for part in c.describe().split("; "): print(part)
    gegevens van 01-01-2016 tot 01-10-2022
    leerlingen voor de schooljaren 2021-22 tot 2022-23
    """

    school_years: tuple[str, ...]
    """School years with offerings (learner counts), oldest first."""
    first_date: pd.Timestamp
    """First day the data describes (the first day any recognition counts)."""
    extract_date: pd.Timestamp
    """Last day the data describes: the register extract / learner count date."""

    @property
    def last_date(self) -> pd.Timestamp:
        """Last day the data describes (the extract date)."""
        return self.extract_date

    def covers(self, date: pd.Timestamp) -> bool:
        """Tell whether ``date`` lies within the dates the data describes."""
        return bool(self.first_date <= pd.Timestamp(date) <= self.extract_date)

    def has_learners(self, date: pd.Timestamp) -> bool:
        """Tell whether the data has learner counts for the school year of ``date``."""
        return school_year_of(pd.Timestamp(date)) in self.school_years

    def clamp(self, date: pd.Timestamp) -> pd.Timestamp:
        """Return the covered date nearest to ``date``."""
        d = pd.Timestamp(date)
        return min(max(d, self.first_date), self.extract_date)

    def describe(self) -> str:
        """Say in Dutch which dates and school years the data covers."""
        text = f"gegevens van {_dmy(self.first_date)} tot {_dmy(self.extract_date)}"
        if self.school_years:
            first, last = self.school_years[0], self.school_years[-1]
            if first == last:
                text += f"; leerlingen voor het schooljaar {first}"
            else:
                text += f"; leerlingen voor de schooljaren {first} tot {last}"
        else:
            text += "; geen leerlingenaantallen"
        return text


def _dmy(date: pd.Timestamp) -> str:
    return f"{pd.Timestamp(date):%d-%m-%Y}"


def coverage(ds: Dataset) -> Coverage:
    """Describe what ``ds`` covers: its school years and recognition dates."""
    years = tuple(sorted(str(y) for y in ds.offerings[s.SCHOOL_YEAR].dropna().unique()))
    extract = ds.extract_date
    first = ds.recognitions[s.VALID_FROM].min() if len(ds.recognitions) else None
    if first is None or pd.isna(first):
        first = school_year_start(years[0]) if years else extract
    return Coverage(
        school_years=years,
        first_date=min(pd.Timestamp(first), extract),
        extract_date=extract,
    )
