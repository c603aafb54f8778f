"""What a parser hands to the store: the source table, its rejects and counts."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from radar.ingest.arrowcsv import REJECT_COLUMNS

SOURCES = ("kbo", "offerings", "learners", "recognitions")
# reject codes (the ``code`` column of a rejects CSV) and what they mean
REJECT_CODES = {
    "field_count": "verkeerd aantal velden",
    "unclosed_quote": "aanhalingsteken niet afgesloten",
    "bad_date": "ongeldige datum",
    "bad_check_digit": "controlegetal klopt niet",
    "bad_number": "ongeldig KBO-nummer",
    "unknown_postcode": "onbekende postcode",
    "unknown_nis": "onbekende NIS-code",
    "outside_belgium": "coördinaten buiten België",
    "duplicate_key": "dubbele sleutel",
    "unknown_programme": "onbekende opleiding",
    "missing_value": "waarde ontbreekt",
    "missing_address": "geen vestigingsadres",
    "bad_value": "ongeldige waarde",
    "bad_interval": "einddatum voor erkenningsdatum",
}


@dataclass
class Parsed:
    """One parsed input: kept rows, rejected rows (rejects-CSV columns) and counts.

    Every data row of the input is counted once: ``rows_read = rows_kept +
    rows_rejected + sum(skipped.values())``. ``rows_kept`` counts input rows (learner
    rows summed into one offering each count); ``frame`` may hold fewer rows.
    ``skipped`` counts rows that are valid but outside the app's scope (for example
    establishments in Wallonia), by reason; they are not rejects. ``rejects`` lists
    every problem: one line per rejected row, and for the KBO also problems in the
    other files (an address, a NACE code) with the line of that file.
    """

    source: str
    frame: pd.DataFrame
    rejects: pd.DataFrame
    rows_read: int
    rows_kept: int
    rows_rejected: int
    skipped: dict[str, int] = field(default_factory=dict)
    extract_date: str | None = None
    notes: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if list(self.rejects.columns) != list(REJECT_COLUMNS):
            self.rejects = self.rejects.reindex(columns=list(REJECT_COLUMNS))

    def is_balanced(self) -> bool:
        """Tell whether every row read is kept, rejected or skipped exactly once."""
        counted = self.rows_kept + self.rows_rejected + sum(self.skipped.values())
        return self.rows_read == counted
