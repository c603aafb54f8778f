"""Exports: CSV and Excel with provenance, safe against spreadsheet formula injection.

Any text cell that starts with ``=``, ``+``, ``-``, ``@`` (or a tab / carriage return)
gets a leading apostrophe, so a spreadsheet shows it as text and never executes it.
"""

from __future__ import annotations

import datetime as dt
import io
import textwrap
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


def _number_format(value: object) -> str | None:
    """Excel number format of a cell value: integers and decimals, else none.

    >>> [_number_format(v) for v in (3, 2.5, "<5", True)]
    ['#,##0', '#,##0.0', None, None]
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return "#,##0"
    if isinstance(value, float):
        return "#,##0.0"
    return None


def _display_width(value: object) -> int:
    """Characters a value takes on screen once formatted."""
    if value is None:
        return 0
    if isinstance(value, int) and not isinstance(value, bool):
        return len(f"{value:,}")
    if isinstance(value, float):
        return len(f"{value:,.1f}")
    return len(str(value))


def _widths(sheet: Sheet, rows: list[list[object]]) -> list[float]:
    """Fit each column to its longest value; long headers wrap over a few lines."""
    table = sheet.table
    widths: list[float] = []
    for j, col in enumerate(table.columns):
        longest = max([0] + [_display_width(r[j]) for r in rows])
        header = str(col)
        words = max(len(w) for w in header.split()) if header.split() else 0
        head = (
            len(header) if len(header) <= 16 else max(words, -(-len(header) // 3), 12)
        )
        # Bold header text is about a fifth wider than the body font.
        longest = max(longest, round(head * 1.2))
        if j == 0:
            longest = max(longest, *(len(k) for k, _ in sheet.provenance), 0)
        widths.append(min(60, longest + 3))
    # Provenance values spill over the empty cells to their right; widen the second
    # column only by what the columns after the first cannot hold.
    needed = max([0] + [len(v) + 2 for _, v in sheet.provenance])
    if len(widths) > 1 and sum(widths[1:]) < needed:
        widths[1] += needed - sum(widths[1:])
    return widths


def _header_lines(header: str, width: float) -> int:
    """Lines a wrapped header takes in a column ``width`` characters wide.

    >>> _header_lines("erkenningen", 14), _header_lines("unieke vestigingen", 15)
    (1, 2)
    """
    return max(1, len(textwrap.wrap(header, max(1, int(width) - 2))))


def _write_sheet(wb: Workbook, sheet: Sheet) -> None:
    ws = wb.create_sheet(sheet.name[:31])
    table = sheet.table
    rows = [[_plain(v) for v in values] for values in table.itertuples(index=False)]
    widths = _widths(sheet, rows)
    title = ws.cell(row=1, column=1, value=neutralise(sheet.title))
    title.font = Font(bold=True, size=13)
    # A title wider than the table wraps inside the table's width, so a printout
    # (fitted to the table's width) never cuts it off.
    title_lines = textwrap.wrap(sheet.title, max(20, int(sum(widths) / 1.3)))
    if len(title_lines) > 1 and len(widths) > 1:
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(widths))
        title.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[1].height = 18 * len(title_lines)
    row = 2
    for key, value in sheet.provenance:
        ws.cell(row=row, column=1, value=neutralise(key)).font = Font(italic=True)
        ws.cell(row=row, column=2, value=neutralise(value))
        row += 1
    row += 1
    header_row = row
    for j, col in enumerate(table.columns, start=1):
        cell = ws.cell(row=row, column=j, value=neutralise(str(col)))
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        numeric = j > 1 and all(
            _number_format(r[j - 1]) or _is_marker(str(r[j - 1])) for r in rows
        )
        cell.alignment = Alignment(
            horizontal="right" if numeric else "left", vertical="top", wrap_text=True
        )
    for values in rows:
        row += 1
        is_total = sheet.total_label is not None and values[0] == sheet.total_label
        for j, v in enumerate(values, start=1):
            cell = ws.cell(row=row, column=j, value=neutralise(v))
            fmt = _number_format(v)
            if fmt:
                cell.number_format = fmt
            elif isinstance(v, dt.date):
                cell.number_format = "dd-mm-yyyy"
            if j > 1 and isinstance(v, str) and _is_marker(v):
                cell.alignment = Alignment(horizontal="right")
            if is_total:
                cell.font = Font(bold=True)
    if sheet.footnote:
        chars = max(40, int(sum(widths) * 1.1))
        for k, line in enumerate(textwrap.wrap(sheet.footnote, chars)):
            ws.cell(row=row + 2 + k, column=1, value=neutralise(line)).font = Font(
                italic=True, size=9
            )
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    lines = max(
        _header_lines(str(c), w) for c, w in zip(table.columns, widths, strict=True)
    )
    # Spreadsheets do not grow a row for wrapped text written by openpyxl: set it.
    ws.row_dimensions[header_row].height = 15 * lines
    for j, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = width
    # Print on one page width (landscape when wide), header repeated on each page.
    ws.page_setup.orientation = "landscape" if sum(widths) > 95 else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = f"{header_row}:{header_row}"


def _is_marker(text: str) -> bool:
    """Tell whether a text cell is a suppression marker (``<5``, ``x``) or a dash.

    >>> _is_marker("<5"), _is_marker("x"), _is_marker("Limburg")
    (True, True, False)
    """
    return text in ("x", "-") or (text.startswith("<") and text[1:].isdigit())
