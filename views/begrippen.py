"""Begrippen: every term and formula of the app, with the parameters in use."""

import streamlit as st

from ui import controls
from ui import help as helptext
from ui.safe import md

settings = controls.settings()

st.title("Begrippen")
controls.demo_badge()
st.write(
    "Wat de woorden en cijfers in RadarDuaal betekenen en hoe ze berekend worden. "
    "De getallen in de uitleg zijn de instellingen waarmee de app nu rekent."
)
terms = helptext.glossary(settings)
groups = list(dict.fromkeys(group for group, *_ in terms))
for group in groups:
    st.header(group)
    for g, term, body, formula in terms:
        if g != group:
            continue
        st.markdown(f"**{md(term)}**  \n{md(body)}")
        if formula:
            st.markdown(f"Formule: {md(formula)}")
