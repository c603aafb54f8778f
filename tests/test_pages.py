"""AppTest: every page renders on the demo data; one interaction per page."""

from __future__ import annotations

import pytest
from util import metric, open_page, param


@pytest.mark.parametrize("page", ["views/overview.py", "views/tables.py"])
def test_every_page_renders_with_the_demo_badge(page):
    at = open_page(page)
    assert at.title[0].value in ("Overzicht", "Tabellen")
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
