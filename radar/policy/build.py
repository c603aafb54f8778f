"""Policy tables: one request (kind, breakdown, dates, suppression) to one table.

Kinds:
- ``recognitions``: recognitions and unique recognised establishments valid on a date;
- ``expiring``: the same, for recognitions valid on the date that end within N months;
- ``offer``: lesplaatsen and learners in the school year containing the date.

A request with ``cross`` gives a crosstab (recognitions counted, or learners summed);
one with ``compare_to`` adds, per measure, the earlier value and the absolute and
percentage change (one-dimensional tables only). ``suppress`` = K >= 2 hides small
counts, audited with the tables of the same answer (``radar.policy.linked``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
import pandas as pd

from radar.kernel import schema as s
from radar.kernel.calendar import expiring_within, school_year_of, valid_on
from radar.kernel.errors import DataError
from radar.kernel.format import date
from radar.kernel.load import Dataset
from radar.policy import linked
from radar.policy import suppress as sup
from radar.policy.crosstab import crosstab
from radar.policy.expiring import expiring_list  # noqa: F401  (its old home)
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
    offer_table,
    recognition_table,
    unknown_grouping,
)

TableKind = Literal["recognitions", "expiring", "offer"]
KINDS: tuple[TableKind, ...] = ("recognitions", "expiring", "offer")
KIND_LABELS: dict[TableKind, str] = {
    "recognitions": "Erkenningen",
    "expiring": "Vervallende erkenningen",
    "offer": "Lesplaatsen en leerlingen",
}
SHORT_HEADERS: dict[str, str] = GROUP_HEADERS | {"partnership": "partnerschap"}
"""Grouping names short enough for a sheet name (at most 31 characters in all)."""
CHANGE = "verschil"
CHANGE_PCT = "verschil %"

DEFINITIONS: dict[TableKind, str] = {
    "recognitions": (
        "Een erkenning telt op de peildatum als begindatum <= peildatum < einddatum. "
        "Unieke vestigingen = verschillende vestigingsnummers. Eindtotaal telt over "
        "alle erkenningen (een vestiging met erkenningen in meerdere groepen telt er "
        "één keer)."
    ),
    "expiring": (
        "Vervallend: erkenningen die op de peildatum gelden en waarvan de einddatum "
        "(eerste dag zonder erkenning) uiterlijk N maanden na de peildatum valt. "
        "Unieke vestigingen = verschillende vestigingsnummers; Eindtotaal telt elke "
        "vestiging één keer."
    ),
    "offer": (
        "Schooljaar = 1 september tot 31 augustus, het schooljaar van de peildatum. "
        "Lesplaatsen = verschillende lesplaatsen met een duale opleiding dat "
        "schooljaar; leerlingen = leerlingen op de teldag (1 oktober). Een lesplaats "
        "met opleidingen in meerdere groepen telt in elke groep, en één keer in het "
        "Eindtotaal."
    ),
}
CROSSTAB_NOTE = (
    "In een kruistabel staan erkenningen (aantal) of leerlingen (som); rij- en "
    "kolomtotalen tellen alle gegevens."
)
CHANGE_NOTE = (
    "Verschil = waarde op de peildatum min waarde op de vergelijkingsdatum; "
    "verschil % ten opzichte van de vergelijkingsdatum (leeg als die 0 is)."
)


def suppression_note(k: int) -> str:
    """Explain the suppression markers of a table protected with threshold ``k``.

    >>> suppression_note(5)[:40]
    'Kleine aantallen: 1 tot 4 staat als <5, '
    """
    return (
        f"Kleine aantallen: 1 tot {k - 1} staat als <{k}, ook bij totalen; bij een "
        f"totaal onder {k} staat elke cel als <{k}. x = weggelaten zodat geen klein "
        "aantal uit de cijfers van deze en de bijbehorende tabellen terug te rekenen "
        "of in te perken is. Getoonde cijfers zijn volledig en juist."
    )


@dataclass(frozen=True)
class TableRequest:
    """What to tabulate: kind, breakdown (and crosstab column), dates, suppression."""

    as_of: pd.Timestamp
    kind: TableKind = "recognitions"
    by: GroupBy = "province"
    cross: GroupBy | None = None
    compare_to: pd.Timestamp | None = None
    months: int = 6
    suppress: int = 0

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise DataError(
                f"onbekende tabelsoort {self.kind!r}; kies uit {', '.join(KINDS)}"
            )
        for by in (self.by, self.cross):
            if by is not None and by not in GROUPINGS:
                raise unknown_grouping(by)
        if self.cross == self.by:
            raise DataError("een kruistabel vraagt twee verschillende indelingen")
        if self.cross is not None and self.compare_to is not None:
            raise DataError("vergelijken kan alleen bij een tabel met één indeling")
        if self.months < 0 or self.suppress < 0:
            raise DataError("maanden en afschermdrempel moeten >= 0 zijn")

    @property
    def period(self) -> str:
        """The column label of the as-of date (school year for ``offer``)."""
        return period_label(self.kind, self.as_of)

    @property
    def measures(self) -> tuple[str, ...]:
        """The value columns of the one-dimensional table of this kind."""
        if self.kind == "offer":
            return (COL_LESPLAATSEN, COL_LEARNERS)
        return (COL_RECOGNITIONS, COL_ESTABLISHMENTS)


@dataclass(frozen=True)
class PolicyTable:
    """A finished table: true values, the published version, title and provenance."""

    request: TableRequest
    title: str
    values: pd.DataFrame
    table: pd.DataFrame
    marks: pd.DataFrame | None
    filters: tuple[tuple[str, str], ...]
    footnote: str
    sheet_name: str


def period_label(kind: TableKind, as_of: pd.Timestamp) -> str:
    """Label a date: ``dd-mm-yyyy``, or its school year for ``offer`` tables.

    >>> period_label("offer", pd.Timestamp("2022-02-07"))
    '2021-22'
    >>> period_label("expiring", pd.Timestamp("2022-02-07"))
    '07-02-2022'
    """
    d = pd.Timestamp(as_of)
    return school_year_of(d) if kind == "offer" else date(d)


def single_table(
    ds: Dataset,
    request: TableRequest,
    as_of: pd.Timestamp,
    index: PolicyIndex | None = None,
) -> pd.DataFrame:
    """Compute the plain table (one date, no comparison, no suppression); with the
    dataset's ``index``, recognitions are counted from it (same numbers)."""
    mun, prog = ds.municipalities, ds.programmes
    if request.kind == "offer":
        year = school_year_of(pd.Timestamp(as_of))
        if request.cross is None:
            return offer_table(ds.offerings, mun, prog, year, request.by)
        offered = ds.offerings.loc[ds.offerings[s.SCHOOL_YEAR] == year]
        return crosstab(offered, request.by, request.cross, mun, prog, s.LEARNERS)
    if index is not None and request.kind == "recognitions":
        if request.cross is not None:
            return index.crosstab(as_of, request.by, request.cross)
        return index.recognition_table(as_of, request.by)
    if request.kind == "expiring":
        months = request.months
        if index is not None:
            rec = index.expiring(as_of, months)
        else:
            rec = expiring_within(ds.recognitions, as_of, months)
    else:
        rec = valid_on(ds.recognitions, as_of)
    if request.cross is not None:
        return crosstab(rec, request.by, request.cross, mun, prog)
    return recognition_table(rec, mun, prog, as_of, by=request.by)


