"""WCAG 2.1 AA in the browser: an axe-core audit of every page, and the keyboard.

Flemish government web applications must meet WCAG 2.1 AA (the European web
accessibility directive). axe-core (``axe-playwright-python``, which bundles it) runs
in the rendered page with the WCAG 2.1 A and AA rules; every page must have none of
their violations. Streamlit internals that we cannot reach are excluded by exact rule
and selector only (``EXCLUDED``), each with the reason.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGES = {
    "Overzicht": "/",
    "Prospectie": "/prospectie",
    "Vraag & aanbod": "/vraag-aanbod",
    "Wat als": "/wat-als",
    "Tabellen": "/tabellen",
    "Data": "/data",
    "Begrippen": "/begrippen",
}
# What each page shows once rendered (besides its title): the maps and charts.
RENDERED = {
    "Overzicht": "stVegaLiteChart",
    "Prospectie": "stDeckGlJsonChart",
    "Vraag & aanbod": "stDeckGlJsonChart",
    "Wat als": "stDeckGlJsonChart",
    "Tabellen": "stVegaLiteChart",
}
EXCLUDED: dict[str, set[str]] = {}
"""rule id -> CSS targets (as axe reports them) excluded, each for a stated reason."""


def wait_rendered(page: Any, title: str) -> None:
    """Wait for the page's title, its map or chart, and the end of the script run."""
    page.get_by_role("heading", name=title, exact=True).first.wait_for()
    element = RENDERED.get(title)
    if element:
        page.get_by_test_id(element).first.wait_for(state="visible", timeout=60_000)
    # Until the run is over and nothing is drawn stale (faded) any more, for 1 s.
    settled = (
        "() => !document.querySelector('[data-testid=stStatusWidget]') && "
        "!document.querySelector('[data-stale=true]')"
    )
    for _ in range(2):
        page.wait_for_function(settled, timeout=60_000, polling=250)
        page.wait_for_timeout(500)


def audit(page: Any) -> list[dict[str, Any]]:
    """The WCAG 2.1 A/AA violations axe-core finds in the page, minus ``EXCLUDED``."""
    from axe_playwright_python.sync_playwright import Axe

    options = {
        "runOnly": {"type": "tag", "values": WCAG_TAGS},
        "resultTypes": ["violations"],
    }
    found = Axe().run(page, options=options).response["violations"]
    kept = []
    for violation in found:
        skip = EXCLUDED.get(violation["id"], set())
        nodes = [n for n in violation["nodes"] if " ".join(n["target"]) not in skip]
        if nodes:
            kept.append(violation | {"nodes": nodes})
    return kept


def describe(violations: list[dict[str, Any]]) -> str:
    """Every violating element: rule, target and axe's summary of what fails."""
    lines = []
    for v in violations:
        for node in v["nodes"]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"{v['id']} ({v['impact']}): {node['target']} -- {summary}")
    return "\n".join(lines)


@pytest.mark.parametrize("title", list(PAGES))
def test_every_page_passes_the_wcag_21_aa_audit(
    browser: Any, warm_app: str, blocked_urls: list[str], title: str
) -> None:
    from conftest import _guard_routes

    context = browser.new_context(viewport={"width": 1500, "height": 1100})
    _guard_routes(context, blocked_urls)
    try:
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.goto(warm_app + PAGES[title])
        wait_rendered(page, title)
        violations = audit(page)
        print(f"\n{title}: {sum(len(v['nodes']) for v in violations)} violations")
        print(describe(violations))
    finally:
        context.close()
    assert not violations, f"{title}:\n{describe(violations)}"
    assert not blocked_urls


