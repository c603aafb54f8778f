"""Ready-to-send documents built from tables: the Excel workbook with provenance."""

from __future__ import annotations

import textwrap
from datetime import datetime

import pandas as pd

from radar.kernel.export import Sheet, to_xlsx_bytes
from radar.kernel.format import date
from radar.kernel.load import Dataset
from radar.kernel.sources import data_source, source_lines
from radar.policy.build import PolicyTable, expiring_list
from radar.policy.tables import to_plain_text

LIST_FILTERS = ("Peildatum", "Vervalt binnen")


def policy_sheets(
    tables: list[PolicyTable], ds: Dataset, now: datetime | None = None
) -> list[Sheet]:
    """Turn policy tables into workbook sheets (published values, provenance).

    An ``expiring`` table without suppression gets a second sheet listing the
    recognitions themselves (leads for sector consultants); a suppressed one does not,
    since the list names establishments.
    """
    sources = source_lines(ds, now)
    sheets = []
    listed: list[tuple[pd.Timestamp, int]] = []
    for pt in tables:
        sheets.append(
            Sheet(
                name=pt.sheet_name,
                title=pt.title,
                table=pt.table,
                provenance=pt.filters + sources,
                footnote=pt.footnote,
            )
        )
        req = pt.request
        key = (pd.Timestamp(req.as_of), req.months)
        if req.kind != "expiring" or req.suppress >= 2 or key in listed:
            continue
        listed.append(key)
        sheets.append(
            Sheet(
                name="lijst vervallend"
                + (f" {len(listed)}" if len(listed) > 1 else ""),
                title=(
                    f"Erkenningen die binnen {req.months} maanden na {req.period} "
                    "vervallen"
                ),
                table=expiring_list(ds, req.as_of, req.months),
                provenance=(
                    *(f for f in pt.filters if f[0] in LIST_FILTERS),
                    *sources,
                ),
                footnote=(
                    "Vervalt op = eerste dag zonder erkenning. Werklijst, niet voor "
                    "publicatie: bevat namen van vestigingen."
                ),
                total_label=None,
            )
        )
    return sheets


def policy_workbook(
    tables: list[PolicyTable], ds: Dataset, now: datetime | None = None
) -> bytes:
    """Build one XLSX with a sheet per policy table (and per expiring list)."""
    return to_xlsx_bytes(policy_sheets(tables, ds, now))


def plain_text(pt: PolicyTable, ds: Dataset, width: int = 90) -> str:
    """Render a policy table as plain text for a letter: title, table, notes, source."""
    notes = textwrap.fill(pt.footnote, width)
    return (
        f"{pt.title}\n\n{to_plain_text(pt.table)}\n\n{notes}\n"
        f"Bron: {data_source(ds)}, gegevens tot {date(ds.extract_date)}."
    )
