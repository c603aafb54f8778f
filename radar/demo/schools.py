"""The demo's offer: programmes per lesplaats and school year, learners, hosts.

Learners per school year add up to ``LEARNERS_PER_YEAR`` exactly. They are split
first over programmes, then over each programme's offerings:

- in 2018-19 the programmes calibration.md counts get exactly those learners
  (``LEARNERS_2018_19``), and no other programme reaches the fifth;
- in every year a programme's share mixes that 2018-19 mix (weight ``PILOT_MIX``,
  fading as the catalogue grows) with the sector-weighted model of the recognitions
  (sector share x popularity within the partnership, ``Context.prog_weight``);
- a programme's learners go to its offerings by the lesplaatsen's appeal, balanced
  so that each province's learners follow the 2022 recognitions (calibration.md);
- a programme is offered, and has learners, only in school years that start before
  its catalogue end (``valid_to``); the catalogue has no start dates;
- the extract year's learners are placed at recognised workplaces near their
  lesplaats.

Where the lesplaatsen are is ``radar.demo.places``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from radar.demo.calibration import (
    EXTRACT_DATE,
    LEARNERS_2018_19,
    LEARNERS_PER_YEAR,
    OTHERS_CAP_2018_19,
    PILOT_MIX,
    PINNED_YEAR,
    PROVINCE_TABLE_2022,
)
from radar.demo.context import Context, day_number
from radar.demo.places import largest_remainder
from radar.demo.recognitions import Recs
from radar.kernel import schema as s
from radar.kernel.calendar import school_year_of, school_year_start
from radar.kernel.geo import haversine_km

SAME_PARTNERSHIP = 6.0
"""A lesplaats's programmes cluster: weight of a programme of the same partnership."""
SAME_STUDY_AREA = 2.0
"""... and of one of the same study area (else 1)."""


def _pinned(ctx: Context) -> np.ndarray:
    out = np.zeros(len(ctx.prog))
    for pid, n in LEARNERS_2018_19.items():
        out[ctx.prog_index[pid]] = n
    return out


def programme_shares(ctx: Context, year: str, offered: np.ndarray) -> np.ndarray:
    """Share of the year's learners per programme row, over the ``offered`` rows."""
    model = np.where(offered, ctx.prog_weight, 0.0)
    model = model / model.sum()
    pinned = np.where(offered, _pinned(ctx), 0.0) / LEARNERS_PER_YEAR[PINNED_YEAR]
    rest = np.where(offered & (pinned == 0), model, 0.0)
    if rest.sum() > 0:
        pilot = pinned + (1.0 - pinned.sum()) * rest / rest.sum()
    else:
        pilot = pinned / pinned.sum()
    mix = PILOT_MIX[year]
    return (1.0 - mix) * model + mix * pilot


def _capped(weights: np.ndarray, total: int, cap: float) -> np.ndarray:
    """Split ``total`` by ``weights`` with no part over ``cap`` (water-filling)."""
    free = weights > 0
    out = np.zeros(len(weights))
    left = float(total)
    while free.any():
        share = left * weights / weights[free].sum()
        over = free & (share > cap)
        if not over.any():
            out[free] = share[free]
            break
        out[over] = cap
        left -= cap * int(over.sum())
        free &= ~over
    return out


def programme_totals(ctx: Context, year: str, offered: np.ndarray) -> np.ndarray:
    """Learners per programme row in ``year`` (exact total, pinned in 2018-19)."""
    total = LEARNERS_PER_YEAR[year]
    if year != PINNED_YEAR:
        return largest_remainder(total, programme_shares(ctx, year, offered))
    pinned = _pinned(ctx).astype(np.int64)
    if not offered[pinned > 0].all():
        raise ValueError("een opleiding met vaste leerlingen wordt niet aangeboden")
    rest = np.where(offered & (pinned == 0), ctx.prog_weight, 0.0)
    left = total - int(pinned.sum())
    return pinned + largest_remainder(left, _capped(rest, left, OTHERS_CAP_2018_19))


