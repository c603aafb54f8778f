"""The shared grid helper: Dutch display text, markers, grouped headers."""

from __future__ import annotations

import datetime as dt
import time

import numpy as np
import pandas as pd
from streamlit import dataframe_util
from streamlit.elements.lib.pandas_styler_utils import marshall_styler
from streamlit.proto.ArrowData_pb2 import ArrowData

from ui import grid


def shown(styler) -> pd.DataFrame:
    """The display text Streamlit sends for a Styler."""
    proto = ArrowData()
    marshall_styler(proto, styler, "t")
    return dataframe_util.convert_arrow_bytes_to_pandas_df(proto.styler.display_values)


def test_figures_keep_their_values_and_read_dutch():
    frame = pd.DataFrame(
        {"provincie": ["A", "Eindtotaal"], "n": [14892, 20000], "%": [-13.25, 4.0]}
    )
    styler = grid.styled(frame)
    got = shown(styler)
    assert got["n"].tolist() == ["14.892", "20.000"]
    assert got["%"].tolist() == ["-13,2 %", "4,0 %"]
    assert got["provincie"].tolist() == ["A", "Eindtotaal"]
    assert styler.data["n"].tolist() == [14892, 20000]  # sorting works on numbers


def test_digits_per_column_and_a_numeric_label_column():
    frame = pd.DataFrame({"jaar": [2021, 2022], "score": [0.9, 0.875], "km": [1.25, 3]})
    got = shown(grid.styled(frame, {"score": 2}))
    assert got["jaar"].tolist() == ["2021", "2022"]  # a label, not 2.021
    assert got["score"].tolist() == ["0,90", "0,88"]
    assert got["km"].tolist() == ["1,2", "3,0"]


def test_grouped_headers_keep_their_text_per_column():
    frame = grid.group_headers(
        pd.DataFrame({"p": ["A"], "n 07-02-2021": [1234], "n verschil %": [-4.04]}),
        ["n"],
    )
    got = shown(grid.styled(frame))
    assert got.iloc[0].tolist() == ["A", "1.234", "-4,0 %"]


def test_the_text_is_written_a_column_at_a_time():
    """3,000 rows of five figure columns: written at once, not per cell through
    the pandas Styler (which took ~130 ms here)."""
    rng = np.random.default_rng(1)
    frame = pd.DataFrame(
        {"g": [f"g{i}" for i in range(3000)]}
        | {f"c{j}": rng.random(3000) * 1000 for j in range(5)}
    )
    start = time.perf_counter()
    got = shown(grid.styled(frame))
    took = time.perf_counter() - start
    assert got["c0"].iloc[0] == grid.column_text(frame["c0"], "c0")[0]
    assert took < 1.0, took  # generous: a loaded machine; ~30 ms quiet


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
