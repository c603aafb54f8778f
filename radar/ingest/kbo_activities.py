"""Read ``activity.csv`` (the biggest KBO file): NACE codes and the employer flag.

Per entity and NACE version (2008, 2025; 2003 rows are skipped) the main code and
the other codes, ``;``-joined; an entity is an employer when it has an activity row
of group 006 (RSZ). Rows are reduced batch by batch while streaming, so the file
never sits in memory as a table: each batch keeps five small numeric columns of the
rows wanted (entity numbers are parsed once per distinct number in the batch, NACE
codes become ids). The reduction sorts one int64 key per row (entity, code, class).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from radar.ingest.arrowcsv import Progress, reject_frame
from radar.ingest.arrowcsv import digits as kbo_digits
from radar.ingest.kbo_source import Source
from radar.ingest.kbo_tables import (
    flags,
    lookup,
    member,
    read_file,
    rows,
    sorted_unique,
)

CLASS_RANK = {"MAIN": 0, "SECO": 1, "ANCI": 2}
OTHER_CLASS = 3
VERSIONS = ("2008", "2025")
ENTITY_BITS = 34  # KBO numbers are below 10**10 < 2**34


@dataclass
class Codes:
    """NACE codes of one version per entity: ``main`` for the sorted entities
    ``main_of``, ``other`` (``;``-joined) for the sorted entities ``other_of``."""

    main_of: np.ndarray
    main: pa.Array
    other_of: np.ndarray
    other: pa.Array


def _join_codes(entity: np.ndarray, codes: pa.Array) -> tuple[np.ndarray, pa.Array]:
    """Join codes per entity with ';' (input sorted by entity, then code)."""
    if len(entity) == 0:
        return np.zeros(0, np.int64), pa.array([], pa.string())
    start = np.flatnonzero(np.r_[True, entity[1:] != entity[:-1]])
    offsets = np.append(start, len(entity)).astype(np.int32)
    lists = pa.ListArray.from_arrays(pa.array(offsets), codes)
    return entity[start], pc.binary_join(lists, ";")


def _entities(column: pa.Array, needed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Parse the entity numbers: the numbers and whether each row's is valid and
    needed. The file lists an entity's rows together, so each run of equal texts
    is parsed and looked up once."""
    n = len(column)
    if n == 0:
        return np.zeros(0, np.int64), np.zeros(0, dtype=bool)
    new = np.ones(n, dtype=bool)
    new[1:] = flags(pc.not_equal(column.slice(1), column.slice(0, n - 1)))
    start = np.flatnonzero(new)
    number, ok = kbo_digits(column.take(pa.array(start)))
    wanted = ok & member(number, needed)
    runs = np.diff(np.append(start, n))
    return np.repeat(number, runs), np.repeat(wanted, runs)


def _reduce(e: np.ndarray, c: np.ndarray, r: np.ndarray, codes: pa.Array) -> Codes:
    """Main and other codes per entity from rows (entity, class, code rank)."""
    bits = max(int(len(codes)).bit_length(), 1) + 2
    if ENTITY_BITS + bits <= 63 and (len(e) == 0 or int(e.max()) < 1 << ENTITY_BITS):
        key = (e << bits) | (r.astype(np.int64) << 2) | c.astype(np.int64)
        key.sort()  # by entity, code, then class (MAIN first)
        e, r, c = key >> bits, (key >> 2) & ((1 << (bits - 2)) - 1), key & 3
    else:
        o = np.lexsort((c, r, e))
        e, c, r = e[o], c[o], r[o]
    first = np.ones(len(e), dtype=bool)
    first[1:] = (e[1:] != e[:-1]) | (r[1:] != r[:-1])
    e, c, r = e[first], c[first], r[first]
    is_main = c == 0
    me, mr = e[is_main], r[is_main]
    lead = np.ones(len(me), dtype=bool)
    lead[1:] = me[1:] != me[:-1]
    main_of, main_r = me[lead], mr[lead]
    pos, found = lookup(main_of, e)
    other = ~(found & (main_r[pos] == r)) if len(main_of) else ~found
    other_of, joined = _join_codes(e[other], pc.take(codes, pa.array(r[other])))
    return Codes(main_of, pc.take(codes, pa.array(main_r)), other_of, joined)


def read_activities(
    src: Source, needed: np.ndarray, progress: Progress
) -> tuple[dict[str, Codes], np.ndarray, np.ndarray, list[pd.DataFrame]]:
    """Aggregate activity rows per entity.

    Returns per NACE version the ``Codes``, the sorted entities with any 2008/2025
    row, the sorted employer entities, rejects.
    """
    file = src.display("activity.csv")
    parts: list[tuple[np.ndarray, ...]] = []
    codes: dict[str, int] = {}
    bad_frames: list[pd.DataFrame] = []
    seen = [0]

    def keep(batch: pa.RecordBatch) -> np.ndarray:
        version = batch.column(2)
        v2025 = flags(pc.equal(version, "2025"))
        ent, wanted = _entities(batch.column(0), needed)
        idx = np.flatnonzero(wanted & (flags(pc.equal(version, "2008")) | v2025))
        ent = ent[idx]
        take = pa.array(idx)
        nace = pc.take(batch.column(3), take)
        good = flags(pc.equal(pc.utf8_length(nace), 5)) & flags(
            pc.utf8_is_decimal(nace)
        )
        enc = pc.dictionary_encode(nace)
        remap = np.array(
            [codes.setdefault(c, len(codes)) for c in enc.dictionary.to_pylist()],
            dtype=np.int32,
        )
        nace_id = remap[np.asarray(enc.indices.to_numpy(zero_copy_only=False))]
        kind = pc.take(batch.column(4), take)
        cls = np.full(len(idx), OTHER_CLASS, dtype=np.int8)
        for name, rank in CLASS_RANK.items():
            cls[flags(pc.equal(kind, name))] = rank
        employer = flags(pc.equal(pc.take(batch.column(1), take), "006"))
        parts.append(
            (ent[good], employer[good], v2025[idx][good], cls[good], nace_id[good])
        )
        if not good.all():
            bad_frames.append(
                pd.DataFrame(
                    {"pos": idx[~good] + seen[0], "value": rows(nace, ~good)},
                )
            )
        seen[0] += batch.num_rows
        return np.zeros(batch.num_rows, dtype=bool)  # everything is kept in parts

    def restart() -> None:
        parts.clear()
        codes.clear()
        bad_frames.clear()
        seen[0] = 0

    st = read_file(src, "activity.csv", keep, progress, restart)
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
    # rank codes alphabetically so 'lowest rank' means 'lowest code'
    order = np.argsort(code_list, kind="stable")
    rank = np.empty(len(order), dtype=np.int32)
    rank[order] = np.arange(len(order), dtype=np.int32)
    sorted_codes = pa.array(code_list[order], pa.string())
    nace_rank = rank[nace_id] if len(nace_id) else nace_id
    out = {
        version: _reduce(ent[sel], cls[sel], nace_rank[sel], sorted_codes)
        for version, sel in (("2008", ~v2025), ("2025", v2025))
    }
    # np.unique / np.union1d hash in numpy 2.4 and crawl on KBO numbers
    has_rows = sorted_unique(
        np.concatenate([a for c in out.values() for a in (c.main_of, c.other_of)])
    )
    employers = sorted_unique(ent[employer])
    return out, has_rows, employers, rejects
