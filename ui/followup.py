"""Prospect follow-up on Prospectie, and its exports (Streamlit-only).

``with_followup`` adds the status, note, author and time of each prospect to the
list and offers "Verberg afgehandeld"; ``editor`` shows and edits one prospect's
follow-up in the detail panel; ``downloads`` draws the CSV and Excel buttons, which
build the file only when clicked and log every export in the audit trail.

An edit remembers the version the user started from (``followup.seen.*`` in the
session): when someone else saved in between, the write is refused and the other
author's status and note are shown, with the user's own input kept in the form.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from radar.access import audit, followup
from radar.access.followup import FollowupConflictError, Status
from radar.access.policy import Action, Programme, User, may
from radar.kernel import schema as s
from radar.kernel.export import to_excel_csv_bytes
from radar.kernel.format import date
from radar.kernel.load import Dataset
from radar.prospects.export import export_frame, people_frame, prospect_workbook
from radar.prospects.ranking import ProspectResult
from ui import auth, controls

STATUS_HELP = (
    "nieuw: nog niet opgevolgd; gecontacteerd; interesse; geen interesse; erkend. "
    "Afgehandeld zijn 'geen interesse' en 'erkend'."
)
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STATUS = followup.STATUS
"""The list's follow-up status column."""
FOLLOWUP_HEADERS = {
    followup.STATUS: "opvolging",
    followup.NOTE: "notitie opvolging",
    followup.BY: "opgevolgd door",
    followup.AT: "opvolging bijgewerkt",
}
"""Dutch headers of the follow-up columns, on screen and in both exports (next to
``radar.prospects.export.HEADERS`` of the list itself)."""


def when(updated_at: str) -> str:
    """A stored UTC time as Brussels date and time (``05-01-2026 10:30``)."""
    if not updated_at:
        return ""
    moment = pd.Timestamp(updated_at).tz_convert("Europe/Brussels")
    return f"{date(moment)} {moment:%H:%M}"


def with_followup(table: pd.DataFrame, programme_id: str) -> pd.DataFrame:
    """``table`` with the follow-up columns, without the handled prospects when
    "Verberg afgehandeld" is ticked (kept in the URL as ``verberg=1``)."""
    found = followup.for_programme(auth.database(), programme_id)
    out = followup.attach(table, found, s.ESTABLISHMENT_NUMBER)
    out[followup.AT] = out[followup.AT].map(when)
    hide = controls.flag(
        "Verberg afgehandeld", "prospects.hide_closed", "verberg", help=STATUS_HELP
    )
    return followup.open_only(out) if hide else out


def _seen_key(programme_id: str, number: str) -> str:
    return f"followup.seen.{programme_id}.{number}"


def _widget_keys(programme_id: str, number: str) -> tuple[str, str]:
    return f"followup.status.{programme_id}.{number}", (
        f"followup.note.{programme_id}.{number}"
    )


def _show(record: followup.Record | None) -> None:
    """The current follow-up; author and note as plain text (never Markdown)."""
    if record is None:
        st.caption("Nog niet opgevolgd (nieuw).")
        return
    st.badge(record.status.value, icon=":material/flag:", color="blue")
    st.text(f"door {record.author} op {when(record.updated_at)}")
    if record.note:
        st.text(record.note)


