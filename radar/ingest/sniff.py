"""Read delimited text, XLSX and JSON inputs into a ``Table``, with line numbers.

Encodings: UTF-8 (with or without BOM), UTF-16/32 and cp1252 (``textio``). Delimiters:
``;`` ``,`` ``|`` or tab (the one whose header split finds the most expected columns).
Column names match case-insensitively, through a table of accepted aliases per
canonical field. A file that lacks required fields is refused with one message listing
them (as the export names them); a row with the wrong number of fields becomes a
reject. Delimited files are streamed (``arrowcsv``), so only the fields used are kept.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from radar.ingest import arrowcsv
from radar.ingest.arrowcsv import REJECT_COLUMNS, Progress, no_progress, norm
from radar.ingest.textio import (
    detect_encoding,
    opener,
    read_text,
    sniff_encoding,
    transcode,
)
from radar.kernel.errors import DataError

__all__ = ["REJECT_COLUMNS", "Progress", "detect_encoding", "no_progress"]

LINE = "_line"
# rows checked at a time, and between progress reports (tests set it low)
PROGRESS_EVERY = 50_000
XLSX_BATCH = 50_000
OLE2 = b"\xd0\xcf\x11\xe0"
UTF8 = ("utf-8", "utf-8-sig")


def rejects_frame(rows: Iterable[tuple[Any, ...]] = ()) -> pd.DataFrame:
    """Rejects as the rejects-CSV frame (Dutch headers, one row per reject)."""
    frame = pd.DataFrame(list(rows), columns=list(REJECT_COLUMNS))
    frame["regel"] = frame["regel"].astype("Int64")
    return frame


@dataclass
class Table:
    """Rows of one input file: text fields named by canonical field, their lines.

    ``headers`` maps each canonical field to its column name in the file (what a
    reject shows); ``rows_read`` counts the data rows, blank rows aside.
    """

    file: str
    data: pa.Table
    lines: np.ndarray
    rejects: pd.DataFrame = field(default_factory=rejects_frame)
    headers: dict[str, str] = field(default_factory=dict)
    rows_read: int = 0
    encoding: str = ""
    delimiter: str = ""

    def __len__(self) -> int:
        return self.data.num_rows

    def chunk(self, start: int, size: int) -> pd.DataFrame:
        """Rows ``start`` to ``start + size`` as text columns plus ``_line``."""
        part = self.data.slice(start, size)
        frame = pd.DataFrame(
            {
                name: np.asarray(
                    part.column(name).to_numpy(zero_copy_only=False), dtype=object
                )
                for name in part.column_names
            }
        )
        frame[LINE] = self.lines[start : start + size]
        return frame

    def chunks(self, size: int | None = None) -> Iterator[pd.DataFrame]:
        """The rows in pieces of ``size`` (``PROGRESS_EVERY``) rows."""
        step = max(1, size or PROGRESS_EVERY)
        for start in range(0, len(self), step):
            yield self.chunk(start, step)

    @property
    def frame(self) -> pd.DataFrame:
        """All rows at once (small inputs and tests)."""
        return self.chunk(0, len(self))


def _names(field: str, aliases: Mapping[str, Sequence[str]]) -> str:
    """How a missing field is named: the export's column names for it."""
    names = list(aliases.get(field, ()))[:3] or [field]
    return "/".join(names)


def match_columns(
    header: Sequence[str],
    aliases: Mapping[str, Sequence[str]],
    required: Sequence[str],
    file: str,
) -> dict[str, int]:
    """Map canonical fields to header positions; refuse a file missing required ones.

    ``aliases`` maps each field to the names accepted for it (case-insensitive). A
    required entry ``"a|b"`` is satisfied by either field.

    >>> match_columns(["Zip", "X"], {"postcode": ["zip"]}, ["postcode"], "f.csv")
    {'postcode': 0}
    """
    position = {norm(h): i for i, h in reversed(list(enumerate(header)))}
    found: dict[str, int] = {}
    for name, names in aliases.items():
        for alias in (name, *names):
            if norm(alias) in position:
                found[name] = position[norm(alias)]
                break
    missing = [
        " of ".join(_names(a, aliases) for a in alt.split("|"))
        for alt in required
        if not any(a in found for a in alt.split("|"))
    ]
    if missing:
        shown = ", ".join(h.strip()[:40] for h in header[:30] if h.strip()) or "geen"
        raise DataError(
            f"{file}: verplichte kolommen ontbreken: {'; '.join(missing)} "
            f"(gevonden: {shown})"
        )
    return found


