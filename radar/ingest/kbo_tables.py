"""Read the KBO files into numpy/pandas: meta, establishments, addresses and names.

Every reader streams its file (``arrowcsv.stream``) keeping only the rows it needs,
parses the KBO numbers into int64 and returns what it kept plus its rejects. The
activities, the biggest file, have a module of their own (``kbo_activities``). The
small array helpers shared by the readers sit at the top.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from radar.ingest import places, sniff
from radar.ingest.arrowcsv import digits as kbo_digits
from radar.ingest.arrowcsv import dotted, kbo_reasons, reject_frame, stream
from radar.ingest.kbo_source import COLUMNS, REQUIRED, Source
from radar.kernel import schema as s

# denomination language priority: Dutch, unknown, French, English, German
LANGUAGE_RANK = {"2": 0, "0": 1, "1": 2, "4": 3, "3": 4}
REASONS = {
    "bad_check_digit": "controlegetal klopt niet",
    "bad_number": "geen geldig KBO-nummer (10 cijfers, juiste eerste cijfer)",
}


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """Sorted distinct int64 values (hashing first: faster than ``np.unique``).

    >>> sorted_unique(np.array([3, 1, 3])).tolist()
    [1, 3]
    """
    return np.sort(pd.unique(values))


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


def _needed_mask(values: pa.Array, needed: np.ndarray) -> np.ndarray:
    """Tell which raw KBO numbers are valid and in the sorted ``needed`` set."""
    n, ok = kbo_digits(values)
    return ok & member(n, needed)


def _numbers(
    table: pa.Table, column: str, first: str, lines: np.ndarray, file: str
) -> tuple[np.ndarray, np.ndarray, list[pd.DataFrame]]:
    """Parse one KBO-number column; return ints, a valid mask and rejects."""
    n, ok = kbo_digits(table[column])
    why = kbo_reasons(n, ok, first)
    bad = why != None  # noqa: E711
    rejects = []
    raw = objects(table[column])
    for code in ("bad_check_digit", "bad_number"):
        sel = why == code
        if sel.any():
            rejects.append(
                reject_frame(file, lines[sel], column, code, REASONS[code], raw[sel])
            )
    return n, ~bad, rejects


def read_snapshot_date(src: Source) -> str | None:
    """The extract's ``SnapshotDate`` from ``meta.csv`` as ``YYYY-MM-DD``, if any."""
    if not src.has("meta.csv"):
        return None
    st = stream(src.opener("meta.csv"), "meta.csv", ["Variable", "Value"], [])
    if "Variable" not in st.table.column_names:
        return None
    meta = dict(
        zip(objects(st.table["Variable"]), objects(st.table["Value"]), strict=True)
    )
    raw = meta.get("SnapshotDate")
    day = pd.to_datetime(raw, format="%d-%m-%Y", errors="coerce")
    return None if pd.isna(day) else f"{day:%Y-%m-%d}"


def read_establishments(
    src: Source, progress: sniff.Progress
) -> tuple[pd.DataFrame, list[pd.DataFrame], int]:
    """Valid, unique establishment rows: est, ent (int64), start_date, line."""
    file = "establishment.csv"
    st = stream(
        src.opener(file), file, COLUMNS[file], REQUIRED[file], progress=progress
    )
    rejects = [st.rejects]
    t = st.table
    est, est_ok, rj = _numbers(t, "EstablishmentNumber", "2", st.lines, file)
    rejects += rj
    ent, ent_ok, rj = _numbers(t, "EnterpriseNumber", "01", st.lines, file)
    rejects += rj
    raw_date = pc.utf8_trim_whitespace(t["StartDate"])
    date = pc.strptime(raw_date, format="%d-%m-%Y", unit="ms", error_is_null=True)
    given = np.asarray(pc.not_equal(raw_date, "").to_numpy(zero_copy_only=False))
    bad_date = given & np.asarray(pc.is_null(date).to_numpy(zero_copy_only=False))
    if bad_date.any():
        rejects.append(
            reject_frame(
                file,
                st.lines[bad_date],
                "StartDate",
                "bad_date",
                "geen geldige datum (verwacht DD-MM-JJJJ)",
                objects(t["StartDate"])[bad_date],
            )
        )
    ok = est_ok & ent_ok & ~bad_date
    frame = pd.DataFrame(
        {
            "est": est[ok],
            "ent": ent[ok],
            s.START_DATE: pd.Series(date.to_pandas()).to_numpy()[ok],
            "line": st.lines[ok],
        }
    )
    dup = frame.duplicated("est", keep="first").to_numpy()
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
    return frame[~dup].reset_index(drop=True), rejects, st.rows_read