def _affinity(ctx: Context, p: int) -> np.ndarray:
    partner = ctx.prog[s.PARTNERSHIP].to_numpy()
    area = ctx.prog[s.STUDY_AREA].str.split(" (", regex=False).str[0].to_numpy()
    return np.where(
        partner == partner[p],
        SAME_PARTNERSHIP,
        np.where(area == area[p], SAME_STUDY_AREA, 1.0),
    )


def _pick(
    ctx: Context, rng: np.random.Generator, weight: np.ndarray, k: int
) -> list[int]:
    """A lesplaats's ``k`` programmes: one by ``weight``, the rest clustered on it."""
    main = int(rng.choice(len(weight), p=weight / weight.sum()))
    w = weight * _affinity(ctx, main)
    w[main] = 0.0
    take = min(k - 1, int(np.count_nonzero(w)))
    more = rng.choice(len(w), take, replace=False, p=w / w.sum()).tolist()
    return [main, *more]


def _replace(
    ctx: Context, rng: np.random.Generator, weight: np.ndarray, progs: list[int]
) -> None:
    """Replace the programmes no longer taught by ones still taught, alike."""
    for i, p in enumerate(progs):
        if weight[p] > 0:
            continue
        w = weight * _affinity(ctx, p)
        w[progs] = 0.0
        progs[i] = int(rng.choice(len(w), p=w / w.sum()))


def _ensure_pinned(
    ctx: Context,
    rng: np.random.Generator,
    offered: dict[int, list[int]],
    weight: np.ndarray,
) -> None:
    """Every programme with 2018-19 learners is offered somewhere that year: if
    not, a lesplaats swaps its least popular programme for it."""
    pinned = set(np.flatnonzero(_pinned(ctx)).tolist())
    taught = {p for progs in offered.values() for p in progs}
    for p in sorted(pinned - taught):
        loc = int(rng.choice(sorted(offered)))
        progs = offered[loc]
        swap = [i for i in range(len(progs)) if progs[i] not in pinned]
        i = min(swap, key=lambda j: weight[progs[j]])
        progs[i] = p


def _offered(
    ctx: Context, rng: np.random.Generator, places: pd.DataFrame
) -> list[tuple[int, int, str]]:
    """(location row, programme row, school year) of every offering.

    A lesplaats starts with 2-8 programmes, chosen by popularity (the year's
    learner shares) and clustered on one partnership; a programme that is no
    longer taught is replaced by a similar one still taught.
    """
    first = places["first_year"].to_numpy()
    k_of = rng.integers(2, 9, len(places))
    offered: dict[int, list[int]] = {}
    rows: list[tuple[int, int, str]] = []
    for year in LEARNERS_PER_YEAR:
        valid = ctx.prog_end > day_number(school_year_start(year))
        weight = np.where(valid, programme_shares(ctx, year, valid) ** 0.7, 0.0)
        for loc in offered:
            _replace(ctx, rng, weight, offered[loc])
        for loc in np.flatnonzero(first == year).tolist():
            offered[loc] = _pick(ctx, rng, weight, int(k_of[loc]))
        if year == PINNED_YEAR:
            _ensure_pinned(ctx, rng, offered, weight)
        rows += [(loc, p, year) for loc, progs in offered.items() for p in progs]
    return rows


