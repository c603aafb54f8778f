"""Benchmark of the heavy paths at real scale: ``python -m radar bench``.

Generates (once) or reuses a dataset with N establishments under ``data/bench/``, then
times each path several times and reports the median, min and max.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from radar import demo, load
from radar.config import REFERENCE_DIR, REPO_ROOT
from radar.tables import recognition_table

BENCH_DIR = REPO_ROOT / "data" / "bench"


@dataclass(frozen=True)
class BenchRow:
    """Timings of one path, in milliseconds."""

    name: str
    median_ms: float
    min_ms: float
    max_ms: float
    runs: int


def time_it(name: str, fn: Callable[[], object], runs: int) -> BenchRow:
    """Run ``fn`` once to warm up, then ``runs`` times; return the timings."""
    fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return BenchRow(name, statistics.median(times), min(times), max(times), runs)


def bench_dataset(n_establishments: int, folder: Path = BENCH_DIR) -> Path:
    """Return the folder of the bench dataset, generating it if it is missing."""
    path = folder / f"est-{n_establishments}"
    if not load.is_dataset(path):
        ds = demo.generate(
            load.read_reference(REFERENCE_DIR), establishments=n_establishments
        )
        load.write_dataset(ds, path)
    return path


def run(n_establishments: int, runs: int = 5) -> list[BenchRow]:
    """Time every benchmarked path on a dataset of ``n_establishments``."""
    path = bench_dataset(n_establishments)
    ds = load.load_dataset(path)
    as_of = pd.Timestamp("2022-02-07")
    return [
        time_it(
            f"load dataset ({len(ds.establishments):,} establishments)",
            lambda: load.load_dataset(path),
            runs,
        ),
        time_it(
            "province table as of 2022-02-07",
            lambda: recognition_table(
                ds.recognitions, ds.municipalities, ds.programmes, as_of
            ),
            runs,
        ),
    ]


def format_rows(rows: list[BenchRow]) -> str:
    """Render bench rows as a Markdown table."""
    lines = [
        "| path | median ms | min ms | max ms | runs |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(
            f"| {r.name} | {r.median_ms:.1f} | {r.min_ms:.1f} "
            f"| {r.max_ms:.1f} | {r.runs} |"
        )
    return "\n".join(lines)
