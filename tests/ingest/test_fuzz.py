"""Fuzzing every reader: whatever the bytes, a reader returns a parsed source whose
rows add up (read = kept + rejected + skipped) or refuses with ``DataError``.

Four kinds of hostile input per source: random bytes, a valid file in a random
encoding, random cells in a valid file (these must never be refused: each row is
kept, rejected or skipped on its own, nothing lost, nothing shifted) and a valid file
cut off anywhere. Bounded to a few seconds per source.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from radar.ingest.checks import INPUT_LINE
from radar.ingest.readers import parse
from radar.ingest.result import Parsed
from radar.kernel.errors import DataError

FIXTURES = Path(__file__).parents[1] / "data" / "ingest"
FILES = {
    "offerings": "offerings_broken.csv",
    "learners": "learners.csv",
    "recognitions": "recognitions_broken.csv",
}
EXAMPLES = 25
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
ENCODINGS = [
    "utf-8",
    "utf-8-sig",
    "cp1252",
    "latin-1",
    "utf-16",
    "utf-16-le",
    "utf-16-be",
    "utf-32",
]
# cells a spreadsheet or an export can hold, and some that attack the parser
CELL = st.one_of(
    # no NUL storms: a text with NUL bytes in over 1 % of it is taken for binary
    st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=12),
    st.sampled_from(
        [
            "",
            " ",
            '"',
            '""',
            "a\nb",
            "x\r\ny",
            ";",
            ",",
            "|",
            "\t",
            '=HYPERLINK("http://x","y")',
            "@SUM(A1)",
            "9223372036854775808",
            "1e300",
            "-1",
            "31-02-2020",
            "29-02-2023",
            "00-00-0000",
            "31-12-9999",
            "0200.065.765",
            "2.000.000.339",
            "BE 0200 065 765",
            "9999",
            "NaN",
            "inf",
            "\x00",
            "\ufeff",
            "é–€",
        ]
    ),
)


@contextmanager
def written(name: str, data: bytes) -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="fuzz-"))
    try:
        path = folder / name
        path.write_bytes(data)
        yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def check(parsed: Parsed) -> None:
    """The invariants of every parsed input."""
    assert parsed.is_balanced(), (
        parsed.rows_read,
        parsed.rows_kept,
        parsed.rows_rejected,
        parsed.skipped,
    )
    rejects = parsed.rejects
    assert list(rejects.columns) == [
        "bestand",
        "regel",
        "kolom",
        "code",
        "reden",
        "waarde",
    ]
    if parsed.source != "kbo":
        # one line per rejected row, each a real line of the file
        assert len(rejects) == parsed.rows_rejected
        assert rejects["regel"].notna().all()
        assert (rejects["regel"] >= 1).all()


def outcome(source: str, path: Path, reference) -> Parsed | DataError:
    try:
        parsed = parse(source, path, reference, name=path.name)
    except DataError as exc:
        assert str(exc).startswith(path.name) or path.name in str(exc), str(exc)
        return exc
    check(parsed)
    return parsed


def rows_of(data: bytes) -> tuple[list[list[str]], str]:
    text = data.decode("utf-8-sig") if data[:3] == b"\xef\xbb\xbf" else None
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252")
    delimiter = next(d for d in (";", "|", "\t", ",") if d in text.splitlines()[0])
    return list(csv.reader(io.StringIO(text), delimiter=delimiter)), delimiter


def to_bytes(rows: list[list[str]], delimiter: str) -> bytes:
    # CRLF: the csv module then quotes every cell holding a \r or a \n
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def breaks(data: bytes) -> int:
    """Line breaks as the csv parsers count them: \r\n, \r or \n."""
    return len(re.findall(rb"\r\n|\r|\n", data))


def physical_lines(rows: list[list[str]], delimiter: str) -> list[tuple[int, bool]]:
    """Start line of every data row as ``to_bytes`` writes it, and whether it holds
    anything but blanks."""
    out, line = [], 1 + breaks(to_bytes(rows[:1], delimiter))
    for row in rows[1:]:
        out.append((line, any(c.strip() for c in row)))
        line += breaks(to_bytes([row], delimiter))
    return out


@pytest.mark.parametrize("source", [*FILES, "kbo"])
@FUZZ
@given(data=st.binary(max_size=600))
def test_random_bytes_are_parsed_or_refused(source, data, reference):
    name = "export.csv" if source != "kbo" else "kbo.zip"
    with written(name, data) as path:
        outcome(source, path, reference)


@pytest.mark.parametrize("source", list(FILES))
@FUZZ
@given(encoding=st.sampled_from(ENCODINGS))
def test_a_valid_file_in_any_encoding_keeps_its_rows(source, encoding, reference):
    raw = (FIXTURES / FILES[source]).read_bytes()
    rows, delimiter = rows_of(raw)
    text = to_bytes(rows, delimiter).decode("utf-8")
    data = text.encode(encoding, errors="replace")
    with written("export.csv", data) as path:
        got = outcome(source, path, reference)
    with written("export.csv", text.encode("utf-8")) as path:
        want = outcome(source, path, reference)
    assert isinstance(got, Parsed) and isinstance(want, Parsed)
    if encoding not in ("latin-1", "cp1252"):  # "–" cannot be written in latin-1
        assert (got.rows_read, got.rows_kept, got.rows_rejected) == (
            want.rows_read,
            want.rows_kept,
            want.rows_rejected,
        )
    assert list(got.rejects["regel"]) == list(want.rejects["regel"])


@pytest.mark.parametrize("source", list(FILES))
@FUZZ
@given(data=st.data())
def test_random_cells_reject_their_row_only(source, data, reference):
    rows, delimiter = rows_of((FIXTURES / FILES[source]).read_bytes())
    width = len(rows[0])
    body = [r + [""] * (width - len(r)) if len(r) < width else r for r in rows[1:]]
    # keep the wrong-width row of a fixture out: here every row has the header's width
    body = [r[:width] for r in body]
    n = data.draw(st.integers(1, 6))
    for _ in range(n):
        i = data.draw(st.integers(0, len(body) - 1))
        j = data.draw(st.integers(0, width - 1))
        body[i][j] = data.draw(CELL)
    table = [rows[0], *body]
    with written("export.csv", to_bytes(table, delimiter)) as path:
        parsed = outcome(source, path, reference)
    assert isinstance(parsed, Parsed), str(parsed)
    lines = physical_lines(table, delimiter)
    content = [line for line, full in lines if full]
    # nothing lost: every row that holds anything is read
    assert parsed.rows_read == len(content)
    # nothing shifted: every reject is on a line where a row starts
    assert set(parsed.rejects["regel"].astype(int)) <= set(content)
    if source != "learners":  # learner rows are summed per offering
        kept = parsed.frame[INPUT_LINE].astype(int).tolist()
        rejected = parsed.rejects["regel"].astype(int).tolist()
        assert not set(kept) & set(rejected)
        assert set(kept) | set(rejected) <= set(content)


@pytest.mark.parametrize("source", list(FILES))
@FUZZ
@given(cut=st.floats(0, 1))
def test_a_file_cut_off_anywhere_is_parsed_or_refused(source, cut, reference):
    raw = (FIXTURES / FILES[source]).read_bytes()
    with written("export.csv", raw[: int(len(raw) * cut)]) as path:
        outcome(source, path, reference)


KBO_FILES = ["establishment.csv", "address.csv", "denomination.csv", "activity.csv"]


def kbo_zip(folder: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in sorted(folder.iterdir()):
            zf.write(f, f.name)
    return target


@FUZZ
@given(data=st.data())
def test_kbo_with_random_cells_is_parsed_row_by_row(data, reference):
    folder = Path(tempfile.mkdtemp(prefix="fuzz-kbo-"))
    try:
        shutil.copytree(FIXTURES / "kbo_broken", folder / "kbo")
        name = data.draw(st.sampled_from(KBO_FILES))
        path = folder / "kbo" / name
        rows, delimiter = rows_of(path.read_bytes())
        for _ in range(data.draw(st.integers(1, 5))):
            i = data.draw(st.integers(1, len(rows) - 1))
            j = data.draw(st.integers(0, len(rows[i]) - 1))
            rows[i][j] = data.draw(CELL)
        path.write_bytes(to_bytes(rows, delimiter))
        parsed = outcome("kbo", folder / "kbo", reference)
        assert isinstance(parsed, Parsed), str(parsed)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@FUZZ
@given(cut=st.floats(0, 1), member=st.sampled_from(KBO_FILES))
def test_kbo_zip_or_file_cut_off_anywhere_is_parsed_or_refused(cut, member, reference):
    folder = Path(tempfile.mkdtemp(prefix="fuzz-kbo-"))
    try:
        shutil.copytree(FIXTURES / "kbo", folder / "kbo")
        archive = kbo_zip(folder / "kbo", folder / "kbo.zip")
        raw = archive.read_bytes()
        archive.write_bytes(raw[: int(len(raw) * cut)])
        outcome("kbo", archive, reference)
        text = (folder / "kbo" / member).read_bytes()
        (folder / "kbo" / member).write_bytes(text[: int(len(text) * cut)])
        outcome("kbo", folder / "kbo", reference)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


XLSX_VALUE = (
    CELL
    | st.integers()
    | st.floats()
    | st.booleans()
    | st.datetimes(min_value=dt.datetime(1900, 3, 1))
    | st.times()
)


@FUZZ
@given(data=st.data())
def test_xlsx_with_random_cells_is_parsed_row_by_row(data, reference):
    import openpyxl
    from openpyxl.utils.exceptions import IllegalCharacterError

    rows, _ = rows_of((FIXTURES / "recognitions.csv").read_bytes())
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "data"
    ws.append(rows[0])
    for row in rows[1:3]:
        values: list[object] = list(row)
        for _ in range(data.draw(st.integers(1, 4))):
            values[data.draw(st.integers(0, len(values) - 1))] = data.draw(XLSX_VALUE)
        try:
            ws.append(values)
        except IllegalCharacterError:  # openpyxl refuses some text itself
            ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    with written("erkenningen.xlsx", buf.getvalue()) as path:
        parsed = outcome("recognitions", path, reference)
    assert isinstance(parsed, Parsed), str(parsed)
    assert parsed.rows_read == 2


def test_the_fuzz_fixtures_are_what_the_tests_think(reference):
    for source, name in FILES.items():
        parsed = parse(source, FIXTURES / name, reference)
        check(parsed)
        assert len(pd.unique(parsed.rejects["regel"])) == len(parsed.rejects)
