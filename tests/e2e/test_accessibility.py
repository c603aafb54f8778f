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
