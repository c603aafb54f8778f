"""Vraag & aanbod on the command line: ``supply-demand`` and ``accessibility``."""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from radar.cli.common import open_prepared, yes_no
from radar.kernel import params
from radar.kernel.errors import RadarError
from radar.kernel.export import to_csv_text
from radar.kernel.settings import Settings
from radar.supply_demand import analysis
from radar.supply_demand.ratios import LEVELS as RATIO_LEVELS


def _programme_run(
    args: argparse.Namespace, level: str = "gemeente"
) -> analysis.Analysis:
    """Check the parameters, then analyse; what the data cannot answer is refused."""
    radius = params.radius_km(args.radius_km, "--radius-km") if args.radius_km else 25.0
    weight = params.weight(args.related_weight, "--related-weight")
    tau = params.positive(args.tau, "--tau")
    settings = Settings(catchment_km=radius, shortage_tau=tau)
    _, prep = open_prepared(args)
    as_of = pd.Timestamp(args.as_of)
    notices = analysis.availability(prep, args.programme, as_of)
    if notices:
        raise RadarError("; ".join(notices))
    return analysis.analyse(
        prep, args.programme, as_of, level, settings, weight, args.active
    )


def cmd_supply_demand(args: argparse.Namespace) -> int:
    """Print supply, demand, ratio and class per area for one programme."""
    result = _programme_run(args, args.level)
    cols = ["code", "name", "supply", "demand", "ratio", "class"]
    out = result.areas[cols].assign(geschat=yes_no(result.areas["is_estimate"]))
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
    out = out[cols].assign(geschat=yes_no(result.locations["is_estimate"]))
    sys.stdout.write(to_csv_text(out))
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Add this module's sub-commands."""
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
