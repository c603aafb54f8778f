"""The per-programme indexes written with a dataset equal a fresh build, and a
missing, stale or unwritable one is rebuilt without changing any answer."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from radar.demo import write_indexes
from radar.kernel import load
from radar.kernel import schema as s
from radar.kernel.settings import Settings
from radar.prospects import index
from radar.supply_demand import analysis


@pytest.fixture
def world(demo, tmp_path):
    """A small dataset written to disk: the first 2,000 establishments of the demo,
    with the recognitions and offerings of three programmes."""
    keep = ["SO-115", "SO-251", "SO-410"]
    est = demo.establishments.head(2000)
    rec = demo.recognitions[demo.recognitions[s.PROGRAMME_ID].isin(keep)]
    off = demo.offerings[demo.offerings[s.PROGRAMME_ID].isin(keep)]
    ds = load.Dataset(
        programmes=demo.programmes,
        municipalities=demo.municipalities,
        postal_codes=demo.postal_codes,
        offerings=off.reset_index(drop=True),
        recognitions=rec.reset_index(drop=True),
        establishments=est.reset_index(drop=True),
        meta=dict(demo.meta),
    )
    folder = tmp_path / "ds"
    load.write_dataset(ds, folder)
    return load.load_dataset(folder), folder


def _same_prepared(a: analysis.Prepared, b: analysis.Prepared) -> None:
    pd.testing.assert_series_equal(a.cell_nis, b.cell_nis)
    assert a.cover_cells == b.cover_cells
    pd.testing.assert_frame_equal(a.cover_centres, b.cover_centres)
    assert sorted(a.recognitions) == sorted(b.recognitions)
    for pid in a.recognitions:
        pd.testing.assert_frame_equal(a.recognitions[pid], b.recognitions[pid])
    for pid in a.offerings:
        pd.testing.assert_frame_equal(a.offerings[pid], b.offerings[pid])
    assert a.cohorts == b.cohorts


def _same_index(a: index.ProspectIndex, b: index.ProspectIndex) -> None:
    for f in dataclasses.fields(a):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if isinstance(x, np.ndarray):
            assert x.dtype == y.dtype and np.array_equal(x, y), f.name
    assert a.rows.equals(b.rows)
    assert dict(a.prefixes) == dict(b.prefixes) and a.prog_code == b.prog_code


def test_the_stored_indexes_equal_a_fresh_build(world):
    ds, folder = world
    write_indexes(ds, folder)
    assert load.index_path(folder, analysis.INDEX_NAME).exists()
    assert load.index_path(folder, index.INDEX_NAME).exists()
    _same_prepared(analysis.load_prepared(ds, folder), analysis.prepare(ds))
    _same_index(index.load_prospects(ds, folder), index.prepare_prospects(ds))


def test_the_stored_cover_index_gives_the_same_analysis(world):
    ds, folder = world
    write_indexes(ds, folder)
    settings = Settings()
    as_of = ds.extract_date
    a = analysis.analyse(analysis.load_prepared(ds, folder), "SO-115", as_of, "hex7",
                         settings)  # fmt: skip
    b = analysis.analyse(analysis.prepare(ds), "SO-115", as_of, "hex7", settings)
    pd.testing.assert_frame_equal(a.areas, b.areas)
    pd.testing.assert_frame_equal(a.locations, b.locations)


def test_missing_indexes_are_built_on_load_and_written_back(world):
    ds, folder = world
    assert not load.index_path(folder, analysis.INDEX_NAME).exists()
    _same_prepared(analysis.load_prepared(ds, folder), analysis.prepare(ds))
    _same_index(index.load_prospects(ds, folder), index.prepare_prospects(ds))
    assert load.read_index(folder, analysis.INDEX_NAME, analysis.INDEX_VERSION)
    assert load.read_index(folder, index.INDEX_NAME, index.INDEX_VERSION)


def test_an_index_of_other_tables_is_rebuilt_not_used(world, demo):
    ds, folder = world
    write_indexes(ds, folder)
    # The tables change under the index: fewer establishments, other recognitions.
    fewer = ds.establishments.head(500)
    fewer.to_parquet(folder / "establishments.parquet", index=False)
    now = load.load_dataset(folder)
    _same_index(index.load_prospects(now, folder), index.prepare_prospects(now))
    _same_prepared(analysis.load_prepared(now, folder), analysis.prepare(now))
    stored = load.read_index(folder, index.INDEX_NAME, index.INDEX_VERSION)
    assert stored is not None and len(stored["main"]) == 500


def test_an_index_of_an_older_version_is_rebuilt(world, monkeypatch):
    ds, folder = world
    write_indexes(ds, folder)
    monkeypatch.setattr(index, "INDEX_VERSION", index.INDEX_VERSION + 1)
    monkeypatch.setattr(analysis, "INDEX_VERSION", analysis.INDEX_VERSION + 1)
    _same_index(index.load_prospects(ds, folder), index.prepare_prospects(ds))
    _same_prepared(analysis.load_prepared(ds, folder), analysis.prepare(ds))
    assert load.read_index(folder, index.INDEX_NAME, index.INDEX_VERSION + 0)


def test_a_read_only_folder_still_answers(world, monkeypatch):
    ds, folder = world

    def refuse(*args, **kwargs):
        raise PermissionError("read-only (injected)")

    monkeypatch.setattr(load, "write_index", refuse)
    _same_prepared(analysis.load_prepared(ds, folder), analysis.prepare(ds))
    _same_index(index.load_prospects(ds, folder), index.prepare_prospects(ds))


def test_the_split_per_programme_is_a_group_by_in_table_order(world):
    ds, _ = world
    prep = analysis.prepare(ds)
    groups = ds.recognitions.groupby(s.PROGRAMME_ID, sort=True, observed=True)
    assert sorted(prep.recognitions) == sorted(str(k) for k, _ in groups)
    for pid, part in groups:
        pd.testing.assert_frame_equal(
            prep.recognitions[str(pid)], part.reset_index(drop=True)
        )
