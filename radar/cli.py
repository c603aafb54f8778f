"""Command line: ``python -m radar <command>`` (see ``--help`` for the commands).

This is an edge of the package: ``main`` reads the arguments and, once, the
environment (``radar.kernel.paths.Paths.from_env``), then calls pure functions and
prints or writes their results. Messages are Dutch; errors print one line and exit 2.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

from radar import demo
from radar.kernel import load, params
from radar.kernel.calendar import coverage
from radar.kernel.errors import RadarError
from radar.kernel.export import to_csv_text
from radar.kernel.format import number
from radar.kernel.paths import Paths
from radar.kernel.settings import Limits, Settings
from radar.policy import build as policy
from radar.policy import report
from radar.policy.tables import GROUPINGS, grouping_of, to_markdown
from radar.supply_demand import analysis
from radar.supply_demand.ratios import LEVELS as RATIO_LEVELS


def open_dataset(args: argparse.Namespace) -> load.Dataset:
    """Load the dataset of ``--data``, else the paths' override, else the demo
    (generated on first use)."""
    paths: Paths = args.paths
    if args.data:
        return load.load_dataset(Path(args.data))
    if paths.data_override is not None:
        return load.load_dataset(paths.data_override)
    if demo.ensure_demo(paths.demo, paths.reference):
        print(f"demodata aangemaakt in {paths.demo}", file=sys.stderr)
    return load.load_dataset(paths.demo)


def cmd_demo(args: argparse.Namespace) -> int:
    """Generate the demo dataset."""
    seed = demo.DEFAULT_SEED if args.seed is None else args.seed
    n = (
        demo.DEFAULT_ESTABLISHMENTS
        if args.establishments is None
        else args.establishments
    )
    out = Path(args.out) if args.out else args.paths.demo
    t0 = time.perf_counter()
    print(
        f"demodata genereren: seed {seed}, {number(n)} vestigingen -> {out}",
        file=sys.stderr,
    )
    ds = demo.generate(load.read_reference(args.paths.reference), seed, n)
    load.write_dataset(ds, out)
    print(
        f"klaar in {number(time.perf_counter() - t0, 1)} s: "
        f"{number(len(ds.recognitions))} erkenningen, "
        f"{number(len(ds.establishments))} vestigingen, "
        f"{number(len(ds.offerings))} aanbodrijen",
        file=sys.stderr,
    )
    return 0


def cmd_table(args: argparse.Namespace) -> int:
    """Print or write policy tables as of a date (one per ``--by``)."""
    ds = open_dataset(args)
    covered = coverage(ds)
    learners = args.kind == "offer"
    as_of = params.as_of(args.as_of, covered, learners, "--as-of")
    compare_to = (
        params.as_of(args.compare_to, covered, learners, "--compare-to")
        if args.compare_to
        else None
    )
    months = params.months(args.months)
    suppress = params.suppress_k(args.suppress)
    requests = [
        policy.TableRequest(
            as_of=as_of,
            kind=args.kind,
            by=by,
            cross=args.cross,
            compare_to=compare_to,
            months=months,
            suppress=suppress,
        )
        for by in args.by or ["province"]
    ]
    tables = [policy.build_table(ds, r) for r in requests]
    if args.format == "xlsx":
        if not args.out:
            raise RadarError("--format xlsx vraagt --out BESTAND")
        Path(args.out).write_bytes(report.policy_workbook(tables, ds))
        return 0
    if args.format == "csv":
        if len(tables) > 1:
            raise RadarError("--format csv schrijft één tabel: geef één --by")
        text = tables[0].table.to_csv(index=False)
    elif len(tables) == 1:
        text = to_markdown(tables[0].table) + "\n"
    else:
        text = "\n".join(f"### {t.title}\n\n{to_markdown(t.table)}\n" for t in tables)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate a dataset folder and print every issue."""
    from radar.kernel.validate import validate_dataset

    issues = validate_dataset(open_dataset(args))
    for issue in issues:
        print(issue.message)
    print(f"{len(issues)} problemen gevonden", file=sys.stderr)
    return 1 if issues else 0


