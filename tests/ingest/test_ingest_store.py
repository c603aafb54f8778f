"""The real-data store: snapshots, raw archive, atomic swap, refusals, the switch,
partial datasets and the command line."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from radar.cli import main
from radar.ingest import report, sniff, store
from radar.ingest.store import Store
from radar.kernel import load
from radar.kernel import schema as s
from radar.kernel.errors import DataError
from radar.kernel.settings import Limits

FIXTURES = Path(__file__).parents[1] / "data" / "ingest"


def tree(root: Path) -> dict[str, str]:
    """Every file under ``root`` (tmp/ and the lock aside) with its sha256."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.parts[len(root.parts)] != "tmp" and p.name != ".lock"
    }


@pytest.fixture
def filled(tmp_path, reference) -> Store:
    """A store with the KBO fixture and the register export ingested."""
    st = Store(tmp_path / "local")
    st.ingest("kbo", FIXTURES / "kbo", reference)
    st.ingest("recognitions", FIXTURES / "recognitions.csv", reference)
    return st


def test_an_ingest_archives_the_input_and_writes_snapshot_dataset_and_manifest(
    filled,
):
    manifest = filled.manifest()
    assert set(manifest["sources"]) == {"kbo", "recognitions"}
    rec = manifest["sources"]["recognitions"]
    raw = filled.root / "raw" / "recognitions" / rec["snapshot"] / "input.csv"
    data = (FIXTURES / "recognitions.csv").read_bytes()
    assert raw.read_bytes() == data
    assert rec["sha256"] == hashlib.sha256(data).hexdigest()
    assert rec["ingested_at"] and rec["input"] == "recognitions.csv"
    assert (rec["rows_read"], rec["rows_kept"], rec["rejects"]) == (4, 3, 0)
    assert rec["date_range"] == ["2021-02-01", "2028-09-01"]
    snap = filled.root / "sources" / "recognitions" / rec["snapshot"]
    assert {p.name for p in snap.iterdir()} == {
        "table.parquet",
        "rejects.csv",
        "report.json",
    }
    ds = load.load_dataset(filled.dataset_dir())
    assert ds.meta["kind"] == "real" and not ds.is_demo
    assert (
        ds.meta["sources"]["kbo"]["snapshot"] == manifest["sources"]["kbo"]["snapshot"]
    )
    assert ds.extract_date == pd.Timestamp(rec["extract_date"])
    assert len(ds.establishments) == 4 and len(ds.recognitions) == 3
    # names missing from the register come from the KBO
    names = ds.recognitions.set_index(s.RECOGNITION_ID)[s.NAME]
    assert names["ERK-0001"] == "Peeters Gent"
    assert ds.offerings.empty and list(ds.offerings.columns) == list(
        s.OFFERINGS.columns
    )


def test_rejects_csv_lists_file_line_column_and_reason(tmp_path, reference):
    st = Store(tmp_path / "local")
    report = st.ingest("recognitions", FIXTURES / "recognitions_broken.csv", reference)
    assert report["rejects"] == 8 and report["rows_kept"] == 2
    data = st.rejects_csv("recognitions")
    rejects = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert list(rejects.columns) == list(sniff.REJECT_COLUMNS)
    row = rejects[rejects["code"] == "bad_check_digit"].iloc[0]
    # the file and the column as the user knows them
    assert (row["bestand"], row["regel"], row["kolom"]) == (
        "recognitions_broken.csv",
        3,
        "vestigingsnummer",
    )
    assert st.rejects_preview("recognitions").shape[0] == 8


def test_a_refused_file_changes_nothing(filled, reference):
    before = tree(filled.root)
    with pytest.raises(DataError, match="verplichte kolommen ontbreken"):
        filled.ingest(
            "offerings", FIXTURES / "offerings_missing_columns.csv", reference
        )
    assert tree(filled.root) == before
    assert not any((filled.root / "tmp").iterdir())


def test_an_ingest_killed_halfway_leaves_the_previous_dataset_byte_for_byte(
    filled, reference, monkeypatch
):
    before = tree(filled.root)
    previous = load.load_dataset(filled.dataset_dir())
    rows = sum(1 for _ in (FIXTURES / "recognitions_broken.csv").open()) - 1
    monkeypatch.setattr(sniff, "PROGRESS_EVERY", 1)

    def crash(step: str, done: int, total: int | None) -> None:
        if step.endswith("controleren") and done >= rows // 2:
            raise RuntimeError(f"killed after {done} of {rows} rows")

    with pytest.raises(RuntimeError, match="killed after 5 of 10 rows"):
        filled.ingest(
            "recognitions", FIXTURES / "recognitions_broken.csv", reference, None, crash
        )
    assert tree(filled.root) == before
    now = load.load_dataset(filled.dataset_dir())
    for name in s.TABLES:
        pd.testing.assert_frame_equal(now.table(name), previous.table(name))


def test_a_failure_while_writing_the_dataset_removes_everything_written(
    filled, reference, monkeypatch
):
    before = tree(filled.root)

    def broken_write(ds, path):
        Path(path).mkdir(parents=True)
        (Path(path) / "half.parquet").write_bytes(b"x")
        raise OSError("disk full")

    monkeypatch.setattr(store.load, "write_dataset", broken_write)
    with pytest.raises(OSError, match="disk full"):
        filled.ingest("learners", FIXTURES / "learners.csv", reference)
    assert tree(filled.root) == before