def compare(
    current: pd.DataFrame,
    previous: pd.DataFrame,
    measures: tuple[str, ...],
    now: str,
    before: str,
) -> pd.DataFrame:
    """Join two one-dimensional tables and add the change per measure.

    Per measure: ``<m> <before>``, ``<m> <now>``, ``<m> verschil`` (int) and
    ``<m> verschil %`` (float, one decimal, NaN when the earlier value is 0). Groups
    present on one date only count 0 on the other; ``Eindtotaal`` stays last.

    >>> a = pd.DataFrame({"g": ["A", "Eindtotaal"], "n": [12, 12]})
    >>> b = pd.DataFrame({"g": ["A", "B", "Eindtotaal"], "n": [10, 2, 12]})
    >>> compare(a, b, ("n",), "2022", "2021").to_dict("list")["n verschil %"]
    [20.0, -100.0, 0.0]
    """
    label = current.columns[0]
    if now == before:
        raise DataError(f"vergelijkingsdatum valt in dezelfde periode ({now})")
    order = [v for v in current[label] if v != TOTAL_LABEL]
    order += [v for v in previous[label] if v != TOTAL_LABEL and v not in set(order)]
    order.append(TOTAL_LABEL)
    cur = current.set_index(label).reindex(order, fill_value=0)
    prev = previous.set_index(label).reindex(order, fill_value=0)
    out = pd.DataFrame({label: pd.array(order, dtype=s.STR)})
    for m in measures:
        a = prev[m].to_numpy(dtype="int64")
        b = cur[m].to_numpy(dtype="int64")
        out[f"{m} {before}"] = a
        out[f"{m} {now}"] = b
        out[f"{m} {CHANGE}"] = b - a
        with np.errstate(divide="ignore", invalid="ignore"):
            pct = np.where(a > 0, (b - a) / np.where(a > 0, a, 1) * 100, np.nan)
        out[f"{m} {CHANGE_PCT}"] = np.round(pct, 1)
    return out


