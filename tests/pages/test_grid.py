"""The shared grid helper: Dutch display text, markers, grouped headers."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ui import grid


def test_figures_keep_their_values_and_read_dutch():
    frame = pd.DataFrame(
        {"provincie": ["A", "Eindtotaal"], "n": [14892, 20000], "%": [-13.25, 4.0]}
    )
    html = grid.styled(frame).to_html()
    assert "14.892" in html and "-13,2 %" in html and "+" not in html
    assert frame["n"].tolist() == [14892, 20000]  # sorting works on the numbers


def test_marker_columns_become_right_aligned_dutch_text():
    frame = pd.DataFrame(
        {
            "g": ["a", "b", "c"],
            "n": pd.Series([1234, "<5", "x"], dtype=object),
            "verschil %": [1.25, None, 3.0],
            "naam": ["x", "y", None],
            "flag": [True, False, True],
            "op": [dt.date(2022, 2, 7)] * 3,
        }
    )
    converted = grid.as_text(frame)
    assert converted == ["n", "verschil %"]  # figures, right-aligned; flags are words
    assert frame["n"].tolist() == ["1.234", "<5", "x"]
    assert frame["verschil %"].tolist() == ["1,2 %", "-", "3,0 %"]
    assert frame["flag"].tolist() == ["ja", "nee", "ja"]
    assert frame["op"].tolist()[0] == dt.date(2022, 2, 7)  # a DateColumn shows it


def test_comparison_headers_group_under_their_measure():
    frame = pd.DataFrame(
        columns=[
            "provincie",
            "erkenningen 07-02-2021",
            "erkenningen 07-02-2022",
            "erkenningen verschil",
            "erkenningen verschil %",
            "unieke vestigingen 07-02-2021",
        ]
    )
    grouped = grid.group_headers(frame, ["erkenningen", "unieke vestigingen"])
    assert list(grouped.columns) == [
        ("", "provincie"),
        ("erkenningen", "2021"),
        ("erkenningen", "2022"),
        ("erkenningen", "verschil"),
        ("erkenningen", "%"),
        ("unieke vestigingen", "2021"),
    ]


def test_same_year_dates_keep_the_full_date():
    frame = pd.DataFrame(columns=["p", "n 01-01-2022", "n 07-02-2022"])
    grouped = grid.group_headers(frame, ["n"])
    assert [c[1] for c in grouped.columns] == ["p", "01-01-2022", "07-02-2022"]


def test_label_column_is_wide_enough_for_the_longest_name():
    assert grid.label_width(["Provincie West-Vlaanderen", "x"], "provincie") >= 25 * 7
