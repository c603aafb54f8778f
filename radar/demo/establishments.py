"""The demo's KBO-like establishments universe: NACE codes, enterprises, names, places.

The recognised pool comes first (row i is pool establishment i), then the rest of the
economy; every point lies within its municipality's radius of the municipality's point.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from radar.demo.calibration import (
    EXTRACT_DATE,
    LEGAL_FORMS,
    OTHER_NACE,
    STREETS,
    SURNAMES,
    TRADE_WORDS,
)
from radar.demo.context import Context, day_number
from radar.demo.recognitions import Pool, Recs
from radar.kernel import schema as s
from radar.kernel.geo import municipality_radius_km, offset_points
from radar.kernel.ids import make_numbers


def to_subclass(rng: np.random.Generator, codes: np.ndarray) -> np.ndarray:
    """Extend 3- or 4-digit NACE prefixes to 5-digit subclasses.

    Synthetic but stable: a class whose digits sum to an even number has
    subclasses 1 and 2, any other class the single subclass 0.

    >>> to_subclass(np.random.default_rng(0), np.array(["4332", "4120"])).tolist()
    ['43322', '41200']
    """
    out = np.empty(len(codes), dtype=object)
    u = rng.random(len(codes))
    extra = rng.integers(1, 10, len(codes))
    for i, c in enumerate(codes.tolist()):
        if len(c) == 3:
            c = f"{c}{extra[i]}"
        even = sum(int(ch) for ch in c) % 2 == 0
        out[i] = c + (("1" if u[i] < 0.6 else "2") if even else "0")
    return out


def nace_for_programmes(
    ctx: Context, rng: np.random.Generator, prog: np.ndarray
) -> np.ndarray:
    """Draw a 5-digit KBO NACE code fitting each programme's prefixes."""
    prefixes = ctx.prog[s.NACE_PREFIXES].str.split(";").tolist()
    pick = rng.random(len(prog))
    codes = [
        prefixes[p][int(u * len(prefixes[p]))]
        for p, u in zip(prog.tolist(), pick, strict=True)
    ]
    return to_subclass(rng, np.array(codes, dtype=object))


def universe(
    ctx: Context, rng: np.random.Generator, recs: Recs, pool: Pool, n_total: int
) -> pd.DataFrame:
    """The KBO-style establishments table: the recognised pool first, then the
    rest of the economy, grouped into enterprises, named, placed and numbered."""
    n_pool = len(pool)
    n_rest = max(0, n_total - n_pool)
    rest_mun = rng.choice(len(ctx.mun), n_rest, p=ctx.mun_weight / ctx.mun_weight.sum())
    # 40 % of the wider economy works in the programmes' sectors (future prospects).
    in_scope = rng.random(n_rest) < 0.4
    rest_nace = np.empty(n_rest, dtype=object)
    rest_nace[in_scope] = nace_for_programmes(
        ctx, rng, rng.choice(len(ctx.prog), int(in_scope.sum()), p=ctx.prog_weight)
    )
    other_codes = np.array(sorted(OTHER_NACE), dtype=object)
    other_w = np.array([OTHER_NACE[c] for c in other_codes], dtype=float)
    rest_nace[~in_scope] = to_subclass(
        rng,
        rng.choice(other_codes, int((~in_scope).sum()), p=other_w / other_w.sum()),
    )
    mun_idx = np.concatenate([pool.mun, rest_mun])
    nace_main = np.concatenate([nace_for_programmes(ctx, rng, pool.main), rest_nace])
    nace_other = _other_codes(ctx, rng, recs, nace_main)
    employer = np.concatenate([rng.random(n_pool) < 0.9, rng.random(n_rest) < 0.45])
    first_rec = np.full(n_pool, day_number(EXTRACT_DATE))
    np.minimum.at(first_rec, recs.est, recs.start)
    start = np.concatenate(
        [
            first_rec - rng.integers(365, 30 * 365, n_pool),
            rng.integers(day_number("1970-01-01"), day_number("2026-06-01"), n_rest),
        ]
    )
    n = len(mun_idx)
    mun = ctx.mun
    lat, lng = offset_points(
        mun[s.LAT].to_numpy()[mun_idx],
        mun[s.LNG].to_numpy()[mun_idx],
        0.6 * municipality_radius_km(mun[s.AREA_KM2].to_numpy()[mun_idx]),
        rng,
    )
    ent_of, ent_size = _enterprises(rng, n)
    n_ent = len(ent_size)
    ent_numbers = np.array(
        make_numbers(
            rng.choice(np.arange(2_000_000, 9_999_999), n_ent, replace=False),
            "enterprise",
        ),
        dtype=object,
    )
    est_numbers = make_numbers(
        rng.choice(np.arange(20_000_000, 29_999_999), n, replace=False),
        "establishment",
    )
    # An enterprise is named after its first establishment's trade.
    first_member = np.full(n_ent, n)
    np.minimum.at(first_member, ent_of, np.arange(n))
    ent_name = _names(rng, nace_main[first_member])
    town = mun[s.NAME_NL].to_numpy()[mun_idx]
    chain = ent_size[ent_of] > 1
    name = ent_name[ent_of].astype(object)
    name[chain] = name[chain] + " - " + town[chain]
    return pd.DataFrame(
        {
            s.ESTABLISHMENT_NUMBER: est_numbers,
            s.ENTERPRISE_NUMBER: ent_numbers[ent_of],
            s.NAME: name,
            s.ADDRESS: _addresses(ctx, rng, mun_idx),
            s.NACE_MAIN: nace_main,
            s.NACE_OTHER: nace_other,
            s.IS_EMPLOYER: employer,
            s.START_DATE: pd.to_datetime(start, unit="D"),
            s.NIS: mun[s.NIS].to_numpy()[mun_idx],
            s.LAT: lat,
            s.LNG: lng,
        }
    )


