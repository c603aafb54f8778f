"""Browser test of login and roles: a real OpenID Connect provider on loopback.

``oidc-provider-mock`` runs in a thread on 127.0.0.1 with four preset users; the app
runs with a temporary secrets file (``--secrets.files``) whose ``[auth]`` points at
it, and with a store of its own holding the role policy. For each role in turn the
test logs in through the provider, checks the pages and actions it sees, opens a
forbidden page by URL (refused in Dutch and logged in the audit trail), logs out
through the provider and checks that access ended. Every request stays on loopback:
the provider's pages load a stylesheet from a CDN, so its base templates are
replaced by copies without it.

Screenshots of the login, a refusal and the follow-up go to tests/e2e/artifacts/.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from e2e_server import free_port, streamlit_server
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
VIEWPORT = {"width": 1500, "height": 1100}
USERS = {
    "kijker": {"email": "kim.kijker@example.be", "name": "Kim Kijker"},
    "consulent": {
        "email": "cas.consulent@example.be",
        "name": "Cas Consulent",
        "groups": ["sp-horeca"],
    },
    "accountmanager": {
        "email": "amy.account@example.be",
        "name": "Amy Account",
        "groups": ["radar-accountmanagers", "iets-anders"],
    },
    "beheerder": {"email": "ben.beheer@example.be", "name": "Ben Beheer"},
}
POLICY = """
[settings]
group_claim = "groups"

[[rule]]
email = "kim.kijker@example.be"
role = "kijker"

[[rule]]
group = "sp-horeca"
role = "consulent"
partnerships = ["Horeca"]

[[rule]]
group = "radar-accountmanagers"
role = "accountmanager"

