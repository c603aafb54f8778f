"""Caches of the consultant pages (Vraag & aanbod, Prospectie, Wat als).

Two kinds:

- ``per_object(obj, build)``: a value derived from one shared, read-only object of
  ``ui.cache`` (the prepared dataset, the reference gemeenten), computed once per
  object and kept while the object lives. Keyed by the object's identity, checked
  through a weak reference, so a new dataset never reads an old one's value.
- ``sd_view``: the Vraag & aanbod map of one selection (deck, legend and what it
  shows), keyed by dataset path, programme, date, level, weight, metric and place.
  Held in ``st.cache_resource`` (one shared copy, not pickled per hit): the deck is
  built once and only read afterwards, and its JSON is written once
  (``ui.maps.CompactDeck``).
"""

from __future__ import annotations

import datetime as dt
import threading
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import streamlit as st

from radar.kernel.placenames import Place
from radar.kernel.settings import Settings

if TYPE_CHECKING:
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
