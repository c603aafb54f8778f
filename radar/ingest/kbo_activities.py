"""Read ``activity.csv`` (the biggest KBO file): NACE codes and the employer flag.

Per entity and NACE version (2008, 2025; 2003 rows are skipped) the main code and
the other codes, ``;``-joined; an entity is an employer when it has an activity row
of group 006 (RSZ). Rows are reduced batch by batch while streaming, so the file
never sits in memory as a table.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from radar.ingest.arrowcsv import Progress, reject_frame
from radar.ingest.arrowcsv import digits as kbo_digits
from radar.ingest.kbo_source import Source
from radar.ingest.kbo_tables import flags, member, objects, read_file, sorted_unique

CLASS_RANK = {"MAIN": 0, "SECO": 1, "ANCI": 2}
VERSIONS = ("2008", "2025")


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
    src: Source, needed: np.ndarray, progress: Progress
) -> tuple[dict[str, pd.DataFrame], np.ndarray, np.ndarray, list[pd.DataFrame]]:
    """Aggregate activity rows per entity.

    Returns per NACE version a frame (index entity) with ``main`` and ``other``, the
    sorted entities with any 2008/2025 row, the sorted employer entities, rejects.
    """
    file = src.display("activity.csv")
    parts: list[tuple[np.ndarray, ...]] = []
    codes: dict[str, int] = {}
    bad_frames: list[pd.DataFrame] = []
    seen = [0]

    def keep(batch: pa.RecordBatch) -> np.ndarray:
        version = batch.column(2)
        v2025 = flags(pc.equal(version, "2025"))
        ent, ok = kbo_digits(batch.column(0))
        wanted = (flags(pc.equal(version, "2008")) | v2025) & ok & member(ent, needed)
        idx = np.flatnonzero(wanted)
        take = pa.array(idx)
        nace = pc.take(batch.column(3), take)
        good = flags(pc.equal(pc.utf8_length(nace), 5)) & flags(
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
            cls[flags(pc.equal(kind, name))] = rank
        employer = flags(pc.equal(pc.take(batch.column(1), take), "006"))
        parts.append(
            (ent[idx][good], employer[good], v2025[idx][good], cls[good], nace_id[good])
        )
        if (~good).any():
            bad_frames.append(
                pd.DataFrame(
                    {"pos": idx[~good] + seen[0], "value": objects(nace)[~good]},
                )
            )
        seen[0] += batch.num_rows
        return np.zeros(batch.num_rows, dtype=bool)  # everything is kept in parts

    st = read_file(src, "activity.csv", keep, progress)
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