def cmd_bench(args: argparse.Namespace) -> int:
    """Run the benchmark (``benchmarks/``, a dev tool) and print its table."""
    try:
        from benchmarks import bench
    except ImportError as exc:  # an installation without the repository's tools
        raise RadarError(f"de benchmark is niet geïnstalleerd ({exc})") from exc
    n = args.establishments or bench.ESTABLISHMENTS
    rows = bench.run(n_establishments=n, runs=max(args.runs, 5))
    print(bench.format_rows(rows))
    return 0


def cmd_prospects(args: argparse.Namespace) -> int:
    """Print or write the ranked prospect list of a programme in an area."""
    from radar.kernel.export import to_csv_bytes
    from radar.prospects import export, index, nace
    from radar.prospects import ranking as prospects

    if (args.area is None) == (args.near is None):
        raise RadarError("geef --area NIVEAU:CODE of --near LOCATION_ID")
    settings = Settings()
    top = params.top_n(args.top)
    if args.near is not None:
        radius = (
            settings.prospect_radius_km
            if args.radius_km is None
            else params.radius_km(args.radius_km, "--radius-km")
        )
        area = index.Area(index.NEAR, args.near, radius)
    else:
        if args.radius_km is not None:
            raise RadarError("--radius-km hoort bij --near, niet bij --area")
        area = index.Area.parse(args.area)
    ds = open_dataset(args)
    as_of = params.as_of(args.as_of, coverage(ds), True, "--as-of")
    params.programme(args.programme, ds.programmes, as_of)
    result = prospects.rank_prospects(
        index.prepare_prospects(ds),
        args.programme,
        as_of,
        area,
        settings,
        top_n=top,
        descriptions=nace.read_descriptions(args.paths.reference),
    )
    print(
        f"{result.programme_name}, {result.area_label}: "
        f"{number(result.n_candidates)} kandidaten, "
        f"{number(len(result.table))} in de lijst",
        file=sys.stderr,
    )
    if args.format == "xlsx":
        if not args.out:
            raise RadarError("--format xlsx vraagt --out BESTAND")
        Path(args.out).write_bytes(export.prospect_workbook(result, ds, as_of))
        return 0
    data = to_csv_bytes(export.export_frame(result))
    if args.out:
        Path(args.out).write_bytes(data)
    else:
        sys.stdout.write(data.decode("utf-8-sig"))
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    """Ingest an official export into the real-data store; print its report."""
    from radar.ingest.result import SOURCES
    from radar.ingest.store import Store

    if args.source not in SOURCES:
        raise RadarError(f"onbekende bron {args.source!r}, kies uit {SOURCES}")
    store = Store(Path(args.store) if args.store else args.paths.store)
    t0 = time.perf_counter()
    steps = [""]
    times = {"start": t0, "last": 0.0}

    def progress(step: str, done: int, total: int | None) -> None:
        now = time.perf_counter()
        if step != steps[0]:
            steps[0] = step
            times.update(start=now, last=now)
        if total is None and now - times["last"] < 2:
            return
        times["last"] = now
        rate = done / max(now - times["start"], 1e-3)
        print(
            f"{step}: {number(done)} rijen ({number(rate)} rijen/s; "
            f"{number(now - t0)} s)",
            file=sys.stderr,
        )

    ref = load.read_reference(args.paths.reference)
    report = store.ingest(args.source, Path(args.path), ref, Limits(), progress)
    if args.use:
        store.set_active("real")
    skipped = ", ".join(f"{k}: {number(v)}" for k, v in report["skipped"].items())
    print(
        f"{report['label']}: {number(report['rows_read'])} rijen gelezen, "
        f"{number(report['rows_kept'])} bewaard, "
        f"{number(report['rejects'])} afgewezen"
        + (f", overgeslagen ({skipped})" if skipped else "")
        + f"; snapshot {report['snapshot']}, sha256 {report['sha256'][:12]}…, "
        f"{report['seconds']} s"
    )
    if report["rejects"]:
        rejects = store.root / "sources" / args.source / report["snapshot"]
        print(f"afgewezen rijen: {rejects / 'rejects.csv'}")
    return 0


