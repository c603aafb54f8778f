"""Shared widgets: the sidebar, the demo badge, and controls mirrored in the URL.

Every control reads its URL parameter once, checks it before the widget sees it, and
replaces a value it cannot use (an unknown option, a date outside the data, a number
out of range, garbage) by its default or the nearest valid value, with a notice at the
top of the page that names both (``ui.errors.notify``). Date pickers offer only the
dates the data covers.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import streamlit as st

from radar.kernel import sources
from radar.kernel.format import date
from radar.kernel.format import number as dutch_number
from radar.kernel.settings import Limits, Settings
from ui import cache
from ui import help as helptext
from ui.errors import notify
from ui.safe import literal, md

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


def _help(key: str, given: str | None) -> str | None:
    """The help of a control: the page's own, else ``ui.help``'s for its key."""
    return given if given is not None else helptext.text(key, settings())


def limits() -> Limits:
    """The operational limits of the Data page (upload size, archive checks)."""
    return Limits()


def demo_badge() -> None:
    """Show the demo badge on a page whenever demo data is shown."""
    if cache.dataset().is_demo:
        st.badge(DEMO_BADGE, icon=":material/science:", color="orange")


WRITTEN = "_radar.params_written"


def _param(param: str) -> tuple[str | None, bool]:
    """The URL parameter ``param`` (None when absent), and whether a link gave it:
    False for a value these controls wrote themselves earlier in this session (a
    value that no longer fits is then replaced without a notice)."""
    raw = st.query_params.get(param)
    ours = st.session_state.get(WRITTEN, {}).get(param) == raw
    return raw, raw is not None and not ours


def _set_param(param: str, value: str) -> None:
    """Mirror a control's value in the URL (and remember that it is ours)."""
    st.session_state.setdefault(WRITTEN, {})[param] = value
    st.query_params[param] = value


def _drop_param(param: str) -> None:
    st.session_state.setdefault(WRITTEN, {}).pop(param, None)
    if param in st.query_params:
        del st.query_params[param]


def _replaced(
    raw: str, what: str, shown: str, why: str = "is geen geldige keuze"
) -> None:
    """Say that a value from the link was not used, and what is shown instead."""
    notify(f"{literal(raw)} in de link {why} voor {what}. Getoond: {md(shown)}.")


def _parse_date(raw: str) -> dt.date:
    """A date from a link: ``2022-02-07`` or ``07-02-2022``."""
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        return dt.datetime.strptime(raw.strip(), "%d-%m-%Y").date()


def date_bounds() -> tuple[dt.date, dt.date, str]:
    """The first and last date the data in use describes, and that period in words."""
    cov = cache.coverage()
    first, last = cov.first_date.date(), cov.extract_date.date()
    return first, last, f"{date(first)} tot {date(last)}"


def date_picker(
    label: str, key: str, param: str, default: dt.date, help: str | None = None
) -> pd.Timestamp:
    """A date input whose value lives in the URL query string as ``param``.

    The picker only offers the dates the data covers (``cache.coverage()``); a date
    in the link outside them becomes the nearest covered date, with a notice.
    """
    first, last, period = date_bounds()
    default = min(max(default, first), last)
    if key not in st.session_state:
        raw, linked = _param(param)
        value = default
        if raw is not None:
            try:
                asked = _parse_date(raw)
            except ValueError:
                if linked:
                    why = "is geen datum (JJJJ-MM-DD)"
                    _replaced(raw, f"'{label}'", date(default), why)
            else:
                value = min(max(asked, first), last)
                if value != asked and linked:
                    notify(
                        f"De datum {literal(raw)} in de link ({md(label)}) "
                        f"valt buiten de gegevens ({period}). Getoond: de "
                        f"dichtstbijzijnde datum, {date(value)}."
                    )
        st.session_state[key] = value
    elif not first <= st.session_state[key] <= last:  # other data since (Data page)
        st.session_state[key] = min(max(st.session_state[key], first), last)
    value = st.date_input(
        label,
        key=key,
        min_value=first,
        max_value=last,
        format="DD-MM-YYYY",
        help=" ".join(
            x
            for x in (
                _help(key, help),
                f"Een datum van {period}: de periode die de gegevens beschrijven.",
            )
            if x
        ),
    )
    _set_param(param, value.isoformat())
    return pd.Timestamp(value)


def _init_choice(key: str, param: str, label: str, options: dict[str, str]) -> None:
    """Put the link's value (if it is an option) or the first option in the state."""
    values = list(options)
    if key not in st.session_state:
        raw, linked = _param(param)
        if linked and raw not in options:
            _replaced(str(raw), f"'{label}'", options[values[0]])
        st.session_state[key] = raw if raw in options else values[0]
    elif st.session_state[key] not in options:  # the options changed meanwhile
        st.session_state[key] = values[0]


def choice(
    label: str,
    options: dict[str, str],
    key: str,
    param: str,
    help: str | None = None,
) -> str:
    """A select box over ``options`` (value -> Dutch label), mirrored in the URL."""
    _init_choice(key, param, label, options)
    value: str = st.selectbox(
        label,
        list(options),
        format_func=options.__getitem__,
        key=key,
        help=_help(key, help),
    )
    _set_param(param, value)
    return value


