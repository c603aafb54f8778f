"""Approximations and cross-source inconsistencies of the ingested sources.

Rows that are kept but not exactly what the file said, or that another source
contradicts, are listed here (not rejected: the row is usable, the reader should know):

- ``approximate_point``: placed at the municipality's point because the postcode is
  unknown (any source);
- ``not_in_kbo``: a recognition for an establishment the ingested KBO does not hold
  (closed, outside Flanders and Brussels, or a wrong number);
- ``other_enterprise``: a recognition filed under another enterprise than the one the
  KBO gives the establishment;
- ``overlapping``: recognitions of one establishment for one programme whose periods
  overlap (the later one is listed; counting both would count the workplace twice).

Each finding names the source, the file as uploaded, the input line and the key.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from radar.ingest import places
from radar.ingest.checks import INPUT_LINE
from radar.ingest.report import LABELS
from radar.kernel import schema as s
from radar.kernel.format import date

KINDS = {
    "approximate_point": "punt benaderd: punt van de gemeente (postcode onbekend)",
    "not_in_kbo": "erkenning voor een vestiging die niet in de ingelezen KBO staat",
    "other_enterprise": "erkenning onder een ander ondernemingsnummer dan in de KBO",
    "overlapping": "overlappende erkenningen voor dezelfde vestiging en opleiding",
}
COLUMNS = ("soort", "omschrijving", "bron", "bestand", "regel", "sleutel", "detail")
KEYS = {
    "kbo": s.ESTABLISHMENT_NUMBER,
    "offerings": s.OFFERING_ID,
    "learners": s.OFFERING_ID,
    "recognitions": s.RECOGNITION_ID,
}
KBO_ADDRESS_LINE = "address_line"


def _frame(
    kind: str,
    source: str,
    file: str,
    lines: Any,
    keys: Any,
    details: Any,
) -> pd.DataFrame:
    n = len(keys)
    return pd.DataFrame(
        {
            "soort": [kind] * n,
            "omschrijving": [KINDS[kind]] * n,
            "bron": [LABELS[source]] * n,
            "bestand": [file] * n,
            "regel": pd.array(np.asarray(lines, dtype="float"), dtype="Int64"),
            "sleutel": list(keys),
            "detail": list(details),
        }
    )


def empty() -> pd.DataFrame:
    """A findings frame without rows."""
    return pd.DataFrame({c: [] for c in COLUMNS}).astype({"regel": "Int64"})


def _lines(frame: pd.DataFrame, column: str = INPUT_LINE) -> np.ndarray:
    if column in frame.columns:
        return frame[column].to_numpy(dtype="float")
    return np.full(len(frame), np.nan)


def approximate_points(
    source: str, frame: pd.DataFrame, file: str, municipalities: pd.DataFrame
) -> pd.DataFrame:
    """Rows placed at their municipality's point (``point_source`` ``gemeente``)."""
    if places.POINT_SOURCE not in frame.columns or frame.empty:
        return empty()
    rows = frame[frame[places.POINT_SOURCE] == places.FROM_MUNICIPALITY]
    if rows.empty:
        return empty()
    names = municipalities.set_index(s.NIS)[s.NAME_NL]
    names = names[~names.index.duplicated()]
    shown = names.reindex(rows[s.NIS].astype(str)).fillna("").to_numpy(dtype=object)
    details = [
        f"punt van de gemeente {n} ({c})"
        for n, c in zip(shown, rows[s.NIS], strict=True)
    ]
    if source == "kbo":
        details = [f"{a}: {d}" for a, d in zip(rows[s.ADDRESS], details, strict=True)]
        return _frame(
            "approximate_point",
            source,
            f"{file}/address.csv",
            _lines(rows, KBO_ADDRESS_LINE),
            rows[KEYS[source]],
            details,
        )
    return _frame(
        "approximate_point", source, file, _lines(rows), rows[KEYS[source]], details
    )


