"""``ui.grid.dutch_table`` (also reachable as ``ui.maps.dutch_table``): the display
text Streamlit receives equals, cell by cell, what a plain pandas Styler with
``radar.kernel.format`` per cell gives; complete figure columns keep their values,
and no missing cell reaches Streamlit (it would draw ``None``)."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
from streamlit import dataframe_util
from streamlit.elements.lib.pandas_styler_utils import marshall_styler
from streamlit.proto.ArrowData_pb2 import ArrowData

from radar.kernel.format import number, yes_no
from ui import maps
from ui.grid import dutch_table

FRAME = pd.DataFrame(
    {
        "gemeente": ["Gent", "Aalst", None, "Brugge"],
        "werkplekken": [14892, 3, 0, 1200],
        "verhouding": [0.15789473684210525, 1234.5, np.nan, -13.25],
        "leerlingen": [2.0, 4.0, 1.0, np.nan],
        "tekort": [True, False, True, False],
        "code": ["871fa4308ffffff", "40001", "x", "31005"],
    },
    index=[7, 3, 9, 1],
)


def shown(styler) -> pd.DataFrame:
    """The display text Streamlit sends for a Styler."""
    proto = ArrowData()
    marshall_styler(proto, styler, "t")
    return dataframe_util.convert_arrow_bytes_to_pandas_df(proto.styler.display_values)


def reference(frame: pd.DataFrame, digits: dict[str, int]) -> pd.DataFrame:
    """A plain pandas Styler, one ``number`` call per cell."""
    formats = {}
    for col in frame.columns:
        series = frame[col]
        if pd.api.types.is_bool_dtype(series):
            formats[col] = yes_no
        elif pd.api.types.is_numeric_dtype(series):
            known = series.dropna().to_numpy(float)
            n = digits.get(col, 0 if np.all(np.mod(known, 1) == 0) else 1)
            formats[col] = functools.partial(number, digits=n)
        else:
            formats[col] = lambda v: "-" if v is None or pd.isna(v) else str(v)
    return shown(frame.reset_index(drop=True).style.format(formats, na_rep="-"))


def test_dutch_table_shows_what_a_per_cell_styler_shows():
    digits = {"verhouding": 2}
    got = shown(dutch_table(FRAME, digits))
    pd.testing.assert_frame_equal(got, reference(FRAME, digits))
    assert got["werkplekken"].tolist() == ["14.892", "3", "0", "1.200"]
    assert got["verhouding"].tolist() == ["0,16", "1.234,50", "-", "-13,25"]
    assert got["leerlingen"].tolist() == ["2", "4", "1", "-"]
    assert got["tekort"].tolist() == ["ja", "nee", "ja", "nee"]
    assert got["gemeente"].tolist() == ["Gent", "Aalst", "-", "Brugge"]


def test_dutch_table_keeps_the_values_so_columns_sort_as_numbers():
    data = dutch_table(FRAME).data
    assert data["werkplekken"].tolist() == [14892, 3, 0, 1200]
    # Flags become text: Streamlit would draw a boolean column as check boxes.
    assert data["tekort"].tolist() == ["ja", "nee", "ja", "nee"]


def test_no_missing_cell_reaches_streamlit():
    """Streamlit draws a missing cell as ``None`` whatever its display text: a
    column with one becomes Dutch text, the marker included."""
    data = dutch_table(FRAME, {"verhouding": 2}).data
    assert data["verhouding"].tolist() == ["0,16", "1.234,50", "-", "-13,25"]
    assert data["leerlingen"].tolist() == ["2", "4", "1", "-"]
    assert data["gemeente"].tolist() == ["Gent", "Aalst", "-", "Brugge"]
    assert not data.isna().any().any()
    assert FRAME["verhouding"].isna().sum() == 1  # the caller's frame is untouched


def test_the_maps_module_hands_out_the_same_table():
    assert maps.dutch_table is dutch_table


def test_an_empty_table_has_no_text_to_show():
    empty = FRAME.iloc[:0]
    assert shown(dutch_table(empty)).empty
