"""RadarDuaal: page config, the shared sidebar and navigation over the pages."""

import streamlit as st

from ui import controls

st.set_page_config(
    page_title="RadarDuaal", page_icon="static/favicon.png", layout="wide"
)
controls.sidebar()
st.navigation(
    [
        st.Page(
            "pages/overview.py",
            title="Overzicht",
            icon=":material/dashboard:",
            default=True,
        ),
        st.Page(
            "pages/tables.py",
            title="Tabellen",
            icon=":material/table_chart:",
            url_path="tabellen",
        ),
    ]
).run()
