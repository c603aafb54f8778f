"""Temporary re-exports while the Prospectie package is being split (removed after)."""

from radar.supply_demand.demand import ID, programme_demand  # noqa: F401
from radar.supply_demand.locations import (  # noqa: F401
    COMPETITORS,
    IS_SHORTAGE,
    SHORTAGE_RADIUS,
    location_metrics,
)
from radar.supply_demand.supply import programme_supply  # noqa: F401
