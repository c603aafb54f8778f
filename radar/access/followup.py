"""Prospect follow-up: a status and a note per establishment and programme.

Kept in the store's database (``radar.access.db``), keyed by establishment number
and programme id, so it survives a new KBO ingest (the establishment number stays;
a prospect that disappears from the register simply no longer shows).

Edits use optimistic concurrency: each record has a ``version``; a write names the
version it started from and is refused with ``FollowupConflictError`` (carrying the
current record: status, note, author, time) when someone else wrote in between.
Nothing is lost silently: every accepted write is also appended to
``followup_history``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import pandas as pd

from radar.access import db
from radar.access.policy import User
from radar.kernel.errors import RadarError

NOTE_MAX_CHARS = 2000


class Status(StrEnum):
    """Where a prospect stands."""

    NEW = "nieuw"
    CONTACTED = "gecontacteerd"
    INTERESTED = "interesse"
    NOT_INTERESTED = "geen interesse"
    RECOGNISED = "erkend"


CLOSED = frozenset({Status.NOT_INTERESTED, Status.RECOGNISED})
"""Statuses that count as "afgehandeld" (hidden by the filter on Prospectie)."""

COLUMNS = ["status", "note", "author", "updated_at", "version"]
STATUS, NOTE, BY, AT, VERSION = (
    "followup_status",
    "followup_note",
    "followup_by",
    "followup_at",
    "followup_version",
)
TABLE_COLUMNS = dict(zip(COLUMNS, (STATUS, NOTE, BY, AT, VERSION), strict=True))
"""The follow-up columns ``attach`` adds to a prospect table."""
EXPORT_COLUMNS = [STATUS, NOTE, BY, AT]
"""The follow-up columns of a prospect export (CSV and XLSX)."""


@dataclass(frozen=True)
class Record:
    """The follow-up of one prospect as last written."""

    establishment_number: str
    programme_id: str
    status: Status
    note: str
    author: str
    author_id: str
    updated_at: str
    version: int


class FollowupConflictError(RadarError):
    """Someone else changed the follow-up since the editor read it."""

    def __init__(self, current: Record) -> None:
        super().__init__(
            f"intussen gewijzigd door {current.author} op {current.updated_at}"
        )
        self.current = current


def _record(row: object) -> Record:
    r = dict(row)  # type: ignore[call-overload]
    return Record(
        str(r["establishment_number"]),
        str(r["programme_id"]),
        Status(r["status"]),
        str(r["note"]),
        str(r["author"]),
        str(r["author_id"]),
        str(r["updated_at"]),
        int(r["version"]),
    )


def clean_note(note: str) -> str:
    """The note as stored: control characters (except newlines) removed, trimmed,
    at most ``NOTE_MAX_CHARS`` characters.

    >>> clean_note("  belde terug\\x07\\n ok ")
    'belde terug\\n ok'
    """
    kept = "".join(c for c in note if c in "\n\t" or c.isprintable())
    return kept.strip()[:NOTE_MAX_CHARS]


def get(path: Path, establishment_number: str, programme_id: str) -> Record | None:
    """The current follow-up of one prospect, or ``None`` (never edited: "nieuw")."""
    with db.reading(path) as conn:
        if conn is None or not db.has_table(conn, "followup"):
            return None
        row = conn.execute(
            "SELECT * FROM followup"
            " WHERE establishment_number = ? AND programme_id = ?",
            (establishment_number, programme_id),
        ).fetchone()
    return None if row is None else _record(row)


def save(
    path: Path,
    user: User,
    establishment_number: str,
    programme_id: str,
    status: Status | str,
    note: str,
    expected_version: int,
) -> Record:
    """Write the follow-up if it is still at ``expected_version`` (0: never written).

    Returns the new record (version + 1); raises ``FollowupConflictError`` with the
    current record when another write came first, and ``ValueError`` for an
    unknown status.
    """
    status = Status(status)
    note = clean_note(note)
    with db.writing(path) as conn:
        row = conn.execute(
            "SELECT * FROM followup"
            " WHERE establishment_number = ? AND programme_id = ?",
            (establishment_number, programme_id),
        ).fetchone()
        current = 0 if row is None else int(row["version"])
        if current != expected_version:
            raise FollowupConflictError(_record(row))
        record = Record(
            establishment_number,
            programme_id,
            status,
            note,
            user.name,
            user.key,
            db.now(),
            current + 1,
        )
        values = (
            record.establishment_number,
            record.programme_id,
            record.status.value,
            record.note,
            record.author,
            record.author_id,
            record.updated_at,
            record.version,
        )
        conn.execute(
            "INSERT INTO followup (establishment_number, programme_id, status, note,"
            " author, author_id, updated_at, version) VALUES (?,?,?,?,?,?,?,?)"
            " ON CONFLICT (establishment_number, programme_id) DO UPDATE SET"
            " status = excluded.status, note = excluded.note,"
            " author = excluded.author, author_id = excluded.author_id,"
            " updated_at = excluded.updated_at, version = excluded.version",
            values,
        )
        conn.execute(
            "INSERT INTO followup_history (establishment_number, programme_id,"
            " status, note, author, author_id, updated_at, version)"
            " VALUES (?,?,?,?,?,?,?,?)",
            values,
        )
    return record


def history(path: Path, establishment_number: str, programme_id: str) -> list[Record]:
    """Every accepted write of one prospect's follow-up, oldest first."""
    with db.reading(path) as conn:
        if conn is None or not db.has_table(conn, "followup_history"):
            return []
        rows = conn.execute(
            "SELECT * FROM followup_history WHERE establishment_number = ?"
            " AND programme_id = ? ORDER BY id",
            (establishment_number, programme_id),
        ).fetchall()
    return [_record(r) for r in rows]


