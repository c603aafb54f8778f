"""Stream delimited files with pyarrow, keeping the physical line of every row.

Every delimited input (the big KBO files and the small exports alike) is read here:
``read_header`` finds the encoding, the delimiter and the header row (blank lines
before it are allowed); ``stream`` parses the rest in blocks, handing each block to a
``keep`` filter, so a file never has to sit in memory as text or Python objects.

Line numbers are physical lines (the header is line 1 when it comes first). pyarrow
gives rows without their position; when the file has exactly one line per row (the
usual case, checked by counting the line breaks while streaming) row k is on line
``header + 1 + k``. Otherwise (quoted line breaks, blank lines, rows with the wrong
number of fields) the file is scanned once more with the csv module to find the line
where each row starts.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from radar.ingest import lines
from radar.ingest.kbo_numbers import digits, dotted, kbo_reasons
from radar.ingest.textio import (
    Breaks,
    NotUtf8Error,
    Opener,
    RawReader,
    Utf8Check,
    Utf8Reader,
    read_text,
    sniff_encoding,
)
from radar.kernel.errors import DataError

__all__ = ["digits", "dotted", "kbo_reasons", "reject_frame", "stream"]
# batch -> mask of rows to keep (None keeps all)
Keep = Callable[[pa.RecordBatch], "pa.Array | np.ndarray | None"]
# progress(step, rows done, rows total or None)
Progress = Callable[[str, int, int | None], None]
BLOCK_BYTES = 16 << 20
# the exports other than the KBO: smaller blocks, one thread (peak memory about twice
# the kept fields instead of many parse buffers at once)
SMALL_BLOCK_BYTES = 2 << 20
HEADER_BYTES = 1 << 20
DELIMITERS = (";", ",", "|", "\t")
REJECT_COLUMNS = ("bestand", "regel", "kolom", "code", "reden", "waarde")
_BREAK = re.compile(r"\r\n|\r|\n")


def no_progress(step: str, done: int, total: int | None) -> None:
    """Ignore progress reports."""


def reject_frame(
    file: str,
    lines: np.ndarray | Sequence[int],
    column: str | None,
    code: str,
    reason: str | Sequence[str],
    values: Sequence[object] | np.ndarray,
) -> pd.DataFrame:
    """Build rejects-CSV rows (``REJECT_COLUMNS``) for many rows at once."""
    n = len(lines)
    return pd.DataFrame(
        {
            "bestand": [file] * n,
            # a line below 1 is unknown (the file could not be scanned again)
            "regel": pd.array(
                [int(x) if x > 0 else None for x in np.asarray(lines, dtype="int64")],
                dtype="Int64",
            ),
            "kolom": [column] * n,
            "code": [code] * n,
            "reden": list(reason) if not isinstance(reason, str) else [reason] * n,
            "waarde": ["" if v is None else str(v)[:200] for v in values],
        }
    )


def split_line(line: str, delimiter: str) -> list[str]:
    """Split one line as CSV."""
    return next(csv.reader([line], delimiter=delimiter), [])


def norm(name: str) -> str:
    """A column name as compared: trimmed, unquoted, lower case."""
    return name.strip().strip('"').strip().lower()


def detect_delimiter(header: str, expected: Sequence[str] = ()) -> str:
    """Pick the delimiter whose split of ``header`` finds most ``expected`` names.

    >>> detect_delimiter("a;b;c", ["a", "b"]), detect_delimiter("a,b|c", ["b", "c"])
    (';', '|')
    >>> detect_delimiter("x\\ty\\tz")
    '\\t'
    """
    wanted = {norm(e) for e in expected}

    def score(d: str) -> tuple[int, int]:
        parts = [norm(p) for p in split_line(header, d)]
        return (len(wanted.intersection(parts)), len(parts))

    return max(DELIMITERS, key=score)


@dataclass(frozen=True)
class Header:
    """Where the data of a delimited file starts and how to read it."""

    names: list[str]
    delimiter: str
    encoding: str
    line: int
    """Physical line on which the header ends (1 for a plain file)."""
    skip: int
    """UTF-8 bytes before the first data row."""


def read_header(open_file: Opener, file: str, expected: Sequence[str]) -> Header:
    """Find the header row: encoding, delimiter, names and where the data starts."""
    encoding = sniff_encoding(open_file, file)
    text = read_text(open_file, encoding, HEADER_BYTES)
    pieces = _BREAK.split(text)
    breaks = _BREAK.findall(text)
    blank = 0
    while blank < len(pieces) and not pieces[blank].strip():
        blank += 1
    if blank >= len(pieces):
        raise DataError(f"{file}: leeg bestand (geen kopregel)")
    ends = np.cumsum(
        [len(p) + len(b) for p, b in zip(pieces, [*breaks, ""], strict=True)]
    )
    start = int(ends[blank - 1]) if blank else 0
    delimiter = detect_delimiter(pieces[blank], expected)
    reader = csv.reader(io.StringIO(text[start:], newline=""), delimiter=delimiter)
    try:
        names = next(reader)
    except (csv.Error, StopIteration) as exc:
        raise DataError(f"{file}: kopregel onleesbaar ({exc})") from exc
    line = blank + reader.line_num
    if line > len(breaks) and len(text.encode("utf-8")) >= HEADER_BYTES - 4:
        raise DataError(f"{file}: kopregel langer dan 1 MB")
    prefix = text[: int(ends[min(line, len(ends)) - 1])]
    return Header(
        names=[n.removeprefix("\ufeff") for n in names],
        delimiter=delimiter,
        encoding=encoding,
        line=line,
        skip=len(prefix.encode("utf-8")),
    )


@dataclass
class Stream:
    """Kept rows of one file, their physical lines, and the field-count rejects."""

    file: str
    table: pa.Table
    lines: np.ndarray
    rejects: pd.DataFrame
    rows_read: int
    valid_lines: np.ndarray | None
    first_line: int

    def line_of(self, position: np.ndarray) -> np.ndarray:
        """Physical line of rows given their position among the rows with the right
        number of fields."""
        pos = np.asarray(position, dtype=np.int64)
        if self.valid_lines is None:
            return self.first_line + pos
        return self.valid_lines[pos]


def _blank(batch: pa.RecordBatch) -> np.ndarray:
    """Rows whose every field is empty or spaces (skipped, like empty lines)."""
    if batch.num_columns == 0 or batch.num_rows == 0:
        return np.zeros(batch.num_rows, dtype=bool)
    first = pc.utf8_trim_whitespace(batch.column(0))
    maybe = np.flatnonzero(
        np.asarray(pc.equal(first, "").to_numpy(zero_copy_only=False))
    )
    out = np.zeros(batch.num_rows, dtype=bool)
    if len(maybe):
        rows = batch.take(pa.array(maybe))
        empty = np.ones(len(maybe), dtype=bool)
        for col in rows.columns[1:]:
            trimmed = pc.utf8_trim_whitespace(col)
            empty &= np.asarray(pc.equal(trimmed, "").to_numpy(zero_copy_only=False))
        out[maybe] = empty
    return out


@dataclass
class _Parse:
    """What one pass of pyarrow over the data rows gives."""

    batches: list[pa.RecordBatch]
    positions: list[np.ndarray]
    rows: int
    blank_rows: int
    bad: list[tuple[int, str]]
    lines_passed: int


def _parse(
    source: object,
    file: str,
    header: Header,
    columns: dict[str, int],
    keep: Keep | None,
    progress: Progress,
    strip: bool,
    block_bytes: int,
) -> _Parse:
    names = [f"f{i}" for i in range(len(header.names))]
    out = _Parse([], [], 0, 0, [], 0)

    def on_invalid(row: pcsv.InvalidRow) -> str:
        out.bad.append((row.actual_columns, row.text or ""))
        return "skip"

    try:
        reader = pcsv.open_csv(
            source,
            read_options=pcsv.ReadOptions(
                column_names=names,
                block_size=block_bytes,
                use_threads=block_bytes >= BLOCK_BYTES,
            ),
            parse_options=pcsv.ParseOptions(
                delimiter=header.delimiter,
                newlines_in_values=True,
                invalid_row_handler=on_invalid,
            ),
            convert_options=pcsv.ConvertOptions(
                column_types={n: pa.string() for n in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid as exc:
        if "Empty CSV file" in str(exc):
            return out
        raise
    for batch in reader:
        blank = _blank(batch)
        cols = [batch.column(i) for i in columns.values()]
        if strip:
            cols = [pc.utf8_trim_whitespace(c) for c in cols]
        chosen = pa.RecordBatch.from_arrays(cols, names=list(columns))
        mask = ~blank
        if keep is not None:
            wanted = keep(chosen)
            if wanted is not None:
                mask &= np.asarray(wanted, dtype=bool)
        out.batches.append(chosen if mask.all() else chosen.filter(pa.array(mask)))
        out.positions.append(np.flatnonzero(mask).astype(np.int64) + out.rows)
        out.blank_rows += int(blank.sum())
        out.rows += batch.num_rows
        progress(file, out.rows + len(out.bad), None)
    return out


def _native(path: Path, header: Header) -> tuple[pa.NativeFile, int]:
    """The data rows of a UTF-8 file on disk, for pyarrow to read natively (no
    Python in between: the least memory), and their line count; ``NotUtf8Error``
    when the file is not UTF-8 after all."""
    start = _data_start(header)
    breaks, utf8 = Breaks(), Utf8Check()
    with Path(path).open("rb") as fh:
        fh.seek(start)
        while chunk := fh.read(4 << 20):
            breaks.add(chunk)
            utf8.add(chunk)
        utf8.add(b"")
    source = pa.OSFile(str(path))
    source.seek(start)
    return source, breaks.lines()


def _data_start(header: Header) -> int:
    """Bytes of the file before its first data row (a UTF-8 BOM included)."""
    return header.skip + (3 if header.encoding == "utf-8-sig" else 0)


def stream(
    open_file: Opener,
    file: str,
    header: Header,
    columns: dict[str, int],
    keep: Keep | None = None,
    progress: Progress = no_progress,
    strip: bool = False,
    block_bytes: int = BLOCK_BYTES,
    path: Path | None = None,
    restart: Callable[[], None] | None = None,
) -> Stream:
    """Read the data rows after ``header``: the fields ``columns`` (output name ->
    header position) as text, of the rows ``keep`` selects (it sees those fields).

    Rows whose fields are all empty are skipped like empty lines; rows with another
    number of fields than the header become ``field_count`` rejects. A UTF-8 file
    goes to pyarrow unchanged (from disk when ``path`` names it); when pyarrow finds
    bytes that are not UTF-8 the file is read again as text through ``Utf8Reader``
    (``restart`` first undoes what ``keep`` did with the batches it saw).
    """
    width = len(header.names)
    progress(file, 0, None)
    args = (file, header, columns, keep, progress, strip, block_bytes)
    got = None
    if header.encoding in ("utf-8", "utf-8-sig"):
        source: pa.NativeFile | RawReader | None = None
        try:
            if path is not None:
                source, counted = _native(path, header)
            else:
                source = RawReader(open_file, _data_start(header))
            got = _parse(source, *args)
            if isinstance(source, RawReader):
                counted = source.lines_passed()
            got.lines_passed = counted
        except (pa.ArrowInvalid, NotUtf8Error):
            # not UTF-8 after all (in a field, or in a row of the wrong width whose
            # text pyarrow cannot hand over): read it as text; a file that is no
            # CSV fails again there, with the message
            if restart is not None:
                restart()
        finally:
            if source is not None:
                source.close()
    if got is None:
        source = Utf8Reader(open_file, header.encoding, header.skip)
        try:
            got = _parse(source, *args)
        except pa.ArrowInvalid as exc:
            raise DataError(f"{file}: onleesbaar als CSV ({exc})") from exc
        finally:
            source.close()
        got.lines_passed = source.lines_passed()
    schema = pa.schema([(n, pa.string()) for n in columns])
    table = pa.Table.from_batches(got.batches, schema=schema)
    pa.default_memory_pool().release_unused()  # the parse buffers, back to the OS
    kept = np.concatenate(got.positions) if got.positions else np.zeros(0, np.int64)
    bad, offset = got.bad, got.rows
    valid_lines = None
    bad_lines = np.zeros(len(bad), dtype=np.int64)  # 0: unknown
    unclosed = 0
    if bad or got.lines_passed != offset:
        starts, right, unclosed = lines.scan(open_file, header)
        if int(right.sum()) == offset and int((~right).sum()) == len(bad):
            valid_lines, bad_lines = starts[right], starts[~right]
    texts = [t for _, t in bad]
    real = np.array([lines.has_data(t, header.delimiter) for t in texts], dtype=bool)
    reasons = [lines.field_count_reason(a, width, t) for a, t in bad]
    last = header.line + got.lines_passed
    open_note = (
        f"aanhalingsteken niet afgesloten: de waarde loopt door tot het einde van "
        f"het bestand (regel {unclosed} tot {last}); wat erna staat, is niet als "
        "rij gelezen"
    )
    for i, line in enumerate(bad_lines):
        if unclosed and line == unclosed:
            reasons[i] = open_note
    rejects = reject_frame(
        file,
        bad_lines[real] if len(bad) else bad_lines,
        None,
        "field_count",
        [r for r, keep_it in zip(reasons, real, strict=True) if keep_it],
        [t for t, keep_it in zip(texts, real, strict=True) if keep_it],
    )
    rows_read = offset - got.blank_rows + int(real.sum())
    progress(file, rows_read, rows_read)
    st = Stream(
        file,
        table,
        np.zeros(0, np.int64),
        rejects,
        rows_read,
        valid_lines,
        header.line + 1,
    )
    st.lines = st.line_of(kept)
    swallowed = st.lines == unclosed if unclosed else np.zeros(len(kept), bool)
    if swallowed.any():  # a row with the right width that ran on to the end
        st.table = table.filter(pa.array(~swallowed))
        st.lines = st.lines[~swallowed]
        st.rejects = pd.concat(
            [
                rejects,
                reject_frame(file, [unclosed], None, "unclosed_quote", open_note, [""]),
            ],
            ignore_index=True,
        )
    return st
