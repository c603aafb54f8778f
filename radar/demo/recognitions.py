"""Recognitions of the demo: the 2022 snapshot, former ones, growth to the extract.

Recognitions are built as index arrays: establishments are rows of the recognised
``Pool`` (which becomes the head of the establishments universe), programmes are rows
of the catalogue, and periods are day numbers (``radar.demo.context``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from radar.demo.calibration import (
    ACTIVE_TARGETS,
    EXTRACT_DATE,
    FIRST_DAY,
    PROVINCE_TABLE_2022,
    RENEWAL_RATE,
    SNAPSHOT_2022,
    VALID_YEARS,
)
from radar.demo.context import (
    Context,
    capacity,
    day_number,
    pick_nis,
    plus_year,
    plus_years,
    programme_set,
    valid_programmes,
)
from radar.demo.nace import nace_for_programmes
from radar.kernel import schema as s


@dataclass(frozen=True)
class Recs:
    """Recognitions under construction: indices into the establishment pool."""

    est: np.ndarray
    prog: np.ndarray
    start: np.ndarray  # days since epoch
    end: np.ndarray  # days since epoch, exclusive

    def join(self, other: Recs) -> Recs:
        """These recognitions followed by ``other``'s."""
        return Recs(
            *(
                np.concatenate([getattr(self, f), getattr(other, f)])
                for f in ("est", "prog", "start", "end")
            )
        )


@dataclass(frozen=True)
class Pool:
    """Recognised establishments so far: municipality row, main programme and main
    NACE code (5 digits, fitting the main programme) each."""

    mun: np.ndarray
    main: np.ndarray
    nace: np.ndarray

    def __len__(self) -> int:
        return len(self.mun)

    def join(self, other: Pool) -> Pool:
        """This pool followed by ``other``'s establishments."""
        return Pool(
            np.concatenate([self.mun, other.mun]),
            np.concatenate([self.main, other.main]),
            np.concatenate([self.nace, other.nace]),
        )


def counts_per_establishment(
    rng: np.random.Generator, total: int, n: int, cap: int | np.ndarray = 8
) -> np.ndarray:
    """Split ``total`` recognitions over ``n`` establishments, each 1 to ``cap``
    (one cap, or one per establishment)."""
    caps = np.broadcast_to(np.asarray(cap), (n,))
    if int(caps.sum()) < total:
        raise ValueError(f"{total} erkenningen passen niet in {n} vestigingen")
    weights = rng.gamma(0.35, 1.0, n) + 1e-9
    counts = 1 + rng.multinomial(total - n, weights / weights.sum())
    while (over := counts > caps).any():
        surplus = int((counts[over] - caps[over]).sum())
        counts[over] = caps[over]
        room = np.flatnonzero(counts < caps)
        add = rng.choice(room, surplus, replace=True)
        np.add.at(counts, add, 1)
    return counts


def snapshot_recognitions(ctx: Context, rng: np.random.Generator) -> tuple[Recs, Pool]:
    """Recognitions valid on 2022-02-07, province by province, plus their
    predecessors (2016-17 recognitions renewed five years later)."""
    snap = day_number(SNAPSHOT_2022)
    valid = valid_programmes(ctx, snap)
    lo, renew_lo = day_number("2017-02-08"), day_number("2021-01-01")
    est_l, prog_l = [], []
    pools = []
    first = 0
    for province, (n_rec, n_est) in PROVINCE_TABLE_2022.items():
        mains = rng.choice(len(valid), n_est, p=valid)
        codes = nace_for_programmes(ctx.prog, rng, mains)
        pools.append(Pool(pick_nis(ctx, rng, n_est, province), mains, codes))
        est = np.arange(first, first + n_est)
        first += n_est
        caps = np.array([capacity(ctx, c, valid) for c in codes.tolist()])
        counts = counts_per_establishment(rng, n_rec, n_est, caps)
        for e, m, c, k in zip(
            est.tolist(), mains.tolist(), codes.tolist(), counts.tolist(), strict=True
        ):
            progs = programme_set(ctx, rng, m, k, valid, c)
            est_l += [e] * k
            prog_l += progs
    est_a, prog_a = np.array(est_l), np.array(prog_l)
    n = len(est_a)
    renewed = rng.random(n) < 0.35
    start = np.where(
        renewed,
        rng.integers(renew_lo, snap + 1, n),
        lo + ((snap - lo) * rng.random(n) ** 0.75).astype(np.int64),
    )
    end = np.minimum(plus_years(start, VALID_YEARS), ctx.prog_end[prog_a])
    pred_start = plus_years(start[renewed], -VALID_YEARS)
    recs = Recs(
        est=np.concatenate([est_a, est_a[renewed]]),
        prog=np.concatenate([prog_a, prog_a[renewed]]),
        start=np.concatenate([start, pred_start]),
        end=np.concatenate([end, start[renewed]]),
    )
    pool = pools[0]
    for more in pools[1:]:
        pool = pool.join(more)
    return recs, pool


def former_recognitions(
    ctx: Context,
    rng: np.random.Generator,
    first: int,
    n_expired: int = 500,
    n_ended: int = 250,
) -> tuple[Recs, Pool]:
    """Recognitions that ended before 2022-02-07: not renewed after five years, or
    stopped early (opgeheven). They make 'formerly recognised' establishments, the
    pool rows from ``first`` on."""
    snap = day_number(SNAPSHOT_2022)
    n = n_expired + n_ended
    valid = valid_programmes(ctx, snap)
    prog = rng.choice(len(valid), n, p=valid)
    pool = Pool(pick_nis(ctx, rng, n), prog, nace_for_programmes(ctx.prog, rng, prog))
    start_expired = rng.integers(
        day_number(FIRST_DAY), day_number("2017-02-08"), n_expired
    )
    start_ended = rng.integers(
        day_number("2017-01-01"), day_number("2021-07-01"), n_ended
    )
    end_ended = np.minimum(start_ended + rng.integers(180, 1500, n_ended), snap)
    recs = Recs(
        est=np.arange(first, first + n),
        prog=prog,
        start=np.concatenate([start_expired, start_ended]),
        end=np.concatenate([plus_years(start_expired, VALID_YEARS), end_ended]),
    )
    return recs, pool