def _expected(aliases: Mapping[str, Sequence[str]]) -> list[str]:
    return [a for name, al in aliases.items() for a in (name, *al)]


def read_delimited(
    path: Path,
    file: str,
    aliases: Mapping[str, Sequence[str]],
    required: Sequence[str],
    progress: Progress = no_progress,
) -> Table:
    """Read a delimited text file into a ``Table`` (fields trimmed).

    ``lines`` holds the physical line where each row starts (the header is line 1).
    """

    open_file = opener(path)
    header = arrowcsv.read_header(open_file, file, _expected(aliases))
    cols = match_columns(header.names, aliases, required, file)
    encoding = header.encoding
    with tempfile.TemporaryDirectory(prefix="radar-") as folder:
        source = Path(path)
        if encoding not in UTF8:  # pyarrow reads UTF-8 on disk with least memory
            source = transcode(open_file, encoding, Path(folder) / "utf8.csv")
            header = dataclasses.replace(header, encoding="utf-8")
        st = arrowcsv.stream(
            opener(source),
            file,
            header,
            cols,
            None,
            progress,
            strip=True,
            block_bytes=arrowcsv.SMALL_BLOCK_BYTES,
            path=source,
        )
    return Table(
        file,
        st.table,
        st.lines,
        st.rejects,
        {k: header.names[i].strip() for k, i in cols.items()},
        st.rows_read,
        encoding,
        header.delimiter,
    )


def _cell(value: Any) -> str:
    """An XLSX or JSON value as text; dates as ``YYYY-MM-DD``, times never as dates.

    >>> [_cell(v) for v in (None, 6.0, 6.5, dt.datetime(2023, 9, 1), dt.time(8, 30))]
    ['', '6', '6.5', '2023-09-01', '08:30:00']
    """
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, dt.time | dt.timedelta):
        return str(value)
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    return str(value).strip()


def _table_from_rows(
    file: str,
    names: list[str],
    batches: list[pa.RecordBatch],
    lines: list[int],
    rejects: pd.DataFrame,
    headers: dict[str, str],
    rows_read: int,
    encoding: str,
) -> Table:
    schema = pa.schema([(n, pa.string()) for n in names])
    data = pa.Table.from_batches(batches, schema=schema)
    return Table(
        file,
        data,
        np.asarray(lines, dtype=np.int64),
        rejects,
        headers,
        rows_read,
        encoding,
    )


def read_xlsx(
    path: Path,
    file: str,
    aliases: Mapping[str, Sequence[str]],
    required: Sequence[str],
    progress: Progress = no_progress,
) -> Table:
    """Read the sheet ``data`` (else the first sheet) of an XLSX file; lines are the
    sheet's row numbers. Dates become ``YYYY-MM-DD`` text."""
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl parses untrusted XML: any error is a bad file
        raise DataError(f"{file}: geen leesbare Excel-werkmap (XLSX) ({exc})") from exc
    row_no = 0
    try:
        if not wb.worksheets:
            raise DataError(f"{file}: de werkmap heeft geen werkblad")
        ws = wb["data"] if "data" in wb.sheetnames else wb.worksheets[0]
        it: Iterator[tuple[Any, ...]] = ws.iter_rows(values_only=True)
        header: list[str] = []
        for values in it:
            row_no += 1
            header = [_cell(v) for v in values]
            if any(header):
                break
        if not any(header):
            raise DataError(f"{file}: leeg werkblad (geen kopregel)")
        cols = match_columns(header, aliases, required, file)
        names, where = list(cols), list(cols.values())
        width = len(header)
        batch: list[list[str]] = []
        batches: list[pa.RecordBatch] = []
        lines: list[int] = []
        wide: list[tuple[Any, ...]] = []
        rows_read = 0
        for values in it:
            row_no += 1
            cells = [_cell(v) for v in values]
            if not any(cells):
                continue
            rows_read += 1
            if any(cells[width:]):
                extra = next(c for c in cells[width:] if c)
                wide.append(
                    (file, row_no, None, "field_count",
                     "waarde in een kolom zonder kopregel", extra[:200])
                )  # fmt: skip
                continue
            cells += [""] * (width - len(cells))
            batch.append([cells[i] for i in where])
            lines.append(row_no)
            if len(batch) >= XLSX_BATCH:
                batches.append(_batch(names, batch))
                batch = []
                progress(file, rows_read, None)
        batches.append(_batch(names, batch))
    except DataError:
        raise
    except Exception as exc:  # a damaged sheet or a cell openpyxl cannot convert
        raise DataError(
            f"{file}: rij {row_no} van het werkblad onleesbaar ({exc})"
        ) from exc
    finally:
        wb.close()
    progress(file, rows_read, rows_read)
    headers = {k: header[i] for k, i in cols.items()}
    return _table_from_rows(
        file, names, batches, lines, rejects_frame(wide), headers, rows_read, "xlsx"
    )


