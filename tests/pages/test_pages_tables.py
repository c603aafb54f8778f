"""AppTest: the Tabellen page (kinds, crosstab, comparison, suppression, downloads)
and the Overzicht additions (year-on-year change, expiring recognitions)."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from openpyxl import load_workbook
from streamlit.elements.widgets.button import ButtonMixin
from streamlit.testing.v1 import AppTest
from util import open_page

from radar.policy.overview import change_text, headline


def tables(**params: str) -> AppTest:
    return open_page("views/tables.py", **params)


def param(at: AppTest, name: str) -> str | None:
    if name not in at.query_params:
        return None
    value = at.query_params[name]
    return value[0] if isinstance(value, list) else value


def shown(at: AppTest) -> pd.DataFrame:
    return at.dataframe[0].value


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """Capture every file a download button offers, by file name. The page builds
    its files when clicked (``data`` is a function): the capture calls it, as a
    click would."""
    files: dict[str, bytes] = {}
    original = ButtonMixin.download_button

    def capture(self, label, data, file_name=None, *args, **kwargs):
        if file_name:
            files[file_name] = data() if callable(data) else data
        return original(self, label, data, file_name, *args, **kwargs)

    monkeypatch.setattr(ButtonMixin, "download_button", capture)
    return files


def test_default_tables_page_is_the_published_province_table_with_downloads(
    downloads,
):
    at = tables(datum="2022-02-07")
    table = shown(at)
    assert table.iloc[-1].tolist() == ["Eindtotaal", 14892, 9680]
    assert at.subheader[0].value.startswith("Erkenningen en unieke erkende")
    assert [b.label for b in at.get("download_button")] == [
        "Download CSV",
        "Download Excel (XLSX)",
    ]
    data = downloads["erkenningen_per_province_2022-02-07.csv"]
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads the accents
    csv = data.decode("utf-8-sig")
    assert csv.splitlines()[0] == "provincie;erkenningen;unieke vestigingen"
    assert csv.splitlines()[-1] == "Eindtotaal;14892;9680"  # ';' for Belgian Excel
    wb = load_workbook(
        io.BytesIO(downloads["erkenningen_per_province_2022-02-07.xlsx"])
    )
    ws = wb["per provincie"]
    rows = [tuple(c.value for c in r) for r in ws.iter_rows()]
    assert ("Eindtotaal", 14892, 9680) in rows
    assert ("Peildatum", "2022-02-07", None) in rows
    assert at.code[0].value.startswith("Erkenningen en unieke erkende vestigingen")
    assert "Eindtotaal" in at.code[0].value


def test_crosstab_with_suppression_hides_small_cells_and_says_how(downloads):
    at = tables(datum="2022-02-07", tabel="offer", per="partnership", kruis="province")
    table = shown(at)
    assert table.columns[-1] == "Eindtotaal"
    assert table.iloc[-1]["Eindtotaal"] == 2338
    at.checkbox(key="tables.suppress").check().run()
    assert not at.exception
    assert param(at, "afschermen") == "1" and param(at, "k") == "5"
    table = shown(at)
    cells = table.iloc[:-1, 1:-1].to_numpy().ravel().tolist()
    assert "<5" in cells and "x" in cells
    # The Eindtotaal column may now hold markers (small totals): Dutch text.
    assert str(table.iloc[-1]["Eindtotaal"]) == "2.338"
    assert any("<5: een aantal van 1 tot 4" in c.value for c in at.caption)
    at.number_input(key="tables.k").set_value(10).run()
    assert "<10" in shown(at).iloc[:-1, 1:-1].to_numpy().ravel().tolist()
    name = "aanbod_per_partnership_x_province_2022-02-07.xlsx"
    ws = load_workbook(io.BytesIO(downloads[name])).active
    values = [c.value for r in ws.iter_rows() for c in r]
    assert "<10" in values and "afgeschermd (< 10)" in values


def test_comparison_adds_change_columns_and_follows_the_url():
    at = tables(datum="2022-02-07", per="partnership", vergelijk="2021-02-07")
    assert at.checkbox(key="tables.compare_on").value
    table = shown(at)
    total = table.iloc[-1]
    # Grouped headers: erkenningen | 2021 | 2022 | verschil | %
    assert list(table.columns[:5]) == [
        ("", "sectoraal partnerschap"),
        ("erkenningen", "2021"),
        ("erkenningen", "2022"),
        ("erkenningen", "verschil"),
        ("erkenningen", "%"),
    ]
    assert total[("erkenningen", "2022")] == 14892
    assert total[("erkenningen", "verschil")] == 14892 - total[("erkenningen", "2021")]
    at.checkbox(key="tables.compare_on").uncheck().run()
    assert param(at, "vergelijk") is None
    assert list(shown(at).columns) == [
        "sectoraal partnerschap",
        "erkenningen",
        "unieke vestigingen",
    ]


def test_expiring_table_lists_the_recognitions_and_months_change_the_count():
    at = tables(datum="2026-10-01", tabel="expiring")
    assert at.number_input(key="tables.months").value == 6
    six = shown(at).iloc[-1]["erkenningen"]
    assert not any("vervalt op" in d.value.columns for d in at.dataframe)
    at.session_state["tables.list_open"] = True  # open "Lijst: ..." (a rerun)
    at.run()
    listing = next(d.value for d in at.dataframe if "vervalt op" in d.value.columns)
    assert len(listing) == six
    at.number_input(key="tables.months").set_value(3).run()
    assert shown(at).iloc[-1]["erkenningen"] < six
    assert param(at, "maanden") == "3"


def test_choosing_a_crosstab_switches_off_comparison():
    at = tables(datum="2022-02-07", vergelijk="2021-02-07")
    at.selectbox(key="tables.cross").set_value("partnership").run()
    assert not at.exception
    assert param(at, "vergelijk") is None
    assert shown(at).columns[-1] == "Eindtotaal"
    assert any("één indeling" in c.value for c in at.caption)


def test_overview_shows_year_on_year_change_and_expiring_recognitions(demo):
    at = open_page("views/overview.py", datum="2022-02-07")
    metric = next(m for m in at.metric if m.label == "Erkenningen")
    assert metric.value == "14.892"
    year_ago = headline(demo, pd.Timestamp("2021-02-07")).recognitions
    assert metric.proto.delta == change_text(14892, year_ago)
    assert "t.o.v. 07-02-2021" in str(metric.proto)
    learners = next(m for m in at.metric if m.label == "Leerlingen")
    assert "t.o.v. 2020-21" in str(learners.proto)
    listing = at.dataframe[0].value
    assert list(listing.columns)[:3] == ["vervalt op", "verlengd", "vestiging"]
    assert any("binnen 6 maanden vervallen" in s.value for s in at.subheader)


def test_evolutie_shows_the_trend_with_change_chart_and_downloads(downloads):
    at = tables(tabel="trend", per="province", van="2016-10-01", tot="2026-10-01")
    assert not at.exception
    table = shown(at)
    # Yearly on the same day: years as headers (the CSV keeps the dates).
    assert list(table.columns[:3]) == ["provincie", "2016", "2017"]
    assert list(table.columns[-2:]) == ["verschil", "verschil %"]
    total = table[table["provincie"] == "Eindtotaal"].iloc[0]
    assert total["verschil"] == total["2026"] - total["2016"]
    assert at.subheader[0].value.startswith("Erkenningen per provincie")
    csv = next(v for k, v in downloads.items() if k.startswith("evolutie_"))
    assert csv.decode("utf-8-sig").splitlines()[0].startswith("provincie;01-10-2016;")
    at.selectbox(key="tables.measure").set_value("leerlingen").run()
    assert not at.exception
    assert param(at, "maat") == "leerlingen"
