"""pydeck maps on the offline blank style: outlines, hexagon/region fills, points.

Coordinates flip to [lng, lat] here and only here. Colour scales are fixed per metric
(not stretched per selection), so two maps can be compared by eye.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pydeck as pdk
import streamlit as st
from pydeck.bindings.json_tools import default_serialize

from radar.kernel.boundaries import (
    derive_boundaries,
    packaged_boundaries,
    read_boundaries,
)
from radar.kernel.paths import Paths
from radar.kernel.regions import PROVINCE, Level

BLANK_STYLE = "/app/static/blank-style.json"
VIEW = pdk.ViewState(latitude=51.02, longitude=4.25, zoom=6.75, min_zoom=6, max_zoom=14)
GREY = [160, 160, 160, 140]
OUTLINE = [60, 60, 70, 220]

# Fixed scales: (upper bound, colour, label). The last bound is open.
CLASS_COLOURS: dict[str, list[int]] = {
    "tekort": [215, 48, 39, 190],
    "krap": [252, 141, 89, 190],
    "voldoende": [145, 207, 96, 190],
    "ruim": [26, 152, 80, 190],
    "geen vraag": [200, 200, 200, 110],
}
COUNT_BINS = [1, 3, 10, 30, 100, np.inf]
COUNT_COLOURS = [
    [239, 243, 255, 190],
    [198, 219, 239, 190],
    [158, 202, 225, 200],
    [107, 174, 214, 210],
    [49, 130, 189, 220],
    [8, 81, 156, 230],
]
ACCESS_BINS = [0.5, 1, 2, 5, 10, np.inf]
ACCESS_COLOURS = [
    [254, 235, 226, 190],
    [252, 197, 192, 200],
    [250, 159, 181, 205],
    [247, 104, 161, 210],
    [197, 27, 138, 220],
    [122, 1, 119, 230],
]


def boundaries_dir() -> Path | None:
    """The boundaries folder (``Paths.boundaries``), or None when it is absent."""
    folder = Paths.from_env().boundaries
    return folder if folder.is_dir() else None


@st.cache_resource(show_spinner=False)
def _file_boundaries(folder: str, level: Level) -> dict[str, Any] | None:
    return read_boundaries(Path(folder), level)


def boundaries(level: Level, cell_nis: pd.Series, municipalities: pd.DataFrame) -> dict:
    """Outlines of a level: from the boundaries folder, else the packaged outlines
    (``data/reference/outlines.json``: provinces, arrondissements, Resoc), else
    derived from hexagons (municipalities without the folder)."""
    folder = boundaries_dir()
    found = _file_boundaries(str(folder), level) if folder else None
    found = found or packaged_boundaries(level, Paths.from_env().reference)
    return found or _derived(level, cell_nis, municipalities)


@st.cache_resource(
    show_spinner=False, max_entries=16, hash_funcs={pd.Series: id, pd.DataFrame: id}
)
def _derived(level: Level, cell_nis: pd.Series, municipalities: pd.DataFrame) -> dict:
    return derive_boundaries(cell_nis, municipalities, level)


def binned_colour(values: np.ndarray, bins: list[float], colours: list) -> list:
    """Pick the colour of each value's bin (value < bound)."""
    idx = np.searchsorted(
        np.asarray(bins), np.asarray(values, dtype=float), side="right"
    )
    return [colours[min(i, len(colours) - 1)] for i in idx]


def outline_layer(collection: dict, layer_id: str, width: float = 1.2) -> pdk.Layer:
    """Region outlines only (no fill)."""
    return pdk.Layer(
        "GeoJsonLayer",
        collection,
        id=layer_id,
        stroked=True,
        filled=False,
        get_line_color=OUTLINE,
        line_width_min_pixels=width,
        pickable=False,
    )


def region_fill_layer(collection: dict, values: pd.DataFrame) -> pdk.Layer:
    """Regions filled by ``values`` (columns code, colour, tooltip fields)."""
    data = copy.deepcopy(collection)
    lookup = values.set_index("code").to_dict("index")
    for feature in data["features"]:
        row = lookup.get(feature["properties"]["code"])
        props = feature["properties"]
        props["colour"] = row["colour"] if row else CLASS_COLOURS["geen vraag"]
        props.update({k: v for k, v in (row or {}).items() if k != "colour"})
    return pdk.Layer(
        "GeoJsonLayer",
        data,
        id="areas",
        stroked=True,
        filled=True,
        get_fill_color="properties.colour",
        get_line_color=[255, 255, 255, 160],
        line_width_min_pixels=0.5,
        pickable=True,
        auto_highlight=True,
    )


def hexagon_layer(values: pd.DataFrame) -> pdk.Layer:
    """H3 hexagons (column ``code``: hex string cell id) filled by column ``colour``."""
    return pdk.Layer(
        "H3HexagonLayer",
        values,
        id="hexagons",
        get_hexagon="code",
        get_fill_color="colour",
        extruded=False,
        stroked=False,
        pickable=True,
        auto_highlight=True,
    )


def points_layer(
    frame: pd.DataFrame,
    layer_id: str,
    colour: list[int],
    radius_px: float,
    pickable: bool,
) -> pdk.Layer:
    """Points as dots of a fixed size on screen."""
    data = frame.assign(
        position=list(zip(frame["lng"], frame["lat"], strict=True))
    ).drop(columns=["lat", "lng"])
    return pdk.Layer(
        "ScatterplotLayer",
        data,
        id=layer_id,
        get_position="position",
        get_fill_color=colour,
        get_line_color=[255, 255, 255, 230],
        stroked=True,
        line_width_min_pixels=1 if pickable else 0,
        # pydeck turns plain strings into accessors ("pixels" breaks radius_units):
        # pin the on-screen size with min/max pixels instead.
        get_radius=50,
        radius_min_pixels=radius_px,
        radius_max_pixels=radius_px,
        pickable=pickable,
    )


class CompactDeck(pdk.Deck):
    """A Deck whose JSON has no indentation: pydeck indents by 2, which more than
    doubles a map full of coordinates (Streamlit sends ``to_json()`` as is)."""

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize)


def deck(layers: list[pdk.Layer], tooltip_text: str) -> pdk.Deck:
    """A deck on the blank offline style with a plain-text Dutch tooltip."""
    return CompactDeck(
        layers=layers,
        initial_view_state=VIEW,
        map_style=BLANK_STYLE,
        # pointer-events none: a tooltip under the cursor must not swallow clicks.
        tooltip={
            "text": tooltip_text,
            "style": {"fontSize": "12px", "pointerEvents": "none"},
        },
    )


def legend(items: list[tuple[list[int], str]]) -> str:
    """HTML legend: a coloured square and a label per item."""
    box = (
        "width:14px;height:14px;border:1px solid #999;margin-right:5px;"
        "display:inline-block;background:rgba({},{},{},{:.2f})"
    )
    item = '<span style="display:inline-flex;align-items:center;margin-right:14px">'
    parts = [
        f'{item}<span style="{box.format(r, g, b, a / 255)}"></span>{label}</span>'
        for (r, g, b, a), label in items
    ]
    return '<div style="font-size:0.85rem;line-height:1.9">' + "".join(parts) + "</div>"


def boundary_layers(level: Level = PROVINCE) -> list[pdk.Layer]:
    """Outline layers of a level for the dataset in use (provinces by default)."""
    from ui import cache

    prep = cache.prepared()
    collection = boundaries(level, prep.cell_nis, prep.municipalities)
    return [outline_layer(collection, f"outline-{level}")]
