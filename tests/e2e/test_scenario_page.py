"""Browser: build a scenario on Wat als, see the difference map and the changed
lesplaatsen, share the link and reopen it in a fresh session."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip, or fail under RADAR_REQUIRE_BROWSER=1
    expect = None

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
# Demo data (issue 12): one lesplaats (Don Bosco Knokke-Heist) goes from voldoende
# to krap when 20 learners start in Beernem.
HEADLINE = re.compile(r"1 lesplaats verandert van klasse")
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


def wait_idle(page: Any) -> None:
    page.get_by_test_id("stStatusWidget").wait_for(state="hidden")


def check_result(page: Any) -> None:
    """The headline, the drawn difference map and the table of changed lesplaatsen."""
    expect(page.get_by_text(HEADLINE)).to_be_visible(timeout=90_000)
    wait_idle(page)
    canvas = page.get_by_test_id("stDeckGlJsonChart").locator("canvas").first
    canvas.wait_for(state="visible")
    expect(page.get_by_text("nieuwe lesplaats", exact=True)).to_be_visible()  # legend
    heading = page.get_by_role("heading", name=re.compile("van klasse veranderen"))
    expect(heading).to_contain_text("(1)")
    table = page.get_by_test_id("stDataFrame").first
    expect(table).to_be_visible()
    expect(table).to_contain_text("Knokke-Heist")


def test_a_scenario_is_built_shared_and_reopened(
    page: Any, app_url: str, blocked_urls: list[str], browser: Any
) -> None:
    page.goto(f"{app_url}/wat-als?opl=SO-251")
    expect(page.get_by_role("heading", name="Wat als")).to_be_visible(timeout=90_000)
    wait_idle(page)
    place = page.get_by_test_id("stSelectbox").filter(has_text="Gemeente")
    place.get_by_role("combobox").click()
    page.keyboard.type("Beernem")
    page.get_by_role("option", name="Beernem").click()
    wait_idle(page)
    learners = page.get_by_test_id("stNumberInput").filter(has_text="Leerlingen")
    learners.get_by_role("spinbutton").fill("20")
    learners.get_by_role("spinbutton").press("Enter")
    wait_idle(page)
    page.get_by_role("button", name="Toevoegen").click()
    page.wait_for_url(re.compile(r"wijziging=les%3A20%3Agemeente%3A31003"))
    check_result(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "scenario.png"), full_page=True)
    shared = page.url

    # A fresh session (new context: no cookies, no session state) opens the link.
    fresh = browser.new_context(viewport={"width": 1400, "height": 1000})

    def guard(route: Any) -> None:
        host = urlsplit(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:")) or host in LOOPBACK:
            route.continue_()
        else:
            blocked_urls.append(route.request.url)
            route.abort()

    fresh.route("**/*", guard)
    try:
        other = fresh.new_page()
        other.set_default_timeout(20_000)
        other.goto(shared)
        check_result(other)
        expect(
            other.get_by_text("nieuwe lesplaats in Beernem met 20 leerlingen")
        ).to_be_visible()
    finally:
        fresh.close()
    assert blocked_urls == [], f"non-local requests: {blocked_urls}"
