"""Exports: CSV and Excel with provenance, safe against spreadsheet formula injection.

Any text cell that starts with ``=``, ``+``, ``-``, ``@`` (or a tab / carriage return)
gets a leading apostrophe, so a spreadsheet shows it as text and never executes it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADER_FILL = PatternFill("solid", fgColor="DCE6F0")


def neutralise(value: object) -> object:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe.

    >>> neutralise('=HYPERLINK("http://x","y")'), neutralise("-3"), neutralise(-3)
    ('\\'=HYPERLINK("http://x","y")', "'-3", -3)
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy whose text cells are neutralised (numbers are left alone)."""
    out = frame.copy()
    for col in out.columns:
        if not pd.api.types.is_numeric_dtype(out[col]):
            out[col] = out[col].map(neutralise)
    out.columns = [neutralise(c) for c in out.columns]
    return out


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """Write a frame as UTF-8 CSV (with BOM so Excel reads accents), neutralised."""
    return neutralise_frame(frame).to_csv(index=False).encode("utf-8-sig")


@dataclass(frozen=True)
class Sheet:
    """One table for a workbook: title, data, provenance lines and a footnote."""

    name: str
    title: str
    table: pd.DataFrame
    provenance: tuple[tuple[str, str], ...] = ()
    footnote: str = ""
    total_label: str | None = "Eindtotaal"
    extra: dict[str, str] = field(default_factory=dict)


def to_xlsx_bytes(sheets: list[Sheet]) -> bytes:
    """Build a workbook, one sheet per table: title row, provenance block, the table
    with a bold frozen header, integer formats, fitted widths and a bold total row."""
    wb = Workbook()
    wb.remove(wb.active)
    for sheet in sheets:
        _write_sheet(wb, sheet)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _plain(value: object) -> object:
    """Turn numpy scalars into Python ones and missing values into None."""
    if pd.isna(value):  # type: ignore[call-overload]
        return None
    item = getattr(value, "item", None)
    return item() if callable(item) else value


def _write_sheet(wb: Workbook, sheet: Sheet) -> None:
    ws = wb.create_sheet(sheet.name[:31])
    ws.cell(row=1, column=1, value=neutralise(sheet.title)).font = Font(
        bold=True, size=13
    )
    row = 2
    for key, value in sheet.provenance:
        ws.cell(row=row, column=1, value=neutralise(key)).font = Font(italic=True)
        ws.cell(row=row, column=2, value=neutralise(value))
        row += 1
    row += 1
    header_row = row
    table = sheet.table
    for j, col in enumerate(table.columns, start=1):
        cell = ws.cell(row=row, column=j, value=neutralise(str(col)))
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="left" if j == 1 else "right")
    numeric = [pd.api.types.is_numeric_dtype(table[c]) for c in table.columns]
    integer = [pd.api.types.is_integer_dtype(table[c]) for c in table.columns]
    for values in table.itertuples(index=False):
        row += 1
        is_total = sheet.total_label is not None and values[0] == sheet.total_label
        for j, value in enumerate(values, start=1):
            v = _plain(value)
            cell = ws.cell(row=row, column=j, value=neutralise(v))
            if numeric[j - 1]:
                cell.number_format = "#,##0" if integer[j - 1] else "#,##0.0"
            if is_total:
                cell.font = Font(bold=True)
    if sheet.footnote:
        ws.cell(row=row + 2, column=1, value=neutralise(sheet.footnote)).font = Font(
            italic=True, size=9
        )
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    for j, col in enumerate(table.columns, start=1):
        longest = max(
            [len(str(col))]
            + [
                len(f"{v:,}" if numeric[j - 1] and not pd.isna(v) else str(v))
                for v in table.iloc[:, j - 1]
            ]
        )
        if j == 1:
            longest = max(longest, *(len(k) for k, _ in sheet.provenance), 0)
        if j == 2:
            longest = max(longest, *(len(v) for _, v in sheet.provenance), 0)
        ws.column_dimensions[get_column_letter(j)].width = min(60, longest + 3)
