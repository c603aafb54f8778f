"""Tabellen on the command line: ``python -m radar table``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from radar.cli.common import open_dataset
from radar.kernel import params
from radar.kernel.calendar import coverage
from radar.kernel.errors import RadarError
from radar.kernel.export import to_xlsx_bytes
from radar.kernel.settings import Settings
from radar.policy import build as policy
from radar.policy import report, trend
from radar.policy.tables import GROUPINGS, grouping_of, to_markdown


def _date(value: str, name: str) -> pd.Timestamp:
    """A date from the command line (outside the data is allowed: shown as such)."""
    try:
        d = pd.Timestamp(value).normalize()
    except (TypeError, ValueError):
        d = pd.NaT
    if pd.isna(d):
        raise RadarError(f"{name}: {value!r} is geen datum (JJJJ-MM-DD)")
    return d


def cmd_trend(args: argparse.Namespace) -> int:
    """Print or write the Evolutie table (``--kind trend``)."""
    ds = open_dataset(args)
    if not args.start or not args.end:
        raise RadarError("--kind trend vraagt --from DATUM en --to DATUM")
    bys = args.by or ["province"]
    if len(bys) > 1:
        raise RadarError("--kind trend maakt één tabel: geef één --by")
    start, end = _date(args.start, "--from"), _date(args.end, "--to")
    request = trend.TrendRequest(
        start=start,
        end=end,
        step=args.step,
        by=bys[0],
        suppress=params.suppress_k(args.suppress),
    )
    result = trend.build_trend(ds, request)
    if args.format == "xlsx":
        if not args.out:
            raise RadarError("--format xlsx vraagt --out BESTAND")
        Path(args.out).write_bytes(to_xlsx_bytes(trend.trend_sheets(result, ds)))
        return 0
    if args.format == "csv":  # for scripts: one row per date and group, ISO dates
        long = result.long.assign(datum=result.long["datum"].dt.date)
        text = long.to_csv(index=False)
    else:
        text = trend.trend_markdown(result)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def cmd_table(args: argparse.Namespace) -> int:
    """Print or write policy tables as of a date (one per ``--by``)."""
    if args.kind == "trend":
        return cmd_trend(args)
    if not args.as_of:
        raise RadarError("--as-of DATUM is verplicht (behalve bij --kind trend)")
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
    # Tables of one answer are protected together (a workbook checks it itself).
    report.check_together(tables, ds)
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


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Add this module's sub-commands."""
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
    t.add_argument("--as-of", help="peildatum, YYYY-MM-DD")
    t.add_argument(
        "--kind",
        choices=(*policy.KINDS, "trend"),
        default="recognitions",
        help="recognitions (default), expiring (ending within --months), "
        "offer (lesplaatsen and learners of the school year containing the date), "
        "trend (all four measures from --from to --to every --step)",
    )
    t.add_argument("--from", dest="start", metavar="DATE", help="trend: first date")
    t.add_argument("--to", dest="end", metavar="DATE", help="trend: last date")
    t.add_argument(
        "--step", choices=trend.STEPS, default="year", help="trend: year or month"
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
