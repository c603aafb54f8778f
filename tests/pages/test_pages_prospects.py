"""AppTest: the Prospectie page ranks, filters, shows a detail and keeps the URL."""

from __future__ import annotations

from util import metric, open_page, param

PAGE = "views/prospects.py"


def run_page(**params: str):
    return open_page(PAGE, **params)


def test_prospects_page_lists_candidates_with_reasons_from_the_link():
    at = run_page(opl="SO-115", niveau="resoc", gebied="KEMP", top="20")
    assert at.title[0].value == "Prospectie"
    table = at.dataframe[0].value
    assert len(table) == 20
    # Dutch headers, as in the export (radar.prospects.export.HEADERS)
    assert table.columns.tolist() == [
        "rang", "score", "naam", "opvolging", "waarom", "afstand (km)"
    ]  # fmt: skip
    assert table["rang"].tolist() == list(range(1, 21))
    assert table["score"].is_monotonic_decreasing  # numbers: they sort as numbers
    assert all("past bij Haarverzorging" in r for r in table["waarom"])
    assert all("hoofdactiviteit 96.0" in r for r in table["waarom"])
    assert "Resoc Kempen" in at.subheader[0].value
    assert any(b.label == "Download Excel (XLSX)" for b in at.get("download_button"))


def test_only_employers_filter_shrinks_the_candidates_and_goes_in_the_url():
    at = run_page(opl="SO-115", niveau="gemeente", gebied="11002")
    before = int(metric(at, "Kandidaten").replace(".", ""))
    at.checkbox(key="prospects.employers").check().run()
    assert not at.exception, at.exception
    after = int(metric(at, "Kandidaten").replace(".", ""))
    assert 0 < after < before
    assert param(at, "werkgever") == "1"


def test_radius_mode_searches_around_a_lesplaats():
    at = run_page(opl="SO-115", niveau="near", km="5")
    assert not at.exception
    assert "km rond lesplaats" in at.subheader[0].value
    table = at.dataframe[0].value
    assert len(table) > 0
    # The centre lesplaats is one of them, so the nearest one is at most 5 km away.
    assert (table["afstand (km)"] <= 5.0).all()


def test_an_ended_programme_or_a_date_without_learners_is_stated_not_listed(demo):
    ended = demo.programmes.dropna(subset=["valid_to"])
    ended = ended[ended["valid_to"] < demo.extract_date].iloc[0]["programme_id"]
    at = open_page("views/prospects.py", opl=ended)
    assert not at.dataframe
    assert any("wordt niet meer aangeboden sinds" in w.value for w in at.warning)
    at = open_page("views/prospects.py", opl="SO-115", datum="2016-03-01")
    assert not at.dataframe
    assert any("geen leerlingenaantallen" in w.value for w in at.warning)


def test_a_place_search_keeps_the_rows_near_it_and_centres_the_map():
    import json

    at = run_page(opl="SO-115", niveau="resoc", gebied="KEMP", top="200")
    everything = at.dataframe[0].value
    at.text_input(key="prospects.place").set_value("2440").run()  # Geel
    assert not at.exception, at.exception
    assert param(at, "plaats") == "2440"
    near = at.dataframe[0].value
    assert 0 < len(near) < len(everything)
    assert set(near["rang"]) < set(everything["rang"])  # ranks kept, rows dropped
    deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    (candidates,) = [la["data"] for la in deck["layers"] if la["id"] == "candidates"]
    for lng, lat in (c["position"] for c in candidates):  # Geel and 10 km around
        assert abs(lat - 51.165) < 0.25 and abs(lng - 4.99) < 0.4, (lat, lng)
    view = deck["initialViewState"]
    assert view["zoom"] == 10.0 and abs(view["latitude"] - 51.16) < 0.06
    assert any(la["id"] == "plaatsnamen" for la in deck["layers"])
    assert any("van de" in c.value and "Geel" in c.value for c in at.caption)


def test_the_map_as_a_table_is_built_when_opened():
    at = run_page(opl="SO-115", niveau="resoc", gebied="KEMP", top="20")
    assert not [d for d in at.dataframe if "al erkend" in d.value.columns]
    at.session_state["prospects.map_table"] = True
    at.run()
    assert not at.exception, at.exception
    schools = next(d.value for d in at.dataframe if "lesplaats" in d.value.columns)
    done = next(d.value for d in at.dataframe if "al erkend" in d.value.columns)
    assert len(schools) and schools["lesplaats"].is_monotonic_increasing
    assert set(schools["tekort aan werkplekken"]) <= {"ja", "nee"}  # not check boxes
    assert metric(at, "Al erkend in het gebied") == f"{len(done)}"
