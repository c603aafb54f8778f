"""Geometry, once: great-circle distance, the local projection, and "within a radius".

Distances are haversine km on the WGS84 mean radius. Neighbour searches put points
in 3-D on that sphere: the straight-line distance between two points is a monotone
function of their great-circle distance, so a KD-tree query with the radius's chord
finds exactly the pairs within the radius, and each pair's km follow from its chord
(one arcsin). ``project_km`` (equirectangular, true to scale at 50.8 N) remains for
flat work such as bounding boxes. scipy is imported on first use only.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEG_LAT = 111.32
LAT0 = 50.8
"""True-scale latitude of the projection: the centre of Flanders."""


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


def to_xyz_km(lat: np.ndarray, lng: np.ndarray) -> np.ndarray:
    """Return points as 3-D coordinates (km) on the sphere of the mean Earth radius.

    The straight-line (chord) distance c between two such points gives the
    great-circle distance exactly: d = 2R arcsin(c / 2R), the haversine formula.

    >>> p = to_xyz_km(np.array([50.85, 51.22]), np.array([4.35, 4.40]))
    >>> round(float(chord_to_km(np.linalg.norm(p[0] - p[1]))), 1)  # Brussel - Antwerpen
    41.3
    """
    lat_r = np.radians(np.asarray(lat, dtype=float))
    lng_r = np.radians(np.asarray(lng, dtype=float))
    c = np.cos(lat_r)
    out = np.empty((len(lat_r), 3))
    out[:, 0] = c * np.cos(lng_r)
    out[:, 1] = c * np.sin(lng_r)
    out[:, 2] = np.sin(lat_r)
    out *= EARTH_RADIUS_KM
    return out


def km_to_chord(radius_km: float) -> float:
    """Return the chord length (km) of a great-circle distance (the inverse of
    ``chord_to_km``); a radius beyond half the globe is capped at the diameter.

    >>> round(km_to_chord(25.0), 6) < 25.0
    True
    """
    half = min(float(radius_km) / (2 * EARTH_RADIUS_KM), np.pi / 2)
    # The tiny relative pad keeps pairs exactly at the radius that rounding would
    # drop; the exact distance decides afterwards.
    return float(2 * EARTH_RADIUS_KM * np.sin(half) * (1 + 1e-12))


def chord_to_km(chord: np.ndarray | float) -> np.ndarray:
    """Return the great-circle distance (km) of a chord length (km)."""
    ratio = np.minimum(np.asarray(chord, dtype=float) / (2 * EARTH_RADIUS_KM), 1.0)
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(ratio))


def _xyz(frame: pd.DataFrame) -> np.ndarray:
    return to_xyz_km(frame["lat"].to_numpy(float), frame["lng"].to_numpy(float))


def pairs_within(
    a: pd.DataFrame, b: pd.DataFrame, radius_km: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (index in a, index in b, haversine km) of every pair within ``radius_km``.

    Both frames need ``lat`` and ``lng``; indices are row positions, in no particular
    order. A KD-tree on 3-D points finds the pairs whose chord is
    within the radius's chord: exactly the pairs within the great-circle radius,
    with no margin to refine.
    """
    from scipy.spatial import cKDTree  # imported here: off the app's first page

    if a.empty or b.empty:
        empty = np.array([], dtype=np.int64)
        return empty, empty, np.array([], dtype=float)
    near = cKDTree(_xyz(a)).sparse_distance_matrix(
        cKDTree(_xyz(b)), km_to_chord(radius_km), output_type="ndarray"
    )
    # Millions of pairs at 10x scale: each column copied once, the km in place.
    d = np.divide(near["v"], 2 * EARTH_RADIUS_KM)
    np.minimum(d, 1.0, out=d)
    np.arcsin(d, out=d)
    d *= 2 * EARTH_RADIUS_KM
    ia, ib = near["i"].astype(np.int64), near["j"].astype(np.int64)
    keep = d <= radius_km  # drops only pairs the chord's rounding pad let in
    if keep.all():
        return ia, ib, d
    return ia[keep], ib[keep], d[keep]


def count_within(
    a: pd.DataFrame,
    b: pd.DataFrame,
    radius_km: float,
    weights: np.ndarray | None = None,
) -> np.ndarray:
    """Return, per row of ``a``, the number (or the summed ``weights``) of rows of
    ``b`` within ``radius_km`` (great-circle).

    Counts come straight from the KD-tree, without listing the pairs; with weights,
    one count per distinct weight (supply weights take one or two values), else the
    pairs are summed.

    >>> a = pd.DataFrame({"lat": [50.0], "lng": [4.0]})
    >>> b = pd.DataFrame({"lat": [50.0, 50.04, 50.1], "lng": [4.0, 4.0, 4.0]})
    >>> w = np.array([1, 0.5, 1])
    >>> count_within(a, b, 5.0).tolist(), count_within(a, b, 5.0, w).tolist()
    ([2.0], [1.5])
    """
    from scipy.spatial import cKDTree

    if a.empty or b.empty:
        return np.zeros(len(a))
    pa, pb = _xyz(a), _xyz(b)
    chord = km_to_chord(radius_km)

    def count(points: np.ndarray) -> np.ndarray:
        if not len(points):
            return np.zeros(len(pa))
        n = cKDTree(points).query_ball_point(pa, chord, return_length=True)
        return np.asarray(n, dtype=float)

    if weights is None:
        return count(pb)
    w = np.asarray(weights, dtype=float)
    values = np.unique(w)
    if len(values) > 4:
        ia, ib, _ = pairs_within(a, b, radius_km)
        return np.bincount(ia, weights=w[ib], minlength=len(a))
    out = np.zeros(len(pa))
    for v in values[values != 0]:
        out += v * count(pb[w == v])
    return out


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
