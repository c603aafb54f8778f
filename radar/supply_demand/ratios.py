"""Supply / demand ratios per area: gemeente, arrondissement, provincie, Resoc, hexagon.

ratio = S / D, "werkplekken per leerling". D = 0 gives no ratio (NaN) and the class
"geen vraag", never a division error. Classes, with thresholds from ``Settings``:
tekort (ratio < ratio_tekort), krap (< ratio_krap), voldoende (< ratio_ruim), ruim.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from radar.kernel import schema as s
from radar.kernel.hexgrid import cells_to_parent, smooth
from radar.kernel.regions import (
    ARRONDISSEMENT,
    HEXAGONS,
    MUNICIPALITY,
    PROVINCE,
    RESOC,
    Level,
    level_of,
    region_codes,
    region_table,
)
from radar.kernel.settings import Settings
from radar.supply_demand.catchment import DEMAND, SUPPLY
from radar.supply_demand.demand import IS_ESTIMATE

LEVELS: tuple[Level, ...] = (MUNICIPALITY, ARRONDISSEMENT, PROVINCE, RESOC, *HEXAGONS)
"""The levels Vraag & aanbod maps and the ``supply-demand`` command accepts."""
CODE, AREA_NAME, RATIO, CLASS = "code", "name", "ratio", "class"
NO_DEMAND = "geen vraag"
CLASSES = ("tekort", "krap", "voldoende", "ruim", NO_DEMAND)


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
    points: pd.DataFrame, level: Level | str, municipalities: pd.DataFrame
) -> np.ndarray:
    """Return the area code of every point (from ``nis``, or its H3 cell's parent).

    A level that went through a pickle (``st.cache_data``) is an equal copy, not
    the same object: it is looked up again by its id.
    """
    lvl = level_of(level.id if isinstance(level, Level) else level)
    if lvl.res is not None:
        return cells_to_parent(points[s.CELL].to_numpy(dtype=object), lvl.res)
    return region_codes(points[s.NIS], lvl, municipalities)


def region_ratios(
    supply: pd.DataFrame,
    demand: pd.DataFrame,
    municipalities: pd.DataFrame,
    level: Level | str,
    settings: Settings,
) -> pd.DataFrame:
    """Return one row per area: code, name, supply, demand, ratio, class, is_estimate.

    Region levels list every region of the reference (zeros included); hexagon levels
    list the cells that hold supply or demand after k-ring smoothing
    (``settings.hex_smoothing_k``; totals are preserved). ``is_estimate`` marks the
    areas whose demand includes an estimated learner count (a ``demand`` row flagged
    ``is_estimate``). Sorted by code.
    """
    level = level_of(level)
    per_s = (
        pd.Series(supply[SUPPLY].to_numpy(float))
        .groupby(area_codes(supply, level, municipalities))
        .sum()
    )
    demand_codes = area_codes(demand, level, municipalities)
    per_d = pd.Series(demand[DEMAND].to_numpy(float)).groupby(demand_codes).sum()
    flagged = (
        demand[IS_ESTIMATE].to_numpy(bool)
        if IS_ESTIMATE in demand
        else np.zeros(len(demand), bool)
    )
    per_e = pd.Series(flagged.astype(float)).groupby(demand_codes).sum()
    if level.is_hex:
        # Learners sit at a few lesplaatsen: without smoothing almost every hexagon
        # would have supply or demand but not both.
        per_s = smooth(per_s, settings.hex_smoothing_k)
        per_d = smooth(per_d, settings.hex_smoothing_k)
        per_e = smooth(per_e, settings.hex_smoothing_k)
        codes = sorted(set(per_s.index) | set(per_d.index))
        names = pd.Series(codes, index=codes, dtype=object)
    else:
        regions = region_table(municipalities, level)
        names = regions.set_index("code")["name"].sort_index()
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
    out[IS_ESTIMATE] = per_e.reindex(codes, fill_value=0.0).to_numpy() > 0
    return out.sort_values(CODE, ignore_index=True)
