"""Read ``address.csv``: the establishment (BAET) address of each establishment, placed.

Each row's place depends on its postcode and municipality only, so ``places.locate``
runs once per distinct pair (a few thousand) rather than once per row; the address
text is built with arrow compute. Nothing becomes a Python object per row.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from radar.ingest import places
from radar.ingest.arrowcsv import Progress, dotted, reject_frame
from radar.ingest.kbo_source import Source
from radar.ingest.kbo_tables import (
    check_numbers,
    flags,
    objects,
    read_file,
    repeated,
    rows,
)
from radar.kernel import schema as s

FOREIGN = "adres buiten België"
OUT_OF_REGION = "buiten Vlaanderen en Brussel"


@dataclass
class Addresses:
    """Placed establishment (BAET) addresses, one per establishment, sorted by
    establishment; text columns stay arrow arrays (no Python objects)."""

    est: np.ndarray
    line: np.ndarray
    address: pa.Array
    nis: pa.Array
    lat: np.ndarray
    lng: np.ndarray
    point_source: pa.Array


def _first_of(codes: np.ndarray, groups: int) -> np.ndarray:
    """Position of the first row of each group code 0..groups-1."""
    first = np.empty(groups, dtype=np.int64)
    first[codes[::-1]] = np.arange(len(codes) - 1, -1, -1, dtype=np.int64)
    return first


def _combos(a: pa.Array, b: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Group rows by the pair of texts (a, b): each row's group code and the first
    row of every group."""
    codes = np.zeros(len(a), dtype=np.int64)
    for col in (a, b):
        enc = pc.dictionary_encode(col)
        idx = np.asarray(enc.indices.to_numpy(zero_copy_only=False), dtype=np.int64)
        codes = codes * max(len(enc.dictionary), 1) + idx
    group, uniq = pd.factorize(codes)
    return group, _first_of(group, len(uniq))


def _place(
    postcode: pa.Array, municipality: pa.Array, reference: dict[str, pd.DataFrame]
) -> tuple[pd.DataFrame, np.ndarray]:
    """``places.locate`` of each distinct (postcode, municipality), and per row the
    index of its pair (a row's place depends on those two values only)."""
    group, first = _combos(postcode, municipality)
    where = places.locate(
        len(first),
        reference,
        postcode=pd.Series(objects(pc.take(postcode, pa.array(first)))),
        municipality=pd.Series(objects(pc.take(municipality, pa.array(first)))),
    )
    return where, group


def read_addresses(
    src: Source, reference: dict[str, pd.DataFrame], progress: Progress
) -> tuple[Addresses, list[pd.DataFrame], tuple[np.ndarray, np.ndarray], np.ndarray]:
    """Establishment (BAET) addresses, placed; their rejects; the establishments
    outside the app's area (numbers and reasons); and every establishment number
    that has a BAET row (sorted)."""
    name = "address.csv"
    file = src.display(name)

    def keep(batch: pa.RecordBatch) -> pa.Array:
        kind = batch.column(batch.schema.get_field_index("TypeOfAddress"))
        return pc.equal(pc.utf8_trim_whitespace(kind), "BAET").to_numpy(
            zero_copy_only=False
        )

    st = read_file(src, name, keep, progress)
    t = st.table
    rejects = [st.rejects]
    est, ok, rj = check_numbers(t, "EntityNumber", "2", st.lines, file)
    rejects += rj
    sel = np.flatnonzero(ok)
    est, line = est[sel], st.lines[sel]
    dup = repeated(est)
    if dup.any():
        rejects.append(
            reject_frame(
                file,
                line[dup],
                "EntityNumber",
                "duplicate_key",
                "dubbel vestigingsadres (BAET) voor dezelfde vestiging",
                dotted(est[dup], "establishment"),
            )
        )
    sel, est, line = sel[~dup], est[~dup], line[~dup]
    with_row = np.sort(est)
    country = _trimmed(t, "CountryNL", sel)
    foreign = flags(pc.not_equal(country, ""))
    out_est, out_why = [est[foreign]], [np.full(int(foreign.sum()), FOREIGN, object)]
    sel, est, line = sel[~foreign], est[~foreign], line[~foreign]
    postcode = _trimmed(t, "Zipcode", sel)
    municipality = _pick(_trimmed(t, "MunicipalityNL", sel), t, "MunicipalityFR", sel)
    where, group = _place(postcode, municipality, reference)
    problem = where["problem"].to_numpy(dtype=object)
    unknown = (problem == places.UNKNOWN_POSTCODE)[group]
    if unknown.any():
        rejects.append(
            reject_frame(
                file,
                line[unknown],
                "Zipcode",
                places.UNKNOWN_POSTCODE,
                places.REASONS[places.UNKNOWN_POSTCODE],
                rows(postcode, unknown),
            )
        )
    away = (problem == places.OUT_OF_REGION)[group]
    out_est.append(est[away])
    out_why.append(np.full(int(away.sum()), OUT_OF_REGION, object))
    kept = np.asarray(pd.isna(problem))[group]
    take = pa.array(np.flatnonzero(kept))
    street = _pick(_trimmed(t, "StreetNL", sel), t, "StreetFR", sel)
    address = _address(
        [pc.take(c, take) for c in (street, postcode, municipality)],
        [pc.take(_trimmed(t, c, sel), take) for c in ("HouseNumber", "Box")],
    )
    group, est, line = group[kept], est[kept], line[kept]
    order = np.argsort(est, kind="stable")
    at = pa.array(order)
    placed = Addresses(
        est=est[order],
        line=line[order],
        address=pc.take(address, at),
        nis=pc.take(_strings(where[s.NIS]), pa.array(group[order])),
        lat=where[s.LAT].to_numpy(dtype=float)[group[order]],
        lng=where[s.LNG].to_numpy(dtype=float)[group[order]],
        point_source=pc.take(
            _strings(where[places.POINT_SOURCE]), pa.array(group[order])
        ),
    )
    outside = (np.concatenate(out_est), np.concatenate(out_why))
    return placed, rejects, outside, with_row


def _strings(values: pd.Series) -> pa.Array:
    """A column of Python strings as an arrow string array."""
    return pa.array(values.to_numpy(dtype=object), pa.string())


def _trimmed(t: pa.Table, name: str, sel: np.ndarray) -> pa.Array:
    """Column ``name`` of the rows ``sel``, trimmed ("" when the file lacks it)."""
    if name not in t.column_names:
        return pa.array([""] * len(sel), pa.string())
    col = pc.take(t[name], pa.array(sel))
    return pc.utf8_trim_whitespace(col).combine_chunks()


def _pick(a: pa.Array, t: pa.Table, other: str, sel: np.ndarray) -> pa.Array:
    """``a``, or column ``other`` where ``a`` is empty (Dutch, else French)."""
    empty = pc.equal(a, "")
    if not pc.any(empty).as_py():
        return a
    return pc.if_else(empty, _trimmed(t, other, sel), a)


def _address(parts: list[pa.Array], extra: list[pa.Array]) -> pa.Array:
    """``street house[ bus box], postcode municipality``, trimmed of spaces and
    commas at either end."""
    street, postcode, municipality = parts
    house, box = extra
    bus = pc.if_else(
        pc.equal(box, ""), "", pc.binary_join_element_wise(" bus ", box, "")
    )
    text = pc.binary_join_element_wise(
        street, " ", house, bus, ", ", postcode, " ", municipality, ""
    )
    return pc.utf8_trim(text, characters=" ,")
