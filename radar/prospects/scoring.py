"""Prospect scoring: which establishments could become workplaces for a programme.

Candidates for programme P in an area on date d: establishments whose main or other
NACE code starts with one of P's ``nace_prefixes``, minus every establishment
recognised for P on d. Each gets five factors in [0, 1]:

- nace: 1 when the main activity matches, ``prospect_other_activity`` when only another
  activity does;
- lift: how much more often its main NACE code occurs among the establishments
  recognised for P than among all establishments, smoothed towards 1 with
  ``prospect_lift_smoothing`` pseudo-establishments at the base rate,
  ``lift = ((n_Pc + a p_c) / (n_P + a)) / p_c`` with ``p_c = N_c / N``, mapped to
  ``max(0, 1 - 1 / lift)`` (lift 1 or less gives 0, lift 2 gives 0.5);
- distance: ``max_j w_j exp(-d_ij / prospect_distance_km)`` over the lesplaatsen j of
  P, with w_j = 1 for a lesplaats with a shortage and ``prospect_no_shortage``
  otherwise;
- employer: 1 when the establishment has staff (RSZ activity group), else 0;
- warm: 1 when it is recognised for another programme on d, or was recognised for P
  before d (expired), else 0.

score = sum(w_f * f) / sum(w_f) with the ``prospect_weight_*`` settings, rounded to six
decimals; the ranking sorts on score (descending), then establishment_number.

Everything heavy is prepared once per dataset (``prepare_prospects``): NACE codes as
integers over the distinct code list, municipalities as integers, coordinates and
recognitions as numpy arrays. A query then only combines masks.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from radar.kernel import schema as s
from radar.kernel.calendar import is_valid_on
from radar.kernel.errors import DataError
from radar.kernel.geo import project_km, within_km
from radar.kernel.load import Dataset
from radar.kernel.regions import REGIONS, region_of
from radar.kernel.settings import Settings

NEAR = "near"
"""The area kind "within a radius of a lesplaats" (beside the region levels)."""
FACTORS = ("nace", "lift", "distance", "employer", "warm")
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
    prefixes: dict[str, list[str]]  # programme id -> NACE prefixes
    rec_from: np.ndarray  # valid_from as int64 ns
    rec_to: np.ndarray  # valid_to as int64 ns

    @property
    def n(self) -> int:
        """Number of establishments."""
        return len(self.main)


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


def prepare_prospects(ds: Dataset) -> ProspectIndex:
    """Index a dataset for fast prospect queries (once per dataset, ~1-2 s at 1M)."""
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
    combo_ptr = np.concatenate([[0], np.cumsum(lengths)])
    combo_codes = np.array([lookup[c] for lst in split for c in lst], dtype=np.int32)
    nis_id, nis_names = _codes_of(est[s.NIS])
    mun_index = pd.Index(ds.municipalities[s.NIS].astype(str).to_numpy(dtype=object))
    mun_map = np.append(mun_index.get_indexer(nis_names.astype(str)), -1)
    mun = mun_map[nis_id].astype(np.int32)
    rec = ds.recognitions
    wanted = pa.chunked_array(pa.array(rec[s.ESTABLISHMENT_NUMBER].array))
    found = pc.index_in(wanted, value_set=numbers.combine_chunks())
    rec_pos = found.fill_null(-1).to_numpy().astype(np.int64)
    # Parquet gives chunked columns, and taking rows across chunks costs ~150 ms at
    # 1M rows; one chunk makes it a few ms.
    rows = pa.table({c: pa.array(est[c].array) for c in OUT_COLUMNS}).combine_chunks()
    x_km, y_km = project_km(est[s.LAT].to_numpy(float), est[s.LNG].to_numpy(float))
    shifted = mun.astype(np.int64) + 1  # 0 = unknown municipality
    counts = np.bincount(shifted, minlength=len(ds.municipalities) + 1)
    prog_ids = [str(p) for p in ds.programmes[s.PROGRAMME_ID]]
    prog_code = {p: i for i, p in enumerate(prog_ids)}
    rec_programme = rec[s.PROGRAMME_ID].to_numpy(dtype=object)
    rec_prog = np.array([prog_code.get(str(p), -1) for p in rec_programme], np.int32)
    return ProspectIndex(
        ds=ds,
        rows=rows,
        codes=codes,
        main=main,
        other_combo=other_id,
        combo_ptr=combo_ptr,
        combo_codes=combo_codes,
        main_counts=np.bincount(main[main >= 0], minlength=len(codes)),
        mun=mun,
        mun_order=np.argsort(shifted, kind="stable"),
        mun_ptr=np.concatenate([[0], np.cumsum(counts)]),
        lat=est[s.LAT].to_numpy(float),
        lng=est[s.LNG].to_numpy(float),
        x_km=x_km,
        y_km=y_km,
        employer=est[s.IS_EMPLOYER].fillna(False).to_numpy(bool),
        tie_rank=_tie_rank(numbers),
        rec_pos=rec_pos.astype(np.int64),
        rec_programme=rec_programme,
        rec_prog=rec_prog,
        prog_code=prog_code,
        prefixes={p: programme_prefixes(ds.programmes, p) for p in prog_code},
        rec_from=rec[s.VALID_FROM].to_numpy("datetime64[ns]").astype(np.int64),
        rec_to=rec[s.VALID_TO].to_numpy("datetime64[ns]").astype(np.int64),
    )


def match_codes(codes: np.ndarray, prefixes: list[str]) -> np.ndarray:
    """Tell which distinct codes start with one of ``prefixes`` (bool per code).

    >>> match_codes(np.array(["43211", "43290", "4322"]), ["4321", "4322"]).tolist()
    [True, False, True]
    """
    wanted = tuple(p for p in prefixes if p)
    if not wanted:
        return np.zeros(len(codes), dtype=bool)
    return np.fromiter(
        (str(c).startswith(wanted) for c in codes), dtype=bool, count=len(codes)
    )


def programme_prefixes(programmes: pd.DataFrame, programme_id: str) -> list[str]:
    """Return the NACE prefixes of a programme; ``DataError`` for an unknown id."""
    row = programmes.loc[programmes[s.PROGRAMME_ID] == programme_id, s.NACE_PREFIXES]
    if row.empty:
        raise DataError(f"onbekende opleiding {programme_id!r}")
    value = row.iloc[0]
    return [] if pd.isna(value) else [p for p in str(value).split(";") if p]


def nace_matches(
    index: ProspectIndex, code_match: np.ndarray, pos: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Return (main matches, some other activity matches) per establishment, or
    per establishment at positions ``pos``."""
    main = index.main if pos is None else index.main[pos]
    combo = index.other_combo if pos is None else index.other_combo[pos]
    ext = np.append(code_match, False)  # index -1 (no main code) -> False
    main_m = ext[main]
    hits = np.add.reduceat(
        np.append(code_match[index.combo_codes], False).astype(np.int64),
        np.minimum(index.combo_ptr[:-1], len(index.combo_codes)),
    )
    empty = np.diff(index.combo_ptr) == 0
    combo_m = (hits > 0) & ~empty
    return main_m, np.append(combo_m, False)[combo]


