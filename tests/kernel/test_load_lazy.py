"""The establishments of a loaded dataset are read on first use, from the files
that were there at load time."""

from __future__ import annotations

import dataclasses
import pickle

import pandas as pd
import pytest

from radar.kernel import load
from radar.kernel import schema as s


def _small(demo, n: int, kind: str = "demo") -> load.Dataset:
    return load.Dataset(
        **{name: demo.table(name).head(n) for name in s.TABLES}, meta={"kind": kind}
    )


@pytest.fixture
def folder(demo, tmp_path):
    load.write_dataset(_small(demo, 40), tmp_path / "ds")
    return tmp_path / "ds"


def test_establishments_are_read_on_first_use_and_equal_an_eager_read(folder):
    ds = load.load_dataset(folder)
    assert "establishments" not in vars(ds)
    eager = load.coerce(
        pd.read_parquet(folder / "establishments.parquet"), s.ESTABLISHMENTS
    )
    pd.testing.assert_frame_equal(ds.establishments, eager)
    assert ds.establishments is ds.establishments  # read once
    assert ds.table("establishments") is ds.establishments


def test_a_dataset_rewritten_after_loading_does_not_mix_in(folder, demo):
    ds = load.load_dataset(folder)
    load.write_dataset(_small(demo, 7, kind="real"), folder)
    assert len(ds.establishments) == 40 and len(ds.recognitions) == 40
    assert len(load.load_dataset(folder).establishments) == 7


def test_a_loaded_dataset_pickles_replaces_and_compares_like_any_other(folder):
    ds = load.load_dataset(folder)
    back = pickle.loads(pickle.dumps(ds))
    pd.testing.assert_frame_equal(back.establishments, ds.establishments)
    fewer = dataclasses.replace(
        load.load_dataset(folder), recognitions=ds.recognitions.head(3)
    )
    assert len(fewer.recognitions) == 3 and len(fewer.establishments) == 40
    with pytest.raises(AttributeError):
        ds.no_such_table  # noqa: B018
