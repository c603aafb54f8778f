"""Upload and ingest from the browser (Streamlit-only).

The uploaded file is copied in chunks to a temporary file with a generated name in
the store (its own name is shown and used in messages and rejects, never as a path),
then ``Store.ingest`` runs with a progress bar. The temporary upload is removed
afterwards; the store keeps its own archive copy. The largest upload is
``Limits.upload_max_mb``, the same as ``server.maxUploadSize`` in
``.streamlit/config.toml``.
"""

from __future__ import annotations

import time
from pathlib import Path, PurePath
from typing import Any

import streamlit as st

from radar.ingest.store import Store
from radar.kernel import load
from radar.kernel.format import number
from radar.kernel.settings import Limits
from ui import cache
from ui.safe import md


@st.cache_resource(show_spinner=False)
def _reference(folder: str) -> dict[str, Any]:
    return load.read_reference(Path(folder))


def shown_name(uploaded: Any) -> str:
    """The uploaded file's own name, without any folder, as shown to the user."""
    return PurePath(str(uploaded.name).replace("\\", "/")).name[:120] or "upload"


def ingest_upload(
    store: Store,
    source: str,
    uploaded: Any,
    limits: Limits,
    allow_empty: bool = False,
) -> dict[str, Any]:
    """Save ``uploaded`` under a generated name, ingest it with a progress bar and
    return the report. Raises ``RadarError`` for a refused file."""
    shown = shown_name(uploaded)
    uploaded.seek(0)
    path = store.save_upload(uploaded, PurePath(shown).suffix, limits)
    bar = st.progress(0.0, text=f"{md(shown)}: inlezen…")
    t0 = time.perf_counter()
    state = {"step": "", "start": t0}

    def progress(step: str, done: int, total: int | None) -> None:
        now = time.perf_counter()
        if step != state["step"]:
            state.update(step=step, start=now)
        rate = done / max(now - float(state["start"]), 1e-3)
        fraction = 1.0 if total else min(0.95, (now - t0) / 60)
        bar.progress(
            fraction,
            text=f"{md(step)}: {number(done)} rijen ({number(rate)} rijen/s)",
        )

    try:
        report = store.ingest(
            source,
            path,
            _reference(str(cache.paths().reference)),
            limits,
            progress,
            input_name=shown,
            allow_empty=allow_empty,
        )
    finally:
        path.unlink(missing_ok=True)
    bar.progress(1.0, text=f"{md(shown)}: klaar")
    return report


def summary(report: dict[str, Any]) -> str:
    """One line on an ingest: rows read, kept, rejected (and problems listed when a
    row can have several), skipped and how long it took."""
    rejected = report.get("rows_rejected", report["rejects"])
    text = (
        f"{report['label']}: {number(report['rows_read'])} rijen gelezen, "
        f"{number(report['rows_kept'])} bewaard, {number(rejected)} afgewezen"
    )
    if report["rejects"] != rejected:
        text += f" ({number(report['rejects'])} meldingen)"
    skipped = sum(report.get("skipped", {}).values())
    if skipped:
        text += f", {number(skipped)} overgeslagen"
    if report.get("approximate_points"):
        text += f", {number(report['approximate_points'])} met een benaderd punt"
    return text + f" ({number(report['seconds'], 1)} s)."
