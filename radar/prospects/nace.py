"""NACE-BEL 2008 codes: dotted display form and Dutch class descriptions.

The descriptions come from ``data/reference/nace_nl.csv`` (class level, 4 digits).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from radar.kernel.paths import REFERENCE_DIR

NACE_FILE = "nace_nl.csv"


def dotted(code: str) -> str:
    """Write a NACE code with its dot after the division (2 digits).

    >>> dotted("43211"), dotted("4321"), dotted("471"), dotted("01")
    ('43.211', '43.21', '47.1', '01')
    """
    code = str(code)
    return code if len(code) <= 2 else f"{code[:2]}.{code[2:]}"


def read_descriptions(ref_dir: Path = REFERENCE_DIR) -> dict[str, str]:
    """Read the Dutch class titles: 4-digit class (no dots) -> description."""
    frame = pd.read_csv(ref_dir / NACE_FILE, dtype=str, keep_default_na=False)
    return dict(zip(frame["nace_class"], frame["description_nl"], strict=True))


def describe(code: str, descriptions: Mapping[str, str]) -> str:
    """Return the Dutch description of a code's class, or "" when unknown.

    >>> describe("43211", {"4321": "Elektrotechnische installatiewerken"})
    'Elektrotechnische installatiewerken'
    """
    return descriptions.get(str(code)[:4], "")


def label(code: str, descriptions: Mapping[str, str]) -> str:
    """Return "43.211 Elektrotechnische installatiewerken" (the code alone if unknown).

    >>> label("43211", {"4321": "Elektrotechnische installatiewerken"})
    '43.211 Elektrotechnische installatiewerken'
    """
    text = describe(code, descriptions)
    return f"{dotted(code)} {text}" if text else dotted(code)
