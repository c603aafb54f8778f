"""The Vraag & aanbod map: area fill for a metric, outlines, workplaces, lesplaatsen,
place labels; its legend, and the same content as tables ("Kaart als tabel")."""

from __future__ import annotations

from dataclasses import dataclass

import h3
import numpy as np
import pandas as pd
import pydeck as pdk

from radar.kernel.format import MISSING, number, numbers, yes_no
from radar.kernel.placenames import Place, cell_municipalities, near_place
from radar.kernel.regions import ARRONDISSEMENT, MUNICIPALITY, PROVINCE, RESOC, Level
from radar.kernel.settings import Settings
from radar.supply_demand.analysis import Analysis, Prepared
from radar.supply_demand.demand import ID
from radar.supply_demand.locations import ACCESSIBILITY, IS_SHORTAGE
from radar.supply_demand.ratios import CLASS, RATIO, area_codes
from ui import maps
from ui.page_cache import name_cells

METRICS = {
    "bereikbaarheid": "Bereikbaarheid (E2SFCA)",
    "verhouding": "Verhouding (werkplekken per leerling)",
    "aanbod": "Aanbod (erkende werkplekken)",
    "vraag": "Vraag (leerlingen)",
}
TITLES = {
    "bereikbaarheid": ("Bereikbaarheid", "werkplekken per leerling, E2SFCA"),
    "verhouding": ("Verhouding", "werkplekken per leerling in het gebied"),
    "aanbod": ("Aanbod", "erkende werkplekken per gebied"),
    "vraag": ("Vraag", "leerlingen per gebied"),
}
LEVEL_SCALE = {RESOC: 10, ARRONDISSEMENT: 10, PROVINCE: 30}
SHORTAGE = [215, 48, 39, 255]
FINE = [31, 78, 121, 255]
WORKPLACE = [90, 90, 90, 150]
GEMEENTE = "gemeente"
"""Column naming an area (a hexagon) after its gemeente."""
WIDTH_PX, HEIGHT_PX = 1000, 440
"""The map's frame: the page's full width at a 1,500-pixel-wide window (Flanders is
about 2.6 times as wide as high on the map)."""


@dataclass(frozen=True)
class SdMap:
    """The deck, its legend (HTML) and what it shows, as tables (``tables``)."""

    deck: pdk.Deck
    legend: str
    values: pd.DataFrame
    """Per area as drawn: code, gemeente, value (and supply, demand, class)."""
    locations: pd.DataFrame
    metric: str
    level: Level

    def tables(
        self, prep: Prepared, place: Place | None = None, radius_km: float = 10.0
    ) -> tuple[pd.DataFrame, pd.DataFrame]:
        """ "Kaart als tabel": the areas (hexagons named by gemeente, cell id kept)
        and the lesplaatsen, only around ``place`` when given. Built when asked
        (thousands of hexagons make a table that costs more than the map)."""
        areas, points = self.values, self.locations
        if place is not None:
            areas = areas[place_mask(areas, place, self.level, prep, radius_km)]
            points = points[place_mask(points, place, self.level, prep, radius_km)]
        return (
            _area_table(areas, self.metric, self.level.is_hex),
            _school_table(points),
        )


def count(value: float) -> str:
    """A count as people read it: whole numbers without decimals, spread (smoothed)
    ones with one decimal.

    >>> count(12.0), count(0.15789473684210525), count(1234.56)
    ('12', '0,2', '1.234,6')
    """
    return number(value, 0 if float(value).is_integer() else 1)


def counts(values: pd.Series | np.ndarray) -> list[str]:
    """``count`` of every value, a whole column at a time.

    >>> counts(np.array([12.0, 0.15789473684210525, 1234.56, np.nan]))
    ['12', '0,2', '1.234,6', '-']
    """
    array = np.asarray(values, dtype=float)
    whole = np.mod(array, 1) == 0
    out = numbers(array, 1)
    for i, text in zip(np.flatnonzero(whole), numbers(array[whole], 0), strict=True):
        out[i] = text
    return out


def name_areas(frame: pd.DataFrame, prep: Prepared, is_hex: bool) -> pd.DataFrame:
    """Add column ``gemeente``: for hexagons the gemeente the cell lies in (else the
    nearest gemeente point); for regions the region's own name."""
    if not is_hex:
        return frame.assign(gemeente=frame.get("name", ""))
    names = name_cells(frame["code"], prep)
    return frame.assign(gemeente=names)


