"""The pages' error boundary, and the notices that say what a link asked for and got.

``boundary`` runs a page: any exception becomes one short Dutch message (what went
wrong, what to do, an incident id) while the traceback goes to the server log under
that id; a user never sees a traceback, a file path or "Ask Google". Streamlit's own
control flow (``st.stop``, ``st.rerun``, ``st.switch_page``) passes through: those are
not ``Exception``s.

``notice_area`` reserves a place at the top of the page; ``notify`` writes into it,
for example "the date 01-01-2099 in the link lies outside the data: shown on
01-10-2026 instead" (``ui/controls.py`` checks every URL parameter before a widget
sees it).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

import streamlit as st

from ui.safe import literal

log = logging.getLogger("radar.app")
AREA = "_radar.notice_area"
SHOWN = "_radar.notices_shown"
INCIDENT_KEY = "errors.reset"


def incident_text(incident: str) -> str:
    """The message a user sees instead of a traceback (Markdown)."""
    return (
        "**Deze pagina kon niet getoond worden.** Er ging iets mis bij het berekenen "
        "of tekenen ervan; uw gegevens zijn niet veranderd.\n\n"
        "Wat u kunt doen: kies een andere datum of selectie, of open de pagina "
        "opnieuw zonder de instellingen uit de link (knop hieronder). Blijft het "
        f"misgaan, meld dan incident {literal(incident)} aan de beheerder."
    )


def incident(exc: BaseException, where: str) -> str:
    """Log ``exc`` with its traceback under a new incident id; return the id."""
    incident = uuid.uuid4().hex[:8]
    log.error("incident %s (%s)", incident, where, exc_info=exc)
    return incident


def boundary(run: Callable[[], object], where: str = "pagina") -> None:
    """Run ``run``; show an exception as a short Dutch message with an incident id
    and log its traceback on the server."""
    try:
        run()
    except Exception as exc:  # the boundary: every error of a page ends here
        st.error(incident_text(incident(exc, where)), icon=":material/error:")
        if st.button(
            "Opnieuw openen zonder instellingen",
            key=f"{INCIDENT_KEY}.{where}",
            icon=":material/restart_alt:",
        ):
            reset()


def reset() -> None:
    """Forget every choice of this session and the link's parameters; rerun."""
    st.query_params.clear()
    for key in list(st.session_state):
        del st.session_state[key]
    st.rerun()


def notice_area() -> None:
    """Reserve the place for notices at the top of the page (call before the page)."""
    st.session_state[AREA] = st.container()
    st.session_state[SHOWN] = set()


def notify(text: str) -> None:
    """Show a notice (Markdown: quote values with ``ui.safe.literal``) at the top of
    the page, once per run."""
    shown = st.session_state.setdefault(SHOWN, set())
    if text in shown:
        return
    shown.add(text)
    area = st.session_state.get(AREA)
    (area if area is not None else st).warning(text, icon=":material/link:")
