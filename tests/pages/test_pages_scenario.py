"""AppTest: the Wat als page builds a scenario, keeps it in the link and reopens it."""

from __future__ import annotations

import pytest
from util import metric, open_page

PAGE = "views/scenario.py"
BEERNEM = "les:20:gemeente:31003"
HEADLINE = "1 lesplaats verandert van klasse; de nieuwe lesplaats valt in klasse krap."


def _tokens(at) -> list[str]:
    value = at.query_params.get("wijziging", [])
    return [value] if isinstance(value, str) else list(value)


def test_adding_a_lesplaats_fills_the_headline_the_map_and_the_link():
    at = open_page(PAGE, opl="SO-251")
    assert at.title[0].value == "Wat als"
    assert "Voeg links een wijziging toe" in at.info[0].value
    learners = metric(at, "Leerlingen")
    at.selectbox(key="scenario.kind").set_value("les").run()
    at.selectbox(key="scenario.les.gemeente").set_value("31003").run()
    at.number_input(key="scenario.les.n").set_value(20).run()
    at.button(key="scenario.add").click().run()
    assert not at.exception
    assert _tokens(at) == [BEERNEM]
    # Demo data (issue 12): 20 learners more in Beernem tip one lesplaats into
    # another class, and the new lesplaats itself is krap.
    assert at.info[0].value == HEADLINE
    assert metric(at, "Leerlingen") != learners
    assert at.get("deck_gl_json_chart"), "no map"
    tables = [d.value for d in at.dataframe]
    changed = next(f for f in tables if "klasse voor" in f.columns)
    assert (changed["klasse voor"] != changed["klasse na"]).all()
    # The map as a table, built once opened: the hexagons that change, named by
    # their gemeente (Beernem and its neighbours), cell id kept, largest change first.
    assert not [f for f in tables if "H3-cel" in f.columns]
    at.session_state["scenario.map_table"] = True
    at.run()
    assert not at.exception
    hexagons = next(d.value for d in at.dataframe if "H3-cel" in d.value.columns)
    assert "Beernem" in set(hexagons["gemeente"])
    assert hexagons["verschil"].abs().is_monotonic_decreasing
    assert (hexagons["verschil"].abs() >= 0.01).all()
    assert changed["verschil"].abs().is_monotonic_decreasing
    assert "nieuwe lesplaats in Beernem met 20 leerlingen" in " ".join(
        m.value for m in at.markdown
    )


def test_a_shared_link_reopens_the_scenario_and_a_change_can_be_removed():
    at = open_page(PAGE, opl="SO-251", wijziging=BEERNEM)
    assert at.info[0].value == HEADLINE
    assert at.selectbox(key="scenario.programme").value == "SO-251"
    at.button(key="scenario.remove.0").click().run()
    assert not at.exception
    assert _tokens(at) == []
    assert "Voeg links een wijziging toe" in at.info[0].value


def test_a_bad_change_in_the_link_is_ignored_with_a_warning():
    at = open_page(PAGE, opl="SO-251", wijziging=["les:0:gemeente:31003", BEERNEM])
    warnings = [w.value for w in at.warning]
    assert any("les:0:gemeente:31003" in w and "minstens 1" in w for w in warnings)
    assert _tokens(at) == [BEERNEM]


def test_the_json_download_is_offered_once_there_is_a_change():
    at = open_page(PAGE, opl="SO-251")
    labels = {b.proto.label: b.proto.disabled for b in at.get("download_button")}
    assert labels["Download scenario (JSON)"] is True
    at = open_page(PAGE, opl="SO-251", wijziging=BEERNEM)
    labels = {b.proto.label: b.proto.disabled for b in at.get("download_button")}
    assert labels["Download scenario (JSON)"] is False
    assert "Download alle lesplaatsen voor en na (CSV)" in labels


def test_the_best_spot_lists_ten_gemeenten_and_adds_the_chosen_one():
    at = open_page(PAGE, opl="SO-251", toon="beste")
    best = at.dataframe[-1].value
    assert len(best) == 10 and best["#"].tolist() == list(range(1, 11))
    first = at.selectbox(key="scenario.best.pick").value
    at.button(key="scenario.best.add").click().run()
    assert not at.exception
    assert _tokens(at) == [f"les:20:gemeente:{first}"]
    at.radio(key="scenario.best.kind").set_value("plek").run()
    assert not at.exception
    assert "tekort weggewerkt" in at.dataframe[-1].value.columns


POLICY = """
[[rule]]
email = "kim@example.be"
role = "kijker"

[[rule]]
email = "amy@example.be"
role = "accountmanager"
"""


@pytest.mark.parametrize(
    ("email", "offered"), [("kim@example.be", False), ("amy@example.be", True)]
)
def test_only_who_may_prospect_can_have_prospects_recognised(
    tmp_path, monkeypatch, email, offered
):
    # A kijker may open Wat als but not Prospectie: the page must not hand them the
    # best prospects of an area through "Prospecten erkennen".
    from streamlit.testing.v1 import AppTest

    from radar.kernel.paths import REPO_ROOT

    root = tmp_path / "local"
    root.mkdir()
    (root / "access.toml").write_text(POLICY, encoding="utf-8")
    monkeypatch.setenv("RADAR_LOCAL_DIR", str(root))
    monkeypatch.delenv("RADAR_DATA_DIR", raising=False)
    at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=120)
    at.user = {"is_logged_in": True, "sub": email, "email": email, "name": email}
    at.query_params["opl"] = "SO-251"
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Wat als"
    options = at.selectbox(key="scenario.kind").options
    assert ("Prospecten erkennen" in options) is offered
    assert "Nieuwe lesplaats" in options
