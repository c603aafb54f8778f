"""Time the KBO ingest against a plain pyarrow read of the same delivery.

``python -m radar.ingest.kbo_timing parse|pyarrow PATH`` runs one of the two in this
process and prints one JSON line: ``seconds`` (wall time of the work, imports and the
reference excluded), ``cpu_seconds`` (user + system of all threads) and ``peak_gb``
(the process's maximum resident set). Run each in a fresh child process so the peaks
do not mix; ``measure(what, path)`` does that and returns the parsed line.

``pyarrow`` reads the delivery's four files (establishment, address, denomination,
activity) with ``pyarrow.csv.read_csv`` straight from the zip (or folder) and keeps
nothing: the floor that the ingest (``kbo.parse``: the same files, every row checked,
rejects reported) is compared with.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from radar.ingest.kbo_source import FILES, Source

WHAT = ("parse", "pyarrow")


def pyarrow_read(path: Path) -> int:
    """Read the four KBO files with ``pyarrow.csv.read_csv``; return the rows read."""
    import pyarrow.csv as pcsv

    src = Source(Path(path))
    rows = 0
    try:
        for name in FILES:
            with src.opener(name)() as fh:
                rows += pcsv.read_csv(fh).num_rows
    finally:
        src.close()
    return rows


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run(what: str, path: Path) -> dict[str, Any]:
    """Do ``what`` (``parse`` or ``pyarrow``) on ``path`` in this process."""
    if what == "parse":
        from radar.ingest import kbo
        from radar.kernel import load

        reference = load.read_reference()
        wall, cpu = time.perf_counter(), _cpu()
        rows = kbo.parse(Path(path), reference).rows_read
    else:
        wall, cpu = time.perf_counter(), _cpu()
        rows = pyarrow_read(Path(path))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # KiB -> GiB
    return {
        "what": what,
        "rows": rows,
        "seconds": round(time.perf_counter() - wall, 3),
        "cpu_seconds": round(_cpu() - cpu, 3),
        "peak_gb": round(peak, 3),
    }


def measure(what: str, path: Path) -> dict[str, Any]:
    """Run ``what`` on ``path`` in a fresh child process; return its JSON line."""
    out = subprocess.run(
        [sys.executable, "-m", "radar.ingest.kbo_timing", what, str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str]) -> int:
    """Command line: ``parse|pyarrow PATH``."""
    if len(argv) != 2 or argv[0] not in WHAT:
        print("gebruik: python -m radar.ingest.kbo_timing parse|pyarrow PAD")
        return 2
    print(json.dumps(run(argv[0], Path(argv[1]))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
