"""Fixtures for the browser tests: a Streamlit server on a free loopback port and
headless Debian Chromium through Playwright, with every non-local request blocked.

Chromium missing: the tests skip, unless RADAR_REQUIRE_BROWSER=1 (CI), then they fail.
On a failing test a screenshot goes to tests/e2e/artifacts/<test>.png and the tail of
the server's output is attached to the report.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from e2e_server import streamlit_server, tail

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
SERVER_LOG_KEY = pytest.StashKey[Path]()
CALL_FAILED_KEY = pytest.StashKey[bool]()


def _unavailable(reason: str) -> None:
    """Skip for a missing browser, or fail when CI says a browser is required."""
    if os.environ.get("RADAR_REQUIRE_BROWSER") == "1":
        pytest.fail(f"RADAR_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(f"{reason} (set RADAR_REQUIRE_BROWSER=1 to make this a failure)")


def is_local(url: str) -> bool:
    """True for loopback http(s)/ws(s) URLs and for data:/blob: URLs."""
    parts = urlsplit(url)
    if parts.scheme in {"data", "blob", "about"}:
        return True
    return (parts.hostname or "") in LOCAL_HOSTS


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    """Path of the system Chromium; skip (or fail under RADAR_REQUIRE_BROWSER=1)."""
    if not Path(CHROMIUM).exists():
        _unavailable(f"{CHROMIUM} not found (apt-get install -y chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _unavailable("the Python package playwright is not installed")
    return CHROMIUM


@pytest.fixture(scope="session")
def app_url(
    chromium_executable: str,
    tmp_path_factory: pytest.TempPathFactory,
    pytestconfig: pytest.Config,
) -> Iterator[str]:
    """Run `streamlit run app.py` on a free loopback port; yield its base URL."""
    log_path = tmp_path_factory.mktemp("streamlit") / "server.log"
    pytestconfig.stash[SERVER_LOG_KEY] = log_path
    with streamlit_server(log_path) as base:
        yield base


@pytest.fixture(scope="session")
def browser(chromium_executable: str) -> Iterator[Any]:
    """One headless Chromium for the whole session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium_executable, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def _guard_routes(context: Any, blocked_urls: list[str]) -> None:
    """Abort and record every request that leaves the loopback."""

    def guard(route: Any) -> None:
        url = route.request.url
        if is_local(url):
            route.continue_()
        else:
            blocked_urls.append(url)
            route.abort()

    context.route("**/*", guard)


@pytest.fixture(scope="session")
def warm_app(browser: Any, app_url: str) -> str:
    """Open the main page once before any test.

    Streamlit 1.67 answers the *first* session of a fresh server that deep-links to a
    non-default st.navigation page (here /tabellen) with a "Page not found" dialog and a
    detour via the main page; later sessions are fine (reproduced with a two-page
    minimal app, cf. streamlit/streamlit#9624). Tests must not depend on their order,
    so one throwaway session visits / first.
    """
    blocked: list[str] = []
    context = browser.new_context()
    _guard_routes(context, blocked)
    try:
        p = context.new_page()
        p.goto(app_url + "/")
        p.get_by_test_id("stSidebarNav").wait_for(state="visible", timeout=30_000)
        p.get_by_test_id("stVegaLiteChart").first.wait_for(timeout=30_000)
    finally:
        context.close()
    assert not blocked, f"warm-up reached the network: {blocked}"
    return app_url


@pytest.fixture
def blocked_urls() -> list[str]:
    """Every non-local URL the page tried to reach (requests aborted, sockets noted)."""
    return []


@pytest.fixture
def page(
    browser: Any,
    warm_app: str,
    blocked_urls: list[str],
    request: pytest.FixtureRequest,
) -> Iterator[Any]:
    """A fresh context and page; any request off the loopback is aborted and recorded.

    Tests assert ``blocked_urls`` is empty at their end; as a safety net a test that
    passed but left blocked URLs behind errors at teardown.
    """
    context = browser.new_context(
        accept_downloads=True, viewport={"width": 1400, "height": 1000}
    )
    _guard_routes(context, blocked_urls)
    p = context.new_page()
    p.set_default_timeout(20_000)
    p.on(
        "websocket",
        lambda ws: None if is_local(ws.url) else blocked_urls.append(ws.url),
    )
    try:
        yield p
    finally:
        context.close()
    if blocked_urls and not request.node.stash.get(CALL_FAILED_KEY, False):
        pytest.fail(
            "the page tried to reach the network (blocked):\n"
            + "\n".join(sorted(set(blocked_urls))),
            pytrace=False,
        )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """On a failing browser test: screenshot to artifacts/, server output in report."""
    report = yield
    if report.when != "call":
        return report
    item.stash[CALL_FAILED_KEY] = report.failed
    if not report.failed:
        return report
    funcargs = getattr(item, "funcargs", {})
    p = funcargs.get("page")
    if p is not None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", item.name)
        shot = ARTIFACTS / f"{name}.png"
        try:
            p.screenshot(path=str(shot), full_page=True)
            report.sections.append(("screenshot", str(shot)))
        except Exception as exc:  # the page may be gone; keep the original failure
            report.sections.append(("screenshot", f"failed: {exc!r}"))
    log_path = item.config.stash.get(SERVER_LOG_KEY, None)
    if "app_url" in funcargs and log_path is not None:
        report.sections.append(("streamlit server output (tail)", tail(log_path)))
    return report
