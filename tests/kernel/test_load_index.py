"""Derived indexes beside a dataset, stamped with a version and the tables'
signature."""

from __future__ import annotations

import os

import numpy as np
import pytest

from radar.kernel import load
from radar.kernel import schema as s


@pytest.fixture
def folder(demo, tmp_path):
    small = load.Dataset(
        **{name: demo.table(name).head(30) for name in s.TABLES}, meta=dict(demo.meta)
    )
    load.write_dataset(small, tmp_path / "ds")
    return tmp_path / "ds"


ARRAYS = {
    "n": np.array([3, 1, 2], dtype=np.int32),
    "text": np.array(["871fa4c58ffffff", "", "x"], dtype=object),
}


def test_an_index_reads_back_as_written_text_as_objects(folder):
    load.write_index(folder, "t", 2, ARRAYS)
    back = load.read_index(folder, "t", 2)
    assert back is not None
    assert back["n"].dtype == np.int32 and back["n"].tolist() == [3, 1, 2]
    assert back["text"].dtype == object
    assert back["text"].tolist() == ["871fa4c58ffffff", "", "x"]
    assert oct(os.stat(load.index_path(folder, "t")).st_mode & 0o777) == "0o644"


def test_a_missing_index_or_one_of_another_version_reads_as_none(folder):
    assert load.read_index(folder, "t", 1) is None
    load.write_index(folder, "t", 1, ARRAYS)
    assert load.read_index(folder, "t", 2) is None


def test_an_index_of_tables_rewritten_since_is_stale(folder):
    load.write_index(folder, "t", 1, ARRAYS)
    table = folder / "recognitions.parquet"
    table.write_bytes(table.read_bytes() + b"")  # same bytes, new mtime
    os.utime(table, ns=(1, 1))
    assert load.read_index(folder, "t", 1) is None


@pytest.mark.parametrize("junk", [b"", b"not a zip", b"PK\x03\x04broken"])
def test_a_corrupt_index_reads_as_none(folder, junk):
    load.index_path(folder, "t").write_bytes(junk)
    assert load.read_index(folder, "t", 1) is None


def test_the_signature_changes_with_any_table_and_not_with_an_index(folder):
    before = load.dataset_signature(folder)
    load.write_index(folder, "t", 1, ARRAYS)
    assert load.dataset_signature(folder) == before
    (folder / "meta.json").write_text("{}", encoding="utf-8")
    assert load.dataset_signature(folder) != before
