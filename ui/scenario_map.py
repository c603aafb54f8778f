"""The Wat als map in "verschil" mode: how much accessibility each place wins or
loses, on a fixed diverging scale (red: less, blue: more), with the lesplaatsen
coloured the same way and the scenario's new lesplaatsen and workplaces marked."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pydeck as pdk

from radar.kernel.format import km, number, numbers
from radar.kernel.geo import KM_PER_DEG_LAT
from radar.kernel.regions import PROVINCE
from radar.scenario.changes import AddWorkplaces, RecogniseProspects
from radar.scenario.compare import CHANGE, CLOSED, NEW, STATUS
from radar.supply_demand.analysis import Prepared
from ui import maps
from ui.page_cache import name_cells
from ui.scenario_state import Run

# Fixed bins of the change in accessibility (workplaces per learner): value < bound.
DIFF_BINS = [-1.0, -0.3, -0.1, 0.0, 0.1, 0.3, 1.0, np.inf]
DIFF_COLOURS = [
    [178, 24, 43, 220],
    [214, 96, 77, 210],
    [244, 165, 130, 200],
    [253, 219, 199, 190],
    [209, 229, 240, 190],
    [146, 197, 222, 200],
    [67, 147, 195, 210],
    [33, 102, 172, 220],
]
SMALLEST = 0.01
"""Changes smaller than this (in workplaces per learner) are not drawn."""
UNCHANGED = [110, 110, 110, 230]
NEW_SCHOOL = [106, 61, 154, 255]
NEW_WORK = [27, 120, 55, 255]


WIDTH_PX, HEIGHT_PX = 610, 360
"""The map's frame: the right-hand column of the page at a 1,500-pixel window."""


def legend_items() -> list[tuple[list[int], str]]:
    """The legend of the diverging scale, in Dutch numbers (fills, then marks)."""
    edges = DIFF_BINS[:-1]
    labels = [f"< {number(edges[0], 1)}"]
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        if lo == 0.0:
            labels.append(f"+{number(SMALLEST, 2)} tot {number(hi, 1, sign=True)}")
        elif hi == 0.0:
            labels.append(f"{number(lo, 1)} tot -{number(SMALLEST, 2)}")
        else:
            labels.append(
                f"{number(lo, 1, sign=lo > 0)} tot {number(hi, 1, sign=hi > 0)}"
            )
    labels.append(f">= {number(edges[-1], 1, sign=True)}")
    return list(zip(DIFF_COLOURS, labels, strict=True))


MARKS = [
    (DIFF_COLOURS[1], "lesplaats die bereikbaarheid verliest (kleur als het verschil)"),
    (DIFF_COLOURS[-2], "lesplaats die bereikbaarheid wint"),
    (UNCHANGED, "lesplaats zonder verschil of gesloten"),
    (NEW_SCHOOL, "nieuwe lesplaats"),
    (NEW_WORK, "nieuwe werkplekken"),
]


def legend() -> str:
    """The map's legend: title, unit, the classes of the change and every mark."""
    return maps.legend(
        "Verschil in bereikbaarheid door het scenario",
        legend_items(),
        MARKS,
        "werkplekken per leerling",
    )


def _colour(values: np.ndarray) -> list[list[int]]:
    return maps.binned_colour(values, DIFF_BINS, DIFF_COLOURS)


def _access(value: float) -> str:
    return number(value, 2)


def _radius(value: float) -> str:
    return "geen" if pd.isna(value) else km(float(value))


def _school_tip(row: pd.Series) -> str:
    name = row["school_name"]
    if row[STATUS] == CLOSED:
        return f"{name}\ngesloten in dit scenario"
    if row[STATUS] == NEW:
        return (
            f"{name}\n{number(row['learners_after'])} leerlingen · bereikbaarheid "
            f"{_access(row['accessibility_after'])} ({row['class_after']})\n"
            f"tekortstraal {_radius(row['tekortstraal_km_after'])}"
        )
    return (
        f"{name}\nbereikbaarheid {_access(row['accessibility_before'])} → "
        f"{_access(row['accessibility_after'])} "
        f"({number(row[CHANGE], 2, sign=True)})\n"
        f"klasse {row['class_before']} → {row['class_after']}\n"
        f"tekortstraal {_radius(row['tekortstraal_km_before'])} → "
        f"{_radius(row['tekortstraal_km_after'])}"
    )


def _new_workplaces(result: Run) -> pd.DataFrame:
    rows = []
    for change in result.scenario.changes:
        if isinstance(change, AddWorkplaces | RecogniseProspects):
            for sp in change.spots:
                what = (
                    f"{number(sp.amount, 1)} nieuwe werkplekken"
                    if isinstance(change, AddWorkplaces)
                    else f"vestiging {sp.id} erkend"
                )
                rows.append({"lat": sp.lat, "lng": sp.lng, "tip": what})
    return pd.DataFrame(rows, columns=["lat", "lng", "tip"])


