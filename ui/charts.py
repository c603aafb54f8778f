"""Altair helpers shared by the pages."""

from __future__ import annotations

import altair as alt

DUTCH_NUMBERS = alt.Locale(
    number=alt.NumberLocale(
        decimal=",", thousands=".", grouping=[3], currency=["€ ", ""]
    ),
    time=alt.TimeLocale(
        dateTime="%a %e %B %Y %X",
        date="%d-%m-%Y",
        time="%H:%M:%S",
        periods=["", ""],
        days=[
            "zondag",
            "maandag",
            "dinsdag",
            "woensdag",
            "donderdag",
            "vrijdag",
            "zaterdag",
        ],
        shortDays=["zo", "ma", "di", "wo", "do", "vr", "za"],
        months=[
            "januari",
            "februari",
            "maart",
            "april",
            "mei",
            "juni",
            "juli",
            "augustus",
            "september",
            "oktober",
            "november",
            "december",
        ],
        shortMonths=[
            "jan",
            "feb",
            "mrt",
            "apr",
            "mei",
            "jun",
            "jul",
            "aug",
            "sep",
            "okt",
            "nov",
            "dec",
        ],
    ),
)

DESCRIPTION = "Grafiek; dezelfde cijfers staan in de tabel op deze pagina."
"""What a screen reader says of a chart. Vega writes its own English descriptions of
axes and legends ("X-axis for a time scale ..."): those are switched off, the table
beside each chart carries the same figures."""


def dutch_chart(
    chart: alt.TopLevelMixin, description: str = DESCRIPTION
) -> alt.TopLevelMixin:
    """Format a chart's numbers and dates the Dutch way (1.234,5; mrt) in axes and
    tooltips, with a Dutch description for screen readers instead of Vega's English."""
    return (
        chart.properties(description=description)
        .configure(locale=DUTCH_NUMBERS)
        .configure_axis(aria=False)
        .configure_legend(aria=False)
    )
