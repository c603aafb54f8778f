"""AppTest: the Vraag & aanbod page reacts to programme, level and link."""

from __future__ import annotations

import json
import math
import re

from util import metric, open_page

from ui import sd_map

PAGE = "views/supply_demand.py"


def table_with(at, *columns: str):
    """The first table on the page that has all ``columns``."""
    return next(d.value for d in at.dataframe if set(columns) <= set(d.value.columns))


def open_map_table(at):
    """Open "Kaart als tabel" (its tables are built only while it is open)."""
    at.session_state["sd.map_table"] = True
    at.run()
    assert not at.exception, at.exception
    return at


def deck_of(at) -> dict:
    return json.loads(at.get("deck_gl_json_chart")[0].proto.json)


def test_programme_and_level_change_the_numbers():
    at = open_page(
        "views/supply_demand.py", opl="SO-410", niveau="provincie", maat="verhouding"
    )
    assert at.title[0].value == "Vraag & aanbod"
    assert at.get("deck_gl_json_chart"), "no map"
    first = metric(at, "Erkende werkplekken")
    shortage = table_with(at, "klasse", "werkplekken per leerling")  # Tekortgebieden
    assert set(shortage["klasse"]) <= {"tekort"}
    assert shortage["werkplekken per leerling"].is_monotonic_increasing
    assert (shortage["werkplekken per leerling"] < 1.0).all()
    at.selectbox(key="sd.programme").set_value("SO-23").run()
    assert not at.exception
    assert metric(at, "Erkende werkplekken") != first
    at.radio(key="sd.level").set_value("gemeente").run()
    assert not at.exception
    assert at.query_params["niveau"] in ("gemeente", ["gemeente"])
    assert at.query_params["opl"] in ("SO-23", ["SO-23"])


def test_a_shared_link_opens_the_lesplaats_details(demo):
    offered = demo.offerings[
        (demo.offerings["programme_id"] == "SO-410")
        & (demo.offerings["school_year"] == "2026-27")
    ]
    location = sorted(offered["location_id"])[0]
    at = open_page(
        "views/supply_demand.py", opl="SO-410", niveau="hex7", lesplaats=location
    )
    assert at.selectbox(key="sd.location").value == location
    labels = [m.label for m in at.metric]
    assert "Concurrenten" in labels
    assert at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")


def test_hexagons_are_named_by_their_gemeente_and_keep_their_cell_id():
    at = open_page(PAGE, opl="SO-410", niveau="hex7", maat="verhouding")
    shortage = table_with(at, "gemeente", "H3-cel", "werkplekken per leerling")
    assert len(shortage)
    assert shortage["H3-cel"].str.fullmatch(r"87[0-9a-f]{13}").all()
    assert not shortage["gemeente"].str.fullmatch(r"[0-9a-f]{15}").any()
    assert not [d for d in at.dataframe if "hexagoon bij gemeente" in d.value]
    areas = table_with(open_map_table(at), "hexagoon bij gemeente", "H3-cel")
    assert set(areas["hexagoon bij gemeente"]) >= {"Antwerpen", "Gent"}
    # Tooltips say numbers as people read them: no long decimals anywhere.
    tips = [r["tip"] for r in deck_of(at)["layers"][0]["data"]]
    assert not [t for t in tips if re.search(r"\d[.,]\d{3,}", t)]
    assert all("." not in t.split("verhouding")[1].split("(")[0] for t in tips[:50])


