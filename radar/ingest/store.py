"""The real-data store: raw archive, source snapshots, datasets and the manifest.

Layout under the store root (``data/local/``, git-ignored)::

    manifest.json                 the commit point: dataset in use + current snapshots
    active.json                   {"use": "demo" | "real"}: the switch on the Data page
    raw/<source>/<snapshot>/      the input exactly as received (sha256 in the report)
    sources/<source>/<snapshot>/  table.parquet, rejects.csv, report.json
    datasets/<snapshot>/          a complete Dataset folder (radar.load.write_dataset)
    tmp/                          uploads and ingests in progress

An ingest archives and parses the input, writes the snapshot and a new dataset
folder, and only then replaces ``manifest.json`` (write to a temporary file, then an
atomic rename). If anything fails before that rename, everything written is removed
and the previous dataset stays in use, untouched.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import io
import json
import logging
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pandas as pd

from radar.ingest import assemble, findings, sniff
from radar.ingest.archive import MB, check_archive, copy_hashed
from radar.ingest.readers import parse, refuse_empty
from radar.ingest.report import LABELS, date_range
from radar.ingest.result import SOURCES
from radar.kernel import load
from radar.kernel import schema as s
from radar.kernel.errors import DataError
from radar.kernel.export import to_csv_bytes, to_excel_csv_bytes
from radar.kernel.format import number
from radar.kernel.paths import LOCAL_DIR
from radar.kernel.settings import Limits

MANIFEST = "manifest.json"
ACTIVE = "active.json"
TABLE_FILE = "table.parquet"
REJECTS_FILE = "rejects.csv"
REPORT_FILE = "report.json"
FINDINGS_DIR = "findings"
REJECTS_FORMAT = 2  # rejects.csv neutralised, with the user's file and column names
__all__ = ["Store", "parse"]
UPLOAD_SUFFIXES = (".zip", ".csv", ".txt", ".json", ".xlsx")


def _write_indexes(ds: load.Dataset, folder: Path) -> None:
    """Store the per-programme indexes with the dataset (a fresh server then reads
    them instead of building them on a first visit). Establishments that cannot be
    indexed (a repeated number) get no prospect index: the page says why."""
    from radar.prospects import index
    from radar.supply_demand import analysis

    analysis.write_index(ds, folder)
    if len(ds.establishments):
        try:
            index.write_index(ds, folder)
        except DataError as exc:  # the Prospectie page names the problem itself
            logging.getLogger(__name__).warning("no prospect index: %s", exc)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _write_json(path: Path, data: Any) -> None:
    """Write JSON atomically: a temporary file in the same folder, then a rename."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    tmp.write_text(json.dumps(data, indent=2, default=str), encoding="utf-8")
    os.replace(tmp, path)


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


