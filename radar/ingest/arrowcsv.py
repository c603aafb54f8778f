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

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from radar.ingest.textio import Opener, Utf8Reader, read_text, sniff_encoding
from radar.kernel.errors import DataError

# batch -> mask of rows to keep (None keeps all)
Keep = Callable[[pa.RecordBatch], "pa.Array | np.ndarray | None"]
# progress(step, rows done, rows total or None)
Progress = Callable[[str, int, int | None], None]
BLOCK_BYTES = 16 << 20
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


def _records(
    open_file: Opener, header: Header, strict: bool
) -> tuple[list[int], list[bool]]:
    width = len(header.names)
    starts: list[int] = []
    right: list[bool] = []
    with Utf8Reader(open_file, header.encoding, header.skip) as raw:
        text = io.TextIOWrapper(io.BufferedReader(raw), encoding="utf-8", newline="")
        reader = csv.reader(text, delimiter=header.delimiter, strict=strict)
        before = 0
        try:
            for record in reader:
                if record:
                    starts.append(header.line + before + 1)
                    right.append(len(record) == width)
                before = reader.line_num
        except csv.Error as exc:
            exc.add_note(str(header.line + before + 1))
            raise
    return starts, right


def _scan(open_file: Opener, header: Header) -> tuple[np.ndarray, np.ndarray, int]:
    """Start line of every non-empty record, whether its field count is right, and
    the line of a record whose quote never closes (0 when none)."""
    csv.field_size_limit(1 << 30)
    unclosed = 0
    try:
        starts, right = _records(open_file, header, strict=True)
    except csv.Error as exc:
        if str(exc) == "unexpected end of data":
            unclosed = int(exc.__notes__[-1])
        starts, right = _records(open_file, header, strict=False)
    return np.asarray(starts, dtype=np.int64), np.asarray(right, dtype=bool), unclosed


def _field_count_reason(actual: int, expected: int, text: str) -> str:
    reason = f"verkeerd aantal velden: {actual} in plaats van {expected}"
    if "\n" in text or "\r" in text:
        reason += " (een waarde tussen aanhalingstekens loopt over meerdere regels)"
    return reason


