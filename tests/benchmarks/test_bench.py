"""The bench's machinery on small worlds: goals and statuses, the scaled register,
and a smoke run of the page and peer parts on a tiny dataset (the real run is by
hand: ``make bench``)."""

from __future__ import annotations

import pandas as pd
import pytest

from benchmarks import bench
from benchmarks.datasets import scale_dataset
from benchmarks.peers import gaussian_math
from radar.kernel import schema as s
from radar.supply_demand.catchment import decay


def timing(name: str, first: float, runs: list[float], deck: int = 0) -> dict:
    return {
        "name": name,
        "first_ms": first,
        "runs_ms": runs,
        "payload_bytes": deck + 100,
        "deck_bytes": deck,
        "note": "",
    }


def test_programme_change_status_follows_the_median_and_the_growth():
    base = [
        timing("Vraag & aanbod: opleiding wijzigen", 900, [100, 140, 400], 1000),
        timing("Tabellen: peildatum wijzigen", 50, [60, 70, 80]),
    ]
    scaled = [
        timing("Vraag & aanbod: opleiding wijzigen", 900, [300, 290, 310], 2000),
        timing("Tabellen: peildatum wijzigen", 50, [100, 110, 200]),
    ]
    lines = {(x.name, x.scale): x for x in bench.page_lines(base, scaled, 10)}
    one = lines[("Vraag & aanbod: opleiding wijzigen", "1x")]
    assert one.status == bench.MET  # median 140 <= 150; the first run is apart
    assert "eerste 900 ms" in one.measured and "mediaan 140 ms" in one.measured
    ten = lines[("Vraag & aanbod: opleiding wijzigen", "10x")]
    assert ten.status == bench.NOT_MET and "2.14x" in ten.measured  # 300 / 140
    tables = lines[("Tabellen: peildatum wijzigen", "10x")]
    assert tables.status == bench.MET and "1.57x" in tables.measured  # 110 / 70
    assert lines[("Tabellen: peildatum wijzigen", "1x")].status == bench.NO_GOAL


def test_report_names_every_goal_not_met():
    lines = [
        bench.Line("a", "1x", "1 ms", "<= 2 ms", bench.MET),
        bench.Line("b", "10x", "9 ms", "<= 2x", bench.NOT_MET),
    ]
    text = bench.format_lines(lines)
    assert "| a | 1x | 1 ms | <= 2 ms | gehaald |" in text
    assert text.splitlines()[-1] == "Niet gehaald: b (10x)"


def test_plain_math_gaussian_is_the_catchment_weight():
    d = [0.0, 3.0, 12.5, 24.9, 25.0, 40.0]
    w = gaussian_math(25.0)
    assert [w(x) for x in d] == pytest.approx(decay(pd.Series(d).to_numpy(), 25.0))


def test_scaling_copies_recognitions_lesplaatsen_and_learners(demo):
    scaled = scale_dataset(demo, 3)
    assert len(scaled.recognitions) == 3 * len(demo.recognitions)
    assert len(scaled.offerings) == 3 * len(demo.offerings)
    assert scaled.offerings[s.LEARNERS].sum() == 3 * demo.offerings[s.LEARNERS].sum()
    places = demo.offerings[s.LOCATION_ID].nunique()
    assert scaled.offerings[s.LOCATION_ID].nunique() == 3 * places
    recognised = demo.recognitions[s.ESTABLISHMENT_NUMBER].nunique()
    assert len(scaled.establishments) == len(demo.establishments) + 2 * recognised
    numbers = scaled.establishments[s.ESTABLISHMENT_NUMBER]
    assert numbers.is_unique
    assert scaled.recognitions[s.ESTABLISHMENT_NUMBER].isin(set(numbers)).all()
    assert scaled.recognitions[s.CELL].notna().all()


def test_the_bench_runs_on_a_tiny_dataset_and_every_line_has_goal_and_status(
    tmp_path,
):
    lines = bench.run(
        n_establishments=60_000,
        runs=1,
        scale=2,
        parts=("pages", "peers"),
        folder=tmp_path,
    )
    names = {x.name for x in lines}
    assert "Vraag & aanbod: opleiding wijzigen" in names
    assert any("PySAL" in x.name for x in lines)
    assert {x.scale for x in lines} == {"1x", "2x"}
    for line in lines:
        assert line.goal and line.measured
        assert line.status in (bench.MET, bench.NOT_MET, bench.NO_GOAL)
    report = bench.format_lines(lines)
    assert report.splitlines()[0] == "| regel | schaal | gemeten | doel | status |"