def test_the_map_fits_flanders_and_labels_the_centrumsteden():
    at = open_page(PAGE, opl="SO-410", niveau="provincie", maat="verhouding")
    deck = deck_of(at)
    view = deck["initialViewState"]

    def xy(lat: float, lng: float) -> tuple[float, float]:
        scale = 512 * 2 ** view["zoom"]
        y = (1 - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / math.pi) / 2
        return (lng + 180) / 360 * scale, y * scale

    # De Panne (west), Voeren (east), Hamont-Achel (north-east), Mesen (south).
    corners = [xy(51.10, 2.59), xy(50.75, 5.82), xy(51.25, 5.55), xy(50.76, 2.90)]
    xs, ys = [c[0] for c in corners], [c[1] for c in corners]
    width = max(xs) - min(xs)
    cx, cy = xy(view["latitude"], view["longitude"])
    assert max(abs(x - cx) for x in xs) < sd_map.WIDTH_PX / 2
    # Flanders fills most of the frame's width (it is 2.6 x as wide as high).
    assert width > 0.85 * sd_map.WIDTH_PX
    assert max(abs(y - cy) for y in ys) < sd_map.HEIGHT_PX / 2
    labels = next(la for la in deck["layers"] if la["id"] == "plaatsnamen")
    names = {r["name"] for r in labels["data"]}
    assert {"Roeselare", "Sint-Niklaas", "Brussel", "Turnhout"} <= names
    assert len(names) == 14
    legend = " ".join(m.value for m in at.markdown)
    for words in ("Verhouding", "lesplaats met tekort", "erkende werkplek", "krap"):
        assert words in legend


def test_a_place_search_centres_the_map_and_filters_the_tables():
    at = open_page(
        PAGE, opl="SO-410", niveau="gemeente", maat="verhouding", plaats="st niklaas"
    )
    view = deck_of(open_map_table(at))["initialViewState"]
    assert view["zoom"] == 10.0
    assert abs(view["latitude"] - 51.16) < 0.05 and abs(view["longitude"] - 4.14) < 0.1
    areas = table_with(at, "gebied", "code")
    assert "Sint-Niklaas" in set(areas["gebied"])
    assert "Gent" not in set(areas["gebied"]) and len(areas) < 15
    at.text_input(key="sd.place").set_value("8800").run()
    assert not at.exception
    assert at.query_params["plaats"] in ("8800", ["8800"])
    areas = table_with(at, "gebied", "code")
    assert "Roeselare" in set(areas["gebied"]) and "Sint-Niklaas" not in set(
        areas["gebied"]
    )
    at.text_input(key="sd.place").set_value("Atlantis").run()
    assert any("Geen gemeente of postcode gevonden" in w.value for w in at.warning)
    at.text_input(key="sd.place").set_value("").run()
    assert "plaats" not in at.query_params
    assert len(table_with(at, "gebied", "code")) > 250  # all gemeenten again


def test_only_the_open_tab_and_an_open_map_table_are_built():
    at = open_page(PAGE, opl="SO-410", niveau="gemeente", maat="verhouding")
    columns = [set(d.value.columns) for d in at.dataframe]
    assert len(columns) == 1 and {"klasse", "gebied"} <= columns[0]  # Tekortgebieden
    at.session_state["sd.tabs"] = "Ruimte voor bijkomend aanbod"
    at.run()
    assert not at.exception
    (room,) = [d.value for d in at.dataframe]
    assert set(room["soort"]) == {"gemeente", "hexagoon"}
    assert "klasse" not in room
    at.session_state["sd.tabs"] = "Overtal"
    open_map_table(at)
    shown = [set(d.value.columns) for d in at.dataframe]
    assert len(shown) == 3 and "lesplaats" in set.union(*shown)


def test_at_gemeente_only_points_and_fills_are_picked_so_a_lesplaats_can_be_clicked():
    """A pickable outline of the 300 gemeenten (17,000 vertices) made every click
    on the map pick nothing in chromium (tests/e2e/test_walks.py clicks one)."""
    at = open_page(PAGE, opl="SO-90", niveau="gemeente", maat="verhouding")
    layers = {la["id"]: la for la in deck_of(at)["layers"]}
    areas = layers["areas"]
    assert len(areas["data"]["features"]) > 250
    assert areas["pickable"] and areas["stroked"]  # tooltips on the fill, lines drawn
    assert areas["_subLayerProps"]["polygons-stroke"]["pickable"] is False
    assert layers["lesplaatsen"]["pickable"]
    assert not [i for i, la in layers.items() if la.get("pickable") and i not in (
        "areas", "lesplaatsen")]  # fmt: skip
