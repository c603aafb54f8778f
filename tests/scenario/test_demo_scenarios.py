"""Scenarios on the demo data: building changes, links and files, the comparison."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from radar.kernel import schema as s
from radar.kernel.calendar import valid_on
from radar.kernel.errors import DataError
from radar.kernel.settings import Settings
from radar.scenario import codec, places
from radar.scenario.apply import apply
from radar.scenario.changes import CloseLesplaats, Scenario, SetLearners
from radar.scenario.compare import compare, evaluate, export_frame
from radar.supply_demand import analysis
from radar.supply_demand.catchment import SUPPLY
from radar.supply_demand.supply import programme_supply

PROGRAMME = "SO-355"
SETTINGS = Settings()


@pytest.fixture(scope="module")
def prep(demo):
    return analysis.prepare(demo)


@pytest.fixture(scope="module")
def base(prep, demo):
    return places.base(prep, PROGRAMME, demo.extract_date, 0.0, demo.establishments)


def test_the_base_is_what_vraag_en_aanbod_shows(prep, base, demo):
    result = analysis.analyse(prep, PROGRAMME, demo.extract_date, "gemeente", SETTINGS)
    pd.testing.assert_frame_equal(base.supply, result.supply)
    pd.testing.assert_frame_equal(base.demand, result.demand)
    mine = evaluate(base.supply, base.demand, base.municipalities, "gemeente", SETTINGS)
    np.testing.assert_array_equal(
        mine.locations["accessibility"], result.locations["accessibility"]
    )


def test_workplaces_in_an_area_are_spread_over_its_gemeenten_by_population(base):
    change = places.add_workplaces(base, 40, area="resoc:KEMP")
    m = base.municipalities
    kempen = m[m[s.RESOC_CODE] == "KEMP"]
    assert len(change.spots) == len(kempen)
    assert sum(sp.amount for sp in change.spots) == pytest.approx(40)
    people = kempen.set_index(s.NIS)[s.POPULATION].astype(float)
    for sp in change.spots:
        assert sp.amount == pytest.approx(40 * people[sp.nis] / people.sum())
    assert change.describe() == "40 nieuwe werkplekken in Resoc Kempen"


def test_a_lesplaats_in_a_gemeente_sits_on_its_point(base):
    change = places.add_lesplaats(base, 25, municipality="11002")
    row = base.municipalities.set_index(s.NIS).loc["11002"]
    assert (change.spot.lat, change.spot.lng) == (row[s.LAT], row[s.LNG])
    assert change.spot.nis == "11002"
    assert change.describe() == "nieuwe lesplaats in Antwerpen met 25 leerlingen"
    s1, d1 = apply(base.supply, base.demand, Scenario(PROGRAMME, base.as_of, (change,)))
    new = d1.iloc[-1]
    assert (new["id"], new["learners"], new["nis"]) == ("nieuw-1", 25, "11002")
    assert len(s1) == len(base.supply)


def test_lapsing_recognitions_rebuild_the_supply_from_those_still_valid(base):
    before = pd.Timestamp("2028-01-01")
    change = places.drop_expiring(base, before)
    s1, _ = apply(base.supply, base.demand, Scenario(PROGRAMME, base.as_of, (change,)))
    kept = valid_on(valid_on(base.recognitions, base.as_of), before)
    want = programme_supply(kept, base.programmes, PROGRAMME, base.as_of)
    assert sorted(s1["id"]) == sorted(want["id"])
    assert 0 < len(s1) < len(base.supply)
    assert s1[SUPPLY].sum() == want[SUPPLY].sum()
    with pytest.raises(DataError, match="moet na de peildatum"):
        places.drop_expiring(base, "2020-01-01")


def test_prospects_become_workplaces_once(base):
    est = base.establishments
    recognised = set(base.supply["id"])
    fresh = [n for n in est[s.ESTABLISHMENT_NUMBER].head(200) if n not in recognised]
    numbers = [*fresh[:3], next(iter(sorted(recognised)))]
    change = places.recognise(base, numbers)
    assert change.describe().startswith("4 prospecten in ")
    assert change.describe().endswith(" erkend")
    s1, _ = apply(base.supply, base.demand, Scenario(PROGRAMME, base.as_of, (change,)))
    assert len(s1) == len(base.supply) + 3
    assert s1[SUPPLY].sum() == base.supply[SUPPLY].sum() + 3
    with pytest.raises(DataError, match="onbekende vestiging"):
        places.recognise(base, ["2999999999"])


def _scenario(base) -> Scenario:
    first = base.demand["id"].iloc[0]
    second = base.demand["id"].iloc[1]
    recognised = set(base.supply["id"])
    prospect = next(
        n for n in base.establishments[s.ESTABLISHMENT_NUMBER] if n not in recognised
    )
    return Scenario(
        PROGRAMME,
        base.as_of,
        (
            places.add_lesplaats(base, 25, municipality="11002"),
            places.add_lesplaats(base, 12, 51.05, 3.72),
            CloseLesplaats(str(first)),
            SetLearners(str(second), 40),
            places.add_workplaces(base, 10, 50.93, 5.33),
            places.add_workplaces(base, 30, area="provincie:70000"),
            places.recognise(base, [prospect]),
            places.drop_expiring(base, "2027-09-01"),
        ),
    )


def test_a_scenario_survives_its_link_and_its_file(base):
    scenario = _scenario(base)
    tokens = codec.tokens_of(scenario)
    assert tokens[0] == "les:25:gemeente:11002"
    assert tokens[1] == "les:12:51.050000,3.720000"
    assert tokens[-1] == "verval:2027-09-01"
    assert codec.scenario_of_tokens(base, tokens) == scenario
    text = codec.to_json(scenario)
    assert json.loads(text)["changes"][2] == {
        "kind": "close",
        "location_id": scenario.changes[2].location_id,
    }
    assert codec.scenario_of_json(base, text) == scenario


@pytest.mark.parametrize(
    ("token", "message"),
    [
        ("les:0:gemeente:11002", "leerlingen: '0' moet minstens 1 zijn"),
        ("les:25:gemeente:99999", "onbekende gemeente '99999'"),
        ("les:25:resoc:KEMP", "een lesplaats ligt in een gemeente"),
        ("les:25:40.0,4.0", "ligt buiten België"),
        ("plek:tien:51.0,4.0", "werkplekken: 'tien' is geen getal"),
        ("plek:10:land:BE", "onbekend niveau 'land'"),
        ("plek:10:resoc:XXX", "onbekend gebied 'resoc:XXX'"),
        ("verval:morgen", "is geen datum"),
        ("lln:-2:L1", "moet minstens 0 zijn"),
        ("opruimen:alles", "niet begrepen"),
    ],
)
def test_a_bad_link_token_is_refused_with_a_dutch_message(base, token, message):
    with pytest.raises(DataError, match=message):
        codec.scenario_of_tokens(base, [token])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "geen geldige JSON"),
        ('{"changes": []}', "'programme' of 'as_of' ontbreekt"),
        (
            '{"programme": "SO-355", "as_of": "2026-10-01", '
            '"changes": [{"kind": "x"}]}',
            "onbekende soort wijziging 'x'",
        ),
        (
            '{"programme": "SO-1", "as_of": "2026-10-01", "changes": []}',
            "hoort bij SO-1",
        ),
        (
            '{"programme": "SO-355", "as_of": "2026-10-01", '
            '"changes": [{"kind": "add_lesplaats", "lat": 51.0, "lng": 4.0}]}',
            "add_lesplaats: learners ontbreekt",
        ),
    ],
)
def test_a_bad_scenario_file_is_refused_with_a_dutch_message(base, text, message):
    with pytest.raises(DataError, match=message):
        codec.scenario_of_json(base, text)


def test_the_export_has_a_before_and_an_after_column_per_metric(base):
    scenario = _scenario(base)
    s1, d1 = apply(base.supply, base.demand, scenario)
    muni = base.municipalities
    before = evaluate(base.supply, base.demand, muni, "gemeente", SETTINGS)
    after = evaluate(s1, d1, muni, "gemeente", SETTINGS)
    result = compare(before, after)
    out = export_frame(result)
    for metric in (
        "learners",
        "accessibility",
        "workplaces_within_radius",
        "tekortstraal_km",
        "class",
        "is_shortage",
    ):
        assert f"{metric}_before" in out and f"{metric}_after" in out
    assert len(out) == len(base.demand) + 2  # the closed one stays, marked
    status = out.set_index("location_id")["status"]
    assert status["nieuw-1"] == "nieuw" and status["nieuw-2"] == "nieuw"
    assert status[str(base.demand["id"].iloc[0])] == "gesloten"
    assert result.headline.endswith("; 1 lesplaats sluit.")
    changed = result.changed
    assert (changed["class_before"] != changed["class_after"]).all()
    sizes = changed["accessibility_change"].abs().to_numpy()
    assert (np.diff(sizes) <= 0).all()