def smoothed_lift(
    recognised_counts: np.ndarray, all_counts: np.ndarray, alpha: float
) -> np.ndarray:
    """Return the smoothed lift per code: ``((n_c + a p_c) / (n + a)) / p_c``.

    ``recognised_counts``: establishments recognised for P per code (n_c, total n);
    ``all_counts``: all establishments per code (N_c, p_c = N_c / N). A code with no
    establishment gets lift 1. With alpha = 0 this is the plain ratio of shares.

    >>> n_c, all_c = np.array([3, 1, 0]), np.array([10, 10, 80])
    >>> smoothed_lift(n_c, all_c, 0.0).tolist()
    [7.5, 2.5, 0.0]
    >>> smoothed_lift(n_c, all_c, 4.0).round(6).tolist()
    [4.25, 1.75, 0.5]
    """
    n_all = all_counts.sum()
    n_rec = recognised_counts.sum()
    p = np.divide(all_counts, n_all, out=np.zeros(len(all_counts)), where=n_all > 0)
    q = (recognised_counts + alpha * p) / max(n_rec + alpha, 1e-12)
    return np.divide(q, p, out=np.ones(len(p)), where=p > 0)


def lift_factor(lift: np.ndarray) -> np.ndarray:
    """Map a lift onto [0, 1): ``max(0, 1 - 1 / lift)``.

    >>> lift_factor(np.array([0.5, 1.0, 2.0, 4.0])).tolist()
    [0.0, 0.0, 0.5, 0.75]
    """
    safe = np.maximum(np.asarray(lift, dtype=float), 1.0)
    return np.asarray(1.0 - 1.0 / safe)


