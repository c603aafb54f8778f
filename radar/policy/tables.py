"""Policy tables: recognitions and unique recognised establishments per group.

A recognition counts on date d when ``valid_from <= d < valid_to``. "Unique recognised
establishments" counts distinct ``establishment_number``. The ``Eindtotaal`` row counts
over all recognitions, so for groupings where one establishment can sit in several
groups (partnership, programme) the unique column of the groups does not add up to it.
"""

from __future__ import annotations

from typing import Literal

import pandas as pd

from radar.kernel import schema as s
from radar.kernel.calendar import valid_on
from radar.kernel.errors import DataError
from radar.kernel.format import number, yes_no
from radar.kernel.regions import (
    ARRONDISSEMENT,
    PROVINCE,
    RESOC,
    Level,
    level_of,
    region_codes,
    region_table,
)

GroupBy = Literal["province", "arrondissement", "resoc", "partnership", "programme"]
TABLE_REGIONS: tuple[Level, ...] = (PROVINCE, ARRONDISSEMENT, RESOC)
"""The region levels a policy table can be broken down by (their ids are groupings)."""
GROUPINGS: tuple[GroupBy, ...] = (
    "province",
    "arrondissement",
    "resoc",
    "partnership",
    "programme",
)

TOTAL_LABEL = "Eindtotaal"
COL_RECOGNITIONS = "erkenningen"
COL_ESTABLISHMENTS = "unieke vestigingen"
COL_LESPLAATSEN = "lesplaatsen"
COL_LEARNERS = "leerlingen"

# Labels and order of the published province table (parliamentary answer 337, 2022).
PROVINCE_LABELS: dict[str, str] = {
    "04000": "Brussels H. Gewest",
    "10000": "Provincie Antwerpen",
    "70000": "Provincie Limburg",
    "40000": "Provincie Oost-Vlaanderen",
    "20001": "Provincie Vlaams-Brabant",
    "30000": "Provincie West-Vlaanderen",
}

GROUP_HEADERS: dict[str, str] = {
    **{lvl.id: lvl.slug for lvl in TABLE_REGIONS},
    "partnership": "sectoraal partnerschap",
    "programme": "opleiding",
}
"""Column header of each grouping in tables and exports."""
GROUP_LABELS: dict[str, str] = {
    **{lvl.id: lvl.label for lvl in TABLE_REGIONS},
    "partnership": "Sectoraal partnerschap",
    "programme": "Opleiding",
}
"""Menu label of each grouping."""


def grouping_of(text: str) -> GroupBy:
    """Return the grouping named by its id or, for a region, its Dutch slug.

    >>> grouping_of("provincie"), grouping_of("partnership")
    ('province', 'partnership')
    """
    if text in GROUPINGS:
        return text  # type: ignore[return-value]
    for lvl in TABLE_REGIONS:
        if text == lvl.slug:
            return lvl.id  # type: ignore[return-value]
    raise unknown_grouping(text)


def unknown_grouping(text: object) -> DataError:
    """The error for a grouping that does not exist (Dutch, lists the choices)."""
    return DataError(f"onbekende indeling {text!r}; kies uit {', '.join(GROUPINGS)}")


def group_labels(
    by: GroupBy, municipalities: pd.DataFrame, programmes: pd.DataFrame
) -> pd.DataFrame:
    """Return the groups of a breakdown in table order: columns ``key``, ``label``.

    Region levels list every region of the reference (zero rows included);
    partnership lists every partnership of the catalogue, programme every programme.
    """
    if by == "province":
        return pd.DataFrame(
            {"key": list(PROVINCE_LABELS), "label": PROVINCE_LABELS.values()}
        )
    if by in ("arrondissement", "resoc"):
        frame = region_table(municipalities, level_of(by))
    elif by == "partnership":
        names = sorted(programmes[s.PARTNERSHIP].dropna().unique())
        frame = pd.DataFrame({"a": names, "b": names})
    elif by == "programme":
        frame = programmes[[s.PROGRAMME_ID, s.NAME]].sort_values(s.NAME)
    else:
        raise unknown_grouping(by)
    frame.columns = ["key", "label"]
    return frame.reset_index(drop=True)


def group_key(
    recognitions: pd.DataFrame,
    by: GroupBy,
    municipalities: pd.DataFrame,
    programmes: pd.DataFrame,
) -> pd.Series:
    """Return each recognition's group key for a breakdown (derived from nis or
    programme, never from geometry)."""
    if by in ("province", "arrondissement", "resoc"):
        codes = region_codes(recognitions[s.NIS], level_of(by), municipalities)
        return pd.Series(codes, index=recognitions.index, dtype=object)
    if by == "partnership":
        lookup = programmes.set_index(s.PROGRAMME_ID)[s.PARTNERSHIP]
        return recognitions[s.PROGRAMME_ID].map(lookup)
    return recognitions[s.PROGRAMME_ID]


