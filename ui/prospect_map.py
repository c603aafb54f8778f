"""The Prospectie map: candidates by score, recognised workplaces in grey, lesplaatsen.

Coordinates flip to [lng, lat] here, for pydeck. Drawn on the offline blank style;
province outlines come from ``ui.maps.boundary_layers``, the centrumsteden labels
from ``ui.maps.label_layer``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pydeck as pdk

from radar.kernel.format import numbers
from radar.kernel.placenames import Place
from radar.kernel.regions import PROVINCE
from ui import maps

GREY = [150, 150, 150, 150]
# Only this template is HTML: Streamlit escapes every {field} it fills in (names,
# addresses and reasons from the data), so data never becomes markup or a link.
TOOLTIP = "<b>{title}</b><br/>{line}<br/>{detail}"
LESPLAATS = [31, 111, 139, 235]
LESPLAATS_SHORTAGE = [117, 40, 160, 235]
SELECTED = [255, 215, 0, 255]
# Score colour ramp from pale (0.4 and lower) to dark red (1.0).
LOW, HIGH = np.array([253, 212, 158]), np.array([179, 0, 0])


def score_colours(score: np.ndarray) -> list[list[int]]:
    """Colour per score on a fixed ramp (so two lists compare by eye)."""
    t = np.clip((np.asarray(score, dtype=float) - 0.4) / 0.6, 0, 1)[:, None]
    rgb = np.round(LOW + (HIGH - LOW) * t).astype(int)
    return [[*row, 220] for row in rgb.tolist()]


def _positions(frame: pd.DataFrame) -> list[list[float]]:
    return [
        [float(a), float(b)] for a, b in zip(frame["lng"], frame["lat"], strict=True)
    ]


WIDTH_PX, HEIGHT_PX = 600, 480
"""The map's frame: the left column of the page at a 1,500-pixel-wide window."""


def _view(frame: pd.DataFrame, place: Place | None) -> pdk.ViewState:
    """Centre on the searched place, else fit the points' extent to the frame."""
    if place is not None:
        return maps.place_view(place)
    if frame.empty:
        return maps.VIEW
    lat, lng = frame["lat"].to_numpy(float), frame["lng"].to_numpy(float)
    # At least ~5 km across, so one candidate does not zoom in to a street.
    pad = 0.025
    bounds = (lat.min() - pad, lng.min() - pad, lat.max() + pad, lng.max() + pad)
    return maps.fit_view(bounds, WIDTH_PX, HEIGHT_PX, padding_px=24, max_zoom=13)


def prospect_deck(
    table: pd.DataFrame,
    recognised: pd.DataFrame,
    locations: pd.DataFrame,
    selected: str | None = None,
    outlines: bool = True,
    place: Place | None = None,
    municipalities: pd.DataFrame | None = None,
) -> pdk.Deck:
    """Build the deck: grey recognised workplaces, candidates coloured by score, the
    lesplaatsen (red when short of workplaces) and the selected row highlighted."""
    cand = pd.DataFrame(
        {
            "position": _positions(table),
            "colour": score_colours(table["score"].to_numpy()),
            "title": table["name"].astype(str),
            "line": [
                f"#{r} · score {s}"
                for r, s in zip(table["rank"], numbers(table["score"], 2), strict=True)
            ],
            "detail": table["reason"].astype(str),
        }
    )
    rec = pd.DataFrame(
        {
            "position": _positions(recognised),
            "title": recognised["name"].astype(str),
            "line": "al erkend voor deze opleiding",
            "detail": "",
        }
    )
    loc = pd.DataFrame(
        {
            "position": _positions(locations),
            "colour": [
                LESPLAATS_SHORTAGE if short else LESPLAATS
                for short in locations["is_shortage"].astype(bool)
            ],
            "title": locations["school_name"].astype(str),
            "line": [
                "lesplaats" + (" (tekort aan werkplekken)" if short else "")
                for short in locations["is_shortage"].astype(bool)
            ],
            "detail": "",
        }
    )
    layers = maps.boundary_layers(PROVINCE) if outlines else []
    layers += [
        _dots(rec, "recognised", GREY, 3),
        _dots(cand, "candidates", "colour", 5),
        _dots(loc, "lesplaatsen", "colour", 8, line=[20, 20, 20, 255]),
    ]
    chosen = table[table["establishment_number"] == selected]
    if not chosen.empty:
        sel = pd.DataFrame(
            {
                "position": _positions(chosen),
                "title": chosen["name"],
                "line": "geselecteerd",
                "detail": "",
            }
        )
        layers.append(_dots(sel, "selected", SELECTED, 10, line=[0, 0, 0, 255]))
    if municipalities is not None:
        layers.append(maps.label_layer(municipalities))
    return maps.deck(layers, TOOLTIP, _view(table, place), html=True)


def _dots(
    data: pd.DataFrame,
    layer_id: str,
    colour: list[int] | str,
    radius_px: float,
    line: list[int] | None = None,
) -> pdk.Layer:
    return pdk.Layer(
        "ScatterplotLayer",
        data,
        id=layer_id,
        get_position="position",
        get_fill_color=colour,
        get_line_color=line or [255, 255, 255, 200],
        stroked=True,
        line_width_min_pixels=1,
        get_radius=40,
        radius_min_pixels=radius_px,
        radius_max_pixels=radius_px,
        pickable=True,
    )


def legend() -> str:
    """HTML legend of the map."""
    return maps.legend(
        "Prospecten",
        [],
        [
            ([179, 0, 0, 220], "kandidaat, hoge score (1)"),
            ([253, 212, 158, 220], "kandidaat, lagere score (0,4 of minder)"),
            (GREY, "al erkend voor deze opleiding"),
            (LESPLAATS, "lesplaats"),
            (LESPLAATS_SHORTAGE, "lesplaats met tekort aan werkplekken"),
            (SELECTED, "gekozen rij"),
        ],
        "kleur: score van 0 tot 1",
    )


def map_tables(
    recognised: pd.DataFrame, locations: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What the map shows besides the candidates (listed above it), as tables."""
    schools = pd.DataFrame(
        {
            "lesplaats": locations["school_name"].astype(str),
            "tekort aan werkplekken": locations["is_shortage"].astype(bool),
            "leerlingen": locations["learners"],
        }
    ).sort_values("lesplaats", kind="stable")
    done = pd.DataFrame({"al erkend": recognised["name"].astype(str)})
    return schools, done.sort_values("al erkend", kind="stable")