def stream(
    open_file: Opener,
    file: str,
    header: Header,
    columns: dict[str, int],
    keep: Keep | None = None,
    progress: Progress = no_progress,
    strip: bool = False,
) -> Stream:
    """Read the data rows after ``header``: the fields ``columns`` (output name ->
    header position) as text, of the rows ``keep`` selects (it sees those fields).

    Rows whose fields are all empty are skipped like empty lines; rows with another
    number of fields than the header become ``field_count`` rejects.
    """
    width = len(header.names)
    names = [f"f{i}" for i in range(width)]
    bad: list[tuple[int, str]] = []

    def on_invalid(row: pcsv.InvalidRow) -> str:
        bad.append((row.actual_columns, row.text or ""))
        return "skip"

    batches: list[pa.RecordBatch] = []
    positions: list[np.ndarray] = []
    offset = blank_rows = 0
    source = Utf8Reader(open_file, header.encoding, header.skip)
    progress(file, 0, None)
    try:
        reader = pcsv.open_csv(
            source,
            read_options=pcsv.ReadOptions(column_names=names, block_size=BLOCK_BYTES),
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
            batches.append(chosen.filter(pa.array(mask)))
            positions.append(np.flatnonzero(mask).astype(np.int64) + offset)
            blank_rows += int(blank.sum())
            offset += batch.num_rows
            progress(file, offset + len(bad), None)
    except pa.ArrowInvalid as exc:
        if "Empty CSV file" not in str(exc):
            raise DataError(f"{file}: onleesbaar als CSV ({exc})") from exc
    finally:
        lines_passed = source.lines_passed()
        source.close()
    schema = pa.schema([(n, pa.string()) for n in columns])
    table = pa.Table.from_batches(batches, schema=schema)
    kept = np.concatenate(positions) if positions else np.zeros(0, np.int64)
    first = header.line + 1
    valid_lines = None
    bad_lines = np.zeros(len(bad), dtype=np.int64)  # 0: unknown
    unclosed = 0
    if bad or lines_passed != offset:
        starts, right, unclosed = _scan(open_file, header)
        if int(right.sum()) == offset and int((~right).sum()) == len(bad):
            valid_lines, bad_lines = starts[right], starts[~right]
    texts = [t for _, t in bad]
    real = np.array([_has_data(t, header.delimiter) for t in texts], dtype=bool)
    reasons = [_field_count_reason(a, width, t) for a, t in bad]
    last = header.line + lines_passed
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
    rows_read = offset - blank_rows + int(real.sum())
    progress(file, rows_read, rows_read)
    st = Stream(
        file, table, np.zeros(0, np.int64), rejects, rows_read, valid_lines, first
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


def _has_data(text: str, delimiter: str) -> bool:
    """Tell whether a row's raw text holds anything but delimiters, quotes and
    spaces (a row of only delimiters is an empty row, whatever its width)."""
    return bool(text.replace(delimiter, "").replace('"', "").strip())


def digits(values: pa.ChunkedArray | pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Turn dotted KBO numbers into int64 (0 where not 10 digits) and a validity mask.

    >>> n, ok = digits(pa.array(["0200.065.765", "2.000.000.339", "x", "BE0200065765"]))
    >>> n.tolist(), ok.tolist()
    ([200065765, 2000000339, 0, 200065765], [True, True, False, True])
    """
    plain = pc.replace_substring(values, ".", "")
    try:  # fast path: every value is digits and dots (the KBO files)
        ints = pc.cast(plain, pa.int64())
        ok = pc.and_(pc.equal(pc.utf8_length(plain), 10), pc.utf8_is_decimal(plain))
        return (
            np.asarray(ints.to_numpy(zero_copy_only=False), dtype=np.int64),
            np.asarray(ok.to_numpy(zero_copy_only=False), dtype=bool),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        pass
    plain = pc.utf8_upper(pc.utf8_trim_whitespace(values))
    plain = pc.replace_substring_regex(plain, r"^BE", "")
    plain = pc.replace_substring(pc.replace_substring(plain, ".", ""), " ", "")
    ok = pc.match_substring_regex(plain, r"^[0-9]{10}$")
    ints = pc.cast(pc.if_else(ok, plain, "0"), pa.int64())
    return (
        np.asarray(ints.to_numpy(zero_copy_only=False), dtype=np.int64),
        np.asarray(ok.to_numpy(zero_copy_only=False), dtype=bool),
    )


def kbo_reasons(numbers: np.ndarray, ok: np.ndarray, first: str) -> np.ndarray:
    """Say why each KBO number is invalid (``None`` if valid): code and reason.

    >>> kbo_reasons(np.array([200065765, 200065766]), np.array([True, True]), "01")
    array([None, 'bad_check_digit'], dtype=object)
    """
    check_ok = 97 - (numbers // 100) % 97 == numbers % 100
    lead_ok = np.isin(numbers // 10**9, [int(c) for c in first])
    out = np.full(len(numbers), None, dtype=object)
    out[~check_ok] = "bad_check_digit"
    out[~lead_ok] = "bad_number"
    out[~ok] = "bad_number"
    return out


def dotted(numbers: np.ndarray, kind: str) -> np.ndarray:
    """Format int64 KBO numbers dotted (``0200.065.765`` / ``2.000.000.339``).

    >>> dotted(np.array([200065765]), "enterprise").tolist()
    ['0200.065.765']
    """
    if len(numbers) == 0:
        return np.zeros(0, dtype=object)
    text = pa.array(np.char.zfill(numbers.astype(str), 10))
    s = pc.utf8_slice_codeunits
    if kind == "enterprise":
        parts = [s(text, 0, 4), s(text, 4, 7), s(text, 7, 10)]
    else:
        parts = [s(text, 0, 1), s(text, 1, 4), s(text, 4, 7), s(text, 7, 10)]
    joined = pc.binary_join_element_wise(*parts, ".")
    return np.asarray(joined.to_numpy(zero_copy_only=False), dtype=object)
