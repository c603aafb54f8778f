"""Each user's task walked end to end in headless Chromium at 1500x1100 on the demo
data, checking the Dutch formats on the screen and in the downloaded files.

- Policy officer (Tabellen): the province table of 07-02-2022 compared with
  07-02-2021: grid, copied text, CSV and Excel, every number against
  ``radar.policy.tables`` computed here on the same dataset.
- Sector consultant (Vraag & aanbod): programme, level, place search (name and
  postcode), the map re-centred, the tables kept to the place, a lesplaats clicked.
- Account manager (Prospectie): the Kempen list for a programme, exported.

How the screen is read: Streamlit's grid (glide-data-grid) paints its cells on a
canvas, and its accessible DOM cells hold the raw values, not the text shown. An
init script wraps ``CanvasRenderingContext2D.fillText`` and logs every text a grid
paints with its position on the page (``window.__drawn``), so the tests read what
the user reads and where. Screenshots of every step go to
``tests/e2e/artifacts/walks/`` (git-ignored).

Every bug these walks found is fixed and asserted here: Gemeente on Vraag & aanbod
draws and its lesplaatsen can be clicked, no ``None`` in a grid, the CSVs for
Belgian Excel, Prospectie's list and exports with Dutch headers and numbers.

Waits are on conditions, never on fixed sleeps alone: ``repaint`` polls until the
grid has painted what the test looks for (a loaded machine paints late).
"""

from __future__ import annotations

import csv
import io
import math
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import openpyxl
import pandas as pd
import pytest
from conftest import is_local

from radar.kernel import load
from radar.kernel.format import number, percent
from radar.kernel.paths import DEMO_DIR
from radar.kernel.placenames import find_places
from radar.policy.tables import recognition_table

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parent / "artifacts" / "walks"
VIEWPORT = {"width": 1500, "height": 1100}
T = TypeVar("T")

# Every text a data grid paints, with its page position (CSS pixels).
DRAWN_JS = """
(() => {
  window.__drawn = [];
  const fill = CanvasRenderingContext2D.prototype.fillText;
  CanvasRenderingContext2D.prototype.fillText = function (text, x, y, maxWidth) {
    try {
      const grid = this.canvas.closest
        && this.canvas.closest('[data-testid=stDataFrame]');
      if (grid) {
        const t = this.getTransform();
        const dpr = window.devicePixelRatio || 1;
        const r = this.canvas.getBoundingClientRect();
        const w = this.measureText(String(text)).width;
        let x0 = x;
        if (this.textAlign === 'right' || this.textAlign === 'end') x0 = x - w;
        else if (this.textAlign === 'center') x0 = x - w / 2;
        const grids = [...document.querySelectorAll('[data-testid=stDataFrame]')];
        window.__drawn.push({
          text: String(text),
          grid: grids.indexOf(grid),
          left: r.left + (t.a * x0 + t.e) / dpr,
          right: r.left + (t.a * (x0 + w) + t.e) / dpr,
          y: r.top + (t.d * y + t.f) / dpr,
        });
      }
    } catch (e) {}
    return fill.apply(this, arguments);
  };
})();
"""
SETTLED_JS = (
    "() => !document.querySelector('[data-testid=stStatusWidget]') && "
    "!document.querySelector('[data-stale=true]')"
)
ERROR_BOX = "Deze pagina kon niet getoond worden"
# Decimals the English way (0.16, 3.2) or long ones (0.15789...), never Dutch.
NOT_DUTCH = re.compile(r"^-?\d+\.\d{1,2}( %)?$|\d[.,]\d{4,}")
ENGLISH_HEADERS = {
    "supply",
    "demand",
    "ratio",
    "class",
    "name",
    "school_name",
    "learners",
    "competitors",
    "accessibility",
    "shared_share",
    "is_estimate",
    "workplaces_within_radius",
    "rank",
    "reason",
    "address",
    "distance_km",
    "establishment_number",
    "enterprise_number",
    "municipality",
    "recognitions",
    "True",
    "False",
}


# --- fixtures -------------------------------------------------------------------


@pytest.fixture(scope="module")
def ds() -> load.Dataset:
    """The demo dataset the app shows (read once for the module)."""
    return load.load_dataset(DEMO_DIR)


