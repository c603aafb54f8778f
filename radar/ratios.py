"""Supply / demand ratios per area: gemeente, arrondissement, provincie, Resoc, hexagon.

ratio = S / D, "werkplekken per leerling". D = 0 gives no ratio (NaN) and the class
"geen vraag", never a division error. Classes, with thresholds from ``Settings``:
tekort (ratio < ratio_tekort), krap (< ratio_krap), voldoende (< ratio_ruim), ruim.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from radar import schema as s
from radar.catchment import DEMAND, SUPPLY
from radar.config import Settings
from radar.hexgrid import cells_to_parent, smooth

Level = Literal[
    "gemeente", "arrondissement", "provincie", "resoc", "hex6", "hex7", "hex8"
]
LEVELS: tuple[Level, ...] = (
    "gemeente",
    "arrondissement",
    "provincie",
    "resoc",
    "hex6",
    "hex7",
    "hex8",
)
CODE, AREA_NAME, RATIO, CLASS = "code", "name", "ratio", "class"
NO_DEMAND = "geen vraag"
CLASSES = ("tekort", "krap", "voldoende", "ruim", NO_DEMAND)

_REGION_COLUMNS: dict[str, tuple[str, str]] = {
    "gemeente": (s.NIS, s.NAME_NL),
    "arrondissement": (s.ARRONDISSEMENT_NIS, s.ARRONDISSEMENT_NL),
    "provincie": (s.PROVINCE_NIS, s.PROVINCE_NL),
    "resoc": (s.RESOC_CODE, s.RESOC),
}


def classify(ratio: np.ndarray | pd.Series, settings: Settings) -> np.ndarray:
    """Return the class of every ratio; NaN (no demand) is 'geen vraag'.

    >>> classify(np.array([0.5, 1.0, 3.0, 5.0, np.nan]), Settings()).tolist()
    ['tekort', 'krap', 'voldoende', 'ruim', 'geen vraag']
    """
    r = np.asarray(ratio, dtype=float)
    bins = [settings.ratio_tekort, settings.ratio_krap, settings.ratio_ruim]
    labels = np.array(CLASSES[:4], dtype=object)[np.digitize(np.nan_to_num(r), bins)]
    return np.where(np.isnan(r), NO_DEMAND, labels)


def area_codes(
    points: pd.DataFrame, level: Level, municipalities: pd.DataFrame
) -> np.ndarray:
    """Return the area code of every point (from ``nis``, or its H3 cell's parent)."""
    if level.startswith("hex"):
        return cells_to_parent(points[s.CELL].to_numpy(dtype=object), int(level[3:]))
    code_col = _REGION_COLUMNS[level][0]
    if code_col == s.NIS:
        return points[s.NIS].to_numpy(dtype=object)
    lookup = municipalities.set_index(s.NIS)[code_col]
    return np.asarray(points[s.NIS].map(lookup).to_numpy(dtype=object))


def region_ratios(
    supply: pd.DataFrame,
    demand: pd.DataFrame,
    municipalities: pd.DataFrame,
    level: Level,
    settings: Settings,
) -> pd.DataFrame:
    """Return one row per area: code, name, supply, demand, ratio, class.

    Region levels list every region of the reference (zeros included); hexagon levels
    list the cells that hold supply or demand after k-ring smoothing
    (``settings.hex_smoothing_k``; totals are preserved). Sorted by code.
    """
    per_s = (
        pd.Series(supply[SUPPLY].to_numpy(float))
        .groupby(area_codes(supply, level, municipalities))
        .sum()
    )
    per_d = (
        pd.Series(demand[DEMAND].to_numpy(float))
        .groupby(area_codes(demand, level, municipalities))
        .sum()
    )
    if level.startswith("hex"):
        # Learners sit at a few lesplaatsen: without smoothing almost every hexagon
        # would have supply or demand but not both.
        per_s = smooth(per_s, settings.hex_smoothing_k)
        per_d = smooth(per_d, settings.hex_smoothing_k)
        codes = sorted(set(per_s.index) | set(per_d.index))
        names = pd.Series(codes, index=codes, dtype=object)
    else:
        code_col, name_col = _REGION_COLUMNS[level]
        regions = municipalities[[code_col, name_col]].drop_duplicates(code_col)
        names = regions.set_index(code_col)[name_col].sort_index()
        codes = list(names.index)
    out = pd.DataFrame({CODE: codes, AREA_NAME: names.reindex(codes).to_numpy()})
    out[SUPPLY] = per_s.reindex(codes, fill_value=0.0).to_numpy()
    out[DEMAND] = per_d.reindex(codes, fill_value=0.0).to_numpy()
    out[RATIO] = np.divide(
        out[SUPPLY].to_numpy(),
        out[DEMAND].to_numpy(),
        out=np.full(len(out), np.nan),
        where=out[DEMAND].to_numpy() > 0,
    )
    out[CLASS] = classify(out[RATIO], settings)
    return out.sort_values(CODE, ignore_index=True)
