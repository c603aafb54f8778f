"""Click to redrawn map on Vraag & aanbod, in headless Chromium (Playwright).

The clock starts when Enter confirms a new programme in the "Opleiding" select box
and stops when the headline metric shows the new programme's figure, Streamlit's
running indicator is gone (the page run, with the new deck JSON, has arrived) and the
browser has painted two more animation frames (deck.gl redraws its canvas on the
frame after it gets new props). Shared by ``tests/e2e/test_perf.py`` and the bench.
"""

from __future__ import annotations

import time
from typing import Any

METRIC = "Erkende werkplekken"
TIMEOUT_MS = 120_000
_TWO_FRAMES = (
    "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
)


def _metric_text(page: Any) -> str:
    metric = page.get_by_test_id("stMetric").filter(has_text=METRIC).first
    return str(metric.get_by_test_id("stMetricValue").inner_text())


def open_map(page: Any, base: str, programme: str) -> None:
    """Open Vraag & aanbod on ``programme`` and wait until its map is drawn."""
    page.goto(f"{base}/vraag-aanbod?opl={programme}", timeout=TIMEOUT_MS)
    canvas = page.get_by_test_id("stDeckGlJsonChart").locator("canvas").first
    canvas.wait_for(state="visible", timeout=TIMEOUT_MS)
    page.get_by_test_id("stStatusWidget").wait_for(state="hidden", timeout=TIMEOUT_MS)
    page.evaluate(_TWO_FRAMES)


def click_to_map(page: Any, name: str) -> float:
    """Choose the programme called ``name``; return ms until the map is redrawn."""
    before = _metric_text(page)
    box = page.get_by_test_id("stSelectbox").filter(has_text="Opleiding (typ").first
    box.locator("input").click()
    page.keyboard.type(name)
    page.get_by_role("option", name=name).first.wait_for(timeout=TIMEOUT_MS)
    t0 = time.perf_counter()
    page.keyboard.press("Enter")
    page.wait_for_function(
        """([label, before]) => {
            const m = [...document.querySelectorAll('[data-testid="stMetric"]')]
              .find(e => e.innerText.includes(label));
            const v = m && m.querySelector('[data-testid="stMetricValue"]');
            return v && v.innerText !== before;
        }""",
        arg=[METRIC, before],
        timeout=TIMEOUT_MS,
    )
    page.get_by_test_id("stStatusWidget").wait_for(state="hidden", timeout=TIMEOUT_MS)
    page.evaluate(_TWO_FRAMES)
    return (time.perf_counter() - t0) * 1000
