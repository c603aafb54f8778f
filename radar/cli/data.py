"""Data commands: generate the demo, validate a dataset, ingest an export, bench."""

from __future__ import annotations

import argparse
import sys
import time
import traceback
import uuid
from pathlib import Path

from radar import demo
from radar.cli.common import open_dataset
from radar.kernel import load
from radar.kernel.errors import RadarError
from radar.kernel.format import number
from radar.kernel.settings import Limits


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


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate a dataset folder and print every issue."""
    from radar.kernel.validate import validate_dataset

    issues = validate_dataset(open_dataset(args))
    for issue in issues:
        print(issue.message)
    print(f"{len(issues)} problemen gevonden", file=sys.stderr)
    return 1 if issues else 0


def cmd_bench(args: argparse.Namespace) -> int:
    """Run the benchmark (``benchmarks/``, a dev tool) and print its report: every
    line with its goal and status, at 1x and at ``--scale`` times the register."""
    try:
        from benchmarks import bench
    except ImportError as exc:  # an installation without the repository's tools
        raise RadarError(f"de benchmark is niet geïnstalleerd ({exc})") from exc
    lines = bench.run(
        n_establishments=args.establishments or bench.ESTABLISHMENTS,
        runs=max(args.runs, 1),
        scale=max(args.scale, 1),
        parts=tuple(args.only or bench.PARTS),
        progress=lambda what: print(f"bench: {what}…", file=sys.stderr, flush=True),
    )
    print(bench.format_lines(lines))
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
    try:
        report = store.ingest(
            args.source,
            Path(args.path),
            ref,
            Limits(),
            progress,
            allow_empty=args.allow_empty,
        )
    except (RadarError, OSError):
        raise
    except Exception as exc:  # a bug: one line here, the traceback in a log file
        incident = uuid.uuid4().hex[:8]
        log = store.root / "incidents" / f"{incident}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(traceback.format_exc(), encoding="utf-8")
        raise RadarError(
            f"onverwachte fout bij het inlezen (incident {incident}); er is niets "
            f"veranderd. Details voor de beheerder: {log}"
        ) from exc
    if args.use:
        store.set_active("real")
    skipped = ", ".join(f"{k}: {number(v)}" for k, v in report["skipped"].items())
    notes = report.get("rejects", 0)
    print(
        f"{report['label']}: {number(report['rows_read'])} rijen gelezen, "
        f"{number(report['rows_kept'])} bewaard, "
        f"{number(report.get('rows_rejected', notes))} afgewezen"
        + (
            f" ({number(notes)} meldingen)"
            if notes != report.get("rows_rejected")
            else ""
        )
        + (f", overgeslagen ({skipped})" if skipped else "")
        + f"; snapshot {report['snapshot']}, sha256 {report['sha256'][:12]}…, "
        f"{report['seconds']} s"
    )
    if report.get("allowed_empty"):
        print(f"let op: {report['label']} is nu leeg (--allow-empty)")
    if report["rejects"]:
        rejects = store.root / "sources" / args.source / report["snapshot"]
        print(f"afgewezen rijen: {rejects / 'rejects.csv'}")
    found = store.findings()
    if found:
        from radar.ingest.findings import KINDS

        print(
            "benaderingen en inconsistenties in de dataset: "
            + "; ".join(f"{number(n)} x {KINDS.get(k, k)}" for k, n in found.items())
        )
        print(f"lijst: {store.findings_path()}")
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Add this module's sub-commands."""
    d = sub.add_parser("demo", help="generate the synthetic demo dataset")
    d.add_argument("--out", help="folder (default data/demo)")
    d.add_argument("--seed", type=int)
    d.add_argument(
        "--establishments",
        type=int,
        help="size of the establishments universe (at least every recognised one)",
    )
    d.set_defaults(func=cmd_demo)

    v = sub.add_parser("validate", help="validate a dataset folder")
    v.add_argument("--data")
    v.set_defaults(func=cmd_validate)

    b = sub.add_parser("bench", help="time what users wait for, at 1x and Nx scale")
    b.add_argument("--establishments", type=int)
    b.add_argument("--runs", type=int, default=5, help="timed runs per line (>= 5)")
    b.add_argument(
        "--scale",
        type=int,
        default=10,
        help="also at N times the recognitions, lesplaatsen and learners (1: skip)",
    )
    b.add_argument(
        "--only",
        action="append",
        choices=("pages", "browser", "peers", "concurrency", "ingest", "compute"),
        help="run only this part (repeatable)",
    )
    b.set_defaults(func=cmd_bench)

    i = sub.add_parser("ingest", help="ingest an official export (real data)")
    i.add_argument("source", choices=("kbo", "offerings", "learners", "recognitions"))
    i.add_argument("path", help="file, or for kbo the open-data zip or folder")
    i.add_argument(
        "--store", help="real-data store (default $RADAR_LOCAL_DIR or data/local)"
    )
    i.add_argument(
        "--use", action="store_true", help="show the real data in the app afterwards"
    )
    i.add_argument(
        "--allow-empty",
        action="store_true",
        help="accept an input without usable rows: it empties the source",
    )
    i.set_defaults(func=cmd_ingest)
