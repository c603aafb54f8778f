"""The whole-Flanders map stays light enough to show quickly (payload <= 1.5 MB)."""

from __future__ import annotations

import json

import pytest

from radar.kernel.settings import Settings
from radar.supply_demand.analysis import analyse, hexagon_access, prepare
from ui import maps, sd_map

LIMIT = 1.5 * 1024 * 1024


@pytest.fixture(scope="module")
def prepared(demo):
    return prepare(demo)


@pytest.mark.parametrize(
    ("level", "metric"),
    [
        ("hex7", "bereikbaarheid"),
        ("hex7", "verhouding"),
        ("gemeente", "verhouding"),
        ("arrondissement", "aanbod"),
        ("provincie", "bereikbaarheid"),
    ],
)
def test_map_payload_of_the_largest_programme_is_under_the_limit(
    prepared, demo, level, metric
):
    settings = Settings()
    result = analyse(prepared, "SO-410", demo.extract_date, level, settings, 0.5)
    access = hexagon_access(prepared, result, settings) if level == "hex7" else None
    built = sd_map.build(prepared, result, metric, access)
    payload = built.deck.to_json()
    assert len(payload.encode()) <= LIMIT
    layers = json.loads(payload)["layers"]
    ids = [layer["id"] for layer in layers]
    assert ids[-2:] == ["lesplaatsen", "plaatsnamen"] and "provinces" in ids
    assert "lesplaats met tekort" in built.legend


def test_outlines_come_from_the_boundaries_folder_or_are_derived(prepared, monkeypatch):
    found = maps.boundaries("provincie", prepared.cell_nis, prepared.municipalities)
    assert len(found["features"]) == 6
    monkeypatch.setenv("RADAR_BOUNDARIES_DIR", "/nonexistent")
    derived = maps.boundaries("provincie", prepared.cell_nis, prepared.municipalities)
    assert {f["properties"]["code"] for f in derived["features"]} == {
        "04000",
        "10000",
        "20001",
        "30000",
        "40000",
        "70000",
    }