def _from_url(key: str, param: str, label: str, parse, default, shown: str) -> None:
    """Put the link's value, parsed, in the state; a bad one gives ``default`` and a
    notice (``parse`` raises ``ValueError`` for a value it does not accept)."""
    if key not in st.session_state:
        raw, linked = _param(param)
        value = default
        if raw is not None:
            try:
                value = parse(raw)
            except (TypeError, ValueError):
                if linked:
                    _replaced(raw, f"'{label}'", shown, "is geen geldige waarde")
        st.session_state[key] = value


def _switch(raw: str) -> bool:
    if raw not in ("0", "1"):
        raise ValueError(raw)
    return raw == "1"


def toggle(
    label: str, key: str, param: str, default: bool = False, help: str | None = None
) -> bool:
    """A toggle mirrored in the URL as ``param=1`` / ``0``."""
    _from_url(key, param, label, _switch, default, "aan" if default else "uit")
    value = bool(st.toggle(label, key=key, help=_help(key, help)))
    _set_param(param, "1" if value else "0")
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
    help: str | None = None,
) -> float:
    """A slider mirrored in the URL; out-of-range values fall back to ``default``.

    Its values show as Dutch numbers (``0,5``): a select slider over the steps from
    ``low`` to ``high`` (st.slider formats with a decimal point)."""
    digits = max(0, math.ceil(-math.log10(step) - 1e-9))
    options = [
        round(low + i * step, digits) for i in range(round((high - low) / step) + 1)
    ]

    def nearest(x: float) -> float:
        return min(options, key=lambda o: abs(o - x))

    def parse(v: str) -> float:
        x = float(v)
        if not low <= x <= high:  # NaN too
            raise ValueError(v)
        return nearest(x)

    def dutch(x: float) -> str:
        return dutch_number(x, digits)

    default = nearest(default)
    shown = f"{dutch(default)} (toegestaan van {dutch(low)} tot {dutch(high)})"
    _from_url(key, param, label, parse, default, shown)
    if st.session_state[key] not in options:
        st.session_state[key] = nearest(float(st.session_state[key]))
    value = float(
        st.select_slider(
            label,
            options=options,
            format_func=dutch,
            key=key,
            disabled=disabled,
            help=_help(key, help),
        )
    )
    _set_param(param, f"{value:g}")
    return value


def radio(
    label: str,
    options: dict[str, str],
    key: str,
    param: str,
    help: str | None = None,
) -> str:
    """Horizontal radio buttons over ``options`` (value -> label), kept in the URL."""
    _init_choice(key, param, label, options)
    value: str = st.radio(
        label,
        list(options),
        format_func=options.__getitem__,
        key=key,
        horizontal=True,
        help=_help(key, help),
    )
    _set_param(param, value)
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
    if not names:
        st.warning("Geen opleidingen om uit te kiezen.")
        st.stop()
    key = f"{prefix}.programme"
    if key not in st.session_state:
        raw, linked = _param("opl")
        first = default if default in names else next(iter(names))
        if linked and raw not in names:
            why = (
                "hoort niet bij het gekozen sectoraal partnerschap"
                if raw in set(programmes["programme_id"])
                else "is onbekend of niet beschikbaar"
            )
            notify(
                f"Opleiding {literal(raw)} uit de link {why}. "
                f"Getoond: {md(names[first])} ({md(first)})."
            )
        st.session_state[key] = raw if raw in names else first
    if st.session_state[key] not in names:
        st.session_state[key] = next(iter(names))
    with right:
        value: str = st.selectbox(
            "Opleiding (typ om te zoeken)",
            list(names),
            format_func=lambda pid: f"{names[pid]} ({pid})",
            key=key,
            help=_help(key, None),
        )
    _set_param("opl", value)
    return value


def flag(label: str, key: str, param: str, help: str | None = None) -> bool:
    """A checkbox whose state lives in the URL as ``param=1`` (absent when off)."""
    _from_url(key, param, label, _switch, False, "uit")
    value: bool = st.checkbox(label, key=key, help=_help(key, help))
    if value:
        _set_param(param, "1")
    else:
        _drop_param(param)
    return value


def number(
    label: str,
    key: str,
    param: str,
    default: int,
    min_value: int,
    max_value: int,
    help: str | None = None,
) -> int:
    """An integer input mirrored in the URL as ``param``."""

    def parse(v: str) -> int:
        x = int(v.strip()) if v.strip().isdigit() and len(v.strip()) < 10 else None
        if x is None or not min_value <= x <= max_value:
            raise ValueError(v)
        return x

    default = min(max(default, min_value), max_value)
    shown = f"{default} (toegestaan van {min_value} tot {max_value})"
    _from_url(key, param, label, parse, default, shown)
    chosen = int(
        st.number_input(
            label,
            min_value=min_value,
            max_value=max_value,
            step=1,
            key=key,
            help=_help(key, help),
        )
    )
    _set_param(param, str(chosen))
    return chosen


def optional_date_picker(
    toggle_label: str, label: str, key: str, param: str, default: dt.date
) -> pd.Timestamp | None:
    """A checkbox that reveals a date input; the date lives in the URL as ``param``
    while the box is ticked (a link with ``param`` opens with it ticked)."""
    on_key = f"{key}_on"
    if on_key not in st.session_state:
        st.session_state[on_key] = bool(st.query_params.get(param))
    if not st.checkbox(toggle_label, key=on_key, help=_help(on_key, None)):
        _drop_param(param)
        return None
    return date_picker(label, key, param, default)


def clear_param(param: str) -> None:
    """Drop ``param`` from the URL (for a control that is not shown)."""
    _drop_param(param)
