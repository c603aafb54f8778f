"""Whole-page reruns as the server runs them: ``streamlit.testing.v1.AppTest``.

Each interaction opens ``app.py`` headless on one page (the real page script under
``views/``, over the dataset in ``RADAR_DATA_DIR``), then changes one widget by its
key and times the rerun: the sidebar, every widget, the computation, the map build and
its JSON, the download buttons' files, ``st.cache_data``'s pickling and Streamlit's
post-run garbage collection (``runner.postScriptGC`` as configured). AppTest then
parses the messages into its element tree, which a server does not do: that parse is
subtracted. A server serialises the messages to protobuf for the websocket, which
AppTest does not do: that serialisation is added, and its bytes are the payload.

Every timed change asks for something not asked before in the process (another
programme, level, metric, area or date), so it is a cache miss: what a user waits
for the first time. The first timed change is reported apart from the others.

Run as ``python -m benchmarks.pages DATA_DIR RUNS`` it prints one JSON line per
interaction (the orchestrator starts it in a fresh process per dataset).
"""

from __future__ import annotations

import contextlib
import json
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from radar.kernel import load
from radar.kernel import schema as s
from radar.kernel.paths import ENV_DATA, REPO_ROOT
from radar.kernel.regions import ARRONDISSEMENT, HEX7, MUNICIPALITY, PROVINCE, RESOC

TIMEOUT_S = 600


@dataclass
class Timing:
    """Server milliseconds of one interaction: first change, then the others."""

    name: str
    first_ms: float
    runs_ms: list[float] = field(default_factory=list)
    payload_bytes: int = 0
    deck_bytes: int = 0
    note: str = ""

    @property
    def median_ms(self) -> float:
        return statistics.median(self.runs_ms) if self.runs_ms else self.first_ms


class _Meter:
    """Measures AppTest's element-tree parse (to subtract) and serialises the run's
    forward messages as a server would (to add), recording their bytes."""

    def __init__(self) -> None:
        from streamlit.testing.v1 import local_script_runner as lsr

        self.parse_ms = self.serialise_ms = 0.0
        self.payload = self.deck = 0
        original = lsr.parse_tree_from_messages

        def measured(msgs):  # type: ignore[no-untyped-def]
            t0 = time.perf_counter()
            self.payload = sum(len(m.SerializeToString()) for m in msgs)
            t1 = time.perf_counter()
            tree = original(msgs)
            self.serialise_ms = (t1 - t0) * 1000
            self.parse_ms = (time.perf_counter() - t1) * 1000
            self.deck = sum(
                len(m.delta.new_element.deck_gl_json_chart.json.encode())
                for m in msgs
                if m.HasField("delta") and m.delta.HasField("new_element")
            )
            return tree

        lsr.parse_tree_from_messages = measured

    def time(self, action: Callable[[], object]) -> float:
        """Server milliseconds of one rerun triggered by ``action``."""
        t0 = time.perf_counter()
        at = action()
        wall = (time.perf_counter() - t0) * 1000
        if getattr(at, "exception", None):
            raise RuntimeError(f"page raised: {at.exception}")  # type: ignore[attr-defined]
        return wall - self.parse_ms + self.serialise_ms


