"""Dutch number formatting for the UI: 1.234,5."""

from __future__ import annotations

import math


def nl(value: float, digits: int = 0) -> str:
    """Format a number the Dutch way (thousands '.', decimals ',').

    >>> nl(1234.5, 1), nl(14892), nl(float("nan"))
    ('1.234,5', '14.892', '-')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    text = f"{float(value):,.{digits}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
