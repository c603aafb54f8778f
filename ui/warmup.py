"""Warm a fresh server up after its first page, so the first visit of Vraag & aanbod
and Prospectie finds the work done.

``start`` is called at the end of every script run (``app.py``); once per process
and dataset it starts a background thread that imports what those pages need
(scipy's KD-tree, pydeck, pandas' Styler), loads the Vraag & aanbod index and
computes the page's default selection (the busiest programme on the extract date,
without related programmes, all workplaces, default settings) into the same caches
the page reads. Started after the first page's run, it does not slow that page; a
page that asks for the same selection meanwhile waits for it instead of computing
it twice (the caches lock per key). A failure here is logged and changes nothing: the
page computes as it would have.
"""

from __future__ import annotations

import logging
import threading

log = logging.getLogger(__name__)
THREAD = "radar-warmup"


class _QuietThread(logging.Filter):
    """Drop Streamlit's "missing ScriptRunContext" notes of the warm-up thread: it
    runs outside any session on purpose (nothing of it is drawn)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.threadName != THREAD


logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
    _QuietThread()
)
_started: set[str] = set()
_lock = threading.Lock()


def start(path: str) -> None:
    """Start the warm-up of the dataset at ``path`` (once per process)."""
    with _lock:
        if path in _started:
            return
        _started.add(path)
    thread = threading.Thread(target=_warm, args=(path,), name=THREAD)
    thread.daemon = True
    thread.start()


def _warm(path: str) -> None:
    try:
        import pandas as pd
        import pandas.io.formats.style  # noqa: F401  (the grids' Styler, jinja2)
        import pydeck  # noqa: F401
        import scipy.spatial  # noqa: F401

        from radar.kernel.settings import Settings
        from ui import cache, page_cache

        ds = cache._dataset(path)
        cache._prepared(path)
        programme = page_cache.busiest(ds)
        if programme is None:
            return
        as_of = pd.Timestamp(ds.extract_date.date())
        settings = Settings()
        cache.hexagon_access(path, programme, as_of, 0.0, False, settings)
        cache.supply_demand(path, programme, as_of, "hex7", 0.0, False, settings)
    except Exception:  # noqa: BLE001  (a warm-up never breaks anything)
        log.warning("warm-up van %s mislukt", path, exc_info=True)
