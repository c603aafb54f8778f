"""Overzicht: what RadarDuaal is for and where to start, headline figures for a date
and their change over a year, the trend since the first data, recognitions per
province, recognitions expiring soon."""

import streamlit as st
from streamlit.errors import StreamlitAPIException

from radar.kernel.format import date, number
from radar.policy.overview import change_text, year_earlier
from radar.policy.tables import COL_ESTABLISHMENTS, COL_RECOGNITIONS, TOTAL_LABEL
from ui import cache, controls, grid, trend_cache
from ui.vega import dutch_spec

TASKS = (
    (
        "views/supply_demand.py",
        "Tekorten bekijken",
        ":material/map:",
        "Vraag & aanbod: waar zijn te weinig werkplekken voor de leerlingen?",
    ),
    (
        "views/prospects.py",
        "Prospecten zoeken",
        ":material/person_search:",
        "Prospectie: welke bedrijven kunnen leerwerkplek worden?",
    ),
    (
        "views/tables.py",
        "Een tabel voor een parlementaire vraag",
        ":material/table_chart:",
        "Tabellen: per provincie, vergeleken, als evolutie.",
    ),
    (
        "views/data.py",
        "Gegevens inladen",
        ":material/database:",
        "Data: officiële bestanden inlezen en controleren.",
    ),
)

ds = cache.dataset()
path = str(cache.data_dir())

st.title("Overzicht")
controls.demo_badge()
st.markdown(
    "RadarDuaal zet de erkende leerwerkplekken voor duaal leren in Vlaanderen en "
    "Brussel naast de plaatsen waar elke opleiding gegeven wordt. Zo ziet u waar "
    "werkplekken tekort zijn, welke bedrijven nog erkend kunnen worden en hoe het "
    "aanbod evolueert."
)
for column, (target, label, icon, about) in zip(
    [*st.columns(2), *st.columns(2)], TASKS, strict=True
):
    with column:
        try:
            st.page_link(target, label=label, icon=icon)
        except StreamlitAPIException:  # a page this user may not open
            st.markdown(f"**{label}**")
        st.caption(about)
with st.columns([1, 3])[0]:
    as_of = controls.date_picker(
        "Peildatum", "overview.as_of", "datum", ds.extract_date.date()
    )
h = cache.headline(path, as_of)
before = year_earlier(as_of)
p = cache.headline(path, before)
since = f"t.o.v. {date(before)}"
NA = "niet beschikbaar"
if not h.covered:
    st.warning(
        f"De peildatum {date(as_of)} valt buiten de gegevens "
        f"({cache.coverage().describe()}): de cijfers zijn niet bruikbaar."
    )


def was(value: int | None) -> int | None:
    """The value a year earlier, None when the data does not go back that far (a
    change against zero would look like growth)."""
    return value if p.covered else None


st.subheader(f"Erkende leerwerkplekken op {date(as_of)}")
c1, c2, c3 = st.columns(3)
c1.metric(
    "Erkenningen",
    number(h.recognitions),
    change_text(h.recognitions, was(p.recognitions)),
    delta_description=since,
)
c2.metric(
    "Unieke erkende vestigingen",
    number(h.establishments),
    change_text(h.establishments, was(p.establishments)),
    delta_description=since,
)
c3.metric(
    "Ondernemingen",
    number(h.enterprises),
    change_text(h.enterprises, was(p.enterprises)),
    delta_description=since,
)
st.subheader(f"Aanbod duaal leren, schooljaar {h.school_year}")
since_year = f"t.o.v. {p.school_year}"
c4, c5, c6 = st.columns(3)
c4.metric(
    "Opleidingen met erkenningen",
    h.programmes,
    change_text(h.programmes, was(p.programmes)),
    delta_description=since,
)
c5.metric(
    "Lesplaatsen",
    NA if h.lesplaatsen is None else number(h.lesplaatsen),
    change_text(h.lesplaatsen, p.lesplaatsen),
    delta_description=since_year,
)
c6.metric(
    "Leerlingen",
    NA if h.learners is None else number(h.learners),
    change_text(h.learners, p.learners),
    delta_description=since_year,
)
if h.learners is None:
    st.caption(f"Geen leerlingenaantallen voor schooljaar {h.school_year}.")


def trend_since_start() -> None:
    """Small charts of the totals on 1 October of every year since the first data."""
    totals = trend_cache.yearly_totals(path)
    if len(totals) < 2:
        return
    first = date(totals["datum"].iloc[0])
    st.subheader(f"Evolutie sinds {first}")
    cols = st.columns(2)
    for col, measure, title in (
        (cols[0], COL_RECOGNITIONS, "Erkenningen op 1 oktober"),
        (cols[1], "leerlingen", "Leerlingen (teldag 1 oktober)"),
    ):
        data = totals[["datum", measure]].dropna()
        spec = {
            "title": title,
            "height": 180,
            "mark": {"type": "area", "line": True, "opacity": 0.2},
            "encoding": {
                "x": {
                    "field": "datum",
                    "type": "temporal",
                    "title": None,
                    "axis": {"format": "%Y"},
                },
                "y": {"field": measure, "type": "quantitative", "title": None},
                "tooltip": [
                    {
                        "field": "datum",
                        "type": "temporal",
                        "format": "%d-%m-%Y",
                        "title": "datum",
                    },
                    {
                        "field": measure,
                        "type": "quantitative",
                        "format": ",",
                        "title": measure,
                    },
                ],
            },
        }
        col.vega_lite_chart(data, dutch_spec(spec), width="stretch")
    st.page_link(
        "views/tables.py",
        label="Evolutie per provincie, partnerschap of opleiding in Tabellen",
        icon=":material/show_chart:",
        query_params={"tabel": "trend"},
    )


trend_since_start()

table = cache.recognition_table(path, as_of, "province")
long = table[table["provincie"] != TOTAL_LABEL].melt(
    id_vars="provincie",
    value_vars=[COL_RECOGNITIONS, COL_ESTABLISHMENTS],
    var_name="telling",
    value_name="aantal",
)
bars = {
    "title": "Per provincie",
    "height": 320,
    "mark": "bar",
    "encoding": {
        "y": {
            "field": "provincie",
            "type": "nominal",
            "sort": None,
            "title": None,
            "axis": {"labelLimit": 260},
        },
        "x": {"field": "aantal", "type": "quantitative", "title": "aantal"},
        "yOffset": {"field": "telling", "type": "nominal"},
        "color": {
            "field": "telling",
            "type": "nominal",
            "title": None,
            "legend": {"orient": "bottom"},
        },
        "tooltip": [
            {"field": "provincie", "type": "nominal"},
            {"field": "telling", "type": "nominal"},
            {"field": "aantal", "type": "quantitative", "format": ","},
        ],
    },
}
st.vega_lite_chart(long, dutch_spec(bars), width="stretch")

months = controls.settings().expiring_months
expiring = cache.expiring_list(path, as_of, months)
st.subheader(
    f"Erkenningen die binnen {months} maanden vervallen: {number(len(expiring))}"
)
st.caption(
    "Geldig op de peildatum, einddatum (eerste dag zonder erkenning) uiterlijk "
    f"{months} maanden later; de eerstvolgende bovenaan. 'verlengd' = ja als er al een "
    "opvolgende erkenning is; de overige zijn aanknopingspunten voor de "
    "sectorconsulenten."
)
grid.show(expiring, key="overview.expiring", max_rows=8)

st.page_link(
    "views/tables.py",
    label="Naar de tabellen en Excel-export",
    icon=":material/table_chart:",
)