def _programme_run(
    args: argparse.Namespace, level: str = "gemeente"
) -> analysis.Analysis:
    """Check the parameters, then analyse; what the data cannot answer is refused."""
    radius = params.radius_km(args.radius_km, "--radius-km") if args.radius_km else 25.0
    weight = params.weight(args.related_weight, "--related-weight")
    tau = params.positive(args.tau, "--tau")
    settings = Settings(catchment_km=radius, shortage_tau=tau)
    ds = open_dataset(args)
    prep = analysis.prepare(ds)
    as_of = pd.Timestamp(args.as_of)
    notices = analysis.availability(prep, args.programme, as_of)
    if notices:
        raise RadarError("; ".join(notices))
    return analysis.analyse(
        prep, args.programme, as_of, level, settings, weight, args.active
    )


def _yes_no(values: pd.Series) -> pd.Series:
    return values.map({True: "ja", False: "nee"})


def cmd_supply_demand(args: argparse.Namespace) -> int:
    """Print supply, demand, ratio and class per area for one programme."""
    result = _programme_run(args, args.level)
    cols = ["code", "name", "supply", "demand", "ratio", "class"]
    out = result.areas[cols].assign(geschat=_yes_no(result.areas["is_estimate"]))
    sys.stdout.write(to_csv_text(out))
    return 0


