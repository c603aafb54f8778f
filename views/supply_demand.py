"""Vraag & aanbod: workplaces against learners per programme, on a map and in tables."""

import altair as alt
import pandas as pd
import streamlit as st

from radar.kernel.export import to_excel_csv_bytes
from radar.kernel.format import number as nl
from radar.kernel.regions import ARRONDISSEMENT, HEX7, MUNICIPALITY, PROVINCE, RESOC
from radar.supply_demand.locations import radius_curve
from ui import cache, controls, grid, page_cache, place_search, sd_map
from ui import help as helptext
from ui.charts import dutch_chart
from ui.errors import notify
from ui.safe import literal, md

LABELS = {
    sd_map.GEMEENTE: "gemeente",
    "name": "gebied",
    "supply": "werkplekken",
    "demand": "leerlingen",
    "ratio": "werkplekken per leerling",
    "class": "klasse",
    "school_name": "lesplaats",
    "learners": "leerlingen",
    "competitors": "concurrenten",
    "shared_share": "aandeel gedeelde werkplekken",
    "workplaces_within_radius": "werkplekken binnen catchment",
    "soort": "soort",
    "is_estimate": "geschat",
    "code": "code",
    "id": "lesplaatscode",
}
DIGITS = {"werkplekken per leerling": 2, "aandeel gedeelde werkplekken": 2}

LEVELS = {
    lvl.slug: lvl.label for lvl in (HEX7, MUNICIPALITY, ARRONDISSEMENT, PROVINCE, RESOC)
}


settings = controls.settings()
ds, prep, path = cache.dataset(), cache.prepared(), str(cache.data_dir())

st.title("Vraag & aanbod")
controls.demo_badge()
programme = controls.programme_picker(ds.programmes, page_cache.busiest(ds) or "", "sd")
c1, c2, c3 = st.columns([1, 2, 2])
with c1:
    as_of = controls.date_picker(
        "Peildatum", "sd.as_of", "datum", ds.extract_date.date()
    )
with c2:
    level = controls.radio("Niveau", LEVELS, "sd.level", "niveau")
with c3:
    metric = controls.radio("Kaart toont", sd_map.METRICS, "sd.metric", "maat")
c4, c5, c6 = st.columns([1, 2, 2])
with c4:
    related = controls.toggle("Verwante opleidingen", "sd.related", "verwant")
with c5:
    weight = controls.number_slider(
        "Gewicht verwante opleidingen",
        "sd.weight",
        "gewicht",
        settings.related_weight,
        0.0,
        1.0,
        0.1,
        disabled=not related,
    )
with c6:
    active = controls.toggle(
        "Alleen actieve werkplekken (met leerling)", "sd.active", "actief"
    )

w = weight if related else 0.0
result = cache.supply_demand(path, programme, as_of, level, w, active, settings)

loc = result.locations
for notice in result.notices:
    st.warning(f"Niet beschikbaar: {notice}.", icon=":material/event_busy:")
unavailable = bool(result.notices)
estimated = int(result.demand["is_estimate"].sum())
m = st.columns(5)
supply_total = result.supply["supply"].sum()
learners_total = result.demand["demand"].sum()
NA = "niet beschikbaar"
m[0].metric(
    "Erkende werkplekken",
    nl(supply_total, 1 if w else 0),
    help=helptext.metric("supply", settings),
)
m[1].metric(
    "Leerlingen (deels geschat)" if estimated else "Leerlingen",
    NA if unavailable else nl(learners_total),
    help=helptext.metric("demand", settings)
    + (
        f" Bij {estimated} lesplaatsen is het aantal leerlingen onbekend en geschat "
        "(de mediaan van de bekende aantallen van dat schooljaar)."
        if estimated
        else ""
    ),
)
m[2].metric(
    "Werkplekken per leerling",
    NA
    if unavailable
    else nl(supply_total / learners_total, 1)
    if learners_total
    else "geen vraag",
    help=helptext.metric("ratio", settings),
)
m[3].metric(
    "Lesplaatsen",
    NA if unavailable else nl(len(loc)),
    help="Plaatsen waar de opleiding in het schooljaar van de peildatum gegeven wordt.",
)
m[4].metric(
    "Lesplaatsen met tekort",
    NA if unavailable else nl(loc["is_shortage"].sum() if len(loc) else 0),
    help=helptext.metric("shortage_locations", settings),
)
if estimated and not unavailable:
    st.caption(
        f"Geschat: bij {estimated} van de {len(loc)} lesplaatsen is het aantal "
        "leerlingen onbekend; zij tellen mee met de mediaan van de bekende aantallen "
        "van dat schooljaar (kolom 'geschat' in de tabellen)."
    )