def _accessibility(
    result: Analysis,
    hex_access: pd.DataFrame | None,
    prep: Prepared,
) -> pd.DataFrame:
    areas = result.areas.copy()
    if result.level.is_hex and hex_access is not None:
        areas = hex_access.rename(columns={"accessibility": "value"})
        return name_areas(areas, prep, True).assign(name=lambda f: f["gemeente"])
    codes = area_codes(result.locations, result.level, prep.municipalities)
    loc = result.locations.assign(code=codes)
    weighted = (loc[ACCESSIBILITY] * loc["demand"]).groupby(loc["code"]).sum()
    per = weighted / loc["demand"].groupby(loc["code"]).sum()
    return areas.assign(value=areas["code"].map(per))


def area_values(
    result: Analysis,
    metric: str,
    hex_access: pd.DataFrame | None,
    prep: Prepared,
) -> tuple[pd.DataFrame, list[maps.LegendItem]]:
    """Per area: colour, tooltip and the value shown; and the legend's fill items."""
    is_hex = result.level.is_hex
    if metric == "bereikbaarheid":
        areas = _accessibility(result, hex_access, prep).dropna(subset=["value"])
        areas["colour"] = maps.binned_colour(
            areas["value"], maps.ACCESS_BINS, maps.ACCESS_COLOURS
        )
        if "gemeente" not in areas:
            areas = name_areas(areas, prep, is_hex)
        areas["tip"] = [
            f"{n}\nbereikbaarheid {v} werkplekken per leerling"
            for n, v in zip(areas["gemeente"], numbers(areas["value"], 2), strict=True)
        ]
        edges = ["< 0,5", "0,5 - 1", "1 - 2", "2 - 5", "5 - 10", ">= 10"]
        return areas, list(zip(maps.ACCESS_COLOURS, edges, strict=True))
    areas = result.areas.copy()
    if metric == "verhouding":
        areas["colour"] = [maps.CLASS_COLOURS[c] for c in areas[CLASS]]
        legend = [(c, label) for label, c in maps.CLASS_COLOURS.items()]
        areas["value"] = areas[RATIO]
    else:
        column = "supply" if metric == "aanbod" else "demand"
        areas = areas[areas[column] > 0].copy()
        # Fixed per level (larger areas hold more), so programmes compare by eye.
        bins = [b * LEVEL_SCALE.get(result.level, 1) for b in maps.COUNT_BINS]
        areas["colour"] = maps.binned_colour(areas[column], bins, maps.COUNT_COLOURS)
        edges = [f"< {bins[0]:g}"]
        edges += [
            f"{lo:g} - {hi:g}" for lo, hi in zip(bins[:-2], bins[1:-1], strict=True)
        ]
        edges += [f">= {bins[-2]:g}"]
        legend = list(zip(maps.COUNT_COLOURS, edges, strict=True))
        areas["value"] = areas[column]
    areas = name_areas(areas, prep, is_hex)
    where = "hexagoon bij " if is_hex else ""
    areas["tip"] = [
        f"{where}{n}\nwerkplekken {sv} · leerlingen {dv}\nverhouding {r} ({c})"
        for n, sv, dv, r, c in zip(
            areas["gemeente"],
            counts(areas["supply"]),
            counts(areas["demand"]),
            numbers(areas[RATIO], 2),
            areas[CLASS],
            strict=True,
        )
    ]
    return areas, legend


def marks(settings: Settings) -> list[maps.LegendItem]:
    """The points on the map, in words."""
    km = number(settings.catchment_km)
    return [
        (SHORTAGE, f"lesplaats met tekort (niet genoeg werkplekken binnen {km} km)"),
        (FINE, "lesplaats zonder tekort"),
        (WORKPLACE, "erkende werkplek"),
    ]


