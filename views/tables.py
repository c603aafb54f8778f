"""Tabellen: policy tables as of a date, compared, protected, exported."""

import altair as alt
import streamlit as st

from radar.kernel import params
from radar.kernel.errors import RadarError
from radar.kernel.export import to_excel_csv_bytes
from radar.kernel.format import number
from radar.policy.build import chart_data
from radar.policy.overview import year_earlier
from radar.policy.tables import GROUP_LABELS
from ui import cache, controls, grid, trend_view
from ui.charts import dutch_chart

KINDS = {
    "recognitions": "Erkenningen",
    "expiring": "Vervallende erkenningen",
    "offer": "Lesplaatsen en leerlingen",
    "trend": "Evolutie",
}
GROUPINGS = GROUP_LABELS
CROSS = {"geen": "Geen kruistabel", **GROUPINGS}
CHART_TOP = 40
FILE_KINDS = {
    "recognitions": "erkenningen",
    "expiring": "vervallend",
    "offer": "aanbod",
}

ds = cache.dataset()
path = str(cache.data_dir())
settings = controls.settings()

st.title("Tabellen")
controls.demo_badge()
c1, c2, c3 = st.columns(3)
with c1:
    kind = controls.choice("Tabel", KINDS, "tables.kind", "tabel")
with c2:
    by = controls.choice("Indeling", GROUPINGS, "tables.by", "per")
if kind == "trend":
    controls.clear_param("kruis")
    controls.clear_param("vergelijk")
    trend_view.page(path, by, c3)
    st.stop()
with c3:
    cross = controls.choice("Kruistabel met", CROSS, "tables.cross", "kruis")
cross = None if cross in ("geen", by) else cross

c4, c5, c6, c7 = st.columns(4)
with c4:
    as_of = controls.date_picker(
        "Peildatum", "tables.as_of", "datum", ds.extract_date.date()
    )
with c5:
    if cross is None:
        compare_to = controls.optional_date_picker(
            "Vergelijk met",
            "Vergelijkingsdatum",
            "tables.compare",
            "vergelijk",
            year_earlier(as_of).date(),
        )
    else:
        compare_to = None
        controls.clear_param("vergelijk")
        st.caption("Vergelijken kan bij een tabel met één indeling.")
with c6:
    months = settings.expiring_months
    if kind == "expiring":
        months = controls.number(
            "Vervalt binnen (maanden)", "tables.months", "maanden", months, 1, 60
        )
    else:
        controls.clear_param("maanden")
with c7:
    k = 0
    if controls.flag(
        "Kleine aantallen afschermen",
        "tables.suppress",
        "afschermen",
        help="Aantallen van 1 tot K-1 worden <K, ook totalen; extra cellen (x) "
        "verbergen zodat geen klein aantal uit deze of de bijbehorende tabellen "
        "terug te rekenen of in te perken is.",
    ):
        k = controls.number("K", "tables.k", "k", settings.suppress_k, 2, 100)
    else:
        controls.clear_param("k")

covered = cache.coverage()
try:
    # A date outside the data, or a school year without learner counts for the
    # lesplaatsen table, is stated, never answered with zeros.
    params.as_of(as_of, covered, kind == "offer")
    if compare_to is not None:
        params.as_of(compare_to, covered, kind == "offer", "vergelijkingsdatum")
except RadarError as exc:
    st.warning(f"Niet beschikbaar: {exc}.", icon=":material/event_busy:")
    st.stop()
try:
    pt = cache.policy_table(path, kind, by, cross, as_of, compare_to, months, k)
except RadarError as exc:
    st.error(str(exc))
    st.stop()

table = pt.table
label = table.columns[0]
st.subheader(pt.title)