place = place_search.place_box(ds.municipalities, ds.postal_codes, "sd")
km = nl(settings.catchment_km)
st.caption(
    "Twee signalen, twee vragen: de kleur van een gebied zegt hoeveel werkplekken er "
    "per leerling zijn in dat gebied zelf (een hexagoon: met zijn buren tot twee "
    "ringen ver), een rode lesplaats dat haar leerlingen en die van de concurrenten "
    f"samen binnen {km} km niet genoeg werkplekken vinden (tekortstraal). Rode "
    "hexagonen rond een blauwe lesplaats spreken elkaar dus niet tegen: daar zijn "
    "weinig werkplekken, maar binnen bereik van de school wel genoeg."
)
view = page_cache.sd_view(
    path, programme, as_of, level, w, active, metric, place, settings
)
event = st.pydeck_chart(
    view.deck,
    on_select="rerun",
    selection_mode="single-object",
    key="sd.map",
    height=sd_map.HEIGHT_PX,
)
st.markdown(view.legend, unsafe_allow_html=True)


def near(frame: pd.DataFrame, at_level=result.level) -> pd.DataFrame:
    """The rows of a table in the searched place's neighbourhood (all without one)."""
    if place is None:
        return frame
    keep = sd_map.place_mask(frame, place, at_level, prep, place_search.RADIUS_KM)
    return frame[keep]


located = loc[["id", "lat", "lng", "nis"]].rename(columns={"id": "code"})
# Built only while open (a rerun when opened): thousands of hexagons make a table
# that costs more than the map itself.
with st.expander("Kaart als tabel", key="sd.map_table", on_change="rerun") as box:
    st.caption(
        "Wat de kaart toont, per gebied (hexagonen bij hun gemeente, met hun "
        "H3-celcode) en per lesplaats."
        + (f" Enkel {md(place.label)} en omgeving." if place else "")
    )
    if box.open:
        map_areas, map_schools = view.tables(prep, place, place_search.RADIUS_KM)
        grid.show(
            map_areas,
            key="sd.map_areas",
            digits={sd_map.METRICS[metric]: 2},
            pin_total=False,
            height=260,
        )
        grid.show(
            map_schools,
            key="sd.map_schools",
            digits={"bereikbaarheid": 2},
            pin_total=False,
            height=260,
        )

names = dict(zip(loc["id"], loc["school_name"], strict=True))
picked = (event.selection.objects.get("lesplaatsen") or [None])[0] if event else None
pick_id = picked.get("id") if picked else None
if pick_id in names and pick_id != st.session_state.get("sd.last_pick"):
    # A new click on the map wins over the select box (the selection persists).
    st.session_state["sd.location"] = pick_id
    st.session_state["sd.last_pick"] = pick_id
elif "sd.location" not in st.session_state:
    asked = st.query_params.get("lesplaats")
    st.session_state["sd.location"] = asked
    if asked is not None and asked not in names:
        notify(
            f"De lesplaats {literal(asked)} in de link biedt deze opleiding niet aan "
            "op de peildatum. Getoond: geen lesplaats gekozen."
        )
if st.session_state["sd.location"] not in names:
    st.session_state["sd.location"] = None
