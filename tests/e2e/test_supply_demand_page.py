"""Browser: the Vraag & aanbod map draws offline, and a click on a lesplaats opens its
radius chart."""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import pytest

from radar.kernel import load
from radar.kernel.paths import DEMO_DIR
from ui import sd_map
from ui.maps import flanders_view

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip, or fail under RADAR_REQUIRE_BROWSER=1
    expect = None

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def screen_xy(
    lat: float, lng: float, width: float, height: float, view
) -> tuple[float, float]:
    """Project a point to canvas pixels with deck.gl's Web Mercator (512-px world)."""

    def world(la: float, ln: float) -> tuple[float, float]:
        x = 512 * (ln + 180) / 360
        y = 512 * (math.pi - math.log(math.tan(math.pi / 4 + math.radians(la) / 2)))
        return x, y / (2 * math.pi)

    scale = 2**view.zoom
    cx, cy = world(view.latitude, view.longitude)
    x, y = world(lat, lng)
    return width / 2 + (x - cx) * scale, height / 2 + (y - cy) * scale


def wait_idle(page: Any) -> None:
    page.get_by_test_id("stStatusWidget").wait_for(state="hidden")


def test_clicking_a_lesplaats_shows_its_radius_chart(
    page: Any, app_url: str, blocked_urls: list[str]
) -> None:
    ds = load.load_dataset(DEMO_DIR)
    off = ds.offerings[
        (ds.offerings["programme_id"] == "SO-8")
        & (ds.offerings["school_year"] == "2026-27")
    ]
    target = off.sort_values("lng").iloc[0]  # the westernmost: nothing overlaps it
    page.goto(f"{app_url}/vraag-aanbod?opl=SO-8&niveau=provincie&maat=verhouding")
    canvas = page.get_by_test_id("stDeckGlJsonChart").locator("canvas").first
    canvas.wait_for(state="visible")
    wait_idle(page)
    page.wait_for_timeout(1500)  # deck.gl draws its layers after the element shows
    box = canvas.bounding_box()
    # The page's own initial view: Flanders fitted to the map's frame.
    view = flanders_view(ds.municipalities, sd_map.WIDTH_PX, sd_map.HEIGHT_PX)
    x, y = screen_xy(
        float(target["lat"]), float(target["lng"]), box["width"], box["height"], view
    )
    # The first click on a fresh deck only focuses it: click the empty corner first.
    page.mouse.click(box["x"] + 20, box["y"] + 20)
    page.wait_for_timeout(1000)
    wait_idle(page)
    # Hover, then click: deck.gl picks on the move, the click then selects.
    page.mouse.move(box["x"] + x, box["y"] + y)
    page.wait_for_timeout(500)
    page.mouse.down()
    page.mouse.up()
    page.wait_for_function(
        "id => window.location.search.includes('lesplaats=' + id)",
        arg=str(target["location_id"]),
    )
    wait_idle(page)
    chart = page.get_by_test_id("stVegaLiteChart")
    expect(chart.first).to_be_visible()
    expect(page.get_by_text("tekortstraal").first).to_be_visible()
    expect(
        page.get_by_test_id("stMetric").filter(has_text="Concurrenten").first
    ).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "supply_demand.png"), full_page=True)
    assert blocked_urls == [], f"non-local requests: {blocked_urls}"


def test_map_table_and_tabs_are_built_when_opened(
    page: Any, app_url: str, blocked_urls: list[str]
) -> None:
    """'Kaart als tabel' and the tabs under the map run only when open: opening them
    in the browser reruns the page and shows their tables."""
    page.goto(f"{app_url}/vraag-aanbod?opl=SO-410&niveau=gemeente&maat=verhouding")
    page.get_by_test_id("stDeckGlJsonChart").locator("canvas").first.wait_for()
    wait_idle(page)
    expander = page.get_by_test_id("stExpander").filter(has_text="Kaart als tabel")
    expect(expander.get_by_test_id("stDataFrame")).to_have_count(0)
    expander.get_by_text("Kaart als tabel").click()
    expect(expander.get_by_test_id("stDataFrame")).to_have_count(2, timeout=30_000)
    wait_idle(page)
    page.get_by_role("tab", name="Overtal").click()
    panel = page.get_by_role("tabpanel", name="Overtal")
    expect(panel.get_by_test_id("stDataFrame")).to_be_visible(timeout=30_000)
    button = panel.get_by_role("button", name="Download CSV")
    expect(button).to_be_visible()
    with page.expect_download() as caught:
        button.click()
    data = Path(caught.value.path()).read_bytes()
    lines = data.decode("utf-8-sig").splitlines()
    # For Belgian Excel: BOM, ';' between Dutch headers, no decimal points.
    assert data.startswith(b"\xef\xbb\xbf") and lines[0].startswith("lesplaats;")
    assert len(lines) > 1 and not any(re.search(r"\d\.\d", ln) for ln in lines)
    assert blocked_urls == [], f"non-local requests: {blocked_urls}"