def editor(selected: pd.Series, programme: Programme, user: User) -> None:
    """The follow-up of the selected prospect, editable when the user may."""
    path = auth.database()
    number = str(selected[s.ESTABLISHMENT_NUMBER])
    pid = programme.programme_id
    current = followup.get(path, number, pid)
    version = current.version if current else 0
    seen_key = _seen_key(pid, number)
    st.session_state.setdefault(seen_key, version)
    st.markdown("**Opvolging**")
    _show(current)
    flash = st.session_state.pop("followup.flash", None)
    if flash:
        st.success(flash)
    if not may(user, Action.FOLLOWUP, programme):
        return
    seen = int(st.session_state[seen_key])
    if current is not None and version != seen:
        st.info(
            "Intussen gewijzigd sinds u deze prospect opende: hierboven staat de "
            "nieuwste versie, met wie ze schreef."
        )
    conflict_key = f"followup.conflict.{pid}.{number}"
    if conflict_key in st.session_state:
        _conflict(st.session_state[conflict_key], pid, number)
    status_key, note_key = _widget_keys(pid, number)
    if status_key not in st.session_state:
        st.session_state[status_key] = (current.status if current else Status.NEW).value
        st.session_state[note_key] = current.note if current else ""
    with st.form(f"followup.form.{pid}.{number}", border=True):
        status = st.selectbox(
            "Status", [x.value for x in Status], key=status_key, help=STATUS_HELP
        )
        note = st.text_area(
            "Notitie", key=note_key, max_chars=followup.NOTE_MAX_CHARS, height=90
        )
        submitted = st.form_submit_button("Opslaan", key="followup.save")
    if not submitted:
        return
    try:
        record = followup.save(path, user, number, pid, status, note, seen)
    except FollowupConflictError as exc:
        st.session_state[conflict_key] = exc.current
        st.rerun()
    st.session_state.pop(conflict_key, None)
    st.session_state[seen_key] = record.version
    st.session_state["followup.flash"] = f"Opgeslagen: {record.status.value}."
    st.rerun()


def _conflict(other: followup.Record, pid: str, number: str) -> None:
    """The refused write: who wrote what in between; the user's input stays."""
    st.error(
        "Niet opgeslagen: conflict. Iemand anders heeft deze prospect intussen "
        "gewijzigd (hieronder). Uw invoer staat nog in het formulier.",
        icon=":material/sync_problem:",
    )
    st.text(
        f"{other.author} op {when(other.updated_at)}: status '{other.status.value}'"
        + (f", notitie: {other.note}" if other.note else "")
    )
    if st.button("Toon de nieuwste versie", key="followup.reload"):
        for key in _widget_keys(pid, number):
            st.session_state.pop(key, None)
        st.session_state.pop(f"followup.conflict.{pid}.{number}", None)
        current = followup.get(auth.database(), number, pid)
        st.session_state[_seen_key(pid, number)] = current.version if current else 0
        st.rerun()


def _exported(
    path: Path, user: User, result: ProspectResult, pid: str, kind: str, data: Any
) -> Any:
    """Log one export (programme, area, rows) and hand the file on."""
    entry = audit.Entry(
        "export",
        Action.EXPORT_PROSPECTS.value,
        pid,
        result.area_label,
        rows=len(export_frame(result)),
        detail=kind,
    )
    audit.append(path, user, entry)
    return data


def downloads(
    result: ProspectResult,
    table: pd.DataFrame,
    ds: Dataset,
    as_of: pd.Timestamp,
    stem: str,
    programme: Programme,
) -> None:
    """The CSV and Excel buttons of the list as shown (follow-up included), for a
    user who may export this programme. Each file is built when clicked, and each
    click is an ``export`` row in the audit trail."""
    user = auth.current_user()
    if user is None or not may(user, Action.EXPORT_PROSPECTS, programme):
        st.caption("Exporteren is niet beschikbaar voor uw rol.")
        return
    renamed = table.rename(columns=FOLLOWUP_HEADERS)
    shown = dataclasses.replace(result, table=renamed)
    extra = [FOLLOWUP_HEADERS[c] for c in followup.EXPORT_COLUMNS]
    pid, path = programme.programme_id, auth.database()

    def csv() -> bytes:
        data = to_excel_csv_bytes(people_frame(shown, extra))
        return _exported(path, user, shown, pid, "CSV", data)

    def xlsx() -> bytes:
        data = prospect_workbook(shown, ds, as_of, extra_columns=extra)
        return _exported(path, user, shown, pid, "XLSX", data)

    d1, d2 = st.columns(2)
    d1.download_button(
        "Download CSV", csv, f"{stem}.csv", "text/csv", key="prospects.csv"
    )
    d2.download_button(
        "Download Excel (XLSX)", xlsx, f"{stem}.xlsx", XLSX_MIME, key="prospects.xlsx"
    )
