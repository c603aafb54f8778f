"""CSV and XLSX exports: formula neutralising, provenance, formats."""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import load_workbook

from radar.export import Sheet, neutralise, to_csv_bytes, to_xlsx_bytes

EVIL = '=HYPERLINK("http://x","y")'


def test_text_that_looks_like_a_formula_is_neutralised_numbers_are_not():
    assert neutralise(EVIL) == "'" + EVIL
    for text in ("+1", "-1", "@SUM(A1)", "\tx"):
        assert neutralise(text).startswith("'")
    assert neutralise("Bakkerij Peeters") == "Bakkerij Peeters"
    assert neutralise(-5) == -5


def test_csv_keeps_a_formula_name_inert():
    frame = pd.DataFrame({"naam": [EVIL, "gewoon"], "n": [1, -2]})
    text = to_csv_bytes(frame).decode("utf-8-sig")
    rows = pd.read_csv(io.StringIO(text))
    assert rows["naam"].tolist() == ["'" + EVIL, "gewoon"]
    assert rows["n"].tolist() == [1, -2]


def test_xlsx_has_title_provenance_frozen_header_and_bold_total():
    table = pd.DataFrame(
        {
            "provincie": ["Provincie Limburg", EVIL, "Eindtotaal"],
            "erkenningen": [5, 7, 12],
        }
    )
    sheet = Sheet(
        name="per provincie",
        title="Erkenningen per provincie",
        table=table,
        provenance=(("Peildatum", "2022-02-07"), ("Gegevensbron", "test")),
        footnote="Definities.",
    )
    wb = load_workbook(io.BytesIO(to_xlsx_bytes([sheet])))
    ws = wb["per provincie"]
    assert ws["A1"].value == "Erkenningen per provincie"
    assert (ws["A2"].value, ws["B2"].value) == ("Peildatum", "2022-02-07")
    header = 5  # title, two provenance rows, a blank row
    assert ws.cell(header, 1).value == "provincie"
    assert ws.freeze_panes == f"A{header + 1}"
    assert ws.cell(header + 1, 2).value == 5
    assert ws.cell(header + 1, 2).number_format == "#,##0"
    assert ws.cell(header + 2, 1).value == "'" + EVIL
    assert ws.cell(header + 2, 1).data_type == "s"
    assert ws.cell(header + 3, 1).font.bold
    assert ws.cell(header + 5, 1).value == "Definities."
    assert ws.column_dimensions["A"].width >= len("Provincie Limburg")
