"""AppTest: the Vraag & aanbod page reacts to programme, level and link."""

from __future__ import annotations

from util import metric, open_page

PAGE = "views/supply_demand.py"


def test_programme_and_level_change_the_numbers():
    at = open_page(
        "views/supply_demand.py", opl="SO-410", niveau="provincie", maat="verhouding"
    )
    assert at.title[0].value == "Vraag & aanbod"
    assert at.get("deck_gl_json_chart"), "no map"
    first = metric(at, "Erkende werkplekken")
    shortage = at.dataframe[0].value  # the "Tekortgebieden" tab
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
