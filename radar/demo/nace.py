"""NACE codes of the demo: synthetic subclasses, codes that fit, trade words.

An establishment's activity decides both its name and the programmes it may be
recognised for: every programme it holds lists a prefix of its main code.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from radar.demo.calibration import TRADE_WORDS
from radar.kernel import schema as s

FALLBACK_WORD = "Onderneming"


def to_subclass(rng: np.random.Generator, codes: np.ndarray) -> np.ndarray:
    """Extend 3- or 4-digit NACE prefixes to 5-digit subclasses; 5 digits stay.

    Synthetic but stable: a class whose digits sum to an even number has
    subclasses 1 and 2, any other class the single subclass 0. A 5-digit prefix
    (96.021 hair care, 96.022 beauty care) is already a subclass.

    >>> to_subclass(np.random.default_rng(0), np.array(["4332", "4120", "96021"]))
    array(['43322', '41200', '96021'], dtype=object)
    """
    out = np.empty(len(codes), dtype=object)
    u = rng.random(len(codes))
    extra = rng.integers(1, 10, len(codes))
    for i, c in enumerate(codes.tolist()):
        if len(c) >= 5:
            out[i] = c[:5]
            continue
        if len(c) == 3:
            c = f"{c}{extra[i]}"
        even = sum(int(ch) for ch in c) % 2 == 0
        out[i] = c + (("1" if u[i] < 0.6 else "2") if even else "0")
    return out


def nace_for_programmes(
    prog: pd.DataFrame, rng: np.random.Generator, rows: np.ndarray
) -> np.ndarray:
    """Draw a 5-digit KBO NACE code fitting each programme row's prefixes."""
    prefixes = prog[s.NACE_PREFIXES].str.split(";").tolist()
    pick = rng.random(len(rows))
    codes = [
        prefixes[p][int(u * len(prefixes[p]))]
        for p, u in zip(rows.tolist(), pick, strict=True)
    ]
    return to_subclass(rng, np.array(codes, dtype=object))


def fitting(prog: pd.DataFrame, code: str) -> np.ndarray:
    """Tell, per programme row, whether one of its prefixes starts ``code``.

    >>> p = pd.DataFrame({s.NACE_PREFIXES: ["4321;3314", "96021", "4322"]})
    >>> fitting(p, "43211").tolist(), fitting(p, "96022").tolist()
    ([True, False, False], [False, False, False])
    """
    prefixes = prog[s.NACE_PREFIXES].str.split(";").tolist()
    return np.array([any(code.startswith(q) for q in ps if q) for ps in prefixes])


def trade_key(code: str) -> str:
    """The longest prefix of ``code`` with trade words ("" when none).

    >>> trade_key("96021"), trade_key("43221"), trade_key("43999"), trade_key("99000")
    ('96021', '4322', '4399', '')
    """
    for n in range(len(code), 1, -1):
        if code[:n] in TRADE_WORDS:
            return code[:n]
    return ""


def trade_words(code: str) -> tuple[str, ...]:
    """The words a business with main activity ``code`` is named with.

    >>> trade_words("96021"), trade_words("43220")[0]
    (('Kapsalon', 'Haarstudio'), 'Sanitair')
    """
    return TRADE_WORDS.get(trade_key(code), (FALLBACK_WORD,))
