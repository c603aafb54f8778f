"""How the sources and their ingest reports are shown: labels and the overview.

``LABELS`` name each source in Dutch (messages, reports, the Data page);
``sources_overview`` turns the store's reports into the Data page's table and
``date_range`` gives the period a parsed source table covers, for its report.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from radar.ingest.result import SOURCES
from radar.kernel import schema as s

LABELS = {
    "kbo": "KBO (vestigingen)",
    "offerings": "Onderwijsaanbod",
    "learners": "Leerlingenaantallen",
    "recognitions": "Erkenningen",
}


def date_range(source: str, frame: pd.DataFrame) -> list[str] | None:
    """The first and last date (``YYYY-MM-DD``) or school year of a source table.

    >>> date_range("learners", pd.DataFrame({s.SCHOOL_YEAR: ["2022-23", "2021-22"]}))
    ['2021-22', '2022-23']
    """
    if frame.empty:
        return None
    if source == "kbo":
        lo, hi = frame[s.START_DATE].min(), frame[s.START_DATE].max()
    elif source == "recognitions":
        lo, hi = frame[s.VALID_FROM].min(), frame[s.VALID_TO].max()
    else:
        years = frame[s.SCHOOL_YEAR].dropna()
        return [str(years.min()), str(years.max())] if len(years) else None
    if pd.isna(lo) or pd.isna(hi):
        return None
    return [f"{lo:%Y-%m-%d}", f"{hi:%Y-%m-%d}"]


def _when(stamp: object) -> str:
    """Show an ISO time stamp as ``2026-11-28 07:23 UTC`` ("" when absent).

    >>> _when("2026-11-28T07:23:40+00:00"), _when(None)
    ('2026-11-28 07:23 UTC', '')
    """
    if not stamp:
        return ""
    return f"{dt.datetime.fromisoformat(str(stamp)):%Y-%m-%d %H:%M} UTC"


def sources_overview(reports: dict[str, dict[str, Any]]) -> pd.DataFrame:
    """One row per source for the Data page (Dutch headers); never-ingested sources
    show zeros. ``rijen`` counts the rows of the source table (learner rows are
    summed per offering), ``bewaard`` the input rows kept, ``benaderd`` the rows
    placed at their municipality's point."""
    rows = []
    for source in SOURCES:
        r = reports.get(source, {})
        span = r.get("date_range") or []
        rows.append(
            {
                "bron": LABELS[source],
                "rijen": int(r.get("records", r.get("rows_kept", 0))),
                "gelezen": int(r.get("rows_read", 0)),
                "bewaard": int(r.get("rows_kept", 0)),
                "afgewezen": int(r.get("rows_rejected", r.get("rejects", 0))),
                "overgeslagen": int(sum(r.get("skipped", {}).values())),
                "benaderd": int(r.get("approximate_points", 0)),
                "periode": " - ".join(span) if span else "",
                "ingelezen op": _when(r.get("ingested_at")),
                "sha256": str(r.get("sha256", ""))[:16],
                "bestand": str(r.get("input", "")),
            }
        )
    return pd.DataFrame(rows)
