"""Evolutie: the policy tables over a range of dates, for "hoe evolueerde dat sinds?".

For each date from ``start`` to ``end`` (every year or every month, counted from
``start``), the one-date tables of ``radar.policy.build`` are built, protected as that
date's own answer (suppression per date), and stacked: recognitions and unique
recognised establishments valid on the date, lesplaatsen and learners of the school
year containing it. A date outside what the data describes, or whose school year has
no learner counts, gets ``niet beschikbaar`` (never a zero or another year's count).
The change is taken between the first and the last date where the measure is
available; it is hidden (``x``) where either value is.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import numpy as np
import pandas as pd

from radar.kernel import schema as s
from radar.kernel.calendar import Coverage, coverage, school_year_of, valid_on
from radar.kernel.errors import DataError
from radar.kernel.export import Sheet
from radar.kernel.format import date
from radar.kernel.load import Dataset
from radar.kernel.sources import data_source, source_lines
from radar.policy import build
from radar.policy.index import PolicyIndex
from radar.policy.tables import (
    COL_ESTABLISHMENTS,
    COL_LEARNERS,
    COL_LESPLAATSEN,
    COL_RECOGNITIONS,
    GROUP_HEADERS,
    GROUPINGS,
    TOTAL_LABEL,
    GroupBy,
    group_labels,
    to_markdown,
    to_plain_text,
    unknown_grouping,
)

Step = Literal["year", "month"]
STEPS: tuple[Step, ...] = ("year", "month")
STEP_LABELS: dict[Step, str] = {"year": "jaar", "month": "maand"}
MEASURES = (COL_RECOGNITIONS, COL_ESTABLISHMENTS, COL_LESPLAATSEN, COL_LEARNERS)
OFFER_MEASURES = (COL_LESPLAATSEN, COL_LEARNERS)
NOT_AVAILABLE = "niet beschikbaar"
DATE_COL = "datum"
MAX_DATES = 241
"""Twenty years of months: more dates make an unreadable table."""
CHANGE, CHANGE_PCT = build.CHANGE, build.CHANGE_PCT


@dataclass(frozen=True)
class TrendRequest:
    """What to follow: date range, step, grouping and suppression threshold."""

    start: pd.Timestamp
    end: pd.Timestamp
    step: Step = "year"
    by: GroupBy = "province"
    suppress: int = 0

    def __post_init__(self) -> None:
        if self.step not in STEPS:
            raise DataError(f"onbekende stap {self.step!r}; kies uit year, month")
        if self.by not in GROUPINGS:
            raise unknown_grouping(self.by)
        if pd.Timestamp(self.end) <= pd.Timestamp(self.start):
            raise DataError("de einddatum moet na de begindatum liggen")
        if self.suppress < 0:
            raise DataError("de afschermdrempel moet >= 0 zijn")
        if len(self.dates) > MAX_DATES:
            raise DataError(
                f"{len(self.dates)} peildata is te veel (hoogstens {MAX_DATES}); "
                "kies een kortere periode of stap jaar"
            )

    @property
    def dates(self) -> list[pd.Timestamp]:
        """The dates of the trend (see ``trend_dates``)."""
        return trend_dates(self.start, self.end, self.step)


def trend_dates(start: object, end: object, step: Step) -> list[pd.Timestamp]:
    """Every year (or month) from ``start`` up to ``end``, counted from ``start``
    (a 31st falls back to the month's last day, never drifts).

    >>> [d.date().isoformat() for d in trend_dates("2016-09-01", "2018-09-01", "year")]
    ['2016-09-01', '2017-09-01', '2018-09-01']
    >>> [f"{d:%m-%d}" for d in trend_dates("2022-01-31", "2022-04-30", "month")]
    ['01-31', '02-28', '03-31', '04-30']
    """
    first, last = pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize()
    out: list[pd.Timestamp] = []
    i = 0
    while True:
        offset = pd.DateOffset(years=i) if step == "year" else pd.DateOffset(months=i)
        d = first + offset
        if d > last or i > MAX_DATES:
            return out
        out.append(d)
        i += 1


@dataclass(frozen=True)
class Trend:
    """A finished trend: per date and group, the published value of each measure."""

    request: TrendRequest
    long: pd.DataFrame
    """Columns ``datum``, the group label, and the four measures: int, a marker
    (``<K``, ``x``) or ``niet beschikbaar``."""
    groups: tuple[str, ...]
    """The group labels in table order, ``Eindtotaal`` last."""
    title: str
    filters: tuple[tuple[str, str], ...]
    footnote: str

    @property
    def label(self) -> str:
        """The header of the group column (``provincie``, ``opleiding`` ...)."""
        return GROUP_HEADERS[self.request.by]

    def wide(self, measure: str) -> pd.DataFrame:
        """One measure as groups x dates, with ``verschil`` and ``verschil %``
        between its first and last available date."""
        dates = self.request.dates
        table = self.long.pivot(index=self.label, columns=DATE_COL, values=measure)
        table = table.reindex(index=list(self.groups), columns=dates)
        out = pd.DataFrame({self.label: pd.array(self.groups, dtype=s.STR)})
        for d in dates:
            out[date(d)] = table[d].to_numpy(dtype=object)
        shown = [d for d in dates if (table[d] != NOT_AVAILABLE).all()]
        change: list[object] = []
        pct: list[object] = []
        for g in self.groups:
            a, b = (table.at[g, shown[0]], table.at[g, shown[-1]]) if shown else (0, 0)
            if len(shown) < 2:
                change.append(NOT_AVAILABLE)
                pct.append(NOT_AVAILABLE)
            elif isinstance(a, str) or isinstance(b, str):
                change.append(build.sup.SECONDARY_MARK)
                pct.append(build.sup.SECONDARY_MARK)
            else:
                change.append(int(b) - int(a))
                pct.append(round((int(b) - int(a)) / int(a) * 100, 1) if a else np.nan)
        out[CHANGE] = _column(change)
        out[CHANGE_PCT] = _column(pct)
        return out

    def change_dates(self, measure: str) -> tuple[pd.Timestamp, pd.Timestamp] | None:
        """The first and last date the change of ``measure`` is taken between."""
        avail = self.long.groupby(DATE_COL)[measure].agg(
            lambda v: not (v == NOT_AVAILABLE).any()
        )
        shown = [d for d in self.request.dates if avail.get(d, False)]
        return (shown[0], shown[-1]) if len(shown) >= 2 else None

    def chart_data(self, measure: str) -> pd.DataFrame:
        """The published numbers of a measure to draw: ``datum``, label, ``aantal``
        (hidden and unavailable values left out, ``Eindtotaal`` included)."""
        rows = self.long[[DATE_COL, self.label, measure]]
        keep = rows[measure].map(lambda v: not isinstance(v, str))
        out = rows.loc[keep].rename(columns={measure: "aantal"})
        return out.astype({"aantal": "int64"}).reset_index(drop=True)


def _column(values: list[object]) -> pd.Series:
    """Numbers stay numbers unless a marker sits among them (then object)."""
    if any(isinstance(v, str) for v in values):
        return pd.Series(values, dtype=object)
    decimals = any(isinstance(v, float) for v in values)
    return pd.Series(values, dtype="float64" if decimals else "int64")


def _one_date(
    ds: Dataset,
    request: TrendRequest,
    when: pd.Timestamp,
    cov: Coverage,
    index: PolicyIndex | None = None,
) -> pd.DataFrame:
    """The published values of one date, indexed by group label (all measures)."""
    frames = []
    kinds: tuple[tuple[build.TableKind, tuple[str, ...]], ...] = (
        ("recognitions", (COL_RECOGNITIONS, COL_ESTABLISHMENTS)),
        ("offer", OFFER_MEASURES),
    )
    for kind, measures in kinds:
        ok = cov.covers(when) and (kind != "offer" or cov.has_learners(when))
        if not ok:
            frames.append(pd.DataFrame(NOT_AVAILABLE, index=[], columns=measures))
            continue
        req = build.TableRequest(
            as_of=when, kind=kind, by=request.by, suppress=request.suppress
        )
        table = build.build_table(ds, req, index).table
        frames.append(table.set_index(table.columns[0])[list(measures)])
    return pd.concat(frames, axis=1)


def build_trend(
    ds: Dataset, request: TrendRequest, index: PolicyIndex | None = None
) -> Trend:
    """Build every date's tables and stack them (see the module docstring); with
    the dataset's ``index`` the recognitions are counted from it (same numbers)."""
    cov = coverage(ds)
    label = GROUP_HEADERS[request.by]
    groups = list(group_labels(request.by, ds.municipalities, ds.programmes)["label"])
    parts = [(when, _one_date(ds, request, when, cov, index)) for when in request.dates]
    if request.by == "programme":  # only programmes listed on some date
        seen = {g for _, one in parts for g in one.index}
        groups = [g for g in groups if g in seen]
    groups.append(TOTAL_LABEL)
    rows = []
    for when, one in parts:
        frame = one.reindex(groups).astype(object)
        for m in MEASURES:
            if one[m].isna().all():  # the kind was not available on this date
                frame[m] = NOT_AVAILABLE
            else:  # a group without rows on this date (a programme) counts 0
                frame[m] = frame[m].where(frame[m].notna(), 0)
        frame = frame[list(MEASURES)].reset_index(names=label)
        frame.insert(0, DATE_COL, when)
        rows.append(frame)
    long = pd.concat(rows, ignore_index=True)
    for m in MEASURES:
        long[m] = long[m].map(
            lambda v: int(v) if isinstance(v, int | np.integer) else v
        )
    title, filters, footnote = describe(request, cov)
    return Trend(request, long, tuple(groups), title, filters, footnote)


def describe(
    request: TrendRequest, cov: Coverage
) -> tuple[str, tuple[tuple[str, str], ...], str]:
    """Return the title, the filter lines and the footnote of a trend."""
    dates = request.dates
    grouping = GROUP_HEADERS[request.by]
    title = (
        f"Evolutie van erkenningen, unieke erkende vestigingen, lesplaatsen en "
        f"leerlingen per {grouping}, {date(dates[0])} tot {date(dates[-1])}"
    )
    filters: list[tuple[str, str]] = [
        ("Tabel", "Evolutie"),
        ("Indeling", grouping),
        ("Van", dates[0].date().isoformat()),
        ("Tot", dates[-1].date().isoformat()),
        ("Stap", STEP_LABELS[request.step]),
    ]
    notes = [
        build.DEFINITIONS["recognitions"],
        "Lesplaatsen en leerlingen: het schooljaar (1 september tot 31 augustus) "
        "waarin de datum valt, leerlingen op de teldag (1 oktober).",
        f"Niet beschikbaar: de datum valt buiten de gegevens of het schooljaar heeft "
        f"geen leerlingenaantallen ({cov.describe()}).",
        "Verschil = waarde op de laatste min die op de eerste datum waarop de maat "
        "beschikbaar is; verschil % ten opzichte van die eerste (leeg als die 0 is).",
    ]
    if request.suppress >= 2:
        filters.append(("Kleine aantallen", f"afgeschermd (< {request.suppress})"))
        notes.append(
            build.suppression_note(request.suppress)
            + " Elke datum is afgeschermd als een eigen tabel; een verschil is "
            "weggelaten waar een van beide waarden dat is."
        )
    else:
        filters.append(("Kleine aantallen", "niet afgeschermd"))
    return title, tuple(filters), " ".join(notes)


def totals(ds: Dataset, dates: list[pd.Timestamp]) -> pd.DataFrame:
    """Count, per date, recognitions, unique establishments, lesplaatsen and
    learners in all (the ``Eindtotaal`` of a trend, cheaply: no tables built).

    Learners and lesplaatsen are missing (NaN) where the school year has no counts,
    every measure where the date lies outside the data.
    """
    cov = coverage(ds)
    out = []
    for when in dates:
        row: dict[str, object] = {DATE_COL: when}
        if cov.covers(when):
            active = valid_on(ds.recognitions, when)
            row[COL_RECOGNITIONS] = len(active)
            row[COL_ESTABLISHMENTS] = active[s.ESTABLISHMENT_NUMBER].nunique()
            if cov.has_learners(when):
                year = ds.offerings[ds.offerings[s.SCHOOL_YEAR] == school_year_of(when)]
                row[COL_LESPLAATSEN] = year[s.LOCATION_ID].nunique()
                row[COL_LEARNERS] = int(year[s.LEARNERS].sum())
        out.append(row)
    return pd.DataFrame(out, columns=[DATE_COL, *MEASURES])


def trend_sheets(trend: Trend, ds: Dataset, now: datetime | None = None) -> list[Sheet]:
    """One workbook sheet per measure (groups x dates, with the change)."""
    provenance = trend.filters + source_lines(ds, now)
    return [
        Sheet(
            name=m,
            title=f"{m.capitalize()} per {trend.label}, {_period(trend)}",
            table=trend.wide(m),
            provenance=(("Maat", m), *provenance),
            footnote=trend.footnote,
        )
        for m in MEASURES
    ]


def trend_text(trend: Trend, measure: str, ds: Dataset, width: int = 90) -> str:
    """One measure as plain text for a letter: title, tab-separated table, notes."""
    return (
        f"{measure.capitalize()} per {trend.label}, {_period(trend)}\n\n"
        f"{to_plain_text(trend.wide(measure))}\n\n"
        f"{textwrap.fill(trend.footnote, width)}\n"
        f"Bron: {data_source(ds)}, gegevens tot {date(ds.extract_date)}."
    )


def trend_markdown(trend: Trend) -> str:
    """Every measure as a Markdown table under its own heading."""
    return "\n".join(
        f"### {m.capitalize()} per {trend.label}, {_period(trend)}\n\n"
        f"{to_markdown(trend.wide(m))}\n"
        for m in MEASURES
    )


def _period(trend: Trend) -> str:
    dates = trend.request.dates
    step = STEP_LABELS[trend.request.step]
    return f"{date(dates[0])} tot {date(dates[-1])}, per {step}"