detail_col, curve_col = st.columns([2, 3])
with detail_col:
    chosen = st.selectbox(
        "Lesplaats",
        list(names),
        format_func=lambda i: f"{names[i]} ({i})",
        placeholder="Klik op de kaart of kies",
        key="sd.location",
    )
    if chosen is None:
        st.query_params.pop("lesplaats", None)
    if chosen:
        st.query_params["lesplaats"] = chosen
        row = loc[loc["id"] == chosen].iloc[0]
        d1, d2, d3 = st.columns(3)
        d1.metric(
            "Leerlingen (geschat)" if row["is_estimate"] else "Leerlingen",
            nl(row["learners"]),
            help="Leerlingen van de opleiding op deze lesplaats.",
        )
        d2.metric(
            "Concurrenten",
            nl(row["competitors"]),
            help=f"Andere lesplaatsen van de opleiding binnen {km} km.",
        )
        d3.metric(
            "Bereikbaarheid",
            nl(row["accessibility"], 2),
            help=helptext.metric("accessibility", settings),
        )
        radius = row["tekortstraal_km"]
        st.write(
            f"**{md(row['school_name'])}** ({md(row['provider_type'])}): "
            + (
                f"geen tekortstraal binnen {nl(settings.shortage_max_km)} km"
                if pd.isna(radius)
                else f"tekortstraal {nl(radius)} km"
            )
        )
        st.caption(helptext.metric("tekortstraal", settings))
        curve = radius_curve(
            result.supply,
            result.demand,
            chosen,
            settings.shortage_tau,
            settings.shortage_max_km,
        )
        long = curve.melt("radius_km", var_name="reeks", value_name="aantal").replace(
            {"workplaces": "werkplekken S(r)", "needed": "tau x leerlingen D(r)"}
        )
        chart = (
            alt.Chart(long)
            .mark_line()
            .encode(
                x=alt.X("radius_km:Q", title="straal (km)"),
                y=alt.Y("aantal:Q", title="aantal"),
                color=alt.Color(
                    "reeks:N", title=None, legend=alt.Legend(orient="bottom")
                ),
            )
        )
        if not pd.isna(radius):
            rule = (
                alt.Chart(pd.DataFrame({"r": [radius]}))
                .mark_rule(color="#d7301f", strokeDash=[4, 3])
                .encode(x="r:Q")
            )
            chart = chart + rule
        with curve_col:
            st.altair_chart(dutch_chart(chart.properties(height=260)), width="stretch")


def shortage_table() -> pd.DataFrame:
    return near(sd_map.name_areas(result.shortage_areas, prep, result.level.is_hex))


def room_table() -> pd.DataFrame:
    cells = sd_map.name_areas(result.room_cells.assign(soort="hexagoon"), prep, True)
    munis = result.room_municipalities
    return near(
        pd.concat(
            [
                munis.assign(
                    soort="gemeente", gemeente=munis["name"], nis=munis["code"]
                ),
                cells.drop(columns=["name"], errors="ignore"),
            ]
        )
    )


def overtal_table() -> pd.DataFrame:
    return near(result.overtal.merge(located.rename(columns={"code": "id"})))


# Only the open tab is built (a rerun when another is chosen).
tabs = st.tabs(
    ["Tekortgebieden", "Ruimte voor bijkomend aanbod", "Overtal"],
    key="sd.tabs",
    on_change="rerun",
)
tables = [
    ("tekort", shortage_table, ["gemeente", "supply", "demand", "ratio", "class"]),
    ("bijkomend_aanbod", room_table, ["gemeente", "soort", "workplaces_within_radius"]),
    ("overtal", overtal_table, ["school_name"]),
]
for tab, (name, build, first) in zip(tabs, tables, strict=True):
    if not tab.open:
        continue
    frame = build()
    with tab:
        rest = [c for c in frame.columns if c not in first and c in LABELS]
        if result.level.is_hex or name != "tekort":
            rest = [c for c in rest if c != "name"]  # a hexagon's name is its id
        else:
            first = [c for c in first if c != "gemeente"]  # the region's own name
            rest = [c for c in rest if c != "name"]
            first = ["name", *first]
        shown = frame[first + rest].rename(columns=LABELS)
        code = {"tekort": "H3-cel" if result.level.is_hex else "code"}
        shown = shown.rename(columns={"code": code.get(name, "NIS-code of H3-cel")})
        grid.show(
            shown, key=f"sd.table.{name}", digits=DIGITS, pin_total=False, height=300
        )
        st.download_button(
            "Download CSV",
            # Built when clicked, not on every rerun of the page; ';' and decimal
            # commas, for Belgian Excel.
            lambda shown=shown: to_excel_csv_bytes(shown),
            f"{name}_{programme}_{as_of:%Y-%m-%d}.csv",
            "text/csv",
            key=f"sd.csv.{name}",
            on_click="ignore",
        )