def answer_key(request: TableRequest, as_of: pd.Timestamp) -> tuple[str, str, int]:
    """What the tables of one answer share: kind, period and horizon."""
    kind = request.kind
    return (kind, period_label(kind, as_of), request.months * (kind == "expiring"))


def answer(
    ds: Dataset,
    request: TableRequest,
    as_of: pd.Timestamp,
    index: PolicyIndex | None = None,
) -> linked.Answer:
    """The tables of the request's kind, horizon and K on ``as_of``, protected
    together (``radar.policy.linked``); counted from ``index`` when given."""
    kind = request.kind
    if kind == "offer":  # the rows of the date once (the tables filter them again)
        year = school_year_of(pd.Timestamp(as_of))
        ds = replace(ds, offerings=ds.offerings[ds.offerings[s.SCHOOL_YEAR] == year])
    elif kind == "expiring" and index is not None:
        ds = replace(ds, recognitions=index.expiring(as_of, request.months))
    elif index is None:
        rec = valid_on(ds.recognitions, as_of)
        if kind == "expiring":
            rec = expiring_within(rec, as_of, request.months)
        ds = replace(ds, recognitions=rec)
    counted = index if kind == "recognitions" else None

    def table(by: str, cross: str | None = None) -> pd.DataFrame:
        plain = replace(request, by=by, cross=cross, compare_to=None)  # type: ignore[arg-type]
        return single_table(ds, plain, as_of, counted)

    return linked.Answer(
        k=request.suppress,
        prefix=answer_key(request, as_of),
        measures=request.measures,
        main=COL_LEARNERS if kind == "offer" else COL_RECOGNITIONS,
        one_way=table,
        finest=lambda: table("programme", "arrondissement"),
        up=linked.parents(ds.municipalities, ds.programmes),
        listed=(COL_LESPLAATSEN,) if kind == "offer" else request.measures,
    )


def suppress_table(
    ds: Dataset,
    values: pd.DataFrame,
    request: TableRequest,
    index: PolicyIndex | None = None,
) -> pd.DataFrame:
    """Mark the hidden cells of a finished table (audited with the tables of the
    same answer it shares numbers with)."""
    if request.cross is not None:
        ans = answer(ds, request, request.as_of, index)
        if (request.by, request.cross) == ("programme", "arrondissement"):
            ans.tables[linked.FINEST] = values
        return ans.crosstab_marks(values, request.by, request.cross)[0]
    if request.compare_to is None:
        ans = answer(ds, request, request.as_of, index)
        ans.tables[request.by] = values
        return ans.one_way_marks(request.by)
    marks = pd.DataFrame(sup.NONE, index=values.index, columns=values.columns)
    labels = values.iloc[:, 0].astype(str)
    before = period_label(request.kind, request.compare_to)
    for when, period in ((request.as_of, request.period), (request.compare_to, before)):
        ans = answer(ds, request, when, index)
        one = ans.one_way_marks(request.by)
        one.index = ans.table(request.by).iloc[:, 0].astype(str)
        for m in request.measures:
            marks[f"{m} {period}"] = labels.map(one[m]).fillna(0).to_numpy("int64")
    for m in request.measures:  # a change is hidden wherever either date's value is
        either = (marks[f"{m} {before}"] != 0) | (marks[f"{m} {request.period}"] != 0)
        for derived in (CHANGE, CHANGE_PCT):
            marks[f"{m} {derived}"] = np.where(either, sup.SECONDARY, sup.NONE)
    return marks


