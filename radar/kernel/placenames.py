"""Place names: find a gemeente by name or postcode, name hexagons after a gemeente,
and the centrumsteden shown as labels on the maps.

Names are compared after ``normalise`` (case, accents, punctuation and the "St."
abbreviation of "Sint" do not matter), so "st niklaas", "Sint-Niklaas" and
"SINT NIKLAAS" find the same gemeente. Everything works on the reference tables of a
dataset (``municipalities``: nis, name_nl, lat, lng; ``postal_codes``: postcode, nis,
lat, lng); nothing is read from disk.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import h3
import numpy as np
import pandas as pd

from radar.kernel import schema as s
from radar.kernel.geo import haversine_km, project_km

CENTRUMSTEDEN: tuple[str, ...] = (
    "Aalst",
    "Antwerpen",
    "Brugge",
    "Genk",
    "Gent",
    "Hasselt",
    "Kortrijk",
    "Leuven",
    "Mechelen",
    "Oostende",
    "Roeselare",
    "Sint-Niklaas",
    "Turnhout",
)
"""The 13 Flemish centrumsteden (Vlaamse overheid, Stedenfonds / centrumsteden)."""
CAPITAL = "Brussel"
LABELLED: tuple[str, ...] = (*CENTRUMSTEDEN, CAPITAL)
"""The places labelled on every map: the centrumsteden plus Brussel."""
CENTRUMSTEDEN_SOURCE = "Vlaamse overheid, Stedenfonds / centrumsteden"

_SAINT = re.compile(r"\b(st|ste)\b\.?")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def normalise(name: object) -> str:
    """Fold a place name for comparison: lower case, no accents or punctuation,
    "St." and "Ste." written out as "sint".

    >>> normalise("St.-Niklaas"), normalise("  SINT  niklaas "), normalise("Hélécine")
    ('sint niklaas', 'sint niklaas', 'helecine')
    >>> normalise("'s-Gravenbrakel"), normalise("St.Truiden")
    ('s gravenbrakel', 'sint truiden')
    """
    text = unicodedata.normalize("NFKD", str(name))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = _SAINT.sub(" sint ", text)
    return _NON_WORD.sub(" ", text).strip()


@dataclass(frozen=True)
class Place:
    """A place found by ``find_places``: the gemeente and the point to centre on."""

    nis: str
    name: str
    lat: float
    lng: float
    postcode: str | None = None
    """The postcode searched for, when the place was found by postcode."""

    @property
    def label(self) -> str:
        """How the place is named on a page ("8800 Roeselare", "Roeselare")."""
        return f"{self.postcode} {self.name}" if self.postcode else self.name


Match = Literal["exact", "prefix", "contains"]


def find_places(
    query: str, municipalities: pd.DataFrame, postal_codes: pd.DataFrame
) -> list[Place]:
    """Return the gemeenten a search text names, best match first.

    A 4-digit text is a postcode (one place per gemeente it covers, centred on the
    postcode's point); a 5-digit text a NIS code; any other text a name: exact
    matches of the normalised name first, then names starting with it, then names
    containing it, each group in alphabetical order. No match gives an empty list.
    """
    text = str(query).strip()
    if not text:
        return []
    names = municipalities.set_index(s.NIS)[s.NAME_NL]
    if re.fullmatch(r"\d{4}", text):
        rows = postal_codes[postal_codes[s.POSTCODE].astype(str) == text]
        rows = rows[rows[s.NIS].isin(names.index)].drop_duplicates(s.NIS)
        return [
            Place(str(n), str(names[n]), float(a), float(b), text)
            for n, a, b in zip(rows[s.NIS], rows[s.LAT], rows[s.LNG], strict=True)
        ]
    if re.fullmatch(r"\d{5}", text):
        found = municipalities[municipalities[s.NIS].astype(str) == text]
        return [_place(row) for _, row in found.iterrows()]
    wanted = normalise(text)
    if not wanted:
        return []
    folded = municipalities[s.NAME_NL].map(normalise)
    groups: dict[Match, pd.Series] = {
        "exact": folded == wanted,
        "prefix": folded.str.startswith(wanted),
        "contains": folded.str.contains(wanted, regex=False),
    }
    seen: set[str] = set()
    out: list[Place] = []
    for mask in groups.values():
        for _, row in municipalities[mask].sort_values(s.NAME_NL).iterrows():
            if str(row[s.NIS]) not in seen:
                seen.add(str(row[s.NIS]))
                out.append(_place(row))
    return out


def _place(row: pd.Series) -> Place:
    return Place(
        str(row[s.NIS]), str(row[s.NAME_NL]), float(row[s.LAT]), float(row[s.LNG])
    )


def nearest_municipality(
    lat: np.ndarray, lng: np.ndarray, municipalities: pd.DataFrame
) -> np.ndarray:
    """Return the nis of the gemeente whose point is nearest to each point.

    Distances on the local projection (``geo.project_km``); ties go to the first
    gemeente in the table.
    """
    lat = np.atleast_1d(np.asarray(lat, dtype=float))
    lng = np.atleast_1d(np.asarray(lng, dtype=float))
    if not len(lat):
        return np.array([], dtype=object)
    px, py = project_km(lat, lng)
    mx, my = project_km(
        municipalities[s.LAT].to_numpy(float), municipalities[s.LNG].to_numpy(float)
    )
    d2 = (px[:, None] - mx[None, :]) ** 2 + (py[:, None] - my[None, :]) ** 2
    codes = municipalities[s.NIS].astype(str).to_numpy(dtype=object)
    return codes[np.argmin(d2, axis=1)]


def cell_municipalities(
    cells: pd.Series | np.ndarray | list[str],
    cell_nis: Mapping[str, str] | pd.Series,
    municipalities: pd.DataFrame,
) -> pd.DataFrame:
    """Name each H3 cell after a gemeente: the one ``cell_nis`` gives (the gemeente
    most of the cell's points lie in), else the gemeente point nearest the cell's
    centre. Returns columns ``nis`` and ``name`` in the order of ``cells``.
    """
    codes = pd.Series(np.asarray(cells, dtype=object))
    known = pd.Series(cell_nis, dtype=object)
    # object dtype: when no cell is known, map() gives float NaN, which could not
    # take the codes of the nearest gemeenten below
    nis = codes.map(known).astype(object)
    missing = nis.isna().to_numpy()
    if missing.any():
        centres = [h3.cell_to_latlng(c) for c in codes[missing]]
        lat = np.array([c[0] for c in centres], dtype=float)
        lng = np.array([c[1] for c in centres], dtype=float)
        nis[missing] = nearest_municipality(lat, lng, municipalities)
    names = municipalities.set_index(municipalities[s.NIS].astype(str))[s.NAME_NL]
    nis = nis.astype(str)
    return pd.DataFrame({s.NIS: nis.to_numpy(), "name": nis.map(names).to_numpy()})


def near_place(
    lat: np.ndarray,
    lng: np.ndarray,
    nis: np.ndarray | pd.Series | None,
    place: Place,
    radius_km: float,
) -> np.ndarray:
    """Tell which points belong to a place's neighbourhood: in its gemeente (when
    ``nis`` is given) or within ``radius_km`` of its point."""
    lat = np.asarray(lat, dtype=float)
    lng = np.asarray(lng, dtype=float)
    close = haversine_km(
        lat, lng, np.full_like(lat, place.lat), np.full_like(lng, place.lng)
    )
    inside = np.asarray(close) <= radius_km
    if nis is not None:
        inside |= np.asarray(pd.Series(nis).astype(str)) == place.nis
    return inside


def labelled_places(municipalities: pd.DataFrame) -> pd.DataFrame:
    """Return the centrumsteden and Brussel found in ``municipalities`` by name
    (columns nis, name, lat, lng; in the order of ``LABELLED``). A name the
    reference lacks is left out."""
    folded = municipalities[s.NAME_NL].map(normalise)
    rows = []
    for name in LABELLED:
        hit = municipalities[folded == normalise(name)]
        if len(hit):
            row = hit.iloc[0]
            rows.append((str(row[s.NIS]), str(row[s.NAME_NL]), row[s.LAT], row[s.LNG]))
    return pd.DataFrame(rows, columns=[s.NIS, "name", s.LAT, s.LNG]).astype(
        {s.LAT: float, s.LNG: float}
    )
