"""Seeded generator of the synthetic demo dataset, calibrated on public figures.

``python -m radar demo --out data/demo`` writes a complete dataset. The same seed gives
the same tables. Calibration (see data/README.md for the reasoning):

- recognitions valid on 2022-02-07 reproduce the published province table exactly
  (``PROVINCE_TABLE_2022``), both recognitions and unique establishments;
- recognitions run five years from their start (2016 onwards), are renewed with
  probability ``RENEWAL_RATE``, and after 2022 the active count follows
  ``ACTIVE_TARGETS`` (towards the ~30,000 workplaces Voka reported in 2025);
- recognitions spread over the catalogue by sector (``SECTOR_SHARES``, construction
  largest) and over municipalities by population and economic weight; every programme
  an establishment is recognised for fits its main NACE code;
- ~300 lesplaatsen, per province like the 2022 recognitions and in the towns first
  (``places``), offer 2-8 programmes each; learners per school year follow
  ``LEARNERS_PER_YEAR`` (2,338 in 2021-22) exactly, per programme the 2018-19 counts of
  calibration.md and a sector-weighted model (``schools``);
- learners on the extract date are placed at nearby recognised workplaces, so that about
  a fifth of recognised establishments host one;
- the establishments universe is KBO-like, recognised establishments are members, and
  names come from each establishment's own main activity; every point lies within its
  municipality's radius of the municipality's point.

The steps are plain functions in ``recognitions``, ``establishments``, ``places`` and
``schools`` that take the seeded ``np.random.Generator`` and a frozen ``Context`` of
the reference tables (``context``); the figures live in ``calibration``. They draw from
the one RNG in a fixed order, so this module calls them in exactly the order below.
``meta.json`` records the ``fingerprint`` that ``ensure_demo`` checks.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from radar.demo.calibration import DEFAULT_ESTABLISHMENTS, DEFAULT_SEED, EXTRACT_DATE
from radar.demo.context import make_context
from radar.demo.establishments import universe
from radar.demo.freshness import fingerprint
from radar.demo.places import lesplaatsen
from radar.demo.recognitions import (
    former_recognitions,
    grow,
    recognitions_table,
    snapshot_recognitions,
)
from radar.demo.schools import learners_hosted, offerings
from radar.kernel import schema as s
from radar.kernel.load import Dataset, coerce

__all__ = ["generate"]


def generate(
    ref: dict[str, pd.DataFrame],
    seed: int = DEFAULT_SEED,
    establishments: int = DEFAULT_ESTABLISHMENTS,
) -> Dataset:
    """Generate the demo dataset from the reference tables (deterministic per seed)."""
    rng = np.random.default_rng(seed)
    ctx = make_context(ref, rng)
    snap, pool = snapshot_recognitions(ctx, rng)
    former, former_pool = former_recognitions(ctx, rng, first=len(pool))
    recs, pool = grow(ctx, rng, snap.join(former), pool.join(former_pool))
    est = universe(ctx, rng, recs, pool, establishments)
    places = lesplaatsen(ctx, rng)
    offered = offerings(ctx, rng, places)
    hosted = learners_hosted(ctx, rng, recs, est, offered)
    meta = {
        "kind": "demo",
        "label": "demodata (synthetisch)",
        "seed": seed,
        "establishments": len(est),
        "extract_date": EXTRACT_DATE.date().isoformat(),
        "source": "synthetisch, gegenereerd door radar.demo uit de referentietabellen",
        "parameters": {"seed": seed, "establishments": establishments},
        "fingerprint": fingerprint(ref, seed, establishments),
    }
    return Dataset(
        programmes=ref["programmes"],
        municipalities=ref["municipalities"],
        postal_codes=ref["postal_codes"],
        offerings=coerce(offered, s.OFFERINGS),
        recognitions=coerce(recognitions_table(ctx, recs, est, hosted), s.RECOGNITIONS),
        establishments=coerce(est, s.ESTABLISHMENTS),
        meta=meta,
    )
