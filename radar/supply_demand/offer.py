"""Where a programme could start, and where its lesplaatsen compete.

Room for extra offer ("ruimte voor bijkomend aanbod"): hexagons (res 7) and gemeenten
with at least ``room_min_workplaces`` workplaces for the programme within the catchment
d0 of their centre and no lesplaats of the programme within d0, ranked by those
workplaces. Overtal: lesplaatsen with at least one other lesplaats of the programme
within d0, with how many and the share of their reachable workplaces they share.
"""

from __future__ import annotations

import pandas as pd

from radar.kernel import schema as s
from radar.kernel.geo import count_within
from radar.kernel.hexgrid import cell_centres, cells_to_parent
from radar.kernel.settings import Settings
from radar.supply_demand.catchment import SUPPLY
from radar.supply_demand.demand import ID
from radar.supply_demand.locations import (
    COMPETITORS,
    SHARED_SHARE,
    WORKPLACES_IN_RADIUS,
)

ROOM_RES = 7


def _room(
    centres: pd.DataFrame,
    supply: pd.DataFrame,
    demand: pd.DataFrame,
    settings: Settings,
) -> pd.DataFrame:
    d0 = settings.catchment_km
    # Counts straight from the KD-tree: at 10x scale the centre-workplace pairs run
    # into millions, and only their sums are needed. The few lesplaatsen first: a
    # centre with one in reach is out whatever its workplaces, so only the others
    # have their workplaces counted.
    free = centres[count_within(centres, demand, d0) == 0]
    workplaces = count_within(free, supply, d0, supply[SUPPLY].to_numpy(float))
    out = free.assign(**{WORKPLACES_IN_RADIUS: workplaces})
    out = out[workplaces >= settings.room_min_workplaces]
    return out.sort_values([WORKPLACES_IN_RADIUS, "code"], ascending=[False, True])


def room_for_offer_cells(
    supply: pd.DataFrame, demand: pd.DataFrame, settings: Settings
) -> pd.DataFrame:
    """Res-7 cells holding workplaces, with enough of them in reach and no lesplaats.

    Columns: code (cell), lat, lng (centre), workplaces_within_radius.
    """
    cells = sorted(
        set(cells_to_parent(supply[s.CELL].to_numpy(dtype=object), ROOM_RES))
    )
    lat, lng = cell_centres(cells)
    centres = pd.DataFrame({"code": cells, s.LAT: lat, s.LNG: lng})
    return _room(centres, supply, demand, settings).reset_index(drop=True)


def room_for_offer_municipalities(
    supply: pd.DataFrame,
    demand: pd.DataFrame,
    municipalities: pd.DataFrame,
    settings: Settings,
) -> pd.DataFrame:
    """Gemeenten (by their point) with enough workplaces in reach and no lesplaats.

    Columns: code (nis), name, lat, lng, workplaces_within_radius.
    """
    centres = pd.DataFrame(
        {
            "code": municipalities[s.NIS].to_numpy(dtype=object),
            "name": municipalities[s.NAME_NL].to_numpy(dtype=object),
            s.LAT: municipalities[s.LAT].to_numpy(float),
            s.LNG: municipalities[s.LNG].to_numpy(float),
        }
    )
    return _room(centres, supply, demand, settings).reset_index(drop=True)


def overtal(metrics: pd.DataFrame) -> pd.DataFrame:
    """Lesplaatsen with competitors in the catchment, most competitors first."""
    cols = [
        ID,
        s.SCHOOL_NAME,
        s.LEARNERS,
        COMPETITORS,
        SHARED_SHARE,
        WORKPLACES_IN_RADIUS,
    ]
    out = metrics.loc[metrics[COMPETITORS] > 0, cols]
    return out.sort_values(
        [COMPETITORS, ID], ascending=[False, True], ignore_index=True
    )
