"""Wat als: plan a new lesplaats or new workplaces and compare before and after."""

import pandas as pd
import streamlit as st

from radar.access.policy import Action, may
from radar.kernel.errors import RadarError
from radar.kernel.export import to_excel_csv_bytes
from radar.kernel.format import number as nl
from radar.kernel.format import yes_no
from radar.kernel.regions import ARRONDISSEMENT, MUNICIPALITY, PROVINCE, RESOC
from radar.scenario.changes import Scenario
from radar.scenario.compare import EXISTING, NEW, export_frame
from radar.supply_demand import analysis
from ui import auth, cache, controls, page_cache, scenario_form, scenario_map
from ui import help as helptext
from ui import scenario_state as state
from ui.maps import dutch_table

LEVELS = {
    lvl.slug: lvl.label for lvl in (MUNICIPALITY, ARRONDISSEMENT, PROVINCE, RESOC)
}
VIEWS = {
    "lesplaatsen": "Alle lesplaatsen",
    "gebieden": "Gebieden",
    "beste": "Beste plek",
}
LABELS = {
    "location_id": "lesplaats",
    "school_name": "naam",
    "status": "status",
    "learners_before": "leerlingen voor",
    "learners_after": "leerlingen na",
    "accessibility_before": "bereikbaarheid voor",
    "accessibility_after": "bereikbaarheid na",
    "accessibility_change": "verschil",
    "class_before": "klasse voor",
    "class_after": "klasse na",
    "workplaces_within_radius_before": "werkplekken binnen catchment voor",
    "workplaces_within_radius_after": "werkplekken binnen catchment na",
    "tekortstraal_km_before": "tekortstraal (km) voor",
    "tekortstraal_km_after": "tekortstraal (km) na",
    "is_shortage_before": "tekort binnen catchment voor",
    "is_shortage_after": "tekort binnen catchment na",
    "code": "code",
    "name": "gebied",
    "supply_before": "werkplekken voor",
    "supply_after": "werkplekken na",
    "demand_before": "leerlingen voor",
    "demand_after": "leerlingen na",
    "ratio_before": "werkplekken per leerling voor",
    "ratio_after": "werkplekken per leerling na",
}
SHOWN = [
    "location_id",
    "school_name",
    "class_before",
    "class_after",
    "accessibility_before",
    "accessibility_after",
    "accessibility_change",
    "tekortstraal_km_before",
    "tekortstraal_km_after",
    "learners_after",
]


def table(frame, columns=None):
    """A comparison table with Dutch headers and rounded numbers."""
    shown = frame[columns] if columns else frame
    shown = shown.copy()
    for col in shown.columns:
        if col.startswith("is_shortage"):
            shown[col] = shown[col].map(lambda v: "" if pd.isna(v) else yes_no(v))
    # Three decimals for accessibility: 0,997 is tekort, "1,00" would not say so.
    digits = {c: 3 if c.startswith("accessibility") else 2 for c in shown.columns}
    return dutch_table(
        shown.rename(columns=LABELS), {LABELS.get(c, c): d for c, d in digits.items()}
    )


def delta(now: float, was: float) -> str | None:
    """The change of a metric, or nothing when it did not change."""
    return nl(now - was, sign=True) if now != was else None


user = auth.require(Action.SCENARIO)
settings = controls.settings()
ds, prep, path = cache.dataset(), cache.prepared(), str(cache.data_dir())
scenario_form.apply_pending()

st.title("Wat als")
controls.demo_badge()
st.caption(
    "Plan een nieuwe lesplaats, sluit er een, of voeg werkplekken toe, en zie wat er "
    "verandert voor elke lesplaats in de buurt, concurrentie inbegrepen. Het scenario "
    "verandert de gegevens niet; het staat in de link en kan als bestand bewaard "
    "worden."
)
programme = controls.programme_picker(
    ds.programmes, page_cache.busiest(ds) or "", "scenario"
)
c1, c2, c3 = st.columns([1, 2, 2])
with c1:
    as_of = controls.date_picker(
        "Peildatum", "scenario.as_of", "datum", ds.extract_date.date()
    )
with c2:
    level = controls.radio("Gebieden per", LEVELS, "scenario.level", "niveau")
with c3:
    related = controls.toggle(
        f"Verwante opleidingen meetellen (gewicht {nl(settings.related_weight, 1)})",
        "scenario.related",
        "verwant",
    )