def build(
    prep: Prepared,
    result: Analysis,
    metric: str,
    hex_access: pd.DataFrame | None,
    settings: Settings | None = None,
    place: Place | None = None,
) -> SdMap:
    """Assemble the deck and its legend, and keep what it shows for ``tables``
    (``place``: centre the map on it)."""
    settings = settings or Settings()
    values, fills = area_values(result, metric, hex_access, prep)
    layers: list[pdk.Layer] = []
    if result.level.is_hex:
        layers.append(maps.hexagon_layer(values[["code", "colour", "tip"]]))
    else:
        shapes = maps.boundaries(result.level, prep.cell_nis, prep.municipalities)
        layers.append(maps.region_fill_layer(shapes, values[["code", "colour", "tip"]]))
    provinces = maps.boundaries(PROVINCE, prep.cell_nis, prep.municipalities)
    layers.append(maps.outline_layer(provinces, "provinces", width=1.6))
    supply = result.supply
    work = pd.DataFrame(
        {
            "lat": supply["lat"],
            "lng": supply["lng"],
            "tip": (supply["name"].astype(str) + "\nerkende werkplek").to_numpy(),
        }
    )
    layers.append(maps.points_layer(work, "werkplekken", WORKPLACE, 2, pickable=False))
    loc = result.locations
    schools = pd.DataFrame(
        {
            ID: loc[ID],
            "lat": loc["lat"],
            "lng": loc["lng"],
            "tip": [
                f"{n}\n{lv} leerlingen · tekortstraal "
                f"{'-' if r == MISSING else f'{r} km'}\nklik voor details"
                for n, lv, r in zip(
                    loc["school_name"],
                    counts(loc["learners"]),
                    numbers(loc["tekortstraal_km"]),
                    strict=True,
                )
            ],
            "colour": [SHORTAGE if s else FINE for s in loc[IS_SHORTAGE]],
        }
    )
    layers.append(maps.points_layer(schools, "lesplaatsen", "colour", 6, pickable=True))
    layers.append(maps.label_layer(prep.municipalities))
    view = (
        maps.place_view(place)
        if place
        else maps.flanders_view(prep.municipalities, WIDTH_PX, HEIGHT_PX)
    )
    title, unit = TITLES[metric]
    legend = maps.legend(title, fills, marks(settings), unit)
    return SdMap(
        maps.deck(layers, "{tip}", view), legend, values, loc, metric, result.level
    )


def _area_table(values: pd.DataFrame, metric: str, is_hex: bool) -> pd.DataFrame:
    """The areas as drawn: named by gemeente (hexagons keep their cell id)."""
    label = METRICS[metric]
    cols = {GEMEENTE: "hexagoon bij gemeente" if is_hex else "gebied"}
    cols |= {"value": label}
    if "supply" in values and metric != "bereikbaarheid":
        cols |= {"supply": "werkplekken", "demand": "leerlingen", CLASS: "klasse"}
    cols |= {"code": "H3-cel" if is_hex else "code"}
    out = values[list(cols)].rename(columns=cols)
    return out.sort_values(cols[GEMEENTE], kind="stable").reset_index(drop=True)


def _school_table(loc: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "lesplaats": loc["school_name"].astype(str),
            "leerlingen": loc["learners"],
            "tekort": loc[IS_SHORTAGE].astype(bool).map(yes_no),
            "tekortstraal (km)": loc["tekortstraal_km"],
            "bereikbaarheid": loc[ACCESSIBILITY],
            "code": loc[ID],
        }
    ).sort_values("lesplaats", kind="stable")


def place_mask(
    frame: pd.DataFrame, place: Place, level: Level, prep: Prepared, radius_km: float
) -> np.ndarray:
    """Which rows of a table lie in a place's neighbourhood: its gemeente and what
    lies within ``radius_km`` (rows with a point, hexagons by their centre,
    gemeenten by their point); for larger regions, the region holding the place."""
    if frame.empty:
        return np.zeros(0, dtype=bool)
    munis = prep.municipalities.set_index(prep.municipalities["nis"].astype(str))
    if {"lat", "lng"} <= set(frame.columns):
        lat, lng = frame["lat"], frame["lng"]
        nis = frame.get("nis", None)
    elif level.is_hex:
        centres = [h3.cell_to_latlng(c) for c in frame["code"]]
        lat = pd.Series([c[0] for c in centres], dtype=float)
        lng = pd.Series([c[1] for c in centres], dtype=float)
        nis = cell_municipalities(frame["code"], prep.cell_nis, prep.municipalities)
        nis = nis["nis"]
    elif level == MUNICIPALITY:
        nis = frame["code"].astype(str)
        lat = nis.map(munis["lat"]).astype(float)
        lng = nis.map(munis["lng"]).astype(float)
    else:
        region = str(munis.loc[place.nis, level.code_column])
        return (frame["code"].astype(str) == region).to_numpy()
    return near_place(lat, lng, nis, place, radius_km)
