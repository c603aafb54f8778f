"""The audit trail: append-only, filterable, safe with two writing processes."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import sqlite3

import pytest

from radar.access import audit, db
from radar.access.policy import Role, User

AN = User("An Peeters", "u-an", frozenset({Role.BEHEERDER}))
CAS = User("Cas", "u-cas", frozenset({Role.CONSULENT}), frozenset({"Bouw"}))


def test_reading_a_store_without_database_creates_nothing(tmp_path):
    path = db.database_path(tmp_path)
    assert audit.query(path).empty
    assert list(audit.query(path).columns) == audit.COLUMNS
    assert not path.exists()


def test_entries_are_appended_and_filtered(tmp_path):
    path = db.database_path(tmp_path)
    audit.append(path, AN, audit.Entry("ingest", "data", rows=12, detail="kbo"))
    audit.append(
        path,
        CAS,
        audit.Entry("export", "prospectie-export", "SO-1", "Resoc Kempen", 25, "CSV"),
    )
    audit.append(path, CAS, audit.Entry("refusal", "data"))
    trail = audit.query(path)
    assert list(trail["event"]) == ["refusal", "export", "ingest"]  # newest first
    export = trail[trail["event"] == "export"].iloc[0]
    assert (export["actor"], export["role"], export["programme_id"]) == (
        "Cas",
        "consulent",
        "SO-1",
    )
    assert (export["area"], export["rows"]) == ("Resoc Kempen", 25)
    assert list(audit.query(path, events=["ingest"])["actor"]) == ["An Peeters"]
    assert len(audit.query(path, actor="CAS")) == 2
    assert len(audit.query(path, actor="u-an")) == 1
    today = dt.datetime.now(dt.UTC).date()
    assert len(audit.query(path, since=today, until=today)) == 3
    assert audit.query(path, until=today - dt.timedelta(days=1)).empty
    shown = audit.shown(trail)
    assert "gebeurtenis" in shown.columns and "weigering" in set(shown["gebeurtenis"])


def test_the_trail_cannot_be_changed_or_removed(tmp_path):
    path = db.database_path(tmp_path)
    audit.append(path, AN, audit.Entry("login", detail="sessie 1"))
    conn = sqlite3.connect(path)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute("UPDATE audit SET actor = 'x'")
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute("DELETE FROM audit")
    finally:
        conn.close()
    assert list(audit.query(path)["actor"]) == ["An Peeters"]


def test_a_login_seen_again_in_another_tab_is_written_once(tmp_path):
    path = db.database_path(tmp_path)
    entry = audit.Entry("login", detail="sessie abc")
    assert audit.append(path, AN, entry, once=True)
    assert not audit.append(path, AN, entry, once=True)
    assert audit.append(path, CAS, entry, once=True)
    assert len(audit.query(path, events=["login"])) == 2


def test_an_unknown_event_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown audit event"):
        audit.append(db.database_path(tmp_path), AN, audit.Entry("hack"))


def _write_many(path: str, name: str, n: int) -> None:
    from pathlib import Path

    user = User(name, f"u-{name}", frozenset({Role.KIJKER}))
    for i in range(n):
        audit.append(Path(path), user, audit.Entry("refusal", detail=str(i)))


def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    path = db.database_path(tmp_path)
    ctx = multiprocessing.get_context("fork")
    procs = [
        ctx.Process(target=_write_many, args=(str(path), name, 60))
        for name in ("een", "twee")
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
        assert p.exitcode == 0
    trail = audit.query(path)
    assert len(trail) == 120
    assert trail.groupby("actor").size().to_dict() == {"een": 60, "twee": 60}
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