def against_kbo(
    recognitions: pd.DataFrame, establishments: pd.DataFrame, file: str
) -> pd.DataFrame:
    """Recognitions whose establishment is missing from the KBO, or belongs there to
    another enterprise."""
    owner = establishments.set_index(s.ESTABLISHMENT_NUMBER)[s.ENTERPRISE_NUMBER]
    owner = owner[~owner.index.duplicated()]
    found = owner.reindex(recognitions[s.ESTABLISHMENT_NUMBER]).to_numpy(dtype=object)
    missing = pd.isna(found)
    given = recognitions[s.ENTERPRISE_NUMBER].to_numpy(dtype=object)
    other = ~missing & (found != given)
    est = recognitions[s.ESTABLISHMENT_NUMBER].to_numpy(dtype=object)
    lines = _lines(recognitions)
    ids = recognitions[s.RECOGNITION_ID].to_numpy(dtype=object)
    parts = [
        _frame(
            "not_in_kbo",
            "recognitions",
            file,
            lines[missing],
            ids[missing],
            [
                f"vestiging {e} staat niet bij de ingelezen KBO-vestigingen "
                "(Vlaanderen en Brussel)"
                for e in est[missing]
            ],
        ),
        _frame(
            "other_enterprise",
            "recognitions",
            file,
            lines[other],
            ids[other],
            [
                f"vestiging {e} hoort in de KBO bij onderneming {k}, niet bij {g}"
                for e, k, g in zip(est[other], found[other], given[other], strict=True)
            ],
        ),
    ]
    return pd.concat(parts, ignore_index=True)


def overlapping(recognitions: pd.DataFrame, file: str) -> pd.DataFrame:
    """Recognitions that start before an earlier one of the same establishment and
    programme has ended (the later one of each overlap)."""
    if recognitions.empty:
        return empty()
    keys = [s.ESTABLISHMENT_NUMBER, s.PROGRAMME_ID]
    rec = recognitions.sort_values([*keys, s.VALID_FROM], kind="stable")
    starts = rec[s.VALID_FROM].to_numpy(dtype="datetime64[ms]")
    ends = pd.Series(rec[s.VALID_TO].to_numpy(dtype="datetime64[ms]"), index=rec.index)
    group = rec.groupby(keys, sort=False).ngroup().to_numpy()
    # the latest end among the earlier recognitions of the same pair
    before = ends.groupby(group).cummax().groupby(group).shift(1)
    ended = before.to_numpy(dtype="datetime64[ms]")
    hit = ~np.isnat(ended) & (starts < ended)
    rows = rec[hit]
    details = [
        f"begint {date(f)}, een eerdere erkenning voor {e} en {p} loopt tot {date(t)}"
        for f, e, p, t in zip(
            rows[s.VALID_FROM],
            rows[s.ESTABLISHMENT_NUMBER],
            rows[s.PROGRAMME_ID],
            pd.Series(ended[hit]) - pd.Timedelta(days=1),
            strict=True,
        )
    ]
    return _frame(
        "overlapping",
        "recognitions",
        file,
        _lines(rows),
        rows[s.RECOGNITION_ID],
        details,
    )


def collect(
    tables: Mapping[str, pd.DataFrame],
    reports: Mapping[str, Mapping[str, Any]],
    municipalities: pd.DataFrame,
) -> pd.DataFrame:
    """Every finding of the current source tables (``COLUMNS``), by kind and line."""
    parts = []
    files = {k: str(r.get("input", k)) for k, r in reports.items()}
    for source, frame in tables.items():
        parts.append(
            approximate_points(source, frame, files.get(source, source), municipalities)
        )
    rec = tables.get("recognitions")
    if rec is not None and not rec.empty:
        file = files.get("recognitions", "recognitions")
        if "kbo" in tables:
            parts.append(against_kbo(rec, tables["kbo"], file))
        parts.append(overlapping(rec, file))
    frames = [p for p in parts if len(p)]
    if not frames:
        return empty()
    out = pd.concat(frames, ignore_index=True)
    order = {k: i for i, k in enumerate(KINDS)}
    out["_k"] = out["soort"].map(order)
    out = out.sort_values(["_k", "bron", "regel"], kind="stable")
    return out.drop(columns="_k").reset_index(drop=True)


def counts(found: pd.DataFrame) -> dict[str, int]:
    """Findings per kind, in the order of ``KINDS`` (kinds without any left out)."""
    by_kind = found["soort"].value_counts()
    return {k: int(by_kind[k]) for k in KINDS if k in by_kind.index}
