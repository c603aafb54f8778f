"""CSV and XLSX exports: formula neutralising, provenance, formats."""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import load_workbook

from radar.kernel.export import Sheet, neutralise, to_csv_bytes, to_xlsx_bytes

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


def test_xlsx_formats_suppressed_columns_wraps_long_text_and_fits_the_page():
    table = pd.DataFrame(
        {
            "sectoraal partnerschap": ["Bouw", "=cmd|' /C calc'!A0", "Eindtotaal"],
            "Provincie West-Vlaanderen": pd.Series([1234, "<5", 1300], dtype=object),
            "erkenningen verschil %": [2.5, float("nan"), 1.0],
        }
    )
    title = "Erkenningen per sectoraal partnerschap x provincie op 07-02-2022, " * 2
    sheet = Sheet(
        name="per partnerschap x provincie",
        title=title,
        table=table,
        provenance=(("Peildatum", "2022-02-07"),),
        footnote="Een lange voetnoot. " * 30,
    )
    ws = load_workbook(io.BytesIO(to_xlsx_bytes([sheet])))[
        "per partnerschap x provincie"
    ]
    header = 4
    assert ws.cell(header + 1, 2).value == 1234
    assert ws.cell(header + 1, 2).number_format == "#,##0"
    assert ws.cell(header + 2, 2).value == "<5"
    assert ws.cell(header + 2, 2).alignment.horizontal == "right"
    assert ws.cell(header, 2).alignment.horizontal == "right"
    assert ws.cell(header, 1).alignment.horizontal == "left"
    assert ws.cell(header, 2).alignment.wrap_text
    assert ws.row_dimensions[header].height >= 30  # the long header wraps
    assert ws.cell(header + 2, 1).value.startswith("'=")
    assert ws.cell(header + 1, 3).number_format == "#,##0.0"
    assert ws.cell(header + 2, 3).value is None
    # The long title wraps over the table's width; the footnote is split in lines.
    assert "A1:C1" in [str(r) for r in ws.merged_cells.ranges]
    notes = [ws.cell(r, 1).value for r in range(header + 5, ws.max_row + 1)]
    assert len(notes) > 1 and all(n for n in notes)
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == f"${header}:${header}"


def test_xlsx_keeps_text_as_text_and_takes_column_formats_and_widths():
    table = pd.DataFrame(
        {
            "naam": ["http://example.org", "a\x01b", "=1+1"],
            "score": [0.12345, 1.0, 0.5],
            "km": [1.25, float("nan"), 3.0],
            "werkgever": [True, False, True],
            "sinds": pd.to_datetime(["2022-02-07", None, "2023-09-01"]),
        }
    )
    sheet = Sheet(
        name="lijst",
        title="Lijst",
        table=table,
        total_label=None,
        number_formats={"score": "0.000"},
        widths=(30, 8, 12, 12, 12),
    )
    ws = load_workbook(io.BytesIO(to_xlsx_bytes([sheet, sheet])))["lijst"]
    header = 3  # title, a blank row (no provenance)
    assert [ws.cell(header, j).value for j in (1, 2)] == ["naam", "score"]
    first = header + 1
    assert ws.cell(first, 1).value == "http://example.org"
    assert ws.cell(first, 1).hyperlink is None
    assert ws.cell(first + 1, 1).value == "ab"  # no control characters in the XML
    assert ws.cell(first + 2, 1).value == "'=1+1"
    assert ws.cell(first, 2).number_format == "0.000"
    assert ws.cell(first, 3).number_format == "#,##0.0"
    assert ws.cell(first + 1, 3).value is None
    assert ws.cell(first, 4).value is True
    assert ws.cell(first, 5).number_format == "dd-mm-yyyy"
    assert ws.cell(first, 5).value.date().isoformat() == "2022-02-07"
    assert ws.column_dimensions["A"].width >= 30
    assert ws.freeze_panes == f"A{first}"


def test_xlsx_sheet_names_are_unique_and_short():
    table = pd.DataFrame({"a": [1]})
    long = "erkenningen per sectoraal partnerschap x provincie"
    sheets = [Sheet(name=n, title="t", table=table) for n in ("x", "X", long)]
    names = load_workbook(io.BytesIO(to_xlsx_bytes(sheets))).sheetnames
    assert names == ["x", "X1", long[:31]]


def test_xlsx_of_ten_thousand_rows_is_written_row_by_row():
    n = 10_000
    table = pd.DataFrame({"naam": [f"vestiging {i}" for i in range(n)], "n": range(n)})
    sheet = Sheet(name="groot", title="Groot", table=table, total_label=None)
    ws = load_workbook(io.BytesIO(to_xlsx_bytes([sheet])), read_only=True)["groot"]
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    assert rows[0] == ("vestiging 0", 0) and rows[-1] == (f"vestiging {n - 1}", n - 1)
