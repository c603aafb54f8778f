"""Browser: what a user waits for, measured and reported, not asserted on time (the
machine is shared and noisy): cold start of a fresh server to the Overzicht, and click
to redrawn map on Vraag & aanbod. The figures are printed and written to
tests/e2e/artifacts/perf.json; the bench (``python -m radar bench``) measures the
same at real scale, next to the goals of issue 13."""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path
from typing import Any

import pytest
from e2e_server import streamlit_server

from benchmarks.browser import click_to_map, open_map
from benchmarks.pages import busiest_programmes
from radar.kernel import load
from radar.kernel.paths import DEMO_DIR

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
REPORT = ARTIFACTS / "perf.json"


def report(key: str, value: object) -> None:
    """Add one figure to artifacts/perf.json and print it."""
    ARTIFACTS.mkdir(exist_ok=True)
    found = json.loads(REPORT.read_text()) if REPORT.exists() else {}
    found[key] = value
    REPORT.write_text(json.dumps(found, indent=2), encoding="utf-8")
    print(f"{key}: {value}")


def test_cold_start_to_the_overview_is_reported(
    page: Any, blocked_urls: list[str], tmp_path: Path
) -> None:
    t0 = time.perf_counter()
    with streamlit_server(tmp_path / "server.log") as base:
        healthy = (time.perf_counter() - t0) * 1000
        page.goto(base + "/", timeout=120_000)
        page.get_by_role("heading", name="Overzicht").wait_for(timeout=120_000)
        page.get_by_test_id("stVegaLiteChart").first.wait_for(timeout=120_000)
        cold = (time.perf_counter() - t0) * 1000
    report("cold_start_ms", round(cold))
    report("cold_start_healthy_ms", round(healthy))
    assert 0 < healthy < cold
    assert not blocked_urls


def test_click_to_redrawn_map_is_reported(
    page: Any, app_url: str, blocked_urls: list[str]
) -> None:
    ds = load.load_dataset(DEMO_DIR)
    names = dict(zip(ds.programmes["programme_id"], ds.programmes["name"], strict=True))
    first, *others = busiest_programmes(ds, 6)
    open_map(page, app_url, first)
    before = page.get_by_test_id("stMetric").first.inner_text()
    times = [click_to_map(page, names[p]) for p in others]
    report("click_to_map_ms", [round(t) for t in times])
    report("click_to_map_median_ms", round(statistics.median(times)))
    assert f"opl={others[-1]}" in page.url  # the last programme chosen is shown
    assert page.get_by_test_id("stMetric").first.inner_text() != before
    assert not blocked_urls
