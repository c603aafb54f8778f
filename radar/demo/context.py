"""What every step of the demo generator shares: the reference tables and day numbers.

``make_context`` prepares the reference tables once (programme weights, end days,
municipality weights) into a frozen ``Context``; the steps take it together with the
seeded ``np.random.Generator`` and draw nothing else. Days are integers, days since
1970-01-01, so that periods compare and add as plain numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import pandas as pd

from radar.demo.calibration import (
    LEARNERS_2018_19,
    OTHER_SECTORS_SHARE,
    REFERENCE_PROGRAMMES,
    SECTOR_SHARES,
)
from radar.demo.nace import fitting
from radar.kernel import schema as s

_EPOCH = date(1970, 1, 1)


def day_number(ts: pd.Timestamp | str) -> int:
    """Return the day number (days since 1970-01-01) of a date.

    >>> day_number("1970-01-02"), day_number(pd.Timestamp("2022-02-07"))
    (1, 19030)
    """
    return int(pd.Timestamp(ts).value // 86_400_000_000_000)


def plus_year(day: int, years: int) -> int:
    """Move a day number by whole years; 29 February moves to 1 March.

    >>> d = day_number("2020-02-29")
    >>> [pd.Timestamp(plus_year(d, y), unit="D").date().isoformat() for y in (4, 5)]
    ['2024-02-29', '2025-03-01']
    """
    d = _EPOCH + timedelta(days=int(day))
    try:
        moved = d.replace(year=d.year + years)
    except ValueError:  # 29 February: the recognition runs to 1 March
        moved = date(d.year + years, 3, 1)
    return (moved - _EPOCH).days


def plus_years(days: np.ndarray, years: int) -> np.ndarray:
    """Move an array of day numbers by whole years (see ``plus_year``)."""
    return np.array([plus_year(d, years) for d in np.asarray(days).tolist()], np.int64)


@dataclass(frozen=True, eq=False)
class Context:
    """The reference tables, prepared once for the generator's steps."""

    mun: pd.DataFrame
    postal: pd.DataFrame
    prog: pd.DataFrame
    prog_end: np.ndarray  # exclusive end day per programme (far future when open)
    prog_weight: np.ndarray  # share of recognitions per programme, sums to 1
    prog_index: dict[str, int]  # programme id -> row
    mun_weight: np.ndarray  # economic weight per municipality row
    _fits: dict[str, np.ndarray] = field(default_factory=dict, repr=False)

    def fits(self, code: str) -> np.ndarray:
        """Programme rows with a prefix of NACE ``code`` (bool per row, cached)."""
        if code not in self._fits:
            self._fits[code] = fitting(self.prog, code)
        return self._fits[code]


def make_context(ref: dict[str, pd.DataFrame], rng: np.random.Generator) -> Context:
    """Prepare the reference tables; draws the programmes' popularity from ``rng``."""
    mun = ref["municipalities"].reset_index(drop=True)
    prog = ref["programmes"].reset_index(drop=True)
    # Economic weight: larger towns carry more than their share of establishments.
    pop = mun[s.POPULATION].to_numpy(dtype=float)
    return Context(
        mun=mun,
        postal=ref["postal_codes"],
        prog=prog,
        prog_end=_programme_end_days(prog),
        prog_weight=_programme_weights(prog, rng),
        prog_index={pid: i for i, pid in enumerate(prog[s.PROGRAMME_ID])},
        mun_weight=pop**1.1,
    )


def _programme_end_days(prog: pd.DataFrame) -> np.ndarray:
    end = prog[s.PROGRAMME_VALID_TO]
    # A programme valid to 31 Aug counts through that day: exclusive end is 1 Sept.
    days = (end + pd.Timedelta(days=1)).values.astype("datetime64[D]")
    out = days.astype(np.int64)
    out[end.isna().to_numpy()] = np.iinfo(np.int64).max // 2
    return out


def _programme_weights(prog: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    """Sector-weighted programme weights: the sector's share x popularity.

    Within a partnership some programmes are far more popular than others
    (log-normal); the old seventh years that end in 2025 are niche, except those
    calibration.md names among the most popular (``LEARNERS_2018_19``) or as
    reference programmes (``REFERENCE_PROGRAMMES``), which get the highest
    popularity of their partnership.
    """
    partner = prog[s.PARTNERSHIP].to_numpy()
    named = set(SECTOR_SHARES)
    others = sorted(set(partner) - named)
    share = {
        **SECTOR_SHARES,
        **{p: OTHER_SECTORS_SHARE / len(others) for p in others},
    }
    popularity = rng.lognormal(0.0, 0.8, len(partner))
    popularity[prog[s.PROGRAMME_VALID_TO].notna().to_numpy()] *= 0.3
    famous = [*LEARNERS_2018_19, *REFERENCE_PROGRAMMES]
    popular = prog[s.PROGRAMME_ID].isin(famous).to_numpy()
    for i in np.flatnonzero(popular).tolist():
        popularity[i] = popularity[partner == partner[i]].max()
    weight = np.zeros(len(partner))
    for p in share:
        members = partner == p
        weight[members] = share[p] * popularity[members] / popularity[members].sum()
    return weight / weight.sum()


def valid_programmes(ctx: Context, day: int) -> np.ndarray:
    """Programme weights restricted to programmes still taught on ``day``."""
    w = np.where(ctx.prog_end > day, ctx.prog_weight, 0.0)
    return w / w.sum()


def pick_nis(
    ctx: Context, rng: np.random.Generator, n: int, province: str | None = None
) -> np.ndarray:
    """Draw ``n`` municipality rows by economic weight (within a province)."""
    w = ctx.mun_weight.copy()
    if province is not None:
        w[ctx.mun[s.PROVINCE_NIS].to_numpy() != province] = 0.0
    return rng.choice(len(w), size=n, p=w / w.sum())


def candidates(ctx: Context, main: int, code: str) -> tuple[np.ndarray, np.ndarray]:
    """Programmes an establishment recognised for ``main`` with main activity ``code``
    may also take on, weighted: every one fits ``code``; related programmes weigh
    three times as much as the others."""
    related = [
        ctx.prog_index[r] for r in ctx.prog.at[main, s.RELATED_IDS].split(";") if r
    ]
    bonus = np.where(ctx.fits(code), 1.0, 0.0)
    bonus[related] *= 3.0
    bonus[main] = 0.0
    idx = np.flatnonzero(bonus)
    return idx, bonus[idx]


def capacity(ctx: Context, code: str, valid: np.ndarray, cap: int = 8) -> int:
    """How many valid programmes an establishment with main activity ``code`` can
    hold (at most ``cap``)."""
    return min(cap, int(np.count_nonzero(ctx.fits(code) & (valid > 0))))


def programme_set(
    ctx: Context,
    rng: np.random.Generator,
    main: int,
    k: int,
    valid: np.ndarray,
    code: str,
) -> list[int]:
    """Pick up to ``k`` distinct programmes starting with ``main``, all fitting the
    establishment's main activity ``code`` (fewer when fewer fit)."""
    chosen = [main]
    if k > 1:
        idx, bonus = candidates(ctx, main, code)
        w = bonus * valid[idx]
        take = min(k - 1, int(np.count_nonzero(w)))
        if take:
            chosen += rng.choice(idx, take, replace=False, p=w / w.sum()).tolist()
    return chosen