[[rule]]
email = "BEN.BEHEER@example.be"
role = "beheerder"
"""
# The provider's base templates without the CDN stylesheet (loopback only).
BASE = (
    '<!doctype html><html lang="en"><main class="container">'
    "{% block content %}{{ content }}{% endblock %}</main></html>"
)
ERROR = "<!doctype html><main><h1>Error: {{ name }}</h1><p>{{ description }}</p></main>"


def is_local(url: str) -> bool:
    """True for loopback URLs and data:/blob:/about: URLs."""
    parts = urlsplit(url)
    if parts.scheme in {"data", "blob", "about"}:
        return True
    return (parts.hostname or "") in {"127.0.0.1", "localhost", "::1"}


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    """oidc-provider-mock on a free loopback port, with the four users preset."""
    import jinja2
    from oidc_provider_mock import User, app
    from werkzeug.serving import make_server

    flask_app = app(
        user_claims=[User(sub=sub, claims=claims) for sub, claims in USERS.items()]
    )
    own = jinja2.DictLoader({"_base.html": BASE, "error.html": ERROR})
    flask_app.jinja_env.loader = jinja2.ChoiceLoader(
        [own, flask_app.jinja_env.loader]  # type: ignore[list-item]
    )
    server = make_server("127.0.0.1", 0, flask_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def login_app(
    chromium_executable: str, provider: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Path]]:
    """The app with a login configured: yields its URL and its store folder."""
    root = tmp_path_factory.mktemp("login")
    store = root / "local"
    store.mkdir()
    (store / "access.toml").write_text(POLICY, encoding="utf-8")
    port = free_port()
    secrets_file = root / "secrets.toml"
    secrets_file.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_urlsafe(32)}"\n'
        'client_id = "radarduaal"\n'
        f'client_secret = "{secrets.token_urlsafe(16)}"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    env = {**os.environ, "RADAR_LOCAL_DIR": str(store)}
    env.pop("RADAR_DATA_DIR", None)
    extra = ("--secrets.files", str(secrets_file))
    log = root / "server.log"
    with streamlit_server(log, env, extra, port) as base:
        yield base, store
    server_log = log.read_text(errors="replace")
    for user in USERS.values():  # no e-mail address ever reaches the log
        assert user["email"] not in server_log.lower()


@pytest.fixture
def context(browser: Any) -> Iterator[tuple[Any, list[str]]]:
    """A fresh browser context; every request off the loopback is aborted, noted."""
    blocked: list[str] = []
    ctx = browser.new_context(accept_downloads=True, viewport=VIEWPORT)

    def guard(route: Any) -> None:
        if is_local(route.request.url):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    ctx.route("**/*", guard)
    try:
        yield ctx, blocked
    finally:
        ctx.close()


def _audit(store: Path, event: str) -> list[sqlite3.Row]:
    conn = sqlite3.connect(store / "radar.sqlite")
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(
            "SELECT * FROM audit WHERE event = ? ORDER BY id", (event,)
        ).fetchall()
    finally:
        conn.close()


def _nav(page: Any) -> list[str]:
    nav = page.get_by_test_id("stSidebarNav")
    nav.wait_for(state="visible")
    return [
        t.strip().splitlines()[-1] for t in nav.get_by_role("link").all_inner_texts()
    ]


def _login(page: Any, base: str, sub: str) -> None:
    page.goto(base + "/")
    page.get_by_role("button", name="Aanmelden").click()
    page.get_by_role("button", name=sub, exact=True).click()
    page.wait_for_url(f"{base}/**")
    expect(page.get_by_text("Aangemeld als")).to_be_visible(timeout=30_000)


def _logout(page: Any, base: str) -> None:
    page.get_by_role("button", name="Afmelden").click()
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{base}/**")
    expect(page.get_by_role("button", name="Aanmelden")).to_be_visible()


def _refused(page: Any, url: str, title: str) -> None:
    page.goto(url)
    expect(page.get_by_role("heading", name=title)).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Geen toegang")).to_be_visible()
    expect(page.get_by_text("Deze poging is gelogd")).to_be_visible()


def _follow_up_and_export(page: Any, base: str, store: Path, tmp_path: Path) -> None:
    """Set a prospect's status and note, see it in the list, export it (logged)."""
    page.goto(f"{base}/prospectie?opl=SO-115&niveau=resoc&gebied=KEMP&top=25")
    csv_button = page.get_by_role("button", name="Download CSV")
    csv_button.wait_for(state="visible", timeout=90_000)
    page.get_by_test_id("stStatusWidget").wait_for(state="hidden")
    grid = page.get_by_test_id("stDataFrame").first
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)  # first row's marker
    form = page.get_by_test_id("stForm")
    form.wait_for(state="visible")
    page.get_by_test_id("stStatusWidget").wait_for(state="hidden")
    option = page.get_by_role("option", name="gecontacteerd")
    for _ in range(3):  # a late rerun may redraw the select box and close it
        form.get_by_role("button", name="Open").click()
        try:
            option.wait_for(state="visible", timeout=3_000)
            break
        except Exception:
            continue
    option.click()
    form.get_by_role("textbox").fill("Gebeld, terugbellen in maart")
    form.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Opgeslagen: gecontacteerd.")).to_be_visible()
    expect(page.get_by_text("door Amy Account")).to_be_visible()
    page.get_by_test_id("stStatusWidget").wait_for(state="hidden")
    page.screenshot(path=str(ARTIFACTS / "followup.png"))
    grid.scroll_into_view_if_needed()
    page.mouse.wheel(0, -250)
    page.screenshot(path=str(ARTIFACTS / "followup_list.png"))
    with page.expect_download() as info:
        csv_button.click()
    target = tmp_path / "export.csv"
    info.value.save_as(target)
    text = target.read_text(encoding="utf-8-sig")
    assert "opvolging" in text.splitlines()[0].split(";")  # follow-up, Dutch, for Excel
    assert "Gebeld, terugbellen in maart" in text and "Amy Account" in text
    assert "@" not in text
    exports = _audit(store, "export")
    assert exports[-1]["programme_id"] == "SO-115"
    assert exports[-1]["area"] == "Resoc Kempen"
    assert exports[-1]["rows"] == 25


