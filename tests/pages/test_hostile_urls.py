"""AppTest: every page opened from a link with garbage and out-of-range parameters.

No page raises; each bad value is replaced before a widget sees it (a date outside
the data by the nearest covered date, anything else by the default) and a notice at
the top of the page names what was asked and what is shown. An error inside a page
becomes a short Dutch message with an incident id (the traceback goes to the log).
"""

from __future__ import annotations

import doctest
import logging
import tomllib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from util import APP_TIMEOUT_S

from radar.kernel.paths import REPO_ROOT
from radar.kernel.settings import Limits
from ui import safe

PAGES = {
    "views/overview.py": {"datum": "2099-01-01"},
    "views/tables.py": {
        "datum": "1990-01-01",
        "tabel": "foo",
        "per": "[x](http://evil.example)",
        "kruis": "zzz",
        "vergelijk": "abc",
        "afschermen": "2",
    },
    "views/prospects.py": {
        "opl": "XX-0",
        "niveau": "xyz",
        "datum": "07-02-2099",
        "top": "99999999999",
        "hoofd": "ja",
        "warm": "x",
    },
    "views/supply_demand.py": {
        "opl": "<b>SO-1</b>",
        "niveau": "xyz",
        "datum": "1990-01-01",
        "maat": "?",
        "verwant": "2",
        "gewicht": "nan",
    },
    "views/scenario.py": {"opl": "XX-0", "niveau": "xyz", "datum": "2099-12-31"},
    "views/data.py": {"datum": "2099-01-01", "opl": "XX-0"},
}
# what each bad value must be replaced by, as the notice says it
SHOWN = {
    "2099-01-01": "01-10-2026",
    "1990-01-01": "01-01-2016",
    "07-02-2099": "01-10-2026",
    "2099-12-31": "01-10-2026",
}


def open_from_link(page: str, params: dict[str, str]) -> AppTest:
    """Open ``page`` the way a shared link does: its parameters reach it unread (the
    default page, Overzicht, runs first, without them)."""
    at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=APP_TIMEOUT_S)
    if page == "views/overview.py":
        for key, value in params.items():
            at.query_params[key] = value
        return at.run()
    at.run()
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(page)
    at.run()
    return at


def incidents(at: AppTest) -> list[str]:
    return [e.value for e in at.error if "incident" in e.value]


@pytest.mark.parametrize("page", list(PAGES))
def test_a_link_with_garbage_opens_every_page_with_a_notice(page):
    params = PAGES[page]
    at = open_from_link(page, params)
    assert not at.exception, at.exception
    assert not incidents(at), incidents(at)
    notices = "\n".join(w.value for w in at.warning)
    uses = Path(REPO_ROOT / page).read_text(encoding="utf-8")
    for key, value in params.items():
        if f'"{key}"' not in uses and key not in ("opl", "sector"):
            continue  # a parameter this page does not read
        if page == "views/data.py":
            continue
        assert safe.literal(value) in notices, (key, value, notices)
        if value in SHOWN:
            assert SHOWN[value] in notices, notices
    for picker in at.date_input:
        if hasattr(picker.value, "isoformat"):
            assert "2016-01-01" <= picker.value.isoformat() <= "2026-10-01"


def test_a_date_outside_the_data_is_replaced_by_the_nearest_covered_date():
    at = open_from_link("views/tables.py", {"datum": "2099-01-01"})
    assert at.date_input(key="tables.as_of").value.isoformat() == "2026-10-01"
    (notice,) = [w.value for w in at.warning]
    assert notice == (
        "De datum `2099-01-01` in de link (Peildatum) valt buiten de gegevens "
        "(01-01-2016 tot 01-10-2026). Getoond: de dichtstbijzijnde datum, 01-10-2026."
    )
    assert at.query_params["datum"] in ("2026-10-01", ["2026-10-01"])
    help_text = at.date_input(key="tables.as_of").help
    assert "01-01-2016 tot 01-10-2026" in help_text
    # the user's next change is not a link any more: no notice
    at.date_input(key="tables.as_of").set_value("2022-02-07").run()
    assert not at.warning and not at.exception


def test_an_unknown_programme_falls_back_to_the_default_and_says_which():
    at = open_from_link("views/prospects.py", {"opl": "XX-0"})
    (notice,) = [w.value for w in at.warning]
    assert notice.startswith("Opleiding `XX-0` uit de link is onbekend")
    assert "SO\\-115" in notice
    assert at.selectbox(key="prospects.programme").value == "SO-115"


def test_markdown_in_a_link_value_stays_text():
    at = open_from_link("views/tables.py", {"per": "[klik](http://evil.example)"})
    (notice,) = [w.value for w in at.warning]
    assert "`[klik](http://evil.example)`" in notice  # a code span: never a link


def test_an_error_inside_a_page_is_a_dutch_message_with_an_incident_id(
    monkeypatch, caplog
):
    from ui import cache

    def broken(*args, **kwargs):
        raise RuntimeError("kapot")

    monkeypatch.setattr(cache, "headline", broken)
    with caplog.at_level(logging.ERROR, logger="radar.app"):
        at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=60)
        at.run()
    assert not at.exception
    (message,) = incidents(at)
    assert message.startswith("**Deze pagina kon niet getoond worden.**")
    incident = message.split("incident `")[1].split("`")[0]
    assert len(incident) == 8
    assert "Traceback" not in message and "kapot" not in message
    logged = [r for r in caplog.records if incident in r.getMessage()]
    assert logged and logged[0].exc_info is not None  # the traceback: on the server
    # the way out: the page again without the link's settings
    at.button(key="errors.reset.Overzicht").click().run()
    assert not at.exception


def test_the_config_hides_error_details_and_matches_the_upload_limit():
    config = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] is False
    assert config["server"]["maxUploadSize"] == Limits().upload_max_mb


def test_the_escaping_helpers():
    failures, _ = doctest.testmod(safe)
    assert failures == 0
    assert safe.md("www.evil.example") == "www\\.evil\\.example"  # no autolink
    assert safe.md("$x$ :red[y]") == "\\$x\\$ \\:red\\[y\\]"  # no maths, no colour