weight = settings.related_weight if related else 0.0
notices = analysis.availability(prep, programme, as_of)
for notice in notices:
    st.warning(f"Niet beschikbaar: {notice}.", icon=":material/event_busy:")
if notices:
    st.stop()

base = state.base(path, programme, as_of, weight)
tokens, changes, errors = scenario_form.build_all(base, state.tokens())
for error in errors:
    st.warning(f"Wijziging uit de link genegeerd: {error}")
state.set_tokens(tokens)

left, right = st.columns([2, 3])
with left:
    st.subheader("Wijzigingen")
    scenario_form.change_list(base, tokens, changes)
    with st.container(border=True):
        prospects = may(
            user, Action.PROSPECTS, auth.programme(ds.programmes, programme)
        )
        scenario_form.add_change(base, tokens, changes, settings, prospects)
    scenario_form.files(Scenario(programme, as_of, tuple(changes), weight))

try:
    result = state.run(path, programme, as_of, weight, level, settings, tuple(tokens))
except RadarError as exc:
    with right:
        st.error(f"Dit scenario kan niet: {exc}")
    st.stop()
first = state.before(path, programme, as_of, weight, level, settings).outcome
comparison = result.comparison
loc = comparison.locations

with right:
    if changes:
        st.info(comparison.headline, icon=":material/compare_arrows:")
    else:
        st.info(
            "Voeg links een wijziging toe: de kaart toont dan het verschil.",
            icon=":material/science:",
        )

    m = st.columns(4)
    existing_after = loc[loc["status"] != "gesloten"]
    short_before = int((first.locations["class"] == "tekort").sum())
    short_after = int((existing_after["class_after"] == "tekort").sum())
    m[0].metric(
        "In tekort",
        nl(short_after),
        delta(short_after, short_before),
        delta_color="inverse",
        help="Lesplaatsen in tekort: bestaande lesplaatsen met een bereikbaarheid "
        "in de klasse tekort, na "
        "het scenario (de pijl: verschil met voor). "
        + helptext.metric("accessibility", settings),
    )
    supply_before = first.supply["supply"].sum()
    supply_after = result.after.supply["supply"].sum()
    m[1].metric(
        "Werkplekken",
        nl(supply_after),
        delta(supply_after, supply_before),
        help="Erkende werkplekken na het scenario. "
        + helptext.metric("supply", settings),
    )
    learners_before = first.demand["demand"].sum()
    learners_after = result.after.demand["demand"].sum()
    m[2].metric(
        "Leerlingen",
        nl(learners_after),
        delta(learners_after, learners_before),
        help=helptext.metric("demand", settings),
    )
    m[3].metric(
        "Lesplaatsen",
        nl(len(existing_after)),
        help="Lesplaatsen van de opleiding na het scenario (gesloten niet meegeteld).",
    )
    deck, hex_table = page_cache.scenario_view(
        path, programme, as_of, weight, level, settings, tuple(tokens)
    )
    st.pydeck_chart(deck, key="scenario.map", height=scenario_map.HEIGHT_PX)
    st.markdown(scenario_map.legend(), unsafe_allow_html=True)
    st.caption(
        "Verschil in bereikbaarheid (werkplekken per leerling, E2SFCA) door het "
        f"scenario; verschillen kleiner dan {nl(scenario_map.SMALLEST, 2)} zijn "
        "niet getekend."
    )
    # Built only while open (a rerun when opened).
    with st.expander(
        "Kaart als tabel", key="scenario.map_table", on_change="rerun"
    ) as box:
        st.caption(
            "De hexagonen waar de bereikbaarheid verandert, bij hun gemeente, "
            "grootste verschil eerst; de lesplaatsen staan in de tabellen hieronder."
        )
        if box.open:
            st.dataframe(
                dutch_table(hex_table, {c: 3 for c in hex_table.columns[1:4]}),
                hide_index=True,
                width="stretch",
                height=260,
                key="scenario.map_hexagons",
            )

changed = comparison.changed
st.subheader(f"Lesplaatsen die van klasse veranderen ({nl(len(changed))})")
st.caption(
    "Klasse van de bereikbaarheid (werkplekken per leerling, concurrentie "
    f"inbegrepen): tekort onder {nl(settings.ratio_tekort, 1)}, krap onder "
    f"{nl(settings.ratio_krap, 1)}, voldoende onder {nl(settings.ratio_ruim, 1)}, "
    "daarboven ruim. Grootste verschil eerst."
)
if changed.empty:
    st.write("Geen bestaande lesplaats verandert van klasse.")