@pytest.fixture
def page(
    browser: Any, warm_app: str, blocked_urls: list[str], request: pytest.FixtureRequest
) -> Iterator[Any]:
    """A 1500x1100 page that logs what the grids paint; requests off the loopback
    are aborted and recorded (named ``page`` so a failure is screenshotted)."""
    context = browser.new_context(accept_downloads=True, viewport=VIEWPORT)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    context.add_init_script(DRAWN_JS)

    def guard(route: Any) -> None:
        if is_local(route.request.url):
            route.continue_()
        else:
            blocked_urls.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    p = context.new_page()
    p.set_default_timeout(60_000)
    p.on(
        "websocket",
        lambda ws: None if is_local(ws.url) else blocked_urls.append(ws.url),
    )
    try:
        yield p
    finally:
        context.close()


# --- helpers --------------------------------------------------------------------


def settle(page: Any) -> None:
    """Until no script run is going and nothing is stale, twice (late reruns)."""
    for _ in range(2):
        page.wait_for_timeout(300)
        page.wait_for_function(SETTLED_JS, timeout=60_000, polling=200)


def until(page: Any, probe: Callable[[], T], what: str, timeout_s: float = 30) -> T:
    """Poll ``probe`` until it returns something truthy; fail naming ``what``."""
    end = time.monotonic() + timeout_s
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > end:
            pytest.fail(f"timed out waiting for {what}; last value {value!r}")
        page.wait_for_timeout(200)


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def repaint(
    page: Any, ready: Callable[[list[dict[str, Any]]], bool] | None = None
) -> list[dict[str, Any]]:
    """What the grids paint now: empty the log, make every grid repaint (a width
    change of one pixel and back), and return the texts painted at 1500x1100 once
    ``ready`` holds for them (and the log stopped growing), polled, not slept."""
    for _ in range(3):
        page.set_viewport_size(
            {"width": VIEWPORT["width"] - 1, "height": VIEWPORT["height"]}
        )
        page.wait_for_timeout(150)
        page.evaluate("window.__drawn = []")
        page.set_viewport_size(VIEWPORT)
        end, last = time.monotonic() + 10, -1
        while time.monotonic() < end:
            page.wait_for_timeout(250)
            drawn = page.evaluate("window.__drawn")
            if drawn and len(drawn) == last and (ready is None or ready(drawn)):
                return drawn
            last = len(drawn)
    pytest.fail("the grids did not repaint what the test waits for")


def rows_of(drawn: list[dict[str, Any]], grid: int = 0) -> dict[str, list[str]]:
    """The painted rows of a grid by their first cell: the texts on the same line,
    left to right (the last paint of each position wins)."""
    cells: dict[tuple[int, int], dict[str, Any]] = {}
    for d in drawn:
        if d["grid"] == grid and d["text"]:
            cells[(round(d["y"]), round(d["right"]))] = d
    lines: dict[int, list[dict[str, Any]]] = {}
    for (y, _), d in cells.items():
        lines.setdefault(y, []).append(d)
    out = {}
    for line in lines.values():
        line.sort(key=lambda d: d["left"])
        out[line[0]["text"]] = [d["text"] for d in line]
    return out


def header_texts(page: Any) -> list[str]:
    """Every column header of every grid on the page (accessible DOM)."""
    return [
        (c.text_content() or "").strip()
        for c in page.get_by_test_id("stDataFrame").locator("[role=columnheader]").all()
    ]


def first_column(page: Any, grid: Any) -> list[str]:
    """The first column of a grid as its accessible DOM holds it (raw values)."""
    cells = grid.locator("[role=gridcell][aria-colindex='1']").all()
    return [(c.text_content() or "").strip() for c in cells]


def download(page: Any, button: Any, target: Path) -> Path:
    with page.expect_download() as info:
        button.click()
    d = info.value
    assert d.failure() is None
    path = target / d.suggested_filename
    d.save_as(path)
    return path


def dutch_number(text: str) -> float:
    """Read ``14.892`` or ``-4,0`` back (fails on anything else)."""
    assert re.fullmatch(r"-?\d{1,3}(\.\d{3})*(,\d+)?", text), text
    return float(text.replace(".", "").replace(",", "."))