def recognition_table(
    recognitions: pd.DataFrame,
    municipalities: pd.DataFrame,
    programmes: pd.DataFrame,
    as_of: pd.Timestamp,
    by: GroupBy = "province",
) -> pd.DataFrame:
    """Count recognitions and unique establishments per group on ``as_of``.

    Returns one row per group (label column named after the grouping, e.g.
    ``provincie``), columns ``erkenningen`` and ``unieke vestigingen`` (int), and a
    final ``Eindtotaal`` row. Programme tables keep only programmes with recognitions.
    """
    if by not in GROUPINGS:
        raise unknown_grouping(by)
    active = valid_on(recognitions, as_of)
    keys = group_key(active, by, municipalities, programmes)
    counts = (
        active.assign(_key=keys)
        .groupby("_key", observed=True)
        .agg(
            n=(s.RECOGNITION_ID, "size"),
            u=(s.ESTABLISHMENT_NUMBER, "nunique"),
        )
    )
    groups = group_labels(by, municipalities, programmes)
    table = groups.join(counts, on="key").fillna({"n": 0, "u": 0})
    if by == "programme":
        table = table[table["n"] > 0]
    return count_table(by, table, len(active), active[s.ESTABLISHMENT_NUMBER].nunique())


def count_table(by: GroupBy, table: pd.DataFrame, n: int, u: int) -> pd.DataFrame:
    """Lay out a recognition table: ``table`` holds the groups (``label``) with
    their counts ``n`` and ``u``; ``n`` and ``u`` here are the totals."""
    header = GROUP_HEADERS[by]
    out = pd.DataFrame(
        {
            header: table["label"].astype(s.STR),
            COL_RECOGNITIONS: table["n"].astype("int64"),
            COL_ESTABLISHMENTS: table["u"].astype("int64"),
        }
    )
    total = pd.DataFrame(
        {header: [TOTAL_LABEL], COL_RECOGNITIONS: [n], COL_ESTABLISHMENTS: [u]}
    ).astype({header: s.STR})
    return pd.concat([out, total], ignore_index=True)


def format_cell(value: object) -> str:
    """Format one cell for text output: Dutch numbers, missing as ``-``.

    >>> [format_cell(v) for v in (3, 14892, 12.34, float("nan"), "<5", None, True)]
    ['3', '14.892', '12,3', '-', '<5', '-', 'ja']
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):  # type: ignore[call-overload]
        return "-"
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, float):
        return number(value, 1)
    if isinstance(value, int):
        return number(value)
    return str(value)


def to_markdown(table: pd.DataFrame) -> str:
    """Render a table as a GitHub-style Markdown table, value columns right-aligned.

    The first column holds the labels; every other column is right-aligned.

    >>> print(to_markdown(pd.DataFrame({"a": ["x"], "n": [3]})))
    | a | n |
    | --- | ---: |
    | x | 3 |
    """
    lines = [
        "| " + " | ".join(str(c) for c in table.columns) + " |",
        "| " + " | ".join("---:" if j else "---" for j in range(table.shape[1])) + " |",
    ]
    for row in _rows(table):
        lines.append("| " + " | ".join(format_cell(v) for v in row) + " |")
    return "\n".join(lines)


def to_plain_text(table: pd.DataFrame) -> str:
    r"""Render a table as tab-separated lines with Dutch numbers, no padding.

    Pasted into Word (Tekst naar tabel, or straight into a table) or Excel, each
    value lands in its own cell.

    >>> to_plain_text(pd.DataFrame({"a": ["xy"], "n": [14892]})).splitlines()
    ['a\tn', 'xy\t14.892']
    """
    lines = ["\t".join(str(c) for c in table.columns)]
    lines += ["\t".join(format_cell(v) for v in row) for row in _rows(table)]
    return "\n".join(lines)


def _rows(table: pd.DataFrame) -> list[list[object]]:
    """The rows as Python values (numpy integers unwrapped, so they format as int)."""
    return [
        [v.item() if hasattr(v, "item") else v for v in row]
        for row in table.itertuples(index=False)
    ]


def offer_table(
    offerings: pd.DataFrame,
    municipalities: pd.DataFrame,
    programmes: pd.DataFrame,
    school_year: str,
    by: GroupBy = "province",
) -> pd.DataFrame:
    """Count lesplaatsen and learners per group in one school year.

    Expects offerings with ``school_year`` (``2021-22``), ``location_id``, ``learners``,
    ``nis`` and ``programme_id``. Returns the group label column, ``lesplaatsen``
    (distinct ``location_id``) and ``leerlingen`` (sum of ``learners``, unknown counts
    as 0), and an ``Eindtotaal`` row. A lesplaats offering programmes of several
    partnerships counts once in each, and once in the total. Programme tables keep only
    programmes offered that year.
    """
    if by not in GROUPINGS:
        raise unknown_grouping(by)
    year = offerings.loc[offerings[s.SCHOOL_YEAR] == school_year]
    keys = group_key(year, by, municipalities, programmes)
    counts = (
        year.assign(_key=keys)
        .groupby("_key", observed=True)
        .agg(p=(s.LOCATION_ID, "nunique"), n=(s.LEARNERS, "sum"))
    )
    groups = group_labels(by, municipalities, programmes)
    table = groups.join(counts, on="key")
    if by == "programme":
        table = table[table["p"].notna()]
    table = table.fillna({"p": 0, "n": 0})
    header = GROUP_HEADERS[by]
    out = pd.DataFrame(
        {
            header: table["label"].astype(s.STR),
            COL_LESPLAATSEN: table["p"].astype("int64"),
            COL_LEARNERS: table["n"].astype("int64"),
        }
    )
    total = pd.DataFrame(
        {
            header: [TOTAL_LABEL],
            COL_LESPLAATSEN: [year[s.LOCATION_ID].nunique()],
            COL_LEARNERS: [int(year[s.LEARNERS].sum())],
        }
    ).astype({header: s.STR, COL_LESPLAATSEN: "int64", COL_LEARNERS: "int64"})
    return pd.concat([out, total], ignore_index=True)
