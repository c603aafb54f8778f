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

from radar.ingest import places, sniff
from radar.ingest.arrowcsv import dotted, reject_frame
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


def parse(
    path: Path,
    reference: dict[str, pd.DataFrame],
    progress: sniff.Progress = sniff.no_progress,
) -> Parsed:
    """Read a KBO delivery into the establishments source table and its rejects."""
    src = Source(path)
    try:
        snapshot = read_snapshot_date(src)
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