def test_offerings_and_learners_combine_into_one_offerings_table(tmp_path, reference):
    st = Store(tmp_path / "local")
    st.ingest("offerings", FIXTURES / "offerings.json", reference)
    st.ingest("learners", FIXTURES / "learners.csv", reference)
    offerings = load.load_dataset(st.dataset_dir()).offerings
    learners = offerings.set_index(s.OFFERING_ID)[s.LEARNERS]
    assert learners["03076701-SO-88-2025-26"] == 7  # from the learner counts
    assert pd.isna(learners["13130001-SO-49-2025-26"])  # offered, count unknown
    assert learners["13130001-SO-148-2025-26"] == 3  # counted, not in the offer
    assert len(offerings) == 4


def test_old_snapshots_are_pruned_but_the_current_ones_kept(tmp_path, reference):
    st = Store(tmp_path / "local")
    for _ in range(3):
        st.ingest(
            "recognitions",
            FIXTURES / "recognitions.csv",
            reference,
            Limits(ingest_keep_snapshots=2),
        )
    snaps = list((st.root / "sources" / "recognitions").iterdir())
    assert len(snaps) == 2
    assert len(list((st.root / "raw" / "recognitions").iterdir())) == 2
    assert len(list((st.root / "datasets").iterdir())) == 2  # current + previous


def test_the_switch_needs_a_real_dataset(tmp_path, reference):
    st = Store(tmp_path / "local")
    assert st.active() == "demo"
    with pytest.raises(DataError, match="nog geen eigen gegevens"):
        st.set_active("real")
    st.ingest("kbo", FIXTURES / "kbo", reference)
    assert st.active() == "demo"
    st.set_active("real")
    assert st.active() == "real"
    assert json.loads((st.root / "active.json").read_text()) == {"use": "real"}


def test_zip_bombs_are_refused_by_size_and_ratio(tmp_path, reference):
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("activity.csv", b"0" * (3 << 20))
    st = Store(tmp_path / "local")
    with pytest.raises(DataError, match="keer gecomprimeerd"):
        st.ingest("kbo", bomb, reference, Limits(zip_max_ratio=100))
    with pytest.raises(DataError, match="uitgepakt 3 MB"):
        st.ingest("kbo", bomb, reference, Limits(zip_max_uncompressed_mb=2))
    assert not (st.root / "manifest.json").exists()


def test_uploads_get_a_generated_name_and_respect_the_size_limit(tmp_path):
    st = Store(tmp_path / "local")
    path = st.save_upload(b"a,b\n", ".CSV", Limits())
    assert path.parent == st.root / "tmp" and path.suffix == ".csv"
    assert path.name.startswith("upload-")
    assert st.save_upload(b"x", "/../../etc/passwd", Limits()).suffix == ".bin"
    with pytest.raises(DataError, match="bestand te groot"):
        st.save_upload(b"x" * (2 << 20), ".csv", Limits(upload_max_mb=1))


def test_sources_overview_shows_zeros_for_sources_never_ingested(filled):
    table = report.sources_overview(filled.reports())
    assert list(table["bron"]) == list(report.LABELS.values())
    rows = table.set_index("bron")
    assert rows.loc["KBO (vestigingen)", "rijen"] == 4
    assert rows.loc["Onderwijsaanbod", "rijen"] == 0


def test_cli_ingest_prints_a_summary_and_can_switch_to_real_data(tmp_path, capsys):
    root = tmp_path / "local"
    code = main(
        ["ingest", "kbo", str(FIXTURES / "kbo_broken"), "--store", str(root), "--use"]
    )
    assert code == 0
    out, err = capsys.readouterr()
    # five rows rejected, six problems listed (one establishment twice)
    assert "10 rijen gelezen, 4 bewaard, 5 afgewezen (6 meldingen)" in out
    # the unknown postcode with a known municipality: placed, and said so
    assert "1 x punt benaderd" in out
    assert "rijen/s" in err
    assert Store(root).active() == "real"
    code = main(
        [
            "ingest",
            "offerings",
            str(FIXTURES / "offerings_missing_columns.csv"),
            "--store",
            str(root),
        ]
    )
    assert code == 2
    assert "verplichte kolommen ontbreken" in capsys.readouterr().err


def test_an_unreadable_file_is_refused_with_a_message_not_a_crash(tmp_path, reference):
    fake = tmp_path / "leerlingen.xlsx"
    with zipfile.ZipFile(fake, "w") as zf:
        zf.writestr("readme.txt", "geen spreadsheet")
    st = Store(tmp_path / "local")
    with pytest.raises(DataError, match="leerlingen.xlsx: geen leesbare Excel-werkmap"):
        st.ingest("learners", fake, reference)
    assert st.manifest() == {}


def test_the_apps_rejects_download_opens_in_belgian_excel(tmp_path, reference):
    st = Store(tmp_path / "local")
    st.ingest("recognitions", FIXTURES / "recognitions_broken.csv", reference)
    data = st.rejects_csv("recognitions", excel=True)
    assert data.startswith("\ufeff".encode())
    rejects = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", sep=";", dtype=str)
    assert list(rejects.columns) == list(sniff.REJECT_COLUMNS)
    assert len(rejects) == 8
    # the same rows as the scripts' comma-separated file
    plain = pd.read_csv(
        io.BytesIO(st.rejects_csv("recognitions")), encoding="utf-8-sig", dtype=str
    )
    assert rejects["regel"].tolist() == plain["regel"].tolist()
