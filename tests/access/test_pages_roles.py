"""AppTest per role (``at.user``, as STACK.md describes): which pages are registered,
what a forbidden page answers, what a consultant can and cannot prospect or export,
the audit trail on the Data page, and two editors of one prospect's follow-up."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1 import app_test as app_test_module

from radar.access import audit, db, followup
from radar.kernel.paths import REPO_ROOT

APP = str(REPO_ROOT / "app.py")
POLICY = """
[[rule]]
email = "kim@example.be"
role = "kijker"

[[rule]]
group = "sp-horeca"
role = "consulent"
partnerships = ["Horeca"]

[[rule]]
email = "amy@example.be"
role = "accountmanager"

[[rule]]
email = "ben@example.be"
role = "beheerder"
"""
USERS = {
    "kijker": {"sub": "k", "email": "kim@example.be", "name": "Kim Kijker"},
    "consulent": {"sub": "c", "name": "Cas Consulent", "groups": ["sp-horeca"]},
    "accountmanager": {"sub": "a", "email": "amy@example.be", "name": "Amy Account"},
    "beheerder": {"sub": "b", "email": "ben@example.be", "name": "Ben Beheer"},
    "onbekend": {"sub": "x", "email": "x@example.be", "name": "Xavier"},
}
VIEWS = {"Overzicht", "Vraag & aanbod", "Wat als", "Tabellen", "Begrippen"}
OPENS = {
    "kijker": VIEWS,
    "consulent": VIEWS | {"Prospectie"},
    "accountmanager": VIEWS | {"Prospectie"},
    "beheerder": VIEWS | {"Prospectie", "Data"},
}


@pytest.fixture
def store(tmp_path, monkeypatch) -> Path:
    """A store of its own holding the role policy; no RADAR_DATA_DIR override."""
    root = tmp_path / "local"
    root.mkdir()
    (root / "access.toml").write_text(POLICY, encoding="utf-8")
    monkeypatch.setenv("RADAR_LOCAL_DIR", str(root))
    monkeypatch.delenv("RADAR_DATA_DIR", raising=False)
    return root


def run_as(role: str | None, **params: str) -> AppTest:
    """The app run once for ``role`` (None: nobody signed in), with URL ``params``."""
    at = AppTest.from_file(APP, default_timeout=120)
    if role is not None:
        at.user = {"is_logged_in": True, **USERS[role]}
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def registered(at: AppTest) -> dict[str, str]:
    """Page title -> script path of every page registered for this session
    (stand-ins that refuse have no script)."""
    return {i["page_name"]: i["script_path"] for i in at._registered_pages.values()}


def open_url(at: AppTest, url_path: str) -> AppTest:
    """Open a registered page by its URL path, as a deep link would."""
    pages = at._registered_pages.values()
    at._page_hash = next(
        i["page_script_hash"] for i in pages if i["url_pathname"] == url_path
    )
    at.run()
    assert not at.exception, at.exception
    return at


def trail(store: Path, event: str) -> pd.DataFrame:
    return audit.query(db.database_path(store), events=[event])


def test_without_login_the_app_runs_in_local_mode_for_a_beheerder(store):
    at = run_as(None)
    assert at.title[0].value == "Overzicht"
    assert any("lokale modus" in m.value for m in at.sidebar.markdown)
    assert all(registered(at).values())  # every page is a real page
    at.switch_page("views/data.py").run()
    assert at.title[0].value == "Data" and not at.error
    assert at.get("download_button")  # the audit download


def test_with_a_login_configured_nobody_sees_data_before_logging_in(store):
    at = AppTest.from_file(APP, default_timeout=120)
    at.secrets["auth"] = {"client_id": "x", "server_metadata_url": "http://127.0.0.1"}
    at.run()
    assert not at.exception, at.exception
    assert at.button(key="auth.login").label == "Aanmelden"
    assert not at.metric and not at.dataframe
    assert not any("demodata" in m.value for m in at.sidebar.markdown)
    assert not any(registered(at).values())  # every URL answers the login page


@pytest.mark.parametrize("role", sorted(OPENS))
def test_each_role_gets_its_pages_and_a_refusal_for_the_others(store, role):
    at = run_as(role)
    assert at.title[0].value == "Overzicht"
    texts = [c.value for c in at.sidebar.text]
    assert f"Aangemeld als {USERS[role]['name']} · rol: {role}" in texts
    pages = registered(at)
    assert {name for name, script in pages.items() if script} == OPENS[role]
    for name, script in pages.items():
        if script:
            continue
        url = next(
            i["url_pathname"]
            for i in at._registered_pages.values()
            if i["page_name"] == name
        )
        refused = open_url(run_as(role), url)
        assert refused.title[0].value == name
        assert "Geen toegang" in refused.error[0].value
        assert "Deze poging is gelogd" in refused.error[0].value
    refusals = trail(store, "refusal")
    expected = {"Prospectie": "prospectie", "Data": "data"}
    logged = set(refusals["action"])
    assert logged == {a for n, a in expected.items() if n not in OPENS[role]}
    assert set(trail(store, "login")["actor"]) == {USERS[role]["name"]}


def test_a_user_without_a_rule_sees_a_refusal_and_nothing_else(store):
    at = run_as("onbekend")
    assert "geen rol" in at.error[0].value
    assert not at.metric and not at.dataframe
    assert not any(registered(at).values())
    assert list(trail(store, "refusal")["detail"]) == ["geen rol"]


def test_a_page_run_directly_refuses_a_role_that_may_not_open_it(store):
    at = AppTest.from_file(str(REPO_ROOT / "views" / "data.py"), default_timeout=60)
    at.user = {"is_logged_in": True, **USERS["kijker"]}
    at.run()
    assert "Geen toegang: de pagina Data" in at.error[0].value
    assert not at.radio and not at.dataframe  # stopped before anything else


@pytest.fixture
def downloads(monkeypatch) -> list:
    """Every MediaFileManager an AppTest run creates, to fetch deferred downloads."""
    made: list = []

    class Recording(app_test_module.MediaFileManager):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            made.append(self)

    monkeypatch.setattr(app_test_module, "MediaFileManager", Recording)
    return made


def fetch(at: AppTest, managers: list, label: str) -> bytes:
    """The bytes a click on the download button ``label`` would give."""
    button = next(b for b in at.get("download_button") if b.proto.label == label)
    manager = managers[-1]
    url = manager.execute_deferred(button.proto.deferred_file_id)
    file_id = url.rsplit("/", 1)[-1].split(".")[0]
    return manager._storage.get_file(file_id).content


def test_a_consultant_never_gets_another_partnerships_programme(store, downloads):
    at = run_as("consulent", opl="SO-115", niveau="provincie")  # Haarverzorging
    at.switch_page("views/prospects.py").run()
    assert not at.exception, at.exception
    assert "opleiding SO-115 valt buiten uw sectorale partnerschappen (Horeca)" in (
        at.error[0].value
    )
    programmes = at.selectbox(key="prospects.programme")
    ds_programmes = pd.read_csv(REPO_ROOT / "data" / "reference" / "programmes.csv")
    horeca = set(
        ds_programmes.loc[ds_programmes["sector_partnership"] == "Horeca", "code"]
    )
    offered = {o.rsplit("(", 1)[1].rstrip(")") for o in programmes.options}
    assert offered == horeca
    assert programmes.value in horeca and programmes.value != "SO-115"
    opl = at.query_params["opl"]
    assert (opl[0] if isinstance(opl, list) else opl) == programmes.value
    shown = at.subheader[0].value
    name = ds_programmes.set_index("code").loc[programmes.value, "name"]
    assert shown.startswith(name.removesuffix(" duaal"))

    csv = fetch(at, downloads, "Download CSV").decode("utf-8-sig")
    header = csv.splitlines()[0]
    assert "opvolging" in header.split(";")  # the follow-up status, in Dutch
    assert "Haarverzorging" not in csv
    exports = trail(store, "export")
    assert list(exports["programme_id"]) == [programmes.value]
    assert exports["rows"].iloc[0] == len(csv.splitlines()) - 1
    refusals = trail(store, "refusal")
    assert list(refusals["programme_id"]) == ["SO-115"]


def test_a_viewer_is_refused_prospectie_even_when_run_directly(store):
    at = AppTest.from_file(
        str(REPO_ROOT / "views" / "prospects.py"), default_timeout=60
    )
    at.user = {"is_logged_in": True, **USERS["kijker"]}
    at.run()
    assert "Geen toegang: de pagina Prospectie" in at.error[0].value
    assert not at.dataframe and not at.get("download_button")


def test_the_beheerder_sees_the_audit_trail_filtered(store):
    path = db.database_path(store)
    at = run_as("beheerder")
    at.switch_page("views/data.py").run()
    assert not at.exception, at.exception
    at.multiselect(key="data.audit.events").set_value(["login"]).run()
    table = at.dataframe[-1].value
    assert list(table["gebeurtenis"]) == ["aanmelding"]
    assert list(table["gebruiker"]) == ["Ben Beheer"]
    assert "@" not in table.to_csv()
    at.multiselect(key="data.audit.events").set_value([]).run()
    at.text_input(key="data.audit.actor").set_value("niemand").run()
    assert at.dataframe[-1].value.empty
    assert len(audit.query(path)) >= 1


def _editor_app() -> None:
    import pandas as pd
    import streamlit as st

    from radar.access.policy import Programme, Role, User
    from ui import followup as ui_followup

    who = st.session_state["who"]
    user = User(who, f"u-{who}", frozenset({Role.ACCOUNTMANAGER}))
    row = pd.Series({"establishment_number": "2.000.000.339"})
    ui_followup.editor(row, Programme("SO-115", "Kappers"), user)


def editor(name: str) -> AppTest:
    at = AppTest.from_function(_editor_app, default_timeout=30)
    at.session_state["who"] = name
    at.run()
    assert not at.exception, at.exception
    return at


def test_two_editors_of_one_prospect_see_a_conflict_and_then_the_final_state(store):
    key = "followup.%s.SO-115.2.000.000.339"
    amy, cas = editor("Amy"), editor("Cas")  # both open the prospect
    amy.selectbox(key=key % "status").set_value("gecontacteerd")
    amy.text_area(key=key % "note").set_value("Amy belde")
    amy.button(key="followup.save").click().run()
    assert "Opgeslagen: gecontacteerd." in amy.success[0].value

    cas.selectbox(key=key % "status").set_value("interesse")
    cas.text_area(key=key % "note").set_value("Cas belde")
    cas.button(key="followup.save").click().run()
    assert "conflict" in cas.error[0].value
    shown = [t.value for t in cas.text]
    assert any(t.startswith("Amy op ") and "notitie: Amy belde" in t for t in shown)
    assert cas.text_area(key=key % "note").value == "Cas belde"  # input kept
    record = followup.get(db.database_path(store), "2.000.000.339", "SO-115")
    assert (record.author, record.note) == ("Amy", "Amy belde")

    cas.button(key="followup.reload").click().run()
    assert cas.text_area(key=key % "note").value == "Amy belde"
    cas.text_area(key=key % "note").set_value("Amy belde; Cas ook")
    cas.selectbox(key=key % "status").set_value("interesse")
    cas.button(key="followup.save").click().run()
    assert "Opgeslagen: interesse." in cas.success[0].value

    amy.run()  # Amy's next rerun shows the final state and who wrote it
    shown = [t.value for t in amy.text]
    assert shown[0].startswith("door Cas op ") and shown[1] == "Amy belde; Cas ook"
    assert any("interesse" in m.value for m in amy.markdown)  # the status badge
    assert "Intussen gewijzigd" in amy.info[0].value
