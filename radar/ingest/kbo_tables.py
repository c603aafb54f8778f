"""Read the KBO files into numpy/arrow: meta, establishments and names.

Every reader streams its file (``arrowcsv.stream``) keeping only the rows it needs,
parses the KBO numbers into int64 and returns what it kept plus its rejects. The
addresses (``kbo_addresses``) and the activities, the biggest file
(``kbo_activities``), have modules of their own. The small array helpers shared by
the readers sit at the top.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from radar.ingest import arrowcsv, dates
from radar.ingest.arrowcsv import (
    Keep,
    Progress,
    Stream,
    dotted,
    no_progress,
    norm,
    reject_frame,
)
from radar.ingest.arrowcsv import digits as kbo_digits
from radar.ingest.kbo_numbers import kbo_problems
from radar.ingest.kbo_source import COLUMNS, REQUIRED, Source
from radar.kernel import schema as s
from radar.kernel.errors import DataError

# denomination language priority: Dutch, unknown, French, English, German
KBO_DATES = dates.KBO_FORMATS
LANGUAGE_RANK = {"2": 0, "0": 1, "1": 2, "4": 3, "3": 4}
REASONS = {
    "bad_check_digit": "controlegetal klopt niet",
    "bad_number": "geen geldig KBO-nummer (10 cijfers, juiste eerste cijfer)",
}


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """Sorted distinct int64 values, by sorting (the hashing of ``np.unique`` in
    numpy 2.4 and of ``pd.unique`` takes seconds on millions of KBO numbers).

    >>> sorted_unique(np.array([3, 1, 3])).tolist()
    [1, 3]
    """
    v = np.sort(values)
    keep = np.ones(len(v), dtype=bool)
    keep[1:] = v[1:] != v[:-1]
    return v[keep]


def repeated(values: np.ndarray) -> np.ndarray:
    """Tell which values repeat an earlier one (by sorting, like ``sorted_unique``).

    >>> repeated(np.array([3, 1, 3, 3])).tolist()
    [False, False, True, True]
    """
    order = np.argsort(values, kind="stable")
    v = values[order]
    out = np.zeros(len(v), dtype=bool)
    out[order[1:]] = v[1:] == v[:-1]
    return out


def member(values: np.ndarray, sorted_set: np.ndarray) -> np.ndarray:
    """Tell which values are in ``sorted_set`` (binary search, no re-sorting).

    >>> member(np.array([1, 2, 5]), np.array([1, 5])).tolist()
    [True, False, True]
    """
    if len(sorted_set) == 0:
        return np.zeros(len(values), dtype=bool)
    pos = np.searchsorted(sorted_set, values)
    pos[pos >= len(sorted_set)] = 0
    return np.asarray(sorted_set[pos] == values)


def flags(values: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """A boolean arrow column as a numpy bool array."""
    return np.asarray(values.to_numpy(zero_copy_only=False), dtype=bool)


def objects(col: pa.ChunkedArray | pa.Array) -> np.ndarray:
    """An arrow column as a numpy object array (strings stay str, nulls None)."""
    return np.asarray(col.to_numpy(zero_copy_only=False), dtype=object)


def lookup(
    sorted_keys: np.ndarray, values: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Position of each value in ``sorted_keys`` (unique) and whether it is there.

    >>> pos, found = lookup(np.array([2, 5, 9]), np.array([5, 1, 9]))
    >>> pos.tolist(), found.tolist()
    ([1, 0, 2], [True, False, True])
    """
    if len(sorted_keys) == 0:
        return np.zeros(len(values), np.int64), np.zeros(len(values), dtype=bool)
    pos = np.searchsorted(sorted_keys, values)
    pos[pos >= len(sorted_keys)] = 0
    return pos, np.asarray(sorted_keys[pos] == values)


def take_text(values: pa.Array, pos: np.ndarray, found: np.ndarray) -> pa.Array:
    """``values[pos]`` where ``found``, else empty text.

    >>> got = take_text(pa.array(["a", "b"]), np.array([1, 0]), np.array([1, 0]) > 0)
    >>> got.to_pylist()
    ['b', '']
    """
    if len(values) == 0:
        return pa.array([""] * len(pos), pa.string())
    got = pc.take(values, pa.array(pos, mask=~found))
    return pc.fill_null(got, "")


def rows(col: pa.ChunkedArray | pa.Array, sel: np.ndarray) -> np.ndarray:
    """The raw values of the rows ``sel`` (a mask) as Python strings."""
    return objects(pc.take(col, pa.array(np.flatnonzero(sel))))


