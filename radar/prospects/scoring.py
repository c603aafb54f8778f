"""Prospect scoring: five factors per candidate, their weighted mean, the ranking.

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
``score_candidates`` runs one query on a ``ProspectIndex`` (see ``index``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from radar.kernel import schema as s
from radar.kernel.errors import DataError
from radar.kernel.geo import project_km, within_km
from radar.kernel.settings import Settings
from radar.prospects.index import (
    NEAR,
    Area,
    ProspectIndex,
    active_establishments,
    area_positions,
    recognised_positions,
    warm_positions,
)
from radar.prospects.nace import match_codes, nace_matches

FACTORS = ("nace", "lift", "distance", "employer", "warm")


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
    lift_support: np.ndarray  # recognised establishments with the row's main code
    n_recognised: int  # establishments recognised for P on d (the lift's base)
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
    pos = active_establishments(index, pos, as_of)
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
    support_by_code = np.bincount(rec_main[rec_main >= 0], minlength=len(index.codes))
    lift_by_code = smoothed_lift(
        support_by_code, index.main_counts, settings.prospect_lift_smoothing
    )
    # Thin evidence: a lift resting on fewer recognised establishments than the
    # minimum support is not used (lift 1), so one company never carries a ranking.
    lift_by_code[support_by_code < settings.prospect_lift_min_support] = 1.0
    main_codes = index.main[pos]
    known = main_codes >= 0
    lift = np.where(known, lift_by_code[np.maximum(main_codes, 0)], 1.0)
    support = np.where(known, support_by_code[np.maximum(main_codes, 0)], 0)
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
        lift_support=support[order],
        n_recognised=int(len(recognised)),
        near_loc=near_loc[order],
        near_km=near_km[order],
        best_loc=best_loc[order],
        other_programme=other[order],
        former=former[order],
        recognised=recognised,
    )
