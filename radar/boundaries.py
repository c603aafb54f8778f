"""Region outlines derived from the data when no boundary files are available.

Each res-7 hexagon that holds establishments or lesplaatsen is given to the
municipality most of its points belong to; a region's outline is the union of its
hexagons. Coarse (hexagon edges, ~1.4 km) but always available, without any file.
"""

from __future__ import annotations

from typing import Any

import h3
import numpy as np
import pandas as pd

from radar import schema as s
from radar.hexgrid import cells_to_parent

LEVEL_CODE = {
    "provincie": s.PROVINCE_NIS,
    "arrondissement": s.ARRONDISSEMENT_NIS,
    "gemeente": s.NIS,
    "resoc": s.RESOC_CODE,
}
LEVEL_NAME = {
    "provincie": s.PROVINCE_NL,
    "arrondissement": s.ARRONDISSEMENT_NL,
    "gemeente": s.NAME_NL,
    "resoc": s.RESOC,
}


def cell_municipality(cells: np.ndarray, nis: np.ndarray, res: int = 7) -> pd.Series:
    """Return, per cell at ``res``, the nis that most of its points carry.

    Ties go to the lowest nis, so the result does not depend on row order.
    """
    parents = cells_to_parent(cells, res)
    counts = pd.DataFrame({"cell": parents, s.NIS: nis}).value_counts().reset_index()
    counts = counts.sort_values(["cell", "count", s.NIS], ascending=[True, False, True])
    return counts.drop_duplicates("cell").set_index("cell")[s.NIS]


def derive_boundaries(
    cell_nis: pd.Series, municipalities: pd.DataFrame, level: str
) -> dict[str, Any]:
    """Return a FeatureCollection of region outlines (properties ``code``, ``name``)."""
    mun = municipalities.set_index(s.NIS)
    code = cell_nis.map(mun[LEVEL_CODE[level]]) if level != "gemeente" else cell_nis
    names = municipalities.drop_duplicates(LEVEL_CODE[level]).set_index(
        LEVEL_CODE[level]
    )[LEVEL_NAME[level]]
    features = []
    for region, cells in code.groupby(code, sort=True):
        geometry = h3.cells_to_geo(list(cells.index))
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "code": str(region),
                    "name": str(names.get(region, region)),
                },
                "geometry": geometry,
            }
        )
    return {"type": "FeatureCollection", "features": features}