def pick(page: Any, label: str, typed: str) -> None:
    """Choose in a select box by typing, as a user does."""
    page.get_by_test_id("stSelectbox").filter(has_text=label).first.click()
    page.keyboard.type(typed)
    page.keyboard.press("Enter")
    settle(page)


def search_place(page: Any, text: str) -> None:
    box = page.get_by_test_id("stTextInput").filter(has_text="Zoek een gemeente")
    field = box.locator("input")
    field.click()
    field.fill(text)
    field.press("Enter")
    page.wait_for_url(re.compile(rf"[?&]plaats={re.escape(text)}(&|$)"))
    settle(page)


def screen_xy(lat: float, lng: float, box: dict, view: Any) -> tuple[float, float]:
    """A point's page position on a deck.gl canvas (Web Mercator, 512-px world)."""

    def world(la: float, ln: float) -> tuple[float, float]:
        y = math.pi - math.log(math.tan(math.pi / 4 + math.radians(la) / 2))
        return 512 * (ln + 180) / 360, 512 * y / (2 * math.pi)

    scale = 2**view.zoom
    cx, cy = world(view.latitude, view.longitude)
    x, y = world(lat, lng)
    return (
        box["x"] + box["width"] / 2 + (x - cx) * scale,
        box["y"] + box["height"] / 2 + (y - cy) * scale,
    )


# --- 1. policy officer ------------------------------------------------------------


def expected_comparison(ds: load.Dataset) -> dict[str, list[object]]:
    """The province table 07-02-2022 vs 07-02-2021, computed here: per province
    [2021, 2022, verschil, % (one decimal, None without base)] per measure."""
    tables = [
        recognition_table(
            ds.recognitions, ds.municipalities, ds.programmes, pd.Timestamp(d)
        ).set_index("provincie")
        for d in ("2021-02-07", "2022-02-07")
    ]
    out: dict[str, list[object]] = {}
    for label in tables[1].index:
        row: list[object] = []
        for m in ("erkenningen", "unieke vestigingen"):
            a, b = int(tables[0].loc[label, m]), int(tables[1].loc[label, m])
            row += [a, b, b - a, round((b - a) / a * 100, 1) if a else None]
        out[str(label)] = row
    return out


def dutch_row(values: list[object], pct_suffix: bool) -> list[str]:
    """How a row of ``expected_comparison`` reads on screen (or copied: no ``%``)."""
    out = []
    for i, v in enumerate(values):
        if i % 4 == 3:
            out.append(percent(v) if pct_suffix else number(v, 1))  # type: ignore[arg-type]
        else:
            out.append(number(v))  # type: ignore[arg-type]
    return out


HEADERS = [
    "provincie",
    "erkenningen 07-02-2021",
    "erkenningen 07-02-2022",
    "erkenningen verschil",
    "erkenningen verschil %",
    "unieke vestigingen 07-02-2021",
    "unieke vestigingen 07-02-2022",
    "unieke vestigingen verschil",
    "unieke vestigingen verschil %",
]


