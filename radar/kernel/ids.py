"""Belgian KBO numbers: mod-97 check digits and the dotted display formats.

An enterprise number has 10 digits starting with 0 or 1 (``0xxx.xxx.xxx``); an
establishment number has 10 digits starting with 2 (``2.xxx.xxx.xxx``). In both the
last two digits equal ``97 - (first eight digits mod 97)``.
"""

from __future__ import annotations

import numpy as np


def digits_only(number: str) -> str:
    """Strip dots, spaces and a ``BE`` prefix.

    >>> digits_only("BE 0200.065.765")
    '0200065765'
    """
    out = number.strip().upper().removeprefix("BE")
    return "".join(ch for ch in out if ch not in ". ")


def check_digits(base8: int) -> int:
    """Return the two check digits for the first eight digits.

    >>> check_digits(2000657)  # 0200.065.7.. -> 0200.065.765
    65
    """
    return 97 - (base8 % 97)


def is_valid_kbo(number: str) -> bool:
    """Tell whether a 10-digit KBO number has correct check digits.

    >>> is_valid_kbo("0200.065.765"), is_valid_kbo("0200.065.766")
    (True, False)
    """
    d = digits_only(number)
    if len(d) != 10 or not (d.isascii() and d.isdigit()):
        return False
    return int(d[8:]) == check_digits(int(d[:8]))


def is_enterprise_number(number: str) -> bool:
    """Tell whether ``number`` is a valid enterprise number (starts with 0 or 1).

    >>> is_enterprise_number("0200.065.765"), is_enterprise_number("2.000.000.339")
    (True, False)
    """
    d = digits_only(number)
    return d[:1] in ("0", "1") and is_valid_kbo(d)


def is_establishment_number(number: str) -> bool:
    """Tell whether ``number`` is a valid establishment number (starts with 2).

    >>> is_establishment_number("2.000.000.339")
    True
    """
    d = digits_only(number)
    return d[:1] == "2" and is_valid_kbo(d)


def format_enterprise(d: str) -> str:
    """Format 10 digits as ``0xxx.xxx.xxx``.

    >>> format_enterprise("0200065765")
    '0200.065.765'
    """
    return f"{d[:4]}.{d[4:7]}.{d[7:]}"


def format_establishment(d: str) -> str:
    """Format 10 digits as ``2.xxx.xxx.xxx``.

    >>> format_establishment("2000000339")
    '2.000.000.339'
    """
    return f"{d[0]}.{d[1:4]}.{d[4:7]}.{d[7:]}"


def make_numbers(base8: np.ndarray, kind: str) -> list[str]:
    """Build formatted KBO numbers from unique eight-digit bases.

    ``kind`` is ``"enterprise"`` or ``"establishment"``.

    >>> make_numbers(np.array([2000657]), "enterprise")
    ['0200.065.765']
    """
    check = 97 - (base8 % 97)
    fmt = format_enterprise if kind == "enterprise" else format_establishment
    return [
        fmt(f"{b:08d}{c:02d}")
        for b, c in zip(base8.tolist(), check.tolist(), strict=True)
    ]
