"""Cold start and first visits, as a user waits for them: a browser on a fresh server.

For each page a new ``streamlit run app.py`` process is started over the bench
dataset. Cold start: from just before the process is spawned until headless Chromium
(Playwright, ``/usr/bin/chromium``, already running) shows the Overzicht. First
visit: from the click on the page in the sidebar until it shows. A page is shown
when its title and its key element are (Overzicht: the metrics and the province
chart; Vraag & aanbod and Wat als: the map's canvas; Prospectie and Tabellen: the
table; Data: the sources table). A browser rather than AppTest in a fresh Python
process because the browser is what a user waits for: it adds the HTTP start-up, the
static frontend, the websocket and the drawing, which AppTest skips. Every request not
to loopback is aborted. Chromium's own start is outside the clock.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from benchmarks.server import Server
from radar.kernel.paths import BENCH_DIR

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
]  # fmt: skip
PAGES = {
    "Overzicht": ("", "stVegaLiteChart"),
    "Prospectie": ("prospectie", "stDataFrame"),
    "Vraag & aanbod": ("vraag-aanbod", "stDeckGlJsonChart"),
    "Wat als": ("wat-als", "stDeckGlJsonChart"),
    "Tabellen": ("tabellen", "stDataFrame"),
    "Data": ("data", "stDataFrame"),
}
TIMEOUT_MS = 180_000
SCREENS = BENCH_DIR / "screens"


@dataclass(frozen=True)
class FirstVisit:
    """One fresh server: process start to healthy, to the Overzicht shown (the cold
    start), and from the click on the page in the sidebar to its content (ms)."""

    page: str
    healthy_ms: float
    cold_ms: float
    visit_ms: float
    clicks_ms: tuple[float, ...] = ()
    error: str = ""


def _local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in {"data", "blob", "about"} or parts.hostname in {
        "127.0.0.1",
        "localhost",
    }


def _shown(page: Any, title: str) -> None:
    """Wait for the page's heading and its key element."""
    page.get_by_role("heading", name=title, exact=True).first.wait_for(
        timeout=TIMEOUT_MS
    )
    element = page.get_by_test_id(PAGES[title][1]).first
    if PAGES[title][1] == "stDeckGlJsonChart":
        element = element.locator("canvas").first
    element.wait_for(state="visible", timeout=TIMEOUT_MS)


def first_visits(
    data_dir: Path,
    port: int,
    pages: list[str] | None = None,
    clicks: list[str] | None = None,
) -> list[FirstVisit]:
    """One fresh server per page: the cold start to the Overzicht in Chromium, then
    the first visit of the page through the sidebar. On Vraag & aanbod, afterwards,
    click to redrawn map for each programme name in ``clicks``."""
    from playwright.sync_api import sync_playwright

    from benchmarks.browser import click_to_map

    out = []
    log = Path(tempfile.gettempdir()) / f"radar-bench-{port}.log"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for title in pages or list(PAGES):
            context = browser.new_context(viewport={"width": 1500, "height": 1100})
            context.route(
                "**/*",
                lambda route: (
                    route.continue_() if _local(route.request.url) else route.abort()
                ),
            )
            page = context.new_page()
            server = Server(port, data_dir, log)
            try:
                page.goto(server.base + "/", timeout=TIMEOUT_MS)
                _shown(page, "Overzicht")
                cold = server.since_start_ms()
                visit = 0.0
                if title != "Overzicht":
                    nav = page.get_by_test_id("stSidebarNav")
                    t0 = time.perf_counter()
                    nav.get_by_text(title, exact=True).first.click()
                    _shown(page, title)
                    visit = (time.perf_counter() - t0) * 1000
                done: tuple[float, ...] = ()
                if title == "Vraag & aanbod" and clicks:
                    page.get_by_test_id("stStatusWidget").wait_for(
                        state="hidden", timeout=TIMEOUT_MS
                    )
                    done = tuple(click_to_map(page, name) for name in clicks)
                out.append(FirstVisit(title, server.healthy_ms, cold, visit, done))
            except Exception as exc:  # noqa: BLE001  (one page fails, the others run)
                shot = SCREENS / f"first-visit-{PAGES[title][0] or 'overzicht'}.png"
                shot.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(shot))
                out.append(
                    FirstVisit(
                        title,
                        server.healthy_ms,
                        0.0,
                        0.0,
                        error=(
                            f"{type(exc).__name__}: {str(exc).splitlines()[0]} ({shot})"
                        ),
                    )
                )
            finally:
                server.stop()
                context.close()
            time.sleep(0.5)
        browser.close()
    return out
