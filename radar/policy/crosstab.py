"""Crosstabs: counts or sums over two breakdowns, with row and column totals.

Rows and columns are any two groupings of ``radar.tables`` (e.g. sector partnership x
province). Cells count rows of the input (recognitions) or sum a value column
(learners). Totals are computed from the input, not from the cells, so they stay
correct whatever is later suppressed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from radar.kernel import schema as s
from radar.kernel.errors import DataError
from radar.policy.tables import (
    GROUP_HEADERS,
    GROUPINGS,
    TOTAL_LABEL,
    GroupBy,
    group_key,
    group_labels,
    unknown_grouping,
)


def crosstab(
    frame: pd.DataFrame,
    rows: GroupBy,
    cols: GroupBy,
    municipalities: pd.DataFrame,
    programmes: pd.DataFrame,
    value: str | None = None,
) -> pd.DataFrame:
    """Cross-tabulate ``frame`` by two groupings.

    ``frame`` needs ``nis`` and ``programme_id`` (recognitions or offerings). Returns
    the row label column (named after ``rows``, e.g. ``sectoraal partnerschap``), one
    int column per group of ``cols`` (labelled, in table order), an ``Eindtotaal``
    column and a final ``Eindtotaal`` row. Cells count rows, or sum ``value`` when
    given. Programme rows or columns without any count are left out.
    """
    for by in (rows, cols):
        if by not in GROUPINGS:
            raise unknown_grouping(by)
    if rows == cols:
        raise DataError(
            f"een kruistabel vraagt twee verschillende indelingen, niet 2x {rows!r}"
        )
    data = pd.DataFrame(
        {
            "r": group_key(frame, rows, municipalities, programmes),
            "c": group_key(frame, cols, municipalities, programmes),
            "v": 1 if value is None else frame[value].fillna(0),
        }
    )
    cells = data.groupby(["r", "c"], observed=True)["v"].sum().unstack(fill_value=0)
    row_groups = group_labels(rows, municipalities, programmes)
    col_groups = group_labels(cols, municipalities, programmes)
    body = cells.reindex(
        index=row_groups["key"], columns=col_groups["key"], fill_value=0
    )
    row_total = data.groupby("r", observed=True)["v"].sum()
    row_total = row_total.reindex(row_groups["key"], fill_value=0).to_numpy()
    col_total = data.groupby("c", observed=True)["v"].sum()
    col_total = col_total.reindex(col_groups["key"], fill_value=0).to_numpy()
    return crosstab_frame(
        rows,
        cols,
        (row_groups, col_groups),
        body,
        (row_total, col_total),
        data["v"].sum(),
    )


def crosstab_frame(
    rows: GroupBy,
    cols: GroupBy,
    groups: tuple[pd.DataFrame, pd.DataFrame],
    cells: pd.DataFrame | np.ndarray,
    totals: tuple[np.ndarray, np.ndarray],
    grand: object,
) -> pd.DataFrame:
    """Lay out a crosstab: ``cells`` per (row group, column group) in the order of
    ``groups`` (``group_labels`` of both), the row and column totals, the grand
    total. Programme rows or columns without any count are left out."""
    row_groups, col_groups = groups
    row_total, col_total = totals
    body = pd.DataFrame(cells)
    body.index = row_groups["label"].to_numpy()
    body.columns = col_groups["label"].to_numpy()
    body[TOTAL_LABEL] = row_total
    if rows == "programme":
        body = body[row_total > 0]
    if cols == "programme":
        keep = [*(col_total > 0), True]
        body = body.loc[:, keep]
        col_total = col_total[col_total > 0]
    body = body.copy()  # one block again after the column edits (no fragmentation)
    body.loc[TOTAL_LABEL] = [*col_total, grand]
    out = body.astype("int64").rename_axis(GROUP_HEADERS[rows]).reset_index()
    out[GROUP_HEADERS[rows]] = out[GROUP_HEADERS[rows]].astype(s.STR)
    out.columns = [str(c) for c in out.columns]
    return out
