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

from radar.ingest import places
from radar.ingest.arrowcsv import Progress, dotted, no_progress, reject_frame
from radar.ingest.checks import INPUT_LINE, sorted_rejects
from radar.ingest.kbo_activities import read_activities
from radar.ingest.kbo_source import Source
from radar.ingest.kbo_tables import (
    member,
    read_addresses,
    read_establishments,
    read_names,
    read_snapshot_date,
    sorted_unique,
)
from radar.ingest.result import Parsed
from radar.kernel import schema as s

NACE_MAIN_2025 = "nace_main_2025"
NACE_OTHER_2025 = "nace_other_2025"
ACTIVITY_SOURCE = "activity_source"
ADDRESS_LINE = "address_line"


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
        no_row = ~member(est["est"].to_numpy(), with_row)
        if no_row.any():
            rejects.append(
                reject_frame(
                    src.display("establishment.csv"),
                    est["line"].to_numpy()[no_row],
                    "EstablishmentNumber",
                    "missing_address",
                    "geen vestigingsadres (BAET) in address.csv",
                    dotted(est["est"].to_numpy()[no_row], "establishment"),
                )
            )
        placed = est.merge(addr, on="est", how="inner")
        away = outside[~outside.index.duplicated()].reindex(est["est"].to_numpy())
        skipped = {k: int(v) for k, v in away.dropna().value_counts().items()}
        # valid rows neither placed nor skipped: no (usable) BAET address
        rejected += len(est) - len(placed) - sum(skipped.values())
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
    frame[INPUT_LINE] = placed["line"].to_numpy()
    frame[ADDRESS_LINE] = placed["address_line"].to_numpy()
    frame = frame.sort_values(s.ESTABLISHMENT_NUMBER, kind="stable")
    return Parsed(
        source="kbo",
        frame=frame.reset_index(drop=True),
        rejects=sorted_rejects(rejects),
        rows_read=rows_read,
        rows_kept=len(frame),
        rows_rejected=rejected,
        skipped=skipped,
        extract_date=snapshot,
    )
