"""The place search of Vraag & aanbod and Prospectie: a gemeente name or a postcode,
kept in the link as ``plaats`` (``?plaats=Roeselare``, ``?plaats=8800``).

The lookup itself is ``radar.kernel.placenames.find_places``; this module only draws
the box, says in Dutch when nothing matches, lets the user pick when a text names
several gemeenten, and mirrors the text in the URL.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from radar.kernel.placenames import Place, find_places
from ui.safe import literal

PARAM = "plaats"
MAX_CHARS = 60
RADIUS_KM = 10.0
"""The neighbourhood of a place: hexagons and points within this distance of it
(besides its own gemeente) are kept in the tables."""


def _set_url(text: str) -> None:
    if text:
        st.query_params[PARAM] = text
    elif PARAM in st.query_params:
        del st.query_params[PARAM]


def place_box(
    municipalities: pd.DataFrame, postal_codes: pd.DataFrame, prefix: str
) -> Place | None:
    """Draw the search box (key ``{prefix}.place``) and return the place it names,
    or None (empty box, or nothing found: then a Dutch message says so)."""
    key = f"{prefix}.place"
    if key not in st.session_state:
        st.session_state[key] = str(st.query_params.get(PARAM, ""))[:MAX_CHARS]
    text = st.text_input(
        "Zoek een gemeente of postcode",
        key=key,
        max_chars=MAX_CHARS,
        placeholder="bv. Roeselare, Sint-Niklaas of 8800",
        help=(
            "Centreert de kaart op de gemeente en toont in de tabellen enkel die "
            f"gemeente en wat binnen {RADIUS_KM:g} km ervan ligt. Hoofdletters, "
            "accenten en 'St.' voor 'Sint' maken niet uit. Maak het vak leeg om "
            "heel Vlaanderen te zien."
        ),
    ).strip()
    _set_url(text)
    if not text:
        return None
    found = find_places(text, municipalities, postal_codes)
    if not found:
        st.warning(
            f"Geen gemeente of postcode gevonden voor {literal(text)}. Typ de naam "
            "van een Vlaamse of Brusselse gemeente of een postcode van 4 cijfers.",
            icon=":material/travel_explore:",
        )
        return None
    if len(found) == 1:
        return found[0]
    labels = {p.nis: p.label for p in found}
    pick = st.selectbox(
        f"{len(found)} gemeenten passen bij de zoekterm: kies er een",
        list(labels),
        format_func=labels.get,
        key=f"{prefix}.place_pick",
    )
    return next((p for p in found if p.nis == pick), found[0])
