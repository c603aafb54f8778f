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
