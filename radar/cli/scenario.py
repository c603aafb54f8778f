"""Wat als on the command line: ``python -m radar scenario`` and ``suggest``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from radar.cli.common import open_prepared
from radar.kernel import params
from radar.kernel.calendar import coverage
from radar.kernel.errors import RadarError
from radar.kernel.export import to_csv_text
from radar.kernel.format import number
from radar.kernel.regions import MUNICIPALITY
from radar.kernel.settings import Settings
from radar.scenario import codec, places
from radar.scenario.apply import apply
from radar.scenario.changes import Scenario
from radar.scenario.compare import compare, evaluate, export_frame
from radar.scenario.suggest import (
    effects,
    municipality_candidates,
    suggest_lesplaats,
    suggest_workplaces,
)

MAX_TOP = 100


def _base(args: argparse.Namespace) -> tuple[places.Base, Scenario]:
    """Open the dataset, check programme and date, and read ``--file`` if given."""
    ds, prep = open_prepared(args)
    as_of = params.as_of(args.as_of, coverage(ds), True, "--as-of")
    params.programme(args.programme, ds.programmes, as_of)
    weight = params.weight(args.related_weight, "--related-weight")
    b = places.base(prep, args.programme, as_of, weight, ds.establishments)
    scenario = Scenario(b.programme_id, b.as_of, (), weight)
    if args.file:
        try:
            text = Path(args.file).read_bytes()
        except OSError as exc:
            raise RadarError(f"--file: {args.file} niet te lezen ({exc})") from None
        scenario = codec.scenario_of_json(b, text)
    return b, scenario


def _write(text: str, out: str | None) -> None:
    if out:
        Path(out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def cmd_scenario(args: argparse.Namespace) -> int:
    """Print every lesplaats before and after a scenario (CSV), headline on stderr."""
    if not args.changes and not args.file:
        raise RadarError(
            "geef minstens één wijziging: --add-lesplaats, --close, "
            "--add-workplaces of --file"
        )
    b, scenario = _base(args)
    for kind, text in args.changes or []:
        scenario = scenario.with_change(
            codec.build(b, codec.spec_of_option(kind, text))
        )
    settings = Settings()
    supply, demand = apply(b.supply, b.demand, scenario)
    before = evaluate(b.supply, b.demand, b.municipalities, MUNICIPALITY, settings)
    after = evaluate(supply, demand, b.municipalities, MUNICIPALITY, settings)
    result = compare(before, after)
    names = b.location_names
    for change in scenario.changes:
        print(f"wijziging: {change.describe(names)}", file=sys.stderr)
    print(result.headline, file=sys.stderr)
    _write(to_csv_text(export_frame(result)), args.out)
    return 0


def cmd_suggest(args: argparse.Namespace) -> int:
    """Print the best gemeenten for a new lesplaats or new workplaces (CSV)."""
    if (args.learners is None) == (args.workplaces is None):
        raise RadarError("geef --learners N (nieuwe lesplaats) of --workplaces M")
    top = params.whole(args.top, "--top", 1, MAX_TOP)
    b, scenario = _base(args)
    settings = Settings()
    supply, demand = apply(b.supply, b.demand, scenario)
    candidates = municipality_candidates(b.municipalities)
    if args.learners is not None:
        n = params.whole(args.learners, "--learners", 1, 10_000)
        ranked = suggest_lesplaats(supply, demand, candidates, n, settings, top)
        ranked = effects(b, scenario, ranked, settings, n_learners=n)
        what = f"een nieuwe lesplaats met {number(n)} leerlingen"
    else:
        m = params.whole(args.workplaces, "--workplaces", 1, 100_000)
        ranked = suggest_workplaces(supply, demand, candidates, m, settings, top)
        ranked = effects(b, scenario, ranked, settings, n_workplaces=m)
        what = f"{number(m)} nieuwe werkplekken"
    print(
        f"beste gemeenten voor {what} ({number(len(candidates))} kandidaten)",
        file=sys.stderr,
    )
    _write(to_csv_text(ranked), args.out)
    return 0


def _tagged(kind: str) -> Callable[[str], tuple[str, str]]:
    def parse(text: str) -> tuple[str, str]:
        return kind, text

    return parse


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--programme", required=True, help="opleiding, e.g. SO-355")
    p.add_argument("--as-of", required=True, help="peildatum, YYYY-MM-DD")
    p.add_argument(
        "--file",
        help="scenario.json (as downloaded on the Wat als page); its programme "
        "and date must be --programme and --as-of",
    )
    p.add_argument(
        "--related-weight",
        default="0",
        help="weight in [0, 1] of workplaces recognised only for a related "
        "programme (default 0)",
    )
    p.add_argument("--format", choices=("csv",), default="csv")
    p.add_argument("--out", help="write the CSV here instead of to stdout")
    p.add_argument("--data", help="dataset folder")


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Add this module's sub-commands."""
    sc = sub.add_parser(
        "scenario",
        help="Wat als: every lesplaats before and after a scenario",
        description=(
            "Apply changes in memory (the dataset is not changed) and print one row "
            "per lesplaats with <metric>_before and <metric>_after columns; the "
            "headline goes to stderr. Changes may be repeated and combined; they are "
            "applied after those of --file, in the order given."
        ),
    )
    _common(sc)
    sc.add_argument(
        "--add-lesplaats",
        dest="changes",
        action="append",
        type=_tagged("add_lesplaats"),
        metavar="LAT,LNG:N",
        help="a new lesplaats with N learners at a point (or NIS:N in a gemeente)",
    )
    sc.add_argument(
        "--close",
        dest="changes",
        action="append",
        type=_tagged("close"),
        metavar="LOCATION_ID",
        help="close a lesplaats",
    )
    sc.add_argument(
        "--add-workplaces",
        dest="changes",
        action="append",
        type=_tagged("add_workplaces"),
        metavar="LAT,LNG:M",
        help="M new workplaces at a point (or LEVEL:CODE:M in an area, spread over "
        "its gemeenten by population)",
    )
    sc.set_defaults(func=cmd_scenario)

    sg = sub.add_parser(
        "suggest",
        help="Wat als: the best gemeenten for a new lesplaats or new workplaces",
    )
    _common(sg)
    sg.add_argument("--learners", help="learners N of the new lesplaats")
    sg.add_argument("--workplaces", help="M new workplaces instead of a lesplaats")
    sg.add_argument("--top", default="10", help="rows (default %(default)s)")
    sg.set_defaults(func=cmd_suggest)
