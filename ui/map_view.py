"""A map's initial view: Flanders and Brussels fitted to the frame on both axes, or
centred on a place found by the search (Web Mercator, as deck.gl draws it).
``ui.maps`` hands these out too."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pydeck as pdk

from radar.kernel import schema as s
from radar.kernel.geo import KM_PER_DEG_LAT, municipality_radius_km
from radar.kernel.placenames import Place

TILE_PX = 512
"""deck.gl's Web Mercator world is 512 pixels wide at zoom 0."""
PLACE_ZOOM = 10.0
"""Zoom of a map centred on a place found by the search (a gemeente and its
neighbours)."""


def _mercator_y(lat: float) -> float:
    """Web Mercator y of a latitude, in world units (0 at the top, 1 at the bottom)."""
    phi = math.radians(lat)
    return (1 - math.log(math.tan(math.pi / 4 + phi / 2)) / math.pi) / 2


def fit_view(
    bounds: tuple[float, float, float, float],
    width_px: float,
    height_px: float,
    padding_px: float = 10,
    max_zoom: float = 14,
) -> pdk.ViewState:
    """The view that fits ``bounds`` (south, west, north, east in degrees) into a
    map of ``width_px`` x ``height_px``: centred on the box in Web Mercator, at the
    largest zoom at which both its width and its height fit inside the padding.

    Half the world's longitude in 1,024 pixels: the world is 2,048 px wide, zoom 2.

    >>> v = fit_view((-10.0, -90.0, 10.0, 90.0), 1024, 512, padding_px=0)
    >>> round(v.zoom, 6), round(v.latitude, 6), v.longitude
    (2.0, 0.0, 0.0)
    """
    south, west, north, east = bounds
    dx = max((east - west) / 360, 1e-9)
    dy = max(_mercator_y(south) - _mercator_y(north), 1e-9)
    room_x = max(width_px - 2 * padding_px, 1) / TILE_PX
    room_y = max(height_px - 2 * padding_px, 1) / TILE_PX
    zoom = min(math.log2(room_x / dx), math.log2(room_y / dy), max_zoom)
    mid_y = (_mercator_y(south) + _mercator_y(north)) / 2
    lat = math.degrees(2 * math.atan(math.exp(math.pi * (1 - 2 * mid_y))) - math.pi / 2)
    return pdk.ViewState(
        latitude=lat,
        longitude=(west + east) / 2,
        zoom=zoom,
        min_zoom=min(6.0, zoom),
        max_zoom=max(max_zoom, zoom),
    )


def area_bounds(municipalities: pd.DataFrame) -> tuple[float, float, float, float]:
    """South, west, north, east of the gemeenten: their points, each widened by the
    radius of a disc of the gemeente's area (outlines reach past the points)."""
    lat = municipalities[s.LAT].to_numpy(float)
    lng = municipalities[s.LNG].to_numpy(float)
    if "area_km2" in municipalities:
        r_km = municipality_radius_km(municipalities["area_km2"].fillna(0).to_numpy())
    else:
        r_km = np.zeros_like(lat)
    dlat = r_km / KM_PER_DEG_LAT
    dlng = dlat / np.cos(np.radians(lat))
    south, north = float((lat - dlat).min()), float((lat + dlat).max())
    west, east = float((lng - dlng).min()), float((lng + dlng).max())
    return south, west, north, east


def flanders_view(
    municipalities: pd.DataFrame, width_px: float, height_px: float
) -> pdk.ViewState:
    """Flanders and Brussels (the reference gemeenten) fitted to a map's frame."""
    return fit_view(area_bounds(municipalities), width_px, height_px)


def place_view(place: Place, zoom: float = PLACE_ZOOM) -> pdk.ViewState:
    """A view centred on a place found by the search."""
    return pdk.ViewState(
        latitude=place.lat, longitude=place.lng, zoom=zoom, min_zoom=6, max_zoom=15
    )
