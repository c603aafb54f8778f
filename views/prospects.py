"""Prospectie: ranked establishments that could become workplaces, with reasons."""

import streamlit as st

from radar.access.policy import Action
from radar.kernel import params
from radar.kernel.errors import RadarError
from radar.kernel.format import date, number
from radar.kernel.placenames import near_place
from radar.kernel.regions import REGIONS
from radar.prospects import ranking as prospects
from radar.prospects import reasons
from radar.prospects.export import HEADERS
from radar.prospects.index import NEAR
from ui import auth, cache, controls, followup, grid, place_search, prospect_map
from ui import help as helptext
from ui.safe import md

LEVELS = {lvl.slug: lvl.label for lvl in REGIONS} | {NEAR: "Straal rond lesplaats"}

user = auth.require(Action.PROSPECTS)
ds = cache.dataset()
path = str(cache.data_dir())
settings = controls.settings()

st.title("Prospectie")
controls.demo_badge()
st.caption(
    "Vestigingen uit het ondernemingsregister die nog niet erkend zijn voor de "
    "opleiding, gerangschikt met de reden per rij."
)
mine = auth.prospect_programmes(ds.programmes, user)
programme = controls.programme_picker(mine, "SO-115", "prospects")
guarded = auth.programme(ds.programmes, programme)
auth.require(Action.PROSPECTS, guarded)
c1, c2, c3 = st.columns([1, 1, 2])
with c1:
    as_of = controls.date_picker(
        "Peildatum", "prospects.as_of", "datum", ds.extract_date.date()
    )
with c2:
    level = controls.choice("Zoeken in", LEVELS, "prospects.level", "niveau")
with c3:
    if level == NEAR:
        locs = cache.programme_locations(path, programme, as_of, settings)
        names = dict(zip(locs["id"], locs["school_name"], strict=True))
        if not names:
            st.warning("Geen lesplaats biedt deze opleiding aan in dit schooljaar.")
            st.stop()
        code = controls.choice("Lesplaats", names, "prospects.location", "lesplaats")
    else:
        options = prospects.area_options(ds, level)
        code = controls.choice(LEVELS[level], options, f"prospects.{level}", "gebied")
f1, f2, f3, f4, f5 = st.columns(5)
with f1:
    radius = settings.prospect_radius_km
    if level == NEAR:
        radius = controls.number_slider(
            "Straal (km)", "prospects.radius", "km", radius, 1.0, 50.0, 1.0
        )
with f2:
    main_only = controls.flag("Enkel hoofdactiviteit", "prospects.main_only", "hoofd")
with f3:
    employers = controls.flag("Enkel werkgevers", "prospects.employers", "werkgever")
with f4:
    warm = controls.toggle("Warme contacten", "prospects.warm", "warm", True)
with f5:
    top_n = controls.number(
        "Aantal rijen", "prospects.top", "top", settings.prospect_top_n, 10, 5000
    )
try:
    # An ended programme, or a date without learner counts (the lesplaatsen that
    # weigh the distance), is stated rather than answered with a list.
    params.programme(programme, ds.programmes, as_of)
    params.as_of(as_of, cache.coverage(), need_learners=True)
except RadarError as exc:
    st.warning(f"Niet beschikbaar: {md(str(exc))}.", icon=":material/event_busy:")
    st.stop()
try:
    result = cache.prospect_list(
        path, programme, as_of, level, code, radius, settings,
        top_n, main_only, employers, warm,
    )  # fmt: skip
except RadarError as exc:
    st.error(md(str(exc)))
    st.stop()

table = followup.with_followup(result.table, programme)
place = place_search.place_box(ds.municipalities, ds.postal_codes, "prospects")
recognised, locations = result.recognised, result.locations
if place is not None:
    r_km = place_search.RADIUS_KM

    def _near(frame):
        nis = frame.get("nis", None)
        return frame[near_place(frame["lat"], frame["lng"], nis, place, r_km)]

    listed = len(table)
    table = _near(table).reset_index(drop=True)
    recognised, locations = _near(recognised), _near(locations)
    st.caption(
        f"{number(len(table))} van de {number(listed)} vestigingen in de lijst liggen "
        f"in {md(place.label)} of binnen {number(r_km)} km ervan."
    )
