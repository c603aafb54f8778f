"""The date index gives exactly the numbers of the direct tables.

Hand-made worlds with known answers (overlapping and touching periods of one
establishment, a far-future and a missing end, boundaries on the date, one
establishment in two groups, a municipality outside the reference), random worlds
against the direct path (hypothesis), and the demo: every grouping, every crosstab,
expiring recognitions and finished tables (compared, suppressed) on several dates.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from radar.kernel import schema as s
from radar.kernel.calendar import expiring_within, valid_on
from radar.kernel.load import Dataset
from radar.policy.build import TableRequest, build_table
from radar.policy.crosstab import crosstab
from radar.policy.index import PolicyIndex
from radar.policy.tables import (
    COL_ESTABLISHMENTS,
    COL_RECOGNITIONS,
    GROUPINGS,
    TOTAL_LABEL,
    recognition_table,
)

PAIRS = list(itertools.permutations(GROUPINGS, 2))


def world(reference: dict[str, pd.DataFrame], rows: list[tuple]) -> Dataset:
    """A dataset of recognitions (establishment, programme, nis, from, to); dates as
    text, None for a missing one; stored in milliseconds as the loader does."""

    def dates(i: int) -> np.ndarray:
        return np.array([r[i] or "NaT" for r in rows], dtype="datetime64[ms]")

    rec = pd.DataFrame(
        {
            s.RECOGNITION_ID: [f"R{i}" for i in range(len(rows))],
            s.ESTABLISHMENT_NUMBER: [r[0] for r in rows],
            s.PROGRAMME_ID: [r[1] for r in rows],
            s.NIS: [r[2] for r in rows],
            s.VALID_FROM: dates(3),
            s.VALID_TO: dates(4),
        }
    )
    empty = pd.DataFrame()
    return Dataset(
        programmes=reference["programmes"],
        municipalities=reference["municipalities"],
        postal_codes=reference["postal_codes"],
        offerings=empty,
        recognitions=rec,
        establishments=empty,
    )


# Antwerpen 11002 (province 10000), Gent 44021 (province 40000); SO-8 and SO-13 are
# both Groene sectoren, SO-23 is Mobiliteit.
KNOWN = [
    # E1, SO-8: overlapping, then touching, then after a gap
    ("E1", "SO-8", "11002", "2020-01-01", "2022-01-01"),
    ("E1", "SO-8", "11002", "2021-06-01", "2023-01-01"),
    ("E1", "SO-8", "11002", "2023-01-01", "2024-01-01"),
    ("E1", "SO-8", "11002", "2025-01-01", "2026-01-01"),
    # E1 in a second programme of the same partnership
    ("E1", "SO-13", "11002", "2020-01-01", "2025-01-01"),
    # starts on 2022-02-07 and ends far in the future
    ("E2", "SO-23", "44021", "2022-02-07", "9999-12-31"),
    # ends on 2022-02-07 (does not count that day)
    ("E3", "SO-8", "44021", "2017-02-07", "2022-02-07"),
    # no end date: counts on no date (the calendar's rule)
    ("E4", "SO-8", "44021", "2019-01-01", None),
    # a municipality outside the reference: in the total only
    ("E5", "SO-8", "99999", "2020-01-01", "2030-01-01"),
    # a reversed period: counts on no date
    ("E6", "SO-8", "11002", "2024-01-01", "2021-01-01"),
]
ANTWERPEN, OOST = "Provincie Antwerpen", "Provincie Oost-Vlaanderen"


def counts(table: pd.DataFrame) -> dict[str, tuple[int, int]]:
    label = table.columns[0]
    return {
        r[label]: (r[COL_RECOGNITIONS], r[COL_ESTABLISHMENTS])
        for _, r in table.iterrows()
        if r[COL_RECOGNITIONS] or r[label] == TOTAL_LABEL
    }


@pytest.mark.parametrize(
    ("when", "by", "expected"),
    [
        ("2022-02-07", "province", {ANTWERPEN: (2, 1), OOST: (1, 1)}),
        ("2022-02-07", "programme", {"SO-8": (2, 2), "SO-13": (1, 1), "SO-23": (1, 1)}),
        ("2021-09-01", "province", {ANTWERPEN: (3, 1), OOST: (1, 1)}),
        ("2021-09-01", "partnership", {"Groene sectoren": (5, 3)}),
        ("2023-01-01", "programme", {"SO-8": (2, 2), "SO-13": (1, 1), "SO-23": (1, 1)}),
        ("2024-06-01", "programme", {"SO-8": (1, 1), "SO-13": (1, 1), "SO-23": (1, 1)}),
        ("2025-06-01", "province", {ANTWERPEN: (1, 1), OOST: (1, 1)}),
        ("2019-06-01", "province", {OOST: (1, 1)}),
    ],
)
def test_known_world_counts_the_same_by_index_and_directly(
    reference, when, by, expected
):
    ds = world(reference, KNOWN)
    d = pd.Timestamp(when)
    direct = recognition_table(ds.recognitions, ds.municipalities, ds.programmes, d, by)
    indexed = PolicyIndex(ds).recognition_table(d, by)
    pd.testing.assert_frame_equal(indexed, direct)
    got = counts(indexed)
    got.pop(TOTAL_LABEL)
    if by == "programme":  # programme rows are labelled by name
        names = ds.programmes.set_index(s.PROGRAMME_ID)[s.NAME]
        expected = {names[k]: v for k, v in expected.items()}
    assert got == expected


def test_known_world_totals(reference):
    index = PolicyIndex(world(reference, KNOWN))
    # 2021-09-01: E1 three times, E3, E5 -> 5 recognitions of 3 establishments
    total = index.recognition_table(pd.Timestamp("2021-09-01"), "province").iloc[-1]
    assert (total[COL_RECOGNITIONS], total[COL_ESTABLISHMENTS]) == (5, 3)
    # 2022-02-07: E1 twice, E2, E5 -> 4 of 3
    total = index.recognition_table(pd.Timestamp("2022-02-07"), "resoc").iloc[-1]
    assert (total[COL_RECOGNITIONS], total[COL_ESTABLISHMENTS]) == (4, 3)
    # before any recognition and on the far-future end day: nothing but what holds
    assert index.recognition_table(pd.Timestamp("2000-01-01"), "province").iloc[
        -1, 1:
    ].tolist() == [0, 0]


def test_a_time_of_day_counts_like_the_direct_path(reference):
    ds = world(reference, KNOWN)
    index = PolicyIndex(ds)
    for when in ("2022-02-06 23:59:59.9999", "2022-02-07 00:00:00.0001"):
        d = pd.Timestamp(when)
        direct = recognition_table(
            ds.recognitions, ds.municipalities, ds.programmes, d, "province"
        )
        pd.testing.assert_frame_equal(index.recognition_table(d, "province"), direct)


def test_known_world_crosstabs_and_expiring(reference):
    ds = world(reference, KNOWN)
    index = PolicyIndex(ds)
    for when in ("2021-09-01", "2022-02-07", "2023-01-01"):
        d = pd.Timestamp(when)
        active = valid_on(ds.recognitions, d)
        for rows, cols in PAIRS:
            direct = crosstab(active, rows, cols, ds.municipalities, ds.programmes)
            pd.testing.assert_frame_equal(index.crosstab(d, rows, cols), direct)
        for months in (0, 4, 12, 120):
            pd.testing.assert_frame_equal(
                index.expiring(d, months), expiring_within(ds.recognitions, d, months)
            )
    # E1's SO-8 recognition ending 2023-01-01 expires within 11 months of 2022-02-07
    soon = index.expiring(pd.Timestamp("2022-02-07"), 11)
    assert soon[s.RECOGNITION_ID].tolist() == ["R1"]


DAYS = pd.date_range("2019-12-30", "2020-01-12").strftime("%Y-%m-%d").tolist()
PLACES = ["11002", "12025", "44021", "21004", "71016", "99999"]
PROGRAMMES = ["SO-8", "SO-13", "SO-23", "SO-43"]
period = st.tuples(
    st.sampled_from(["E1", "E2", "E3", "E4"]),
    st.sampled_from(PROGRAMMES),
    st.sampled_from(PLACES),
    st.sampled_from(DAYS),
    st.sampled_from([*DAYS, None]),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(period, min_size=1, max_size=25), st.sampled_from(DAYS))
def test_random_worlds_count_the_same(reference, rows, when):
    ds = world(reference, rows)
    index = PolicyIndex(ds)
    d = pd.Timestamp(when)
    for by in GROUPINGS:
        direct = recognition_table(
            ds.recognitions, ds.municipalities, ds.programmes, d, by
        )
        pd.testing.assert_frame_equal(index.recognition_table(d, by), direct)
    active = valid_on(ds.recognitions, d)
    for rows_by, cols_by in (("province", "partnership"), ("programme", "resoc")):
        direct = crosstab(active, rows_by, cols_by, ds.municipalities, ds.programmes)
        pd.testing.assert_frame_equal(index.crosstab(d, rows_by, cols_by), direct)


DEMO_DATES = ["2016-01-01", "2019-09-01", "2022-02-07", "2026-10-01"]


@pytest.fixture(scope="module")
def demo_index(demo):
    return PolicyIndex(demo)


@pytest.mark.parametrize("when", DEMO_DATES)
def test_demo_every_grouping_and_crosstab(demo, demo_index, when):
    d = pd.Timestamp(when)
    for by in GROUPINGS:
        direct = recognition_table(
            demo.recognitions, demo.municipalities, demo.programmes, d, by
        )
        pd.testing.assert_frame_equal(demo_index.recognition_table(d, by), direct)
    active = valid_on(demo.recognitions, d)
    for rows, cols in PAIRS:
        direct = crosstab(active, rows, cols, demo.municipalities, demo.programmes)
        pd.testing.assert_frame_equal(demo_index.crosstab(d, rows, cols), direct)
    for months in (1, 6, 24):
        pd.testing.assert_frame_equal(
            demo_index.expiring(d, months),
            expiring_within(demo.recognitions, d, months),
        )


def test_demo_2022_province_table_is_the_published_one(demo_index):
    table = demo_index.recognition_table(pd.Timestamp("2022-02-07"), "province")
    assert table.iloc[-1].tolist() == [TOTAL_LABEL, 14892, 9680]


@pytest.mark.parametrize(
    "request_",
    [
        TableRequest(pd.Timestamp("2022-02-07"), compare_to=pd.Timestamp("2021-02-07")),
        TableRequest(pd.Timestamp("2022-02-07"), by="arrondissement", suppress=5),
        TableRequest(
            pd.Timestamp("2024-03-01"), by="partnership", cross="province", suppress=5
        ),
        TableRequest(
            pd.Timestamp("2023-05-01"),
            by="resoc",
            compare_to=pd.Timestamp("2022-05-01"),
            suppress=3,
        ),
        TableRequest(pd.Timestamp("2022-02-07"), kind="expiring", by="programme"),
        TableRequest(
            pd.Timestamp("2022-02-07"), kind="expiring", by="province", suppress=5
        ),
    ],
    ids=[
        "compare",
        "suppress",
        "crosstab-suppress",
        "compare-suppress",
        "exp",
        "exp-k",
    ],
)
def test_demo_finished_tables_are_the_same(demo, demo_index, request_):
    direct = build_table(demo, request_)
    indexed = build_table(demo, request_, demo_index)
    pd.testing.assert_frame_equal(indexed.values, direct.values)
    pd.testing.assert_frame_equal(indexed.table, direct.table)
    if direct.marks is not None:
        pd.testing.assert_frame_equal(indexed.marks, direct.marks)


def test_demo_trend_is_the_same_with_the_index(demo, demo_index):
    from radar.policy.trend import TrendRequest, build_trend

    request = TrendRequest(
        pd.Timestamp("2016-09-01"), pd.Timestamp("2026-09-01"), "year", "resoc", 5
    )
    direct = build_trend(demo, request)
    indexed = build_trend(demo, request, demo_index)
    pd.testing.assert_frame_equal(indexed.long, direct.long)
