"""Stream big delimited files (KBO open data) with pyarrow, keeping line numbers.

pyarrow parses in blocks and hands rows with the wrong field count to a handler
without their position; when there are any, the file is scanned once more to find
their lines, so every kept row and every reject still carries its physical line
(header = line 1; the KBO files have no line breaks inside quoted values).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import IO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from radar.ingest import sniff
from radar.kernel.errors import DataError

Opener = Callable[[], IO[bytes]]
# batch -> mask of rows to keep (None keeps all)
Keep = Callable[[pa.RecordBatch], "pa.Array | np.ndarray | None"]
BLOCK_BYTES = 16 << 20


@dataclass
class Stream:
    """Kept rows of one file, their physical lines, and the field-count rejects."""

    file: str
    table: pa.Table
    lines: np.ndarray
    rejects: pd.DataFrame
    rows_read: int
    before: np.ndarray

    def line_of(self, position: np.ndarray) -> np.ndarray:
        """Physical line of valid rows given their position among valid rows."""
        pos = np.asarray(position, dtype=np.int64)
        return 2 + pos + np.searchsorted(self.before, pos, side="right")


def reject_frame(
    file: str,
    lines: np.ndarray | Sequence[int],
    column: str | None,
    code: str,
    reason: str | Sequence[str],
    values: Sequence[object] | np.ndarray,
) -> pd.DataFrame:
    """Build rejects-CSV rows (``sniff.REJECT_COLUMNS``) for many rows at once."""
    n = len(lines)
    frame = pd.DataFrame(
        {
            "bestand": [file] * n,
            "regel": pd.array(np.asarray(lines, dtype="int64"), dtype="Int64"),
            "kolom": [column] * n,
            "code": [code] * n,
            "reden": list(reason) if not isinstance(reason, str) else [reason] * n,
            "waarde": [str(v) for v in values],
        }
    )
    return frame


def _header(open_file: Opener, file: str) -> tuple[list[str], str, str]:
    with open_file() as fh:
        sample = fh.read(1 << 20)
        complete = len(sample) < 1 << 20
    encoding = sniff.detect_encoding(sample, complete)
    text = sample.decode(encoding, errors="replace")
    first = text.splitlines()[0] if text else ""
    if not first.strip():
        raise DataError(f"{file}: leeg bestand of geen kopregel")
    return [first], encoding, text


def _bad_lines(
    open_file: Opener, encoding: str, texts: list[str], header_line: int
) -> list[int]:
    """Find the physical line of each wrong-width row, in file order."""
    wanted: dict[str, int] = {}
    for t in texts:
        wanted[t] = wanted.get(t, 0) + 1
    found: list[int] = []
    with open_file() as raw:
        reader = io.TextIOWrapper(raw, encoding=encoding, newline="")
        for n, line in enumerate(reader, start=1):
            if n <= header_line:
                continue
            text = line.rstrip("\r\n")
            if wanted.get(text):
                wanted[text] -= 1
                found.append(n)
                if len(found) == len(texts):
                    break
    return found


def stream(
    open_file: Opener,
    file: str,
    columns: Sequence[str],
    required: Sequence[str],
    keep: Keep | None = None,
    progress: sniff.Progress = sniff.no_progress,
) -> Stream:
    """Read ``columns`` (those present; ``required`` must be) of a delimited file as
    text, keeping the rows ``keep`` selects."""
    first, encoding, _ = _header(open_file, file)
    delimiter = sniff.detect_delimiter(first[0], columns)
    header = sniff._split(first[0].lstrip("\ufeff"), delimiter)
    by_norm = {h.strip().lower(): h for h in header}
    missing = [c for c in required if c.lower() not in by_norm]
    if missing:
        raise DataError(
            f"{file}: verplichte kolommen ontbreken: {', '.join(missing)} "
            f"(gevonden: {', '.join(header)})"
        )
    present = {c: by_norm[c.lower()] for c in columns if c.lower() in by_norm}
    bad: list[tuple[int, int, str]] = []

    def on_invalid(row: pcsv.InvalidRow) -> str:
        bad.append((row.actual_columns, row.expected_columns, row.text or ""))
        return "skip"

    pa_encoding = "utf8" if encoding.startswith("utf-8") else encoding
    reader = pcsv.open_csv(
        open_file(),
        read_options=pcsv.ReadOptions(encoding=pa_encoding, block_size=BLOCK_BYTES),
        parse_options=pcsv.ParseOptions(
            delimiter=delimiter, invalid_row_handler=on_invalid
        ),
        convert_options=pcsv.ConvertOptions(
            column_types={h: pa.string() for h in header},
            include_columns=list(present.values()),
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
    batches, positions = [], []
    offset = 0
    progress(file, 0, None)
    for batch in reader:
        n = batch.num_rows
        mask = keep(batch) if keep is not None else None
        idx = np.arange(offset, offset + n, dtype=np.int64)
        if mask is not None:
            m = np.asarray(mask, dtype=bool)
            batch = batch.filter(pa.array(m))
            idx = idx[m]
        batches.append(batch)
        positions.append(idx)
        offset += n
        progress(file, offset + len(bad), None)
    names = list(present)
    schema = pa.schema([(n, pa.string()) for n in names])
    table = pa.Table.from_batches(
        [pa.RecordBatch.from_arrays(b.columns, names=names) for b in batches],
        schema=schema,
    )
    valid_pos = np.concatenate(positions) if positions else np.zeros(0, np.int64)
    base = 2  # header on line 1
    rejects = reject_frame(file, [], None, "field_count", "", [])
    before = np.zeros(0, dtype=np.int64)
    if bad:
        bad_lines = np.asarray(
            _bad_lines(open_file, encoding, [b[2] for b in bad], 1), dtype=np.int64
        )
        if len(bad_lines) != len(bad):  # not found again: report the record order
            bad_lines = np.full(len(bad), -1, dtype=np.int64)
        before = np.sort(bad_lines - base - np.arange(len(bad_lines)))
        lines = base + valid_pos + np.searchsorted(before, valid_pos, side="right")
        reasons = [f"verkeerd aantal velden: {a} in plaats van {e}" for a, e, _ in bad]
        rejects = reject_frame(
            file,
            np.where(bad_lines < 0, 0, bad_lines),
            None,
            "field_count",
            reasons,
            [b[2][:200] for b in bad],
        )
    else:
        lines = base + valid_pos
    progress(file, offset + len(bad), offset + len(bad))
    return Stream(file, table, lines, rejects, offset + len(bad), before)


def digits(values: pa.ChunkedArray | pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Turn dotted KBO numbers into int64 (0 where not 10 digits) and a validity mask.

    >>> n, ok = digits(pa.array(["0200.065.765", "2.000.000.339", "x", "BE0200065765"]))
    >>> n.tolist(), ok.tolist()
    ([200065765, 2000000339, 0, 200065765], [True, True, False, True])
    """
    plain = pc.replace_substring(values, ".", "")
    try:  # fast path: every value is digits and dots (the KBO files)
        ints = pc.cast(plain, pa.int64())
        ok = pc.equal(pc.utf8_length(plain), 10)
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
    text = pa.array(np.char.zfill(numbers.astype(str), 10))
    s = pc.utf8_slice_codeunits
    if kind == "enterprise":
        parts = [s(text, 0, 4), s(text, 4, 7), s(text, 7, 10)]
    else:
        parts = [s(text, 0, 1), s(text, 1, 4), s(text, 4, 7), s(text, 7, 10)]
    joined = pc.binary_join_element_wise(*parts, ".")
    return np.asarray(joined.to_numpy(zero_copy_only=False), dtype=object)
