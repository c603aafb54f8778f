"""What a scenario starts from, and how the user's words become changes.

``base`` gathers the supply and demand of one programme and date (the same calls
as Vraag & aanbod: ``programme_supply``, ``programme_demand``) with the lookups a
change needs: gemeente points and population, the gemeente of a res-7 cell, the
programme's recognitions, and the establishments (for prospects). The builders
(``add_lesplaats``, ``add_workplaces``, ``recognise``, ``drop_expiring``) resolve a
gemeente, an area, a prospect or a date into the points the change carries.

An area's new workplaces are spread over its gemeenten by population (a gemeente's
point gets M x its share of the area's inhabitants): the reference holds no better
guess of where companies would come.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from radar.kernel import params
from radar.kernel import schema as s
from radar.kernel.calendar import valid_on
from radar.kernel.errors import DataError
from radar.kernel.format import number
from radar.kernel.geo import haversine_km
from radar.kernel.hexgrid import cells_to_parent, points_to_cells
from radar.kernel.regions import MUNICIPALITY, region_codes, region_names, region_of
from radar.scenario.changes import (
    AddLesplaats,
    AddWorkplaces,
    DropExpiring,
    RecogniseProspects,
    Spot,
    day,
    learners,
    point,
    workplaces,
)
from radar.supply_demand.analysis import ACCESS_RES, Prepared
from radar.supply_demand.catchment import ID, SUPPLY
from radar.supply_demand.demand import programme_demand
from radar.supply_demand.supply import programme_supply, related_ids


@dataclass(frozen=True)
class Base:
    """Supply and demand of one programme and date, with what building changes
    needs. Treat as read-only (the frames may be shared with a cache)."""

    programme_id: str
    as_of: pd.Timestamp
    related_weight: float
    supply: pd.DataFrame
    demand: pd.DataFrame
    municipalities: pd.DataFrame
    cell_nis: pd.Series
    programmes: pd.DataFrame
    recognitions: pd.DataFrame
    """Recognitions of the programme and its related programmes (all dates)."""
    establishments: pd.DataFrame | None = None
    """The establishments (for prospects becoming recognised); None: not offered."""

    @property
    def location_names(self) -> dict[str, str]:
        """Location id -> school name of the base's lesplaatsen."""
        return dict(
            zip(
                self.demand[ID].astype(str),
                self.demand[s.SCHOOL_NAME].astype(str),
                strict=True,
            )
        )


def base(
    prep: Prepared,
    programme_id: str,
    as_of: pd.Timestamp,
    related_weight: float = 0.0,
    establishments: pd.DataFrame | None = None,
) -> Base:
    """Return the base of a scenario: supply and demand as Vraag & aanbod has them.

    The programme and date are checked (``params.programme``); ``related_weight``
    in [0, 1] counts workplaces recognised only for a related programme.
    """
    as_of = pd.Timestamp(as_of)
    params.programme(programme_id, prep.programmes, as_of)
    weight = params.weight(related_weight)
    ids = [programme_id]
    if weight > 0:
        ids += related_ids(prep.programmes, programme_id)
    parts = [prep.recognitions[i] for i in ids if i in prep.recognitions]
    recs = pd.concat(parts, ignore_index=True) if parts else prep.no_recognitions
    offers = prep.offerings.get(programme_id, prep.no_offerings)
    return Base(
        programme_id=programme_id,
        as_of=as_of,
        related_weight=weight,
        supply=programme_supply(recs, prep.programmes, programme_id, as_of, weight),
        demand=programme_demand(offers, programme_id, as_of, prep.cohorts),
        municipalities=prep.municipalities,
        cell_nis=prep.cell_nis,
        programmes=prep.programmes,
        recognitions=recs,
        establishments=establishments,
    )


