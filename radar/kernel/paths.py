"""Where RadarDuaal's files live: one resolver, built once at the edge.

``app.py`` (through ``ui.cache``) and ``radar.cli.main`` call ``Paths.from_env()``
once and pass the result inward; nothing else reads the environment or builds a
path from the source tree.

| variable | default | meaning |
| --- | --- | --- |
| ``RADAR_DATA_DIR`` | (unset) | a dataset folder that overrides demo and store |
| ``RADAR_LOCAL_DIR`` | ``data/local`` | the real-data store (ingests, snapshots) |
| ``RADAR_BOUNDARIES_DIR`` | ``../shared/reference`` | boundary GeoJSON folder |
| ``RADAR_WARMUP`` | ``1`` | ``0``: no background warm-up after a server's first page |
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
REFERENCE_DIR = REPO_ROOT / "data" / "reference"
DEMO_DIR = REPO_ROOT / "data" / "demo"
LOCAL_DIR = REPO_ROOT / "data" / "local"
BENCH_DIR = REPO_ROOT / "data" / "bench"
SHARED_BOUNDARIES_DIR = REPO_ROOT.parent / "shared" / "reference"

ENV_DATA = "RADAR_DATA_DIR"
ENV_LOCAL = "RADAR_LOCAL_DIR"
ENV_BOUNDARIES = "RADAR_BOUNDARIES_DIR"
ENV_WARMUP = "RADAR_WARMUP"


@dataclass(frozen=True)
class Paths:
    """The folders one run of the app or the CLI works with.

    >>> p = Paths.from_env({"RADAR_LOCAL_DIR": "/srv/store"})
    >>> str(p.store), p.data_override
    ('/srv/store', None)
    """

    reference: Path = REFERENCE_DIR
    demo: Path = DEMO_DIR
    store: Path = LOCAL_DIR
    boundaries: Path = SHARED_BOUNDARIES_DIR
    data_override: Path | None = None
    warmup: bool = True
    """Warm a fresh server up after its first page (``ui/warmup.py``); the tests
    switch it off (``RADAR_WARMUP=0``) so no background work competes with them."""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Paths:
        """Build the paths from the environment (``os.environ`` by default)."""
        env = os.environ if environ is None else environ
        data = env.get(ENV_DATA)
        return cls(
            store=Path(env.get(ENV_LOCAL) or LOCAL_DIR),
            boundaries=Path(env.get(ENV_BOUNDARIES) or SHARED_BOUNDARIES_DIR),
            data_override=Path(data) if data else None,
            warmup=env.get(ENV_WARMUP, "1") != "0",
        )