def _batch(names: list[str], rows: list[list[str]]) -> pa.RecordBatch:
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(names)
    return pa.RecordBatch.from_arrays(
        [pa.array(list(c), pa.string()) for c in columns], names=names
    )


def _flatten(record: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    """Flatten nested objects to dotted keys.

    >>> _flatten({"a": {"code": 1}, "b": None})
    {'a.code': '1', 'b': ''}
    """
    out: dict[str, str] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.update(_flatten(value, f"{name}."))
        else:
            out[name] = _cell(value)
    return out


def read_json(
    path: Path,
    file: str,
    aliases: Mapping[str, Sequence[str]],
    required: Sequence[str],
    progress: Progress = no_progress,
) -> Table:
    """Read a JSON list of records, or an API envelope ``{"content": [...]}`` (or a
    list of such pages); lines are the 1-based record numbers."""
    encoding = sniff_encoding(opener(path), file)
    text = read_text(opener(path), encoding)
    try:
        doc = json.loads(text)
        pages = doc if isinstance(doc, list) else [doc]
        records: list[Any] = []
        for page in pages:
            if isinstance(page, Mapping) and isinstance(page.get("content"), list):
                records.extend(page["content"])
            else:
                records.append(page)
        flat = [_flatten(r) if isinstance(r, Mapping) else None for r in records]
    except (ValueError, RecursionError) as exc:
        raise DataError(f"{file}: geen geldige JSON ({str(exc)[:200]})") from exc
    del doc, text
    header = list(dict.fromkeys(k for r in flat if r for k in r))
    cols = match_columns(header, aliases, required, file)
    names = [header[i] for i in cols.values()]
    rows, lines, wrong = [], [], []
    for n, r in enumerate(flat, start=1):
        if r is None:
            wrong.append((file, n, None, "bad_value", "record is geen object", ""))
        elif any(r.values()):
            rows.append([r.get(name, "") for name in names])
            lines.append(n)
    progress(file, len(flat), len(flat))
    headers = {k: header[i] for k, i in cols.items()}
    return _table_from_rows(
        file,
        list(cols),
        [_batch(list(cols), rows)],
        lines,
        rejects_frame(wrong),
        headers,
        len(lines) + len(wrong),
        encoding,
    )


def read_any(
    path: Path,
    file: str,
    aliases: Mapping[str, Sequence[str]],
    required: Sequence[str],
    progress: Progress = no_progress,
) -> Table:
    """Read CSV/TXT, XLSX or JSON by content: a ZIP container is XLSX, ``[``/``{``
    JSON, anything else delimited text."""
    with open(path, "rb") as fh:
        head = fh.read(8)
    if not head:
        raise DataError(f"{file}: leeg bestand")
    if head.startswith(b"PK"):
        return read_xlsx(path, file, aliases, required, progress)
    if head.startswith(OLE2):
        raise DataError(
            f"{file}: een oud Excel-bestand (.xls); sla het op als .xlsx of CSV"
        )
    encoding = sniff_encoding(opener(path), file)
    start = read_text(opener(path), encoding, 4096)
    if start.lstrip("\ufeff \t\r\n")[:1] in ("[", "{"):
        return read_json(path, file, aliases, required, progress)
    return read_delimited(path, file, aliases, required, progress)
