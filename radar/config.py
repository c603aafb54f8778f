"""Settings: the tunable defaults of RadarDuaal, one frozen dataclass.

The UI builds a ``Settings`` from its widgets and passes it inward; radar functions
never read configuration from anywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

from radar.errors import DataError

REPO_ROOT = Path(__file__).resolve().parent.parent
REFERENCE_DIR = REPO_ROOT / "data" / "reference"
DEMO_DIR = REPO_ROOT / "data" / "demo"


@dataclass(frozen=True)
class Settings:
    """Tunable defaults, validated on creation.

    >>> Settings().demo_seed
    20220207
    """

    demo_seed: int = 20220207
    """Seed of the demo generator; the same seed gives the same tables."""
    demo_establishments: int = 200_000
    """Size of the demo KBO-style establishments universe."""
    bench_establishments: int = 1_000_000
    """Size of the benchmark dataset (real scale)."""
    bench_runs: int = 5
    """How many timed runs the benchmark takes the median of."""
    suppress_k: int = 5
    """Threshold K of small-count suppression: counts 1 to K-1 are hidden as ``<K``."""
    expiring_months: int = 6
    """Horizon (months) of "recognitions expiring soon" on Overzicht and Tabellen."""

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, int) and value < 0:
                raise DataError(f"Settings.{f.name} must be >= 0, got {value}")
        if self.bench_runs < 5:
            raise DataError("Settings.bench_runs must be at least 5")
