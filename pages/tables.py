"""Tabellen: recognitions and unique establishments per group as of a date, export."""

import altair as alt
import streamlit as st

from radar.export import to_csv_bytes
from radar.tables import (
    COL_ESTABLISHMENTS,
    COL_RECOGNITIONS,
    TOTAL_LABEL,
    to_plain_text,
)
from ui import cache, controls

GROUPINGS = {
    "province": "Provincie",
    "arrondissement": "Arrondissement",
    "resoc": "Resoc",
    "partnership": "Sectoraal partnerschap",
    "programme": "Opleiding",
}

ds = cache.dataset()
path = str(cache.data_dir())

st.title("Tabellen")
controls.demo_badge()
left, right = st.columns(2)
with left:
    as_of = controls.date_picker(
        "Peildatum", "tables.as_of", "datum", ds.extract_date.date()
    )
with right:
    by = controls.choice("Indeling", GROUPINGS, "tables.by", "per")

table = cache.recognition_table(path, as_of, by)
label = table.columns[0]
st.subheader(f"Erkenningen en unieke erkende vestigingen per {label}, {as_of:%d-%m-%Y}")
col_table, col_chart = st.columns([3, 2])
with col_table:
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height=min(38 + 35 * len(table), 640),
        key="tables.table",
    )
with col_chart:
    body = table[table[label] != TOTAL_LABEL]
    chart = (
        alt.Chart(body)
        .mark_bar()
        .encode(
            y=alt.Y(f"{label}:N", sort="-x", title=None, axis=alt.Axis(labelLimit=220)),
            x=alt.X(f"{COL_RECOGNITIONS}:Q", title="erkenningen"),
            tooltip=[label, COL_RECOGNITIONS, COL_ESTABLISHMENTS],
        )
        .properties(height=max(200, 22 * len(body)))
    )
    st.altair_chart(chart, width="stretch")

stem = f"erkenningen_per_{by}_{as_of:%Y-%m-%d}"
d1, d2 = st.columns(2)
d1.download_button(
    "Download CSV", to_csv_bytes(table), f"{stem}.csv", "text/csv", key="tables.csv"
)
d2.download_button(
    "Download Excel (XLSX)",
    cache.table_xlsx(path, as_of, by),
    f"{stem}.xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="tables.xlsx",
)
with st.expander("Kopieer als tekst"):
    st.code(to_plain_text(table), language=None)
