"""Benchmark of the heavy paths at real scale: ``python -m radar bench``.

Generates (once) or reuses a dataset with N establishments under ``data/bench/``, then
times each path several times and reports the median, min and max.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from radar import demo
from radar.kernel import load
from radar.kernel import schema as s
from radar.kernel.paths import BENCH_DIR, REFERENCE_DIR
from radar.policy.tables import recognition_table

ESTABLISHMENTS = 1_000_000
"""Size of the benchmark dataset (real scale)."""
KBO_ESTABLISHMENTS = 2_000_000
"""Establishments in the generated KBO zip of the ingest benchmark."""


@dataclass(frozen=True)
class BenchRow:
    """Timings of one path, in milliseconds."""

    name: str
    median_ms: float
    min_ms: float
    max_ms: float
    runs: int


def time_it(name: str, fn: Callable[[], object], runs: int) -> BenchRow:
    """Run ``fn`` once to warm up, then ``runs`` times; return the timings."""
    fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return BenchRow(name, statistics.median(times), min(times), max(times), runs)


def bench_dataset(n_establishments: int, folder: Path = BENCH_DIR) -> Path:
    """Return the folder of the bench dataset, generating it if it is missing."""
    path = folder / f"est-{n_establishments}"
    if not load.is_dataset(path):
        ds = demo.generate(
            load.read_reference(REFERENCE_DIR), establishments=n_establishments
        )
        load.write_dataset(ds, path)
    return path


def run(n_establishments: int, runs: int = 5) -> list[BenchRow]:
    """Time every benchmarked path on a dataset of ``n_establishments``."""
    path = bench_dataset(n_establishments)
    ds = load.load_dataset(path)
    as_of = pd.Timestamp("2022-02-07")
    return [
        time_it(
            f"load dataset ({len(ds.establishments):,} establishments)",
            lambda: load.load_dataset(path),
            runs,
        ),
        time_it(
            "province table as of 2022-02-07",
            lambda: recognition_table(
                ds.recognitions, ds.municipalities, ds.programmes, as_of
            ),
            runs,
        ),
        bench_suppression(ds, runs),
        *bench_supply_demand(ds, runs),
        *bench_prospects(ds, runs),
        *bench_scenario(ds, runs),
        *run_ingest(),
    ]


def bench_suppression(ds: load.Dataset, runs: int = 5) -> BenchRow:
    """Time the audited suppression (K = 5) of the largest crosstab, programme x
    arrondissement on 2022-02-07: the one-way tables it is protected with, the
    protection and its LP audit, cold (caches cleared every run). The crosstab
    itself is counted once, outside the timing."""
    from radar.policy.build import TableRequest, single_table, suppress_table
    from radar.policy.suppress import clear_caches

    as_of = pd.Timestamp("2022-02-07")
    req = TableRequest(as_of=as_of, by="programme", cross="arrondissement", suppress=5)
    values = single_table(ds, req, as_of)

    def suppress() -> pd.DataFrame:
        clear_caches()
        return suppress_table(ds, values, req)

    hidden = int((suppress().to_numpy() != 0).sum())
    label = (
        f"audited suppression, programme x arrondissement ({len(values) - 1} x "
        f"{values.shape[1] - 2} cells, {hidden:,} hidden, K = 5, cold)"
    )
    return time_it(label, suppress, runs)


def bench_supply_demand(ds: load.Dataset, runs: int = 5) -> list[BenchRow]:
    """Time the Vraag & aanbod paths: a programme change (every number the page needs,
    for the next programme each run), and accessibility for the largest programme at
    its lesplaatsen and every hexagon centre, ours against PySAL ``access`` (its
    E2SFCA with the same Gaussian weights on the same pairs)."""
    from radar.kernel.geo import pairs_within
    from radar.kernel.settings import Settings
    from radar.supply_demand import analysis
    from radar.supply_demand.catchment import (
        DEMAND,
        SUPPLY,
        decay,
        e2sfca,
    )

    settings = Settings()
    t0 = time.perf_counter()
    prep = analysis.prepare(ds)
    prepare_ms = (time.perf_counter() - t0) * 1000
    as_of = ds.extract_date
    year = ds.offerings[
        ds.offerings[s.SCHOOL_YEAR] == ds.offerings[s.SCHOOL_YEAR].max()
    ]
    busiest = year.groupby(s.PROGRAMME_ID)[s.LEARNERS].sum().sort_values()
    cycle = list(busiest.index[-max(runs + 1, 8) :])
    turn = iter(cycle * 10)

    def change() -> analysis.Analysis:
        return analysis.analyse(
            prep, next(turn), as_of, "hex7", settings, settings.related_weight
        )

    rows = [
        BenchRow(
            "supply-demand: prepare index (once per dataset)",
            prepare_ms,
            prepare_ms,
            prepare_ms,
            1,
        ),
        time_it(
            "supply-demand: programme change -> all numbers of the page "
            f"(top {len(cycle)} programmes, related 0.5)",
            change,
            runs,
        ),
    ]
    result = analysis.analyse(
        prep, cycle[-1], as_of, "hex7", settings, settings.related_weight
    )
    hexes = prep.cover_centres.assign(**{DEMAND: 0.0})
    demand = pd.concat(
        [result.demand[[s.LAT, s.LNG, DEMAND]], hexes], ignore_index=True
    )
    supply = result.supply[[s.LAT, s.LNG, SUPPLY]]
    d0 = settings.catchment_km
    label = (
        f"{cycle[-1]}: {len(supply):,} workplaces, {len(result.demand)} "
        f"lesplaatsen + {len(hexes):,} hexagon centres"
    )
    ours = time_it(
        f"accessibility, ours ({label})",
        lambda: e2sfca(supply, demand, demand, d0),
        runs,
    )
    rows.append(ours)
    try:
        from access import Access
    except ImportError:
        return rows
    ia, ik, dist = pairs_within(demand, supply, d0)
    cost = pd.DataFrame({"origin": ia, "dest": ik, "km": dist})

    def scalar_weight(c: float) -> float:
        return float(decay(np.array([c]), d0)[0]) if c <= d0 else 0.0

    def pysal() -> pd.Series:
        model = Access(
            demand_df=demand.reset_index(names="id"),
            demand_index="id",
            demand_value=DEMAND,
            supply_df=supply.reset_index(names="id"),
            supply_index="id",
            supply_value=SUPPLY,
            cost_df=cost,
            cost_origin="origin",
            cost_dest="dest",
            cost_name="km",
        )
        out: pd.Series = model.enhanced_two_stage_fca(
            max_cost=d0,
            weight_fn=scalar_weight,  # access applies it value by value
        )
        return out

    # access takes tens of seconds a run (it applies the weight value by value): one
    # timed run, no warm-up.
    t0 = time.perf_counter()
    answer = pysal()
    once = (time.perf_counter() - t0) * 1000
    reference = BenchRow(
        f"accessibility, PySAL access ({label}, pairs given; 1 run)",
        once,
        once,
        once,
        1,
    )
    out = answer.iloc[:, 0].reindex(range(len(demand)), fill_value=0.0)
    theirs = out.to_numpy(dtype=float)
    mine = e2sfca(supply, demand, demand, d0)
    # access divides by zero where a workplace reaches only hexagon centres (no
    # learners): inf/NaN there, where ours is 0 by definition. Compare the rest.
    finite = np.isfinite(theirs)
    agree = (
        float(np.max(np.abs(theirs[finite] - mine[finite]))) if finite.any() else 0.0
    )
    speedup = reference.median_ms / max(ours.median_ms, 1e-9)
    rows.append(reference)
    rows.append(
        BenchRow(
            f"  ours vs PySAL: {speedup:.0f}x faster; max |difference| {agree:.1e} "
            f"on {int(finite.sum()):,} points ({int((~finite).sum())} inf/NaN in "
            "access where no learner is in reach, 0 in ours)",
            0.0,
            0.0,
            0.0,
            0,
        )
    )
    return rows


def bench_prospects(ds: load.Dataset, runs: int = 5) -> list[BenchRow]:
    """Time prospect ranking (warm: index prepared once, outside the timing) and a
    5,000-row XLSX export, for the programme with the most NACE-matching
    establishments, in the province of Antwerp and within 15 km of a lesplaats."""
    from radar.kernel.regions import PROVINCE
    from radar.kernel.settings import Settings
    from radar.prospects import export, index, nace
    from radar.prospects import ranking as prospects

    settings = Settings()
    t0 = time.perf_counter()
    prepared = index.prepare_prospects(ds)
    prepare_ms = (time.perf_counter() - t0) * 1000
    size = {
        pid: int(np.count_nonzero(np.logical_or(*nace.nace_matches(prepared, m))))
        for pid in ds.programmes[s.PROGRAMME_ID]
        if (
            m := nace.match_codes(
                prepared.codes, nace.programme_prefixes(ds.programmes, pid)
            )
        ).any()
    }
    pid = max(sorted(size), key=size.__getitem__)
    as_of = ds.extract_date
    descriptions = nace.read_descriptions(REFERENCE_DIR)
    area = index.Area(PROVINCE.slug, "10000")
    location = prospects.programme_locations(ds, pid, as_of, settings)["id"].iloc[0]
    near = index.Area(index.NEAR, str(location), settings.prospect_radius_km)

    def rank(where: index.Area, top: int) -> prospects.ProspectResult:
        return prospects.rank_prospects(
            prepared, pid, as_of, where, settings, top_n=top, descriptions=descriptions
        )

    big = rank(area, 5000)
    label = f"{pid}, {big.n_candidates:,} candidates in provincie Antwerpen"
    return [
        BenchRow(
            "prospects: prepare index (once per dataset)",
            prepare_ms,
            prepare_ms,
            prepare_ms,
            1,
        ),
        time_it(f"prospects: rank top 100 ({label})", lambda: rank(area, 100), runs),
        time_it(
            f"prospects: rank top 100 within {settings.prospect_radius_km:g} km "
            "of a lesplaats",
            lambda: rank(near, 100),
            runs,
        ),
        time_it(
            "prospects: rank top 5,000 with reasons", lambda: rank(area, 5000), runs
        ),
        time_it(
            f"prospects: XLSX export of {len(big.table):,} rows",
            lambda: export.prospect_workbook(big, ds, as_of),
            runs,
        ),
    ]


def bench_scenario(ds: load.Dataset, runs: int = 5) -> list[BenchRow]:
    """Time Wat als for the programme with the most learners: one scenario change
    (apply, the per-lesplaats metrics and area ratios after, the comparison and the
    accessibility at every hexagon centre for the difference map; the data as it is
    is computed once, as the page caches it), a new lesplaats at the next gemeente
    each run; and the best spot among all gemeenten for a new lesplaats and for new
    workplaces (the ranking, then with the headline of the top 10)."""
    from radar.kernel.settings import Settings
    from radar.scenario import places
    from radar.scenario.apply import apply
    from radar.scenario.changes import Scenario
    from radar.scenario.compare import compare, evaluate, hexagon_change, point_access
    from radar.scenario.suggest import (
        effects,
        municipality_candidates,
        suggest_lesplaats,
        suggest_workplaces,
    )
    from radar.supply_demand import analysis

    settings = Settings()
    prep = analysis.prepare(ds)
    as_of = ds.extract_date
    year = ds.offerings[
        ds.offerings[s.SCHOOL_YEAR] == ds.offerings[s.SCHOOL_YEAR].max()
    ]
    pid = str(year.groupby(s.PROGRAMME_ID)[s.LEARNERS].sum().idxmax())
    b = places.base(prep, pid, as_of, 0.0, ds.establishments)
    centres = prep.cover_centres.assign(code=list(prep.cover_cells))
    muni = b.municipalities
    before = evaluate(b.supply, b.demand, muni, "gemeente", settings)
    access_before = point_access(before, centres, settings)
    gemeenten = iter(list(muni[s.NIS].astype(str)) * 3)

    def one_change() -> object:
        change = places.add_lesplaats(b, 20, municipality=next(gemeenten))
        supply, demand = apply(b.supply, b.demand, Scenario(pid, as_of, (change,)))
        after = evaluate(supply, demand, muni, "gemeente", settings)
        return (
            compare(before, after),
            hexagon_change(
                centres, access_before, point_access(after, centres, settings)
            ),
        )

    candidates = municipality_candidates(muni)
    empty = Scenario(pid, as_of)
    label = (
        f"{pid}: {len(b.supply):,} workplaces, {len(b.demand)} lesplaatsen, "
        f"{len(centres):,} hexagon centres"
    )
    n = f"{len(candidates)} gemeenten"
    return [
        time_it(
            f"scenario: one change, radar computation of its numbers and map data "
            f"(not the page run; {label})",
            one_change,
            runs,
        ),
        time_it(
            f"scenario: best spot for a new lesplaats, {n} (ranking)",
            lambda: suggest_lesplaats(b.supply, b.demand, candidates, 20, settings),
            runs,
        ),
        time_it(
            f"scenario: best spot for a new lesplaats, {n} (ranking + top-10 effects)",
            lambda: effects(
                b,
                empty,
                suggest_lesplaats(b.supply, b.demand, candidates, 20, settings),
                settings,
                n_learners=20,
            ),
            runs,
        ),
        time_it(
            f"scenario: best spot for 10 workplaces, {n} (ranking + top-10 effects)",
            lambda: effects(
                b,
                empty,
                suggest_workplaces(b.supply, b.demand, candidates, 10, settings),
                settings,
                n_workplaces=10,
            ),
            runs,
        ),
    ]


def format_rows(rows: list[BenchRow]) -> str:
    """Render bench rows as a Markdown table."""
    lines = [
        "| path | median ms | min ms | max ms | runs |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(
            f"| {r.name} | {r.median_ms:.1f} | {r.min_ms:.1f} "
            f"| {r.max_ms:.1f} | {r.runs} |"
        )
    return "\n".join(lines)


def _ingest_child(source: str, path: Path) -> tuple[float, float]:
    """Run ``python -m radar ingest SOURCE PATH`` into a fresh store in a child
    process; return its wall time (ms) and its own peak resident memory (GB)."""
    import os
    import shutil
    import subprocess
    import sys
    import tempfile

    from radar.kernel.errors import RadarError

    store = Path(tempfile.mkdtemp(prefix="ingest-store-", dir=BENCH_DIR))
    cmd = [sys.executable, "-m", "radar", "ingest", source, str(path)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [*cmd, "--store", str(store)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    ms = (time.perf_counter() - t0) * 1000
    shutil.rmtree(store, ignore_errors=True)
    if os.waitstatus_to_exitcode(status):
        raise RadarError(f"ingest benchmark failed: {err.decode()[-500:]}")
    return ms, usage.ru_maxrss / 1024**2  # KiB -> GiB


def run_ingest(n_establishments: int | None = None, runs: int = 1) -> list[BenchRow]:
    """Time ``python -m radar ingest`` and its peak memory on generated inputs.

    A KBO-format zip (``data/bench/kbo-<n>.zip``, n defaults to
    ``KBO_ESTABLISHMENTS``) and a 200 MB learner-count CSV
    (``data/bench/learners-200mb.csv``) are made once. Each run ingests one into a
    fresh store in a child process, so the peak memory is the child's own maximum
    resident set size, reported with its ratio to the input size. A run takes a
    minute or more: one run by default, and the row says how many.
    """
    from benchmarks.synthetic_kbo import write_kbo_zip
    from benchmarks.synthetic_learners import write_learners_csv

    n = n_establishments or KBO_ESTABLISHMENTS
    ref = load.read_reference(REFERENCE_DIR)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    archive = BENCH_DIR / f"kbo-{n}.zip"
    if not archive.exists():
        write_kbo_zip(archive, n, ref["postal_codes"], ref["municipalities"])
    learners = BENCH_DIR / "learners-200mb.csv"
    if not learners.exists():
        write_learners_csv(learners, 200, ref["programmes"], ref["postal_codes"])
    rows = []
    for source, path, what in (
        ("kbo", archive, f"ingest KBO zip, {n:,} establishments"),
        ("learners", learners, "ingest learners CSV"),
    ):
        measured = [_ingest_child(source, path) for _ in range(runs)]
        times = [m[0] for m in measured]
        peaks = [m[1] for m in measured]
        gb = path.stat().st_size / 1024**3
        label = (
            f"{what} ({gb * 1024:,.0f} MB; {runs} run{'s' * (runs > 1)}), "
            f"peak memory {max(peaks):.2f} GB = {max(peaks) / gb:.1f}x the input"
        )
        rows.append(
            BenchRow(label, statistics.median(times), min(times), max(times), runs)
        )
    return rows
