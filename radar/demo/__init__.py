"""The demo dataset: a seeded, calibrated synthetic dataset the app opens on.

A leaf of the package: nothing in the kernel or the features imports it; the edges
(``radar.cli``, ``ui.cache``) call ``ensure_demo`` to create it on first use and to
regenerate it when the generator, the reference tables or the parameters changed
(``radar.demo.freshness``); ``make run`` and ``make test`` run
``python -m radar.demo`` for the same check. The per-programme indexes of Vraag &
aanbod and Prospectie are written with the dataset (``write_indexes``), so a fresh
server does not build them on a first visit.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from radar.demo.calibration import DEFAULT_ESTABLISHMENTS, DEFAULT_SEED
from radar.demo.freshness import fingerprint
from radar.demo.generator import generate
from radar.kernel import load

__all__ = [
    "DEFAULT_ESTABLISHMENTS",
    "DEFAULT_SEED",
    "ensure_demo",
    "fingerprint",
    "generate",
    "write_indexes",
]


def write_indexes(ds: load.Dataset, folder: Path) -> None:
    """Store the Vraag & aanbod and Prospectie indexes of ``ds``, just written to
    ``folder`` (seconds at 1M establishments, paid once instead of on a first visit).
    """
    from radar.prospects import index
    from radar.supply_demand import analysis

    analysis.write_index(ds, folder)
    index.write_index(ds, folder)


def _meta(folder: Path) -> dict[str, Any]:
    try:
        meta = json.loads((folder / load.META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return meta if isinstance(meta, dict) else {}


def ensure_demo(folder: Path, reference_dir: Path) -> bool:
    """Generate the demo dataset into ``folder`` unless an up-to-date one is there.

    Up to date: complete, and its ``meta.json`` records the fingerprint of the
    current generator, the reference tables in ``reference_dir`` and its own
    parameters (seed, universe size), which a regeneration keeps. Returns True
    when it generated one.
    """
    ref = load.read_reference(reference_dir)
    seed, establishments = DEFAULT_SEED, DEFAULT_ESTABLISHMENTS
    if load.is_dataset(folder):
        meta = _meta(folder)
        params = meta.get("parameters", {})
        seed = int(params.get("seed", meta.get("seed", seed)))
        establishments = int(params.get("establishments", establishments))
        if meta.get("fingerprint") == fingerprint(ref, seed, establishments):
            return False
    ds = generate(ref, seed, establishments)
    load.write_dataset(ds, folder)
    if isinstance(ds, load.Dataset):  # a stand-in generator may return nothing
        write_indexes(ds, folder)
    return True