def spots_at(
    b: Base, lat: np.ndarray, lng: np.ndarray, amount: np.ndarray, ids: np.ndarray
) -> tuple[Spot, ...]:
    """Resolve points: their res-8 cell and gemeente (that of their res-7 cell, else
    the gemeente with the nearest point)."""
    lat, lng = np.asarray(lat, dtype=float), np.asarray(lng, dtype=float)
    if len(lat) == 0:
        return ()
    cells = points_to_cells(lat, lng)
    parents = cells_to_parent(cells, ACCESS_RES)
    nis = pd.Series(parents).map(b.cell_nis).to_numpy(dtype=object)
    missing = pd.isna(nis)
    if missing.any():
        m = b.municipalities
        mlat, mlng = m[s.LAT].to_numpy(float), m[s.LNG].to_numpy(float)
        for i in np.flatnonzero(missing):
            d = haversine_km(lat[i], lng[i], mlat, mlng)
            nis[i] = str(m[s.NIS].iloc[int(np.argmin(d))])
    return tuple(
        Spot(float(a), float(o), str(n), str(c), float(w), str(i))
        for a, o, n, c, w, i in zip(lat, lng, nis, cells, amount, ids, strict=True)
    )


def municipality_point(b: Base, nis: str) -> tuple[float, float, str]:
    """Return (lat, lng, name) of a gemeente's point; ``DataError`` if unknown."""
    rows = b.municipalities.loc[b.municipalities[s.NIS] == str(nis)]
    if rows.empty:
        raise DataError(f"onbekende gemeente {nis!r} (NIS-code, bv. 11002)")
    row = rows.iloc[0]
    return float(row[s.LAT]), float(row[s.LNG]), str(row[s.NAME_NL])


def add_lesplaats(
    b: Base,
    n_learners: object,
    lat: object = None,
    lng: object = None,
    municipality: str | None = None,
) -> AddLesplaats:
    """Build a new lesplaats at a point (``lat``, ``lng``) or a gemeente's point."""
    n = learners(n_learners)
    if municipality:
        la, ln, name = municipality_point(b, municipality)
        spot = spots_at(b, np.array([la]), np.array([ln]), np.ones(1), np.array([""]))
        return AddLesplaats(spot[0], n, str(municipality), name)
    if lat is None and lng is None:
        raise DataError("lesplaats: geef een punt (breedte, lengte) of een gemeente")
    la, ln = point(lat, lng, "lesplaats")
    spot = spots_at(b, np.array([la]), np.array([ln]), np.ones(1), np.array([""]))
    return AddLesplaats(spot[0], n)


def area_spread(b: Base, area: str) -> tuple[pd.DataFrame, str]:
    """Return the gemeenten of an area ``LEVEL:CODE`` with their share of its
    inhabitants (columns nis, lat, lng, share), and the area's Dutch name."""
    level_text, _, code = area.partition(":")
    level = region_of(level_text)
    m = b.municipalities
    inside = region_codes(m[s.NIS], level, m) == code
    if not inside.any():
        raise DataError(f"onbekend gebied {area!r} (bv. gemeente:11002, resoc:KEMP)")
    rows = m.loc[inside].sort_values(s.NIS)
    people = rows[s.POPULATION].astype(float).fillna(0.0).to_numpy()
    share = people / people.sum() if people.sum() > 0 else np.full(len(rows), 1.0)
    share = share / share.sum()
    name = region_names(m, level).get(code, code)
    label = name if level == MUNICIPALITY else f"{level.noun} {name}"
    out = pd.DataFrame(
        {
            s.NIS: rows[s.NIS].astype(str).to_numpy(),
            s.LAT: rows[s.LAT].to_numpy(float),
            s.LNG: rows[s.LNG].to_numpy(float),
            "share": share,
        }
    )
    return out, label


