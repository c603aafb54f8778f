"""Prospectie on the command line: ``python -m radar prospects``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from radar.cli.common import open_prospects
from radar.kernel import params
from radar.kernel.calendar import coverage
from radar.kernel.errors import RadarError
from radar.kernel.format import number
from radar.kernel.settings import Settings


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
    ds, prospect_index = open_prospects(args)
    as_of = params.as_of(args.as_of, coverage(ds), True, "--as-of")
    params.programme(args.programme, ds.programmes, as_of)
    result = prospects.rank_prospects(
        prospect_index,
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


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Add this module's sub-commands."""
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
