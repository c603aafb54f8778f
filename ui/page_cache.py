"""Caches of the consultant pages (Vraag & aanbod, Prospectie, Wat als).

Two kinds:

- ``per_object(obj, build)``: a value derived from one shared, read-only object of
  ``ui.cache`` (the prepared dataset, the reference gemeenten), computed once per
  object and kept while the object lives. Keyed by the object's identity, checked
  through a weak reference, so a new dataset never reads an old one's value.
- ``sd_view`` and ``scenario_view``: the map of one selection of Vraag & aanbod
  (deck, legend and what it shows; keyed by dataset path, programme, date, level,
  weight, metric and place) or of one Wat als scenario (keyed as its run). Held in
  ``st.cache_resource`` (one shared copy, not pickled per hit): a deck is built once
  and only read afterwards, and its JSON is written once (``ui.maps.CompactDeck``).

``name_cells`` names hexagons after their gemeente from a table made once per
prepared dataset.
"""

from __future__ import annotations

import datetime as dt
import threading
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
import pandas as pd
import pydeck as pdk
import streamlit as st

from radar.kernel.placenames import Place, cell_municipalities
from radar.kernel.settings import Settings

if TYPE_CHECKING:
    from radar.kernel.load import Dataset
    from radar.supply_demand.analysis import Prepared
    from ui.sd_map import SdMap

T = TypeVar("T")

_memo: dict[tuple[int, Callable[..., Any]], tuple[weakref.ref, Any]] = {}
_lock = threading.Lock()


def per_object(obj: object, build: Callable[[Any], T]) -> T:
    """``build(obj)``, computed once per live object (the object must allow weak
    references: DataFrames, Series and dataclasses do)."""
    key = (id(obj), build)
    with _lock:
        hit = _memo.get(key)
    if hit is not None and hit[0]() is obj:
        return hit[1]
    value = build(obj)
    with _lock:
        for k in [k for k, (ref, _) in _memo.items() if ref() is None]:
            del _memo[k]  # objects that died: their ids may be reused
        _memo[key] = (weakref.ref(obj), value)
    return value


def _busiest(ds: Dataset) -> str | None:
    from radar.supply_demand.demand import busiest_programme

    return busiest_programme(ds.offerings, ds.extract_date)


def busiest(ds: Dataset) -> str | None:
    """The default programme of Vraag & aanbod and Wat als: the one with the most
    learners on the extract date (once per dataset)."""
    return per_object(ds, _busiest)


@st.cache_resource(show_spinner=False, max_entries=24)
def sd_view(
    path: str,
    programme: str,
    as_of: dt.date,
    level: str,
    weight: float,
    active: bool,
    metric: str,
    place: Place | None,
    settings: Settings,
) -> SdMap:
    """The Vraag & aanbod map of a selection (``ui.sd_map.SdMap``), built once."""
    from ui import cache, sd_map

    result = cache.supply_demand(
        path, programme, as_of, level, weight, active, settings
    )
    hex_access = None
    if metric == "bereikbaarheid" and result.level.is_hex:
        hex_access = cache.hexagon_access(
            path, programme, as_of, weight, active, settings
        )
    view = sd_map.build(cache.prepared(), result, metric, hex_access, settings, place)
    view.deck.to_json()  # written once, here, for every later hit
    return view


def _cell_names(prep: Prepared) -> pd.Series:
    """The gemeente name of every covering cell."""
    cells = prep.cell_nis.index
    names = cell_municipalities(cells, prep.cell_nis, prep.municipalities)
    return pd.Series(names["name"].to_numpy(object), index=cells.astype(str))


def _other_cells(prep: Prepared) -> dict[str, str]:
    """Names found for cells outside the cover, kept per prepared dataset."""
    return {}


def name_cells(codes: pd.Series | list[str], prep: Prepared) -> np.ndarray:
    """The gemeente of each H3 cell (``radar.kernel.placenames.cell_municipalities``),
    read from a table of the covering cells made once per prepared dataset; a cell
    outside the cover (a shortage hexagon can lie beside it) by its nearest gemeente
    point, found once per cell."""
    codes = pd.Series(codes, dtype=object).astype(str).reset_index(drop=True)
    names = codes.map(per_object(prep, _cell_names)).to_numpy(object)
    missing = pd.isna(names)
    if missing.any():
        other = per_object(prep, _other_cells)
        outside = codes[missing]
        new = outside[~outside.isin(list(other))].drop_duplicates()
        if len(new):
            found = cell_municipalities(new, prep.cell_nis, prep.municipalities)
            other.update(zip(new, found["name"], strict=True))
        names[missing] = [other[c] for c in outside]
    return names


@st.cache_resource(show_spinner=False, max_entries=16)
def scenario_view(
    path: str,
    programme: str,
    as_of: dt.date,
    weight: float,
    level: str,
    settings: Settings,
    token_list: tuple[str, ...],
) -> tuple[pdk.Deck, pd.DataFrame]:
    """The Wat als difference map of a scenario and its hexagons as a table."""
    from ui import cache, scenario_map
    from ui import scenario_state as state

    result = state.run(path, programme, as_of, weight, level, settings, token_list)
    first = state.before(path, programme, as_of, weight, level, settings).outcome
    deck, table = scenario_map.build(cache.prepared(), result, first.demand)
    deck.to_json()  # written once, here, for every later hit
    return deck, table
