"""Read delimited text, XLSX and JSON inputs row by row, with line numbers.

Encodings: UTF-8, UTF-8 with BOM, else cp1252 (detected from the bytes). Delimiters:
``;`` ``,`` ``|`` or tab (the one whose header split finds the most expected columns).
Column names match case-insensitively, through a table of accepted aliases per
canonical field. A file that lacks required fields is refused with one message listing
them; a row with the wrong number of fields becomes a ``Reject``.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from radar.kernel.errors import DataError

DELIMITERS = (";", ",", "|", "\t")
LINE = "_line"
# rows between progress reports (tests set it low to interrupt an ingest midway)
PROGRESS_EVERY = 50_000
# progress(step, rows done, rows total or None)
Progress = Callable[[str, int, int | None], None]


def no_progress(step: str, done: int, total: int | None) -> None:
    """Ignore progress reports."""


@dataclass(frozen=True)
class Reject:
    """One rejected input row: where it was, why, and the offending value."""

    file: str
    line: int | None
    column: str | None
    code: str
    reason: str
    value: str = ""


REJECT_COLUMNS = ("bestand", "regel", "kolom", "code", "reden", "waarde")


def rejects_frame(rejects: Iterable[Reject]) -> pd.DataFrame:
    """Return rejects as the rejects-CSV frame (Dutch headers, one row per reject)."""
    rows = [(r.file, r.line, r.column, r.code, r.reason, r.value) for r in rejects]
    frame = pd.DataFrame(rows, columns=list(REJECT_COLUMNS))
    frame["regel"] = frame["regel"].astype("Int64")
    return frame


@dataclass
class Table:
    """Rows of one input file: text columns named by canonical field, plus ``_line``."""

    file: str
    frame: pd.DataFrame
    rejects: list[Reject] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""


def detect_encoding(sample: bytes, complete: bool = True) -> str:
    r"""Name the encoding of ``sample``: ``utf-8-sig``, ``utf-8`` or ``cp1252``.

    ``complete=False`` says the sample is a prefix that may end inside a character.

    >>> detect_encoding(b"\xef\xbb\xbfa;b"), detect_encoding("é".encode())
    ('utf-8-sig', 'utf-8')
    >>> detect_encoding("é".encode("cp1252")), detect_encoding(b"a\xc3", False)
    ('cp1252', 'utf-8')
    """
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        truncated = exc.reason == "unexpected end of data"
        if complete or not truncated or exc.start < len(sample) - 3:
            return "cp1252"
    return "utf-8"


def _split(line: str, delimiter: str) -> list[str]:
    return next(csv.reader([line], delimiter=delimiter), [])


def _norm(name: str) -> str:
    return name.strip().strip('"').strip().lower()


def detect_delimiter(header: str, expected: Iterable[str] = ()) -> str:
    """Pick the delimiter whose split of ``header`` finds most ``expected`` names.

    >>> detect_delimiter("a;b;c", ["a", "b"]), detect_delimiter("a,b|c", ["b", "c"])
    (';', '|')
    >>> detect_delimiter("x\\ty\\tz")
    '\\t'
    """
    wanted = {_norm(e) for e in expected}

    def score(d: str) -> tuple[int, int]:
        parts = [_norm(p) for p in _split(header, d)]
        return (len(wanted.intersection(parts)), len(parts))

    return max(DELIMITERS, key=score)


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
    position = {_norm(h): i for i, h in reversed(list(enumerate(header)))}
    found: dict[str, int] = {}
    for name, names in aliases.items():
        for alias in (name, *names):
            if _norm(alias) in position:
                found[name] = position[_norm(alias)]
                break
    missing = [
        " of ".join(alt.split("|"))
        for alt in required
        if not any(a in found for a in alt.split("|"))
    ]
    if missing:
        raise DataError(
            f"{file}: verplichte kolommen ontbreken: {', '.join(missing)} "
            f"(gevonden: {', '.join(h.strip() for h in header) or 'geen'})"
        )
    return found


def decode(data: bytes) -> tuple[str, str]:
    """Decode a whole small file; return the text and the encoding used."""
    encoding = detect_encoding(data)
    return data.decode(encoding), encoding


def read_delimited(
    data: bytes,
    file: str,
    aliases: Mapping[str, Sequence[str]],
    required: Sequence[str],
    progress: Progress = no_progress,
) -> Table:
    """Read a delimited text file into a ``Table`` of text columns.

    ``_line`` is the physical line where each record starts (the header is line 1).
    """
    text, encoding = decode(data)
    lines = text.splitlines()
    first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if first is None:
        raise DataError(f"{file}: leeg bestand")
    expected = [a for name, al in aliases.items() for a in (name, *al)]
    delimiter = detect_delimiter(lines[first], expected)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(reader)
    while not any(h.strip() for h in header):
        header = next(reader)
    cols = match_columns(header, aliases, required, file)
    width = len(header)
    every = max(1, PROGRESS_EVERY)
    rows: list[list[str]] = []
    line_numbers: list[int] = []
    rejects: list[Reject] = []
    start = reader.line_num + 1
    for record in reader:
        if record and any(v.strip() for v in record):
            if len(record) != width:
                rejects.append(
                    Reject(
                        file,
                        start,
                        None,
                        "field_count",
                        f"verkeerd aantal velden: {len(record)} in plaats van {width}",
                        delimiter.join(record)[:200],
                    )
                )
            else:
                rows.append([record[i].strip() for i in cols.values()])
                line_numbers.append(start)
            if (len(rows) + len(rejects)) % every == 0:
                progress(file, len(rows) + len(rejects), None)
        start = reader.line_num + 1
    frame = pd.DataFrame(rows, columns=list(cols), dtype="string")
    frame[LINE] = pd.Series(line_numbers, dtype="int64")
    progress(file, len(rows) + len(rejects), len(rows) + len(rejects))
    return Table(file, frame, rejects, encoding, delimiter)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if hasattr(value, "strftime"):
        return str(value.strftime("%Y-%m-%d"))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_xlsx(
    path: Path,
    file: str,
    aliases: Mapping[str, Sequence[str]],
    required: Sequence[str],
    progress: Progress = no_progress,
) -> Table:
    """Read the first sheet (or the sheet ``data``) of an XLSX file; ``_line`` is the
    sheet row number. Dates become ``YYYY-MM-DD`` text."""
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        ws = wb["data"] if "data" in wb.sheetnames else wb.worksheets[0]
        it: Iterator[tuple[Any, ...]] = ws.iter_rows(values_only=True)
        header_row = 1
        header = [_cell(v) for v in next(it, ())]
        while header and not any(header):
            header = [_cell(v) for v in next(it, ())]
            header_row += 1
        cols = match_columns(header, aliases, required, file)
        rows, line_numbers = [], []
        for n, values in enumerate(it, start=header_row + 1):
            cells = [_cell(v) for v in values]
            if not any(cells):
                continue
            cells += [""] * (len(header) - len(cells))
            rows.append([cells[i] for i in cols.values()])
            line_numbers.append(n)
    finally:
        wb.close()
    frame = pd.DataFrame(rows, columns=list(cols), dtype="string")
    frame[LINE] = pd.Series(line_numbers, dtype="int64")
    progress(file, len(rows), len(rows))
    return Table(file, frame, [], "xlsx", "")


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
    data: bytes,
    file: str,
    aliases: Mapping[str, Sequence[str]],
    required: Sequence[str],
    progress: Progress = no_progress,
) -> Table:
    """Read a JSON list of records, or an API envelope ``{"content": [...]}`` (or a
    list of such pages); ``_line`` is the 1-based record number."""
    text, encoding = decode(data)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(f"{file}: geen geldige JSON ({exc})") from exc
    pages = doc if isinstance(doc, list) else [doc]
    records: list[Any] = []
    for page in pages:
        if isinstance(page, Mapping) and isinstance(page.get("content"), list):
            records.extend(page["content"])
        else:
            records.append(page)
    flat = [_flatten(r) if isinstance(r, Mapping) else {} for r in records]
    header = list(dict.fromkeys(k for r in flat for k in r))
    cols = match_columns(header, aliases, required, file)
    names = [header[i] for i in cols.values()]
    rows = [[r.get(n, "") for n in names] for r in flat]
    frame = pd.DataFrame(rows, columns=list(cols), dtype="string")
    frame[LINE] = pd.Series(range(1, len(rows) + 1), dtype="int64")
    progress(file, len(rows), len(rows))
    return Table(file, frame, [], encoding, "")


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
    if head.startswith(b"PK"):
        return read_xlsx(path, file, aliases, required, progress)
    data = path.read_bytes()
    if data.lstrip(codecs.BOM_UTF8).lstrip()[:1] in (b"[", b"{"):
        return read_json(data, file, aliases, required, progress)
    return read_delimited(data, file, aliases, required, progress)
