"""Before and after: every number of the scenario page, side by side.

``evaluate`` computes, for one pair of supply and demand frames, what Vraag & aanbod
shows (``location_metrics``, ``region_ratios``) plus the class of each lesplaats:
the class of its accessibility, in the words of the area ratios (tekort below
``ratio_tekort`` workplaces per learner, then krap, voldoende, ruim), because the
E2SFCA accessibility is workplaces per learner with competition included.
``compare`` joins two outcomes per lesplaats and per area and says the difference in
one Dutch sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from radar.kernel import schema as s
from radar.kernel.format import number, yes_no
from radar.kernel.regions import Level, level_of
from radar.kernel.settings import Settings
from radar.supply_demand.catchment import DEMAND, ID, SUPPLY, e2sfca
from radar.supply_demand.locations import (
    ACCESSIBILITY,
    IS_SHORTAGE,
    SHORTAGE_RADIUS,
    WORKPLACES_IN_RADIUS,
    location_metrics,
)
from radar.supply_demand.ratios import (
    CLASS,
    CLASSES,
    CODE,
    RATIO,
    classify,
    region_ratios,
)

LOCATION_ID = s.LOCATION_ID
STATUS = "status"
EXISTING, NEW, CLOSED = "bestaand", "nieuw", "gesloten"
CHANGE = "accessibility_change"
METRICS = (s.LEARNERS, ACCESSIBILITY, WORKPLACES_IN_RADIUS, SHORTAGE_RADIUS, CLASS)
"""Per-lesplaats metrics compared, each as ``<metric>_before`` and ``_after``."""
AREA_METRICS = (SUPPLY, DEMAND, RATIO, CLASS)
BEFORE, AFTER = "_before", "_after"
SHORTAGE = CLASSES[0]
SAME = 1e-12
"""Relative difference below which two accessibilities are the same number."""


@dataclass(frozen=True)
class Outcome:
    """Supply, demand and what follows from them for one state of the world."""

    supply: pd.DataFrame
    demand: pd.DataFrame
    locations: pd.DataFrame
    """``location_metrics`` plus ``class`` (of the accessibility)."""
    areas: pd.DataFrame
    """``region_ratios`` at ``level``."""
    level: Level


@dataclass(frozen=True)
class Comparison:
    """Two outcomes side by side."""

    locations: pd.DataFrame
    """One row per lesplaats (new and closed ones included): location_id,
    school_name, status, each metric ``_before``/``_after``, accessibility_change."""
    areas: pd.DataFrame
    """One row per area whose supply or demand changes: code, name and each area
    metric ``_before``/``_after``."""
    changed: pd.DataFrame
    """Existing lesplaatsen whose class changes, largest accessibility change first."""
    headline: str


def evaluate(
    supply: pd.DataFrame,
    demand: pd.DataFrame,
    municipalities: pd.DataFrame,
    level: Level | str,
    settings: Settings,
) -> Outcome:
    """Compute the per-lesplaats metrics with their class and the area ratios."""
    locations = location_metrics(
        supply,
        demand,
        settings.catchment_km,
        settings.shortage_tau,
        settings.shortage_max_km,
    )
    locations[CLASS] = classify(locations[ACCESSIBILITY].to_numpy(float), settings)
    lvl = level_of(level)
    areas = region_ratios(supply, demand, municipalities, lvl, settings)
    return Outcome(supply, demand, locations, areas, lvl)


def point_access(
    outcome: Outcome, points: pd.DataFrame, settings: Settings
) -> np.ndarray:
    """Return the accessibility (E2SFCA) of an outcome at each point (lat, lng)."""
    return e2sfca(outcome.supply, outcome.demand, points, settings.catchment_km)


def hexagon_change(
    centres: pd.DataFrame, before: np.ndarray, after: np.ndarray
) -> pd.DataFrame:
    """Return the accessibility at each centre before and after, and the change.

    ``centres``: code, lat, lng (e.g. the res-7 cover cells of ``Prepared``);
    ``before``, ``after``: ``point_access`` of the two outcomes at the centres.
    Columns: code, lat, lng, accessibility_before, accessibility_after, change.
    """
    out = centres[[CODE, s.LAT, s.LNG]].copy()
    out[ACCESSIBILITY + BEFORE] = before
    out[ACCESSIBILITY + AFTER] = after
    out["change"] = np.asarray(after, dtype=float) - np.asarray(before, dtype=float)
    return out


def _side(locations: pd.DataFrame, suffix: str) -> pd.DataFrame:
    frame = locations[[ID, s.SCHOOL_NAME, *METRICS, IS_SHORTAGE]].copy()
    frame = frame.rename(columns={ID: LOCATION_ID})
    frame[LOCATION_ID] = frame[LOCATION_ID].astype(str)
    return frame.rename(
        columns={c: c + suffix for c in (*METRICS, IS_SHORTAGE, s.SCHOOL_NAME)}
    )


def compare(before: Outcome, after: Outcome) -> Comparison:
    """Join two outcomes per lesplaats and per area, and say what changed."""
    left, right = _side(before.locations, BEFORE), _side(after.locations, AFTER)
    both = left.merge(right, on=LOCATION_ID, how="outer", indicator=True, sort=False)
    name = both[s.SCHOOL_NAME + AFTER].fillna(both[s.SCHOOL_NAME + BEFORE])
    status = np.select(
        [both["_merge"] == "left_only", both["_merge"] == "right_only"],
        [CLOSED, NEW],
        EXISTING,
    )
    out = pd.DataFrame({LOCATION_ID: both[LOCATION_ID], s.SCHOOL_NAME: name})
    out[STATUS] = status
    for metric in (*METRICS, IS_SHORTAGE):
        out[metric + BEFORE] = both[metric + BEFORE]
        out[metric + AFTER] = both[metric + AFTER]
    a0, a1 = out[ACCESSIBILITY + BEFORE], out[ACCESSIBILITY + AFTER]
    # Adding points reorders the neighbour pairs and so the floating-point sums:
    # an accessibility the change does not touch can differ in its last bits.
    same = (a1 - a0).abs() <= SAME * np.maximum(1.0, a0.abs())
    out.loc[same, ACCESSIBILITY + AFTER] = a0[same]
    out[CHANGE] = out[ACCESSIBILITY + AFTER] - out[ACCESSIBILITY + BEFORE]
    order = {EXISTING: 0, NEW: 1, CLOSED: 2}
    out = out.sort_values(
        [STATUS, LOCATION_ID], key=lambda c: c.map(order) if c.name == STATUS else c
    ).reset_index(drop=True)
    changed = class_changes(out)
    return Comparison(
        locations=out,
        areas=_areas(before.areas, after.areas),
        changed=changed,
        headline=headline(out),
    )


def class_changes(locations: pd.DataFrame) -> pd.DataFrame:
    """Existing lesplaatsen whose class changes, largest |accessibility change|
    first (ties by location id)."""
    existing = locations[locations[STATUS] == EXISTING]
    moved = existing[existing[CLASS + BEFORE] != existing[CLASS + AFTER]].copy()
    moved["_size"] = moved[CHANGE].abs()
    moved = moved.sort_values(["_size", LOCATION_ID], ascending=[False, True])
    return moved.drop(columns="_size").reset_index(drop=True)


def _areas(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    cols = [CODE, "name", *AREA_METRICS]
    both = before[cols].merge(
        after[cols], on=[CODE, "name"], how="outer", suffixes=(BEFORE, AFTER)
    )
    for metric in (SUPPLY, DEMAND):
        for suffix in (BEFORE, AFTER):
            both[metric + suffix] = both[metric + suffix].fillna(0.0)
    moved = (both[SUPPLY + BEFORE] != both[SUPPLY + AFTER]) | (
        both[DEMAND + BEFORE] != both[DEMAND + AFTER]
    )
    return both.loc[moved].sort_values(CODE).reset_index(drop=True)


def _count(n: int, one: str, many: str) -> str:
    return f"{number(n)} {one if n == 1 else many}"


def headline(locations: pd.DataFrame) -> str:
    """Say in one Dutch sentence which lesplaatsen change class.

    >>> frame = pd.DataFrame({
    ...     "status": ["bestaand"] * 4 + ["nieuw"],
    ...     "class_before": ["tekort", "tekort", "krap", "ruim", None],
    ...     "class_after": ["krap", "voldoende", "tekort", "voldoende", "krap"]})
    >>> headline(frame)
    '2 lesplaatsen komen uit tekort, 1 lesplaats komt in tekort en 1 lesplaats \
verandert van klasse; de nieuwe lesplaats valt in klasse krap.'
    """
    existing = locations[locations[STATUS] == EXISTING]
    was = existing[CLASS + BEFORE] == SHORTAGE
    now = existing[CLASS + AFTER] == SHORTAGE
    moved = existing[CLASS + BEFORE] != existing[CLASS + AFTER]
    n_out, n_in = int((was & ~now).sum()), int((~was & now).sum())
    n_other = int((moved & (was == now)).sum())
    parts = []
    if n_out:
        parts.append(
            _count(n_out, "lesplaats komt", "lesplaatsen komen") + " uit tekort"
        )
    if n_in:
        parts.append(_count(n_in, "lesplaats komt", "lesplaatsen komen") + " in tekort")
    if n_other:
        parts.append(
            _count(n_other, "lesplaats verandert", "lesplaatsen veranderen")
            + " van klasse"
        )
    if not parts:
        sentence = "Geen bestaande lesplaats verandert van klasse"
    elif len(parts) == 1:
        sentence = parts[0]
    else:
        sentence = ", ".join(parts[:-1]) + " en " + parts[-1]
    new = locations.loc[locations[STATUS] == NEW, CLASS + AFTER].dropna()
    if len(new) == 1:
        sentence += f"; de nieuwe lesplaats valt in klasse {new.iloc[0]}"
    elif len(new) > 1:
        counts = new.value_counts()
        listed = ", ".join(
            f"{number(int(counts[c]))} {c}" for c in CLASSES if c in counts
        )
        sentence += f"; de {number(len(new))} nieuwe lesplaatsen: {listed}"
    closed = int((locations[STATUS] == CLOSED).sum())
    if closed:
        sentence += "; " + _count(closed, "lesplaats sluit", "lesplaatsen sluiten")
    return sentence[0].upper() + sentence[1:] + "."


def export_frame(comparison: Comparison) -> pd.DataFrame:
    """The comparison as one flat table for CSV: a row per lesplaats with
    location_id, school_name, status and ``_before``/``_after`` per metric
    (numbers exact; the shortage flag written ja/nee)."""
    out = comparison.locations.copy()
    for suffix in (BEFORE, AFTER):
        flag = out[IS_SHORTAGE + suffix]
        out[IS_SHORTAGE + suffix] = flag.map(lambda v: "" if pd.isna(v) else yes_no(v))
        learners = out[s.LEARNERS + suffix]
        out[s.LEARNERS + suffix] = learners.astype("Int64")
    return out