st.subheader(f"{md(result.programme_name)} · {md(result.area_label)} · {date(as_of)}")
m1, m2, m3 = st.columns(3)
m1.metric(
    "Kandidaten",
    number(result.n_candidates),
    help="Vestigingen in het gebied met een passende NACE-code die nog niet erkend "
    "zijn voor de opleiding (met de filters hierboven).",
)
m2.metric(
    "In de lijst",
    number(len(table)),
    help="De best scorende kandidaten, tot het gekozen aantal rijen. "
    + helptext.metric("score", settings),
)
m3.metric(
    "Al erkend in het gebied",
    number(len(result.recognised)),
    help=helptext.metric("recognitions", settings),
)
LIST = {
    column: HEADERS[column]
    for column in (prospects.RANK, prospects.SCORE, "name", prospects.REASON)
}
LIST[followup.STATUS] = followup.FOLLOWUP_HEADERS[followup.STATUS]
LIST[prospects.DISTANCE_KM] = "afstand (km)"
shown = table[list(LIST)].rename(columns=LIST)[
    ["rang", "score", "naam", LIST[followup.STATUS], "waarom", "afstand (km)"]
]
# The reason wraps over a few lines (rows higher than 4rem let the grid wrap); the
# address and the activity are in the detail view and the export.
event = grid.show(
    shown,
    key="prospects.table",
    digits={"score": 2, "afstand (km)": 1},
    # Fits the page at a 1,500-pixel-wide window: nothing cut off, the reason in
    # up to five lines.
    widths={
        "rang": 52,
        "score": 60,
        "naam": 170,
        LIST[followup.STATUS]: 124,
        "waarom": 480,
        "afstand (km)": 104,
    },
    help={
        "waarom": "Waarom deze vestiging in de lijst staat; de factoren staan in "
        "het detail van de rij.",
        "afstand (km)": "Afstand tot de dichtste lesplaats van de opleiding, in km "
        "(in de export: 'afstand tot lesplaats (km)').",
        "score": helptext.metric("score", settings),
    },
    pin_total=False,
    height=460,
    row_height=100,
    on_select="rerun",
    selection_mode="single-row",
)
rows = event.selection.rows if event else []
selected = table.iloc[rows[0]] if rows else None
left, right = st.columns([3, 2])
with left:
    deck = prospect_map.prospect_deck(
        table,
        recognised,
        locations,
        None if selected is None else selected["establishment_number"],
        place=place,
        municipalities=ds.municipalities,
    )
    st.pydeck_chart(deck, height=prospect_map.HEIGHT_PX, key="prospects.map")
    st.html(prospect_map.legend())
    # Built only while open (a rerun when opened).
    with st.expander(
        "Kaart als tabel", key="prospects.map_table", on_change="rerun"
    ) as box:
        st.caption(
            "De kandidaten staan in de lijst hierboven; de kaart toont daarnaast de "
            "lesplaatsen van de opleiding en de vestigingen die al erkend zijn."
        )
        if box.open:
            schools, done = prospect_map.map_tables(recognised, locations)
            grid.show(schools, key="prospects.map_schools", pin_total=False)
            grid.show(done, key="prospects.map_done", pin_total=False)
with right:
    if selected is None:
        st.info("Kies een rij in de tabel voor de details.")
    else:
        # names, addresses and reasons come from the data: shown as text, never as
        # Markdown (a name "[x](http://...)" must not become a link)
        st.markdown(f"**{md(selected['name'])}** (#{selected['rank']})")
        st.caption(
            f"{md(selected['address'])} · vestiging "
            f"{md(selected['establishment_number'])} · onderneming "
            f"{md(selected['enterprise_number'])}"
        )
        st.markdown(md(selected["reason"]))
        st.dataframe(
            reasons.factor_table(selected, settings),
            hide_index=True,
            key="prospects.factors",
        )
        followup.editor(selected, guarded, user)
stem = f"prospectie_{programme}_{code}_{as_of:%Y-%m-%d}"
followup.downloads(result, table, ds, as_of, stem, guarded)
with st.expander("Hoe de score werkt"):
    st.markdown(reasons.SCORE_HELP)
    st.dataframe(reasons.weights_frame(settings), hide_index=True)
