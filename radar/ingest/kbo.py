"""KBO open data -> the establishments table (active units in Flanders and Brussels).

Reads ``establishment.csv``, ``address.csv`` (``BAET`` rows), ``denomination.csv``,
``activity.csv`` and, when present, ``meta.csv`` from the KBO zip or folder. Name: the
establishment's commercial name (type 003) else the enterprise's name (type 001),
Dutch (language 2) first. NACE: the establishment's activity rows, else its
enterprise's; NACE-BEL 2008 in ``nace_main``/``nace_other``, NACE-BEL 2025 kept apart
in ``nace_main_2025``/``nace_other_2025``; 2003 rows are skipped. Employer: an
activity row of group 006 (RSZ).
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from radar.ingest import places, sniff
from radar.ingest.arrowcsv import digits as kbo_digits
from radar.ingest.arrowcsv import dotted, kbo_reasons, reject_frame, stream
from radar.ingest.result import Parsed
from radar.kernel import schema as s
from radar.kernel.errors import DataError

NACE_MAIN_2025 = "nace_main_2025"
NACE_OTHER_2025 = "nace_other_2025"
ACTIVITY_SOURCE = "activity_source"
FILES = ("establishment.csv", "address.csv", "denomination.csv", "activity.csv")
COLUMNS = {
    "establishment.csv": ["EstablishmentNumber", "StartDate", "EnterpriseNumber"],
    "address.csv": [
        "EntityNumber",
        "TypeOfAddress",
        "CountryNL",
        "Zipcode",
        "MunicipalityNL",
        "MunicipalityFR",
        "StreetNL",
        "StreetFR",
        "HouseNumber",
        "Box",
    ],
    "denomination.csv": [
        "EntityNumber",
        "Language",
        "TypeOfDenomination",
        "Denomination",
    ],
    "activity.csv": [
        "EntityNumber",
        "ActivityGroup",
        "NaceVersion",
        "NaceCode",
        "Classification",
    ],
}
REQUIRED = {
    "establishment.csv": COLUMNS["establishment.csv"],
    "address.csv": ["EntityNumber", "TypeOfAddress", "Zipcode"],
    "denomination.csv": COLUMNS["denomination.csv"],
    "activity.csv": COLUMNS["activity.csv"],
}
# denomination language priority: Dutch, unknown, French, English, German
LANGUAGE_RANK = {"2": 0, "0": 1, "1": 2, "4": 3, "3": 4}
CLASS_RANK = {"MAIN": 0, "SECO": 1, "ANCI": 2}
VERSIONS = ("2008", "2025")
REASONS = {
    "bad_check_digit": "controlegetal klopt niet",
    "bad_number": "geen geldig KBO-nummer (10 cijfers, juiste eerste cijfer)",
}


class Source:
    """The KBO files in a zip or a folder, found by name case-insensitively."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.names: dict[str, str]
        if self.path.is_dir():
            self.names = {p.name.lower(): str(p) for p in self.path.iterdir()}
            self.zip: zipfile.ZipFile | None = None
        elif zipfile.is_zipfile(self.path):
            self.zip = zipfile.ZipFile(self.path)
            self.names = {
                Path(i.filename).name.lower(): i.filename
                for i in self.zip.infolist()
                if not i.is_dir()
            }
        else:
            raise DataError(f"{self.path.name}: geen KBO-zip of -map")
        missing = [f for f in FILES if f not in self.names]
        if missing:
            raise DataError(
                f"{self.path.name}: KBO-bestanden ontbreken: {', '.join(missing)}"
            )

    def opener(self, name: str) -> Callable[[], IO[bytes]]:
        """Return a function opening one file for binary reading."""
        target = self.names[name]
        if self.zip is not None:
            zf, member = self.zip, str(target)
            return lambda: zf.open(member)
        path = Path(target)
        return lambda: path.open("rb")

    def has(self, name: str) -> bool:
        """Tell whether the delivery holds ``name``."""
        return name in self.names

    def close(self) -> None:
        """Close the zip, if any."""
        if self.zip is not None:
            self.zip.close()


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


def _bool(values: pa.Array | pa.ChunkedArray) -> np.ndarray:
    return np.asarray(values.to_numpy(zero_copy_only=False), dtype=bool)


def _np(col: pa.ChunkedArray | pa.Array) -> np.ndarray:
    return np.asarray(col.to_numpy(zero_copy_only=False), dtype=object)


def _snapshot_date(src: Source) -> str | None:
    if not src.has("meta.csv"):
        return None
    st = stream(src.opener("meta.csv"), "meta.csv", ["Variable", "Value"], [])
    if "Variable" not in st.table.column_names:
        return None
    meta = dict(zip(_np(st.table["Variable"]), _np(st.table["Value"]), strict=True))
    raw = meta.get("SnapshotDate")
    day = pd.to_datetime(raw, format="%d-%m-%Y", errors="coerce")
    return None if pd.isna(day) else f"{day:%Y-%m-%d}"


