"""Altair helpers shared by the pages."""

from __future__ import annotations

import altair as alt

DUTCH_NUMBERS = alt.Locale(
    number=alt.NumberLocale(
        decimal=",", thousands=".", grouping=[3], currency=["€ ", ""]
    )
)


def dutch_chart(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """Format a chart's numbers the Dutch way (1.234,5) in axes and tooltips."""
    return chart.configure(locale=DUTCH_NUMBERS)
