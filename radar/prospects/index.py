"""Where to look, and the dataset prepared once for fast prospect queries.

``prepare_prospects`` turns a dataset into a ``ProspectIndex`` (~1-2 s at 1M
establishments): NACE codes as integers over the distinct code list, municipalities
as integers, coordinates and recognitions as numpy arrays. A query then only combines
masks: the establishments of an ``Area`` and the recognitions valid on a date.
The costly arrays are stored beside the dataset when it is written (``write_index``)
and read back by ``load_prospects``, which rebuilds them when missing or stale.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from radar.kernel import load
from radar.kernel import schema as s
from radar.kernel.calendar import is_valid_on
from radar.kernel.errors import DataError
from radar.kernel.geo import project_km
from radar.kernel.load import Dataset
from radar.kernel.regions import REGIONS, region_of
from radar.prospects.nace import programme_prefixes

INDEX_NAME = "prospects"
INDEX_VERSION = 1
"""Format of the stored arrays; bump it when ``_costly_arrays`` changes."""
log = logging.getLogger(__name__)
NEAR = "near"
"""The area kind "within a radius of a lesplaats" (beside the region levels)."""
OUT_COLUMNS = (
    s.ESTABLISHMENT_NUMBER,
    s.ENTERPRISE_NUMBER,
    s.NAME,
    s.ADDRESS,
    s.NIS,
    s.NACE_MAIN,
    s.NACE_OTHER,
)


@dataclass(frozen=True)
class Area:
    """Where to look: a region by its reference code, or a radius around a lesplaats."""

    level: str
    """A region level's slug (``provincie``, ``resoc``...) or ``near``."""
    code: str
    radius_km: float = 0.0

    @classmethod
    def parse(cls, text: str) -> Area:
        """Read ``LEVEL:CODE`` as written on the command line.

        >>> Area.parse("resoc:KEMP")
        Area(level='resoc', code='KEMP', radius_km=0.0)
        """
        level, sep, code = text.partition(":")
        slugs = [lvl.slug for lvl in REGIONS]
        if not sep or level not in slugs or not code:
            raise DataError(
                f"gebied {text!r}: schrijf NIVEAU:CODE met NIVEAU een van "
                f"{', '.join(slugs)} (bv. provincie:10000)"
            )
        return cls(level, code)


@dataclass(frozen=True)
class ProspectIndex:
    """A dataset prepared for prospect queries. Read-only; build with
    ``prepare_prospects``. Arrays run over establishments in table order."""

    ds: Dataset
    rows: pa.Table  # OUT_COLUMNS of the establishments, one chunk (fast take)
    codes: np.ndarray  # distinct NACE codes (object), sorted
    main: np.ndarray  # code index of nace_main per establishment (int32, -1 = none)
    other_combo: np.ndarray  # index of the nace_other list per establishment (int32)
    combo_ptr: np.ndarray  # CSR offsets of the distinct nace_other lists
    combo_codes: np.ndarray  # code indices of those lists, concatenated
    main_counts: np.ndarray  # establishments per main code (for the lift base rate)
    mun: np.ndarray  # row of ds.municipalities per establishment (-1 = unknown)
    mun_order: np.ndarray  # positions sorted by municipality (unknown first)
    mun_ptr: np.ndarray  # municipality m holds mun_order[mun_ptr[m+1]:mun_ptr[m+2]]
    lat: np.ndarray
    lng: np.ndarray
    x_km: np.ndarray  # local equirectangular projection, km (for distances)
    y_km: np.ndarray
    employer: np.ndarray  # bool
    tie_rank: np.ndarray  # rank of establishment_number (ties break on it)
    rec_pos: np.ndarray  # establishment position of each recognition (-1 = unknown)
    rec_programme: np.ndarray  # programme id per recognition (object)
    rec_prog: np.ndarray  # programme code per recognition (int32, see prog_code)
    prog_code: dict[str, int]  # programme id -> code
    prefixes: Mapping[str, list[str]]  # programme id -> NACE prefixes
    rec_from: np.ndarray  # valid_from as int64 ns
    rec_to: np.ndarray  # valid_to as int64 ns
    start: np.ndarray  # start_date per establishment as int64 ns (unknown: minimum)

    @property
    def n(self) -> int:
        """Number of establishments."""
        return len(self.main)