def read_file(
    src: Source,
    name: str,
    keep: Keep | None = None,
    progress: Progress = no_progress,
    restart: Callable[[], None] | None = None,
) -> Stream:
    """Stream one file of the delivery: its KBO columns (those present; the required
    ones must be), of the rows ``keep`` selects (``restart`` undoes what ``keep``
    did, should the file have to be read again: see ``arrowcsv.stream``)."""
    file = src.display(name)
    open_file = src.opener(name)
    header = arrowcsv.read_header(open_file, file, COLUMNS[name])
    position = {norm(h): i for i, h in reversed(list(enumerate(header.names)))}
    missing = [c for c in REQUIRED[name] if norm(c) not in position]
    if missing:
        found = ", ".join(h.strip()[:40] for h in header.names[:20] if h.strip())
        raise DataError(
            f"{file}: verplichte kolommen ontbreken: {', '.join(missing)} "
            f"(gevonden: {found or 'geen'})"
        )
    cols = {c: position[norm(c)] for c in COLUMNS[name] if norm(c) in position}
    return arrowcsv.stream(
        open_file,
        file,
        header,
        cols,
        keep,
        progress,
        path=src.path_of(name),
        restart=restart,
    )


def _needed_mask(values: pa.Array, needed: np.ndarray) -> np.ndarray:
    """Tell which raw KBO numbers are valid and in the sorted ``needed`` set."""
    n, ok = kbo_digits(values)
    return ok & member(n, needed)


def check_numbers(
    table: pa.Table, column: str, first: str, lines: np.ndarray, file: str
) -> tuple[np.ndarray, np.ndarray, list[pd.DataFrame]]:
    """Parse one KBO-number column; return ints, a valid mask and rejects."""
    n, ok = kbo_digits(table[column])
    bad_check, bad_number = kbo_problems(n, ok, first)
    rejects = []
    for code, sel in (("bad_check_digit", bad_check), ("bad_number", bad_number)):
        if sel.any():
            raw = rows(table[column], sel)
            rejects.append(
                reject_frame(file, lines[sel], column, code, REASONS[code], raw)
            )
    return n, ~(bad_check | bad_number), rejects


def read_snapshot_date(src: Source) -> str | None:
    """The extract's ``SnapshotDate`` from ``meta.csv`` as ``YYYY-MM-DD``, if any
    (None when absent or not a real date)."""
    if not src.has("meta.csv"):
        return None
    file = src.display("meta.csv")
    open_file = src.opener("meta.csv")
    header = arrowcsv.read_header(open_file, file, ["Variable", "Value"])
    position = {norm(h): i for i, h in enumerate(header.names)}
    if "variable" not in position or "value" not in position:
        return None
    cols = {"Variable": position["variable"], "Value": position["value"]}
    st = arrowcsv.stream(open_file, file, header, cols, strip=True)
    meta = dict(
        zip(objects(st.table["Variable"]), objects(st.table["Value"]), strict=True)
    )
    day, _ = dates.parse_dates(pd.Series([meta.get("SnapshotDate", "")]), KBO_DATES)
    return None if pd.isna(day.iloc[0]) else f"{day.iloc[0]:%Y-%m-%d}"


def start_dates(raw: pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray]:
    """Parse ``StartDate`` (DD-MM-JJJJ) strictly: the dates (NaT when empty or
    bad) and, per row, why it is bad (None when fine or empty).

    >>> day, why = start_dates(pa.chunked_array([["31-12-1999", "31-02-2020", "x"]]))
    >>> [str(d)[:10] for d in day], [w is None for w in why]
    (['1999-12-31', 'NaT', 'NaT'], [True, False, False])
    """
    text = pc.utf8_trim_whitespace(raw).combine_chunks()
    parsed = pc.strptime(text, format="%d-%m-%Y", unit="ms", error_is_null=True)
    shaped = flags(pc.match_substring_regex(text, r"^\d{2}-\d{2}-\d{4}$"))
    # strptime rolls 31-02 over into March: the day must give back the digits
    # (of a well-shaped text; no other text can: a date prints DD-MM-JJJJ)
    at = pa.array(np.flatnonzero(shaped))
    same = np.zeros(len(text), dtype=bool)
    if len(at):
        shaped_text, day = pc.take(text, at), pc.take(parsed, at)
        agree = [
            pc.equal(
                part(day),
                pc.cast(pc.utf8_slice_codeunits(shaped_text, a, b), pa.int64()),
            )
            for part, a, b in ((pc.day, 0, 2), (pc.month, 3, 5), (pc.year, 6, 10))
        ]
        match = pc.and_(pc.and_(agree[0], agree[1]), agree[2])
        same[np.asarray(at)] = flags(pc.fill_null(match, False))
    year = np.asarray(
        pc.fill_null(pc.year(parsed), 0).to_numpy(zero_copy_only=False), dtype=np.int64
    )
    plausible = (year >= dates.YEARS[0]) & (year <= dates.YEARS[1])
    given = flags(pc.not_equal(text, ""))
    ok = same & plausible
    why = np.full(len(text), None, dtype=object)
    why[given & ~shaped] = dates.NOT_A_DATE
    why[given & shaped & ~ok] = f"geen geldige datum: {dates.NO_SUCH_DAY}"
    why[given & shaped & same & ~plausible] = f"geen geldige datum: {dates.YEAR_OUT}"
    ms = pc.fill_null(parsed.cast(pa.int64()), 0).to_numpy(zero_copy_only=False)
    values = np.asarray(ms, dtype=np.int64).view("datetime64[ms]").copy()
    values[~ok] = np.datetime64("NaT")
    return values, why


