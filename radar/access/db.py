"""The SQLite database in the store: the audit trail and the prospect follow-up.

One file, ``radar.sqlite`` in the store folder (``Paths.store``), next to the
ingested data but untouched by an ingest. Write-ahead logging lets readers go on
while one writer commits; every write is one short ``BEGIN IMMEDIATE`` transaction,
and a writer waits up to ``BUSY_TIMEOUT_S`` for another (two app processes, or the
app and a script, may write at once). The tables are append-only where the schema
says so (triggers refuse UPDATE and DELETE). Schema: data/README.md.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

DB_FILE = "radar.sqlite"
BUSY_TIMEOUT_S = 15.0

SCHEMA = """
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    event TEXT NOT NULL,
    actor TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    role TEXT NOT NULL,
    action TEXT NOT NULL DEFAULT '',
    programme_id TEXT NOT NULL DEFAULT '',
    area TEXT NOT NULL DEFAULT '',
    rows INTEGER,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS audit_at ON audit (at);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;

CREATE TABLE IF NOT EXISTS followup (
    establishment_number TEXT NOT NULL,
    programme_id TEXT NOT NULL,
    status TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    author TEXT NOT NULL,
    author_id TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    PRIMARY KEY (establishment_number, programme_id)
);
CREATE TABLE IF NOT EXISTS followup_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    establishment_number TEXT NOT NULL,
    programme_id TEXT NOT NULL,
    status TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    author TEXT NOT NULL,
    author_id TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS followup_history_key
    ON followup_history (establishment_number, programme_id);
CREATE TRIGGER IF NOT EXISTS followup_history_no_update
BEFORE UPDATE ON followup_history
BEGIN SELECT RAISE(ABORT, 'followup_history is append-only'); END;
CREATE TRIGGER IF NOT EXISTS followup_history_no_delete
BEFORE DELETE ON followup_history
BEGIN SELECT RAISE(ABORT, 'followup_history is append-only'); END;
"""


def database_path(store: Path) -> Path:
    """The database file of the store folder ``store``."""
    return Path(store) / DB_FILE


def now() -> str:
    """The current UTC time to the second, ISO 8601 (``2026-01-05T09:30:00+00:00``)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def _open(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    return conn


@contextlib.contextmanager
def writing(path: Path) -> Iterator[sqlite3.Connection]:
    """One write transaction (``BEGIN IMMEDIATE``) on the database at ``path``,
    created with its schema on first use; committed on success, else rolled back."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = _open(path)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(SCHEMA):
                conn.execute(statement)
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    finally:
        conn.close()


@contextlib.contextmanager
def reading(path: Path) -> Iterator[sqlite3.Connection | None]:
    """A connection for reading, or ``None`` when the database does not exist yet
    (reading never creates it)."""
    if not path.exists():
        yield None
        return
    conn = _open(path)
    try:
        yield conn
    finally:
        conn.close()


def has_table(conn: sqlite3.Connection, name: str) -> bool:
    """True when the table ``name`` exists (a fresh database may lack it)."""
    row = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
    ).fetchone()
    return row is not None


def _statements(script: str) -> list[str]:
    """Split the schema into statements (triggers hold their own semicolons)."""
    out: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            out.append(buffer.strip())
            buffer = ""
    return [s for s in out if s]
