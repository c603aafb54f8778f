"""Wat als, Streamlit side: the scenario in the URL and the cached computations.

The scenario's changes live in the URL as repeated ``wijziging`` parameters (one
compact token per change, ``radar.scenario.codec``), mirrored in
``st.session_state["scenario.tokens"]``: a shared link reopens the same scenario.
The base and its outcome are cached per dataset, programme, date and weight; each
scenario per its tokens (``st.cache_resource``: never mutate what they return).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from radar.kernel.settings import Settings
from radar.scenario import codec, places
from radar.scenario.apply import apply
from radar.scenario.changes import Scenario
from radar.scenario.compare import (
    Comparison,
    Outcome,
    compare,
    evaluate,
    hexagon_change,
    point_access,
)
from radar.scenario.suggest import (
    effects,
    municipality_candidates,
    suggest_lesplaats,
    suggest_workplaces,
)
from ui import cache

PARAM = "wijziging"
KEY = "scenario.tokens"
PENDING = "scenario.pending"


def tokens() -> list[str]:
    """The scenario's tokens: from the session, else from the link."""
    if KEY not in st.session_state:
        st.session_state[KEY] = list(st.query_params.get_all(PARAM))
    return list(st.session_state[KEY])


def set_tokens(values: list[str]) -> None:
    """Store the tokens in the session and the link."""
    st.session_state[KEY] = list(values)
    if values:
        st.query_params[PARAM] = list(values)
    elif PARAM in st.query_params:
        del st.query_params[PARAM]


def sync_url() -> None:
    """Write the session's tokens into the link (after other widgets wrote theirs)."""
    set_tokens(tokens())


@st.cache_resource(show_spinner=False, max_entries=8)
def base(path: str, programme: str, as_of: pd.Timestamp, weight: float) -> places.Base:
    """The scenario's base for the dataset at ``path`` (shared, read-only)."""
    return places.base(
        cache.prepared(), programme, as_of, weight, cache.dataset().establishments
    )


def _centres() -> pd.DataFrame:
    prep = cache.prepared()
    return prep.cover_centres.assign(code=list(prep.cover_cells))


@dataclass(frozen=True)
class Before:
    """The data as it is: its outcome and the accessibility at hexagon centres."""

    outcome: Outcome
    hex_access: np.ndarray


@st.cache_resource(show_spinner=False, max_entries=8)
def before(
    path: str,
    programme: str,
    as_of: pd.Timestamp,
    weight: float,
    level: str,
    settings: Settings,
) -> Before:
    """The outcome of the base (cached; read-only)."""
    b = base(path, programme, as_of, weight)
    outcome = evaluate(b.supply, b.demand, b.municipalities, level, settings)
    return Before(outcome, point_access(outcome, _centres(), settings))


@dataclass(frozen=True)
class Run:
    """One scenario, applied and compared."""

    scenario: Scenario
    after: Outcome
    comparison: Comparison
    hexagons: pd.DataFrame


@st.cache_resource(show_spinner="Scenario doorrekenen…", max_entries=16)
def run(
    path: str,
    programme: str,
    as_of: pd.Timestamp,
    weight: float,
    level: str,
    settings: Settings,
    token_list: tuple[str, ...],
) -> Run:
    """Apply the scenario of ``token_list`` and compare it with the base."""
    b = base(path, programme, as_of, weight)
    scenario = codec.scenario_of_tokens(b, list(token_list))
    first = before(path, programme, as_of, weight, level, settings)
    supply, demand = apply(b.supply, b.demand, scenario)
    after = evaluate(supply, demand, b.municipalities, level, settings)
    centres = _centres()
    hexagons = hexagon_change(
        centres, first.hex_access, point_access(after, centres, settings)
    )
    return Run(scenario, after, compare(first.outcome, after), hexagons)


@st.cache_data(show_spinner="Beste plek zoeken…", max_entries=16)
def suggestion(
    path: str,
    programme: str,
    as_of: pd.Timestamp,
    weight: float,
    settings: Settings,
    token_list: tuple[str, ...],
    kind: str,
    amount: int,
) -> pd.DataFrame:
    """The top 10 gemeenten for a new lesplaats (``kind`` "les") or new workplaces
    on top of the scenario, each with its headline."""
    b = base(path, programme, as_of, weight)
    scenario = codec.scenario_of_tokens(b, list(token_list))
    supply, demand = apply(b.supply, b.demand, scenario)
    candidates = municipality_candidates(b.municipalities)
    if kind == "les":
        ranked = suggest_lesplaats(supply, demand, candidates, amount, settings)
        return effects(b, scenario, ranked, settings, n_learners=amount)
    ranked = suggest_workplaces(supply, demand, candidates, amount, settings)
    return effects(b, scenario, ranked, settings, n_workplaces=amount)