def add_workplaces(
    b: Base,
    count: object,
    lat: object = None,
    lng: object = None,
    area: str | None = None,
) -> AddWorkplaces:
    """Build M new workplaces at a point, or in an area ``LEVEL:CODE`` (spread over
    its gemeenten by population)."""
    m = workplaces(count)
    if area:
        spread, name = area_spread(b, area)
        spots = spots_at(
            b,
            spread[s.LAT].to_numpy(),
            spread[s.LNG].to_numpy(),
            m * spread["share"].to_numpy(),
            np.full(len(spread), ""),
        )
        return AddWorkplaces(m, spots, area, name)
    if lat is None and lng is None:
        raise DataError("werkplekken: geef een punt (breedte, lengte) of een gebied")
    la, ln = point(lat, lng, "werkplekken")
    spots = spots_at(b, np.array([la]), np.array([ln]), np.array([m]), np.array([""]))
    return AddWorkplaces(m, spots)


def recognise(
    b: Base, numbers: list[str] | tuple[str, ...], label: str = ""
) -> RecogniseProspects:
    """Build "these establishments become recognised" from establishment numbers."""
    if b.establishments is None:
        raise DataError("prospecten: de vestigingen zijn niet geladen")
    wanted = list(dict.fromkeys(str(n).strip() for n in numbers if str(n).strip()))
    if not wanted:
        raise DataError("prospecten: geen vestigingsnummers gegeven")
    est = b.establishments
    rows = est.loc[est[s.ESTABLISHMENT_NUMBER].isin(wanted)]
    rows = rows.drop_duplicates(s.ESTABLISHMENT_NUMBER).set_index(
        s.ESTABLISHMENT_NUMBER
    )
    unknown = [n for n in wanted if n not in rows.index]
    if unknown:
        raise DataError(f"onbekende vestiging(en): {', '.join(unknown[:5])}")
    rows = rows.loc[wanted]
    if not label:
        label = _prospects_label(b, rows[s.NIS].astype(str).tolist())
    spots = spots_at(
        b,
        rows[s.LAT].to_numpy(float),
        rows[s.LNG].to_numpy(float),
        np.ones(len(rows)),
        np.asarray(wanted, dtype=object),
    )
    return RecogniseProspects(spots, label)


def _prospects_label(b: Base, nis: list[str]) -> str:
    """Say where prospects are: "10 prospecten in Beernem", "5 prospecten in Gent,
    Lochristi en 3 andere"."""
    names = region_names(b.municipalities, MUNICIPALITY)
    places_ = [names.get(n, n) for n in dict.fromkeys(nis)]
    what = f"{number(len(nis))} prospect{'en' if len(nis) != 1 else ''}"
    if len(places_) == 1:
        where = places_[0]
    elif len(places_) <= 3:
        where = ", ".join(places_[:-1]) + " en " + places_[-1]
    else:
        where = f"{places_[0]}, {places_[1]} en {number(len(places_) - 2)} andere"
    return f"{what} in {where}"


def drop_expiring(b: Base, before: object) -> DropExpiring:
    """Build "recognitions ending on or before ``before`` are not renewed".

    The supply is rebuilt from the recognitions still valid on ``before`` (the same
    ``programme_supply``), so an establishment that keeps only a related recognition
    drops to the related weight.
    """
    d = day(before, "vervallen vóór")
    if d <= b.as_of:
        raise DataError(
            f"vervallen vóór: {d:%d-%m-%Y} moet na de peildatum "
            f"{b.as_of:%d-%m-%Y} liggen"
        )
    kept = valid_on(valid_on(b.recognitions, b.as_of), d)
    after = programme_supply(
        kept, b.programmes, b.programme_id, b.as_of, b.related_weight
    )
    new = pd.Series(after[SUPPLY].to_numpy(float), index=after[ID].astype(str))
    old = pd.Series(b.supply[SUPPLY].to_numpy(float), index=b.supply[ID].astype(str))
    now = new.reindex(old.index, fill_value=0.0)
    moved = now[now != old]
    return DropExpiring(d, tuple((str(i), float(w)) for i, w in moved.items()))
