"""Wat als, the left column: add a change, list and remove changes, the JSON file.

Every change becomes a link token (``radar.scenario.codec``) checked by building it
on the base before it is stored, so a bad value is refused with its Dutch message
and never reaches the link.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from radar.kernel import schema as s
from radar.kernel.errors import RadarError
from radar.kernel.regions import (
    ARRONDISSEMENT,
    MUNICIPALITY,
    PROVINCE,
    RESOC,
    region_names,
)
from radar.kernel.settings import Settings
from radar.scenario import codec, places
from radar.scenario.changes import Change, CloseLesplaats, Scenario, new_location_ids
from ui import cache
from ui import scenario_state as state

KINDS = {
    "les": "Nieuwe lesplaats",
    "plek": "Werkplekken toevoegen",
    "dicht": "Lesplaats sluiten",
    "lln": "Leerlingen wijzigen",
    "erken": "Prospecten erkennen",
    "verval": "Erkenningen laten vervallen",
}
AREA_LEVELS = {
    lvl.slug: lvl.label for lvl in (MUNICIPALITY, ARRONDISSEMENT, RESOC, PROVINCE)
}


def apply_pending() -> None:
    """Before any widget: take over an uploaded scenario (programme, date, weight,
    changes) stored by ``files`` on the previous run."""
    pending = st.session_state.pop(state.PENDING, None)
    if not pending:
        return
    st.session_state["scenario.sector"] = ""
    st.session_state["scenario.programme"] = pending["programme"]
    st.session_state["scenario.as_of"] = pending["as_of"]
    st.session_state["scenario.related"] = pending["related"]
    state.set_tokens(pending["tokens"])


def build_all(
    b: places.Base, tokens: list[str]
) -> tuple[list[str], list[Change], list[str]]:
    """Build every token; return the good tokens, their changes and the errors."""
    good, changes, errors = [], [], []
    for token in tokens:
        try:
            changes.append(codec.build(b, codec.spec_of_token(token)))
            good.append(token)
        except RadarError as exc:
            errors.append(f"{token}: {exc}")
    return good, changes, errors


def _add(b: places.Base, tokens: list[str], spec: codec.Spec) -> None:
    try:
        codec.build(b, spec)
    except RadarError as exc:
        st.error(str(exc))
        return
    state.set_tokens([*tokens, codec.token_of(spec)])
    st.rerun()


def _gemeente(b: places.Base, key: str) -> str:
    names = region_names(b.municipalities, MUNICIPALITY)
    default = "11002" if "11002" in names else next(iter(names))
    if key not in st.session_state:
        st.session_state[key] = default
    value: str = st.selectbox(
        "Gemeente (typ om te zoeken)", list(names), format_func=names.get, key=key
    )
    return value


def _point(key: str) -> tuple[float, float]:
    a, b = st.columns(2)
    lat = a.number_input(
        "Breedtegraad", 49.5, 51.5, 51.05, 0.01, format="%.4f", key=f"{key}.lat"
    )
    lng = b.number_input(
        "Lengtegraad", 2.5, 6.4, 4.4, 0.01, format="%.4f", key=f"{key}.lng"
    )
    return float(lat), float(lng)


def _lesplaats(key: str, options: dict[str, str]) -> str | None:
    value: str | None = st.selectbox(
        "Lesplaats (typ om te zoeken)",
        list(options),
        format_func=lambda i: f"{options[i]} ({i})",
        key=key,
    )
    return value


def add_change(
    b: places.Base,
    tokens: list[str],
    changes: list[Change],
    settings: Settings,
    prospects: bool,
) -> None:
    """The form that adds one change to the scenario; "Prospecten erkennen" only
    when ``prospects`` (the user may use Prospectie for this programme)."""
    kinds = {k: v for k, v in KINDS.items() if prospects or k != "erken"}
    kind = st.selectbox(
        "Soort wijziging", list(kinds), format_func=kinds.get, key="scenario.kind"
    )
    spec: codec.Spec = {}
    typical = int(b.demand[s.LEARNERS].median()) if len(b.demand) else 10
    if kind == "les":
        where = st.radio(
            "Waar", ["gemeente", "punt"], horizontal=True, key="scenario.les.where"
        )
        place: codec.Spec = (
            {"nis": _gemeente(b, "scenario.les.gemeente")}
            if where == "gemeente"
            else dict(zip(("lat", "lng"), _point("scenario.les"), strict=True))
        )
        n = st.number_input(
            "Leerlingen", 1, 10_000, max(typical, 1), key="scenario.les.n"
        )
        spec = {"kind": "add_lesplaats", "learners": int(n), **place}
    elif kind == "plek":
        where = st.radio(
            "Waar",
            ["gemeente", "gebied", "punt"],
            horizontal=True,
            key="scenario.plek.where",
        )
        if where == "gemeente":
            nis = _gemeente(b, "scenario.plek.gemeente")
            place = {"area": f"{MUNICIPALITY.slug}:{nis}"}
        elif where == "gebied":
            place = {"area": _area(b, "scenario.plek", with_municipality=False)}
            st.caption("Verspreid over de gemeenten van het gebied, naar inwoners.")
        else:
            place = dict(zip(("lat", "lng"), _point("scenario.plek"), strict=True))
        m = st.number_input("Werkplekken", 1, 100_000, 10, key="scenario.plek.n")
        spec = {"kind": "add_workplaces", "workplaces": int(m), **place}
    elif kind in ("dicht", "lln"):
        options = _current_lesplaatsen(b, changes)
        if not options:
            st.info("Geen lesplaatsen voor deze opleiding.")
            return
        chosen = _lesplaats(f"scenario.{kind}.id", options)
        if kind == "dicht":
            spec = {"kind": "close", "location_id": chosen}
        else:
            n = st.number_input("Leerlingen", 0, 10_000, typical, key="scenario.lln.n")
            spec = {"kind": "set_learners", "location_id": chosen, "learners": int(n)}
    elif kind == "erken":
        area = _area(b, "scenario.erken", with_municipality=True)
        top = st.number_input("Aantal prospecten", 1, 500, 10, key="scenario.erken.n")
        st.caption("De beste prospecten van Prospectie in dit gebied worden erkend.")
        spec = {"kind": "recognise", "area": area, "top": int(top)}
    else:
        default = (b.as_of + pd.DateOffset(years=1)).date()
        before = st.date_input(
            "Erkenningen die aflopen vóór",
            default,
            min_value=(b.as_of + pd.Timedelta(days=1)).date(),
            max_value=dt.date(2040, 12, 31),
            format="DD-MM-YYYY",
            key="scenario.verval.date",
        )
        spec = {"kind": "drop_expiring", "before": f"{before:%Y-%m-%d}"}
    if st.button("Toevoegen", key="scenario.add", type="primary"):
        if spec.get("kind") == "recognise":
            spec = _prospects(b, spec, settings)
        if spec:
            _add(b, tokens, spec)


def _area(b: places.Base, key: str, with_municipality: bool) -> str:
    levels = {
        k: v
        for k, v in AREA_LEVELS.items()
        if with_municipality or k != MUNICIPALITY.slug
    }
    level = st.selectbox(
        "Niveau", list(levels), format_func=levels.get, key=f"{key}.level"
    )
    names = region_names(b.municipalities, level)
    code = st.selectbox(
        levels[level] + " (typ om te zoeken)",
        list(names),
        format_func=names.get,
        key=f"{key}.{level}",
    )
    return f"{level}:{code}"


def _prospects(b: places.Base, spec: codec.Spec, settings: Settings) -> codec.Spec:
    level, _, code = str(spec["area"]).partition(":")
    try:
        result = cache.prospect_list(
            str(cache.data_dir()), b.programme_id, b.as_of, level, code,
            settings.prospect_radius_km, settings, int(spec["top"]),
            False, False, True,
        )  # fmt: skip
    except RadarError as exc:
        st.error(str(exc))
        return {}
    numbers = [str(n) for n in result.table[s.ESTABLISHMENT_NUMBER]]
    if not numbers:
        st.warning("Geen prospecten in dit gebied.")
        return {}
    return {"kind": "recognise", "establishments": numbers}


def _current_lesplaatsen(b: places.Base, changes: list[Change]) -> dict[str, str]:
    names = b.location_names
    for new_id in new_location_ids(tuple(changes)):
        names[new_id] = f"Nieuwe lesplaats {new_id.rsplit('-', 1)[-1]}"
    closed = {c.location_id for c in changes if isinstance(c, CloseLesplaats)}
    ordered = sorted(names.items(), key=lambda kv: kv[1])
    return {i: n for i, n in ordered if i not in closed}


def change_list(b: places.Base, tokens: list[str], changes: list[Change]) -> None:
    """The scenario's changes, each with a button that removes it."""
    if not changes:
        st.caption("Nog geen wijzigingen: voeg er hieronder een toe.")
        return
    names = b.location_names
    for i, change in enumerate(changes):
        text, button = st.columns([6, 1])
        text.markdown(f"{i + 1}. {change.describe(names)}")
        if button.button("✕", key=f"scenario.remove.{i}", help="Wijziging weghalen"):
            state.set_tokens([t for j, t in enumerate(tokens) if j != i])
            st.rerun()
    if st.button("Alle wijzigingen wissen", key="scenario.clear"):
        state.set_tokens([])
        st.rerun()


def files(scenario: Scenario) -> None:
    """Download the scenario as JSON; open one (programme, date and changes)."""
    st.download_button(
        "Download scenario (JSON)",
        codec.to_json(scenario),
        f"scenario_{scenario.programme_id}_{scenario.as_of:%Y-%m-%d}.json",
        "application/json",
        key="scenario.json",
        disabled=not scenario.changes,
    )
    upload = st.file_uploader(
        "Scenario openen (JSON)", type=["json"], key="scenario.upload"
    )
    if upload is None or st.session_state.get("scenario.upload_seen") == upload.file_id:
        return
    st.session_state["scenario.upload_seen"] = upload.file_id
    try:
        programme, as_of, weight, specs = codec.read_json(upload.getvalue())
        tokens = [codec.token_of(spec) for spec in specs]
    except (RadarError, KeyError, TypeError) as exc:
        st.error(f"Scenariobestand niet te lezen: {exc}")
        return
    st.session_state[state.PENDING] = {
        "programme": programme,
        "as_of": as_of.date(),
        "related": weight > 0,
        "tokens": tokens,
    }
    st.rerun()