data = chart_data(pt, top=CHART_TOP)
truncated = len(table) - 1 > CHART_TOP
# Table order, or largest first when only the largest groups are drawn.
rows = list(dict.fromkeys(data[label])) if truncated else list(table[label][:-1])
measure = "leerlingen" if kind == "offer" else "erkenningen"
if cross is None:
    series = data["reeks"].nunique() > 1
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y(
                f"{label}:N",
                sort=rows,
                title=None,
                axis=alt.Axis(labelLimit=170, labelOverlap=False),
            ),
            x=alt.X("aantal:Q", title=measure),
            yOffset=alt.YOffset("reeks:N") if series else alt.Undefined,
            color=alt.Color("reeks:N", title=None, legend=alt.Legend(orient="bottom"))
            if series
            else alt.Undefined,
            tooltip=[label, "reeks", alt.Tooltip("aantal:Q", format=",")],
        )
        .properties(height=max(200, (40 if series else 24) * len(rows)))
    )
else:
    columns = [c for c in table.columns[1:] if c != "Eindtotaal"]
    chart = (
        alt.Chart(data, title=f"{measure} (verborgen cellen blijven leeg)")
        .mark_rect()
        .encode(
            y=alt.Y(
                f"{label}:N",
                sort=rows,
                title=None,
                axis=alt.Axis(labelLimit=260, labelOverlap=False),
            ),
            x=alt.X(
                "reeks:N",
                sort=columns,
                title=None,
                axis=alt.Axis(
                    labelAngle=-30, labelLimit=220, labelOverlap=False, orient="top"
                ),
            ),
            color=alt.Color("aantal:Q", title=measure, scale=alt.Scale(scheme="blues")),
            tooltip=[label, "reeks", alt.Tooltip("aantal:Q", format=",")],
        )
        .properties(height=alt.Step(26), width=alt.Step(46))
    )
shown = grid.group_headers(table, pt.request.measures) if compare_to else table
if cross is None and compare_to is None:
    col_table, col_chart = st.columns([3, 2])
    with col_table:
        grid.show(shown, key="tables.table", max_rows=25)
    col_chart.altair_chart(dutch_chart(chart), width="stretch")
else:
    grid.show(shown, key="tables.table", max_rows=25)
    st.altair_chart(dutch_chart(chart), width="stretch")
if truncated:
    st.caption(
        f"De grafiek toont de {CHART_TOP} grootste groepen; de tabel toont alle."
    )
if k:
    st.caption(
        f"<{k}: een aantal van 1 tot {k - 1} (ook bij totalen). x: weggelaten zodat "
        "geen klein aantal uit deze of de bijbehorende tabellen terug te rekenen of "
        "in te perken is; de grafiek toont alleen gepubliceerde cellen."
    )

stem = f"{FILE_KINDS[kind]}_per_{by}" + (f"_x_{cross}" if cross else "")
stem += f"_{as_of:%Y-%m-%d}" + (f"_vs_{compare_to:%Y-%m-%d}" if compare_to else "")
d1, d2 = st.columns(2)
# Both files are built when clicked, not on every run: the workbook of an expiring
# table carries the whole list (tens of thousands of rows in a national register).
d1.download_button(
    "Download CSV",
    lambda: to_excel_csv_bytes(table),
    f"{stem}.csv",
    "text/csv",
    key="tables.csv",
    help="Puntkomma's en decimale komma's: opent zo in Excel.",
    on_click="ignore",
)
d2.download_button(
    "Download Excel (XLSX)",
    lambda: cache.policy_xlsx(path, pt),
    f"{stem}.xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="tables.xlsx",
    on_click="ignore",
)
with st.expander("Kopieer als tekst"):
    st.caption(
        "Tab-gescheiden: plak het in Word of Excel en het wordt een tabel "
        "(knop rechtsboven kopieert)."
    )
    st.code(cache.policy_text(path, pt), language=None)
if kind == "expiring" and not k:
    listing = cache.expiring_list(path, as_of, months)
    # The grid of the list is drawn only when opened (a rerun then): thousands of
    # rows formatted on every change of the page would cost more than the table.
    with st.expander(
        f"Lijst: {number(len(listing))} vervallende erkenningen",
        key="tables.list_open",
        on_change="rerun",
    ) as box:
        if box.open:
            grid.show(listing, key="tables.list")
elif kind == "expiring":
    st.caption("De lijst van erkenningen staat niet bij een afgeschermde tabel.")
