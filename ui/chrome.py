"""What the app adds to Streamlit's own page: contrast and focus styles, and Dutch
for Streamlit's English chrome where the browser shows it.

``apply()`` runs once per script run from ``app.py``: it injects
``static/radar.css`` (a style-only ``st.html`` takes no room on the page).
"""

from __future__ import annotations

import streamlit as st

from radar.kernel.paths import REPO_ROOT

STATIC = REPO_ROOT / "static"


def apply() -> None:
    """Inject the app's stylesheet."""
    st.html(STATIC / "radar.css")
