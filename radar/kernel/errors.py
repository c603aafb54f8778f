"""The one small error hierarchy of the radar package."""

from __future__ import annotations


class RadarError(Exception):
    """Base class for every error radar raises on purpose."""


class DataError(RadarError, ValueError):
    """Input data is missing, malformed or inconsistent; the message names where."""