def _balanced(
    weight: np.ndarray,
    prog: np.ndarray,
    province: np.ndarray,
    totals: np.ndarray,
    total: int,
) -> np.ndarray:
    """Fit expected learners per offering to the programme totals and to the
    provinces' shares of the 2022 recognitions (iterative proportional fitting)."""
    present = sorted(set(province.tolist()))
    target = np.array([PROVINCE_TABLE_2022[p][0] for p in present], dtype=float)
    target = total * target / target.sum()
    where = np.searchsorted(present, province)
    w = weight.astype(float)
    for _ in range(40):
        by_prov = np.bincount(where, w, len(present))
        w = (
            w
            * np.divide(target, by_prov, out=np.ones_like(target), where=by_prov > 0)[
                where
            ]
        )
        by_prog = np.bincount(prog, w, len(totals))
        w = (
            w
            * np.divide(totals, by_prog, out=np.zeros(len(totals)), where=by_prog > 0)[
                prog
            ]
        )
    return w


def offerings(
    ctx: Context, rng: np.random.Generator, places: pd.DataFrame
) -> pd.DataFrame:
    """One row per location x programme x school year, learners per year exact.

    A programme's learners are split over its offerings by the lesplaatsen's
    appeal, balanced so that the provinces' learners follow the 2022 recognitions.
    """
    rows = _offered(ctx, rng, places)
    loc_a = np.array([r[0] for r in rows])
    prog_a = np.array([r[1] for r in rows])
    year_a = np.array([r[2] for r in rows], dtype=object)
    appeal = rng.lognormal(0.0, 0.5, len(places))[loc_a]
    province = ctx.mun.set_index(s.NIS)[s.PROVINCE_NIS]
    prov_a = places[s.NIS].map(province).to_numpy(dtype=object)[loc_a]
    learners = np.zeros(len(rows), dtype=np.int64)
    for year, total in LEARNERS_PER_YEAR.items():
        in_year = np.flatnonzero(year_a == year)
        offered = np.zeros(len(ctx.prog), dtype=bool)
        offered[prog_a[in_year]] = True
        totals = programme_totals(ctx, year, offered)
        w = _balanced(appeal[in_year], prog_a[in_year], prov_a[in_year], totals, total)
        for p in np.flatnonzero(totals).tolist():
            m = prog_a[in_year] == p
            learners[in_year[m]] = rng.multinomial(totals[p], w[m] / w[m].sum())
    frame = places.iloc[loc_a].reset_index(drop=True)
    pid = ctx.prog[s.PROGRAMME_ID].to_numpy()[prog_a]
    frame[s.PROGRAMME_ID] = pid
    frame[s.SCHOOL_YEAR] = year_a
    frame[s.LEARNERS] = learners
    frame[s.OFFERING_ID] = [
        f"{loc}-{p}-{y}"
        for loc, p, y in zip(frame[s.LOCATION_ID], pid, year_a, strict=True)
    ]
    return frame.drop(columns="first_year")


def learners_hosted(
    ctx: Context,
    rng: np.random.Generator,
    recs: Recs,
    est: pd.DataFrame,
    offerings: pd.DataFrame,
) -> np.ndarray:
    """Place the extract year's learners at recognised workplaces near their
    lesplaats (Gaussian preference, 15 km scale); return learners per
    recognition."""
    today = day_number(EXTRACT_DATE)
    year = school_year_of(EXTRACT_DATE)
    hosted = np.zeros(len(recs.est), dtype=np.int64)
    active = (recs.start <= today) & (recs.end > today)
    lat = est[s.LAT].to_numpy()[recs.est]
    lng = est[s.LNG].to_numpy()[recs.est]
    now = offerings[(offerings[s.SCHOOL_YEAR] == year) & (offerings[s.LEARNERS] > 0)]
    for row in now.itertuples(index=False):
        p = ctx.prog_index[getattr(row, s.PROGRAMME_ID)]
        cand = np.flatnonzero(active & (recs.prog == p))
        if not len(cand):
            continue
        d = haversine_km(getattr(row, s.LAT), getattr(row, s.LNG), lat[cand], lng[cand])
        w = np.exp(-0.5 * (d / 15.0) ** 2) + 1e-6
        picks = rng.choice(cand, getattr(row, s.LEARNERS), p=w / w.sum())
        np.add.at(hosted, picks, 1)
    return hosted
