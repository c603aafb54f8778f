"""Reference reading, dataset round trips and the atomic swap."""

from __future__ import annotations

import pandas as pd
import pytest

from radar.kernel import load
from radar.kernel import schema as s
from radar.kernel.errors import DataError


def test_reference_tables_map_source_columns_onto_the_schema(reference):
    mun = reference["municipalities"]
    assert len(mun) == 304
    assert list(mun.columns) == list(s.MUNICIPALITIES.columns)
    assert mun.loc[mun[s.NIS] == "11002", s.NAME_NL].item() == "Antwerpen"
    assert mun.loc[mun[s.NIS] == "21004", s.PROVINCE_NIS].item() == "04000"
    prog = reference["programmes"].set_index(s.PROGRAMME_ID)
    assert len(prog) == 185
    assert prog.at["SO-8", s.NACE_PREFIXES] == "0141;0142;0146;0147;0150;0162"
    assert prog.at["SO-8", s.PARTNERSHIP] == "Groene sectoren"
    # related programmes are mapped from names to ids
    assert all(r in prog.index for r in prog.at["SO-23", s.RELATED_IDS].split(";"))
    postal = reference["postal_codes"]
    assert postal[s.POSTCODE].str.len().eq(4).all()


def test_coerce_names_every_missing_column():
    with pytest.raises(
        DataError, match="recognitions: kolommen ontbreken: valid_from, lat"
    ):
        load.coerce(
            pd.DataFrame(
                {
                    c: []
                    for c in s.RECOGNITIONS.columns
                    if c not in ("valid_from", "lat")
                }
            ),
            s.RECOGNITIONS,
        )


def test_coerce_names_the_column_a_value_cannot_be_read_in():
    frame = pd.DataFrame({c: ["1"] for c in s.OFFERINGS.columns})
    frame[s.LEARNERS] = ["veel"]
    with pytest.raises(DataError, match="offerings, kolom learners"):
        load.coerce(frame, s.OFFERINGS)


def test_dataset_round_trips_through_parquet(demo, tmp_path):
    small = load.Dataset(
        **{name: demo.table(name).head(50) for name in s.TABLES}, meta=dict(demo.meta)
    )
    load.write_dataset(small, tmp_path / "ds")
    back = load.load_dataset(tmp_path / "ds")
    for name in s.TABLES:
        pd.testing.assert_frame_equal(back.table(name), small.table(name))
    assert back.is_demo and back.extract_date == pd.Timestamp("2026-10-01")


def test_a_failed_write_leaves_the_previous_dataset_in_place(
    demo, tmp_path, monkeypatch
):
    first = load.Dataset(
        **{name: demo.table(name).head(10) for name in s.TABLES}, meta={"kind": "demo"}
    )
    load.write_dataset(first, tmp_path / "ds")
    before = {p.name: p.read_bytes() for p in (tmp_path / "ds").iterdir()}

    calls = {"n": 0}
    real = pd.DataFrame.to_parquet

    def failing(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 4:
            raise OSError("disk full (injected)")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_parquet", failing)
    second = load.Dataset(
        **{name: demo.table(name).head(20) for name in s.TABLES}, meta={"kind": "real"}
    )
    with pytest.raises(OSError, match="injected"):
        load.write_dataset(second, tmp_path / "ds")
    after = {p.name: p.read_bytes() for p in (tmp_path / "ds").iterdir()}
    assert after == before
    assert [p.name for p in tmp_path.iterdir()] == ["ds"]  # no temp folder left


def test_loading_an_incomplete_folder_says_what_to_do(tmp_path):
    with pytest.raises(DataError, match="python -m radar demo"):
        load.load_dataset(tmp_path)
