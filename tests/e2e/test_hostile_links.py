"""Real browser: every page opened from a link with garbage and out-of-range
parameters shows the page with a notice naming what was replaced, and never a
traceback, a file path or "Ask Google"."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip, or fail under RADAR_REQUIRE_BROWSER=1
    expect = None

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots11")
PAGES = ["", "prospectie", "vraag-aanbod", "wat-als", "tabellen", "data"]
GARBAGE = {
    "datum": "2099-01-01",
    "vergelijk": "1990-01-01",
    "opl": "XX-0",
    "niveau": "xyz",
    "tabel": "[klik](http://evil.example)",
    "top": "abc",
    "gewicht": "nan",
}
NEVER = re.compile(
    r"Traceback|Ask Google|Ask ChatGPT|StreamlitValue|File \"|\.py\b|Exception"
)


def rendered(page: Any) -> None:
    page.get_by_test_id("stStatusWidget").wait_for(state="hidden")
    page.get_by_test_id("stMain").wait_for(state="visible")


@pytest.mark.parametrize("path", PAGES, ids=[p or "overzicht" for p in PAGES])
def test_a_link_with_garbage_shows_the_page_with_a_notice(
    page: Any, app_url: str, blocked_urls: list[str], path: str
) -> None:
    page.goto(f"{app_url}/{path}?{urlencode(GARBAGE)}")
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading").first).to_be_visible(timeout=60_000)
    rendered(page)
    text = main.inner_text()
    assert not NEVER.search(text), NEVER.search(text)
    assert page.get_by_test_id("stException").count() == 0
    if path != "data":  # the Data page reads no parameters
        notice = page.get_by_test_id("stAlert").filter(has_text="in de link").first
        expect(notice).to_be_visible()
        # the value as the link gave it, shown as text, never as a link
        assert main.get_by_role("link", name="klik").count() == 0
    assert blocked_urls == [], f"non-local requests: {blocked_urls}"


def test_screenshot_of_a_page_opened_with_a_date_outside_the_data(
    page: Any, app_url: str, blocked_urls: list[str]
) -> None:
    page.set_viewport_size({"width": 1500, "height": 1100})
    page.goto(f"{app_url}/tabellen?datum=2099-01-01&opl=XX-0")
    notice = page.get_by_test_id("stAlert").filter(has_text="valt buiten de gegevens")
    expect(notice).to_be_visible(timeout=60_000)
    expect(notice).to_contain_text("Getoond: de dichtstbijzijnde datum, 01-10-2026")
    page.get_by_test_id("stDataFrame").first.wait_for(state="visible")
    rendered(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "tabellen_datum_2099.png"))
    assert blocked_urls == [], f"non-local requests: {blocked_urls}"
