"""Command line: ``python -m radar demo|table|validate|bench``.

This is an edge of the package: it reads arguments and environment (``RADAR_DATA_DIR``),
then calls pure functions and prints or writes their results.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import pandas as pd

from radar import bench, demo, load, report
from radar.config import DEMO_DIR, REFERENCE_DIR, Settings
from radar.errors import RadarError
from radar.tables import GROUPINGS, recognition_table, to_markdown


def _data_dir(arg: str | None) -> Path:
    return Path(arg or os.environ.get("RADAR_DATA_DIR") or DEMO_DIR)


def open_dataset(path: Path) -> load.Dataset:
    """Load the dataset at ``path``; the default demo folder is made on first use."""
    if not load.is_dataset(path) and path.resolve() == DEMO_DIR.resolve():
        cmd_demo(argparse.Namespace(out=str(path), seed=None, establishments=None))
    return load.load_dataset(path)


def cmd_demo(args: argparse.Namespace) -> int:
    """Generate the demo dataset."""
    settings = Settings()
    seed = settings.demo_seed if args.seed is None else args.seed
    n = (
        settings.demo_establishments
        if args.establishments is None
        else args.establishments
    )
    out = Path(args.out)
    t0 = time.perf_counter()
    print(
        f"demodata genereren: seed {seed}, {n:,} vestigingen -> {out}", file=sys.stderr
    )
    ds = demo.generate(load.read_reference(REFERENCE_DIR), seed=seed, establishments=n)
    load.write_dataset(ds, out)
    print(
        f"klaar in {time.perf_counter() - t0:.1f} s: "
        f"{len(ds.recognitions):,} erkenningen, "
        f"{len(ds.establishments):,} vestigingen, {len(ds.offerings):,} aanbodrijen",
        file=sys.stderr,
    )
    return 0


def cmd_table(args: argparse.Namespace) -> int:
    """Print or write the recognitions table as of a date."""
    ds = open_dataset(_data_dir(args.data))
    as_of = pd.Timestamp(args.as_of)
    table = recognition_table(
        ds.recognitions, ds.municipalities, ds.programmes, as_of, by=args.by
    )
    if args.format == "xlsx":
        if not args.out:
            raise RadarError("--format xlsx needs --out FILE")
        Path(args.out).write_bytes(report.table_workbook(table, ds, as_of, args.by))
        return 0
    text = (
        to_markdown(table) + "\n" if args.format == "md" else table.to_csv(index=False)
    )
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate a dataset folder and print every issue."""
    from radar.validate import validate_dataset

    issues = validate_dataset(load.load_dataset(_data_dir(args.data)))
    for issue in issues:
        print(issue.message)
    print(f"{len(issues)} problemen gevonden", file=sys.stderr)
    return 1 if issues else 0


def cmd_bench(args: argparse.Namespace) -> int:
    """Run the benchmark and print a table of medians."""
    settings = Settings()
    n = args.establishments or settings.bench_establishments
    rows = bench.run(n_establishments=n, runs=max(args.runs, 5))
    print(bench.format_rows(rows))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with one sub-command per task."""
    p = argparse.ArgumentParser(prog="python -m radar", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)

    d = sub.add_parser("demo", help="generate the synthetic demo dataset")
    d.add_argument("--out", default=str(DEMO_DIR))
    d.add_argument("--seed", type=int)
    d.add_argument(
        "--establishments",
        type=int,
        help="size of the establishments universe (at least every recognised one)",
    )
    d.set_defaults(func=cmd_demo)

    t = sub.add_parser("table", help="recognitions and unique establishments per group")
    t.add_argument("--as-of", required=True, help="peildatum, YYYY-MM-DD")
    t.add_argument("--by", choices=GROUPINGS, default="province")
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
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the command line; errors print one clear line and exit 2."""
    args = build_parser().parse_args(argv)
    try:
        code: int = args.func(args)
    except (RadarError, ValueError, OSError) as exc:
        print(f"fout: {exc}", file=sys.stderr)
        return 2
    return code
