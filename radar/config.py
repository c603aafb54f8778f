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
    upload_max_mb: int = 1024
    """Largest file the Data page accepts for upload, in MB."""
    zip_max_uncompressed_mb: int = 8192
    """Largest total unpacked size of a ZIP or XLSX input, in MB (zip bombs)."""
    zip_max_ratio: int = 100
    """Largest compression ratio of a ZIP or XLSX member over 1 MB (zip bombs)."""
    ingest_keep_snapshots: int = 3
    """Snapshots (and raw inputs) kept per source in the real-data store."""
    bench_kbo_establishments: int = 2_000_000
    """Establishments in the generated KBO zip of the ingest benchmark."""
    related_weight: float = 0.5
    """Weight in [0, 1] of a workplace recognised only for a related programme."""
    catchment_km: float = 25.0
    """Catchment d0 (km) of accessibility, competition and room for extra offer."""
    shortage_tau: float = 1.0
    """Tekortstraal: workplaces needed per learner within the radius (tau)."""
    shortage_max_km: int = 40
    """Tekortstraal: largest radius tried, in 1-km steps."""
    ratio_tekort: float = 1.0
    """Ratio (workplaces per learner) below which an area is 'tekort'."""
    ratio_krap: float = 2.0
    """Ratio below which an area is 'krap' (from ratio_tekort up)."""
    ratio_ruim: float = 5.0
    """Ratio from which an area is 'ruim'; between ratio_krap and this: 'voldoende'."""
    room_min_workplaces: int = 10
    """Room for extra offer: workplaces within the catchment an area needs at least."""
    hex_res: int = 7
    """H3 resolution of the hexagon map (6-8)."""
    hex_smoothing_k: int = 2
    """Hexagon ratios: spread supply and demand over this k-ring before dividing."""
    suppress_k: int = 5
    """Threshold K of small-count suppression: counts 1 to K-1 are hidden as ``<K``."""
    expiring_months: int = 6
    """Horizon (months) of "recognitions expiring soon" on Overzicht and Tabellen."""

    prospect_weight_nace: float = 0.30
    """Prospectie: weight of the NACE match factor (main 1, other activity less)."""
    prospect_weight_lift: float = 0.25
    """Prospectie: weight of the learned lift of the establishment's NACE code."""
    prospect_weight_distance: float = 0.20
    """Prospectie: weight of the nearness to a lesplaats of the programme."""
    prospect_weight_employer: float = 0.15
    """Prospectie: weight of the employer flag (has staff, RSZ)."""
    prospect_weight_warm: float = 0.10
    """Prospectie: weight of a warm lead (other recognition, or formerly for P)."""
    prospect_other_activity: float = 0.5
    """Prospectie: NACE factor when only another activity (not the main) matches."""
    prospect_lift_smoothing: float = 20.0
    """Prospectie: pseudo-establishments at the base rate that smooth the lift."""
    prospect_distance_km: float = 10.0
    """Prospectie: distance scale; the factor is exp(-km / this)."""
    prospect_no_shortage: float = 0.6
    """Prospectie: weight of a lesplaats without shortage (one with shortage: 1)."""
    prospect_top_n: int = 100
    """Prospectie: number of ranked establishments shown and exported by default."""
    prospect_radius_km: float = 15.0
    """Prospectie: default radius around a lesplaats."""

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, int) and value < 0:
                raise DataError(f"Settings.{f.name} must be >= 0, got {value}")
        if self.bench_runs < 5:
            raise DataError("Settings.bench_runs must be at least 5")
        if not 0.0 <= self.related_weight <= 1.0:
            raise DataError("Settings.related_weight must lie in [0, 1]")
        if not self.ratio_tekort <= self.ratio_krap <= self.ratio_ruim:
            raise DataError("Settings: need ratio_tekort <= ratio_krap <= ratio_ruim")
        if self.hex_res not in (6, 7, 8):
            raise DataError("Settings.hex_res must be 6, 7 or 8")
        if self.catchment_km <= 0:
            raise DataError("Settings.catchment_km must be > 0")
