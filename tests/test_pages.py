"""AppTest: every page renders on the demo data; one interaction per page."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from radar.config import REPO_ROOT

APP = str(REPO_ROOT / "app.py")


def run_page(page: str, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page != "views/overview.py":
        at.switch_page(page)
        at.run()
    assert not at.exception, at.exception
    return at


def param(at: AppTest, name: str) -> str:
    value = at.query_params[name]
    return value[0] if isinstance(value, list) else value


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


@pytest.mark.parametrize("page", ["views/overview.py", "views/tables.py"])
def test_every_page_renders_with_the_demo_badge(page):
    at = run_page(page)
    assert at.title[0].value in ("Overzicht", "Tabellen")
    main = [m.value for m in at.main.markdown]
    side = [m.value for m in at.sidebar.markdown]
    assert any("demodata (synthetisch)" in v for v in main), "no demo badge on the page"
    assert any("demodata (synthetisch)" in v for v in side), "no demo badge in sidebar"


def test_overview_shows_the_2022_figures_when_the_date_changes():
    at = run_page("views/overview.py")
    before = metric(at, "Erkenningen")
    at.date_input(key="overview.as_of").set_value("2022-02-07").run()
    assert not at.exception
    assert metric(at, "Erkenningen") == "14.892"
    assert metric(at, "Unieke erkende vestigingen") == "9.680"
    assert metric(at, "Leerlingen") == "2.338"
    assert before != "14.892"
    assert param(at, "datum") == "2022-02-07"


def test_tables_page_reads_the_date_from_the_link_and_regroups():
    at = run_page("views/tables.py", datum="2022-02-07")
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
