"""AppTest: the Vraag & aanbod page reacts to programme, level and link."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from radar.config import REPO_ROOT

APP = str(REPO_ROOT / "app.py")


def open_page(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("views/supply_demand.py")
    at.run()
    assert not at.exception, at.exception
    return at


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_programme_and_level_change_the_numbers():
    at = open_page(opl="SO-410", niveau="provincie", maat="verhouding")
    assert at.title[0].value == "Vraag & aanbod"
    assert at.get("deck_gl_json_chart"), "no map"
    first = metric(at, "Erkende werkplekken")
    tables = at.dataframe
    assert len(tables[0].value) >= 0
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
    at = open_page(opl="SO-410", niveau="hex7", lesplaats=location)
    assert at.selectbox(key="sd.location").value == location
    labels = [m.label for m in at.metric]
    assert "Concurrenten" in labels
    assert at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")
