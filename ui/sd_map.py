"""The Vraag & aanbod map: area fill for a metric, outlines, workplaces, lesplaatsen."""

from __future__ import annotations

import pandas as pd
import pydeck as pdk

from radar.kernel.format import number
from radar.kernel.regions import ARRONDISSEMENT, PROVINCE, RESOC
from radar.supply_demand.analysis import Analysis, Prepared
from radar.supply_demand.demand import ID
from radar.supply_demand.locations import ACCESSIBILITY, IS_SHORTAGE
from radar.supply_demand.ratios import CLASS, RATIO, area_codes
from ui import maps

METRICS = {
    "bereikbaarheid": "Bereikbaarheid (E2SFCA)",
    "verhouding": "Verhouding (werkplekken per leerling)",
    "aanbod": "Aanbod (erkende werkplekken)",
    "vraag": "Vraag (leerlingen)",
}
LEVEL_SCALE = {RESOC: 10, ARRONDISSEMENT: 10, PROVINCE: 30}
SHORTAGE = [215, 48, 39, 255]
FINE = [31, 78, 121, 255]
WORKPLACE = [90, 90, 90, 150]


def _fmt(x: float, digits: int = 1) -> str:
    return number(x, digits)


def area_values(
    result: Analysis,
    metric: str,
    hex_access: pd.DataFrame | None,
    municipalities: pd.DataFrame,
) -> tuple[pd.DataFrame, list[tuple[list[int], str]]]:
    """Per area code: colour and tooltip for ``metric``; and the legend items."""
    areas = result.areas.copy()
    if metric == "bereikbaarheid":
        if result.level.is_hex and hex_access is not None:
            areas = hex_access.rename(columns={"accessibility": "value"})
            areas["name"] = areas["code"]
        else:
            codes = area_codes(result.locations, result.level, municipalities)
            loc = result.locations.assign(code=codes)
            weighted = (loc[ACCESSIBILITY] * loc["demand"]).groupby(loc["code"]).sum()
            per = weighted / loc["demand"].groupby(loc["code"]).sum()
            areas["value"] = areas["code"].map(per)
        areas = areas.dropna(subset=["value"])
        areas["colour"] = maps.binned_colour(
            areas["value"], maps.ACCESS_BINS, maps.ACCESS_COLOURS
        )
        areas["tip"] = [
            f"{n}\nbereikbaarheid {_fmt(v, 2)} werkplekken per leerling"
            for n, v in zip(areas["name"], areas["value"], strict=True)
        ]
        edges = ["< 0,5", "0,5 - 1", "1 - 2", "2 - 5", "5 - 10", ">= 10"]
        return areas, list(zip(maps.ACCESS_COLOURS, edges, strict=True))
    if metric == "verhouding":
        areas["colour"] = [maps.CLASS_COLOURS[c] for c in areas[CLASS]]
        legend = [(c, label) for label, c in maps.CLASS_COLOURS.items()]
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
    areas["tip"] = [
        f"{n}\nwerkplekken {_fmt(sv)} · leerlingen {_fmt(dv, 0)}\n"
        f"verhouding {_fmt(r, 2)} ({c})"
        for n, sv, dv, r, c in zip(
            areas["name"],
            areas["supply"],
            areas["demand"],
            areas[RATIO],
            areas[CLASS],
            strict=True,
        )
    ]
    return areas, legend


def build(
    prep: Prepared, result: Analysis, metric: str, hex_access: pd.DataFrame | None
) -> tuple[pdk.Deck, list[tuple[list[int], str]]]:
    """Assemble the deck and its legend."""
    values, legend = area_values(result, metric, hex_access, prep.municipalities)
    layers: list[pdk.Layer] = []
    if result.level.is_hex:
        layers.append(maps.hexagon_layer(values[["code", "colour", "tip"]]))
    else:
        shapes = maps.boundaries(result.level, prep.cell_nis, prep.municipalities)
        layers.append(maps.region_fill_layer(shapes, values[["code", "colour", "tip"]]))
    provinces = maps.boundaries(PROVINCE, prep.cell_nis, prep.municipalities)
    layers.append(maps.outline_layer(provinces, "provinces", width=1.6))
    work = result.supply.assign(
        tip=[f"{n}\nerkende werkplek" for n in result.supply["name"]]
    )
    work = work[["lat", "lng", "tip"]].round({"lat": 5, "lng": 5})
    layers.append(maps.points_layer(work, "werkplekken", WORKPLACE, 2, pickable=False))
    loc = result.locations
    schools = loc.assign(
        tip=[
            f"{n}\n{lv} leerlingen · tekortstraal "
            f"{'-' if pd.isna(r) else f'{r:.0f} km'}\nklik voor details"
            for n, lv, r in zip(
                loc["school_name"], loc["learners"], loc["tekortstraal_km"], strict=True
            )
        ],
        colour=[SHORTAGE if s else FINE for s in loc[IS_SHORTAGE]],
    )[[ID, "lat", "lng", "tip", "colour"]].round({"lat": 5, "lng": 5})
    layers.append(maps.points_layer(schools, "lesplaatsen", "colour", 6, pickable=True))
    return maps.deck(layers, "{tip}"), legend