def _numbers(
    table: pa.Table, column: str, first: str, lines: np.ndarray, file: str
) -> tuple[np.ndarray, np.ndarray, list[pd.DataFrame]]:
    """Parse one KBO-number column; return ints, a valid mask and rejects."""
    n, ok = kbo_digits(table[column])
    why = kbo_reasons(n, ok, first)
    bad = why != None  # noqa: E711
    rejects = []
    raw = _np(table[column])
    for code in ("bad_check_digit", "bad_number"):
        sel = why == code
        if sel.any():
            rejects.append(
                reject_frame(file, lines[sel], column, code, REASONS[code], raw[sel])
            )
    return n, ~bad, rejects


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
                _np(t["StartDate"])[bad_date],
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


def _needed_mask(values: pa.Array, needed: np.ndarray) -> np.ndarray:
    n, ok = kbo_digits(values)
    return ok & member(n, needed)


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
        rank[_bool(pc.equal(lang, code))] = r
    is_est = ent // 10**9 == 2
    # establishments use commercial names (003), enterprises their name (001)
    chosen = np.where(
        is_est, _bool(pc.equal(kind, "003")), _bool(pc.equal(kind, "001"))
    )
    name = pc.utf8_trim_whitespace(t["Denomination"])
    chosen &= _bool(pc.not_equal(name, ""))
    idx = np.flatnonzero(chosen)
    order = idx[np.lexsort((rank[idx], ent[idx]))]
    first = np.ones(len(order), dtype=bool)
    first[1:] = ent[order][1:] != ent[order][:-1]
    pick = order[first]
    names = pc.take(name, pa.array(pick))
    return pd.Series(_np(names), index=ent[pick]), [st.rejects]


def _join_codes(entity: np.ndarray, codes: np.ndarray) -> pd.Series:
    """Join codes per entity with ';' (input sorted by entity, then code)."""
    if len(entity) == 0:
        return pd.Series([], dtype=object)
    start = np.flatnonzero(np.r_[True, entity[1:] != entity[:-1]])
    uniq = entity[start]
    offsets = np.append(start, len(entity)).astype(np.int32)
    lists = pa.ListArray.from_arrays(pa.array(offsets), pa.array(codes, pa.string()))
    joined = pc.binary_join(lists, ";").to_numpy(zero_copy_only=False)
    return pd.Series(np.asarray(joined, dtype=object), index=uniq)


def read_activities(
    src: Source, needed: np.ndarray, progress: sniff.Progress
) -> tuple[dict[str, pd.DataFrame], np.ndarray, np.ndarray, list[pd.DataFrame]]:
    """Aggregate activity rows per entity.

    Returns per NACE version a frame (index entity) with ``main`` and ``other``, the
    sorted entities with any 2008/2025 row, the sorted employer entities, rejects.
    """
    file = "activity.csv"
    parts: list[tuple[np.ndarray, ...]] = []
    codes: dict[str, int] = {}
    bad_frames: list[pd.DataFrame] = []
    seen = [0]

    def keep(batch: pa.RecordBatch) -> np.ndarray:
        version = batch.column(2)
        v2025 = _bool(pc.equal(version, "2025"))
        ent, ok = kbo_digits(batch.column(0))
        wanted = (_bool(pc.equal(version, "2008")) | v2025) & ok & member(ent, needed)
        idx = np.flatnonzero(wanted)
        take = pa.array(idx)
        nace = pc.take(batch.column(3), take)
        good = _bool(pc.equal(pc.utf8_length(nace), 5)) & _bool(
            pc.utf8_is_decimal(nace)
        )
        enc = pc.dictionary_encode(nace)
        dictionary = enc.dictionary.to_pylist()
        remap = np.array(
            [codes.setdefault(c, len(codes)) for c in dictionary], dtype=np.int32
        )
        nace_id = remap[np.asarray(enc.indices.to_numpy(zero_copy_only=False))]
        kind = pc.take(batch.column(4), take)
        cls = np.full(len(idx), 3, dtype=np.int8)
        for name, rank in CLASS_RANK.items():
            cls[_bool(pc.equal(kind, name))] = rank
        employer = _bool(pc.equal(pc.take(batch.column(1), take), "006"))
        parts.append(
            (ent[idx][good], employer[good], v2025[idx][good], cls[good], nace_id[good])
        )
        if (~good).any():
            bad_frames.append(
                pd.DataFrame(
                    {"pos": idx[~good] + seen[0], "value": _np(nace)[~good]},
                )
            )
        seen[0] += batch.num_rows
        return np.zeros(batch.num_rows, dtype=bool)  # everything is kept in parts

    st = stream(src.opener(file), file, COLUMNS[file], REQUIRED[file], keep, progress)
    rejects = [st.rejects]
    if bad_frames:
        bad = pd.concat(bad_frames)
        lines = st.line_of(bad["pos"].to_numpy())
        rejects.append(
            reject_frame(
                file,
                lines,
                "NaceCode",
                "bad_value",
                "geen NACE-code van 5 cijfers",
                bad["value"].to_numpy(),
            )
        )
    if parts:
        ent, employer, v2025, cls, nace_id = (
            np.concatenate(p) for p in zip(*parts, strict=True)
        )
    else:
        ent = np.zeros(0, np.int64)
        employer = v2025 = np.zeros(0, bool)
        cls = np.zeros(0, np.int8)
        nace_id = np.zeros(0, np.int32)
    parts.clear()
    code_list = np.array(sorted(codes, key=codes.__getitem__), dtype=object)
    # rank codes alphabetically so 'lowest id' means 'lowest code'
    order = np.argsort(code_list, kind="stable")
    rank = np.empty(len(order), dtype=np.int32)
    rank[order] = np.arange(len(order), dtype=np.int32)
    sorted_codes = code_list[order]
    nace_rank = rank[nace_id] if len(nace_id) else nace_id
    out: dict[str, pd.DataFrame] = {}
    for version, sel in (("2008", ~v2025), ("2025", v2025)):
        e, c, r = ent[sel], cls[sel], nace_rank[sel]
        o = np.lexsort((c, r, e))  # by entity, code, then class (MAIN first)
        e, c, r = e[o], c[o], r[o]
        first = np.ones(len(e), dtype=bool)
        first[1:] = (e[1:] != e[:-1]) | (r[1:] != r[:-1])
        e, c, r = e[first], c[first], r[first]
        is_main = c == 0
        main_rows = pd.DataFrame({"e": e[is_main], "r": r[is_main]})
        main = main_rows.drop_duplicates("e").set_index("e")["r"]
        main_r = main.reindex(e).to_numpy()
        other = ~(r == main_r)
        out[version] = pd.DataFrame(
            {
                "main": pd.Series(sorted_codes[main.to_numpy()], index=main.index),
                "other": _join_codes(e[other], sorted_codes[r[other]]),
            }
        )
    has_rows = sorted_unique(ent)
    employers = sorted_unique(ent[employer])
    return out, has_rows, employers, rejects


