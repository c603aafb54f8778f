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
    NONPROFIT_DIVISIONS,
    OTHER_NACE,
    STREETS,
    SURNAMES,
)
from radar.demo.context import Context, day_number
from radar.demo.nace import nace_for_programmes, to_subclass, trade_key, trade_words
from radar.demo.recognitions import Pool, Recs
from radar.kernel import schema as s
from radar.kernel.geo import municipality_radius_km, offset_points
from radar.kernel.ids import make_numbers


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
        ctx.prog, rng, rng.choice(len(ctx.prog), int(in_scope.sum()), p=ctx.prog_weight)
    )
    other_codes = np.array(sorted(OTHER_NACE), dtype=object)
    other_w = np.array([OTHER_NACE[c] for c in other_codes], dtype=float)
    rest_nace[~in_scope] = to_subclass(
        rng,
        rng.choice(other_codes, int((~in_scope).sum()), p=other_w / other_w.sum()),
    )
    mun_idx = np.concatenate([pool.mun, rest_mun])
    nace_main = np.concatenate([pool.nace, rest_nace])
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
    ent_of, ent_size = _enterprises(rng, nace_main)
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
    # An enterprise is named after its trade, which all its establishments share.
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
    codes = nace_for_programmes(ctx.prog, rng, prog_sorted)
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


def _enterprises(
    rng: np.random.Generator, nace: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Group establishments into enterprises (most have one, chains more).

    A chain's establishments share their trade (``trade_key`` of the main NACE
    code), so the enterprise's name fits every one of them.
    """
    n = len(nace)
    keys = np.array([trade_key(c) for c in nace.tolist()], dtype=object)
    order = np.lexsort((rng.random(n), keys))
    sizes = np.where(rng.random(n) < 0.9, 1, 2 + np.minimum(rng.geometric(0.35, n), 28))
    bounds = np.flatnonzero(keys[order][1:] != keys[order][:-1]) + 1
    ent_sizes: list[int] = []
    drawn = 0
    for lo, hi in zip([0, *bounds.tolist()], [*bounds.tolist(), n], strict=True):
        left = hi - lo
        while left > 0:
            size = min(int(sizes[drawn % n]), left)
            drawn += 1
            ent_sizes.append(size)
            left -= size
    size_a = np.array(ent_sizes)
    ent_of = np.empty(n, dtype=np.int64)
    ent_of[order] = np.repeat(np.arange(len(size_a)), size_a)
    return ent_of, size_a


def _names(rng: np.random.Generator, nace: np.ndarray) -> np.ndarray:
    """Trade names: a word for the main activity, a surname and a legal form
    (mostly VZW in the non-profit divisions)."""
    surname = rng.choice(np.array(SURNAMES, dtype=object), len(nace))
    form = rng.choice(np.array(LEGAL_FORMS, dtype=object), len(nace))
    nonprofit = np.array([c[:2] in NONPROFIT_DIVISIONS for c in nace.tolist()], bool)
    form[nonprofit & (rng.random(len(nace)) < 0.7)] = "VZW"
    u = rng.random(len(nace))
    out = np.empty(len(nace), dtype=object)
    for i, code in enumerate(nace.tolist()):
        words = trade_words(code)
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
