"""RadarDuaal: page config, the shared sidebar and navigation over the pages."""

import streamlit as st

from ui import auth, cache, chrome, controls, errors, warmup

st.set_page_config(
    page_title="RadarDuaal", page_icon="static/favicon.png", layout="wide"
)
# Contrast, focus and Dutch for Streamlit's own controls (ui/chrome.py).
chrome.apply()
# Navigation first: a slow first data load before it makes a fresh server answer a
# deep link (/tabellen) with "Page not found". auth.navigation registers only the
# pages this user may open (ui/auth.py); without a login configured, all of them.
page = auth.navigation(
    [
        st.Page(
            "views/overview.py",
            title="Overzicht",
            icon=":material/dashboard:",
            default=True,
        ),
        st.Page(
            "views/prospects.py",
            title="Prospectie",
            icon=":material/person_search:",
            url_path="prospectie",
        ),
        st.Page(
            "views/supply_demand.py",
            title="Vraag & aanbod",
            icon=":material/map:",
            url_path="vraag-aanbod",
        ),
        st.Page(
            "views/scenario.py",
            title="Wat als",
            icon=":material/science:",
            url_path="wat-als",
        ),
        st.Page(
            "views/tables.py",
            title="Tabellen",
            icon=":material/table_chart:",
            url_path="tabellen",
        ),
        st.Page(
            "views/data.py", title="Data", icon=":material/database:", url_path="data"
        ),
        st.Page(
            "views/begrippen.py",
            title="Begrippen",
            icon=":material/menu_book:",
            url_path="begrippen",
        ),
    ]
)
# Notices about the link's parameters go above the page; any error of the sidebar or
# the page becomes a Dutch message with an incident id (ui/errors.py).
errors.notice_area()
if auth.has_access():
    errors.boundary(controls.sidebar, "zijbalk")
errors.boundary(page.run, page.title)
# After the first page of a fresh server: warm Vraag & aanbod up in the background.
if cache.paths().warmup:
    warmup.start(str(cache.data_dir()))
