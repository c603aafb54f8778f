"""Region levels: one ``Level`` per way of cutting Flanders into areas, defined once.

Every area a page, the CLI or an export shows is a municipality (gemeente), an
administrative arrondissement, a province (provincie), a Resoc region, or an H3
hexagon. A ``Level`` carries its English id, the Dutch word used in URLs and on the
command line (``slug``), its Dutch label, and the municipality-reference columns that
hold its codes and names: every region is derived from ``nis`` through that table,
never from geometry.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from radar.kernel import schema as s
from radar.kernel.errors import DataError


@dataclass(frozen=True)
class Level:
    """One level of areas.

    >>> PROVINCE.id, PROVINCE.slug, PROVINCE.label
    ('province', 'provincie', 'Provincie')
    >>> level_of("provincie") is level_of("province") is PROVINCE
    True
    """

    id: str
    """English identifier, used in code and as the key of the policy tables."""
    slug: str
    """Dutch word in URLs (``niveau=provincie``), on the CLI and as a table header."""
    label: str
    """Dutch label for menus and headings."""
    noun: str
    """Dutch noun inside a sentence ("Resoc Kempen", "provincie Antwerpen")."""
    code_column: str = ""
    """Column of the municipalities reference with the area code (regions only)."""
    name_column: str = ""
    """Column of the municipalities reference with the area name (regions only)."""
    res: int | None = None
    """H3 resolution (hexagon levels only)."""

    @property
    def is_hex(self) -> bool:
        """Tell whether the areas are H3 hexagons rather than regions."""
        return self.res is not None

    def __str__(self) -> str:
        return self.slug

    def __reduce__(self) -> tuple[object, tuple[str]]:
        """Unpickle as the defined level itself: ``st.cache_data`` hands the pages
        copies, and a copy must still be ``MUNICIPALITY`` (``is``) everywhere."""
        return (level_of, (self.id,))


MUNICIPALITY = Level(
    "municipality", "gemeente", "Gemeente", "gemeente", s.NIS, s.NAME_NL
)
ARRONDISSEMENT = Level(
    "arrondissement",
    "arrondissement",
    "Arrondissement",
    "arrondissement",
    s.ARRONDISSEMENT_NIS,
    s.ARRONDISSEMENT_NL,
)
PROVINCE = Level(
    "province", "provincie", "Provincie", "provincie", s.PROVINCE_NIS, s.PROVINCE_NL
)
RESOC = Level("resoc", "resoc", "Resoc", "Resoc", s.RESOC_CODE, s.RESOC)
HEX6 = Level("hex6", "hex6", "Hexagonen (grof)", "hexagoon", res=6)
HEX7 = Level("hex7", "hex7", "Hexagonen", "hexagoon", res=7)
HEX8 = Level("hex8", "hex8", "Hexagonen (fijn)", "hexagoon", res=8)

REGIONS: tuple[Level, ...] = (PROVINCE, ARRONDISSEMENT, RESOC, MUNICIPALITY)
"""The administrative levels, coarse to fine (Resoc regions group arrondissements)."""
HEXAGONS: tuple[Level, ...] = (HEX6, HEX7, HEX8)
LEVELS: tuple[Level, ...] = (*REGIONS, *HEXAGONS)
_BY_NAME = {name: lvl for lvl in LEVELS for name in (lvl.id, lvl.slug)}


def level_of(value: Level | str) -> Level:
    """Return the ``Level`` named by its id or Dutch slug (or the level itself).

    >>> level_of("gemeente").id
    'municipality'
    """
    if isinstance(value, Level):
        return value
    try:
        return _BY_NAME[str(value)]
    except KeyError:
        names = ", ".join(lvl.slug for lvl in LEVELS)
        raise DataError(f"onbekend niveau {value!r}; kies uit {names}") from None


def region_of(value: Level | str) -> Level:
    """Return the administrative ``Level`` named (hexagon levels are refused)."""
    lvl = level_of(value)
    if lvl.is_hex:
        names = ", ".join(r.slug for r in REGIONS)
        raise DataError(f"{lvl.slug} is geen regio; kies uit {names}")
    return lvl


def region_codes(
    nis: pd.Series | np.ndarray, level: Level, municipalities: pd.DataFrame
) -> np.ndarray:
    """Return each municipality code's region code at ``level`` (NaN when unknown)."""
    codes = pd.Series(np.asarray(nis, dtype=object))
    if level == MUNICIPALITY:  # a cached copy is equal, not the same object
        return codes.to_numpy(dtype=object)
    lookup = municipalities.set_index(s.NIS)[level.code_column]
    return codes.map(lookup).to_numpy(dtype=object)


def region_table(municipalities: pd.DataFrame, level: Level) -> pd.DataFrame:
    """Return the regions of a level: columns ``code``, ``name``, sorted by name."""
    lvl = region_of(level)
    frame = municipalities[[lvl.code_column, lvl.name_column]].drop_duplicates(
        lvl.code_column
    )
    frame = frame.sort_values(lvl.name_column)
    frame.columns = pd.Index(["code", "name"])
    return frame.reset_index(drop=True)


def region_names(municipalities: pd.DataFrame, level: Level | str) -> dict[str, str]:
    """Return the regions of a level as code -> Dutch name, sorted by name."""
    frame = region_table(municipalities, region_of(level))
    return dict(zip(frame["code"].astype(str), frame["name"].astype(str), strict=True))