def for_programme(path: Path, programme_id: str) -> pd.DataFrame:
    """The follow-up of every edited prospect of a programme, indexed by
    establishment number (columns ``COLUMNS``)."""
    with db.reading(path) as conn:
        rows = []
        if conn is not None and db.has_table(conn, "followup"):
            rows = conn.execute(
                "SELECT establishment_number, status, note, author, updated_at,"
                " version FROM followup WHERE programme_id = ?",
                (programme_id,),
            ).fetchall()
    frame = pd.DataFrame(
        [tuple(r) for r in rows], columns=["establishment_number", *COLUMNS]
    )
    frame["version"] = frame["version"].astype("int64")
    return frame.set_index("establishment_number")


def attach(table: pd.DataFrame, followups: pd.DataFrame, key: str) -> pd.DataFrame:
    """``table`` with the follow-up columns (``TABLE_COLUMNS``) added: ``nieuw``,
    empty and version 0 where a prospect was never edited; matched on the
    establishment number in column ``key``.

    >>> t = pd.DataFrame({"nr": ["2.1", "2.2"]})
    >>> f = pd.DataFrame({"status": ["interesse"], "note": ["x"], "author": ["A"],
    ...     "updated_at": ["2026-01-05"], "version": [1]}, index=["2.2"])
    >>> attach(t, f, "nr")[["nr", STATUS, VERSION]].values.tolist()
    [['2.1', 'nieuw', 0], ['2.2', 'interesse', 1]]
    """
    found = followups.reindex(table[key].astype(str).to_numpy())
    out = table.copy()
    out[STATUS] = found["status"].fillna(Status.NEW.value).to_numpy()
    for column in ("note", "author", "updated_at"):
        out[TABLE_COLUMNS[column]] = found[column].fillna("").to_numpy()
    out[VERSION] = found["version"].fillna(0).astype("int64").to_numpy()
    return out


def open_only(table: pd.DataFrame) -> pd.DataFrame:
    """The rows of an attached table whose status is not "afgehandeld"."""
    closed = {s.value for s in CLOSED}
    return table[~table[STATUS].isin(closed)]
