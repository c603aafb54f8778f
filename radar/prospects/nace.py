"""NACE-BEL 2008 codes: which codes fit a programme, dotted display form, Dutch titles.

A programme lists NACE prefixes (``nace_prefixes``, ``;``-separated); a code fits when
it starts with one of them. The descriptions come from ``data/reference/nace_nl.csv``
(class level, 4 digits).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from radar.kernel import schema as s
from radar.kernel.errors import DataError
from radar.kernel.paths import REFERENCE_DIR

if TYPE_CHECKING:
    from radar.prospects.index import ProspectIndex

NACE_FILE = "nace_nl.csv"


def programme_prefixes(programmes: pd.DataFrame, programme_id: str) -> list[str]:
    """Return the NACE prefixes of a programme; ``DataError`` for an unknown id."""
    row = programmes.loc[programmes[s.PROGRAMME_ID] == programme_id, s.NACE_PREFIXES]
    if row.empty:
        raise DataError(f"onbekende opleiding {programme_id!r}")
    value = row.iloc[0]
    return [] if pd.isna(value) else [p for p in str(value).split(";") if p]


def match_codes(codes: np.ndarray, prefixes: list[str]) -> np.ndarray:
    """Tell which distinct codes start with one of ``prefixes`` (bool per code).

    >>> match_codes(np.array(["43211", "43290", "4322"]), ["4321", "4322"]).tolist()
    [True, False, True]
    """
    wanted = tuple(p for p in prefixes if p)
    if not wanted:
        return np.zeros(len(codes), dtype=bool)
    return np.fromiter(
        (str(c).startswith(wanted) for c in codes), dtype=bool, count=len(codes)
    )


def nace_matches(
    index: ProspectIndex, code_match: np.ndarray, pos: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Return (main matches, some other activity matches) per establishment, or
    per establishment at positions ``pos``; ``code_match`` from ``match_codes`` on
    ``index.codes``."""
    main = index.main if pos is None else index.main[pos]
    combo = index.other_combo if pos is None else index.other_combo[pos]
    ext = np.append(code_match, False)  # index -1 (no main code) -> False
    main_m = ext[main]
    hits = np.add.reduceat(
        np.append(code_match[index.combo_codes], False).astype(np.int64),
        np.minimum(index.combo_ptr[:-1], len(index.combo_codes)),
    )
    empty = np.diff(index.combo_ptr) == 0
    combo_m = (hits > 0) & ~empty
    return main_m, np.append(combo_m, False)[combo]


def first_match(other_codes: str | None, prefixes: tuple[str, ...]) -> str:
    """Return the first of ``;``-separated codes that fits, or "" when none does.

    >>> first_match("45200;43221;43211", ("4321", "4322")), first_match(None, ("43",))
    ('43221', '')
    """
    codes = str(other_codes or "").split(";")
    return next((c for c in codes if c.startswith(prefixes)), "")


def dotted(code: str) -> str:
    """Write a NACE code with its dot after the division (2 digits).

    >>> dotted("43211"), dotted("4321"), dotted("471"), dotted("01")
    ('43.211', '43.21', '47.1', '01')
    """
    code = str(code)
    return code if len(code) <= 2 else f"{code[:2]}.{code[2:]}"


def read_descriptions(ref_dir: Path = REFERENCE_DIR) -> dict[str, str]:
    """Read the Dutch titles: class or subclass code (no dots) -> description."""
    frame = pd.read_csv(ref_dir / NACE_FILE, dtype=str, keep_default_na=False)
    return dict(zip(frame["nace_class"], frame["description_nl"], strict=True))


def describe(code: str, descriptions: Mapping[str, str]) -> str:
    """Return the Dutch description of a code: its own subclass title where the
    table has one, else its class's; "" when unknown.

    >>> titles = {"9602": "Haar- en schoonheidsverzorging", "96021": "Haarverzorging"}
    >>> describe("96021", titles), describe("96022", titles), describe("43211", titles)
    ('Haarverzorging', 'Haar- en schoonheidsverzorging', '')
    """
    code = str(code)
    return descriptions.get(code) or descriptions.get(code[:4], "")


def label(code: str, descriptions: Mapping[str, str]) -> str:
    """Return "43.211 Elektrotechnische installatiewerken" (the code alone if unknown).

    >>> label("43211", {"4321": "Elektrotechnische installatiewerken"})
    '43.211 Elektrotechnische installatiewerken'
    """
    text = describe(code, descriptions)
    return f"{dotted(code)} {text}" if text else dotted(code)
