"""Browser test of the Data page: upload a small broken register export, see the
report, download the rejects. Runs its own server on an empty real-data store
(RADAR_LOCAL_DIR), so it never touches data/local."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from e2e_server import REPO_ROOT, streamlit_server
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
BROKEN = REPO_ROOT / "tests" / "data" / "ingest" / "recognitions_broken.csv"


@pytest.fixture(scope="module")
def data_app(chromium_executable: str, tmp_path_factory) -> Iterator[str]:
    """The app on a free loopback port with an empty store of its own."""
    root = tmp_path_factory.mktemp("data-page")
    env = {**os.environ, "RADAR_LOCAL_DIR": str(root / "local")}
    env.pop("RADAR_DATA_DIR", None)
    with streamlit_server(root / "server.log", env) as base:
        yield base


def test_uploading_a_broken_export_shows_the_report_and_the_rejects(
    browser: Any, data_app: str, tmp_path: Path
) -> None:
    blocked: list[str] = []
    context = browser.new_context(
        accept_downloads=True, viewport={"width": 1400, "height": 1400}
    )

    def guard(route: Any) -> None:
        url = route.request.url
        host = urlsplit(url).hostname or ""
        if url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        # open the main page first: a fresh server answers a first deep link badly
        page.goto(data_app + "/")
        expect(page.get_by_role("heading", name="Overzicht")).to_be_visible(
            timeout=90_000
        )
        page.goto(data_app + "/data")
        expect(page.get_by_role("heading", name="Data")).to_be_visible(timeout=30_000)

        page.get_by_test_id("stSelectbox").filter(has_text="Bron").get_by_role(
            "combobox"
        ).click()
        page.get_by_role("option", name="Erkenningen").click()
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(BROKEN))
        expect(page.get_by_text(re.compile(r"broken\.csv"))).to_be_visible()
        page.get_by_role("button", name="Inlezen").click()

        report = page.get_by_test_id("stAlert").filter(has_text="afgewezen")
        expect(report).to_contain_text(
            "10 rijen gelezen, 2 bewaard, 8 afgewezen", timeout=30_000
        )
        expect(page.get_by_text("Erkenningen: 8 afgewezen")).to_be_visible()
        expect(
            page.get_by_text("controlegetal klopt niet (bad_check_digit): 1")
        ).to_be_visible()
        expect(
            page.get_by_text("onbekende postcode (unknown_postcode): 1")
        ).to_be_visible()

        # The file is built when clicked (a deferred download): click once the run
        # after the ingest has finished, else the click may reach a button the
        # rerun has just replaced.
        page.get_by_test_id("stStatusWidget").wait_for(state="hidden")
        button = page.get_by_role("button", name="Download afgewezen rijen (CSV)")
        button.scroll_into_view_if_needed()
        with page.expect_download() as info:
            button.click()
        target = tmp_path / "rejects.csv"
        info.value.save_as(target)
        data = target.read_bytes()
        assert data.startswith("\ufeff".encode())  # for Belgian Excel: BOM and ';'
        text = data.decode("utf-8-sig")
        assert text.startswith("bestand;regel;kolom;code;reden;waarde")
        # the file and the column as the user knows them
        assert "recognitions_broken.csv;3;vestigingsnummer;bad_check_digit" in text

        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "data_page.png"), full_page=True)
    except Exception:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "data_page_failed.png"), full_page=True)
        raise
    finally:
        context.close()
    assert blocked == [], f"non-local requests: {blocked}"


def test_a_refused_upload_says_why_in_dutch_and_keeps_the_source(
    browser: Any, data_app: str, tmp_path: Path
) -> None:
    context = browser.new_context(viewport={"width": 1500, "height": 1100})
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if urlsplit(route.request.url).hostname in ("127.0.0.1", "localhost")
            or route.request.url.startswith(("data:", "blob:"))
            else route.abort()
        ),
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    png = tmp_path / "foto.csv"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    try:
        page.goto(data_app + "/")
        expect(page.get_by_role("heading", name="Overzicht")).to_be_visible(
            timeout=90_000
        )
        page.goto(data_app + "/data")
        expect(page.get_by_role("heading", name="Data")).to_be_visible(timeout=30_000)
        page.get_by_test_id("stSelectbox").filter(has_text="Bron").get_by_role(
            "combobox"
        ).click()
        page.get_by_role("option", name="Leerlingenaantallen").click()
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(png))
        alert = page.get_by_test_id("stAlert").filter(has_text="Geweigerd")
        expect(page.get_by_text(re.compile(r"foto\.csv"))).to_be_visible()
        page.get_by_role("button", name="Inlezen").click()
        expect(alert).to_contain_text(
            "Geweigerd, er is niets veranderd (Leerlingenaantallen, bestand foto.csv)",
            timeout=30_000,
        )
        expect(alert).to_contain_text("foto.csv: dit is geen tekstbestand")
        combobox = page.get_by_role("combobox", name="Bron")
        expect(combobox).to_have_value("Leerlingenaantallen")
        page.get_by_test_id("stStatusWidget").wait_for(state="hidden")
        Path("/tmp/shots11").mkdir(parents=True, exist_ok=True)
        alert.scroll_into_view_if_needed()
        page.screenshot(path="/tmp/shots11/data_refused_upload.png")
    finally:
        context.close()
