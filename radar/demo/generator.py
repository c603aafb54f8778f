"""Seeded generator of the synthetic demo dataset, calibrated on public figures.

``python -m radar demo --out data/demo`` writes a complete dataset. The same seed gives
the same tables. Calibration (see data/README.md for the reasoning):

- recognitions valid on 2022-02-07 reproduce the published province table exactly
  (``PROVINCE_TABLE_2022``), both recognitions and unique establishments;
- recognitions run five years from their start (2016 onwards), are renewed with
  probability ``RENEWAL_RATE``, and after 2022 the active count follows
  ``ACTIVE_TARGETS`` (towards the ~30,000 workplaces Voka reported in 2025);
- recognitions spread over the catalogue by sector (``SECTOR_SHARES``, construction
  largest) and over municipalities by population and economic weight;
- ~300 lesplaatsen offer 2-8 programmes each; learners per school year follow
  ``LEARNERS_PER_YEAR`` (2,338 in 2021-22) exactly;
- learners on the extract date are placed at nearby recognised workplaces, so that about
  a fifth of recognised establishments host one;
- the establishments universe is KBO-like, recognised establishments are members and
  their NACE codes fit their programmes; every point lies within its municipality's
  radius of the municipality's point.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from radar.kernel import schema as s
from radar.kernel.calendar import school_year_of, school_year_start
from radar.kernel.geo import haversine_km, municipality_radius_km, offset_points
from radar.kernel.ids import make_numbers
from radar.kernel.load import Dataset, coerce

DEFAULT_SEED = 20220207
"""Seed of the demo generator; the same seed gives the same tables."""
DEFAULT_ESTABLISHMENTS = 200_000
"""Size of the demo KBO-style establishments universe."""
SNAPSHOT_2022 = pd.Timestamp("2022-02-07")
EXTRACT_DATE = pd.Timestamp("2026-10-01")
FIRST_DAY = pd.Timestamp("2016-01-01")
VALID_YEARS = 5
RENEWAL_RATE = 0.75
_EPOCH = date(1970, 1, 1)

# Written parliamentary question nr. 337 of 7 Feb 2022:
# (recognitions, unique establishments) per province.
PROVINCE_TABLE_2022: dict[str, tuple[int, int]] = {
    "04000": (315, 242),
    "10000": (4010, 2648),
    "70000": (2110, 1315),
    "40000": (3471, 2273),
    "20001": (2080, 1330),
    "30000": (2906, 1872),
}

# Active recognitions on these dates (reasoned growth curve; see data/README.md).
ACTIVE_TARGETS: dict[str, int] = {
    "2022-09-01": 16_500,
    "2023-09-01": 20_000,
    "2024-09-01": 24_500,
    "2025-09-01": 29_000,
    "2026-09-01": 32_000,
    "2027-09-01": 34_500,  # the curve goes on: the extract date falls between points
}

LEARNERS_PER_YEAR: dict[str, int] = {
    "2016-17": 130,
    "2017-18": 480,
    "2018-19": 1_050,
    "2019-20": 1_765,
    "2020-21": 2_050,
    "2021-22": 2_338,
    "2022-23": 2_814,
    "2023-24": 4_000,
    "2024-25": 5_050,
    "2025-26": 5_800,
    "2026-27": 6_300,
}

# Reasoned split of recognitions by sector partnership (calibration.md); the rest
# (3 %) is spread over the partnerships not named.
SECTOR_SHARES: dict[str, float] = {
    "Bouw": 0.30,
    "Elektrotechniek": 0.08,
    "Technologische industrie": 0.09,
    "Mobiliteit (garage, carrosserie, tweewielers)": 0.09,
    "Horeca": 0.09,
    "Voeding": 0.07,
    "Groene sectoren": 0.08,
    "Zorg en welzijn (social profit)": 0.05,
    "Kappers en schoonheidszorg": 0.04,
    "Hout en meubel": 0.03,
    "Handel": 0.03,
    "Logistiek en transport": 0.02,
}
OTHER_SECTORS_SHARE = 0.03

# Lesplaatsen that start in each school year (about 300 in all, 270 by 2021-22).
LOCATIONS_STARTING: dict[str, int] = {
    "2016-17": 15,
    "2017-18": 20,
    "2018-19": 40,
    "2019-20": 120,
    "2020-21": 45,
    "2021-22": 30,
    "2022-23": 15,
    "2023-24": 12,
    "2024-25": 8,
    "2025-26": 5,
}
PROVIDER_SHARES = {"secundair": 0.8, "CDO": 0.12, "Syntra": 0.08}

STREETS = (
    "Kerkstraat", "Stationsstraat", "Dorpsstraat", "Nieuwstraat", "Molenstraat",
    "Schoolstraat", "Industrieweg", "Kapelstraat", "Beekstraat", "Veldstraat",
    "Hoogstraat", "Ambachtenlaan", "Zandstraat", "Bosstraat", "Kouterstraat",
    "Ringlaan", "Brugstraat", "Meersstraat", "Nijverheidsstraat", "Lindelaan",
)  # fmt: skip
SURNAMES = (
    "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens",
    "Wouters", "De Smet", "Dubois", "Lambert", "Dumont", "Pauwels", "Hermans",
    "Vermeulen", "Van den Broeck", "Martens", "Desmet", "Michiels", "Verstraete",
    "Cools", "Declercq", "Smets", "Van Damme", "Hendrickx", "Aerts", "Stevens",
    "Vandenberghe", "Lemmens", "Coppens", "Verhoeven", "Segers", "Baert", "De Vos",
    "Van de Velde", "Bogaert",
)  # fmt: skip
LEGAL_FORMS = ("BV", "BV", "BV", "NV", "CommV", "VZW", "")
# Trade words by NACE division (first two digits); the fallback is "Onderneming".
TRADE_WORDS: dict[str, tuple[str, ...]] = {
    "01": ("Landbouwbedrijf", "Hoeve", "Kwekerij"),
    "02": ("Bosbouw",),
    "10": ("Bakkerij", "Slagerij", "Voedingsbedrijf"),
    "16": ("Houtbewerking", "Schrijnwerkerij"),
    "25": ("Metaalwerken", "Constructiewerkhuis"),
    "28": ("Machinebouw",),
    "31": ("Meubelmakerij", "Interieur"),
    "33": ("Herstellingen", "Onderhoud"),
    "41": ("Bouwonderneming", "Algemene Bouw"),
    "42": ("Wegenbouw", "Grondwerken"),
    "43": ("Bouwwerken", "Dakwerken", "Elektro", "Sanitair", "Schilderwerken"),
    "45": ("Garage", "Carrosserie", "Bandencentrale"),
    "46": ("Groothandel",),
    "47": ("Winkel", "Handelszaak"),
    "49": ("Transport",),
    "52": ("Logistiek", "Opslag"),
    "55": ("Hotel",),
    "56": ("Restaurant", "Brasserie", "Traiteur"),
    "81": ("Tuinaanleg", "Schoonmaak"),
    "86": ("Zorgcentrum",),
    "87": ("Woonzorgcentrum",),
    "88": ("Kinderopvang",),
    "96": ("Kapsalon", "Schoonheidssalon"),
}

# NACE classes outside the programmes' scope, for the rest of the universe,
# with weights.
OTHER_NACE = {
    "4711": 3,
    "4719": 1,
    "4778": 2,
    "4771": 2,
    "4690": 2,
    "4669": 1,
    "4941": 2,
    "6201": 3,
    "6202": 2,
    "6420": 4,
    "6820": 4,
    "6831": 2,
    "6910": 3,
    "6920": 3,
    "7022": 5,
    "7111": 2,
    "7311": 1,
    "7410": 1,
    "7490": 2,
    "8299": 2,
    "8559": 2,
    "8621": 2,
    "8622": 1,
    "8690": 3,
    "8810": 1,
    "9004": 1,
    "9311": 1,
    "9499": 3,
    "6619": 1,
    "6622": 1,
    "5814": 1,
    "7320": 1,
    "8010": 1,
    "8230": 1,
    "9602": 2,
    "0111": 2,
    "4120": 3,
    "4332": 1,
    "4520": 1,
    "5610": 3,
    "1071": 1,
}


@dataclass(frozen=True)
class _Recs:
    """Recognitions under construction: indices into the establishment pool."""

    est: np.ndarray
    prog: np.ndarray
    start: np.ndarray  # days since epoch
    end: np.ndarray  # days since epoch, exclusive


def _day(ts: pd.Timestamp | str) -> int:
    return int(pd.Timestamp(ts).value // 86_400_000_000_000)


def _plus_year(day: int, years: int) -> int:
    d = _EPOCH + timedelta(days=int(day))
    try:
        moved = d.replace(year=d.year + years)
    except ValueError:  # 29 February: the recognition runs to 1 March
        moved = date(d.year + years, 3, 1)
    return (moved - _EPOCH).days


def _plus_years(days: np.ndarray, years: int) -> np.ndarray:
    return np.array([_plus_year(d, years) for d in np.asarray(days).tolist()], np.int64)


class _Generator:
    """Holds the seeded RNG and reference tables while the tables are built."""

    def __init__(self, ref: dict[str, pd.DataFrame], seed: int) -> None:
        self.rng = np.random.default_rng(seed)
        self.mun = ref["municipalities"].reset_index(drop=True)
        self.postal = ref["postal_codes"]
        self.prog = ref["programmes"].reset_index(drop=True)
        self.prog_end = self._programme_end_days()
        self.prog_weight = self._programme_weights()
        self.prog_index = {pid: i for i, pid in enumerate(self.prog[s.PROGRAMME_ID])}
        # Economic weight: larger towns carry more than their share of establishments.
        pop = self.mun[s.POPULATION].to_numpy(dtype=float)
        self.mun_weight = pop**1.1
        self.est_nis: list[np.ndarray] = []
        self.est_partner_prog: list[np.ndarray] = []
        self._cand_cache: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def _programme_end_days(self) -> np.ndarray:
        end = self.prog[s.PROGRAMME_VALID_TO]
        # A programme valid to 31 Aug counts through that day: exclusive end is 1 Sept.
        days = (end + pd.Timedelta(days=1)).values.astype("datetime64[D]")
        out = days.astype(np.int64)
        out[end.isna().to_numpy()] = np.iinfo(np.int64).max // 2
        return out

    def _programme_weights(self) -> np.ndarray:
        partner = self.prog[s.PARTNERSHIP].to_numpy()
        named = set(SECTOR_SHARES)
        others = sorted(set(partner) - named)
        share = {
            **SECTOR_SHARES,
            **{p: OTHER_SECTORS_SHARE / len(others) for p in others},
        }
        # Within a partnership some programmes are far more popular than others; the
        # old seventh years that end in 2025 are niche.
        popularity = self.rng.lognormal(0.0, 0.8, len(partner))
        popularity[self.prog[s.PROGRAMME_VALID_TO].notna().to_numpy()] *= 0.3
        weight = np.zeros(len(partner))
        for p in share:
            members = partner == p
            weight[members] = share[p] * popularity[members] / popularity[members].sum()
        return weight / weight.sum()

    def valid_programmes(self, day: int) -> np.ndarray:
        """Programme weights restricted to programmes still taught on ``day``."""
        w = np.where(self.prog_end > day, self.prog_weight, 0.0)
        return w / w.sum()

    def pick_nis(self, n: int, province: str | None = None) -> np.ndarray:
        """Draw ``n`` municipality rows by economic weight (within a province)."""
        w = self.mun_weight.copy()
        if province is not None:
            w[self.mun[s.PROVINCE_NIS].to_numpy() != province] = 0.0
        return self.rng.choice(len(w), size=n, p=w / w.sum())

    def new_establishments(
        self, mun_idx: np.ndarray, main_prog: np.ndarray
    ) -> np.ndarray:
        """Register recognised establishments in the pool; return their indices."""
        first = sum(len(a) for a in self.est_nis)
        self.est_nis.append(mun_idx)
        self.est_partner_prog.append(main_prog)
        return np.arange(first, first + len(mun_idx))

    def candidates(self, main: int) -> tuple[np.ndarray, np.ndarray]:
        """Programmes an establishment recognised for ``main`` also takes on.

        Related programmes weigh three times as much as others of the same partnership.
        """
        rel = self.prog.at[main, s.RELATED_IDS]
        related = [self.prog_index[r] for r in rel.split(";") if r]
        partner = (
            self.prog[s.PARTNERSHIP].to_numpy() == self.prog.at[main, s.PARTNERSHIP]
        )
        bonus = np.where(partner, 1.0, 0.0)
        bonus[related] = 3.0
        bonus[main] = 0.0
        idx = np.flatnonzero(bonus)
        return idx, bonus[idx]

    def programme_set(self, main: int, k: int, valid: np.ndarray) -> list[int]:
        """Pick ``k`` distinct programmes starting with ``main``."""
        chosen = [main]
        if k > 1:
            idx, bonus = self._cand_cache.setdefault(main, self.candidates(main))
            w = bonus * valid[idx]
            take = min(k - 1, int(np.count_nonzero(w)))
            if take:
                chosen += self.rng.choice(
                    idx, take, replace=False, p=w / w.sum()
                ).tolist()
        if len(chosen) < k:
            w = valid.copy()
            w[chosen] = 0.0
            more = self.rng.choice(
                len(w), k - len(chosen), replace=False, p=w / w.sum()
            )
            chosen += more.tolist()
        return chosen

    def counts_per_establishment(self, total: int, n: int, cap: int = 8) -> np.ndarray:
        """Split ``total`` recognitions over ``n`` establishments, each 1 to ``cap``."""
        weights = self.rng.gamma(0.35, 1.0, n) + 1e-9
        counts = 1 + self.rng.multinomial(total - n, weights / weights.sum())
        while (over := counts > cap).any():
            surplus = int((counts[over] - cap).sum())
            counts[over] = cap
            room = np.flatnonzero(counts < cap)
            add = self.rng.choice(room, surplus, replace=True)
            np.add.at(counts, add, 1)
        return counts

    def snapshot_recognitions(self) -> _Recs:
        """Recognitions valid on 2022-02-07, province by province, plus their
        predecessors (2016-17 recognitions renewed five years later)."""
        snap = _day(SNAPSHOT_2022)
        valid = self.valid_programmes(snap)
        lo, renew_lo = _day("2017-02-08"), _day("2021-01-01")
        est_l, prog_l = [], []
        for province, (n_rec, n_est) in PROVINCE_TABLE_2022.items():
            mains = self.rng.choice(len(valid), n_est, p=valid)
            est = self.new_establishments(self.pick_nis(n_est, province), mains)
            counts = self.counts_per_establishment(n_rec, n_est)
            for e, m, k in zip(
                est.tolist(), mains.tolist(), counts.tolist(), strict=True
            ):
                progs = self.programme_set(m, k, valid)
                est_l += [e] * k
                prog_l += progs
        est_a, prog_a = np.array(est_l), np.array(prog_l)
        n = len(est_a)
        renewed = self.rng.random(n) < 0.35
        start = np.where(
            renewed,
            self.rng.integers(renew_lo, snap + 1, n),
            lo + ((snap - lo) * self.rng.random(n) ** 0.75).astype(np.int64),
        )
        end = np.minimum(_plus_years(start, VALID_YEARS), self.prog_end[prog_a])
        pred_start = _plus_years(start[renewed], -VALID_YEARS)
        return _Recs(
            est=np.concatenate([est_a, est_a[renewed]]),
            prog=np.concatenate([prog_a, prog_a[renewed]]),
            start=np.concatenate([start, pred_start]),
            end=np.concatenate([end, start[renewed]]),
        )

    def former_recognitions(self, n_expired: int = 500, n_ended: int = 250) -> _Recs:
        """Recognitions that ended before 2022-02-07: not renewed after five years, or
        stopped early (opgeheven). They make 'formerly recognised' establishments."""
        snap = _day(SNAPSHOT_2022)
        n = n_expired + n_ended
        valid = self.valid_programmes(snap)
        prog = self.rng.choice(len(valid), n, p=valid)
        est = self.new_establishments(self.pick_nis(n), prog)
        start_expired = self.rng.integers(
            _day(FIRST_DAY), _day("2017-02-08"), n_expired
        )
        start_ended = self.rng.integers(_day("2017-01-01"), _day("2021-07-01"), n_ended)
        end_ended = np.minimum(
            start_ended + self.rng.integers(180, 1500, n_ended), snap
        )
        return _Recs(
            est=est,
            prog=prog,
            start=np.concatenate([start_expired, start_ended]),
            end=np.concatenate([_plus_years(start_expired, VALID_YEARS), end_ended]),
        )

    def target_active(self, day: int) -> float:
        """Interpolate the active-recognition growth curve at ``day``."""
        xs = [_day(SNAPSHOT_2022), *(_day(d) for d in ACTIVE_TARGETS)]
        ys = [sum(r for r, _ in PROVINCE_TABLE_2022.values()), *ACTIVE_TARGETS.values()]
        return float(np.interp(day, xs, ys))

    def grow(self, recs: _Recs) -> _Recs:
        """Month by month after 2022-02-07: renew expiring recognitions, then grant new
        ones until the active count meets the growth curve."""
        est, prog = list(recs.est), list(recs.prog)
        start, end = list(recs.start), list(recs.end)
        latest_end: dict[tuple[int, int], int] = {}
        for e, p, t in zip(est, prog, end, strict=True):
            latest_end[(e, p)] = max(t, latest_end.get((e, p), t))
        shares = np.array([r for r, _ in PROVINCE_TABLE_2022.values()], dtype=float)
        provinces = list(PROVINCE_TABLE_2022)
        shares[provinces.index("30000")] *= 1.15  # West-Vlaanderen grows fastest
        months = pd.date_range(SNAPSHOT_2022, EXTRACT_DATE, freq="MS")
        bounds = [
            _day(SNAPSHOT_2022) + 1,
            *(_day(m) for m in months[1:]),
            _day(EXTRACT_DATE),
        ]
        for lo, hi in zip(bounds[:-1], bounds[1:], strict=True):
            if hi <= lo:
                continue
            end_a = np.array(end)
            for i in np.flatnonzero((end_a >= lo) & (end_a < hi)).tolist():
                p = prog[i]
                if self.prog_end[p] > end[i] and self.rng.random() < RENEWAL_RATE:
                    self._append(est, prog, start, end, latest_end, est[i], p, end[i])
            start_a, end_a = np.array(start), np.array(end)
            active = int(((start_a <= hi) & (end_a > hi)).sum())
            need = int(round(self.target_active(hi))) - active
            if need <= 0:
                continue
            valid = self.valid_programmes(hi + 1)
            days = self.rng.integers(lo, hi, need)
            to_existing = self.rng.random(need) < 0.35
            active_est = np.unique(np.array(est)[(start_a <= lo) & (end_a > lo)])
            fresh: list[int] = []
            for j in range(need):
                if to_existing[j] and len(active_est):
                    e = int(self.rng.choice(active_est))
                    main = int(self._main_of(e))
                    p = self.programme_set(main, 2, valid)[1]
                    if latest_end.get((e, p), -1) <= days[j]:
                        self._append(est, prog, start, end, latest_end, e, p, days[j])
                        continue
                fresh.append(j)
            if fresh:
                k = len(fresh)
                prov = self.rng.choice(len(provinces), k, p=shares / shares.sum())
                mains = self.rng.choice(len(valid), k, p=valid)
                mun = np.array(
                    [self.pick_nis(1, provinces[q])[0] for q in prov.tolist()]
                )
                new = self.new_establishments(mun, mains)
                for e, p, j in zip(new.tolist(), mains.tolist(), fresh, strict=True):
                    self._append(est, prog, start, end, latest_end, e, p, days[j])
        return _Recs(np.array(est), np.array(prog), np.array(start), np.array(end))

    def _main_of(self, e: int) -> int:
        flat = self._main_flat()
        return int(flat[e])

    def _main_flat(self) -> np.ndarray:
        n = sum(len(a) for a in self.est_partner_prog)
        if getattr(self, "_main_cache_n", -1) != n:
            self._main_cache = np.concatenate(self.est_partner_prog)
            self._main_cache_n = n
        return self._main_cache

    def _append(
        self,
        est: list[int],
        prog: list[int],
        start: list[int],
        end: list[int],
        latest_end: dict[tuple[int, int], int],
        e: int,
        p: int,
        day: int,
    ) -> None:
        stop = min(_plus_year(day, VALID_YEARS), int(self.prog_end[p]))
        est.append(e)
        prog.append(p)
        start.append(int(day))
        end.append(stop)
        latest_end[(e, p)] = stop

    def nace_for_programmes(self, prog: np.ndarray) -> np.ndarray:
        """Draw a 5-digit KBO NACE code fitting each programme's prefixes."""
        prefixes = self.prog[s.NACE_PREFIXES].str.split(";").tolist()
        pick = self.rng.random(len(prog))
        codes = [
            prefixes[p][int(u * len(prefixes[p]))]
            for p, u in zip(prog.tolist(), pick, strict=True)
        ]
        return self._to_subclass(np.array(codes, dtype=object))

    def _to_subclass(self, codes: np.ndarray) -> np.ndarray:
        """Extend 3- or 4-digit NACE prefixes to 5-digit subclasses.

        Synthetic but stable: a class whose digits sum to an even number has
        subclasses 1 and 2, any other class the single subclass 0.
        """
        out = np.empty(len(codes), dtype=object)
        u = self.rng.random(len(codes))
        extra = self.rng.integers(1, 10, len(codes))
        for i, c in enumerate(codes.tolist()):
            if len(c) == 3:
                c = f"{c}{extra[i]}"
            even = sum(int(ch) for ch in c) % 2 == 0
            out[i] = c + (("1" if u[i] < 0.6 else "2") if even else "0")
        return out

    def universe(self, recs: _Recs, n_total: int) -> pd.DataFrame:
        """The KBO-style establishments table: the recognised pool first, then the
        rest of the economy, grouped into enterprises, named, placed and numbered."""
        rng = self.rng
        pool_mun = np.concatenate(self.est_nis)
        pool_main = np.concatenate(self.est_partner_prog)
        n_pool = len(pool_mun)
        n_rest = max(0, n_total - n_pool)
        rest_mun = rng.choice(
            len(self.mun), n_rest, p=self.mun_weight / self.mun_weight.sum()
        )
        # 40 % of the wider economy works in the programmes' sectors (future prospects).
        in_scope = rng.random(n_rest) < 0.4
        rest_nace = np.empty(n_rest, dtype=object)
        rest_nace[in_scope] = self.nace_for_programmes(
            rng.choice(len(self.prog), int(in_scope.sum()), p=self.prog_weight)
        )
        other_codes = np.array(sorted(OTHER_NACE), dtype=object)
        other_w = np.array([OTHER_NACE[c] for c in other_codes], dtype=float)
        rest_nace[~in_scope] = self._to_subclass(
            rng.choice(other_codes, int((~in_scope).sum()), p=other_w / other_w.sum())
        )
        mun_idx = np.concatenate([pool_mun, rest_mun])
        nace_main = np.concatenate([self.nace_for_programmes(pool_main), rest_nace])
        nace_other = self._other_codes(recs, n_pool, nace_main)
        employer = np.concatenate([rng.random(n_pool) < 0.9, rng.random(n_rest) < 0.45])
        first_rec = np.full(n_pool, _day(EXTRACT_DATE))
        np.minimum.at(first_rec, recs.est, recs.start)
        start = np.concatenate(
            [
                first_rec - rng.integers(365, 30 * 365, n_pool),
                rng.integers(_day("1970-01-01"), _day("2026-06-01"), n_rest),
            ]
        )
        n = len(mun_idx)
        mun = self.mun
        lat, lng = offset_points(
            mun[s.LAT].to_numpy()[mun_idx],
            mun[s.LNG].to_numpy()[mun_idx],
            0.6 * municipality_radius_km(mun[s.AREA_KM2].to_numpy()[mun_idx]),
            rng,
        )
        ent_of, ent_size = self._enterprises(n)
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
        ent_name = self._names(nace_main[first_member])
        town = mun[s.NAME_NL].to_numpy()[mun_idx]
        chain = ent_size[ent_of] > 1
        name = ent_name[ent_of].astype(object)
        name[chain] = name[chain] + " - " + town[chain]
        return pd.DataFrame(
            {
                s.ESTABLISHMENT_NUMBER: est_numbers,
                s.ENTERPRISE_NUMBER: ent_numbers[ent_of],
                s.NAME: name,
                s.ADDRESS: self._addresses(mun_idx),
                s.NACE_MAIN: nace_main,
                s.NACE_OTHER: nace_other,
                s.IS_EMPLOYER: employer,
                s.START_DATE: pd.to_datetime(start, unit="D"),
                s.NIS: mun[s.NIS].to_numpy()[mun_idx],
                s.LAT: lat,
                s.LNG: lng,
            }
        )

    def _other_codes(self, recs: _Recs, n_pool: int, main: np.ndarray) -> np.ndarray:
        """Secondary NACE codes: the other programmes of a recognised establishment,
        and for a third of everyone one more code from the wider economy."""
        out = np.full(len(main), "", dtype=object)
        order = np.argsort(recs.est, kind="stable")
        est_sorted, prog_sorted = recs.est[order], recs.prog[order]
        codes = self.nace_for_programmes(prog_sorted)
        extra: dict[int, list[str]] = {}
        for e, c in zip(est_sorted.tolist(), codes.tolist(), strict=True):
            if c != main[e] and c not in extra.setdefault(e, []):
                extra[e].append(c)
        for e, cs in extra.items():
            out[e] = ";".join(cs[:8])
        more = np.flatnonzero(self.rng.random(len(main)) < 0.33)
        other_codes = np.array(sorted(OTHER_NACE), dtype=object)
        picks = self._to_subclass(self.rng.choice(other_codes, len(more)))
        for i, c in zip(more.tolist(), picks.tolist(), strict=True):
            if c != main[i]:
                out[i] = f"{out[i]};{c}" if out[i] else c
        return out

    def _enterprises(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        """Group ``n`` establishments into enterprises (most have one, chains more)."""
        sizes = np.where(
            self.rng.random(n) < 0.9, 1, 2 + np.minimum(self.rng.geometric(0.35, n), 28)
        )
        sizes = sizes[: np.searchsorted(np.cumsum(sizes), n) + 1]
        sizes[-1] -= int(sizes.sum()) - n
        ent_of = np.repeat(np.arange(len(sizes)), sizes)
        return self.rng.permutation(ent_of), sizes

    def _names(self, nace: np.ndarray) -> np.ndarray:
        surname = self.rng.choice(np.array(SURNAMES, dtype=object), len(nace))
        form = self.rng.choice(np.array(LEGAL_FORMS, dtype=object), len(nace))
        u = self.rng.random(len(nace))
        out = np.empty(len(nace), dtype=object)
        for i, code in enumerate(nace.tolist()):
            words = TRADE_WORDS.get(code[:2], ("Onderneming",))
            out[i] = f"{words[int(u[i] * len(words))]} {surname[i]} {form[i]}".strip()
        return out

    def _addresses(self, mun_idx: np.ndarray) -> np.ndarray:
        postal = self.postal.sort_values([s.NIS, s.POSTCODE])
        by_nis = postal.groupby(s.NIS)[s.POSTCODE].agg(list).to_dict()
        nis = self.mun[s.NIS].to_numpy()
        names = self.mun[s.NAME_NL].to_numpy()
        codes = [by_nis.get(v, ["0000"]) for v in nis]
        street = self.rng.choice(np.array(STREETS, dtype=object), len(mun_idx))
        number = self.rng.integers(1, 250, len(mun_idx))
        u = self.rng.random(len(mun_idx))
        return np.array(
            [
                f"{st} {no}, {codes[m][int(x * len(codes[m]))]} {names[m]}"
                for st, no, m, x in zip(
                    street, number.tolist(), mun_idx.tolist(), u, strict=True
                )
            ],
            dtype=object,
        )

    def lesplaatsen(self) -> pd.DataFrame:
        """About 300 school locations with provider type, first school year and name."""
        rng = self.rng
        years = np.repeat(list(LOCATIONS_STARTING), list(LOCATIONS_STARTING.values()))
        n = len(years)
        kinds = rng.choice(list(PROVIDER_SHARES), n, p=list(PROVIDER_SHARES.values()))
        pop = self.mun[s.POPULATION].to_numpy(dtype=float)
        mun_idx = np.empty(n, dtype=np.int64)
        for kind, power in (("secundair", 0.8), ("CDO", 1.5), ("Syntra", 1.5)):
            m = kinds == kind
            w = pop**power
            mun_idx[m] = rng.choice(len(pop), int(m.sum()), p=w / w.sum())
        lat, lng = offset_points(
            self.mun[s.LAT].to_numpy()[mun_idx],
            self.mun[s.LNG].to_numpy()[mun_idx],
            0.4 * municipality_radius_km(self.mun[s.AREA_KM2].to_numpy()[mun_idx]),
            rng,
        )
        school = rng.choice(np.arange(100_000, 200_000), n, replace=False)
        town = self.mun[s.NAME_NL].to_numpy()[mun_idx]
        patron = rng.choice(
            np.array(
                [
                    "Sint-Jozef",
                    "Sint-Lucas",
                    "Don Bosco",
                    "GO! Atheneum",
                    "VTI",
                    "Technisch Instituut",
                    "Sint-Victor",
                    "KTA",
                    "Heilig Hart",
                ]
            ),
            n,
        )
        name = np.where(
            kinds == "secundair",
            np.char.add(np.char.add(patron.astype(str), " "), town.astype(str)),
            np.where(
                kinds == "CDO",
                np.char.add("Centrum voor Leren en Werken ", town.astype(str)),
                np.char.add("Syntra campus ", town.astype(str)),
            ),
        )
        return pd.DataFrame(
            {
                s.SCHOOL_ID: school.astype(str),
                s.LOCATION_ID: [f"{sc}01" for sc in school.tolist()],
                s.SCHOOL_NAME: name,
                s.PROVIDER_TYPE: kinds,
                "first_year": years,
                s.NIS: self.mun[s.NIS].to_numpy()[mun_idx],
                s.LAT: lat,
                s.LNG: lng,
            }
        )

    def offerings(self, places: pd.DataFrame) -> pd.DataFrame:
        """One row per location x programme x school year, learners per year exact."""
        rng = self.rng
        all_years = list(LEARNERS_PER_YEAR)
        rows: list[tuple[int, int, str]] = []
        for loc, first in enumerate(places["first_year"].tolist()):
            k = int(rng.integers(2, 9))
            first_day = _day(school_year_start(first))
            offered = self.programme_set(
                int(rng.choice(len(self.prog), p=self.valid_programmes(first_day))),
                k,
                self.valid_programmes(first_day),
            )
            for year in all_years[all_years.index(first) :]:
                day = _day(school_year_start(year))
                valid = self.valid_programmes(day)
                # A programme that is no longer taught is replaced by one still taught.
                for i, p in enumerate(offered):
                    if self.prog_end[p] <= day:
                        w = valid.copy()
                        w[offered] = 0.0
                        offered[i] = int(rng.choice(len(w), p=w / w.sum()))
                rows += [(loc, p, year) for p in offered]
        loc_a = np.array([r[0] for r in rows])
        prog_a = np.array([r[1] for r in rows])
        year_a = np.array([r[2] for r in rows], dtype=object)
        # Learners: a multinomial over the year's offerings, so totals are exact.
        appeal = rng.lognormal(0.0, 0.9, len(places))[loc_a] * (
            self.prog_weight[prog_a] ** 0.5
        )
        learners = np.zeros(len(rows), dtype=np.int64)
        for year, total in LEARNERS_PER_YEAR.items():
            m = year_a == year
            w = appeal[m]
            learners[m] = rng.multinomial(total, w / w.sum())
        frame = places.iloc[loc_a].reset_index(drop=True)
        pid = self.prog[s.PROGRAMME_ID].to_numpy()[prog_a]
        frame[s.PROGRAMME_ID] = pid
        frame[s.SCHOOL_YEAR] = year_a
        frame[s.LEARNERS] = learners
        frame[s.OFFERING_ID] = [
            f"{loc}-{p}-{y}"
            for loc, p, y in zip(frame[s.LOCATION_ID], pid, year_a, strict=True)
        ]
        return frame.drop(columns="first_year")

    def learners_hosted(
        self, recs: _Recs, est: pd.DataFrame, offerings: pd.DataFrame
    ) -> np.ndarray:
        """Place the extract year's learners at recognised workplaces near their
        lesplaats (Gaussian preference, 15 km scale); return learners per
        recognition."""
        today = _day(EXTRACT_DATE)
        year = school_year_of(EXTRACT_DATE)
        hosted = np.zeros(len(recs.est), dtype=np.int64)
        active = (recs.start <= today) & (recs.end > today)
        lat = est[s.LAT].to_numpy()[recs.est]
        lng = est[s.LNG].to_numpy()[recs.est]
        now = offerings[
            (offerings[s.SCHOOL_YEAR] == year) & (offerings[s.LEARNERS] > 0)
        ]
        for row in now.itertuples(index=False):
            p = self.prog_index[getattr(row, s.PROGRAMME_ID)]
            cand = np.flatnonzero(active & (recs.prog == p))
            if not len(cand):
                continue
            d = haversine_km(
                getattr(row, s.LAT), getattr(row, s.LNG), lat[cand], lng[cand]
            )
            w = np.exp(-0.5 * (d / 15.0) ** 2) + 1e-6
            picks = self.rng.choice(cand, getattr(row, s.LEARNERS), p=w / w.sum())
            np.add.at(hosted, picks, 1)
        return hosted


def generate(
    ref: dict[str, pd.DataFrame],
    seed: int = DEFAULT_SEED,
    establishments: int = DEFAULT_ESTABLISHMENTS,
) -> Dataset:
    """Generate the demo dataset from the reference tables (deterministic per seed)."""
    g = _Generator(ref, seed)
    snap = g.snapshot_recognitions()
    former = g.former_recognitions()
    recs = g.grow(
        _Recs(
            *(
                np.concatenate([getattr(snap, f), getattr(former, f)])
                for f in ("est", "prog", "start", "end")
            )
        )
    )
    est = g.universe(recs, establishments)
    places = g.lesplaatsen()
    offerings = g.offerings(places)
    hosted = g.learners_hosted(recs, est, offerings)
    order = np.lexsort((recs.prog, recs.start, recs.est))
    take = est.iloc[recs.est[order]].reset_index(drop=True)
    recognitions = pd.DataFrame(
        {
            s.RECOGNITION_ID: [f"E{i + 1:06d}" for i in range(len(order))],
            s.ENTERPRISE_NUMBER: take[s.ENTERPRISE_NUMBER],
            s.ESTABLISHMENT_NUMBER: take[s.ESTABLISHMENT_NUMBER],
            s.NAME: take[s.NAME],
            s.PROGRAMME_ID: g.prog[s.PROGRAMME_ID].to_numpy()[recs.prog[order]],
            s.VALID_FROM: pd.to_datetime(recs.start[order], unit="D"),
            s.VALID_TO: pd.to_datetime(recs.end[order], unit="D"),
            s.LEARNERS_HOSTED: hosted[order],
            s.NIS: take[s.NIS],
            s.LAT: take[s.LAT],
            s.LNG: take[s.LNG],
        }
    )
    meta = {
        "kind": "demo",
        "label": "demodata (synthetisch)",
        "seed": seed,
        "establishments": len(est),
        "extract_date": EXTRACT_DATE.date().isoformat(),
        "source": "synthetisch, gegenereerd door radar.demo uit de referentietabellen",
    }
    return Dataset(
        programmes=ref["programmes"],
        municipalities=ref["municipalities"],
        postal_codes=ref["postal_codes"],
        offerings=coerce(offerings, s.OFFERINGS),
        recognitions=coerce(recognitions, s.RECOGNITIONS),
        establishments=coerce(est, s.ESTABLISHMENTS),
        meta=meta,
    )