ACTIVE = """() => {
  const e = document.activeElement;
  if (!e) return null;
  const label = e.closest('label');
  // Radios, checkboxes and toggles hide their input: the label shows the focus.
  const hidden = e.tagName === 'INPUT' && ['radio', 'checkbox'].includes(e.type);
  const s = getComputedStyle(hidden && label ? label : e);
  return {
    label: e.getAttribute('aria-label') || (hidden && label ? label.innerText : '')
      || (e.innerText || '').trim().slice(0, 60),
    role: e.getAttribute('role') || e.getAttribute('type') || e.tagName.toLowerCase(),
    outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
    ring: s.boxShadow !== 'none',
  };
}"""


def tab_to(page: Any, label: str, limit: int = 120) -> dict[str, Any]:
    """Press Tab until the focused element is labelled ``label``; return it."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        active = page.evaluate(ACTIVE)
        if active and active["label"] == label:
            return active
    raise AssertionError(f"{label!r} not reached in {limit} Tab presses")


def start_at_title(page: Any, title: str) -> None:
    """Put the keyboard's starting point on the page title (Tab goes on from it)."""
    page.get_by_role("heading", name=title, exact=True).first.click()


def open_settled(page: Any, app_url: str, title: str, query: str = "") -> None:
    page.goto(app_url + PAGES[title] + query)
    wait_rendered(page, title)


def test_tables_work_by_keyboard(page: Any, app_url: str, blocked_urls: list[str]):
    """The policy officer's controls: a select box, a checkbox, a number, by keys."""
    open_settled(page, app_url, "Tabellen")
    start_at_title(page, "Tabellen")
    box = tab_to(page, "Tabel")
    assert box["outline"] or box["ring"], "no visible focus on the select box"
    page.keyboard.press("Enter")  # opens the list
    page.keyboard.type("Vervallende")
    page.keyboard.press("Enter")
    page.wait_for_url("**tabel=expiring**")
    wait_rendered(page, "Tabellen")
    check = tab_to(page, "Kleine aantallen afschermen")
    assert check["outline"] or check["ring"], "no visible focus on the checkbox"
    page.keyboard.press("Space")
    page.wait_for_url("**afschermen=1**")
    wait_rendered(page, "Tabellen")
    tab_to(page, "K")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    page.wait_for_url("**k=6**")
    assert not blocked_urls


def test_supply_demand_works_by_keyboard(
    page: Any, app_url: str, blocked_urls: list[str]
):
    """The consultant's level and metric radios, by arrow keys; help by keyboard."""
    open_settled(page, app_url, "Vraag & aanbod", "?niveau=hex7")
    start_at_title(page, "Vraag & aanbod")
    radio = tab_to(page, "Hexagonen")
    assert radio["role"] == "radio", radio
    assert radio["outline"] or radio["ring"], "no visible focus on the radio"
    page.keyboard.press("ArrowRight")
    page.wait_for_url("**niveau=gemeente**")
    wait_rendered(page, "Vraag & aanbod")
    # The help of a control opens from the keyboard too (Dutch, from ui/help.py).
    start_at_title(page, "Vraag & aanbod")
    tab_to(page, "Uitleg bij Kaart toont")
    page.keyboard.press("Enter")
    tip = page.get_by_test_id("stTooltipContent")
    tip.first.wait_for()
    assert "Bereikbaarheid (E2SFCA)" in tip.first.inner_text()
    assert not blocked_urls


def test_the_pages_are_dutch_for_screen_readers(
    page: Any, app_url: str, blocked_urls: list[str]
):
    """lang="nl", and Streamlit's own labels in Dutch (static/nl.js)."""
    open_settled(page, app_url, "Prospectie")
    assert page.evaluate("document.documentElement.lang") == "nl"
    labels = page.evaluate(
        "[...document.querySelectorAll('[aria-label],[placeholder]')]"
        ".map(e => e.getAttribute('aria-label') || e.getAttribute('placeholder'))"
    )
    for english in ("Show/hide columns", "Download as CSV", "Choose an option"):
        assert english not in labels
    assert "Kolommen tonen of verbergen" in labels
    assert not any(x.startswith("Help for ") for x in labels)
    assert any(x.startswith("Uitleg bij ") for x in labels)
    assert not blocked_urls
