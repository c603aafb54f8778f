"""Real-browser checks of what only a browser shows: charts drawn, the text export,
the XLSX download and the URL state. Page logic itself is tested with AppTest."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip, or fail under RADAR_REQUIRE_BROWSER=1
    expect = None

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
PUBLISHED_DATE = "2022-02-07"


def wait_rendered(page: Any, locator: Any) -> None:
    """Wait for ``locator`` to show, then for Streamlit's script run to finish, and
    make sure Streamlit did not fall back to the main page ("Page not found")."""
    locator.first.wait_for(state="visible")
    page.get_by_test_id("stStatusWidget").wait_for(state="hidden")
    dialog = page.get_by_role("dialog")
    assert dialog.count() == 0, f"unexpected dialog: {dialog.first.inner_text()!r}"


def row_numbers(text: str, label: str) -> list[int]:
    """The integers on the line of a plain-text table that starts with ``label``
    (tab-separated cells, Dutch thousands: ``14.892`` is 14892)."""
    for line in text.splitlines():
        if line.startswith(label):
            cells = line[len(label) :].split("\t")
            found = [re.fullmatch(r"-?\d{1,3}(?:\.\d{3})*", c.strip()) for c in cells]
            return [int(m.group().replace(".", "")) for m in found if m]
    raise AssertionError(f"no line starting with {label!r} in:\n{text}")


def open_text_export(page: Any, wait_for: str = "Eindtotaal") -> Any:
    """Open the 'Kopieer als tekst' expander; return its code block once it shows
    ``wait_for``."""
    expander = page.get_by_test_id("stExpander").filter(has_text="Kopieer als tekst")
    expander.get_by_text("Kopieer als tekst").click()
    code = expander.get_by_test_id("stCode")
    expect(code).to_be_visible()
    expect(code).to_contain_text(wait_for)
    return code


def test_overview_renders(page: Any, app_url: str, blocked_urls: list[str]) -> None:
    page.goto(app_url + "/")
    chart = page.get_by_test_id("stVegaLiteChart")
    wait_rendered(page, chart)

    assert page.get_by_text("demodata (synthetisch)").first.is_visible()
    assert chart.first.is_visible()
    # Vega draws into a canvas (or svg); an empty container would mean no chart.
    chart.first.locator("canvas, svg").first.wait_for(state="visible")
    metric = page.get_by_test_id("stMetric").filter(has_text="Erkenningen").first
    assert metric.is_visible()

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "overview.png"), full_page=True)
    assert blocked_urls == [], f"non-local requests: {blocked_urls}"


def test_tables_published_date(
    page: Any, app_url: str, blocked_urls: list[str]
) -> None:
    page.goto(f"{app_url}/tabellen?datum={PUBLISHED_DATE}")
    frame = page.get_by_test_id("stDataFrame")
    wait_rendered(page, frame)
    assert frame.first.is_visible()
    chart = page.get_by_test_id("stVegaLiteChart")
    chart.first.wait_for(state="visible")
    chart.first.locator("canvas, svg").first.wait_for(state="visible")

    # Before opening the expander: its open animation would be caught half-way.
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "tables.png"), full_page=True)

    # The grid is a canvas; read the numbers from the plain-text export instead.
    text = open_text_export(page).inner_text()
    assert "Eindtotaal" in text
    assert "Provincie Antwerpen" in text
    assert row_numbers(text, "Eindtotaal") == [14892, 9680]
    assert row_numbers(text, "Provincie Antwerpen") == [4010, 2648]

    assert blocked_urls == [], f"non-local requests: {blocked_urls}"


def test_tables_xlsx_download(
    page: Any, app_url: str, blocked_urls: list[str], tmp_path: Path
) -> None:
    page.goto(f"{app_url}/tabellen?datum={PUBLISHED_DATE}")
    button = page.get_by_role("button", name="Download Excel (XLSX)")
    wait_rendered(page, button)

    with page.expect_download() as info:
        button.click()
    download = info.value
    assert download.failure() is None
    assert (
        download.suggested_filename == f"erkenningen_per_province_{PUBLISHED_DATE}.xlsx"
    )
    target = tmp_path / download.suggested_filename
    download.save_as(target)

    wb = openpyxl.load_workbook(target, read_only=True)
    rows = [
        tuple(v for v in row if v is not None)
        for ws in wb.worksheets
        for row in ws.iter_rows(values_only=True)
    ]
    wb.close()
    assert ("Eindtotaal", 14892, 9680) in rows
    assert ("Provincie Limburg", 2110, 1315) in rows
    assert blocked_urls == [], f"non-local requests: {blocked_urls}"


def test_grouping_follows_url(page: Any, app_url: str, blocked_urls: list[str]) -> None:
    page.goto(f"{app_url}/tabellen?datum={PUBLISHED_DATE}")
    wait_rendered(page, page.get_by_test_id("stDataFrame"))

    select = page.get_by_test_id("stSelectbox").filter(has_text="Indeling")
    select.get_by_role("combobox").click()
    page.get_by_role("option", name="Arrondissement").click()
    page.wait_for_url(re.compile(r"per=arrondissement"))
    assert f"datum={PUBLISHED_DATE}" in page.url

    # Elements of the previous run stay on screen until replaced: wait for the new
    # table text rather than reading whatever is there right now.
    code = open_text_export(page, wait_for="arrondissement")
    expect(code).not_to_contain_text("Provincie Antwerpen")
    page.get_by_test_id("stStatusWidget").wait_for(state="hidden")
    text = code.inner_text()
    assert "Provincie Antwerpen" not in text
    assert row_numbers(text, "Eindtotaal") == [14892, 9680]
    assert blocked_urls == [], f"non-local requests: {blocked_urls}"