def weights_of(settings: Settings) -> np.ndarray:
    """Return the five factor weights (nace, lift, distance, employer, warm)."""
    w = np.array(
        [
            settings.prospect_weight_nace,
            settings.prospect_weight_lift,
            settings.prospect_weight_distance,
            settings.prospect_weight_employer,
            settings.prospect_weight_warm,
        ],
        dtype=float,
    )
    if (w < 0).any() or w.sum() <= 0:
        raise DataError("prospectiegewichten moeten >= 0 zijn en niet allemaal 0")
    return w


def combine(factors: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Return the score per row: weighted mean of the factor columns, 6 decimals.

    >>> combine(np.array([[1.0, 0.5], [0.0, 0.0]]), np.array([3.0, 1.0])).tolist()
    [0.875, 0.0]
    """
    return np.round(factors @ weights / weights.sum(), 6)


def rank_order(score: np.ndarray, tie_rank: np.ndarray) -> np.ndarray:
    """Return row positions by score (high first), ties by ``tie_rank`` (low first).

    >>> rank_order(np.array([0.5, 0.9, 0.5]), np.array([2, 3, 1])).tolist()
    [1, 2, 0]
    """
    return np.lexsort((tie_rank, -score))


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


def nearest_locations(
    x_km: np.ndarray,
    y_km: np.ndarray,
    loc_x: np.ndarray,
    loc_y: np.ndarray,
    loc_weight: np.ndarray,
    scale_km: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per point: nearest location (index, km) and best weighted one (index, factor).

    Points and locations in projected km (``project_km``). The factor of location j
    is ``w_j exp(-d / scale_km)``; without locations the indices are -1, the
    distance NaN and the factor 0.

    >>> near, d, best, f = nearest_locations(
    ...     np.array([0.0]), np.array([0.0]), np.array([1.0, 3.0]),
    ...     np.array([0.0, 0.0]), np.array([0.1, 1.0]), 10.0)
    >>> near.tolist(), d.tolist(), best.tolist(), f.round(3).tolist()
    ([0], [1.0], [1], [0.741])
    """
    n, n_loc = len(x_km), len(loc_x)
    if n_loc == 0:
        none = np.full(n, -1, dtype=np.int64)
        return none, np.full(n, np.nan), none.copy(), np.zeros(n)
    log_w = np.log(np.maximum(np.asarray(loc_weight, dtype=float), 1e-300))
    near_i = np.empty(n, dtype=np.int64)
    near_d = np.empty(n)
    best_i = np.empty(n, dtype=np.int64)
    best_log = np.empty(n)
    step = max(1, 2_000_000 // n_loc)  # chunks of ~16 MB distance matrices
    for a in range(0, n, step):
        b = min(n, a + step)
        d = np.hypot(x_km[a:b, None] - loc_x[None, :], y_km[a:b, None] - loc_y[None, :])
        near_i[a:b] = np.argmin(d, axis=1)
        near_d[a:b] = d[np.arange(b - a), near_i[a:b]]
        # Compare log-factors (ln w_j - d / scale): one exp per point at the end.
        log_f = log_w[None, :] - d / scale_km
        best_i[a:b] = np.argmax(log_f, axis=1)
        best_log[a:b] = log_f[np.arange(b - a), best_i[a:b]]
    best_f = np.exp(best_log)
    unknown = ~np.isfinite(near_d)  # a point without coordinates
    near_i[unknown], best_i[unknown], best_f[unknown] = -1, -1, 0.0
    near_d[unknown] = np.nan
    return near_i, near_d, best_i, best_f


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


def _flags(n: int, positions: np.ndarray) -> np.ndarray:
    """A boolean array of length n, True at ``positions`` (faster than np.isin).

    >>> _flags(4, np.array([1, 3])).tolist()
    [False, True, False, True]
    """
    out = np.zeros(n, dtype=bool)
    out[positions] = True
    return out


@dataclass(frozen=True)
class Scored:
    """Every candidate of one query, in ranking order (arrays of equal length)."""

    pos: np.ndarray  # establishment positions
    score: np.ndarray
    factors: np.ndarray  # n x 5, columns as FACTORS
    main_match: np.ndarray
    lift: np.ndarray
    near_loc: np.ndarray  # index into the locations, -1 = none
    near_km: np.ndarray
    best_loc: np.ndarray
    other_programme: np.ndarray  # bool: recognised for another programme on d
    former: np.ndarray  # bool: formerly recognised for P
    recognised: np.ndarray  # positions recognised for P on d (all areas)


def score_candidates(
    index: ProspectIndex,
    programme_id: str,
    as_of: pd.Timestamp,
    area: Area,
    locations: pd.DataFrame,
    settings: Settings,
    *,
    main_only: bool = False,
    employers_only: bool = False,
    include_warm: bool = True,
    centre: tuple[float, float] | None = None,
) -> Scored:
    """Find, score and rank the candidates of programme P in ``area`` on ``as_of``.

    ``locations``: the lesplaatsen of P (lat, lng, is_shortage); an ``Area`` of level
    ``near`` needs ``centre`` (lat, lng) and keeps what lies within its radius.
    """
    weights = weights_of(settings)
    if programme_id not in index.prefixes:
        raise DataError(f"onbekende opleiding {programme_id!r}")
    code_match = match_codes(index.codes, index.prefixes[programme_id])
    # The area first (few positions), then NACE on those only.
    if area.level == NEAR:
        if centre is None:
            raise DataError(
                "zoeken binnen een straal vraagt het middelpunt van de lesplaats"
            )
        inside, _ = within_km(
            index.lat, index.lng, centre[0], centre[1], area.radius_km
        )
        pos = np.flatnonzero(inside)
    else:
        pos = area_positions(index, area)
    main_m, other_m = nace_matches(index, code_match, pos)
    pos = pos[main_m if main_only else main_m | other_m]
    recognised = recognised_positions(index, programme_id, as_of)
    pos = pos[~_flags(index.n, recognised)[pos]]
    if employers_only:
        pos = pos[index.employer[pos]]
    other_pos, former_pos = warm_positions(index, programme_id, as_of)
    other = _flags(index.n, other_pos)[pos]
    former = _flags(index.n, former_pos)[pos]
    if not include_warm:
        keep = ~(other | former)
        pos, other, former = pos[keep], other[keep], former[keep]
    main_here = index.main[pos] >= 0
    main_here[main_here] = code_match[index.main[pos][main_here]]
    rec_main = index.main[recognised]
    lift_by_code = smoothed_lift(
        np.bincount(rec_main[rec_main >= 0], minlength=len(index.codes)),
        index.main_counts,
        settings.prospect_lift_smoothing,
    )
    main_codes = index.main[pos]
    lift = np.where(main_codes >= 0, lift_by_code[np.maximum(main_codes, 0)], 1.0)
    loc_weight = np.where(
        locations["is_shortage"].to_numpy(bool), 1.0, settings.prospect_no_shortage
    )
    loc_x, loc_y = project_km(
        locations[s.LAT].to_numpy(float), locations[s.LNG].to_numpy(float)
    )
    near_loc, near_km, best_loc, f_dist = nearest_locations(
        index.x_km[pos],
        index.y_km[pos],
        loc_x,
        loc_y,
        loc_weight,
        settings.prospect_distance_km,
    )
    factors = np.column_stack(
        [
            np.where(main_here, 1.0, settings.prospect_other_activity),
            lift_factor(lift),
            f_dist,
            index.employer[pos].astype(float),
            (other | former).astype(float),
        ]
    )
    score = combine(factors, weights)
    order = rank_order(score, index.tie_rank[pos])
    return Scored(
        pos=pos[order],
        score=score[order],
        factors=factors[order],
        main_match=main_here[order],
        lift=lift[order],
        near_loc=near_loc[order],
        near_km=near_km[order],
        best_loc=best_loc[order],
        other_programme=other[order],
        former=former[order],
        recognised=recognised,
    )
