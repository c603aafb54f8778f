"""Shared widgets: the sidebar, the demo badge, and date pickers mirrored in the URL."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from radar.kernel import sources
from radar.kernel.format import date
from radar.kernel.settings import Limits, Settings
from ui import cache

DEMO_BADGE = "demodata (synthetisch)"


def sidebar() -> None:
    """Draw the shared sidebar: which data is shown, and the sources."""
    ds = cache.dataset()
    with st.sidebar:
        if ds.is_demo:
            st.badge(DEMO_BADGE, icon=":material/science:", color="orange")
            st.caption(
                "Synthetische gegevens, gekalibreerd op publieke cijfers. "
                "Geen echte bedrijven of scholen."
            )
        else:
            st.badge("eigen gegevens", icon=":material/verified:", color="green")
        st.caption(f"Gegevens tot {date(ds.extract_date)}")
        with st.expander("Bronnen"):
            for text in sources.ALL:
                st.caption(text)


def settings() -> Settings:
    """The model parameters the pages pass inward (the defaults, for now: one place
    for a future sidebar to override them)."""
    return Settings()


def limits() -> Limits:
    """The operational limits of the Data page (upload size, archive checks)."""
    return Limits()


def demo_badge() -> None:
    """Show the demo badge on a page whenever demo data is shown."""
    if cache.dataset().is_demo:
        st.badge(DEMO_BADGE, icon=":material/science:", color="orange")


def date_picker(label: str, key: str, param: str, default: dt.date) -> pd.Timestamp:
    """A date input whose value lives in the URL query string as ``param``."""
    if key not in st.session_state:
        raw = st.query_params.get(param)
        try:
            st.session_state[key] = dt.date.fromisoformat(raw) if raw else default
        except ValueError:
            st.session_state[key] = default
    value = st.date_input(
        label,
        key=key,
        min_value=dt.date(2016, 1, 1),
        max_value=dt.date(2035, 12, 31),
        format="DD-MM-YYYY",
    )
    st.query_params[param] = value.isoformat()
    return pd.Timestamp(value)


def choice(label: str, options: dict[str, str], key: str, param: str) -> str:
    """A select box over ``options`` (value -> Dutch label), mirrored in the URL."""
    values = list(options)
    if key not in st.session_state:
        raw = st.query_params.get(param)
        st.session_state[key] = raw if raw in options else values[0]
    value: str = st.selectbox(label, values, format_func=options.__getitem__, key=key)
    st.query_params[param] = value
    return value


def _from_url(key: str, param: str, parse, default) -> None:
    if key not in st.session_state:
        raw = st.query_params.get(param)
        try:
            st.session_state[key] = parse(raw) if raw is not None else default
        except (TypeError, ValueError):
            st.session_state[key] = default


def toggle(label: str, key: str, param: str, default: bool = False) -> bool:
    """A toggle mirrored in the URL as ``param=1`` / ``0``."""
    _from_url(key, param, lambda v: v == "1", default)
    value = bool(st.toggle(label, key=key))
    st.query_params[param] = "1" if value else "0"
    return value


def number_slider(
    label: str,
    key: str,
    param: str,
    default: float,
    low: float,
    high: float,
    step: float,
    disabled: bool = False,
) -> float:
    """A slider mirrored in the URL; out-of-range values fall back to ``default``."""

    def parse(v: str) -> float:
        x = float(v)
        if not low <= x <= high:
            raise ValueError(v)
        return x

    _from_url(key, param, parse, default)
    value = float(st.slider(label, low, high, step=step, key=key, disabled=disabled))
    st.query_params[param] = f"{value:g}"
    return value


def radio(label: str, options: dict[str, str], key: str, param: str) -> str:
    """Horizontal radio buttons over ``options`` (value -> label), kept in the URL."""
    values = list(options)
    _from_url(key, param, lambda v: v if v in options else values[0], values[0])
    value: str = st.radio(
        label, values, format_func=options.__getitem__, key=key, horizontal=True
    )
    st.query_params[param] = value
    return value


def programme_picker(programmes: pd.DataFrame, default: str, prefix: str) -> str:
    """Pick a programme: a partnership filter, then a name search; kept in the URL."""
    sectors = {"": "Alle sectoren"} | {
        p: p for p in sorted(programmes["partnership"].dropna().unique())
    }
    left, right = st.columns([2, 3])
    with left:
        sector = choice("Sectoraal partnerschap", sectors, f"{prefix}.sector", "sector")
    shown = (
        programmes if not sector else programmes[programmes["partnership"] == sector]
    )
    shown = shown.sort_values(["partnership", "name"])
    names = dict(zip(shown["programme_id"], shown["name"], strict=True))
    key = f"{prefix}.programme"
    if key not in st.session_state:
        raw = st.query_params.get("opl")
        st.session_state[key] = raw if raw in names else default
    if st.session_state[key] not in names:
        st.session_state[key] = next(iter(names))
    with right:
        value: str = st.selectbox(
            "Opleiding (typ om te zoeken)",
            list(names),
            format_func=lambda pid: f"{names[pid]} ({pid})",
            key=key,
        )
    st.query_params["opl"] = value
    return value


def flag(label: str, key: str, param: str, help: str | None = None) -> bool:
    """A checkbox whose state lives in the URL as ``param=1`` (absent when off)."""
    if key not in st.session_state:
        st.session_state[key] = st.query_params.get(param) == "1"
    value: bool = st.checkbox(label, key=key, help=help)
    if value:
        st.query_params[param] = "1"
    elif param in st.query_params:
        del st.query_params[param]
    return value


def number(
    label: str, key: str, param: str, default: int, min_value: int, max_value: int
) -> int:
    """An integer input mirrored in the URL as ``param``."""
    if key not in st.session_state:
        raw = st.query_params.get(param)
        value = int(raw) if raw and raw.isdigit() else default
        st.session_state[key] = min(max(value, min_value), max_value)
    chosen = int(
        st.number_input(
            label, min_value=min_value, max_value=max_value, step=1, key=key
        )
    )
    st.query_params[param] = str(chosen)
    return chosen


def optional_date_picker(
    toggle_label: str, label: str, key: str, param: str, default: dt.date
) -> pd.Timestamp | None:
    """A checkbox that reveals a date input; the date lives in the URL as ``param``
    while the box is ticked (a link with ``param`` opens with it ticked)."""
    on_key = f"{key}_on"
    if on_key not in st.session_state:
        st.session_state[on_key] = bool(st.query_params.get(param))
    if not st.checkbox(toggle_label, key=on_key):
        if param in st.query_params:
            del st.query_params[param]
        return None
    return date_picker(label, key, param, default)


def clear_param(param: str) -> None:
    """Drop ``param`` from the URL (for a control that is not shown)."""
    if param in st.query_params:
        del st.query_params[param]