def read_establishments(
    src: Source, progress: Progress
) -> tuple[pd.DataFrame, list[pd.DataFrame], int, int]:
    """Valid, unique establishment rows: est, ent (int64), start_date, line; their
    rejects, the rows read and how many rows were rejected."""
    name = "establishment.csv"
    file = src.display(name)
    st = read_file(src, name, progress=progress)
    rejects = [st.rejects]
    t = st.table
    est, est_ok, rj = check_numbers(t, "EstablishmentNumber", "2", st.lines, file)
    rejects += rj
    ent, ent_ok, rj = check_numbers(t, "EnterpriseNumber", "01", st.lines, file)
    rejects += rj
    start, why = start_dates(t["StartDate"])
    bad_date = why != None  # noqa: E711
    if bad_date.any():
        rejects.append(
            reject_frame(
                file,
                st.lines[bad_date],
                "StartDate",
                "bad_date",
                why[bad_date],
                rows(t["StartDate"], bad_date),
            )
        )
    ok = est_ok & ent_ok & ~bad_date
    frame = pd.DataFrame(
        {"est": est[ok], "ent": ent[ok], s.START_DATE: start[ok], "line": st.lines[ok]}
    )
    dup = repeated(frame["est"].to_numpy())
    if dup.any():
        first_line = frame.groupby("est")["line"].transform("min").to_numpy()
        rejects.append(
            reject_frame(
                file,
                frame["line"].to_numpy()[dup],
                "EstablishmentNumber",
                "duplicate_key",
                [f"dubbele sleutel, eerder op regel {x}" for x in first_line[dup]],
                dotted(frame["est"].to_numpy()[dup], "establishment"),
            )
        )
    rejected = int((~ok).sum() + dup.sum()) + len(st.rejects)
    return frame[~dup].reset_index(drop=True), rejects, st.rows_read, rejected


def read_names(
    src: Source, needed: np.ndarray, progress: Progress
) -> tuple[np.ndarray, pa.Array, list[pd.DataFrame]]:
    """Best name per entity: the entities (sorted int64) and their names; type 003
    for establishments, 001 for enterprises, Dutch first."""

    def keep(batch: pa.RecordBatch) -> np.ndarray:
        kind = pc.utf8_trim_whitespace(batch.column(2))
        wanted = np.asarray(
            pc.is_in(kind, pa.array(["001", "003"])).to_numpy(zero_copy_only=False)
        )
        return wanted & _needed_mask(batch.column(0), needed)

    st = read_file(src, "denomination.csv", keep, progress)
    t = st.table
    ent, _ = kbo_digits(t["EntityNumber"])
    kind = pc.utf8_trim_whitespace(t["TypeOfDenomination"])
    lang = pc.utf8_trim_whitespace(t["Language"])
    rank = np.full(t.num_rows, 9, dtype=np.int8)
    for code, r in LANGUAGE_RANK.items():
        rank[flags(pc.equal(lang, code))] = r
    is_est = ent // 10**9 == 2
    # establishments use commercial names (003), enterprises their name (001)
    chosen = np.where(
        is_est, flags(pc.equal(kind, "003")), flags(pc.equal(kind, "001"))
    )
    name = pc.utf8_trim_whitespace(t["Denomination"])
    chosen &= flags(pc.not_equal(name, ""))
    idx = np.flatnonzero(chosen)
    order = idx[np.lexsort((rank[idx], ent[idx]))]
    first = np.ones(len(order), dtype=bool)
    first[1:] = ent[order][1:] != ent[order][:-1]
    pick = order[first]
    names = pc.take(name, pa.array(pick)).combine_chunks()
    return ent[pick], names, [st.rejects]
