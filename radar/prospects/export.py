"""Prospect lists out of the app: the export table (CSV) and the workbook (XLSX).

The workbook goes through the one XLSX writer of the app (``radar.kernel.export``):
title, a header block (programme, area, date, candidates, source, time), the list
with a bold frozen header, and a footnote. Every text cell is neutralised.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import pandas as pd

from radar.kernel import schema as s
from radar.kernel.export import Sheet, to_xlsx_bytes
from radar.kernel.format import date, number
from radar.kernel.load import Dataset
from radar.kernel.sources import source_lines
from radar.prospects import ranking as r
from radar.prospects.ranking import EXPORT_COLUMNS, ProspectResult

SHEET_NAME = "prospectie"
PROSPECT_NOTE = (
    "Kandidaten: vestigingen in het gebied met een hoofd- of nevenactiviteit (NACE) "
    "die bij de opleiding past, zonder de vestigingen die op de peildatum al erkend "
    "zijn voor de opleiding. Score 0-1, rangorde op score en dan vestigingsnummer. "
    "Werklijst, niet voor publicatie."
)
# rank, establishment, enterprise, name, address, nis, municipality, nace, description,
# score, reason, km, lesplaats, employer, warm
XLSX_WIDTHS = (14, 16, 15, 36, 40, 8, 18, 10, 40, 8, 90, 12, 30, 12, 10)
EXTRA_WIDTH = 24
HEADERS = {
    r.RANK: "rang",
    s.ESTABLISHMENT_NUMBER: "vestigingsnummer",
    s.ENTERPRISE_NUMBER: "ondernemingsnummer",
    s.NAME: "naam",
    s.ADDRESS: "adres",
    s.NIS: "NIS-code",
    r.MUNICIPALITY: "gemeente",
    s.NACE_MAIN: "NACE-code",
    r.NACE_DESCRIPTION: "activiteit",
    r.SCORE: "score",
    r.REASON: "waarom",
    r.DISTANCE_KM: "afstand tot lesplaats (km)",
    r.LESPLAATS: "dichtste lesplaats",
    s.IS_EMPLOYER: "werkgever",
    r.IS_WARM: "vroeger erkend",
}
"""Dutch headers of the list for people (the workbook and the app's CSV); the
command line's CSV keeps the machine names of ``EXPORT_COLUMNS`` for scripts."""
NUMBER_FORMATS = {HEADERS[r.RANK]: "General", HEADERS[r.SCORE]: "0.000"}
"""Ranks as plain integers and scores with three decimals; other numbers as usual."""


def export_frame(
    result: ProspectResult, extra_columns: Sequence[str] = ()
) -> pd.DataFrame:
    """The table as exported: EXPORT_COLUMNS, then ``extra_columns`` of the table
    (the follow-up, when the app attached it), one row per establishment."""
    table = result.table[[*EXPORT_COLUMNS, *extra_columns]]
    return table.drop_duplicates(s.ESTABLISHMENT_NUMBER).reset_index(drop=True)


def people_frame(
    result: ProspectResult, extra_columns: Sequence[str] = ()
) -> pd.DataFrame:
    """``export_frame`` with Dutch headers (``HEADERS``), for the workbook and the
    app's CSV download."""
    return export_frame(result, extra_columns).rename(columns=HEADERS)


def prospect_workbook(
    result: ProspectResult,
    ds: Dataset,
    as_of: pd.Timestamp,
    now: datetime | None = None,
    extra_columns: Sequence[str] = (),
) -> bytes:
    """Build the XLSX: title, header block (programme, area, date, candidates, source,
    time), then the list (with ``extra_columns``, see ``export_frame``) with a bold
    frozen header and the footnote."""
    table = people_frame(result, extra_columns)
    count = f"{number(result.n_candidates)} (hiervan {number(len(table))} in de lijst)"
    sheet = Sheet(
        name=SHEET_NAME,
        title=f"Prospectie: {result.programme_name}, {result.area_label}",
        table=table,
        provenance=(
            ("Opleiding", result.programme_name),
            ("Gebied", result.area_label),
            ("Peildatum", date(as_of)),
            ("Kandidaten", count),
            *source_lines(ds, now),
        ),
        footnote=PROSPECT_NOTE,
        total_label=None,
        number_formats=NUMBER_FORMATS,
        widths=XLSX_WIDTHS + (EXTRA_WIDTH,) * len(extra_columns),
    )
    return to_xlsx_bytes([sheet])
