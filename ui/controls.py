"""Shared widgets: the sidebar, the demo badge, and date pickers mirrored in the URL."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from radar import sources
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
        st.caption(f"Gegevens tot {ds.extract_date:%d-%m-%Y}")
        with st.expander("Bronnen"):
            for text in sources.ALL:
                st.caption(text)


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