def build(
    prep: Prepared, result: Run, base_demand: pd.DataFrame
) -> tuple[pdk.Deck, pd.DataFrame]:
    """Assemble the difference map, and its hexagons as a table (named by
    gemeente, cell id kept)."""
    hexes = result.hexagons
    hexes = hexes[hexes["change"].abs() >= SMALLEST].copy()
    hexes["gemeente"] = name_cells(hexes["code"], prep)
    hexes["colour"] = _colour(hexes["change"].to_numpy())
    hexes["tip"] = [
        f"hexagoon bij {g}\nbereikbaarheid {a} → {b} ({c})"
        for g, a, b, c in zip(
            hexes["gemeente"],
            numbers(hexes["accessibility_before"], 2),
            numbers(hexes["accessibility_after"], 2),
            numbers(hexes["change"], 2, sign=True),
            strict=True,
        )
    ]
    layers: list[pdk.Layer] = [maps.hexagon_layer(hexes[["code", "colour", "tip"]])]
    provinces = maps.boundaries(PROVINCE, prep.cell_nis, prep.municipalities)
    layers.append(maps.outline_layer(provinces, "provinces", width=1.6))
    loc = result.comparison.locations
    where = pd.concat(
        [
            base_demand[["id", "lat", "lng"]],
            result.after.demand[["id", "lat", "lng"]],
        ]
    ).drop_duplicates("id")
    points = loc.merge(
        where.rename(columns={"id": "location_id"}), on="location_id", how="left"
    )
    change = points[CHANGE].fillna(0.0).to_numpy()
    colour = [
        UNCHANGED if abs(c) < SMALLEST else col
        for c, col in zip(change, _colour(change), strict=True)
    ]
    points["colour"] = [
        NEW_SCHOOL if st == NEW else UNCHANGED if st == CLOSED else col
        for st, col in zip(points[STATUS], colour, strict=True)
    ]
    points["tip"] = [_school_tip(row) for _, row in points.iterrows()]
    shown = points[points[STATUS] != NEW]
    schools = shown[["location_id", "lat", "lng", "tip", "colour"]]
    layers.append(maps.points_layer(schools, "lesplaatsen", "colour", 6, pickable=True))
    work = _new_workplaces(result)
    if len(work):
        layers.append(maps.points_layer(work, "nieuwe-werkplekken", NEW_WORK, 5, True))
    news = points[points[STATUS] == NEW]
    if len(news):
        layers.append(
            maps.points_layer(
                news[["lat", "lng", "tip"]], "nieuwe-lesplaatsen", NEW_SCHOOL, 9, True
            )
        )
    layers.append(maps.label_layer(prep.municipalities))
    deck = maps.deck(
        layers, "{tip}", maps.flanders_view(prep.municipalities, WIDTH_PX, HEIGHT_PX)
    )
    moved = points[(points[STATUS] != "bestaand") | (np.abs(change) >= SMALLEST)]
    # The footprint: what moved, where the workplaces went, every drawn hexagon.
    footprint = [moved[["lat", "lng"]], work[["lat", "lng"]], hexes[["lat", "lng"]]]
    focus = pd.concat(footprint).dropna()
    if len(focus):
        deck.initial_view_state = view_of(focus)
    table = hexes[
        ["gemeente", "accessibility_before", "accessibility_after", "change", "code"]
    ].rename(
        columns={
            "accessibility_before": "bereikbaarheid voor",
            "accessibility_after": "bereikbaarheid na",
            "change": "verschil",
            "code": "H3-cel",
        }
    )
    return deck, table.sort_values("verschil", key=abs, ascending=False)


def view_of(points: pd.DataFrame) -> pdk.ViewState:
    """A view that fits ``points`` (lat, lng) into the map's frame: at least ~40 km
    across, and never zoomed out beyond Flanders' own view."""
    lat, lng = points["lat"].to_numpy(float), points["lng"].to_numpy(float)
    half_lat = max((lat.max() - lat.min()) / 2, 20.0 / KM_PER_DEG_LAT)
    half_lng = max(
        (lng.max() - lng.min()) / 2,
        20.0 / (KM_PER_DEG_LAT * np.cos(np.radians(lat.mean()))),
    )
    mid_lat, mid_lng = (lat.max() + lat.min()) / 2, (lng.max() + lng.min()) / 2
    bounds = (mid_lat - half_lat, mid_lng - half_lng, mid_lat + half_lat,
              mid_lng + half_lng)  # fmt: skip
    return maps.fit_view(bounds, WIDTH_PX, HEIGHT_PX, padding_px=20, max_zoom=11)