def target_active(day: int) -> float:
    """Interpolate the active-recognition growth curve at ``day``."""
    xs = [day_number(SNAPSHOT_2022), *(day_number(d) for d in ACTIVE_TARGETS)]
    ys = [sum(r for r, _ in PROVINCE_TABLE_2022.values()), *ACTIVE_TARGETS.values()]
    return float(np.interp(day, xs, ys))


def _month_bounds() -> list[int]:
    """Day numbers that cut 2022-02-08 .. the extract date into calendar months."""
    months = pd.date_range(SNAPSHOT_2022, EXTRACT_DATE, freq="MS")
    return [
        day_number(SNAPSHOT_2022) + 1,
        *(day_number(m) for m in months[1:]),
        day_number(EXTRACT_DATE),
    ]


def grow(
    ctx: Context, rng: np.random.Generator, recs: Recs, pool: Pool
) -> tuple[Recs, Pool]:
    """Month by month after 2022-02-07: renew expiring recognitions, then grant new
    ones until the active count meets the growth curve. New establishments join the
    pool."""
    est, prog = list(recs.est), list(recs.prog)
    start, end = list(recs.start), list(recs.end)
    latest_end: dict[tuple[int, int], int] = {}
    for e, p, t in zip(est, prog, end, strict=True):
        latest_end[(e, p)] = max(t, latest_end.get((e, p), t))
    mains_of: list[int] = pool.main.tolist()
    codes_of: list[str] = pool.nace.tolist()

    def add(e: int, p: int, day: int) -> None:
        stop = min(plus_year(day, VALID_YEARS), int(ctx.prog_end[p]))
        est.append(e)
        prog.append(p)
        start.append(int(day))
        end.append(stop)
        latest_end[(e, p)] = stop

    shares = np.array([r for r, _ in PROVINCE_TABLE_2022.values()], dtype=float)
    provinces = list(PROVINCE_TABLE_2022)
    shares[provinces.index("30000")] *= 1.15  # West-Vlaanderen grows fastest
    bounds = _month_bounds()
    for lo, hi in zip(bounds[:-1], bounds[1:], strict=True):
        if hi <= lo:
            continue
        end_a = np.array(end)
        for i in np.flatnonzero((end_a >= lo) & (end_a < hi)).tolist():
            p = prog[i]
            if ctx.prog_end[p] > end[i] and rng.random() < RENEWAL_RATE:
                add(est[i], p, end[i])
        start_a, end_a = np.array(start), np.array(end)
        active = int(((start_a <= hi) & (end_a > hi)).sum())
        need = int(round(target_active(hi))) - active
        if need <= 0:
            continue
        valid = valid_programmes(ctx, hi + 1)
        days = rng.integers(lo, hi, need)
        to_existing = rng.random(need) < 0.35
        active_est = np.unique(np.array(est)[(start_a <= lo) & (end_a > lo)])
        fresh: list[int] = []
        for j in range(need):
            if to_existing[j] and len(active_est):
                e = int(rng.choice(active_est))
                more = programme_set(ctx, rng, mains_of[e], 2, valid, codes_of[e])[1:]
                if more and latest_end.get((e, more[0]), -1) <= days[j]:
                    add(e, more[0], days[j])
                    continue
            fresh.append(j)
        if fresh:
            k = len(fresh)
            prov = rng.choice(len(provinces), k, p=shares / shares.sum())
            mains = rng.choice(len(valid), k, p=valid)
            mun = np.array(
                [pick_nis(ctx, rng, 1, provinces[q])[0] for q in prov.tolist()]
            )
            new = np.arange(len(mains_of), len(mains_of) + k)
            codes = nace_for_programmes(ctx.prog, rng, mains)
            pool = pool.join(Pool(mun, mains, codes))
            mains_of += mains.tolist()
            codes_of += codes.tolist()
            for e, p, j in zip(new.tolist(), mains.tolist(), fresh, strict=True):
                add(e, p, days[j])
    grown = Recs(np.array(est), np.array(prog), np.array(start), np.array(end))
    return grown, pool


def recognitions_table(
    ctx: Context, recs: Recs, est: pd.DataFrame, hosted: np.ndarray
) -> pd.DataFrame:
    """The recognitions table: sorted by establishment, start and programme, with
    the establishment's numbers, name and place, and the learners it hosts."""
    order = np.lexsort((recs.prog, recs.start, recs.est))
    take = est.iloc[recs.est[order]].reset_index(drop=True)
    return pd.DataFrame(
        {
            s.RECOGNITION_ID: [f"E{i + 1:06d}" for i in range(len(order))],
            s.ENTERPRISE_NUMBER: take[s.ENTERPRISE_NUMBER],
            s.ESTABLISHMENT_NUMBER: take[s.ESTABLISHMENT_NUMBER],
            s.NAME: take[s.NAME],
            s.PROGRAMME_ID: ctx.prog[s.PROGRAMME_ID].to_numpy()[recs.prog[order]],
            s.VALID_FROM: pd.to_datetime(recs.start[order], unit="D"),
            s.VALID_TO: pd.to_datetime(recs.end[order], unit="D"),
            s.LEARNERS_HOSTED: hosted[order],
            s.NIS: take[s.NIS],
            s.LAT: take[s.LAT],
            s.LNG: take[s.LNG],
        }
    )
