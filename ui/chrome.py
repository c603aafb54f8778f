"""What the app adds to Streamlit's own page: contrast and focus styles, and Dutch
for Streamlit's English chrome where the browser shows it.

``apply()`` runs once per script run from ``app.py``: it injects
``static/radar.css`` (a style-only ``st.html`` takes no room on the page) and
``static/nl.js``, which puts Dutch in place of the English texts, tooltips and
screen-reader labels of Streamlit's own controls (the data grid's toolbar, the select
boxes' "No results", "Running...", the date pickers, the file uploader, the chart and
map buttons) and sets ``lang="nl"`` on the page. Streamlit has no setting for its
interface language; the script only rewrites strings it knows, listed in the file.
"""

from __future__ import annotations

import streamlit as st

from radar.kernel.paths import REPO_ROOT

STATIC = REPO_ROOT / "static"


def apply() -> None:
    """Inject the app's stylesheet and the Dutch labels for Streamlit's controls."""
    st.html(STATIC / "radar.css")
    script = (STATIC / "nl.js").read_text(encoding="utf-8")
    # In the sidebar, hidden by radar.css (the script has run by then).
    st.sidebar.html(f"<script>{script}</script>", unsafe_allow_javascript=True)
