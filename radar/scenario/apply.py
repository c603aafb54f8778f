"""Apply a scenario to the supply and demand frames of its programme and date.

``apply`` never changes its inputs (nor the dataset): it returns new frames with the
same columns, changes taken in order. Rows keep their order; new rows go at the end,
so applying a change and then its opposite gives back the same frames and numbers.
"""

from __future__ import annotations

import contextlib

import numpy as np
import pandas as pd

from radar.kernel import schema as s
from radar.kernel.errors import DataError
from radar.scenario.changes import (
    AddLesplaats,
    AddWorkplaces,
    CloseLesplaats,
    DropExpiring,
    RecogniseProspects,
    Scenario,
    SetLearners,
    Spot,
    new_location_ids,
)
from radar.supply_demand.catchment import DEMAND, ID, SUPPLY
from radar.supply_demand.demand import IS_ESTIMATE
from radar.supply_demand.supply import IS_RELATED

NEW_SCHOOL = "Nieuwe lesplaats {}"
NEW_WORKPLACE = "Nieuwe werkplek"
NEW_WORKPLACE_ID = "nieuw-werkplek-{}-{}"


def apply(
    supply: pd.DataFrame, demand: pd.DataFrame, scenario: Scenario
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (supply', demand'): the frames after every change of ``scenario``.

    New lesplaatsen get the ids ``nieuw-1``, ``nieuw-2``, ... (a later change may
    close them or change their learners). An unknown location id is refused
    (``DataError``).
    """
    sup, dem = supply.copy(), demand.copy()
    new_ids = iter(new_location_ids(scenario.changes))
    for n, change in enumerate(scenario.changes, start=1):
        if isinstance(change, AddLesplaats):
            dem = _add_lesplaats(dem, change, next(new_ids))
        elif isinstance(change, CloseLesplaats):
            dem = dem.loc[dem[ID] != _existing(dem, change.location_id)]
        elif isinstance(change, SetLearners):
            dem = _set_learners(dem, change)
        elif isinstance(change, AddWorkplaces):
            ids = [NEW_WORKPLACE_ID.format(n, i + 1) for i in range(len(change.spots))]
            sup = _add_supply(sup, change.spots, ids)
        elif isinstance(change, RecogniseProspects):
            sup = _recognise(sup, change)
        elif isinstance(change, DropExpiring):
            sup = _reweight(sup, change)
        else:  # pragma: no cover - the Change union is closed
            raise DataError(f"onbekende wijziging {change!r}")
    return sup.reset_index(drop=True), dem.reset_index(drop=True)


def _existing(demand: pd.DataFrame, location_id: str) -> str:
    if not (demand[ID].astype(str) == str(location_id)).any():
        raise DataError(f"onbekende lesplaats {location_id!r} voor deze opleiding")
    return str(location_id)


def _add_lesplaats(
    demand: pd.DataFrame, change: AddLesplaats, new_id: str
) -> pd.DataFrame:
    sp = change.spot
    row = {
        ID: new_id,
        s.SCHOOL_NAME: NEW_SCHOOL.format(new_id.rsplit("-", 1)[-1])
        + (f" ({change.place_name})" if change.place_name else ""),
        s.PROVIDER_TYPE: "",
        s.NIS: sp.nis,
        s.LAT: sp.lat,
        s.LNG: sp.lng,
        s.CELL: sp.cell,
        s.LEARNERS: change.learners,
        IS_ESTIMATE: False,
        DEMAND: float(change.learners),
    }
    return _append(demand, pd.DataFrame([row]))


def _set_learners(demand: pd.DataFrame, change: SetLearners) -> pd.DataFrame:
    at = demand[ID].astype(str) == _existing(demand, change.location_id)
    out = demand.copy()
    out.loc[at, s.LEARNERS] = change.learners
    out.loc[at, DEMAND] = float(change.learners)
    out.loc[at, IS_ESTIMATE] = False
    return out


def _add_supply(
    supply: pd.DataFrame, spots: tuple[Spot, ...], ids: list[str]
) -> pd.DataFrame:
    rows = pd.DataFrame(
        {
            ID: ids,
            s.NAME: [NEW_WORKPLACE] * len(spots),
            s.NIS: [sp.nis for sp in spots],
            s.LAT: [sp.lat for sp in spots],
            s.LNG: [sp.lng for sp in spots],
            s.CELL: [sp.cell for sp in spots],
            SUPPLY: [sp.amount for sp in spots],
            s.LEARNERS_HOSTED: [0] * len(spots),
            IS_RELATED: [False] * len(spots),
        }
    )
    return _append(supply, rows)


def _recognise(supply: pd.DataFrame, change: RecogniseProspects) -> pd.DataFrame:
    """Weight 1 for each establishment: raised in place when it is already a
    (related) workplace, a new row otherwise."""
    out = supply.copy()
    ids = out[ID].astype(str)
    present = ids.isin(change.numbers).to_numpy()
    out.loc[present, SUPPLY] = np.maximum(out.loc[present, SUPPLY].to_numpy(float), 1.0)
    out.loc[present, IS_RELATED] = False
    known = set(ids[present])
    new = [sp for sp in change.spots if sp.id not in known]
    if not new:
        return out
    rows = pd.DataFrame(
        {
            ID: [sp.id for sp in new],
            s.NAME: [f"prospect {sp.id}" for sp in new],
            s.NIS: [sp.nis for sp in new],
            s.LAT: [sp.lat for sp in new],
            s.LNG: [sp.lng for sp in new],
            s.CELL: [sp.cell for sp in new],
            SUPPLY: [1.0] * len(new),
            s.LEARNERS_HOSTED: [0] * len(new),
            IS_RELATED: [False] * len(new),
        }
    )
    return _append(out, rows)


def _reweight(supply: pd.DataFrame, change: DropExpiring) -> pd.DataFrame:
    weights = dict(change.weights)
    ids = supply[ID].astype(str)
    new = ids.map(weights)
    hit = new.notna().to_numpy()
    out = supply.copy()
    out.loc[hit, SUPPLY] = new[hit].to_numpy(float)
    out.loc[hit, IS_RELATED] = out.loc[hit, SUPPLY].to_numpy(float) < 1.0
    return out.loc[out[SUPPLY].to_numpy(float) > 0]


def _append(frame: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """Append rows, keeping the frame's columns and dtypes (extra columns of
    ``frame`` are left empty in the new rows)."""
    rows = rows.reindex(columns=frame.columns)
    for col in frame.columns:
        with contextlib.suppress(TypeError, ValueError):
            rows[col] = rows[col].astype(frame[col].dtype)
    if frame.empty:
        return rows.reset_index(drop=True)
    return pd.concat([frame, rows], ignore_index=True)
