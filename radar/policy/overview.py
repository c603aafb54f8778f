"""Headline figures of the Overzicht page for one date."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from radar.kernel import schema as s
from radar.kernel.calendar import coverage, school_year_of, valid_on
from radar.kernel.format import number, percent
from radar.kernel.load import Dataset


@dataclass(frozen=True)
class Headline:
    """The six headline figures for a date (school year figures for its school year)."""

    as_of: pd.Timestamp
    school_year: str
    recognitions: int
    establishments: int
    enterprises: int
    programmes: int
    lesplaatsen: int | None
    """None when the data has no learner counts for the school year."""
    learners: int | None
    """None when the data has no learner counts for the school year."""
    covered: bool = True
    """Whether the date lies within what the data describes (recognitions)."""


def headline(ds: Dataset, as_of: pd.Timestamp) -> Headline:
    """Compute the headline figures on ``as_of``.

    Recognitions, establishments, enterprises and programmes count recognitions valid
    on the date (programmes = distinct programmes with at least one); lesplaatsen and
    learners come from the offerings of the school year containing the date, None
    when the data has no counts for that year (never another year's).
    """
    active = valid_on(ds.recognitions, as_of)
    year = school_year_of(pd.Timestamp(as_of))
    offered = ds.offerings[ds.offerings[s.SCHOOL_YEAR] == year]
    has_year = not offered.empty
    return Headline(
        as_of=pd.Timestamp(as_of),
        school_year=year,
        recognitions=len(active),
        establishments=int(active[s.ESTABLISHMENT_NUMBER].nunique()),
        enterprises=int(active[s.ENTERPRISE_NUMBER].nunique()),
        programmes=int(active[s.PROGRAMME_ID].nunique()),
        lesplaatsen=int(offered[s.LOCATION_ID].nunique()) if has_year else None,
        learners=int(offered[s.LEARNERS].sum()) if has_year else None,
        covered=coverage(ds).covers(pd.Timestamp(as_of)),
    )


def year_earlier(as_of: pd.Timestamp) -> pd.Timestamp:
    """Return the same day one year before (28 February for a 29 February).

    >>> year_earlier(pd.Timestamp("2024-02-29")).date()
    datetime.date(2023, 2, 28)
    """
    return pd.Timestamp(as_of) - pd.DateOffset(years=1)


def change_text(now: int | None, before: int | None) -> str | None:
    """Describe a change in Dutch notation: absolute, and relative when defined.

    >>> change_text(14892, 13636), change_text(5, 0), change_text(90, 100)
    ('+1.256 (+9,2 %)', '+5', '-10 (-10,0 %)')
    """
    if now is None or before is None:
        return None
    diff = now - before
    text = number(diff, sign=True)
    if before > 0:
        text += f" ({percent(diff / before * 100, sign=True)})"
    return text
