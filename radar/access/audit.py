"""The audit trail: an append-only table of who did what, in the store's database.

Recorded: logins and logouts, ingests and switches between demo and own data, every
export of a company list (programme, area, number of rows) and every refusal. A row
names the user by display name and pseudonymous key (``radar.access.policy.User``),
never by e-mail address, and holds no token or secret. Rows are never changed or
removed (the database refuses UPDATE and DELETE on the table).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from radar.access import db
from radar.access.policy import User

EVENTS = {
    "login": "aanmelding",
    "logout": "afmelding",
    "ingest": "inlezen",
    "switch": "wissel van gegevens",
    "export": "export",
    "refusal": "weigering",
}
"""Event codes and their Dutch labels."""

COLUMNS = [
    "id",
    "at",
    "event",
    "actor",
    "actor_id",
    "role",
    "action",
    "programme_id",
    "area",
    "rows",
    "detail",
]
LABELS = {
    "id": "nr",
    "at": "tijdstip (UTC)",
    "event": "gebeurtenis",
    "actor": "gebruiker",
    "actor_id": "sleutel",
    "role": "rol",
    "action": "actie",
    "programme_id": "opleiding",
    "area": "gebied",
    "rows": "rijen",
    "detail": "detail",
}
"""Dutch column headers for the Data page and the download."""


@dataclass(frozen=True)
class Entry:
    """What happened, apart from who and when."""

    event: str
    action: str = ""
    programme_id: str = ""
    area: str = ""
    rows: int | None = None
    detail: str = ""


def append(path: Path, user: User, entry: Entry, once: bool = False) -> bool:
    """Append ``entry`` by ``user`` to the trail in the database at ``path``.

    With ``once`` the row is written only if no row with the same event, user and
    detail exists (a login seen again in a new browser tab). Returns True when a
    row was written.
    """
    if entry.event not in EVENTS:
        raise ValueError(f"unknown audit event {entry.event!r}")
    with db.writing(path) as conn:
        if once:
            seen = conn.execute(
                "SELECT 1 FROM audit WHERE event = ? AND actor_id = ? AND detail = ?",
                (entry.event, user.key, entry.detail),
            ).fetchone()
            if seen:
                return False
        conn.execute(
            "INSERT INTO audit (at, event, actor, actor_id, role, action,"
            " programme_id, area, rows, detail) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                db.now(),
                entry.event,
                user.name,
                user.key,
                user.role_label,
                entry.action,
                entry.programme_id,
                entry.area,
                entry.rows,
                entry.detail[:500],
            ),
        )
    return True


def query(
    path: Path,
    events: list[str] | None = None,
    actor: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """The trail, newest first, filtered by events, a piece of the user's name or
    key (case-insensitive), and a date range (``until`` inclusive, UTC days)."""
    where, args = ["1 = 1"], []
    if events:
        where.append(f"event IN ({', '.join('?' for _ in events)})")
        args += list(events)
    if actor:
        where.append("(instr(lower(actor), ?) > 0 OR instr(actor_id, ?) > 0)")
        args += [actor.lower(), actor.lower()]
    if since is not None:
        where.append("at >= ?")
        args.append(since.isoformat())
    if until is not None:
        where.append("at < ?")
        args.append((until + dt.timedelta(days=1)).isoformat())
    sql = f"SELECT {', '.join(COLUMNS)} FROM audit WHERE {' AND '.join(where)}"
    sql += " ORDER BY id DESC"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    with db.reading(path) as conn:
        if conn is None or not db.has_table(conn, "audit"):
            return empty()
        rows = conn.execute(sql, args).fetchall()
    frame = pd.DataFrame([tuple(r) for r in rows], columns=COLUMNS)
    frame["rows"] = frame["rows"].astype("Int64")
    return frame


def empty() -> pd.DataFrame:
    """An empty trail with the right columns."""
    frame = pd.DataFrame({c: pd.Series(dtype="str") for c in COLUMNS})
    frame["id"] = frame["id"].astype("int64")
    frame["rows"] = frame["rows"].astype("Int64")
    return frame


def shown(frame: pd.DataFrame) -> pd.DataFrame:
    """The trail with Dutch headers and event labels, for the page and the CSV."""
    out = frame.assign(event=frame["event"].map(EVENTS).fillna(frame["event"]))
    return out.rename(columns=LABELS)
