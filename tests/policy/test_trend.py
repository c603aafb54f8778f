"""Evolutie: the trend over a range of dates equals the one-date tables at every
step; hand-made worlds with known answers; availability; suppression; the CLI."""

from __future__ import annotations

import io
from dataclasses import replace

import pandas as pd
import pytest
from openpyxl import load_workbook

from radar.cli import main
from radar.kernel import schema as s
from radar.kernel.errors import DataError
from radar.kernel.export import to_xlsx_bytes
from radar.kernel.paths import DEMO_DIR
from radar.policy import build
from radar.policy.tables import TOTAL_LABEL
from radar.policy.trend import (
    MEASURES,
    NOT_AVAILABLE,
    TrendRequest,
    build_trend,
    totals,
    trend_dates,
    trend_sheets,
    trend_text,
)

LIMBURG = "Provincie Limburg"
ANTWERPEN = "Provincie Antwerpen"


def T(text: str) -> pd.Timestamp:  # noqa: N802
    return pd.Timestamp(text)


@pytest.mark.parametrize("by", ["province", "partnership"])
def test_trend_2016_to_2026_equals_the_one_date_tables_at_every_step(demo, by):
    req = TrendRequest(T("2016-09-01"), T("2026-09-01"), "year", by)
    trend = build_trend(demo, req)
    assert len(req.dates) == 11
    label = trend.label
    for when in req.dates:
        got = trend.long[trend.long["datum"] == when].set_index(label)
        for kind, cols in (("recognitions", MEASURES[:2]), ("offer", MEASURES[2:])):
            one = build.build_table(demo, build.TableRequest(when, kind, by)).table
            one = one.set_index(label)
            for col in cols:
                assert got.loc[one.index, col].tolist() == one[col].tolist(), (
                    when,
                    col,
                )


def test_trend_totals_equal_the_cheap_totals_and_the_change_is_last_minus_first(demo):
    req = TrendRequest(T("2016-09-01"), T("2026-09-01"))
    trend = build_trend(demo, req)
    cheap = totals(demo, req.dates)
    total = trend.long[trend.long["provincie"] == TOTAL_LABEL]
    for m in MEASURES:
        assert total[m].tolist() == cheap[m].astype(int).tolist()
    wide = trend.wide("erkenningen").set_index("provincie")
    first, last = cheap["erkenningen"].iloc[0], cheap["erkenningen"].iloc[-1]
    assert wide.loc[TOTAL_LABEL, "verschil"] == last - first
    assert wide.loc[TOTAL_LABEL, "verschil %"] == round((last - first) / first * 100, 1)
    assert list(wide.columns[:2]) == ["01-09-2016", "01-09-2017"]


@pytest.fixture
def world(demo):
    """Two Limburg recognitions and one in Antwerpen, learners in 2021-22 only.

    - R1 (Limburg, vestiging A) runs 2020-01-01 to 2023-01-01;
    - R2 (Limburg, vestiging A, other programme) from 2021-06-01 to 2030-01-01;
    - R3 (Antwerpen, vestiging B) from 2020-01-01 to 2021-03-01;
    - lesplaats L1 in Limburg with 7 learners in 2021-22, no other school year.
    """
    mun = demo.municipalities
    codes = {LIMBURG: "70000", ANTWERPEN: "10000"}
    nis = {
        p: mun.loc[mun["province_nis"] == c, s.NIS].iloc[0] for p, c in codes.items()
    }
    rec = demo.recognitions.iloc[:3].copy()
    rec[s.RECOGNITION_ID] = ["R1", "R2", "R3"]
    rec[s.ESTABLISHMENT_NUMBER] = ["A", "A", "B"]
    rec[s.PROGRAMME_ID] = [demo.programmes[s.PROGRAMME_ID].iloc[i] for i in (0, 1, 0)]
    rec[s.NIS] = [nis[LIMBURG], nis[LIMBURG], nis[ANTWERPEN]]
    rec[s.VALID_FROM] = pd.to_datetime(["2020-01-01", "2021-06-01", "2020-01-01"])
    rec[s.VALID_TO] = pd.to_datetime(["2023-01-01", "2030-01-01", "2021-03-01"])
    off = demo.offerings.iloc[:1].copy()
    off[s.SCHOOL_YEAR] = "2021-22"
    off[s.LEARNERS] = 7
    off[s.NIS] = nis[LIMBURG]
    meta = {**demo.meta, "extract_date": "2022-10-01"}
    return replace(demo, recognitions=rec, offerings=off, meta=meta)


