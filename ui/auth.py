"""Login, roles and refusals on the pages (Streamlit-only).

Three modes, decided on every run:

- **login**: ``.streamlit/secrets.toml`` has an ``[auth]`` section (OpenID Connect,
  ``st.login``). Nobody sees data before logging in; a signed-in user gets the roles
  of the policy file (``radar.access.policy``), found at ``[radar] access_policy``
  in the secrets or else ``access.toml`` in the store folder.
- **local** ("lokale modus"): no ``[auth]`` and the server listens on loopback only
  (``make run``): one user on this machine, role ``beheerder``, as before.
- **closed**: no ``[auth]`` but the server listens beyond loopback: nothing is shown
  but how to configure a login.

``navigation`` registers only the pages a user may open; a forbidden page's URL is
registered as a hidden page that refuses in Dutch and logs the attempt, so a deep
link never shows data. ``require`` is the guard inside each page.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from radar.access import audit, db
from radar.access.policy import (
    ACTION_LABELS,
    Action,
    Policy,
    PolicyError,
    Programme,
    User,
    load_policy,
    local_user,
    may,
)
from radar.kernel.export import to_csv_bytes
from ui import cache, errors
from ui import help as helptext

POLICY_FILE = "access.toml"
LOOPBACK = ("127.", "localhost", "::1")
PAGE_ACTIONS = {
    "": Action.OVERVIEW,
    "prospectie": Action.PROSPECTS,
    "vraag-aanbod": Action.SUPPLY_DEMAND,
    "wat-als": Action.SCENARIO,
    "tabellen": Action.TABLES,
    "data": Action.DATA,
    "begrippen": Action.OVERVIEW,  # the glossary: for everyone who may see data
}
"""The action that opens each page, by the page's URL path ("" is the default). A
page missing here is for the beheerder only (``Action.DATA``) until it is added."""
LOGIN_NOTE = (
    "RadarDuaal toont gegevens over bedrijven en scholen enkel aan aangemelde "
    "gebruikers. Meld u aan met het account van uw organisatie."
)


def auth_configured() -> bool:
    """True when the secrets hold an ``[auth]`` section (login mode)."""
    try:
        return bool(st.secrets.load_if_toml_exists() and st.secrets.get("auth"))
    except Exception:  # an unreadable secrets file: no login configured
        return False


def _radar_secrets() -> dict[str, Any]:
    try:
        if st.secrets.load_if_toml_exists():
            return dict(st.secrets.get("radar") or {})
    except Exception:
        pass
    return {}


def _on_loopback() -> bool:
    address = str(st.get_option("server.address") or "")
    return address.startswith(LOOPBACK)


def _claims() -> dict[str, Any] | None:
    """The ID-token claims of a signed-in user, else ``None``."""
    info = st.user.to_dict()
    return dict(info) if info.get("is_logged_in") is True else None


def policy_path() -> Path:
    """Where the role policy is read: the secrets' ``[radar] access_policy``, else
    ``access.toml`` in the store folder."""
    configured = _radar_secrets().get("access_policy")
    return Path(str(configured)) if configured else cache.paths().store / POLICY_FILE


@st.cache_data(show_spinner=False, max_entries=8)
def _partnerships(reference: str) -> frozenset[str]:
    path = Path(reference) / "partnerships.csv"
    with path.open(encoding="utf-8", newline="") as f:
        return frozenset(row["name"] for row in csv.DictReader(f))


@st.cache_resource(show_spinner=False, max_entries=8)
def _policy_at(path: str, stamp: tuple[int, int]) -> Policy:
    known = _partnerships(str(cache.paths().reference))
    return load_policy(Path(path), known)


def policy() -> Policy:
    """The role policy in force (re-read when the file changes); ``PolicyError``
    when it is missing or invalid."""
    path = policy_path()
    try:
        info = path.stat()
    except OSError as exc:
        raise PolicyError(f"toegangsbeleid niet gevonden ({path.name})") from exc
    return _policy_at(str(path), (info.st_mtime_ns, info.st_size))


def mode() -> str:
    """``login``, ``local`` or ``closed`` (see the module docstring)."""
    if auth_configured():
        return "login"
    return "local" if _on_loopback() else "closed"


def current_user() -> User | None:
    """The user of this session: from ``st.user`` and the policy when signed in,
    the local user in local mode, else ``None`` (not signed in)."""
    claims = _claims()
    if claims is not None:
        try:
            return policy().user(claims)
        except PolicyError:  # no policy: signed in, but without any role
            return Policy().user(claims)
    return local_user() if mode() == "local" else None


def database() -> Path:
    """The database file of the audit trail and the follow-up."""
    return db.database_path(cache.paths().store)


def record(user: User | None, entry: audit.Entry, once: bool = False) -> None:
    """Append to the audit trail; a failing write is shown, never hides the page."""
    if user is None:
        return
    try:
        audit.append(database(), user, entry, once=once)
    except Exception as exc:  # the trail must not take the page down
        # The user reads Dutch, with an incident id; the exception goes to the log.
        st.warning(
            "Deze handeling kon niet in het auditlogboek bewaard worden; meld "
            f"incident {errors.incident(exc, 'audit')} aan de beheerder."
        )


def log_switch(user: User, use: str) -> None:
    """Audit a switch between the demo and the own data."""
    record(user, audit.Entry("switch", Action.DATA.value, detail=f"toon {use}"))


def log_ingest(
    user: User, source: str, report: dict[str, Any] | None, error: str = ""
) -> None:
    """Audit an ingest from the Data page: its snapshot and counts, or the refusal."""
    if report is None:
        detail = f"{source}: geweigerd, {error}"
        record(user, audit.Entry("ingest", Action.DATA.value, detail=detail))
        return
    detail = (
        f"{source}: snapshot {report.get('snapshot', '')}, "
        f"{report.get('rows_kept', 0)} bewaard, {report.get('rejects', 0)} afgewezen"
    )
    rows = int(report.get("rows_kept", 0))
    record(user, audit.Entry("ingest", Action.DATA.value, rows=rows, detail=detail))


def refusal_text(user: User | None, action: Action, programme_id: str = "") -> str:
    """The Dutch refusal for ``action`` (for ``programme_id``)."""
    end = " Deze poging is gelogd."
    if programme_id and may(user, action):
        assert user is not None
        mine = ", ".join(sorted(user.partnerships)) or "geen"
        return (
            f"Geen toegang: opleiding {programme_id} valt buiten uw sectorale "
            f"partnerschappen ({mine}).{end}"
        )
    role = user.role_label if user is not None else "niet aangemeld"
    return (
        f"Geen toegang: {ACTION_LABELS[action]} is niet beschikbaar voor uw rol "
        f"({role}).{end} Vraag een beheerder om toegang als u die nodig hebt."
    )


def refuse(user: User | None, action: Action, programme_id: str = "") -> None:
    """Show the refusal and log it (once per session for the same action)."""
    st.error(refusal_text(user, action, programme_id), icon=":material/block:")
    seen = st.session_state.setdefault("auth.refused", set())
    if (action, programme_id) not in seen:
        seen.add((action, programme_id))
        record(user, audit.Entry("refusal", action.value, programme_id))


def require(action: Action, programme: Programme | None = None) -> User:
    """The guard of a page or action: the user when allowed, else the refusal is
    shown and logged and the page stops."""
    user = current_user()
    if may(user, action, programme):
        assert user is not None
        return user
    refuse(user, action, programme.programme_id if programme else "")
    st.stop()
    raise AssertionError("unreachable")  # st.stop() raises


def programme(programmes: pd.DataFrame, programme_id: str) -> Programme:
    """The policy's view of a programme of the dataset's catalogue."""
    row = programmes.loc[programmes["programme_id"] == programme_id]
    partnership = str(row["partnership"].iloc[0]) if len(row) else ""
    return Programme(programme_id, partnership)


def prospect_programmes(programmes: pd.DataFrame, user: User) -> pd.DataFrame:
    """The catalogue rows ``user`` may prospect for; a link to another programme
    (``?opl=``) is refused and logged, and the page goes on with an allowed one."""
    allowed = [
        may(user, Action.PROSPECTS, Programme(str(p), str(s)))
        for p, s in zip(
            programmes["programme_id"], programmes["partnership"], strict=True
        )
    ]
    mine = programmes[allowed]
    asked = st.query_params.get("opl")
    if (
        asked
        and asked in set(programmes["programme_id"])
        and asked not in set(mine["programme_id"])
    ):
        refuse(user, Action.PROSPECTS, asked)
    if mine.empty:
        st.error("Geen opleidingen voor uw sectorale partnerschappen.")
        st.stop()
    return mine


def _login_page() -> None:
    st.title("RadarDuaal")
    st.subheader("Aanmelden")
    st.write(LOGIN_NOTE)
    providers = [
        k for k, v in (st.secrets.get("auth") or {}).items() if isinstance(v, dict)
    ]
    if not providers and st.button("Aanmelden", type="primary", key="auth.login"):
        st.login()
    for name in providers:
        if st.button(f"Aanmelden via {name}", type="primary", key=f"auth.{name}"):
            st.login(name)


def _closed_page() -> None:
    st.title("RadarDuaal")
    st.error(
        "Geen login geconfigureerd, en deze server luistert niet enkel op dit toestel "
        "(127.0.0.1). Configureer een OpenID Connect-provider in "
        "`.streamlit/secrets.toml` (zie README, 'Login en rollen') of start de app "
        "op 127.0.0.1."
    )


def _no_role_page() -> None:
    user = current_user()
    st.title("RadarDuaal")
    try:
        policy()
    except PolicyError as exc:
        st.error(
            f"Het toegangsbeleid kan niet gelezen worden: {exc}. Niemand krijgt "
            "toegang tot een beheerder het herstelt."
        )
    st.error(
        "U bent aangemeld, maar u hebt geen rol in RadarDuaal. Vraag een beheerder "
        "om toegang. Deze poging is gelogd.",
        icon=":material/block:",
    )
    st.text(f"Aangemeld als {user.name if user else ''}")
    if not st.session_state.get("auth.no_role_logged"):
        st.session_state["auth.no_role_logged"] = True
        record(user, audit.Entry("refusal", detail="geen rol"))


def _refusal_page(action: Action, title: str) -> Callable[[], None]:
    def page() -> None:
        st.title(title)
        refuse(current_user(), action)

    page.__name__ = f"geweigerd_{action.name.lower()}"
    return page


def _stand_in(
    body: Callable[[], None], title: str, url_path: str, default: bool = False
) -> Any:
    return st.Page(
        body,
        title=title,
        url_path=url_path,
        default=default,
        visibility="visible" if default else "hidden",
    )


def navigation(pages: list[Any]) -> Any:
    """``st.navigation`` over the pages this session's user may open; every other
    page's URL refuses (or asks to log in). Also draws the user in the sidebar."""
    user = current_user()
    paths = [p.url_path for p in pages if p.url_path]
    if user is None or not user.roles:
        body = _no_role_page if user is not None else _login_page
        if user is None and mode() == "closed":
            body = _closed_page
        entries = [_stand_in(body, "RadarDuaal", "welkom", default=True)]
        entries += [_stand_in(body, "RadarDuaal", p) for p in paths]
    else:
        entries = []
        for p in pages:
            action = PAGE_ACTIONS.get(p.url_path, Action.DATA)
            if may(user, action):
                entries.append(p)
            elif p.url_path:
                refusal = _refusal_page(action, p.title)
                entries.append(_stand_in(refusal, p.title, p.url_path))
    page = st.navigation(entries)
    _sidebar(user)
    _record_login(user)
    return page


