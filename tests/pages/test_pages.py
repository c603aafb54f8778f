"""AppTest: every page renders on the demo data; one interaction per page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from util import metric, open_page, param

from radar.kernel.paths import REPO_ROOT

PAGES = sorted(
    str(p.relative_to(REPO_ROOT)) for p in (REPO_ROOT / "views").glob("*.py")
)


def test_app_registers_every_page_in_views():
    registered = re.findall(r'"(views/\w+\.py)"', (REPO_ROOT / "app.py").read_text())
    assert sorted(registered) == PAGES
    assert len(PAGES) >= 5


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_with_its_title_and_the_demo_badge(page):
    at = open_page(page)
    source = Path(REPO_ROOT / page).read_text(encoding="utf-8")
    title = re.search(r'st\.title\("([^"]+)"\)', source)
    assert title, f"{page} sets no title"
    assert at.title[0].value == title.group(1)
    main = [m.value for m in at.main.markdown]
    side = [m.value for m in at.sidebar.markdown]
    assert any("demodata (synthetisch)" in v for v in main), "no demo badge on the page"
    assert any("demodata (synthetisch)" in v for v in side), "no demo badge in sidebar"


def test_overview_shows_the_2022_figures_when_the_date_changes():
    at = open_page("views/overview.py")
    before = metric(at, "Erkenningen")
    at.date_input(key="overview.as_of").set_value("2022-02-07").run()
    assert not at.exception
    assert metric(at, "Erkenningen") == "14.892"
    assert metric(at, "Unieke erkende vestigingen") == "9.680"
    assert metric(at, "Leerlingen") == "2.338"
    assert before != "14.892"
    assert param(at, "datum") == "2022-02-07"


def test_tables_page_reads_the_date_from_the_link_and_regroups():
    at = open_page("views/tables.py", datum="2022-02-07")
    table = at.dataframe[0].value
    total = table[table["provincie"] == "Eindtotaal"].iloc[0]
    assert (total["erkenningen"], total["unieke vestigingen"]) == (14892, 9680)
    at.selectbox(key="tables.by").set_value("resoc").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert table.columns[0] == "resoc"
    assert len(table) == 17
    assert table.iloc[-1]["erkenningen"] == 14892
    assert param(at, "per") == "resoc"


WIDGETS = (
    "selectbox",
    "radio",
    "checkbox",
    "toggle",
    "slider",
    "number_input",
    "date_input",
    "multiselect",
    "text_input",
)
# Widgets that their pages draw with st.* directly, without help= yet; ui/help.py
# holds a text for each (help=ui.help.text(key) is all they need).
WITHOUT_HELP = {
    "sd.location",
    "scenario.kind",
    "scenario.les.where",
    "scenario.les.gemeente",
    "scenario.les.n",
    "scenario.best.pick",
}


@pytest.mark.parametrize(
    ("page", "params"),
    [
        ("views/overview.py", {}),
        ("views/prospects.py", {"niveau": "near"}),
        ("views/supply_demand.py", {}),
        ("views/scenario.py", {"toon": "beste"}),
        ("views/tables.py", {"tabel": "expiring", "afschermen": "1", "vergelijk": ""}),
        ("views/data.py", {}),
    ],
)
def test_every_control_has_dutch_help(page, params):
    from ui import help as helptext

    at = open_page(page, **params)
    seen = 0
    for kind in WIDGETS:
        for widget in getattr(at.main, kind):
            if widget.key in WITHOUT_HELP:
                assert helptext.text(widget.key), widget.key
                continue
            assert widget.help, f"{page}: {kind} {widget.key} has no help"
            seen += 1
    assert seen >= 1


def test_the_begrippen_page_states_the_parameters_in_use():
    at = open_page("views/begrippen.py")
    # The page escapes its Markdown: compare the text as shown.
    text = " ".join(m.value for m in at.main.markdown).replace("\\", "")
    assert "Tekortstraal" in text and "Bereikbaarheid (E2SFCA)" in text
    # catchment_km = 25 and the Gaussian's weight at 12,5 km, worked out: 70 %.
    assert "op 25 km niet meer" in text and "12,5 km nog voor 70 %" in text


def test_the_weight_slider_shows_dutch_numbers_and_snaps_a_linked_value():
    at = open_page("views/supply_demand.py", verwant="1", gewicht="0.68")
    slider = at.select_slider(key="sd.weight")
    assert slider.value == 0.7  # snapped to the nearest step
    assert slider.format_func(0.7) == "0,7"
    assert param(at, "gewicht") == "0.7"