class Store:
    """The real-data store rooted at ``root`` (see the module docstring)."""

    def __init__(self, root: Path = LOCAL_DIR) -> None:
        self.root = Path(root)

    def manifest(self) -> dict[str, Any]:
        """The committed manifest (empty before the first ingest)."""
        return _read_json(self.root / MANIFEST)

    def dataset_dir(self) -> Path | None:
        """The folder of the real dataset in use, or None."""
        name = self.manifest().get("dataset")
        path = self.root / "datasets" / str(name) if name else None
        return path if path is not None and load.is_dataset(path) else None

    def active(self) -> str:
        """Which data the app shows: ``real`` when chosen and available, else demo."""
        use = _read_json(self.root / ACTIVE).get("use")
        return "real" if use == "real" and self.dataset_dir() is not None else "demo"

    def set_active(self, use: str) -> None:
        """Choose ``demo`` or ``real`` data for the app."""
        if use not in ("demo", "real"):
            raise DataError(f"kies demo of real, niet {use!r}")
        if use == "real" and self.dataset_dir() is None:
            raise DataError("nog geen eigen gegevens ingelezen")
        self.root.mkdir(parents=True, exist_ok=True)
        _write_json(self.root / ACTIVE, {"use": use})

    def reports(self) -> dict[str, dict[str, Any]]:
        """The report of the current snapshot of every ingested source."""
        sources = self.manifest().get("sources", {})
        return {k: v for k, v in sources.items() if isinstance(v, dict)}

    def rejects_csv(self, source: str, excel: bool = False) -> bytes:
        """The rejects CSV of the source's current snapshot (empty if none), safe to
        open in a spreadsheet (a snapshot written before neutralisation is redone).

        ``excel`` writes it for Belgian Excel (``;``, UTF-8 BOM: the app's download);
        else it is the stored, comma-separated file (for scripts).
        """
        report = self.reports().get(source)
        if not report:
            return b""
        path = self.root / "sources" / source / report["snapshot"] / REJECTS_FILE
        if not path.exists():
            return b""
        if report.get("rejects_format") == REJECTS_FORMAT and not excel:
            return path.read_bytes()
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        return to_excel_csv_bytes(frame) if excel else to_csv_bytes(frame)

    def rejects_preview(self, source: str, limit: int = 500) -> pd.DataFrame:
        """The first ``limit`` rejects of the source's current snapshot."""
        data = self.rejects_csv(source)
        if not data:
            return sniff.rejects_frame()
        frame = pd.read_csv(
            io.BytesIO(data),
            nrows=limit,
            dtype=str,
            encoding="utf-8-sig",
            keep_default_na=False,
        )
        return frame.fillna("")

    def findings(self) -> dict[str, int]:
        """Approximations and inconsistencies of the dataset in use, per kind."""
        found = self.manifest().get("findings", {})
        return {str(k): int(v) for k, v in found.items()} if found else {}

    def findings_path(self) -> Path:
        """The findings CSV of the dataset in use."""
        return self.root / FINDINGS_DIR / f"{self.manifest().get('dataset')}.csv"

    def findings_frame(self, kind: str | None = None) -> pd.DataFrame:
        """The listed findings of the dataset in use (all, or one kind)."""
        path = self.findings_path()
        if not self.manifest().get("dataset") or not path.exists():
            return findings.empty()
        frame = pd.read_csv(
            path, dtype=str, encoding="utf-8-sig", keep_default_na=False
        )
        return frame if kind is None else frame[frame["soort"] == kind]

    def findings_csv(self, kind: str | None = None, excel: bool = False) -> bytes:
        """The findings (all, or one kind) as a neutralised CSV; ``excel`` writes it
        for Belgian Excel (``;``, decimal comma, UTF-8 BOM: the app's download)."""
        frame = self.findings_frame(kind)
        if not len(frame):
            return b""
        return to_excel_csv_bytes(frame) if excel else to_csv_bytes(frame)

    def save_upload(self, data: bytes | IO[bytes], suffix: str, limits: Limits) -> Path:
        """Store an upload under a generated name (never the uploader's name).

        ``data`` is bytes or a binary file object, copied in chunks so a big upload
        is never held twice in memory. Refused when over ``limits.upload_max_mb``.
        """
        limit = limits.upload_max_mb * MB
        suffix = suffix.lower() if suffix.lower() in UPLOAD_SUFFIXES else ".bin"
        folder = self.root / "tmp"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"upload-{uuid.uuid4().hex}{suffix}"
        source = io.BytesIO(data) if isinstance(data, bytes | bytearray) else data
        size = 0
        try:
            with path.open("wb") as out:
                while chunk := source.read(4 * MB):
                    size += len(chunk)
                    if size > limit:
                        raise DataError(
                            f"bestand te groot: meer dan {number(limits.upload_max_mb)}"
                            " MB (de grens voor een upload)"
                        )
                    out.write(chunk)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return path

    @contextlib.contextmanager
    def _lock(self) -> Iterator[None]:
        """Serialise ingests (two browser sessions, or the CLI next to the app)."""
        self.root.mkdir(parents=True, exist_ok=True)
        with (self.root / ".lock").open("w") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def _archive(self, path: Path, target: Path) -> tuple[Path, list[dict[str, Any]]]:
        """Copy the input into ``target``; return the copy to parse and file facts."""
        target.mkdir(parents=True)
        if path.is_dir():
            files = []
            for member in sorted(p for p in path.iterdir() if p.is_file()):
                sha, size = copy_hashed(member, target / member.name)
                files.append({"file": member.name, "sha256": sha, "bytes": size})
            return target, files
        suffix = path.suffix.lower() if path.suffix.lower() in UPLOAD_SUFFIXES else ""
        copy = target / f"input{suffix}"
        sha, size = copy_hashed(path, copy)
        return copy, [{"file": copy.name, "sha256": sha, "bytes": size}]

    def _source_tables(self, manifest: dict[str, Any]) -> dict[str, pd.DataFrame]:
        tables = {}
        for source, report in manifest.get("sources", {}).items():
            path = self.root / "sources" / source / report["snapshot"] / TABLE_FILE
            tables[source] = pd.read_parquet(path)
        return tables

    def ingest(
        self,
        source: str,
        path: Path,
        reference: dict[str, pd.DataFrame],
        limits: Limits | None = None,
        progress: sniff.Progress = sniff.no_progress,
        input_name: str | None = None,
        allow_empty: bool = False,
    ) -> dict[str, Any]:
        """Ingest one input of ``source``; return its report (see module docstring).

        Raises ``DataError`` for a refused input; the store is then unchanged. An
        input that keeps no row is refused unless ``allow_empty``.
        """
        if source not in SOURCES:
            raise DataError(f"onbekende bron {source!r}, kies uit {', '.join(SOURCES)}")
        limits = limits or Limits()
        path = Path(path)
        if not path.exists():
            raise DataError(f"{path}: bestand of map niet gevonden")
        name = input_name or path.name
        if path.is_file():
            check_archive(path, limits, name)
        with self._lock():
            return self._ingest(
                source, path, reference, limits, progress, name, allow_empty
            )

    def _ingest(
        self,
        source: str,
        path: Path,
        reference: dict[str, pd.DataFrame],
        limits: Limits,
        progress: sniff.Progress,
        input_name: str,
        allow_empty: bool,
    ) -> dict[str, Any]:
        t0 = time.perf_counter()
        started = _now()
        work = self.root / "tmp" / f"ingest-{uuid.uuid4().hex}"
        written: list[Path] = []
        try:
            copy, files = self._archive(path, work / "raw")
            digest = hashlib.sha256("".join(f["sha256"] for f in files).encode())
            snapshot = f"{started:%Y%m%dT%H%M%SZ}-{digest.hexdigest()[:8]}"
            snapshot += f"-{uuid.uuid4().hex[:4]}"
            parsed = parse(source, copy, reference, progress, input_name)
            if not allow_empty:
                refuse_empty(parsed, input_name)
            seconds = time.perf_counter() - t0
            report = {
                "source": source,
                "label": LABELS[source],
                "snapshot": snapshot,
                "ingested_at": started.isoformat(),
                "input": input_name,
                "files": files,
                "sha256": files[0]["sha256"] if len(files) == 1 else digest.hexdigest(),
                "rows_read": parsed.rows_read,
                "rows_kept": parsed.rows_kept,
                "rows_rejected": parsed.rows_rejected,
                "records": len(parsed.frame),
                "rejects": len(parsed.rejects),
                "rejects_format": REJECTS_FORMAT,
                "approximate_points": len(
                    findings.approximate_points(
                        source, parsed.frame, input_name, reference["municipalities"]
                    )
                ),
                "notes": parsed.notes,
                "allowed_empty": bool(allow_empty and not parsed.rows_kept),
                "rejects_by_code": parsed.rejects["code"].value_counts().to_dict(),
                "skipped": parsed.skipped,
                "date_range": date_range(source, parsed.frame),
                "extract_date": parsed.extract_date or f"{started:%Y-%m-%d}",
                "seconds": round(seconds, 1),
                "rows_per_second": round(parsed.rows_read / max(seconds, 1e-6)),
            }
            snap = work / "snapshot"
            snap.mkdir()
            parsed.frame.to_parquet(snap / TABLE_FILE, index=False)
            (snap / REJECTS_FILE).write_bytes(to_csv_bytes(parsed.rejects))
            _write_json(snap / REPORT_FILE, report)

            manifest = self.manifest()
            tables = self._source_tables(manifest)
            tables[source] = parsed.frame
            sources = {**manifest.get("sources", {}), source: report}
            progress("dataset samenstellen", 0, None)
            ds = assemble.assemble(tables, reference, {})
            validation = assemble.validation_summary(ds)
            found = findings.collect(tables, sources, reference["municipalities"])
            extract = max(r["extract_date"] for r in sources.values())
            meta = {
                "kind": "real",
                "label": assemble.REAL_LABEL,
                "extract_date": extract,
                "source": "eigen gegevens: " + ", ".join(LABELS[k] for k in sources),
                "snapshot": snapshot,
                "sources": sources,
                "validation": validation,
            }
            ds = load.Dataset(**{n: ds.table(n) for n in s.TABLES}, meta=meta)
            progress("dataset schrijven", 0, None)
            target = self.root / "datasets" / snapshot
            written.append(target)
            load.write_dataset(ds, target)
            progress("indexen bouwen", 0, None)
            _write_indexes(ds, target)
            found_file = self.root / FINDINGS_DIR / f"{snapshot}.csv"
            found_file.parent.mkdir(parents=True, exist_ok=True)
            written.append(found_file)
            found_file.write_bytes(to_csv_bytes(found))
            for kind, folder in (("sources", snap), ("raw", work / "raw")):
                dest = self.root / kind / source / snapshot
                dest.parent.mkdir(parents=True, exist_ok=True)
                written.append(dest)
                os.replace(folder, dest)
            committed = {
                "dataset": snapshot,
                "previous": manifest.get("dataset"),
                "committed_at": _now().isoformat(),
                "sources": sources,
                "validation": validation,
                "findings": findings.counts(found),
            }
            _write_json(self.root / MANIFEST, committed)
        except BaseException:
            for folder in written:
                if folder.is_dir():
                    shutil.rmtree(folder, ignore_errors=True)
                else:
                    folder.unlink(missing_ok=True)
            raise
        finally:
            shutil.rmtree(work, ignore_errors=True)
        self._prune(limits.ingest_keep_snapshots)
        return report

    def _prune(self, keep: int) -> None:
        """Drop all but the newest ``keep`` snapshots per source and old datasets,
        never the ones the manifest names."""
        manifest = self.manifest()
        current = {r["snapshot"] for r in manifest.get("sources", {}).values()}
        for kind in ("sources", "raw"):
            for folder in (self.root / kind).glob("*"):
                # Newest first by creation time: two ingests in the same second
                # share the name's timestamp, so the name alone cannot order them.
                snaps = sorted(
                    (p for p in folder.iterdir() if p.is_dir()),
                    key=lambda p: (p.stat().st_mtime_ns, p.name),
                    reverse=True,
                )
                for old in snaps[keep:]:
                    if old.name not in current:
                        shutil.rmtree(old, ignore_errors=True)
        in_use = {manifest.get("dataset"), manifest.get("previous")}
        for folder in (self.root / "datasets").glob("*"):
            if folder.name not in in_use:
                shutil.rmtree(folder, ignore_errors=True)
        for found in (self.root / FINDINGS_DIR).glob("*.csv"):
            if found.stem not in in_use:
                found.unlink(missing_ok=True)
        for stale in (self.root / "tmp").glob("*"):
            if time.time() - stale.stat().st_mtime > 86_400:
                if stale.is_dir():
                    shutil.rmtree(stale, ignore_errors=True)
                else:
                    stale.unlink(missing_ok=True)
