"""Small geometry helpers: great-circle distance and random points near a centre."""

from __future__ import annotations

import numpy as np

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEG_LAT = 111.32


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
