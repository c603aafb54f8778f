"""Settings (the model's parameters) and Limits (operational bounds), each frozen.

The sidebar (``ui.controls.settings``) and the CLI build a ``Settings`` and pass it
inward; radar functions never read configuration from anywhere else. ``Limits`` bound
what the ingest and the Data page accept; they change no number the app shows.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from radar.kernel.errors import DataError


@dataclass(frozen=True)
class Settings:
    """The model's parameters, validated on creation.

    >>> Settings().catchment_km
    25.0
    """

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
    prospect_lift_min_support: int = 3
    """Prospectie: recognised establishments with a code needed before its lift
    counts (below it the lift is 1: one company never carries a ranking)."""
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
                raise DataError(f"instelling {f.name} moet >= 0 zijn, niet {value}")
        if not 0.0 <= self.related_weight <= 1.0:
            raise DataError("instelling related_weight moet tussen 0 en 1 liggen")
        if not self.ratio_tekort <= self.ratio_krap <= self.ratio_ruim:
            raise DataError(
                "instellingen: nodig is ratio_tekort <= ratio_krap <= ratio_ruim"
            )
        if self.hex_res not in (6, 7, 8):
            raise DataError("instelling hex_res moet 6, 7 of 8 zijn")
        if self.catchment_km <= 0:
            raise DataError("instelling catchment_km moet > 0 zijn")


@dataclass(frozen=True)
class Limits:
    """Operational bounds of the ingest and the Data page, validated on creation.

    >>> Limits().upload_max_mb
    1024
    """

    upload_max_mb: int = 1024
    """Largest file the Data page accepts for upload, in MB."""
    zip_max_uncompressed_mb: int = 8192
    """Largest total unpacked size of a ZIP or XLSX input, in MB (zip bombs)."""
    zip_max_ratio: int = 100
    """Largest compression ratio of a ZIP or XLSX member over 1 MB (zip bombs)."""
    ingest_keep_snapshots: int = 3
    """Snapshots (and raw inputs) kept per source in the real-data store."""

    def __post_init__(self) -> None:
        for f in fields(self):
            if getattr(self, f.name) < 1:
                raise DataError(f"grens {f.name} moet >= 1 zijn")
