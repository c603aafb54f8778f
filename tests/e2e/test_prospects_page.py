"""Browser check of Prospectie: the map canvas draws and the XLSX download opens."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
QUERY = "opl=SO-115&niveau=resoc&gebied=KEMP&top=25"


def test_prospects_xlsx_download_opens_with_header_and_rows(
    page: Any, app_url: str, blocked_urls: list[str], tmp_path: Path
) -> None:
    page.goto(f"{app_url}/prospectie?{QUERY}")
    button = page.get_by_role("button", name="Download Excel (XLSX)")
    button.wait_for(state="visible", timeout=90_000)
    page.get_by_test_id("stStatusWidget").wait_for(state="hidden")
    assert page.get_by_role("dialog").count() == 0
    canvas = page.get_by_test_id("stDeckGlJsonChart").locator("canvas")
    canvas.first.wait_for(state="visible")

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "prospects.png"), full_page=True)

    with page.expect_download() as info:
        button.click()
    download = info.value
    assert download.failure() is None
    assert download.suggested_filename.startswith("prospectie_SO-115_KEMP_")
    target = tmp_path / download.suggested_filename
    download.save_as(target)

    wb = openpyxl.load_workbook(target, read_only=True)
    rows = [tuple(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
    wb.close()
    header = {r[0]: r[1] for r in rows[:10] if len(r) > 1 and r[0]}
    assert header["Opleiding"] == "Haarverzorging"
    assert header["Gebied"] == "Resoc Kempen"
    start = next(i for i, r in enumerate(rows) if r and r[0] == "rang") + 1
    body = [r for r in rows[start:] if r and isinstance(r[0], int)]
    assert len(body) == 25
    assert len({r[1] for r in body}) == 25
    assert all("past bij Haarverzorging" in r[10] for r in body)
    assert blocked_urls == [], f"non-local requests: {blocked_urls}"