class _Prefixes(Mapping[str, list[str]]):
    """Programme id -> NACE prefixes, each read when first asked (reading all 185
    at once costs ~0.4 s of pandas lookups on every load of the index)."""

    def __init__(self, programmes: pd.DataFrame, ids: tuple[str, ...]) -> None:
        self._programmes, self._ids, self._known = programmes, ids, set(ids)
        self._seen: dict[str, list[str]] = {}

    def __getitem__(self, programme_id: str) -> list[str]:
        if programme_id not in self._known:
            raise KeyError(programme_id)
        if programme_id not in self._seen:
            found = programme_prefixes(self._programmes, programme_id)
            self._seen[programme_id] = found
        return self._seen[programme_id]

    def __contains__(self, programme_id: object) -> bool:
        return programme_id in self._known

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)


def _codes_of(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Factorise text values: (codes per row, -1 for missing; sorted uniques)."""
    codes, uniques = pd.factorize(values, sort=True, use_na_sentinel=True)
    return codes.astype(np.int32), np.asarray(uniques, dtype=object)


def _tie_rank(numbers: pa.ChunkedArray) -> np.ndarray:
    """Order key of establishment numbers: the number itself when every one is
    digits and dots of one length (then numeric order is text order), else the rank
    of the text (a sort: ~1 s at 1M rows).

    >>> _tie_rank(pa.chunked_array([["2.000.000.002", "2.000.000.001"]])).tolist()
    [2000000002, 2000000001]
    >>> _tie_rank(pa.chunked_array([["b", "a", "c"]])).tolist()
    [1, 0, 2]
    """
    lengths = pc.utf8_length(numbers)
    if len(numbers) and pc.min_max(lengths)["min"] == pc.min_max(lengths)["max"]:
        try:
            digits = pc.replace_substring(numbers, ".", "")
            return np.asarray(pc.cast(digits, pa.int64()).to_numpy(), dtype=np.int64)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass
    ranks = pc.rank(numbers.combine_chunks(), sort_keys="ascending")
    return np.asarray(ranks.to_numpy(), dtype=np.int64) - 1


def _start_ns(dates: pd.Series) -> np.ndarray:
    """Start dates as int64 ns; an unknown start counts as always active."""
    ns = dates.to_numpy("datetime64[ns]").astype(np.int64)
    return np.where(dates.isna().to_numpy(), np.iinfo(np.int64).min, ns)


def active_establishments(
    index: ProspectIndex, pos: np.ndarray, as_of: object
) -> np.ndarray:
    """Keep the positions of establishments that exist on ``as_of`` (started by then).

    The KBO extract holds active establishments only, so one closed before the
    extract is not in it: a start date is the one date left to check.
    """
    d = pd.Timestamp(as_of).as_unit("ns").value
    return pos[index.start[pos] <= d]


def _costly_arrays(ds: Dataset) -> dict[str, np.ndarray]:
    """The parts of the index that take seconds at 1M establishments: NACE and
    municipality codes, the order by municipality, the tie ranks and where each
    recognition's establishment is. Raises ``DataError`` on a missing or repeated
    establishment number."""
    est = ds.establishments
    numbers = pa.chunked_array(pa.array(est[s.ESTABLISHMENT_NUMBER].array))
    if numbers.null_count or pc.count_distinct(numbers).as_py() < len(est):
        raise DataError(
            "vestigingen: establishment_number ontbreekt of komt dubbel voor"
        )
    other_id, other_lists = _codes_of(est[s.NACE_OTHER].fillna(""))
    split = [[c for c in str(v).split(";") if c] for v in other_lists]
    main_values = est[s.NACE_MAIN]
    main_uniq = pd.unique(main_values.dropna())
    codes = np.array(
        sorted({str(c) for c in main_uniq} | {c for lst in split for c in lst}),
        dtype=object,
    )
    lookup = {c: i for i, c in enumerate(codes)}
    main_id, main_names = _codes_of(main_values)
    main_map = np.array([lookup[str(c)] for c in main_names] + [-1], dtype=np.int32)
    main = main_map[main_id]  # -1 stays -1 via the appended sentinel
    lengths = np.array([len(lst) for lst in split], dtype=np.int64)
    nis_id, nis_names = _codes_of(est[s.NIS])
    mun_index = pd.Index(ds.municipalities[s.NIS].astype(str).to_numpy(dtype=object))
    mun_map = np.append(mun_index.get_indexer(nis_names.astype(str)), -1)
    mun = mun_map[nis_id].astype(np.int32)
    wanted = pa.chunked_array(pa.array(ds.recognitions[s.ESTABLISHMENT_NUMBER].array))
    found = pc.index_in(wanted, value_set=numbers.combine_chunks())
    shifted = mun.astype(np.int64) + 1  # 0 = unknown municipality
    counts = np.bincount(shifted, minlength=len(ds.municipalities) + 1)
    return {
        "codes": codes,
        "main": main,
        "other_combo": other_id,
        "combo_ptr": np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64),
        "combo_codes": np.array(
            [lookup[c] for lst in split for c in lst], dtype=np.int32
        ),
        "main_counts": np.bincount(main[main >= 0], minlength=len(codes)),
        "mun": mun,
        "mun_order": np.argsort(shifted, kind="stable"),
        "mun_ptr": np.concatenate([[0], np.cumsum(counts)]).astype(np.int64),
        "tie_rank": _tie_rank(numbers),
        "rec_pos": found.fill_null(-1).to_numpy().astype(np.int64),
    }


def _index_from(ds: Dataset, a: dict[str, np.ndarray]) -> ProspectIndex:
    est, rec = ds.establishments, ds.recognitions
    # Parquet gives chunked columns, and taking rows across chunks costs ~150 ms at
    # 1M rows; one chunk makes it a few ms.
    rows = pa.table({c: pa.array(est[c].array) for c in OUT_COLUMNS}).combine_chunks()
    x_km, y_km = project_km(est[s.LAT].to_numpy(float), est[s.LNG].to_numpy(float))
    prog_ids = [str(p) for p in ds.programmes[s.PROGRAMME_ID]]
    prog_code = {p: i for i, p in enumerate(prog_ids)}
    rec_programme = rec[s.PROGRAMME_ID].to_numpy(dtype=object)
    rec_prog = np.array([prog_code.get(str(p), -1) for p in rec_programme], np.int32)
    return ProspectIndex(
        ds=ds,
        rows=rows,
        codes=a["codes"],
        main=a["main"],
        other_combo=a["other_combo"],
        combo_ptr=a["combo_ptr"],
        combo_codes=a["combo_codes"],
        main_counts=a["main_counts"],
        mun=a["mun"],
        mun_order=a["mun_order"],
        mun_ptr=a["mun_ptr"],
        lat=est[s.LAT].to_numpy(float),
        lng=est[s.LNG].to_numpy(float),
        x_km=x_km,
        y_km=y_km,
        employer=est[s.IS_EMPLOYER].fillna(False).to_numpy(bool),
        start=_start_ns(est[s.START_DATE]),
        tie_rank=a["tie_rank"],
        rec_pos=a["rec_pos"],
        rec_programme=rec_programme,
        rec_prog=rec_prog,
        prog_code=prog_code,
        prefixes=_Prefixes(ds.programmes, tuple(prog_code)),
        rec_from=rec[s.VALID_FROM].to_numpy("datetime64[ns]").astype(np.int64),
        rec_to=rec[s.VALID_TO].to_numpy("datetime64[ns]").astype(np.int64),
    )


def prepare_prospects(ds: Dataset) -> ProspectIndex:
    """Index a dataset for fast prospect queries (once per dataset, ~1-2 s at 1M)."""
    return _index_from(ds, _costly_arrays(ds))


def _fits(ds: Dataset, a: dict[str, np.ndarray]) -> bool:
    """Tell whether stored arrays have the shapes of this dataset."""
    n, n_mun = len(ds.establishments), len(ds.municipalities)
    try:
        return (
            all(len(a[k]) == n for k in ("main", "other_combo", "mun", "tie_rank"))
            and len(a["mun_order"]) == n
            and len(a["rec_pos"]) == len(ds.recognitions)
            and len(a["mun_ptr"]) == n_mun + 2
            and len(a["main_counts"]) == len(a["codes"])
            and int(a["combo_ptr"][-1]) == len(a["combo_codes"])
        )
    except (KeyError, IndexError, TypeError):
        return False


def write_index(ds: Dataset, folder: Path) -> ProspectIndex:
    """Build the prospect index of the dataset written at ``folder``, store its
    costly arrays there (``radar.kernel.load.write_index``) and return it."""
    arrays = _costly_arrays(ds)
    load.write_index(folder, INDEX_NAME, INDEX_VERSION, arrays)
    return _index_from(ds, arrays)


def load_prospects(ds: Dataset, folder: Path) -> ProspectIndex:
    """The prospect index of the dataset read from ``folder``: its stored arrays
    when they are there, current and of this dataset's shape, else rebuilt and
    written back (a folder that cannot be written is logged, not an error)."""
    stored = load.read_index(folder, INDEX_NAME, INDEX_VERSION)
    if stored is not None and _fits(ds, stored):
        return _index_from(ds, stored)
    try:
        return write_index(ds, folder)
    except OSError as exc:
        log.warning("prospect index of %s not stored: %s", folder, exc)
        return prepare_prospects(ds)


def area_positions(index: ProspectIndex, area: Area) -> np.ndarray:
    """Return the positions of the establishments in a region level area."""
    mun = index.ds.municipalities
    column = region_of(area.level).code_column
    inside = np.flatnonzero(mun[column].astype(str) == area.code)
    if not len(inside):
        raise DataError(f"onbekend gebied {area.level}:{area.code}")
    ptr = index.mun_ptr
    return np.concatenate([index.mun_order[ptr[m + 1] : ptr[m + 2]] for m in inside])


def area_mask(index: ProspectIndex, area: Area, pos: np.ndarray) -> np.ndarray:
    """Tell which establishments (at positions ``pos``) lie in a region level area."""
    mun = index.ds.municipalities
    column = region_of(area.level).code_column
    inside = np.append(mun[column].astype(str).to_numpy() == area.code, False)
    if not inside.any():
        raise DataError(f"onbekend gebied {area.level}:{area.code}")
    return np.asarray(inside[index.mun[pos]])


def active_mask(index: ProspectIndex, as_of: pd.Timestamp) -> np.ndarray:
    """Tell which recognitions count on ``as_of`` (valid_from <= d < valid_to)."""
    d = pd.Timestamp(as_of).as_unit("ns").value
    return is_valid_on(index.rec_from, index.rec_to, d)


def recognised_positions(
    index: ProspectIndex, programme_id: str, as_of: pd.Timestamp
) -> np.ndarray:
    """Return the establishment positions recognised for a programme on a date."""
    code = index.prog_code.get(programme_id, -2)
    sel = (index.rec_prog == code) & active_mask(index, as_of) & (index.rec_pos >= 0)
    return np.unique(index.rec_pos[sel])


def warm_positions(
    index: ProspectIndex, programme_id: str, as_of: pd.Timestamp
) -> tuple[np.ndarray, np.ndarray]:
    """Return positions (recognised for another programme on d, formerly for P);
    an establishment may appear more than once."""
    known = index.rec_pos >= 0
    is_p = index.rec_prog == index.prog_code.get(programme_id, -2)
    d = pd.Timestamp(as_of).as_unit("ns").value
    other = index.rec_pos[active_mask(index, as_of) & ~is_p & known]
    former = index.rec_pos[is_p & (index.rec_to <= d) & known]
    return other, former