def _other_codes(
    ctx: Context, rng: np.random.Generator, recs: Recs, main: np.ndarray
) -> np.ndarray:
    """Secondary NACE codes: the other programmes of a recognised establishment,
    and for a third of everyone one more code from the wider economy."""
    out = np.full(len(main), "", dtype=object)
    order = np.argsort(recs.est, kind="stable")
    est_sorted, prog_sorted = recs.est[order], recs.prog[order]
    codes = nace_for_programmes(ctx, rng, prog_sorted)
    extra: dict[int, list[str]] = {}
    for e, c in zip(est_sorted.tolist(), codes.tolist(), strict=True):
        if c != main[e] and c not in extra.setdefault(e, []):
            extra[e].append(c)
    for e, cs in extra.items():
        out[e] = ";".join(cs[:8])
    more = np.flatnonzero(rng.random(len(main)) < 0.33)
    other_codes = np.array(sorted(OTHER_NACE), dtype=object)
    picks = to_subclass(rng, rng.choice(other_codes, len(more)))
    for i, c in zip(more.tolist(), picks.tolist(), strict=True):
        if c != main[i]:
            out[i] = f"{out[i]};{c}" if out[i] else c
    return out


def _enterprises(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Group ``n`` establishments into enterprises (most have one, chains more)."""
    sizes = np.where(rng.random(n) < 0.9, 1, 2 + np.minimum(rng.geometric(0.35, n), 28))
    sizes = sizes[: np.searchsorted(np.cumsum(sizes), n) + 1]
    sizes[-1] -= int(sizes.sum()) - n
    ent_of = np.repeat(np.arange(len(sizes)), sizes)
    return rng.permutation(ent_of), sizes


def _names(rng: np.random.Generator, nace: np.ndarray) -> np.ndarray:
    """Trade names: a word for the NACE division, a surname and a legal form."""
    surname = rng.choice(np.array(SURNAMES, dtype=object), len(nace))
    form = rng.choice(np.array(LEGAL_FORMS, dtype=object), len(nace))
    u = rng.random(len(nace))
    out = np.empty(len(nace), dtype=object)
    for i, code in enumerate(nace.tolist()):
        words = TRADE_WORDS.get(code[:2], ("Onderneming",))
        out[i] = f"{words[int(u[i] * len(words))]} {surname[i]} {form[i]}".strip()
    return out


def _addresses(
    ctx: Context, rng: np.random.Generator, mun_idx: np.ndarray
) -> np.ndarray:
    """Street, number, a postcode of the municipality and its name."""
    postal = ctx.postal.sort_values([s.NIS, s.POSTCODE])
    by_nis = postal.groupby(s.NIS)[s.POSTCODE].agg(list).to_dict()
    nis = ctx.mun[s.NIS].to_numpy()
    names = ctx.mun[s.NAME_NL].to_numpy()
    codes = [by_nis.get(v, ["0000"]) for v in nis]
    street = rng.choice(np.array(STREETS, dtype=object), len(mun_idx))
    number = rng.integers(1, 250, len(mun_idx))
    u = rng.random(len(mun_idx))
    return np.array(
        [
            f"{st} {no}, {codes[m][int(x * len(codes[m]))]} {names[m]}"
            for st, no, m, x in zip(
                street, number.tolist(), mun_idx.tolist(), u, strict=True
            )
        ],
        dtype=object,
    )