def _pick(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.where(a != "", a, b)


def read_addresses(
    src: Source, reference: dict[str, pd.DataFrame], progress: sniff.Progress
) -> tuple[pd.DataFrame, list[pd.DataFrame], dict[str, int], np.ndarray]:
    """Establishment (BAET) addresses, placed: est, address, nis, lat, lng, ...;
    also every establishment number that has a BAET row."""
    file = "address.csv"

    def keep(batch: pa.RecordBatch) -> pa.Array:
        kind = batch.column(batch.schema.get_field_index("TypeOfAddress"))
        return pc.equal(pc.utf8_trim_whitespace(kind), "BAET").to_numpy(
            zero_copy_only=False
        )

    st = stream(src.opener(file), file, COLUMNS[file], REQUIRED[file], keep, progress)
    t = st.table
    rejects = [st.rejects]
    est, ok, rj = _numbers(t, "EntityNumber", "2", st.lines, file)
    rejects += rj

    def col(name: str) -> np.ndarray:
        if name in t.column_names:
            return np.asarray(
                pc.utf8_trim_whitespace(t[name]).to_numpy(zero_copy_only=False),
                dtype=object,
            )
        return np.full(t.num_rows, "", dtype=object)

    frame = pd.DataFrame(
        {
            "est": est,
            "line": st.lines,
            "country": col("CountryNL"),
            s.POSTCODE: col("Zipcode"),
            "municipality": _pick(col("MunicipalityNL"), col("MunicipalityFR")),
            "street": _pick(col("StreetNL"), col("StreetFR")),
            "house": col("HouseNumber"),
            "box": col("Box"),
        }
    )[ok]
    dup = frame.duplicated("est", keep="first").to_numpy()
    if dup.any():
        rejects.append(
            reject_frame(
                file,
                frame["line"].to_numpy()[dup],
                "EntityNumber",
                "duplicate_key",
                "dubbel vestigingsadres (BAET) voor dezelfde vestiging",
                dotted(frame["est"].to_numpy()[dup], "establishment"),
            )
        )
    frame = frame[~dup].reset_index(drop=True)
    with_row = np.sort(frame["est"].to_numpy())
    skipped = {"adres buiten België": int((frame["country"] != "").sum())}
    frame = frame[frame["country"] == ""].reset_index(drop=True)
    where = places.locate(
        len(frame),
        reference,
        postcode=frame[s.POSTCODE],
        municipality=frame["municipality"],
    )
    box = np.where(frame["box"] != "", " bus " + frame["box"], "")
    frame[s.ADDRESS] = (
        frame["street"]
        + " "
        + frame["house"]
        + box
        + ", "
        + frame[s.POSTCODE]
        + " "
        + frame["municipality"]
    ).str.strip(" ,")
    for c in (s.NIS, s.LAT, s.LNG, places.POINT_SOURCE):
        frame[c] = where[c].to_numpy()
    problem = where["problem"].to_numpy(dtype=object)
    unknown = problem == places.UNKNOWN_POSTCODE
    if unknown.any():
        rejects.append(
            reject_frame(
                file,
                frame["line"].to_numpy()[unknown],
                "Zipcode",
                places.UNKNOWN_POSTCODE,
                places.REASONS[places.UNKNOWN_POSTCODE],
                frame[s.POSTCODE].to_numpy()[unknown],
            )
        )
    out = problem == places.OUT_OF_REGION
    skipped["buiten Vlaanderen en Brussel"] = int(out.sum())
    keep_rows = pd.isna(problem)
    cols = ["est", s.ADDRESS, s.NIS, s.LAT, s.LNG, places.POINT_SOURCE]
    kept = frame.loc[keep_rows, cols].reset_index(drop=True)
    return kept, rejects, skipped, with_row


def read_names(
    src: Source, needed: np.ndarray, progress: sniff.Progress
) -> tuple[pd.Series, list[pd.DataFrame]]:
    """Best name per entity (int64 index): type 003 for establishments, 001 for
    enterprises, Dutch first."""
    file = "denomination.csv"

    def keep(batch: pa.RecordBatch) -> np.ndarray:
        kind = pc.utf8_trim_whitespace(batch.column(2))
        wanted = np.asarray(
            pc.is_in(kind, pa.array(["001", "003"])).to_numpy(zero_copy_only=False)
        )
        return wanted & _needed_mask(batch.column(0), needed)

    st = stream(src.opener(file), file, COLUMNS[file], REQUIRED[file], keep, progress)
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
    names = pc.take(name, pa.array(pick))
    return pd.Series(objects(names), index=ent[pick]), [st.rejects]
