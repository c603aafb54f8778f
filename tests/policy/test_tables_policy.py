"""Every policy table equals a plain recount of the raw demo tables, on several dates.

The recounts below are written plainly (dict lookups, boolean masks, groupby or a
loop) and share no code with radar.tables, radar.crosstab or radar.policy.
"""

from __future__ import annotations

import calendar
import dataclasses
from collections import Counter, defaultdict

import numpy as np
import pandas as pd
import pytest

from radar.policy.build import TableRequest, build_table, chart_data, expiring_list
from radar.policy.tables import TOTAL_LABEL

DATES = ["2019-09-01", "2022-02-07", "2024-06-30", "2026-10-01"]
GROUPINGS = ["province", "arrondissement", "resoc", "partnership", "programme"]
PROVINCES = {
    "04000": "Brussels H. Gewest",
    "10000": "Provincie Antwerpen",
    "70000": "Provincie Limburg",
    "40000": "Provincie Oost-Vlaanderen",
    "20001": "Provincie Vlaams-Brabant",
    "30000": "Provincie West-Vlaanderen",
}


def label_of(demo, by: str) -> dict[str, dict[str, str]]:
    """Per source column, a plain dict from code to the group label of ``by``."""
    mun = demo.municipalities
    prog = demo.programmes
    if by == "province":
        return {"nis": {r.nis: PROVINCES[r.province_nis] for r in mun.itertuples()}}
    if by == "arrondissement":
        return {"nis": {r.nis: r.arrondissement_nl for r in mun.itertuples()}}
    if by == "resoc":
        return {"nis": {r.nis: r.resoc for r in mun.itertuples()}}
    if by == "partnership":
        return {
            "programme_id": {r.programme_id: r.partnership for r in prog.itertuples()}
        }
    return {"programme_id": {r.programme_id: r.name for r in prog.itertuples()}}


def group_of(demo, frame: pd.DataFrame, by: str) -> list[str]:
    ((column, lookup),) = label_of(demo, by).items()
    return [lookup[v] for v in frame[column]]


def valid_on(rec: pd.DataFrame, d: pd.Timestamp) -> pd.DataFrame:
    return rec[(rec.valid_from <= d) & (rec.valid_to > d)]


