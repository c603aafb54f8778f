"""Ready-to-send documents built from tables: the Excel workbook with provenance."""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from radar.export import Sheet, to_xlsx_bytes
from radar.load import Dataset
from radar.tables import GROUP_HEADERS, GroupBy

DEFINITIONS = (
    "Een erkenning telt op de peildatum als begindatum <= peildatum < einddatum. "
    "Unieke vestigingen = verschillende vestigingsnummers. Eindtotaal telt over alle "
    "erkenningen (een vestiging met erkenningen in meerdere groepen telt er één keer)."
)


def data_source(ds: Dataset) -> str:
    """Describe where a dataset comes from, in Dutch, for provenance lines."""
    if ds.is_demo:
        return f"demodata (synthetisch), seed {ds.meta.get('seed')}"
    return str(ds.meta.get("source", "eigen gegevens"))


def provenance(
    ds: Dataset, as_of: pd.Timestamp, grouping: str, now: datetime | None = None
) -> tuple[tuple[str, str], ...]:
    """Return the provenance block of an export: date, grouping, source, time."""
    stamp = (now or datetime.now()).strftime("%Y-%m-%d %H:%M")
    return (
        ("Peildatum", pd.Timestamp(as_of).date().isoformat()),
        ("Indeling", grouping),
        ("Gegevensbron", data_source(ds)),
        ("Extractdatum gegevens", ds.extract_date.date().isoformat()),
        ("Gegenereerd op", stamp),
    )


def table_workbook(
    table: pd.DataFrame, ds: Dataset, as_of: pd.Timestamp, by: GroupBy
) -> bytes:
    """Build the XLSX for one recognitions table (title, provenance, footnote)."""
    header = GROUP_HEADERS[by]
    title = f"Erkenningen en unieke erkende vestigingen per {header}"
    sheet = Sheet(
        name=f"per {header}",
        title=title,
        table=table,
        provenance=provenance(ds, as_of, header),
        footnote=DEFINITIONS,
    )
    return to_xlsx_bytes([sheet])
