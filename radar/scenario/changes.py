"""The kinds of change a scenario is made of, and the scenario itself.

Every change is a frozen dataclass that carries all it needs to be applied to the
supply and demand frames of one programme and date: points are resolved (a gemeente
to its point, an area to its gemeenten, a prospect to its establishment) when the
change is built (``radar.scenario.places``), never when it is applied. The user's
own words (a gemeente, an area, a date) are kept next to the resolved points, so a
scenario can be written back to a link or a file as the user made it
(``radar.scenario.codec``).

Numbers are checked through ``radar.kernel.params`` on creation; a bad value is
refused with a Dutch message (``DataError``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import pandas as pd

from radar.kernel import params
from radar.kernel import schema as s
from radar.kernel.errors import DataError
from radar.kernel.format import date as dutch_date
from radar.kernel.format import number

MAX_LEARNERS = 10_000
MAX_WORKPLACES = 100_000
NEW_LESPLAATS = "nieuw-{}"
"""Location id of the n-th lesplaats a scenario adds (``nieuw-1``, ``nieuw-2``)."""


def learners(value: object, name: str = "leerlingen", low: int = 1) -> int:
    """Check a number of learners: a whole number from ``low`` to 10.000.

    >>> learners("25")
    25
    >>> learners(0)
    Traceback (most recent call last):
    ...
    radar.kernel.errors.DataError: leerlingen: 0 moet minstens 1 zijn
    """
    return params.whole(value, name, low, MAX_LEARNERS)


def workplaces(value: object, name: str = "werkplekken") -> int:
    """Check a number of workplaces: a whole number from 1 to 100.000.

    >>> workplaces(10)
    10
    """
    return params.whole(value, name, 1, MAX_WORKPLACES)


def point(lat: object, lng: object, name: str = "punt") -> tuple[float, float]:
    """Check a point (degrees): finite numbers inside the box around Belgium.

    >>> point("51.02", 4.31)
    (51.02, 4.31)
    >>> point(48.0, 4.0)
    Traceback (most recent call last):
    ...
    radar.kernel.errors.DataError: punt: 48.0, 4.0 ligt buiten België
    """
    la = params.positive(lat, f"{name} (breedtegraad)", -math.inf)
    ln = params.positive(lng, f"{name} (lengtegraad)", -math.inf)
    (lat_lo, lat_hi), (lng_lo, lng_hi) = s.BELGIUM_LAT, s.BELGIUM_LNG
    if not (lat_lo <= la <= lat_hi and lng_lo <= ln <= lng_hi):
        raise DataError(f"{name}: {lat}, {lng} ligt buiten België")
    return la, ln


def day(value: object, name: str = "datum") -> pd.Timestamp:
    """Check a date written as YYYY-MM-DD.

    >>> day("2027-09-01")
    Timestamp('2027-09-01 00:00:00')
    """
    try:
        d = pd.Timestamp(str(value)).normalize()
    except (TypeError, ValueError):
        raise DataError(f"{name}: {value!r} is geen datum (JJJJ-MM-DD)") from None
    if pd.isna(d):
        raise DataError(f"{name}: {value!r} is geen datum (JJJJ-MM-DD)")
    return d


@dataclass(frozen=True)
class Spot:
    """A resolved point: where a lesplaats or workplaces go, with its gemeente and
    res-8 cell (the frames need both for the area ratios)."""

    lat: float
    lng: float
    nis: str
    cell: str
    amount: float = 1.0
    """Workplaces placed here (or 1 for a lesplaats)."""
    id: str = ""
    """Establishment number when the spot is an existing establishment."""


@dataclass(frozen=True)
class AddLesplaats:
    """A new lesplaats of the programme with ``learners`` learners at ``spot``.

    ``municipality`` is the gemeente (nis) when it was placed at a gemeente's point,
    empty for a point given by its coordinates; ``place_name`` its Dutch name.
    """

    spot: Spot
    learners: int
    municipality: str = ""
    place_name: str = ""

    def __post_init__(self) -> None:
        learners(self.learners)

    def describe(self, names: dict[str, str] | None = None) -> str:
        """Say the change in Dutch."""
        where = _where(self.spot, self.place_name if self.municipality else "")
        return f"nieuwe lesplaats {where} met {number(self.learners)} leerlingen"


@dataclass(frozen=True)
class CloseLesplaats:
    """Lesplaats ``location_id`` stops offering the programme."""

    location_id: str

    def describe(self, names: dict[str, str] | None = None) -> str:
        """Say the change in Dutch."""
        return f"lesplaats {_label(self.location_id, names)} sluit"


@dataclass(frozen=True)
class SetLearners:
    """Lesplaats ``location_id`` gets ``learners`` learners (0 allowed)."""

    location_id: str
    learners: int

    def __post_init__(self) -> None:
        learners(self.learners, low=0)

    def describe(self, names: dict[str, str] | None = None) -> str:
        """Say the change in Dutch."""
        return (
            f"lesplaats {_label(self.location_id, names)} krijgt "
            f"{number(self.learners)} leerlingen"
        )


@dataclass(frozen=True)
class AddWorkplaces:
    """``workplaces`` new recognised workplaces, spread over ``spots``.

    ``area`` names where the user put them: empty for a point, ``gemeente:NIS`` or
    ``LEVEL:CODE`` for an area (spread over its gemeenten by population).
    """

    workplaces: int
    spots: tuple[Spot, ...]
    area: str = ""
    area_name: str = ""

    def __post_init__(self) -> None:
        workplaces(self.workplaces)
        if not self.spots:
            raise DataError("werkplekken: geen plaats om ze te zetten")

    def describe(self, names: dict[str, str] | None = None) -> str:
        """Say the change in Dutch."""
        n = number(self.workplaces)
        if not self.area:
            return f"{n} nieuwe werkplekken {_where(self.spots[0], '')}"
        return f"{n} nieuwe werkplekken in {self.area_name or self.area}"


@dataclass(frozen=True)
class RecogniseProspects:
    """These establishments become recognised for the programme (weight 1)."""

    spots: tuple[Spot, ...]
    label: str = ""
    """Where they came from, in Dutch ("de 10 beste prospecten in Resoc Kempen")."""

    def __post_init__(self) -> None:
        if not self.spots:
            raise DataError("prospecten: geen vestigingen gegeven")

    @property
    def numbers(self) -> tuple[str, ...]:
        """The establishment numbers."""
        return tuple(sp.id for sp in self.spots)

    def describe(self, names: dict[str, str] | None = None) -> str:
        """Say the change in Dutch."""
        n = len(self.spots)
        what = self.label or f"{number(n)} prospect{'en' if n != 1 else ''}"
        return f"{what} erkend"


@dataclass(frozen=True)
class DropExpiring:
    """Recognitions that end on or before ``before`` are not renewed.

    ``weights`` holds, per establishment whose weight changes, its new weight (0:
    no longer a workplace; the related weight: only a related recognition is left).
    """

    before: pd.Timestamp
    weights: tuple[tuple[str, float], ...] = field(default=())

    def describe(self, names: dict[str, str] | None = None) -> str:
        """Say the change in Dutch."""
        gone = sum(1 for _, w in self.weights if w == 0)
        return (
            f"erkenningen die vóór {dutch_date(self.before)} aflopen, vervallen "
            f"({number(gone)} werkplekken minder)"
        )


Change = (
    AddLesplaats
    | CloseLesplaats
    | SetLearners
    | AddWorkplaces
    | RecogniseProspects
    | DropExpiring
)


@dataclass(frozen=True)
class Scenario:
    """A small list of changes on top of the data of one programme and date."""

    programme_id: str
    as_of: pd.Timestamp
    changes: tuple[Change, ...] = ()
    related_weight: float = 0.0

    def __post_init__(self) -> None:
        params.weight(self.related_weight)
        object.__setattr__(self, "as_of", pd.Timestamp(self.as_of))

    def with_change(self, change: Change) -> Scenario:
        """Return the scenario with ``change`` added at the end."""
        return replace(self, changes=(*self.changes, change))

    def without(self, position: int) -> Scenario:
        """Return the scenario without its change at ``position`` (0-based)."""
        kept = tuple(c for i, c in enumerate(self.changes) if i != position)
        return replace(self, changes=kept)


def new_location_ids(changes: tuple[Change, ...]) -> list[str]:
    """Return the location ids the scenario's new lesplaatsen get, in order.

    >>> sp = Spot(51.0, 4.0, "11002", "")
    >>> changes = (AddLesplaats(sp, 10), CloseLesplaats("x"), AddLesplaats(sp, 5))
    >>> new_location_ids(changes)
    ['nieuw-1', 'nieuw-2']
    """
    adds = [c for c in changes if isinstance(c, AddLesplaats)]
    return [NEW_LESPLAATS.format(i) for i in range(1, len(adds) + 1)]


def _label(location_id: str, names: dict[str, str] | None) -> str:
    name = (names or {}).get(location_id)
    return f"{name} ({location_id})" if name else location_id


def _where(spot: Spot, place_name: str) -> str:
    if place_name:
        return f"in {place_name}"
    return f"op {number(spot.lat, 4)}° N {number(spot.lng, 4)}° O"