else:
    st.dataframe(
        table(changed, SHOWN), hide_index=True, width="stretch", key="scenario.changed"
    )
st.download_button(
    "Download alle lesplaatsen voor en na (CSV)",
    # Built when clicked, not on every rerun of the page.
    # Dutch headers, ';' and decimal commas, for Belgian Excel (the CLI keeps the
    # machine names: `python -m radar scenario --format csv`).
    lambda: to_excel_csv_bytes(export_frame(comparison).rename(columns=LABELS)),
    f"wat_als_{programme}_{as_of:%Y-%m-%d}.csv",
    "text/csv",
    key="scenario.csv",
    on_click="ignore",
)

view = controls.radio("Toon", VIEWS, "scenario.view", "toon")
if view == "lesplaatsen":
    order = loc.assign(_s=loc["status"].map({NEW: 0, EXISTING: 1}).fillna(2))
    order = order.assign(_a=-order["accessibility_change"].abs().fillna(0))
    order = order.sort_values(["_s", "_a", "location_id"]).drop(columns=["_s", "_a"])
    st.dataframe(table(order), hide_index=True, width="stretch", height=360)
elif view == "gebieden":
    st.caption(
        f"Gebieden ({LEVELS[level].lower()}) waar werkplekken of leerlingen "
        "veranderen: verhouding en klasse voor en na."
    )
    st.dataframe(table(comparison.areas), hide_index=True, width="stretch", height=360)
else:
    b1, b2 = st.columns([2, 1])
    with b1:
        kind = controls.radio(
            "Zoek de beste gemeente voor",
            {"les": "een nieuwe lesplaats", "plek": "nieuwe werkplekken"},
            "scenario.best.kind",
            "zoek",
        )
    with b2:
        label, default = ("Leerlingen", 20) if kind == "les" else ("Werkplekken", 10)
        amount = controls.number(
            label, f"scenario.best.{kind}", f"aantal_{kind}", default, 1, 10_000
        )
    best = state.suggestion(
        path, programme, as_of, weight, settings, tuple(tokens), kind, amount
    )
    if kind == "les":
        st.caption(
            "Gerangschikt op de werkplekken die de nieuwe leerlingen krijgen min wat "
            "de bestaande lesplaatsen verliezen, elk geteld tot 'voldoende' "
            f"({nl(settings.ratio_krap, 1)} werkplekken per leerling): meer dan "
            "genoeg maakt een plek niet beter, wie voldoende blijft verliest niets. "
            "Bij gelijkstand eerst de hoogste bereikbaarheid van de nieuwe lesplaats."
        )
        cols = {
            "rank": "#",
            "name": "gemeente",
            "net_workplaces": "netto werkplekken",
            "headline": "effect",
            "benefit": "voor de nieuwe leerlingen",
            "harm": "verlies bestaande lesplaatsen",
            "accessibility_new": "bereikbaarheid nieuwe lesplaats",
            "class_new": "klasse nieuwe lesplaats",
            "lesplaatsen_lower": "lesplaatsen een klasse lager",
        }
    else:
        st.caption(
            "Gerangschikt op de werkplekken die leerlingen onder 'voldoende' "
            "bereiken (hoogstens wat hen ontbreekt)."
        )
        cols = {
            "rank": "#",
            "name": "gemeente",
            "shortfall_closed": "tekort weggewerkt",
            "headline": "effect",
            "lesplaatsen_reached": "lesplaatsen bereikt",
            "lesplaatsen_higher": "lesplaatsen hogere klasse",
        }
    shown = best[list(cols)].rename(columns=cols)
    st.dataframe(
        dutch_table(shown, {"bereikbaarheid nieuwe lesplaats": 2}),
        hide_index=True,
        width="stretch",
        key="scenario.best",
    )
    names = dict(zip(best["code"], best["name"], strict=True))
    pick = st.selectbox(
        "Neem over in het scenario", list(names), format_func=names.get,
        key="scenario.best.pick",
    )  # fmt: skip
    if st.button("Voeg toe aan het scenario", key="scenario.best.add"):
        token = (
            f"les:{amount}:gemeente:{pick}"
            if kind == "les"
            else f"plek:{amount}:gemeente:{pick}"
        )
        state.set_tokens([*tokens, token])
        st.rerun()
state.sync_url()
