"""Overzicht: headline figures for a date, recognitions per province."""

import altair as alt
import streamlit as st

from radar.tables import COL_ESTABLISHMENTS, COL_RECOGNITIONS, TOTAL_LABEL
from ui import cache, controls

ds = cache.dataset()
path = str(cache.data_dir())

st.title("Overzicht")
controls.demo_badge()
with st.columns([1, 3])[0]:
    as_of = controls.date_picker(
        "Peildatum", "overview.as_of", "datum", ds.extract_date.date()
    )
h = cache.headline(path, as_of)

st.subheader(f"Erkende leerwerkplekken op {as_of:%d-%m-%Y}")
c1, c2, c3 = st.columns(3)
c1.metric("Erkenningen", f"{h.recognitions:,}".replace(",", "."))
c2.metric("Unieke erkende vestigingen", f"{h.establishments:,}".replace(",", "."))
c3.metric("Ondernemingen", f"{h.enterprises:,}".replace(",", "."))
st.subheader(f"Aanbod duaal leren, schooljaar {h.school_year}")
c4, c5, c6 = st.columns(3)
c4.metric("Opleidingen met erkenningen", h.programmes)
c5.metric("Lesplaatsen", h.lesplaatsen)
c6.metric("Leerlingen", f"{h.learners:,}".replace(",", "."))

table = cache.recognition_table(path, as_of, "province")
long = table[table["provincie"] != TOTAL_LABEL].melt(
    id_vars="provincie",
    value_vars=[COL_RECOGNITIONS, COL_ESTABLISHMENTS],
    var_name="telling",
    value_name="aantal",
)
chart = (
    alt.Chart(long, title="Per provincie")
    .mark_bar()
    .encode(
        y=alt.Y("provincie:N", sort=None, title=None, axis=alt.Axis(labelLimit=260)),
        x=alt.X("aantal:Q", title="aantal"),
        yOffset="telling:N",
        color=alt.Color("telling:N", title=None, legend=alt.Legend(orient="bottom")),
        tooltip=["provincie", "telling", alt.Tooltip("aantal:Q", format=",")],
    )
    .properties(height=320)
)
st.altair_chart(chart, width="stretch")

st.page_link(
    "pages/tables.py",
    label="Naar de tabellen en Excel-export",
    icon=":material/table_chart:",
)