def cmd_accessibility(args: argparse.Namespace) -> int:
    """Print accessibility and the shortage radius per lesplaats for one programme."""
    result = _programme_run(args)
    out = result.locations.rename(columns={"id": "location_id"})
    cols = [
        "location_id",
        "learners",
        "workplaces_within_radius",
        "accessibility",
        "tekortstraal_km",
    ]
    out = out[cols].assign(geschat=_yes_no(result.locations["is_estimate"]))
    sys.stdout.write(to_csv_text(out))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with one sub-command per task."""
    p = argparse.ArgumentParser(prog="python -m radar", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)

    d = sub.add_parser("demo", help="generate the synthetic demo dataset")
    d.add_argument("--out", help="folder (default data/demo)")
    d.add_argument("--seed", type=int)
    d.add_argument(
        "--establishments",
        type=int,
        help="size of the establishments universe (at least every recognised one)",
    )
    d.set_defaults(func=cmd_demo)

    t = sub.add_parser(
        "table",
        help="policy tables: recognitions, expiring recognitions, learners per group",
        description=(
            "Tabulate recognitions (erkenningen and unieke vestigingen), "
            "recognitions expiring within N months, or lesplaatsen and learners of "
            "the school year of the date, per group; optionally as a crosstab, "
            "compared with an earlier date, and with small counts suppressed."
        ),
    )
    t.add_argument("--as-of", required=True, help="peildatum, YYYY-MM-DD")
    t.add_argument(
        "--kind",
        choices=policy.KINDS,
        default="recognitions",
        help="recognitions (default), expiring (ending within --months), "
        "offer (lesplaatsen and learners of the school year containing the date)",
    )
    t.add_argument(
        "--by",
        type=grouping_of,
        choices=GROUPINGS,
        action="append",
        help="rows of the table (default province); repeat for several tables "
        "(md prints each, xlsx gets one sheet per table)",
    )
    t.add_argument(
        "--cross",
        type=grouping_of,
        choices=GROUPINGS,
        help="columns of a crosstab, e.g. --by partnership --cross province",
    )
    t.add_argument(
        "--compare-to",
        metavar="DATE",
        help="add the value on DATE and the absolute and percentage change",
    )
    t.add_argument(
        "--months",
        default=str(Settings().expiring_months),
        help="horizon of --kind expiring in months (default %(default)s)",
    )
    t.add_argument(
        "--suppress",
        default="0",
        metavar="K",
        help="hide counts 1..K-1 as <K, plus secondary cells (x) so none can be "
        "recomputed from the totals (default 0: off)",
    )
    t.add_argument("--format", choices=("md", "csv", "xlsx"), default="md")
    t.add_argument("--out")
    t.add_argument(
        "--data", help="dataset folder (default $RADAR_DATA_DIR or data/demo)"
    )
    t.set_defaults(func=cmd_table)

    v = sub.add_parser("validate", help="validate a dataset folder")
    v.add_argument("--data")
    v.set_defaults(func=cmd_validate)

    b = sub.add_parser("bench", help="time the heavy paths at real scale")
    b.add_argument("--establishments", type=int)
    b.add_argument("--runs", type=int, default=5)
    b.set_defaults(func=cmd_bench)

    pr = sub.add_parser(
        "prospects",
        help="ranked establishments that could become workplaces for a programme",
    )
    pr.add_argument("--programme", required=True, help="programme id, e.g. SO-115")
    pr.add_argument("--as-of", required=True, help="peildatum, YYYY-MM-DD")
    pr.add_argument(
        "--area",
        metavar="LEVEL:CODE",
        help="provincie:10000, arrondissement:12000, resoc:KEMP or gemeente:11002",
    )
    pr.add_argument("--near", metavar="LOCATION_ID", help="lesplaats (location_id)")
    pr.add_argument(
        "--radius-km",
        help=f"radius around --near (default {Settings().prospect_radius_km:g})",
    )
    pr.add_argument(
        "--top",
        default=str(Settings().prospect_top_n),
        help="rows in the list (default %(default)s)",
    )
    pr.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    pr.add_argument("--out")
    pr.add_argument(
        "--data", help="dataset folder (default $RADAR_DATA_DIR or data/demo)"
    )
    pr.set_defaults(func=cmd_prospects)

    i = sub.add_parser("ingest", help="ingest an official export (real data)")
    i.add_argument("source", choices=("kbo", "offerings", "learners", "recognitions"))
    i.add_argument("path", help="file, or for kbo the open-data zip or folder")
    i.add_argument(
        "--store", help="real-data store (default $RADAR_LOCAL_DIR or data/local)"
    )
    i.add_argument(
        "--use", action="store_true", help="show the real data in the app afterwards"
    )
    i.set_defaults(func=cmd_ingest)
    for name, func, helptext in (
        ("supply-demand", cmd_supply_demand, "supply, demand and ratio per area"),
        ("accessibility", cmd_accessibility, "E2SFCA and tekortstraal per lesplaats"),
    ):
        sd = sub.add_parser(name, help=helptext)
        sd.add_argument("--programme", required=True, help="opleiding, e.g. SO-410")
        sd.add_argument("--as-of", required=True, help="peildatum, YYYY-MM-DD")
        sd.add_argument(
            "--related-weight",
            default="0",
            help="weight in [0, 1] of workplaces recognised only for a related "
            "programme (default 0: the programme alone)",
        )
        sd.add_argument(
            "--active",
            action="store_true",
            help='count only workplaces hosting a learner ("actief")',
        )
        sd.add_argument(
            "--tau",
            default=str(Settings().shortage_tau),
            help="tekortstraal: workplaces needed per learner (default %(default)s)",
        )
        sd.add_argument("--format", choices=("csv",), default="csv")
        sd.add_argument("--data", help="dataset folder")
        if name == "supply-demand":
            sd.add_argument(
                "--level",
                choices=[lvl.slug for lvl in RATIO_LEVELS],
                default="gemeente",
            )
            sd.set_defaults(radius_km=None)
        else:
            sd.add_argument(
                "--radius-km",
                help="catchment d0 in km, in (0, 200] (default "
                f"{Settings().catchment_km:g})",
            )
        sd.set_defaults(func=func)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the command line; errors print one clear line and exit 2."""
    args = build_parser().parse_args(argv)
    args.paths = Paths.from_env()
    try:
        code: int = args.func(args)
    except (RadarError, ValueError, OSError) as exc:
        print(f"fout: {exc}", file=sys.stderr)
        return 2
    return code
