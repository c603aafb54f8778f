"""KBO ingest against ``pyarrow.csv.read_csv`` of the same zip, time and peak memory.

Both run in a child process of their own, so each peak is that process's maximum
resident set (``wait4``'s ``ru_maxrss``), not the bench's. Ours is
``python -m radar ingest kbo ZIP`` into a fresh store (read, check, geocode, write);
pyarrow's is every CSV of the zip read, streamed from the archive, into Arrow tables
with its default options (multithreaded) and nothing else: the floor of any ingest.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from radar.kernel import load
from radar.kernel.errors import RadarError
from radar.kernel.paths import BENCH_DIR, REFERENCE_DIR

KBO_ESTABLISHMENTS = 2_000_000
"""Establishments in the generated KBO zip of the ingest benchmark."""

_PYARROW_READ = """
import sys, zipfile
import pyarrow.csv as pcsv
rows = 0
with zipfile.ZipFile(sys.argv[1]) as zf:
    for name in zf.namelist():
        if name.endswith(".csv"):
            with zf.open(name) as fh:
                rows += pcsv.read_csv(fh).num_rows
print(rows)
"""


@dataclass(frozen=True)
class Child:
    """Wall time (ms) and peak resident memory (GB) of one child process."""

    ms: float
    peak_gb: float


def child(cmd: list[str]) -> Child:
    """Run ``cmd``; return its wall time and its own peak resident memory."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    ms = (time.perf_counter() - t0) * 1000
    if os.waitstatus_to_exitcode(status):
        raise RadarError(f"benchmark child failed: {err.decode()[-500:]}")
    return Child(ms, usage.ru_maxrss / 1024**2)  # KiB -> GiB


def kbo_zip(n: int) -> Path:
    """The generated KBO zip with ``n`` establishments (made once)."""
    from benchmarks.synthetic_kbo import write_kbo_zip

    ref = load.read_reference(REFERENCE_DIR)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    archive = BENCH_DIR / f"kbo-{n}.zip"
    if not archive.exists():
        write_kbo_zip(archive, n, ref["postal_codes"], ref["municipalities"])
    return archive


def ours(source: str, path: Path) -> Child:
    """``python -m radar ingest SOURCE PATH`` into a fresh store."""
    store = Path(tempfile.mkdtemp(prefix="ingest-store-", dir=BENCH_DIR))
    try:
        cmd = [sys.executable, "-m", "radar", "ingest", source, str(path)]
        return child([*cmd, "--store", str(store)])
    finally:
        shutil.rmtree(store, ignore_errors=True)


def pyarrow_read(path: Path) -> Child:
    """``pyarrow.csv.read_csv`` of every CSV in the zip at ``path``."""
    return child([sys.executable, "-c", _PYARROW_READ, str(path)])


def learners_csv() -> Path:
    """The 200 MB learner-count CSV (made once)."""
    from benchmarks.synthetic_learners import write_learners_csv

    ref = load.read_reference(REFERENCE_DIR)
    path = BENCH_DIR / "learners-200mb.csv"
    if not path.exists():
        write_learners_csv(path, 200, ref["programmes"], ref["postal_codes"])
    return path
