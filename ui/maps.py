"""pydeck maps on the offline blank style: outlines, hexagon/region fills, points.

Coordinates flip to [lng, lat] here and only here. Colour scales are fixed per metric
(not stretched per selection), so two maps can be compared by eye.
"""

from __future__ import annotations

import functools
import json
import weakref
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pydeck as pdk
import streamlit as st
from pydeck.bindings import deck as pdk_deck
from pydeck.bindings.json_tools import default_serialize
from pydeck.types import String

from radar.kernel import schema as s
from radar.kernel.boundaries import (
    derive_boundaries,
    packaged_boundaries,
    read_boundaries,
)
from radar.kernel.paths import Paths
from radar.kernel.placenames import labelled_places
from radar.kernel.regions import PROVINCE, Level
from ui.grid import dutch_table as dutch_table  # the pages' import, kept
from ui.map_view import PLACE_ZOOM as PLACE_ZOOM
from ui.map_view import TILE_PX as TILE_PX
from ui.map_view import area_bounds as area_bounds
from ui.map_view import fit_view as fit_view
from ui.map_view import flanders_view as flanders_view
from ui.map_view import place_view as place_view
from ui.page_cache import per_object

# pydeck's Deck() tries to build a Jupyter widget on every call (a failed import,
# ~18 ms per map here): once per process is enough.
pdk_deck.has_jupyter_extra = functools.cache(pdk_deck.has_jupyter_extra)

BLANK_STYLE = "/app/static/blank-style.json"
VIEW = pdk.ViewState(latitude=51.02, longitude=4.25, zoom=6.75, min_zoom=6, max_zoom=14)
"""A rough view of Flanders, when no reference is at hand (see ``flanders_view``)."""
LABEL = [35, 35, 45, 255]
HALO = [255, 255, 255, 235]
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
    """Region outlines only (no fill, not pickable)."""
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


STROKE_NOT_PICKED = {"_subLayerProps": {"polygons-stroke": {"pickable": False}}}
"""GeoJsonLayer props that keep its outlines (the sub-layer ``polygons-stroke``)
out of picking; the fill stays pickable."""


def region_fill_layer(collection: dict, values: pd.DataFrame) -> pdk.Layer:
    """Regions filled by ``values`` (columns code, colour, tooltip fields).

    Their outlines are not pickable (``STROKE_NOT_PICKED``): in Streamlit's deck.gl
    a pickable outline of more than about 6,000 vertices (the 300 gemeenten hold
    17,000) makes every click on the map pick nothing, so a lesplaats on top could
    not be clicked (hovering still worked). Measured in chromium."""
    lookup = dict(zip(values["code"], records(values), strict=True))
    features = []
    for feature in collection["features"]:
        # New feature and properties dicts around the shared, untouched geometry
        # (a deep copy of every outline cost 200 ms a map).
        row = lookup.get(feature["properties"]["code"])
        props = dict(feature["properties"])
        props["colour"] = row["colour"] if row else CLASS_COLOURS["geen vraag"]
        props.update({k: v for k, v in (row or {}).items() if k != "colour"})
        features.append({**feature, "properties": props})
    data = {**collection, "features": features}
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
        **STROKE_NOT_PICKED,
    )