def test_policy_officer_province_table_with_comparison_text_csv_and_excel(
    page: Any, app_url: str, blocked_urls: list[str], ds: load.Dataset, tmp_path: Path
) -> None:
    expected = expected_comparison(ds)
    assert expected["Eindtotaal"][1] == 14892  # the published figure of Feb 2022

    # Tabellen, as of 07-02-2022 (the link of a parliamentary answer), then the
    # comparison ticked: it defaults to the same day a year earlier.
    page.goto(f"{app_url}/tabellen?datum=2022-02-07")
    page.get_by_test_id("stDataFrame").first.wait_for()
    settle(page)
    shot(page, "1a_tabellen")
    page.get_by_test_id("stCheckbox").filter(has_text="Vergelijk met").click()
    page.wait_for_url(re.compile(r"vergelijk=2021-02-07"))
    settle(page)
    heading = page.get_by_role("heading", name=re.compile("vergeleken met 07-02-2021"))
    heading.wait_for()

    # The grid as painted: Dutch numbers under grouped headers, every row.
    grid = page.get_by_test_id("stDataFrame").first
    grid.scroll_into_view_if_needed()
    drawn = repaint(
        page, lambda d: {x["text"] for x in d if x["grid"] == 0} >= set(expected)
    )
    shot(page, "1b_vergelijking")
    rows = rows_of(drawn)
    for label, values in expected.items():
        assert rows.get(label) == [label, *dutch_row(values, True)], label
    assert rows["Brussels H. Gewest"][4] == "-4,0 %"  # 315 vs 328
    assert rows["Eindtotaal"][1:3] == ["13.033", "14.892"]
    groups = rows.get("erkenningen") or []
    assert groups == ["erkenningen", "unieke vestigingen"], groups
    assert rows["provincie"] == ["provincie", *(["2021", "2022", "verschil", "%"] * 2)]
    # Nothing cut off: the label column ends before the first figure column, and
    # the labels, the Eindtotaal row and the last column lie inside the viewport.
    box = grid.bounding_box()
    mine = [d for d in drawn if d["grid"] == 0 and d["text"]]
    labels = [d for d in mine if d["text"] in expected]
    first_figures = min(d["left"] for d in mine if d["text"] == "2021")
    assert max(d["right"] for d in labels) < first_figures - 8
    for d in mine:
        assert d["left"] >= 0 and d["right"] <= VIEWPORT["width"], d
        assert 0 <= d["y"] <= VIEWPORT["height"], d
        assert box["x"] <= d["left"] and d["right"] <= box["x"] + box["width"], d
    total = next(d for d in labels if d["text"] == "Eindtotaal")
    assert total["y"] < box["y"] + box["height"]

    # "Kopieer als tekst": tab-separated lines with Dutch numbers; the copy button
    # puts the same text on the clipboard.
    expander = page.get_by_test_id("stExpander").filter(has_text="Kopieer als tekst")
    expander.get_by_text("Kopieer als tekst").click()
    code = expander.get_by_test_id("stCode")
    shown = until(
        page,
        lambda: t if "\nEindtotaal\t" in (t := code.text_content() or "") else "",
        "the copied text with its Eindtotaal line",
    )
    shot(page, "1c_tekst")
    assert isinstance(shown, str)
    lines = shown.splitlines()
    start = lines.index("\t".join(HEADERS))
    for line in lines[start + 1 : start + 1 + len(expected)]:
        cells = line.split("\t")
        assert cells[1:] == dutch_row(expected[cells[0]], False), line
    assert not any("  " in line for line in lines[start : start + 8])  # no padding
    code.hover()
    code.get_by_role("button").first.click()
    clip = page.evaluate("navigator.clipboard.readText()")
    assert clip.strip() == shown.strip()

    # CSV for Belgian Excel: BOM, ';', plain digits, decimal comma.
    raw = download(page, page.get_by_role("button", name="Download CSV"), tmp_path)
    data = raw.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert table[0] == HEADERS
    assert [r[0] for r in table[1:]] == list(expected)
    for r in table[1:]:
        want = expected[r[0]]
        for i, cell in enumerate(r[1:]):
            if want[i] is None:
                assert cell == ""
            elif i % 4 == 3:
                assert re.fullmatch(r"-?\d+(,\d)?", cell), cell
                assert float(cell.replace(",", ".")) == want[i], (r[0], i)
            else:
                assert cell == str(want[i]), (r[0], i)

    # Excel: the same numbers as numbers, Dutch headers, title and provenance.
    xlsx = download(
        page, page.get_by_role("button", name="Download Excel (XLSX)"), tmp_path
    )
    assert xlsx.name == "erkenningen_per_province_2022-02-07_vs_2021-02-07.xlsx"
    wb = openpyxl.load_workbook(xlsx)
    ws = wb.worksheets[0]
    sheet = [[c.value for c in r] for r in ws.iter_rows()]
    assert "vergeleken met 07-02-2021" in str(sheet[0][0])
    head = next(i for i, r in enumerate(sheet) if r[0] == "provincie")
    assert sheet[head][: len(HEADERS)] == HEADERS
    body = {r[0]: r[1 : len(HEADERS)] for r in sheet[head + 1 :] if r[0] in expected}
    assert set(body) == set(expected)
    for label, values in expected.items():
        assert body[label] == values, label
    assert ws.cell(head + 2, 2).number_format == "#,##0"  # 3.481 in Belgian Excel
    assert blocked_urls == [], f"non-local requests: {blocked_urls}"


# --- 2. sector consultant ---------------------------------------------------------

