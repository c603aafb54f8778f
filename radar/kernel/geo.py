"""Geometry, once: great-circle distance, the local projection, and "within a radius".

Distances are haversine km on the WGS84 mean radius. For neighbour searches points are
projected to km on an equirectangular plane true to scale at 50.8 N (the centre of
Flanders; under 0.5 % off anywhere in Belgium): a KD-tree or a box finds candidates
with a small margin, and the exact haversine distance of each candidate decides.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEG_LAT = 111.32
LAT0 = 50.8
"""True-scale latitude of the projection: the centre of Flanders."""
_MARGIN = 1.02  # projected distances differ from haversine by well under 2 % here


def haversine_km(
    lat1: np.ndarray, lng1: np.ndarray, lat2: np.ndarray, lng2: np.ndarray
) -> np.ndarray:
    """Return great-circle distances in km between paired points (degrees in).

    >>> round(float(haversine_km(50.85, 4.35, 51.22, 4.40)), 1)  # Brussel - Antwerpen
    41.3
    """
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp = p2 - p1
    dl = np.radians(np.asarray(lng2) - np.asarray(lng1))
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(a)))


def offset_points(
    lat: np.ndarray, lng: np.ndarray, radius_km: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Draw one point uniformly in the disc of ``radius_km`` around each centre."""
    n = len(lat)
    r = np.asarray(radius_km) * np.sqrt(rng.random(n))
    theta = rng.random(n) * 2 * np.pi
    dlat = r * np.sin(theta) / KM_PER_DEG_LAT
    dlng = r * np.cos(theta) / (KM_PER_DEG_LAT * np.cos(np.radians(lat)))
    return np.round(lat + dlat, 6), np.round(lng + dlng, 6)


def municipality_radius_km(area_km2: np.ndarray) -> np.ndarray:
    """Return the radius of a disc with the municipality's area.

    >>> float(municipality_radius_km(np.array([np.pi]))[0])
    1.0
    """
    return np.sqrt(np.asarray(area_km2, dtype=float) / np.pi)


def project_km(lat: np.ndarray, lng: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Project degrees to km (equirectangular at 50.8 N; under 0.5 % off in Belgium).

    >>> x, y = project_km(np.array([50.8, 50.9]), np.array([4.0, 4.0]))
    >>> round(float(y[1] - y[0]), 2), float(x[1] - x[0])
    (11.12, 0.0)
    """
    k = np.pi / 180 * EARTH_RADIUS_KM
    lat = np.asarray(lat, dtype=float)
    lng = np.asarray(lng, dtype=float)
    return lng * k * np.cos(np.radians(LAT0)), lat * k


def pairs_within(
    a: pd.DataFrame, b: pd.DataFrame, radius_km: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (index in a, index in b, haversine km) of every pair within ``radius_km``.

    Both frames need ``lat`` and ``lng``; indices are row positions.
    """
    if a.empty or b.empty:
        empty = np.array([], dtype=np.int64)
        return empty, empty, np.array([], dtype=float)
    pa = np.column_stack(project_km(a["lat"].to_numpy(float), a["lng"].to_numpy(float)))
    pb = np.column_stack(project_km(b["lat"].to_numpy(float), b["lng"].to_numpy(float)))
    near = cKDTree(pa).sparse_distance_matrix(
        cKDTree(pb), radius_km * _MARGIN + 0.01, output_type="ndarray"
    )
    ia, ib = near["i"].astype(np.int64), near["j"].astype(np.int64)
    # Haversine per pair, with each point's radians and cosine computed once.
    lat_a, lat_b = (
        np.radians(a["lat"].to_numpy(float)),
        np.radians(b["lat"].to_numpy(float)),
    )
    lng_a, lng_b = (
        np.radians(a["lng"].to_numpy(float)),
        np.radians(b["lng"].to_numpy(float)),
    )
    cos_ab = np.cos(lat_a)[ia] * np.cos(lat_b)[ib]
    h = np.sin((lat_b[ib] - lat_a[ia]) * 0.5) ** 2
    h += cos_ab * np.sin((lng_b[ib] - lng_a[ia]) * 0.5) ** 2
    d = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(h, 1.0)))
    keep = d <= radius_km
    return ia[keep], ib[keep], d[keep]


def within_km(
    lat: np.ndarray, lng: np.ndarray, lat0: float, lng0: float, radius_km: float
) -> tuple[np.ndarray, np.ndarray]:
    """Return (inside mask, km) of points to a centre; a box test first, so points
    outside the box get distance inf.

    >>> m, d = within_km(np.array([50.0, 50.04]), np.array([4.0, 4.0]), 50.0, 4.0, 5)
    >>> m.tolist(), d.round(2).tolist()
    ([True, True], [0.0, 4.45])
    >>> within_km(np.array([50.1]), np.array([4.0]), 50.0, 4.0, 5)[1].tolist()
    [inf]
    """
    dlat = radius_km / KM_PER_DEG_LAT * 1.01
    dlng = dlat / max(np.cos(np.radians(lat0 + np.sign(lat0) * dlat)), 1e-6)
    box = (np.abs(lat - lat0) <= dlat) & (np.abs(lng - lng0) <= dlng)
    dist = np.full(len(lat), np.inf)
    dist[box] = haversine_km(lat[box], lng[box], np.asarray(lat0), np.asarray(lng0))
    return dist <= radius_km, dist
