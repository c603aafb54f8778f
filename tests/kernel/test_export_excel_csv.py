"""The app's CSV downloads: what Belgian Excel opens directly."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pandas as pd

from radar.kernel.export import to_excel_csv_bytes


def test_excel_csv_has_bom_semicolons_and_decimal_commas():
    frame = pd.DataFrame(
        {
            "provincie": ["Provincie Limburg", "Eindtotaal"],
            "erkenningen": [2110, 14892],
            "verschil %": [-13.2, 4.25],
            "verlengd": [True, False],
            "vervalt op": [dt.date(2022, 2, 7), dt.date(2023, 12, 31)],
        }
    )
    data = to_excel_csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[0] == "provincie;erkenningen;verschil %;verlengd;vervalt op"
    assert lines[1] == "Provincie Limburg;2110;-13,2;ja;07-02-2022"
    assert lines[2] == "Eindtotaal;14892;4,25;nee;31-12-2023"


def test_excel_csv_quotes_a_semicolon_and_neutralises_formulas():
    frame = pd.DataFrame({"naam": ["A; B", "=1+1", "-3"], "n": [1, None, 3]})
    text = to_excel_csv_bytes(frame).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[1] == ["A; B", "1"]
    assert rows[2] == ["'=1+1", ""]
    assert rows[3] == ["'-3", "3"]


def test_excel_csv_keeps_markers_and_exact_decimals():
    frame = pd.DataFrame(
        {"g": ["a", "b"], "n": pd.Series([0.1 + 0.2, "<5"], dtype=object)}
    )
    text = to_excel_csv_bytes(frame).decode("utf-8-sig")
    assert text.split("\r\n")[1:3] == ["a;0,30000000000000004", "b;<5"]
