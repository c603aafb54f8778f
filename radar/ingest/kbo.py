"""KBO open data -> the establishments table (active units in Flanders and Brussels).

Reads ``establishment.csv``, ``address.csv`` (``BAET`` rows), ``denomination.csv``,
``activity.csv`` and, when present, ``meta.csv`` from the KBO zip or folder. Name: the
establishment's commercial name (type 003) else the enterprise's name (type 001),
Dutch (language 2) first. NACE: the establishment's activity rows, else its
enterprise's; NACE-BEL 2008 in ``nace_main``/``nace_other``, NACE-BEL 2025 kept apart
in ``nace_main_2025``/``nace_other_2025``; 2003 rows are skipped. Employer: an
activity row of group 006 (RSZ).

This module joins the pieces (``parse``); ``kbo_source`` knows the delivery's files
and columns, ``kbo_tables`` reads meta, establishments, addresses and names, and
``kbo_activities`` reads the NACE codes and the employer flag.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from radar.ingest import places
from radar.ingest.arrowcsv import Progress, dotted, no_progress, reject_frame
from radar.ingest.checks import INPUT_LINE, sorted_rejects
from radar.ingest.kbo_activities import read_activities
from radar.ingest.kbo_addresses import read_addresses
from radar.ingest.kbo_numbers import dotted_array
from radar.ingest.kbo_source import Source
from radar.ingest.kbo_tables import (
    lookup,
    member,
    read_establishments,
    read_names,
    read_snapshot_date,
    sorted_unique,
    take_text,
)
from radar.ingest.result import Parsed
from radar.kernel import schema as s

NACE_MAIN_2025 = "nace_main_2025"
NACE_OTHER_2025 = "nace_other_2025"
ACTIVITY_SOURCE = "activity_source"
ADDRESS_LINE = "address_line"
ACTIVITY_SOURCES = pa.array(["vestiging", "onderneming", "geen"])


def _skipped(est: np.ndarray, outside: tuple[np.ndarray, np.ndarray]) -> dict[str, int]:
    """Valid establishments outside the app's area, counted by reason."""
    numbers, why = outside
    order = np.argsort(numbers, kind="stable")
    pos, found = lookup(numbers[order], est)
    away = pd.Series(why[order][pos[found]])
    return {k: int(v) for k, v in away.value_counts().items()}


def _text(values: pa.Array | pa.ChunkedArray) -> pd.Series:
    """An arrow text column as a pandas ``str`` column."""
    return pa.chunked_array(
        [values] if isinstance(values, pa.Array) else values
    ).to_pandas()


def parse(
    path: Path,
    reference: dict[str, pd.DataFrame],
    progress: Progress = no_progress,
    file: str = "",
) -> Parsed:
    """Read a KBO delivery into the establishments source table and its rejects.

    Rows are those of ``establishment.csv``: each is kept, skipped (an address
    abroad or outside Flanders and Brussels) or rejected (a problem in its own row,
    no usable ``BAET`` address, or an address whose postcode is unknown).
    """
    src = Source(path, file)
    try:
        snapshot = read_snapshot_date(src)
        est, rejects, rows_read, rejected = read_establishments(src, progress)
        addr, rj, outside, with_row = read_addresses(src, reference, progress)
        rejects += rj
        all_est = est["est"].to_numpy()
        no_row = ~member(all_est, with_row)
        if no_row.any():
            rejects.append(
                reject_frame(
                    src.display("establishment.csv"),
                    est["line"].to_numpy()[no_row],
                    "EstablishmentNumber",
                    "missing_address",
                    "geen vestigingsadres (BAET) in address.csv",
                    dotted(all_est[no_row], "establishment"),
                )
            )
        at, placed = lookup(addr.est, all_est)
        skipped = _skipped(all_est, outside)
        # valid rows neither placed nor skipped: no (usable) BAET address
        rejected += len(est) - int(placed.sum()) - sum(skipped.values())
        # the rows in establishment-number order (the dotted numbers sort alike)
        rows = np.flatnonzero(placed)
        rows = rows[np.argsort(all_est[rows], kind="stable")]
        at = at[rows]
        e = all_est[rows]
        n = est["ent"].to_numpy()[rows]
        needed = sorted_unique(np.concatenate([e, n]))
        name_of, names, rj = read_names(src, needed, progress)
        rejects += rj
        acts, has_rows, employers, rj = read_activities(src, needed, progress)
        rejects += rj
    finally:
        src.close()
    own = member(e, has_rows)
    actor = np.where(own, e, n)
    at_e, by_e = lookup(name_of, e)
    at_n, by_n = lookup(name_of, n)
    columns: dict[str, object] = {
        s.ESTABLISHMENT_NUMBER: _text(dotted_array(e, "establishment")),
        s.ENTERPRISE_NUMBER: _text(dotted_array(n, "enterprise")),
        s.NAME: _text(take_text(names, np.where(by_e, at_e, at_n), by_e | by_n)),
        s.ADDRESS: _text(pc.take(addr.address, pa.array(at))),
    }
    for version, main_col, other_col in (
        ("2008", s.NACE_MAIN, s.NACE_OTHER),
        ("2025", NACE_MAIN_2025, NACE_OTHER_2025),
    ):
        codes = acts[version]
        columns[main_col] = _text(take_text(codes.main, *lookup(codes.main_of, actor)))
        columns[other_col] = _text(
            take_text(codes.other, *lookup(codes.other_of, actor))
        )
    columns[s.IS_EMPLOYER] = member(actor, employers)
    columns[s.START_DATE] = est[s.START_DATE].to_numpy()[rows]
    columns[s.NIS] = _text(pc.take(addr.nis, pa.array(at)))
    columns[s.LAT] = addr.lat[at]
    columns[s.LNG] = addr.lng[at]
    columns[places.POINT_SOURCE] = _text(pc.take(addr.point_source, pa.array(at)))
    source = np.where(own, 0, np.where(member(n, has_rows), 1, 2))
    columns[ACTIVITY_SOURCE] = _text(pc.take(ACTIVITY_SOURCES, pa.array(source)))
    columns[INPUT_LINE] = est["line"].to_numpy()[rows]
    columns[ADDRESS_LINE] = addr.line[at]
    frame = pd.DataFrame(columns)
    return Parsed(
        source="kbo",
        frame=frame,
        rejects=sorted_rejects(rejects),
        rows_read=rows_read,
        rows_kept=len(frame),
        rows_rejected=rejected,
        skipped=skipped,
        extract_date=snapshot,
    )
