"""Altair helpers shared by the pages (the Dutch settings live in ``ui.vega``)."""

from __future__ import annotations

import altair as alt

from ui.vega import CONFIG, DESCRIPTION


def dutch_chart(
    chart: alt.TopLevelMixin, description: str = DESCRIPTION
) -> alt.TopLevelMixin:
    """Format a chart's numbers and dates the Dutch way (1.234,5; mrt) in axes and
    tooltips, with a Dutch description for screen readers instead of Vega's English."""
    return chart.properties(description=description).configure(**CONFIG)