def hexagon_layer(values: pd.DataFrame) -> pdk.Layer:
    """H3 hexagons (column ``code``: hex string cell id) filled by column ``colour``."""
    return pdk.Layer(
        "H3HexagonLayer",
        records(values),
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
    colour: list[int] | str,
    radius_px: float,
    pickable: bool,
) -> pdk.Layer:
    """Points as dots of a fixed size on screen."""
    data = records(frame.drop(columns=[s.LAT, s.LNG]), position=positions(frame))
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
    doubles a map full of coordinates (Streamlit sends ``to_json()`` as is).

    The JSON is written once: a deck is built, then only shown (a cached map,
    ``ui.page_cache.sd_view``, is shown on many reruns)."""

    def to_json(self) -> str:
        written = _json_of.get(self)
        if written is None:
            written = json.dumps(self, sort_keys=True, default=default_serialize)
            _json_of[self] = written
        return written


_json_of: weakref.WeakKeyDictionary[CompactDeck, str] = weakref.WeakKeyDictionary()


TOOLTIP_STYLE = {
    "fontSize": "12px",
    # pointer-events none: a tooltip under the cursor must not swallow clicks.
    "pointerEvents": "none",
    # Narrow and wrapped, and centred on the pointer rather than hanging to its
    # right, so a tooltip near the map's edge stays inside the map.
    "maxWidth": "260px",
    "whiteSpace": "normal",
    "translate": "-50% 14px",
}


def deck(
    layers: list[pdk.Layer],
    tooltip_text: str,
    view: pdk.ViewState | None = None,
    html: bool = False,
) -> pdk.Deck:
    """A deck on the blank offline style with a Dutch tooltip (plain text, or an
    HTML template whose {fields} Streamlit escapes)."""
    return CompactDeck(
        layers=layers,
        initial_view_state=view or VIEW,
        map_style=BLANK_STYLE,
        tooltip={"html" if html else "text": tooltip_text, "style": TOOLTIP_STYLE},
    )


def records(frame: pd.DataFrame, **extra: list) -> list[dict]:
    """The rows of ``frame`` as dicts for a layer, built from whole columns (a few
    times faster than ``DataFrame.to_dict("records")``, which pydeck calls)."""
    columns = {c: frame[c].tolist() for c in frame.columns} | extra
    keys = list(columns)
    return [
        dict(zip(keys, row, strict=True)) for row in zip(*columns.values(), strict=True)
    ]


def positions(frame: pd.DataFrame, digits: int = 5) -> list[list[float]]:
    """``[lng, lat]`` of each row (rounded to ~1 m), for pydeck."""
    lng = np.round(frame[s.LNG].to_numpy(float), digits).tolist()
    lat = np.round(frame[s.LAT].to_numpy(float), digits).tolist()
    return [[a, b] for a, b in zip(lng, lat, strict=True)]


def _label_records(municipalities: pd.DataFrame) -> list[dict]:
    places = labelled_places(municipalities)
    return records(places[["name"]], position=positions(places))


def label_layer(municipalities: pd.DataFrame) -> pdk.Layer:
    """Names of the centrumsteden and Brussel at their points (text drawn by
    deck.gl itself: no tile server), dark on a white halo. The names are looked up
    once per reference table."""
    data = per_object(municipalities, _label_records)
    return pdk.Layer(
        "TextLayer",
        data,
        id="plaatsnamen",
        get_position="position",
        get_text="name",
        get_size=13,
        get_color=LABEL,
        get_text_anchor=String("middle"),
        get_alignment_baseline=String("bottom"),
        get_pixel_offset=[0, -7],
        font_family=String("DejaVu Sans, Arial, sans-serif"),
        font_weight=600,
        font_settings={"sdf": True},
        outline_width=3,
        outline_color=HALO,
        pickable=False,
    )


LegendItem = tuple[list[int], str]


def legend(
    title: str,
    fills: list[LegendItem],
    marks: list[LegendItem] | None = None,
    unit: str = "",
) -> str:
    """HTML legend: a title with its unit, a square per fill class (hexagons or
    areas) and a dot per kind of point on the map."""
    box = (
        "width:14px;height:14px;border:1px solid #777;margin-right:5px;"
        "display:inline-block;flex:none;background:rgba({},{},{},{:.2f})"
    )
    dot = box.replace(
        "border:1px solid #777", "border:1px solid #333;border-radius:50%"
    )
    item = '<span style="display:inline-flex;align-items:center;margin-right:14px">'

    def row(items: list[LegendItem], shape: str) -> str:
        return "".join(
            f'{item}<span style="{shape.format(r, g, b, a / 255)}"></span>'
            f"{label}</span>"
            for (r, g, b, a), label in items
        )

    head = f"<strong>{title}</strong>" + (f" ({unit})" if unit else "")
    parts = [f"<div>{head}</div>"]
    if fills:
        parts.append(f"<div>{row(fills, box)}</div>")
    if marks:
        parts.append(f"<div>{row(marks, dot)}</div>")
    return (
        '<div style="font-size:0.85rem;line-height:1.9;color:#262730">'
        + "".join(parts)
        + "</div>"
    )


def boundary_layers(level: Level = PROVINCE) -> list[pdk.Layer]:
    """Outline layers of a level for the dataset in use (provinces by default)."""
    from ui import cache

    prep = cache.prepared()
    collection = boundaries(level, prep.cell_nis, prep.municipalities)
    return [outline_layer(collection, f"outline-{level}")]
