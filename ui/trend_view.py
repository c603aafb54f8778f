"""Tabellen, kind Evolutie: controls, grid, line chart and exports of a trend."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from radar.kernel.export import to_excel_csv_bytes
from radar.kernel.format import date
from radar.policy.tables import GROUP_LABELS, TOTAL_LABEL
from radar.policy.trend import MEASURES, NOT_AVAILABLE, STEP_LABELS
from ui import cache, controls, grid, trend_cache

CHART_LINES = 10


def page(path: str, by: str, slot) -> None:
    """Render the Evolutie table for grouping ``by`` below the Tabellen controls
    (the suppression switch goes in ``slot``, a column of their row)."""
    cov = cache.coverage()
    last = cov.extract_date.date()
    first = max(
        cov.first_date, pd.Timestamp(cov.extract_date) - pd.DateOffset(years=10)
    )
    c1, c2, c3, c4 = st.columns(4)
    with c1:
        start = controls.date_picker("Van", "tables.trend_from", "van", first.date())
    with c2:
        end = controls.date_picker("Tot", "tables.trend_to", "tot", last)
    with c3:
        step = controls.choice(
            "Stap",
            {k: f"per {v}" for k, v in STEP_LABELS.items()},
            "tables.step",
            "stap",
        )
    with c4:
        measure = controls.choice(
            "Maat", {m: m.capitalize() for m in MEASURES}, "tables.measure", "maat"
        )
    with slot:
        k = 0
        if controls.flag(
            "Kleine aantallen afschermen",
            "tables.suppress",
            "afschermen",
            help="Elke datum wordt afgeschermd als een eigen tabel: 1 tot K-1 wordt "
            "<K, extra cellen x; een verschil is weggelaten waar een van beide "
            "waarden dat is.",
        ):
            k = controls.number(
                "K", "tables.k", "k", controls.settings().suppress_k, 2, 100
            )
        else:
            controls.clear_param("k")
    if end <= start:
        st.warning("Kies een einddatum na de begindatum.")
        st.stop()
    result = trend_cache.trend(path, start, end, step, by, k)
    table = result.wide(measure)
    st.subheader(
        f"{measure.capitalize()} per {result.label}, {date(start)} tot {date(end)}"
    )
    dates = result.change_dates(measure)
    if dates:
        st.caption(
            f"Verschil: {date(dates[1])} ten opzichte van {date(dates[0])}. "
            + (
                "Lesplaatsen en leerlingen: schooljaar van de datum."
                if measure in MEASURES[2:]
                else ""
            )
        )
    if (table.iloc[:, 1:-2] == NOT_AVAILABLE).any().any():
        st.caption(
            "Niet beschikbaar: de datum valt buiten de gegevens of het schooljaar "
            "heeft "
            f"geen leerlingenaantallen ({cov.describe()})."
        )
    shown = table
    if step == "year" and len({c[:5] for c in table.columns[1:-2]}) == 1:
        # Every date on the same day: the year is header enough (fits 1500 px).
        shown = table.rename(columns={c: c[-4:] for c in table.columns[1:-2]})
        st.caption(f"Telkens op {table.columns[1][:5]} van het jaar.")
    grid.show(shown, key="tables.trend", max_rows=25)
    _chart(result, measure)
    stem = (
        f"evolutie_{measure.replace(' ', '_')}_per_{by}_{start:%Y-%m-%d}_{end:%Y-%m-%d}"
    )
    d1, d2 = st.columns(2)
    d1.download_button(
        "Download CSV",
        to_excel_csv_bytes(table),
        f"{stem}.csv",
        "text/csv",
        key="tables.trend_csv",
        help="Puntkomma's en decimale komma's: opent zo in Excel.",
    )
    d2.download_button(
        "Download Excel (XLSX)",
        trend_cache.trend_xlsx(path, result),
        f"{stem}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="tables.trend_xlsx",
        help="Eén blad per maat, met bron en definities.",
    )
    with st.expander("Kopieer als tekst"):
        st.caption(
            "Tab-gescheiden: plak het in Word of Excel en het wordt een tabel "
            "(knop rechtsboven kopieert)."
        )
        st.code(trend_cache.trend_text(path, result, measure), language=None)
    if k:
        st.caption(
            f"<{k}: een aantal van 1 tot {k - 1}. x: weggelaten zodat geen klein "
            "aantal "
            "terug te rekenen is; de grafiek toont alleen gepubliceerde waarden."
        )


def _chart(result, measure: str) -> None:
    """Lines per group (the largest ones) and the Eindtotaal apart."""
    import altair as alt

    from ui.charts import dutch_chart

    data = result.chart_data(measure)
    label = result.label
    if data.empty:
        st.info("Geen gepubliceerde waarden om te tekenen.")
        return
    groups = data[data[label] != TOTAL_LABEL]
    last = groups[groups["datum"] == groups["datum"].max()]
    top = last.sort_values("aantal", ascending=False)[label].head(CHART_LINES).tolist()
    shown = groups[groups[label].isin(top)]
    base = alt.Chart(shown).encode(
        x=alt.X(
            "datum:T",
            title=None,
            axis=alt.Axis(format="%Y" if result.request.step == "year" else "%m-%Y"),
        ),
        y=alt.Y("aantal:Q", title=measure),
        color=alt.Color(
            f"{label}:N",
            sort=top,
            title=GROUP_LABELS[result.request.by],
            legend=alt.Legend(orient="right", labelLimit=260),
        ),
        tooltip=[
            alt.Tooltip(f"{label}:N"),
            alt.Tooltip("datum:T", format="%d-%m-%Y", title="datum"),
            alt.Tooltip("aantal:Q", format=",", title=measure),
        ],
    )
    chart = (base.mark_line() + base.mark_point(size=30)).properties(height=320)
    col_groups, col_total = st.columns([3, 2])
    col_groups.altair_chart(dutch_chart(chart), width="stretch")
    total = data[data[label] == TOTAL_LABEL]
    total_chart = (
        alt.Chart(total, title=f"{TOTAL_LABEL}")
        .mark_area(line=True, opacity=0.25)
        .encode(
            x=alt.X("datum:T", title=None),
            y=alt.Y("aantal:Q", title=measure),
            tooltip=[
                alt.Tooltip("datum:T", format="%d-%m-%Y", title="datum"),
                alt.Tooltip("aantal:Q", format=",", title=measure),
            ],
        )
        .properties(height=320)
    )
    col_total.altair_chart(dutch_chart(total_chart), width="stretch")
    if len(groups[label].unique()) > CHART_LINES:
        col_groups.caption(
            f"De grafiek toont de {CHART_LINES} grootste groepen op de laatste datum; "
            "de tabel toont alle."
        )