def add_months(d: pd.Timestamp, n: int) -> pd.Timestamp:
    years, month0 = divmod(d.month - 1 + n, 12)
    year, month = d.year + years, month0 + 1
    return pd.Timestamp(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def school_year(d: pd.Timestamp) -> str:
    first = d.year if d.month >= 9 else d.year - 1
    return f"{first}-{str(first + 1)[2:]}"


def rows_of(table: pd.DataFrame) -> dict[str, tuple]:
    return {r[0]: tuple(r[1:]) for r in table.itertuples(index=False)}


def recount(demo, frame: pd.DataFrame, by: str, how: str) -> dict[str, tuple]:
    """Plain per-group counts: recognitions (n, unique establishments) or offer."""
    frame = frame.assign(g=group_of(demo, frame, by))
    out = {}
    for g, rows in frame.groupby("g"):
        if how == "recognitions":
            out[g] = (len(rows), rows.establishment_number.nunique())
        else:
            out[g] = (rows.location_id.nunique(), int(rows.learners.sum()))
    if how == "recognitions":
        out[TOTAL_LABEL] = (len(frame), frame.establishment_number.nunique())
    else:
        out[TOTAL_LABEL] = (frame.location_id.nunique(), int(frame.learners.sum()))
    return out


def assert_table_matches(got: dict[str, tuple], expected: dict[str, tuple]) -> None:
    for group, value in got.items():
        assert value == expected.get(group, (0, 0)), group
    assert set(expected) <= set(got)


@pytest.mark.parametrize("as_of", DATES)
@pytest.mark.parametrize("by", GROUPINGS)
def test_recognition_and_expiring_tables_equal_a_plain_recount(demo, as_of, by):
    d = pd.Timestamp(as_of)
    active = valid_on(demo.recognitions, d)
    table = build_table(demo, TableRequest(as_of=d, by=by)).table
    assert_table_matches(rows_of(table), recount(demo, active, by, "recognitions"))
    for months in (1, 6, 24):
        soon = active[active.valid_to <= add_months(d, months)]
        req = TableRequest(as_of=d, kind="expiring", by=by, months=months)
        table = build_table(demo, req).table
        assert_table_matches(rows_of(table), recount(demo, soon, by, "recognitions"))


@pytest.mark.parametrize("as_of", DATES)
@pytest.mark.parametrize("by", GROUPINGS)
def test_offer_tables_equal_a_plain_recount_of_the_school_year(demo, as_of, by):
    d = pd.Timestamp(as_of)
    offered = demo.offerings[demo.offerings.school_year == school_year(d)]
    assert len(offered) > 0
    pt = build_table(demo, TableRequest(as_of=d, kind="offer", by=by))
    assert pt.table.columns.tolist()[1:] == ["lesplaatsen", "leerlingen"]
    assert_table_matches(rows_of(pt.table), recount(demo, offered, by, "offer"))
    assert school_year(d) in pt.title


def plain_crosstab(demo, frame, rows, cols, value=None):
    cells: Counter = Counter()
    row_keys = group_of(demo, frame, rows)
    col_keys = group_of(demo, frame, cols)
    weights = [1] * len(frame) if value is None else frame[value].tolist()
    for r, c, w in zip(row_keys, col_keys, weights, strict=True):
        cells[(r, c)] += int(w)
    return cells


@pytest.mark.parametrize("as_of", ["2019-09-01", "2022-02-07", "2026-10-01"])
@pytest.mark.parametrize(
    ("kind", "rows", "cols"),
    [
        ("recognitions", "partnership", "province"),
        ("recognitions", "programme", "province"),
        ("recognitions", "province", "partnership"),
        ("expiring", "partnership", "province"),
        ("offer", "programme", "province"),
        ("offer", "partnership", "resoc"),
    ],
)
def test_crosstabs_equal_a_plain_loop_count(demo, as_of, kind, rows, cols):
    d = pd.Timestamp(as_of)
    if kind == "offer":
        frame = demo.offerings[demo.offerings.school_year == school_year(d)]
        cells = plain_crosstab(demo, frame, rows, cols, value="learners")
    else:
        frame = valid_on(demo.recognitions, d)
        if kind == "expiring":
            frame = frame[frame.valid_to <= add_months(d, 6)]
        cells = plain_crosstab(demo, frame, rows, cols)
    req = TableRequest(as_of=d, kind=kind, by=rows, cross=cols)
    table = build_table(demo, req).table
    assert table.columns[-1] == TOTAL_LABEL
    row_totals: defaultdict = defaultdict(int)
    col_totals: defaultdict = defaultdict(int)
    for (r, c), n in cells.items():
        row_totals[r] += n
        col_totals[c] += n
    for record in table.to_dict("records"):
        label = record.pop(table.columns[0])
        total = record.pop(TOTAL_LABEL)
        if label == TOTAL_LABEL:
            assert total == sum(cells.values())
            assert record == {c: col_totals.get(c, 0) for c in record}
        else:
            assert total == row_totals[label]
            assert record == {c: cells.get((label, c), 0) for c in record}
    listed = set(table.iloc[:-1, 0])
    assert {r for r, n in row_totals.items() if n} <= listed


@pytest.mark.parametrize(
    ("as_of", "before"), [("2022-02-07", "2021-02-07"), ("2026-10-01", "2025-10-01")]
)
@pytest.mark.parametrize("kind", ["recognitions", "expiring", "offer"])
@pytest.mark.parametrize("by", ["province", "partnership", "programme"])
def test_comparison_adds_the_earlier_value_and_the_change(
    demo, as_of, before, kind, by
):
    d, b = pd.Timestamp(as_of), pd.Timestamp(before)
    now = build_table(demo, TableRequest(as_of=d, kind=kind, by=by)).table
    then = build_table(demo, TableRequest(as_of=b, kind=kind, by=by)).table
    req = TableRequest(as_of=d, kind=kind, by=by, compare_to=b)
    pt = build_table(demo, req)
    table = pt.table
    label = table.columns[0]
    assert table[label].iloc[-1] == TOTAL_LABEL
    now_rows, then_rows = rows_of(now), rows_of(then)
    p_now, p_then = req.period, (school_year(b) if kind == "offer" else f"{b:%d-%m-%Y}")
    for j, m in enumerate(req.measures):
        for _, row in table.iterrows():
            g = row[label]
            a = then_rows.get(g, (0, 0))[j]
            c = now_rows.get(g, (0, 0))[j]
            assert (row[f"{m} {p_then}"], row[f"{m} {p_now}"]) == (a, c), g
            assert row[f"{m} verschil"] == c - a
            pct = row[f"{m} verschil %"]
            if a == 0:
                assert np.isnan(pct)
            else:
                assert pct == pytest.approx(round((c - a) / a * 100, 1))
    assert set(now_rows) | set(then_rows) == set(table[label])
    assert f"vergeleken met {p_then}" in pt.title


def test_the_published_2022_table_comes_out_of_the_policy_request_unchanged(demo):
    pt = build_table(demo, TableRequest(as_of=pd.Timestamp("2022-02-07")))
    assert rows_of(pt.table)[TOTAL_LABEL] == (14892, 9680)
    assert rows_of(pt.table)["Provincie Antwerpen"] == (4010, 2648)
    assert pt.table.equals(pt.values) and pt.marks is None


def test_expiring_list_holds_exactly_the_expiring_recognitions_soonest_first(demo):
    d = pd.Timestamp("2026-10-01")
    listing = expiring_list(demo, d, 6)
    active = valid_on(demo.recognitions, d)
    soon = active[active.valid_to <= add_months(d, 6)]
    assert len(listing) == len(soon)
    assert sorted(listing.vestigingsnummer) == sorted(soon.establishment_number)
    dates = listing["vervalt op"].tolist()
    assert dates == sorted(dates)
    assert all(d.date() < v <= add_months(d, 6).date() for v in dates)


def test_chart_data_never_shows_a_hidden_cell(demo):
    req = TableRequest(
        as_of=pd.Timestamp("2022-02-07"), by="programme", cross="province", suppress=5
    )
    pt = build_table(demo, req)
    chart = chart_data(pt)
    hidden = int(pt.table.iloc[:-1, 1:-1].map(lambda v: isinstance(v, str)).sum().sum())
    body_cells = (len(pt.table) - 1) * (pt.table.shape[1] - 2)
    assert len(chart) == body_cells - hidden
    assert not ((chart["aantal"] > 0) & (chart["aantal"] < 5)).any()


def test_expiring_list_says_which_recognitions_already_have_a_successor(demo):
    # E1/SO-8 is renewed from the day it ends; E2/SO-8 is renewed for another
    # programme only; E3/SO-8 got a new recognition that starts a month too late.
    rows = [
        ("E1", "SO-8", "2020-01-01", "2022-03-01"),
        ("E1", "SO-8", "2022-03-01", "2027-03-01"),
        ("E2", "SO-8", "2020-01-01", "2022-04-01"),
        ("E2", "SO-13", "2022-04-01", "2027-04-01"),
        ("E3", "SO-8", "2020-01-01", "2022-05-01"),
        ("E3", "SO-8", "2022-06-01", "2027-06-01"),
    ]
    rec = demo.recognitions.head(len(rows)).copy()
    rec["establishment_number"] = [r[0] for r in rows]
    rec["programme_id"] = [r[1] for r in rows]
    rec["valid_from"] = pd.to_datetime([r[2] for r in rows]).astype(
        rec.valid_from.dtype
    )
    rec["valid_to"] = pd.to_datetime([r[3] for r in rows]).astype(rec.valid_to.dtype)
    world = dataclasses.replace(demo, recognitions=rec)
    listing = expiring_list(world, pd.Timestamp("2022-02-07"), 6)
    assert listing["vestigingsnummer"].tolist() == ["E1", "E2", "E3"]
    assert listing["verlengd"].tolist() == ["ja", "nee", "nee"]


def test_chart_data_keeps_the_largest_groups_when_asked(demo):
    pt = build_table(
        demo, TableRequest(as_of=pd.Timestamp("2022-02-07"), by="programme")
    )
    full = chart_data(pt)
    top = chart_data(pt, top=10)
    assert len(top) == 10
    assert top["aantal"].tolist() == sorted(full["aantal"], reverse=True)[:10]


def test_a_programme_comparison_lists_the_programmes_of_both_dates_by_name(demo):
    req = TableRequest(
        as_of=pd.Timestamp("2026-10-01"),
        by="programme",
        compare_to=pd.Timestamp("2022-02-07"),
    )
    labels = build_table(demo, req).table.iloc[:, 0].tolist()
    assert labels[-1] == TOTAL_LABEL
    assert labels[:-1] == sorted(labels[:-1])
