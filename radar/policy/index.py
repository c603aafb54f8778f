"""A per-dataset index of the recognitions: any date's tables in O(groups log n).

Built once per dataset (the app keeps it with the dataset in its resource cache); a
date change then costs a few binary searches per group instead of a pass over every
recognition. The numbers are exactly those of ``radar.policy.tables`` and
``radar.policy.crosstab`` on ``radar.kernel.calendar.valid_on`` (a test compares
them on the demo and on hand-made worlds).

How it counts. Validity is the calendar's ``valid_from <= d < valid_to``. A record
that is valid on some date has ``valid_from < valid_to`` (both known); the others
(an empty or reversed period, a missing date) count on no date and are left out. For
the records kept, ``valid_to <= d`` implies ``valid_from <= d``, so the number valid
on ``d`` in a group is ``#(valid_from <= d) - #(valid_to <= d)``: two binary searches
in the group's sorted dates. All groups share one sorted array of keys ``group * M +
rank(date)`` (ranks among the dataset's distinct dates), so one ``searchsorted`` call
counts every group. For unique establishments, each (group, establishment)'s periods
are first merged into disjoint periods (overlapping or touching ones join); the
establishment counts on ``d`` when one of them holds ``d``, so the same count applies.

Expiring recognitions (``valid_to`` within N months after ``d``) are taken from the
records sorted by ``valid_to``: only the slice ending in ``(d, d + N months]`` is read,
then ``radar.kernel.calendar.expiring_within`` decides on it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
import pandas as pd

from radar.kernel import schema as s
from radar.kernel.calendar import expiring_within
from radar.kernel.load import Dataset
from radar.policy.crosstab import crosstab_frame
from radar.policy.tables import (
    GROUPINGS,
    GroupBy,
    count_table,
    group_key,
    group_labels,
    unknown_grouping,
)

TOTAL = "total"
"""Key of the one-group grouping that counts everything (the ``Eindtotaal``)."""


@dataclass(frozen=True)
class Counter:
    """Counts, per group, the periods holding a date (see the module docstring)."""

    starts: np.ndarray  # sorted keys group * m + rank(valid_from)
    ends: np.ndarray  # sorted keys group * m + rank(valid_to)
    base: np.ndarray  # group * m, per group
    first: np.ndarray  # per group: keys before the group (same in starts and ends)

    @classmethod
    def build(
        cls, group: np.ndarray, start: np.ndarray, end: np.ndarray, groups: int, m: int
    ) -> Counter:
        """Index periods ``[start, end)`` (date ranks, ``start < end``) of ``group``
        (0 .. groups-1) for ``groups`` groups and ``m`` > every rank."""
        dtype = np.int32 if groups * m < np.iinfo(np.int32).max else np.int64
        g = group.astype(dtype)
        starts = np.sort(g * m + start.astype(dtype))
        ends = np.sort(g * m + end.astype(dtype))
        base = np.arange(groups, dtype=dtype) * m
        return cls(starts, ends, base, np.searchsorted(starts, base))

    def at(self, q: int) -> np.ndarray:
        """Per group, the periods holding a date with ``q`` distinct dates <= it."""
        key = self.base + q
        opened = np.searchsorted(self.starts, key) - self.first
        closed = np.searchsorted(self.ends, key) - self.first
        return (opened - closed).astype(np.int64)


@dataclass(frozen=True)
class Grouping:
    """One breakdown: its groups in table order and both counters."""

    labels: pd.DataFrame  # key, label (``radar.policy.tables.group_labels``)
    codes: np.ndarray  # per kept record: its group's position, -1 outside every group
    recognitions: Counter
    establishments: Counter


class PolicyIndex:
    """The recognitions of one dataset, indexed by date, for every grouping."""

    def __init__(self, ds: Dataset) -> None:
        rec = ds.recognitions
        self.municipalities, self.programmes = ds.municipalities, ds.programmes
        begin = rec[s.VALID_FROM].to_numpy()
        end = rec[s.VALID_TO].to_numpy()
        dates = np.concatenate([begin, end])
        self.unit = np.datetime_data(dates.dtype)[0]
        begin, end = begin.astype(dates.dtype), end.astype(dates.dtype)
        kept = ~np.isnat(begin) & ~np.isnat(end) & (begin < end)
        self.records = rec if kept.all() else rec.loc[kept]
        begin, end = begin[kept], end[kept]
        self.dates = np.unique(np.concatenate([begin, end])).view("i8")
        self.m = len(self.dates) + 1
        self.begin = np.searchsorted(self.dates, begin.view("i8"))
        self.end = np.searchsorted(self.dates, end.view("i8"))
        self.establishment = pd.factorize(self.records[s.ESTABLISHMENT_NUMBER])[0]
        # a group key is a function of nis (regions) or programme: computed once
        # per distinct value, then gathered
        self.keyed = {
            col: pd.factorize(self.records[col]) for col in (s.NIS, s.PROGRAMME_ID)
        }
        self.by_end = np.argsort(end.view("i8"), kind="stable")
        self.end_sorted = end.view("i8")[self.by_end]
        self._groupings: dict[str, Grouping] = {}
        self._pairs: dict[tuple[str, str], Counter] = {}
        self._lock = threading.Lock()

    def position(self, as_of: object) -> int:
        """The number of the dataset's distinct dates on or before ``as_of``."""
        return int(np.searchsorted(self.dates, self._int(as_of), side="right"))

    def _int(self, when: object) -> int:
        """``when`` floored to the dates' unit, as an integer of that unit (a date
        ``t`` of that unit has ``t <= when`` exactly when ``t <= floor(when)``)."""
        t = pd.Timestamp(when)  # type: ignore[arg-type]
        return int(t.floor(self.unit).as_unit(self.unit).asm8.view("i8"))

    def grouping(self, by: str) -> Grouping:
        """The index of one breakdown (built on first use, then kept)."""
        with self._lock:
            if by not in self._groupings:
                self._groupings[by] = self._build(by)
            return self._groupings[by]

    def _build(self, by: str) -> Grouping:
        if by == TOTAL:
            labels = pd.DataFrame({"key": [TOTAL], "label": [TOTAL]})
            codes = np.zeros(len(self.records), dtype=np.int64)
        elif by in GROUPINGS:
            labels = group_labels(by, self.municipalities, self.programmes)  # type: ignore[arg-type]
            column = s.PROGRAMME_ID if by in ("partnership", "programme") else s.NIS
            values, distinct = self.keyed[column]
            keys = group_key(
                pd.DataFrame({column: distinct}),
                by,  # type: ignore[arg-type]
                self.municipalities,
                self.programmes,
            )
            found = pd.Index(labels["key"]).get_indexer(keys.to_numpy(dtype=object))
            codes = np.append(found, -1)[values]  # a missing value (-1) is in no group
        else:
            raise unknown_grouping(by)
        return Grouping(labels, codes, *self._counters(codes, len(labels)))

    def _counters(self, codes: np.ndarray, groups: int) -> tuple[Counter, Counter]:
        """Recognitions and merged establishment periods of groups ``codes`` (>= 0)."""
        inside = codes >= 0
        n = Counter.build(
            codes[inside], self.begin[inside], self.end[inside], groups, self.m
        )
        inside &= self.establishment >= 0
        g, e = codes[inside], self.establishment[inside]
        begin, end = self.begin[inside], self.end[inside]
        people = int(e.max(initial=0)) + 1
        if groups * people * self.m < 2**62:  # one int64 key sorts faster
            order = np.argsort((g * people + e) * self.m + begin, kind="stable")
        else:
            order = np.lexsort((begin, e, g))
        g, e, begin, end = g[order], e[order], begin[order], end[order]
        first = np.ones(len(g), dtype=bool)
        first[1:] = (g[1:] != g[:-1]) | (e[1:] != e[:-1])
        segment = np.cumsum(first) - 1
        # running latest end within each (group, establishment): adding segment * m
        # keeps one segment's values above every earlier segment's
        reach = np.maximum.accumulate(segment * self.m + end) - segment * self.m
        new = first.copy()
        new[1:] |= begin[1:] > reach[:-1]
        last = np.empty(len(g), dtype=bool)
        last[:-1], last[-1:] = new[1:], True
        u = Counter.build(g[new], begin[new], reach[last], groups, self.m)
        return n, u

    def recognition_table(self, as_of: object, by: GroupBy) -> pd.DataFrame:
        """``radar.policy.tables.recognition_table`` on ``as_of``, from the index."""
        if by not in GROUPINGS:
            raise unknown_grouping(by)
        q = self.position(as_of)
        grouping, total = self.grouping(by), self.grouping(TOTAL)
        table = grouping.labels.assign(
            n=grouping.recognitions.at(q), u=grouping.establishments.at(q)
        )
        if by == "programme":
            table = table[table["n"] > 0]
        n, u = total.recognitions.at(q)[0], total.establishments.at(q)[0]
        return count_table(by, table, int(n), int(u))

    def crosstab(self, as_of: object, rows: GroupBy, cols: GroupBy) -> pd.DataFrame:
        """``radar.policy.crosstab.crosstab`` of the recognitions valid on
        ``as_of`` (cells count recognitions), from the index."""
        r, c = self.grouping(rows), self.grouping(cols)  # checks both groupings
        q = self.position(as_of)
        with self._lock:
            if (rows, cols) not in self._pairs:
                both = (r.codes >= 0) & (c.codes >= 0)
                codes = np.where(both, r.codes * len(c.labels) + c.codes, -1)
                groups = len(r.labels) * len(c.labels)
                inside = codes >= 0
                self._pairs[rows, cols] = Counter.build(
                    codes[inside], self.begin[inside], self.end[inside], groups, self.m
                )
            cells = self._pairs[rows, cols].at(q).reshape(len(r.labels), len(c.labels))
        grand = int(self.grouping(TOTAL).recognitions.at(q)[0])
        return crosstab_frame(
            rows,
            cols,
            (r.labels, c.labels),
            cells,
            (r.recognitions.at(q), c.recognitions.at(q)),
            grand,
        )

    def expiring(self, as_of: object, months: int) -> pd.DataFrame:
        """``radar.kernel.calendar.expiring_within`` of the recognitions, reading
        only those ending in ``(as_of, as_of + months]``."""
        d = pd.Timestamp(as_of)  # type: ignore[arg-type]
        horizon = d + pd.DateOffset(months=max(months, 0))
        lo = np.searchsorted(self.end_sorted, self._int(d), side="right")
        hi = np.searchsorted(self.end_sorted, self._int(horizon), side="right")
        rows = self.records.iloc[np.sort(self.by_end[lo:hi])]
        return expiring_within(rows, d, months)
