"""Upload and ingest from the browser (Streamlit-only).

The uploaded file goes to a temporary file with a generated name in the store (its
own name is shown, never used as a path), then ``Store.ingest`` runs with a progress
bar. The temporary upload is removed afterwards; the store keeps its own archive copy.
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


@st.cache_resource(show_spinner=False)
def _reference(folder: str) -> dict[str, Any]:
    return load.read_reference(Path(folder))


def ingest_upload(
    store: Store, source: str, uploaded: Any, limits: Limits
) -> dict[str, Any]:
    """Save ``uploaded`` under a generated name, ingest it with a progress bar and
    return the report. Raises ``RadarError`` for a refused file."""
    shown = PurePath(uploaded.name).name[:120]
    path = store.save_upload(uploaded.getvalue(), PurePath(shown).suffix, limits)
    bar = st.progress(0.0, text=f"{shown}: inlezen…")
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
            text=f"{step}: {number(done)} rijen ({number(rate)} rijen/s)",
        )

    try:
        report = store.ingest(
            source,
            path,
            _reference(str(cache.paths().reference)),
            limits,
            progress,
            input_name=shown,
        )
    finally:
        path.unlink(missing_ok=True)
    bar.progress(1.0, text=f"{shown}: klaar")
    return report