def test_without_login_nothing_is_shown(
    context: tuple[Any, list[str]], login_app: tuple[str, Path]
) -> None:
    ctx, blocked = context
    base, _ = login_app
    page = ctx.new_page()
    page.goto(base + "/")
    expect(page.get_by_role("button", name="Aanmelden")).to_be_visible(timeout=60_000)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "login.png"))
    for path in ("/tabellen", "/data", "/prospectie?opl=SO-115"):
        page.goto(base + path)
        expect(page.get_by_role("button", name="Aanmelden")).to_be_visible()
        assert page.get_by_test_id("stSidebarNav").count() == 0
        assert page.get_by_test_id("stDataFrame").count() == 0
        assert page.get_by_text("demodata").count() == 0
    assert blocked == [], f"non-local requests: {blocked}"


VIEWS = ["Overzicht", "Vraag & aanbod", "Wat als", "Tabellen", "Begrippen"]
WITH_PROSPECTS = [
    "Overzicht",
    "Prospectie",
    "Vraag & aanbod",
    "Wat als",
    "Tabellen",
    "Begrippen",
]


@pytest.mark.parametrize(
    ("role", "pages", "forbidden"),
    [
        ("kijker", VIEWS, "data"),
        ("consulent", WITH_PROSPECTS, "data"),
        ("accountmanager", WITH_PROSPECTS, "data"),
        ("beheerder", [*WITH_PROSPECTS[:-1], "Data", "Begrippen"], None),
    ],
)
def test_each_role_sees_its_pages_and_is_refused_the_others(
    context: tuple[Any, list[str]],
    login_app: tuple[str, Path],
    role: str,
    pages: list[str],
    forbidden: str | None,
    tmp_path: Path,
) -> None:
    ctx, blocked = context
    base, store = login_app
    page = ctx.new_page()
    page.set_default_timeout(30_000)
    _login(page, base, role)
    assert _nav(page) == pages
    expect(page.get_by_text(f"rol: {role}")).to_be_visible()
    logins = [r for r in _audit(store, "login") if r["actor"] == USERS[role]["name"]]
    assert logins and logins[-1]["role"] == role

    if forbidden:
        _refused(page, f"{base}/{forbidden}", "Data")
        if role == "kijker":
            page.screenshot(path=str(ARTIFACTS / "refusal.png"))
        refusals = _audit(store, "refusal")
        assert any(
            r["actor"] == USERS[role]["name"] and r["action"] == "data"
            for r in refusals
        )
    if role == "kijker":
        _refused(page, f"{base}/prospectie", "Prospectie")
    if role == "consulent":
        page.goto(f"{base}/prospectie?opl=SO-115&niveau=provincie")
        expect(
            page.get_by_text("valt buiten uw sectorale partnerschappen")
        ).to_be_visible()
        expect(page.get_by_role("button", name="Download CSV")).to_be_visible(
            timeout=90_000
        )
        assert "opl=SO-115" not in page.url
        refusals = _audit(store, "refusal")
        assert any(r["programme_id"] == "SO-115" for r in refusals)
    if role == "accountmanager":
        _follow_up_and_export(page, base, store, tmp_path)
    if role == "beheerder":
        page.goto(f"{base}/data")
        expect(page.get_by_role("heading", name="Audit")).to_be_visible()
        expect(page.get_by_role("button", name="Download audit (CSV)")).to_be_visible()

    _logout(page, base)
    logouts = _audit(store, "logout")
    assert any(r["actor"] == USERS[role]["name"] for r in logouts)
    page.goto(f"{base}/tabellen")
    expect(page.get_by_role("button", name="Aanmelden")).to_be_visible()
    assert page.get_by_test_id("stSidebarNav").count() == 0
    assert blocked == [], f"non-local requests: {blocked}"