def parse(
    path: Path,
    reference: dict[str, pd.DataFrame],
    progress: sniff.Progress = sniff.no_progress,
) -> Parsed:
    """Read a KBO delivery into the establishments source table and its rejects."""
    src = Source(path)
    try:
        snapshot = _snapshot_date(src)
        est, rejects, rows_read = read_establishments(src, progress)
        addr, rj, skipped, with_row = read_addresses(src, reference, progress)
        rejects += rj
        no_row = ~member(est["est"].to_numpy(), with_row)
        if no_row.any():
            rejects.append(
                reject_frame(
                    "establishment.csv",
                    est["line"].to_numpy()[no_row],
                    "EstablishmentNumber",
                    "missing_address",
                    "geen vestigingsadres (BAET) in address.csv",
                    dotted(est["est"].to_numpy()[no_row], "establishment"),
                )
            )
        placed = est.merge(addr, on="est", how="inner")
        needed = sorted_unique(
            np.concatenate([placed["est"].to_numpy(), placed["ent"].to_numpy()])
        )
        names, rj = read_names(src, needed, progress)
        rejects += rj
        acts, has_rows, employers, rj = read_activities(src, needed, progress)
        rejects += rj
    finally:
        src.close()
    e = placed["est"].to_numpy()
    n = placed["ent"].to_numpy()
    own = member(e, has_rows)
    actor = np.where(own, e, n)
    frame = pd.DataFrame(
        {
            s.ESTABLISHMENT_NUMBER: dotted(e, "establishment"),
            s.ENTERPRISE_NUMBER: dotted(n, "enterprise"),
        }
    )
    name = names.reindex(e).to_numpy(dtype=object)
    ent_name = names.reindex(n).to_numpy(dtype=object)
    frame[s.NAME] = np.where(pd.isna(name), ent_name, name)
    frame[s.NAME] = frame[s.NAME].fillna("")
    frame[s.ADDRESS] = placed[s.ADDRESS].to_numpy()
    for version, main_col, other_col in (
        ("2008", s.NACE_MAIN, s.NACE_OTHER),
        ("2025", NACE_MAIN_2025, NACE_OTHER_2025),
    ):
        agg = acts[version]
        frame[main_col] = agg["main"].reindex(actor).fillna("").to_numpy(dtype=object)
        frame[other_col] = agg["other"].reindex(actor).fillna("").to_numpy(dtype=object)
    frame[s.IS_EMPLOYER] = member(actor, employers)
    frame[s.START_DATE] = placed[s.START_DATE].to_numpy()
    for c in (s.NIS, s.LAT, s.LNG, places.POINT_SOURCE):
        frame[c] = placed[c].to_numpy()
    frame[ACTIVITY_SOURCE] = np.where(
        own, "vestiging", np.where(member(n, has_rows), "onderneming", "geen")
    )
    frame = frame.sort_values(s.ESTABLISHMENT_NUMBER, kind="stable")
    return Parsed(
        source="kbo",
        frame=frame.reset_index(drop=True),
        rejects=pd.concat(rejects, ignore_index=True),
        rows_read=rows_read,
        skipped={k: v for k, v in skipped.items() if v},
        extract_date=snapshot,
    )