def describe(request: TableRequest) -> tuple[str, tuple[tuple[str, str], ...], str]:
    """Return the title, the filter lines and the footnote of a request."""
    header = GROUP_HEADERS[request.by]
    grouping = header
    if request.cross is not None:
        grouping = f"{header} x {GROUP_HEADERS[request.cross]}"
    kind = request.kind
    if kind == "offer":
        what = "Leerlingen" if request.cross else "Lesplaatsen en leerlingen"
        title = f"{what} duaal leren per {grouping}, schooljaar {request.period}"
    else:
        what = "Erkenningen"
        if request.cross is None:
            what += " en unieke erkende vestigingen"
        if kind == "expiring":
            what += f" die binnen {request.months} maanden vervallen,"
        title = f"{what} per {grouping} op {request.period}"
    filters = [("Tabel", KIND_LABELS[kind]), ("Indeling", grouping)]
    filters.append(("Peildatum", pd.Timestamp(request.as_of).date().isoformat()))
    if kind == "offer":
        filters.append(("Schooljaar", request.period))
    if kind == "expiring":
        filters.append(("Vervalt binnen", f"{request.months} maanden"))
    notes = [DEFINITIONS[kind]]
    if request.cross is not None:
        notes.append(CROSSTAB_NOTE)
    if request.compare_to is not None:
        before = period_label(kind, request.compare_to)
        title += f", vergeleken met {before}"
        filters.append(("Vergeleken met", before))
        notes.append(CHANGE_NOTE)
    if request.suppress >= 2:
        filters.append(("Kleine aantallen", f"afgeschermd (< {request.suppress})"))
        notes.append(suppression_note(request.suppress))
    else:
        filters.append(("Kleine aantallen", "niet afgeschermd"))
    return title, tuple(filters), " ".join(notes)


def build_table(
    ds: Dataset, request: TableRequest, index: PolicyIndex | None = None
) -> PolicyTable:
    """Compute, compare and protect the table a request describes; with the
    dataset's ``index`` (``radar.policy.index``) a date costs no pass over the
    recognitions."""
    values = single_table(ds, request, request.as_of, index)
    if request.compare_to is not None:
        previous = single_table(ds, request, request.compare_to, index)
        before = period_label(request.kind, request.compare_to)
        values = compare(values, previous, request.measures, request.period, before)
        if request.by == "programme":  # programmes of either date, by name
            label = values.columns[0]
            body = values.iloc[:-1].sort_values(label, kind="stable")
            values = pd.concat([body, values.iloc[-1:]], ignore_index=True)
    marks = None
    table = values
    if request.suppress >= 2:
        marks = suppress_table(ds, values, request, index)
        table = sup.publish(values, marks, request.suppress)
    title, filters, footnote = describe(request)
    sheet = f"per {SHORT_HEADERS[request.by]}"
    if request.cross is not None:
        sheet += f" x {SHORT_HEADERS[request.cross]}"
    return PolicyTable(request, title, values, table, marks, filters, footnote, sheet)


def chart_data(pt: PolicyTable, top: int | None = None) -> pd.DataFrame:
    """Return the published numbers to draw: columns label, ``reeks``, ``aantal``.

    One-dimensional tables give their main measure (erkenningen or leerlingen), both
    dates when compared; crosstabs give every cell. Totals and hidden cells are left
    out, so a chart never shows what the table hides. With ``top``, only the ``top``
    groups with the largest published sum are kept, largest first.
    """
    req = pt.request
    label = pt.table.columns[0]
    body = pt.table[pt.table[label] != TOTAL_LABEL]
    main = COL_LEARNERS if req.kind == "offer" else COL_RECOGNITIONS
    if req.cross is not None:
        columns = [c for c in body.columns[1:] if c != TOTAL_LABEL]
    elif req.compare_to is not None:
        before = period_label(req.kind, req.compare_to)
        columns = [f"{main} {before}", f"{main} {req.period}"]
    else:
        columns = [main]
    long = body.melt(
        id_vars=label, value_vars=columns, var_name="reeks", value_name="aantal"
    )
    published = long["aantal"].map(lambda v: not isinstance(v, str))
    long = long.loc[published].astype({"aantal": "int64"})
    if top is not None and long[label].nunique() > top:
        sums = long.groupby(label, sort=False)["aantal"].sum()
        keep = sums.sort_values(ascending=False, kind="stable").index[:top]
        order = {g: i for i, g in enumerate(keep)}
        long = long[long[label].isin(order)]
        long = long.sort_values(label, key=lambda c: c.map(order), kind="stable")
    return long.reset_index(drop=True)
