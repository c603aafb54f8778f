"""Dutch Vega-Lite settings, as plain dicts (no altair import).

The Overzicht draws its charts from these dict specs with ``st.vega_lite_chart``:
importing altair costs about a second of a fresh server's first page. The other
pages use altair through ``ui.charts``, which applies the same ``CONFIG``.
"""

from __future__ import annotations

from typing import Any

MONTHS = [
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
]
DAYS = ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"]
LOCALE: dict[str, Any] = {
    "number": {
        "decimal": ",",
        "thousands": ".",
        "grouping": [3],
        "currency": ["€ ", ""],
    },
    "time": {
        "dateTime": "%a %e %B %Y %X",
        "date": "%d-%m-%Y",
        "time": "%H:%M:%S",
        "periods": ["", ""],
        "days": DAYS,
        "shortDays": [d[:2] for d in DAYS],
        "months": MONTHS,
        "shortMonths": [
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
    },
}
CONFIG: dict[str, Any] = {
    "locale": LOCALE,
    # Vega describes axes and legends to screen readers in English ("X-axis for a
    # time scale ..."): off; the table beside each chart carries the same figures.
    "axis": {"aria": False},
    "legend": {"aria": False},
}
DESCRIPTION = "Grafiek; dezelfde cijfers staan in de tabel op deze pagina."
"""What a screen reader says of a chart instead of Vega's English description."""


def dutch_spec(spec: dict[str, Any], description: str = DESCRIPTION) -> dict[str, Any]:
    """``spec`` with Dutch numbers and dates and a Dutch description.

    >>> s = dutch_spec({"mark": "bar"})
    >>> s["config"]["locale"]["number"]["decimal"], s["description"][:7]
    (',', 'Grafiek')
    """
    return {**spec, "description": description, "config": CONFIG}