def test_hand_made_world_counts_and_change(world):
    trend = build_trend(world, TrendRequest(T("2020-09-01"), T("2022-09-01")))
    rec = trend.wide("erkenningen").set_index("provincie")
    assert rec.loc[LIMBURG].tolist()[:3] == [1, 2, 2]
    assert rec.loc[ANTWERPEN].tolist()[:3] == [1, 0, 0]
    assert rec.loc[TOTAL_LABEL].tolist() == [2, 2, 2, 0, 0.0]
    assert rec.loc[LIMBURG, "verschil"] == 1 and rec.loc[LIMBURG, "verschil %"] == 100.0
    est = trend.wide("unieke vestigingen").set_index("provincie")
    assert est.loc[LIMBURG].tolist()[:3] == [1, 1, 1]  # A counts once
    assert est.loc[ANTWERPEN, "verschil %"] == -100.0


def test_learners_only_where_the_school_year_has_counts(world):
    trend = build_trend(world, TrendRequest(T("2020-09-01"), T("2022-09-01")))
    learners = trend.wide("leerlingen").set_index("provincie")
    assert learners.loc[LIMBURG].tolist()[:3] == [NOT_AVAILABLE, 7, NOT_AVAILABLE]
    assert learners.loc[TOTAL_LABEL, "verschil"] == NOT_AVAILABLE  # one date only
    assert trend.change_dates("leerlingen") is None
    assert trend.chart_data("leerlingen")["aantal"].tolist() == [0, 0, 7, 0, 0, 0, 7]


def test_dates_outside_the_data_are_not_available_never_zero(world):
    trend = build_trend(world, TrendRequest(T("2021-09-01"), T("2023-09-01")))
    rec = trend.wide("erkenningen").set_index("provincie")
    assert rec.loc[LIMBURG, "01-09-2023"] == NOT_AVAILABLE  # after the extract date
    assert rec.loc[LIMBURG, "verschil"] == 0  # 01-09-2021 vs 01-09-2022


def test_monthly_steps_keep_the_day_and_ranges_are_checked():
    assert [d.day for d in trend_dates("2022-01-31", "2022-03-31", "month")] == [
        31,
        28,
        31,
    ]
    with pytest.raises(DataError, match="na de begindatum"):
        TrendRequest(T("2022-01-01"), T("2021-01-01"))
    with pytest.raises(DataError, match="te veel"):
        TrendRequest(T("1990-01-01"), T("2026-01-01"), "month")


def test_suppression_is_applied_per_date_and_hides_the_change(demo):
    req = TrendRequest(T("2016-09-01"), T("2018-09-01"), "year", "partnership", 5)
    trend = build_trend(demo, req)
    for when in req.dates:
        one = build.build_table(
            demo, build.TableRequest(when, "offer", "partnership", suppress=5)
        ).table
        got = trend.long[trend.long["datum"] == when]["leerlingen"].tolist()
        assert got == one["leerlingen"].tolist()
    wide = trend.wide("leerlingen")
    hidden = wide[wide.iloc[:, 1:4].map(lambda v: isinstance(v, str)).any(axis=1)]
    assert len(hidden) > 0
    assert set(hidden["verschil"]) == {"x"}


def test_exports_carry_provenance_and_dutch_text(demo):
    trend = build_trend(demo, TrendRequest(T("2020-09-01"), T("2022-09-01")))
    wb = load_workbook(io.BytesIO(to_xlsx_bytes(trend_sheets(trend, demo))))
    assert wb.sheetnames == list(MEASURES)
    cells = [c for row in wb["erkenningen"].iter_rows(values_only=True) for c in row]
    assert "Gegevensbron" in cells and "Evolutie" in cells
    text = trend_text(trend, "erkenningen", demo)
    assert "provincie\t01-09-2020\t01-09-2021\t01-09-2022\tverschil\tverschil %" in text
    assert "Bron: demodata" in text


def test_cli_trend_csv_matches_the_one_date_csv(demo, capsys):
    args = ["--data", str(DEMO_DIR)]
    assert (
        main(
            [
                "table",
                "--kind",
                "trend",
                "--from",
                "2016-09-01",
                "--to",
                "2026-09-01",
                "--by",
                "province",
                "--format",
                "csv",
                *args,
            ]
        )
        == 0
    )
    long = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert list(long.columns) == ["datum", "provincie", *MEASURES]
    for when in ("2016-09-01", "2022-09-01", "2026-09-01"):
        assert main(["table", "--as-of", when, "--format", "csv", *args]) == 0
        one = pd.read_csv(io.StringIO(capsys.readouterr().out))
        got = long[long["datum"] == when]
        assert got["erkenningen"].tolist() == one["erkenningen"].tolist()
        assert got["unieke vestigingen"].tolist() == one["unieke vestigingen"].tolist()


def test_cli_trend_refuses_a_missing_range(demo, capsys):
    assert main(["table", "--kind", "trend", "--data", str(DEMO_DIR)]) != 0
    assert "--from" in capsys.readouterr().err