def open_page(page: str, **params: str):  # type: ignore[no-untyped-def]
    """AppTest of app.py on ``page`` (views/...), with ``params`` in the URL."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=TIMEOUT_S)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page != "views/overview.py":
        at.switch_page(page)
        at.run()
    if at.exception:
        raise RuntimeError(f"{page} raised: {at.exception}")
    return at


WIDGETS = ("selectbox", "radio", "date_input", "segmented_control", "pills")


def widget(at, key: str):  # type: ignore[no-untyped-def]
    """The widget with ``key``, whatever kind the page made it (a select box may
    become a radio or pills without the bench changing)."""
    for kind in WIDGETS:
        try:
            return getattr(at, kind)(key=key)
        except (KeyError, AttributeError):
            continue
    raise KeyError(f"geen widget met sleutel {key!r} op de pagina")


def busiest_programmes(ds: load.Dataset, n: int) -> list[str]:
    """The ``n`` programmes with the most learners in the last school year."""
    year = ds.offerings[
        ds.offerings[s.SCHOOL_YEAR] == ds.offerings[s.SCHOOL_YEAR].max()
    ]
    learners = year.groupby(s.PROGRAMME_ID)[s.LEARNERS].sum()
    return list(learners.sort_values(ascending=False, kind="stable").index[:n])


def _measure(
    meter: _Meter, name: str, runs: int, step: Callable[[int], Callable[[], object]]
) -> Timing:
    """Time ``runs + 1`` changes; ``step(i)`` does any untimed preparation for
    change i and returns the timed action."""
    times, payload, deck = [], 0, 0
    for i in range(runs + 1):
        action = step(i)
        times.append(meter.time(action))
        payload, deck = max(payload, meter.payload), max(deck, meter.deck)
    return Timing(name, times[0], times[1:], payload, deck)


def _attempt(
    name: str, meter: _Meter, runs: int, step: Callable[[int], Callable[[], object]]
) -> Timing:
    """``_measure``, or a timing that carries the error (the next still runs)."""
    try:
        return _measure(meter, name, runs, step)
    except Exception as exc:  # noqa: BLE001  (reported on the line)
        return Timing(name, float("nan"), note=f"fout: {exc!r}"[:300])


def supply_demand(meter: _Meter, ds: load.Dataset, runs: int) -> list[Timing]:
    """Programme, level and metric changes on Vraag & aanbod (hexagons, accessibility
    by default: the heaviest view)."""
    from ui.sd_map import METRICS

    pool = busiest_programmes(ds, 3 * (runs + 1) + 1)
    turn: Iterator[str] = iter(pool[1:])
    at = open_page("views/supply_demand.py", opl=pool[0])
    out = [
        _measure(
            meter,
            "Vraag & aanbod: opleiding wijzigen",
            runs,
            lambda i: widget(at, "sd.programme").set_value(next(turn)).run,
        )
    ]
    out[0].note = f"{len(pool)} drukste opleidingen, hexagonen, bereikbaarheid"
    levels = [x.slug for x in (MUNICIPALITY, ARRONDISSEMENT, PROVINCE, RESOC, HEX7)]

    def level_step(i: int) -> Callable[[], object]:
        widget(at, "sd.programme").set_value(next(turn)).run()
        return widget(at, "sd.level").set_value(levels[i % len(levels)]).run

    out.append(_attempt("Vraag & aanbod: niveau wijzigen", meter, runs, level_step))
    with contextlib.suppress(KeyError):
        widget(at, "sd.level").set_value(HEX7.slug).run()
    metrics = [m for m in METRICS if m != "bereikbaarheid"] + ["bereikbaarheid"]

    def metric_step(i: int) -> Callable[[], object]:
        if i % len(metrics) == 0:
            widget(at, "sd.programme").set_value(next(turn)).run()
        return widget(at, "sd.metric").set_value(metrics[i % len(metrics)]).run

    out.append(_attempt("Vraag & aanbod: kaartmaat wijzigen", meter, runs, metric_step))
    return out


def prospects(meter: _Meter, ds: load.Dataset, runs: int) -> Timing:
    """Area change on Prospectie: the next arrondissement for the default programme."""
    from radar.prospects.ranking import area_options

    codes = list(area_options(ds, ARRONDISSEMENT.slug))
    at = open_page("views/prospects.py", niveau=ARRONDISSEMENT.slug, gebied=codes[0])
    turn = iter(codes[1:] * 3)
    return _measure(
        meter,
        "Prospectie: gebied wijzigen",
        runs,
        lambda i: (
            widget(at, f"prospects.{ARRONDISSEMENT.slug}").set_value(next(turn)).run
        ),
    )


def tables(meter: _Meter, ds: load.Dataset, runs: int) -> Timing:
    """Date change on Tabellen (province table compared with a year earlier)."""
    at = open_page("views/tables.py")
    last = ds.extract_date
    dates = [(last - pd.DateOffset(months=m + 1)).date() for m in range(runs + 1)]
    return _measure(
        meter,
        "Tabellen: peildatum wijzigen",
        runs,
        lambda i: widget(at, "tables.as_of").set_value(dates[i]).run,
    )


def run_all(data_dir: Path, runs: int) -> list[Timing]:
    """Every interaction on the dataset at ``data_dir``, in this process; one that
    fails is reported with its error (``first_ms`` NaN) and the others still run."""
    os.environ[ENV_DATA] = str(data_dir)
    os.chdir(REPO_ROOT)  # .streamlit/config.toml is read from the working folder
    meter = _Meter()
    ds = load.load_dataset(data_dir)
    out: list[Timing] = []
    for name, part in (
        ("Vraag & aanbod", lambda: supply_demand(meter, ds, runs)),
        ("Prospectie: gebied wijzigen", lambda: [prospects(meter, ds, runs)]),
        ("Tabellen: peildatum wijzigen", lambda: [tables(meter, ds, runs)]),
    ):
        try:
            out += part()
        except Exception as exc:  # noqa: BLE001  (reported on the line)
            out.append(Timing(name, float("nan"), note=f"fout: {exc!r}"[:300]))
    return out


def main(argv: list[str]) -> int:
    """``python -m benchmarks.pages DATA_DIR RUNS``: JSON lines on stdout."""
    for timing in run_all(Path(argv[0]), int(argv[1])):
        print(json.dumps(asdict(timing)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
