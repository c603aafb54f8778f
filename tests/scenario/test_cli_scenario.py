"""``python -m radar scenario`` and ``suggest``: exact CSV, Dutch refusals."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest

from radar.cli import main
from radar.kernel.settings import Settings
from radar.scenario import codec, places
from radar.scenario.apply import apply
from radar.scenario.changes import Scenario
from radar.scenario.compare import compare, evaluate
from radar.supply_demand import analysis

PROGRAMME = ["--programme", "SO-355", "--as-of", "2026-10-01"]
ANTWERPEN = "51.2194,4.4025"


def _csv(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), dtype={"location_id": str})


def test_scenario_prints_every_lesplaats_before_and_after(demo, capsys):
    args = ["scenario", *PROGRAMME, "--add-lesplaats", f"{ANTWERPEN}:30"]
    assert main([*args, "--add-workplaces", "resoc:KEMP:20"]) == 0
    captured = capsys.readouterr()
    out = _csv(captured.out)
    assert list(out.columns[:3]) == ["location_id", "school_name", "status"]
    for metric in ("accessibility", "workplaces_within_radius", "tekortstraal_km"):
        assert f"{metric}_before" in out and f"{metric}_after" in out
    new = out.set_index("location_id").loc["nieuw-1"]
    assert new["status"] == "nieuw" and new["learners_after"] == 30
    assert pd.isna(new["accessibility_before"])
    assert "wijziging: 20 nieuwe werkplekken in Resoc Kempen" in captured.err
    assert captured.err.rstrip().endswith(".")
    # The numbers are the computed ones, exactly.
    prep = analysis.prepare(demo)
    b = places.base(prep, "SO-355", demo.extract_date)
    scenario = Scenario(
        "SO-355",
        demo.extract_date,
        (
            places.add_lesplaats(b, 30, 51.2194, 4.4025),
            places.add_workplaces(b, 20, area="resoc:KEMP"),
        ),
    )
    s1, d1 = apply(b.supply, b.demand, scenario)
    m, st = b.municipalities, Settings()
    want = compare(
        evaluate(b.supply, b.demand, m, "gemeente", st),
        evaluate(s1, d1, m, "gemeente", st),
    ).locations
    got = out.set_index("location_id")["accessibility_after"]
    assert got.tolist() == want.set_index("location_id")["accessibility_after"].tolist()
    assert not re.search(r"\d[eE][+-]\d", captured.out)  # never scientific


def test_scenario_reads_a_file_from_the_page(demo, capsys, tmp_path):
    prep = analysis.prepare(demo)
    b = places.base(prep, "SO-355", demo.extract_date)
    first = str(b.demand["id"].iloc[0])
    scenario = Scenario(
        "SO-355",
        demo.extract_date,
        (places.add_lesplaats(b, 25, municipality="11002"),),
    )
    path = tmp_path / "scenario.json"
    path.write_text(codec.to_json(scenario), encoding="utf-8")
    assert main(["scenario", *PROGRAMME, "--file", str(path), "--close", first]) == 0
    out = _csv(capsys.readouterr().out).set_index("location_id")
    assert out.loc["nieuw-1", "school_name"] == "Nieuwe lesplaats 1 (Antwerpen)"
    assert out.loc[first, "status"] == "gesloten"


def test_suggest_ranks_gemeenten_with_the_effect_of_each(demo, capsys):
    assert main(["suggest", *PROGRAMME, "--learners", "25", "--top", "3"]) == 0
    out = _csv(capsys.readouterr().out)
    assert out["rank"].tolist() == [1, 2, 3]
    assert {"code", "name", "net_workplaces", "benefit", "harm", "headline"} <= set(
        out.columns
    )
    assert out["net_workplaces"].round(9).is_monotonic_decreasing
    assert main(["suggest", *PROGRAMME, "--workplaces", "15"]) == 0
    out = _csv(capsys.readouterr().out)
    assert len(out) == 10 and "shortfall_closed" in out


BAD = [
    (["scenario", *PROGRAMME], "geef minstens één wijziging"),
    (["scenario", *PROGRAMME, "--add-lesplaats", "51.0:25"], "BREEDTE,LENGTE"),
    (["scenario", *PROGRAMME, "--add-lesplaats", "25"], "BREEDTE,LENGTE:N"),
    (["scenario", *PROGRAMME, "--add-lesplaats", "51.0,4.0:0"], "minstens 1"),
    (["scenario", *PROGRAMME, "--add-lesplaats", "51,4:veel"], "geen getal"),
    (["scenario", *PROGRAMME, "--add-lesplaats", "40.0,4.0:5"], "buiten België"),
    (["scenario", *PROGRAMME, "--add-lesplaats", "99999:5"], "onbekende gemeente"),
    (["scenario", *PROGRAMME, "--close", "NOPE"], "onbekende lesplaats 'NOPE'"),
    (["scenario", *PROGRAMME, "--add-workplaces", "51.0,4.0:-1"], "werkplekken"),
    (["scenario", *PROGRAMME, "--add-workplaces", "maan:X:3"], "onbekend niveau"),
    (["scenario", *PROGRAMME, "--file", "/nonexistent.json"], "niet te lezen"),
    (
        [
            "scenario",
            "--programme",
            "SO-355",
            "--as-of",
            "2040-01-01",
            "--close",
            "x",
        ],
        "valt buiten de gegevens",
    ),
    (
        ["scenario", "--programme", "XX", "--as-of", "2026-10-01", "--close", "x"],
        "onbekende opleiding",
    ),
    (["scenario", *PROGRAMME, "--close", "x", "--related-weight", "2"], "[0, 1]"),
    (["suggest", *PROGRAMME], "geef --learners N"),
    (["suggest", *PROGRAMME, "--learners", "5", "--workplaces", "5"], "--learners"),
    (["suggest", *PROGRAMME, "--learners", "0"], "--learners"),
    (["suggest", *PROGRAMME, "--learners", "5", "--top", "0"], "--top"),
]


@pytest.mark.parametrize(("args", "words"), BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_input_exits_2_with_one_dutch_line(demo, capsys, args, words):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("fout: ") and err.count("\n") == 1, err
    assert words in err, err


def test_a_bad_scenario_file_exits_2(demo, capsys, tmp_path):
    path = tmp_path / "kapot.json"
    path.write_text('{"programme": "SO-355", "as_of": "2026-10-01", "changes": [1]}')
    assert main(["scenario", *PROGRAMME, "--file", str(path)]) == 2
    assert "geen beschrijving van een wijziging" in capsys.readouterr().err
