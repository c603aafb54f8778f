"""Real-browser checks of the Tabellen additions: a protected crosstab with its
heatmap and downloads, the comparison switched on by a click, and the Overzicht
year-on-year deltas. Page logic itself is tested with AppTest."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
# expect() waits 5 s by default; a loaded two-core machine needs longer.
WAIT_MS = 30_000


def settle(page: Any, locator: Any) -> None:
    """Wait for ``locator``, then for the script run to end; no error dialog."""
    locator.first.wait_for(state="visible")
    page.get_by_test_id("stStatusWidget").wait_for(state="hidden")
    dialog = page.get_by_role("dialog")
    assert dialog.count() == 0, f"unexpected dialog: {dialog.first.inner_text()!r}"


def download(page: Any, label: str, target_dir: Path) -> Path:
    with page.expect_download() as info:
        page.get_by_role("button", name=label).click()
    d = info.value
    assert d.failure() is None
    target = target_dir / d.suggested_filename
    d.save_as(target)
    return target


def test_protected_crosstab_draws_a_heatmap_and_downloads_what_it_shows(
    page: Any, app_url: str, blocked_urls: list[str], tmp_path: Path
) -> None:
    page.goto(
        f"{app_url}/tabellen?datum=2022-02-07&tabel=recognitions&per=partnership"
        "&kruis=province&afschermen=1&k=5"
    )
    chart = page.get_by_test_id("stVegaLiteChart")
    settle(page, chart)
    chart.first.locator("canvas, svg").first.wait_for(state="visible")
    expect(page.get_by_text("<5: een aantal van 1 tot 4")).to_be_visible(
        timeout=WAIT_MS
    )

    xlsx = download(page, "Download Excel (XLSX)", tmp_path)
    assert xlsx.name == "erkenningen_per_partnership_x_province_2022-02-07.xlsx"
    wb = openpyxl.load_workbook(xlsx)
    ws = wb["per partnerschap x provincie"]
    rows = [tuple(c.value for c in r) for r in ws.iter_rows()]
    values = [v for r in rows for v in r]
    assert ("Kleine aantallen", "afgeschermd (< 5)") in [r[:2] for r in rows]
    assert "<5" in values and "x" in values
    total = next(r for r in rows if r[0] == "Eindtotaal")
    assert total == ("Eindtotaal", 315, 4010, 2110, 3471, 2080, 2906, 14892)

    raw = download(page, "Download CSV", tmp_path).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV for Belgian Excel starts with a BOM"
    csv = raw.decode("utf-8-sig")
    assert csv.splitlines()[-1] == "Eindtotaal;315;4010;2110;3471;2080;2906;14892"

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "tables_crosstab.png"), full_page=True)
    assert blocked_urls == [], f"non-local requests: {blocked_urls}"


def test_ticking_compare_adds_the_change_to_table_and_text(
    page: Any, app_url: str, blocked_urls: list[str]
) -> None:
    page.goto(f"{app_url}/tabellen?datum=2022-02-07")
    settle(page, page.get_by_test_id("stDataFrame"))
    page.get_by_test_id("stCheckbox").filter(has_text="Vergelijk met").click()
    page.wait_for_url(re.compile(r"vergelijk=2021-02-07"))
    page.get_by_test_id("stStatusWidget").wait_for(state="hidden")

    expander = page.get_by_test_id("stExpander").filter(has_text="Kopieer als tekst")
    expander.get_by_text("Kopieer als tekst").click()
    code = expander.get_by_test_id("stCode")
    expect(code).to_contain_text("vergeleken met 07-02-2021", timeout=WAIT_MS)
    # Tab-separated lines (they paste as a table into Word and Excel), Dutch numbers.
    expect(code).to_contain_text(
        re.compile(r"provincie\terkenningen 07-02-2021\terkenningen 07-02-2022"),
        timeout=WAIT_MS,
    )
    expect(code).to_contain_text(
        re.compile(r"^Eindtotaal\t", re.MULTILINE), timeout=WAIT_MS
    )
    # The text can be redrawn by a late rerun between the check above and the read:
    # read until the total line is there (bounded).
    total = None
    for _ in range(100):
        lines = (code.text_content() or "").splitlines()
        total = next((line for line in lines if line.startswith("Eindtotaal")), None)
        if total:
            break
        page.wait_for_timeout(100)
    assert total, f"no Eindtotaal line in the copied text: {code.text_content()!r}"
    cells = total.split("\t")
    assert cells[2] == "14.892"
    before = int(cells[1].replace(".", ""))
    assert cells[3] == f"{14892 - before:,}".replace(",", ".")
    assert re.fullmatch(r"-?\d+,\d", cells[4]), cells[4]
    assert blocked_urls == [], f"non-local requests: {blocked_urls}"


def test_overview_shows_deltas_and_expiring_list(
    page: Any, app_url: str, blocked_urls: list[str]
) -> None:
    page.goto(f"{app_url}/?datum=2022-02-07")
    settle(page, page.get_by_test_id("stMetric"))
    delta = page.get_by_test_id("stMetricDelta").first
    expect(delta).to_contain_text("%", timeout=WAIT_MS)
    expect(page.get_by_text("t.o.v. 07-02-2021").first).to_be_visible(timeout=WAIT_MS)
    heading = page.get_by_text(re.compile(r"binnen 6 maanden vervallen: [\d.]+"))
    heading.scroll_into_view_if_needed()
    expect(heading).to_be_visible(timeout=WAIT_MS)
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible(timeout=WAIT_MS)
    assert blocked_urls == [], f"non-local requests: {blocked_urls}"
