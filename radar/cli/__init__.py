"""Command line: ``python -m radar <command>`` (see ``--help`` for the commands).

This is an edge of the package, like the app: ``main`` reads the arguments and, once,
the environment (``radar.kernel.paths.Paths.from_env``), then calls pure functions
and prints or writes their results. Messages are Dutch; errors print one line and
exit 2. One module per feature adds its sub-commands (``add_commands``): ``data``
(demo, validate, ingest, bench), ``tables``, ``supply_demand``, ``prospects``; a new
feature adds a module and lists it in ``COMMAND_MODULES``.
"""

from __future__ import annotations

import argparse
import sys

from radar.cli import data, prospects, scenario, supply_demand, tables
from radar.cli.common import open_dataset
from radar.kernel.errors import RadarError
from radar.kernel.paths import Paths

__all__ = ["build_parser", "main", "open_dataset"]

COMMAND_MODULES = (data, tables, prospects, supply_demand, scenario)


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with one sub-command per task."""
    p = argparse.ArgumentParser(prog="python -m radar", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    for module in COMMAND_MODULES:
        module.add_commands(sub)
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