PROGRAMME = "SO-90"  # Elektromechanische technieken duaal, 24 lesplaatsen in 2026-27
NEAR_KM = 20.0
"""The tables keep a place's gemeente and what lies within 10 km of it: every
gemeente left must have its centre within this distance of the place."""


def km_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km."""
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def click_point(page: Any, box: dict, x: float, y: float, location_id: str) -> bool:
    """Click a lesplaats on the map as a user does; True when the page selected it
    (its id in the link)."""
    page.mouse.click(box["x"] + 20, box["y"] + 20)  # the first click focuses the deck
    page.wait_for_timeout(800)
    settle(page)
    wanted = re.compile(rf"lesplaats={location_id}(&|$)")
    for _ in range(2):  # hover, then click: deck.gl picks on the move
        page.mouse.move(x, y)
        page.wait_for_timeout(500)
        page.mouse.down()
        page.mouse.up()
        try:
            page.wait_for_url(wanted, timeout=6_000)
            return True
        except Exception:  # a late rerun may swallow a click: once more
            settle(page)
    return False


def test_sector_consultant_programme_level_place_search_and_lesplaats(
    page: Any, app_url: str, blocked_urls: list[str], ds: load.Dataset, tmp_path: Path
) -> None:
    from ui.maps import place_view

    centres = {
        str(r.name_nl): (float(r.lat), float(r.lng))
        for r in ds.municipalities.itertuples()
    }
    offered = ds.offerings[
        (ds.offerings["programme_id"] == PROGRAMME)
        & (ds.offerings["school_year"] == "2026-27")
    ]
    target = offered[offered["nis"] == "36015"].iloc[0]  # the lesplaats in Roeselare

    # The programme: its sector partnership, then the name typed.
    page.goto(f"{app_url}/vraag-aanbod")
    page.get_by_test_id("stDeckGlJsonChart").first.wait_for()
    settle(page)
    pick(page, "Sectoraal partnerschap", "Elektrotechniek")
    pick(page, "Opleiding", "Elektromechanische technieken")
    page.wait_for_url(re.compile(rf"opl={PROGRAMME}(&|$)"))
    shot(page, "2a_opleiding")

    # Level: gemeente. The default map (Bereikbaarheid) must draw at this level.
    radios = page.get_by_test_id("stRadio")
    radios.filter(has_text="Niveau").get_by_text("Gemeente", exact=True).click()
    page.wait_for_url(re.compile(r"niveau=gemeente"))
    settle(page)
    shot(page, "2b_gemeente")
    assert page.get_by_text(ERROR_BOX).count() == 0  # (was: KeyError 'nis')
    metric = radios.filter(has_text="Kaart toont")
    metric.get_by_text("Verhouding (werkplekken per leerling)").click()
    page.wait_for_url(re.compile(r"maat=verhouding"))
    settle(page)
    assert page.get_by_text(ERROR_BOX).count() == 0
    canvas = page.get_by_test_id("stDeckGlJsonChart").locator("canvas").first
    canvas.wait_for(state="visible")
    shortage = page.get_by_test_id("stDataFrame").first  # tab Tekortgebieden
    before = until(page, lambda: first_column(page, shortage), "the shortage table")
    assert set(before) <= set(centres), before
    far = [n for n in before if km_between(centres[n], centres["Roeselare"]) > 30]
    assert far, f"no shortage area far from Roeselare to filter away: {before}"

    # Search a gemeente: the tables keep its neighbourhood.
    search_place(page, "Roeselare")
    shot(page, "2c_roeselare")
    kept: list[list[str]] = until(
        page,
        lambda: [names] if (names := first_column(page, shortage)) != before else [],
        "the shortage table kept to Roeselare",
    )
    after = kept[0]
    after = [n for n in after if n]
    assert not set(far) & set(after), after
    for name in after:
        assert km_between(centres[name], centres["Roeselare"]) <= NEAR_KM, name

    # ... and a postcode: the same gemeente, the map centred on the postcode.
    search_place(page, "8800")
    (place,) = find_places("8800", ds.municipalities, ds.postal_codes)
    assert place.name == "Roeselare"
    page.get_by_test_id("stExpander").filter(has_text="Kaart als tabel").get_by_text(
        "Kaart als tabel"
    ).first.click()
    settle(page)
    expander = page.get_by_test_id("stExpander").filter(has_text="Kaart als tabel")
    expect_caption = "Enkel 8800 Roeselare en omgeving."
    until(page, lambda: expect_caption in (expander.text_content() or ""), "caption")
    grids = expander.get_by_test_id("stDataFrame")
    areas = until(page, lambda: first_column(page, grids.nth(0)), "the map's areas")
    # (the grid holds only its visible rows in the DOM: all of them must be near)
    for name in areas:
        assert km_between(centres[name], centres["Roeselare"]) <= NEAR_KM, name
    schools = until(page, lambda: first_column(page, grids.nth(1)), "the lesplaatsen")
    assert str(target["school_name"]) in schools
    shot(page, "2d_8800_kaart_als_tabel")

    # The map is centred on the postcode at the place zoom: the lesplaats is where
    # that view puts it, and a click there opens its detail.
    canvas.scroll_into_view_if_needed()
    settle(page)
    page.wait_for_timeout(1000)  # deck.gl draws its layers after the element shows
    box = canvas.bounding_box()
    x, y = screen_xy(float(target["lat"]), float(target["lng"]), box, place_view(place))
    assert (
        box["x"] < x < box["x"] + box["width"]
        and box["y"] < y < box["y"] + box["height"]
    )
    # At Niveau Gemeente (a click here once picked nothing: see ui.maps
    # STROKE_NOT_PICKED).
    assert "niveau=gemeente" in page.url
    assert click_point(page, box, x, y, str(target["location_id"])), (
        "the click on the lesplaats at Niveau Gemeente did not select it"
    )
    settle(page)
    metrics = [
        (
            (m.get_by_test_id("stMetricLabel").text_content() or "").strip(),
            (m.get_by_test_id("stMetricValue").text_content() or "").strip(),
        )
        for m in page.get_by_test_id("stMetric").all()
    ]
    detail = dict(metrics)  # the lesplaats's metrics come after the page's
    learners = [v for k, v in metrics if k.startswith("Leerlingen")][-1]
    assert learners == number(target["learners"]), metrics
    assert re.fullmatch(r"\d{1,3}(\.\d{3})*", detail["Concurrenten"]), detail
    assert re.fullmatch(r"\d+,\d\d", detail["Bereikbaarheid"]), detail
    page.get_by_text(re.compile(r"tekortstraal")).first.wait_for()
    page.get_by_test_id("stVegaLiteChart").first.wait_for()
    page.get_by_test_id("stMetric").filter(
        has_text="Concurrenten"
    ).first.scroll_into_view_if_needed()
    shot(page, "2e_lesplaats")

    # Everything in a grid reads Dutch: no English header, no 0.16 or 0.1578...,
    # no None for a missing value (areas without learners have no ratio).
    drawn = repaint(page, lambda d: any(x["grid"] >= 1 for x in d))
    texts = {d["text"] for d in drawn}
    assert not {t for t in texts if NOT_DUTCH.search(t)}, sorted(texts)
    headers = set(header_texts(page))
    assert not headers & ENGLISH_HEADERS, headers
    assert not texts & {"None", "nan", "NaN", "True", "False"}, sorted(texts)
    assert "verhouding" in " ".join(headers).lower(), headers

    # A table's CSV, for Belgian Excel like every download of the app.
    page.get_by_role("tab", name="Tekortgebieden").click()
    settle(page)
    button = page.locator(".st-key-sd-csv-tekort").get_by_role("button")
    data = download(page, button, tmp_path).read_bytes()
    header = data.decode("utf-8-sig").splitlines()[0]
    assert "gemeente" in header or "gebied" in header, header
    assert data.startswith(b"\xef\xbb\xbf") and ";" in header, header
    assert blocked_urls == [], f"non-local requests: {blocked_urls}"


# --- 3. account manager -----------------------------------------------------------

LIST_HEADERS = ["rang", "score", "naam", "opvolging", "waarom", "afstand (km)"]
"""Prospectie's list on screen: the export's Dutch headers (the distance short)."""


def test_account_manager_kempen_prospects_list_and_export(
    page: Any, app_url: str, blocked_urls: list[str], tmp_path: Path
) -> None:
    # Haarverzorging in Resoc Kempen, as the link of a colleague gives it. (The
    # first visit of Prospectie builds its index: on a loaded machine that took
    # most of a minute, hence the long first wait.)
    page.goto(f"{app_url}/prospectie?opl=SO-115&niveau=resoc&gebied=KEMP&top=25")
    xlsx_button = page.get_by_role("button", name="Download Excel (XLSX)")
    xlsx_button.wait_for(timeout=120_000)
    settle(page)
    page.get_by_test_id("stDeckGlJsonChart").locator("canvas").first.wait_for()
    page.get_by_text("Haarverzorging · Resoc Kempen").first.wait_for()
    metrics = {
        (m.get_by_test_id("stMetricLabel").text_content() or "").strip(): (
            m.get_by_test_id("stMetricValue").text_content() or ""
        ).strip()
        for m in page.get_by_test_id("stMetric").all()
    }
    listed = int(dutch_number(metrics["In de lijst"]))
    assert listed == 25, metrics
    dutch_number(metrics["Kandidaten"])  # Dutch thousands, if any

    # The list as painted: a reason per row, Dutch numbers, Dutch headers, and no
    # column cut off at 1500 px (every painted text inside the grid's box).
    grid = page.get_by_test_id("stDataFrame").first
    grid.scroll_into_view_if_needed()
    drawn = repaint(
        page,
        lambda d: any(
            x["grid"] == 0 and "past bij Haarverzorging" in x["text"] for x in d
        ),
    )
    shot(page, "3a_prospectie_kempen")
    mine = [d for d in drawn if d["grid"] == 0 and d["text"]]
    texts = [d["text"] for d in mine]
    headers = [
        (c.text_content() or "").strip()
        for c in grid.locator("[role=columnheader]").all()
    ]
    assert headers[-6:] == LIST_HEADERS, headers
    assert not {t for t in texts if NOT_DUTCH.search(t)}, sorted(set(texts))[:20]
    scores = [t for t in texts if re.fullmatch(r"[01],\d\d", t)]
    assert scores and "0,90" in scores, sorted(set(texts))[:40]  # score 0,90
    assert any(re.fullmatch(r"\d+,\d", t) for t in texts)  # afstand 1,2
    box = grid.bounding_box()
    for d in mine:
        assert box["x"] <= d["left"] and d["right"] <= box["x"] + box["width"], d
    # The reason is readable: wrapped over lines, its parts painted in full.
    assert any(t.startswith("hoofdactiviteit 96.021 past bij") for t in texts)
    assert any("erkende werkplekken" in t for t in texts), texts[:40]

    # Export: the file holds exactly the rows on screen, with Dutch headers.
    xlsx = download(page, xlsx_button, tmp_path)
    wb = openpyxl.load_workbook(xlsx, read_only=True)
    rows = [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
    wb.close()
    head = next(i for i, r in enumerate(rows) if r and r[0] == "rang")
    body = [r for r in rows[head + 1 :] if r and isinstance(r[0], int)]
    assert len(body) == listed
    assert [r[0] for r in body] == list(range(1, listed + 1))
    assert all(any("past bij Haarverzorging" in str(v) for v in r) for r in body)
    assert not [h for h in rows[head] if h in ENGLISH_HEADERS], rows[head]
    assert not [h for h in rows[head] if str(h).startswith("followup")], rows[head]
    assert {"naam", "score", "waarom", "opvolging"} <= set(rows[head])
    provenance = {r[0]: r[1] for r in rows[:head] if r and r[0]}
    assert provenance["Gebied"] == "Resoc Kempen"
    assert re.fullmatch(r"\d{2}-\d{2}-\d{4}", str(provenance.get("Peildatum")))

    # CSV for Belgian Excel: BOM, ';', the same rows and headers, decimal commas.
    csv_file = download(page, page.get_by_role("button", name="Download CSV"), tmp_path)
    data = csv_file.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert table[0] == [str(h) for h in rows[head]], table[0]
    assert len(table) - 1 == listed
    score = table[0].index("score")
    assert all(re.fullmatch(r"[01](,\d+)?", r[score]) for r in table[1:]), table[1]
    shot(page, "3b_export")
    assert blocked_urls == [], f"non-local requests: {blocked_urls}"
