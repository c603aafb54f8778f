"""Where each row of a delimited file starts: physical lines, found the slow way.

``arrowcsv`` parses rows with pyarrow, which does not say on which line a row
starts. When a file has exactly one line per row that is simple arithmetic; when it
does not (a quoted line break, blank lines, rows with the wrong number of fields),
``scan`` reads the file once more with the csv module, counting lines as it does:
a line ends at ``\n``, ``\r\n`` or a lone ``\r``, and a quote that never closes
(the csv module's strict mode says so) is found too.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

import numpy as np

from radar.ingest.textio import Opener, Utf8Reader

if TYPE_CHECKING:
    from radar.ingest.arrowcsv import Header


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


def scan(open_file: Opener, header: Header) -> tuple[np.ndarray, np.ndarray, int]:
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


def field_count_reason(actual: int, expected: int, text: str) -> str:
    """Why a row with the wrong number of fields is rejected."""
    reason = f"verkeerd aantal velden: {actual} in plaats van {expected}"
    if "\n" in text or "\r" in text:
        reason += " (een waarde tussen aanhalingstekens loopt over meerdere regels)"
    return reason


def has_data(text: str, delimiter: str) -> bool:
    """Tell whether a row's raw text holds anything but delimiters, quotes and
    spaces (a row of only delimiters is an empty row, whatever its width)."""
    return bool(text.replace(delimiter, "").replace('"', "").strip())
