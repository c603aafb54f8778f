"""Supply of one programme on one date: recognised workplaces as weighted points.

Establishments recognised for programme P on the date count with weight 1, those
recognised only for a related programme at weight ``related_weight`` (an
establishment counts once, at its highest weight). Variant "actief": only
recognitions hosting at least one learner on the extract date count.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from radar.kernel import schema as s
from radar.kernel.calendar import valid_on
from radar.supply_demand.catchment import ID, SUPPLY

IS_RELATED = "is_related"


def related_ids(programmes: pd.DataFrame, programme_id: str) -> list[str]:
    """Return the ids of the programmes related to ``programme_id`` (not itself)."""
    row = programmes.loc[programmes[s.PROGRAMME_ID] == programme_id, s.RELATED_IDS]
    if row.empty or pd.isna(row.iloc[0]) or not row.iloc[0]:
        return []
    return [r for r in str(row.iloc[0]).split(";") if r and r != programme_id]


def programme_supply(
    recognitions: pd.DataFrame,
    programmes: pd.DataFrame,
    programme_id: str,
    as_of: pd.Timestamp,
    related_weight: float = 0.0,
    active_only: bool = False,
) -> pd.DataFrame:
    """Return one row per supplying establishment.

    Columns: id (establishment_number), name, nis, lat, lng, h3_cell, supply (1, or
    ``related_weight`` when recognised only for a related programme), learners_hosted
    (over its recognitions for the programme set), is_related. Sorted by id.
    """
    ids = [programme_id]
    if related_weight > 0:
        ids += related_ids(programmes, programme_id)
    rec = valid_on(recognitions, as_of)
    rec = rec[rec[s.PROGRAMME_ID].isin(ids)]
    if active_only:
        rec = rec[rec[s.LEARNERS_HOSTED].fillna(0) > 0]
    weight = np.where(
        rec[s.PROGRAMME_ID].to_numpy() == programme_id, 1.0, related_weight
    )
    frame = rec.assign(**{SUPPLY: weight})
    hosted = frame.groupby(s.ESTABLISHMENT_NUMBER, sort=False)[s.LEARNERS_HOSTED].sum()
    # One row per establishment, at its highest weight.
    frame = frame.sort_values([s.ESTABLISHMENT_NUMBER, SUPPLY], ascending=[True, False])
    frame = frame.drop_duplicates(s.ESTABLISHMENT_NUMBER)
    out = pd.DataFrame(
        {
            ID: frame[s.ESTABLISHMENT_NUMBER].to_numpy(),
            s.NAME: frame[s.NAME].to_numpy(),
            s.NIS: frame[s.NIS].to_numpy(),
            s.LAT: frame[s.LAT].to_numpy(float),
            s.LNG: frame[s.LNG].to_numpy(float),
            s.CELL: frame[s.CELL].to_numpy(),
            SUPPLY: frame[SUPPLY].to_numpy(float),
        }
    )
    out[s.LEARNERS_HOSTED] = hosted.reindex(out[ID]).to_numpy()
    out[IS_RELATED] = out[SUPPLY] < 1.0
    return out