def has_access() -> bool:
    """True when this session's user may see data (signed in with a role, or local)."""
    user = current_user()
    return user is not None and bool(user.roles)


def _record_login(user: User | None) -> None:
    claims = _claims()
    if user is None or claims is None or st.session_state.get("auth.login_logged"):
        return
    st.session_state["auth.login_logged"] = True
    raw = f"{claims.get('sub', '')}|{claims.get('iat', '')}".encode()
    session = "sessie " + hashlib.sha256(raw).hexdigest()[:12]
    record(user, audit.Entry("login", detail=session), once=True)


def _sidebar(user: User | None) -> None:
    with st.sidebar:
        if user is not None and user.local:
            st.badge("lokale modus", icon=":material/computer:", color="gray")
            st.caption(
                "Geen login geconfigureerd: één gebruiker op dit toestel, "
                "rol beheerder."
            )
        elif user is not None:
            st.text(f"Aangemeld als {user.name} · rol: {user.role_label}")
            if st.button("Afmelden", key="auth.logout", icon=":material/logout:"):
                record(user, audit.Entry("logout"))
                st.logout()


def audit_panel() -> None:
    """The audit trail for the Data page: filters, the table and a CSV download."""
    user = require(Action.DATA)
    st.subheader("Audit")
    c1, c2, c3 = st.columns([2, 2, 2])
    with c1:
        events = st.multiselect(
            "Gebeurtenis",
            list(audit.EVENTS),
            format_func=audit.EVENTS.__getitem__,
            key="data.audit.events",
            help=helptext.text("data.audit.events"),
        )
    with c2:
        actor = st.text_input(
            "Gebruiker (naam of sleutel)",
            key="data.audit.actor",
            help=helptext.text("data.audit.actor"),
        )
    with c3:
        span = st.date_input(
            "Periode",
            value=[],
            key="data.audit.span",
            help=helptext.text("data.audit.span"),
            format="DD-MM-YYYY",
        )
    since = span[0] if len(span) > 0 else None
    until = span[1] if len(span) > 1 else since
    trail = audit.query(database(), events, actor.strip(), since, until)
    st.caption(f"{len(trail)} regels, nieuwste eerst.")
    st.dataframe(audit.shown(trail), hide_index=True, key="data.audit.table")
    st.download_button(
        "Download audit (CSV)",
        to_csv_bytes(audit.shown(trail)),
        file_name="audit.csv",
        mime="text/csv",
        key="data.audit.csv",
        on_click=record,
        args=(user, audit.Entry("export", "audit", rows=len(trail), detail="audit")),
    )
