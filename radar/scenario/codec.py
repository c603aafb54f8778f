"""A scenario written down: in a link, in a small JSON file, on the command line.

Each change has a spec (a plain dict with the user's words: a point or a gemeente,
an area, establishment numbers, a date) that ``build`` resolves against a ``Base``.
A link holds one compact token per change (``?wijziging=...``, repeated), the
number first and the place or id last:

    les:25:51.02,4.31          new lesplaats with 25 learners at a point
    les:25:gemeente:11002      ... at a gemeente's point
    dicht:LOCATION_ID          close a lesplaats
    lln:30:LOCATION_ID         a lesplaats gets 30 learners
    plek:10:51.02,4.31         10 new workplaces at a point
    plek:10:resoc:KEMP         ... in an area (spread over its gemeenten)
    erken:2123456789,2234...   these establishments become recognised
    verval:2027-09-01          recognitions ending on or before that date lapse

The JSON file holds the programme, the date, the related weight and the specs.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from radar.kernel import params
from radar.kernel.errors import DataError
from radar.kernel.regions import MUNICIPALITY
from radar.scenario.changes import (
    AddLesplaats,
    AddWorkplaces,
    Change,
    CloseLesplaats,
    RecogniseProspects,
    Scenario,
    SetLearners,
    day,
)
from radar.scenario.places import (
    Base,
    add_lesplaats,
    add_workplaces,
    drop_expiring,
    recognise,
)

Spec = dict[str, Any]
FORMAT = "radarduaal-scenario"
VERSION = 1
KINDS = (
    "add_lesplaats",
    "close",
    "set_learners",
    "add_workplaces",
    "recognise",
    "drop_expiring",
)


def spec_of(change: Change) -> Spec:
    """Return the spec of a change: its kind and the user's words."""
    if isinstance(change, AddLesplaats):
        where = (
            {"nis": change.municipality}
            if change.municipality
            else {"lat": change.spot.lat, "lng": change.spot.lng}
        )
        return {"kind": "add_lesplaats", "learners": change.learners, **where}
    if isinstance(change, CloseLesplaats):
        return {"kind": "close", "location_id": change.location_id}
    if isinstance(change, SetLearners):
        return {
            "kind": "set_learners",
            "location_id": change.location_id,
            "learners": change.learners,
        }
    if isinstance(change, AddWorkplaces):
        spot = change.spots[0]
        where = (
            {"area": change.area} if change.area else {"lat": spot.lat, "lng": spot.lng}
        )
        return {"kind": "add_workplaces", "workplaces": change.workplaces, **where}
    if isinstance(change, RecogniseProspects):
        out: Spec = {"kind": "recognise", "establishments": list(change.numbers)}
        return out | ({"label": change.label} if change.label else {})
    return {"kind": "drop_expiring", "before": f"{change.before:%Y-%m-%d}"}


def build(b: Base, spec: Spec) -> Change:
    """Resolve a spec against the base into a change (``DataError`` if it is bad)."""
    if not isinstance(spec, dict):
        raise DataError(f"wijziging: {spec!r} is geen beschrijving van een wijziging")
    kind = spec.get("kind")
    try:
        if kind == "add_lesplaats":
            return add_lesplaats(
                b,
                spec["learners"],
                spec.get("lat"),
                spec.get("lng"),
                municipality=spec.get("nis"),
            )
        if kind == "close":
            return CloseLesplaats(str(spec["location_id"]))
        if kind == "set_learners":
            return SetLearners(
                str(spec["location_id"]),
                params.whole(spec["learners"], "leerlingen", 0, 10_000),
            )
        if kind == "add_workplaces":
            return add_workplaces(
                b,
                spec["workplaces"],
                spec.get("lat"),
                spec.get("lng"),
                spec.get("area"),
            )
        if kind == "recognise":
            numbers = spec["establishments"]
            if isinstance(numbers, str):
                numbers = numbers.split(",")
            return recognise(b, list(numbers), str(spec.get("label", "")))
        if kind == "drop_expiring":
            return drop_expiring(b, spec["before"])
    except KeyError as exc:
        raise DataError(f"wijziging {kind}: {exc.args[0]} ontbreekt") from None
    raise DataError(f"onbekende soort wijziging {kind!r}; kies uit {', '.join(KINDS)}")


def _place(text: str) -> Spec:
    """A place in a token: ``lat,lng`` or ``LEVEL:CODE``."""
    if ":" in text:
        level, _, code = text.partition(":")
        return {"area": f"{level}:{code}"}
    lat, sep, lng = text.partition(",")
    if not sep:
        raise DataError(f"plaats {text!r}: geef BREEDTE,LENGTE of NIVEAU:CODE")
    return {"lat": lat, "lng": lng}


def token_of(spec: Spec) -> str:
    """Write a spec as a link token.

    >>> token_of({"kind": "add_lesplaats", "learners": 25, "nis": "11002"})
    'les:25:gemeente:11002'
    >>> token_of({"kind": "add_workplaces", "workplaces": 10, "lat": 51.02, "lng": 4.3})
    'plek:10:51.020000,4.300000'
    """
    kind = spec["kind"]
    if kind in ("add_lesplaats", "add_workplaces"):
        n = spec["learners"] if kind == "add_lesplaats" else spec["workplaces"]
        if "nis" in spec:
            where = f"{MUNICIPALITY.slug}:{spec['nis']}"
        elif "area" in spec:
            where = str(spec["area"])
        else:
            where = f"{float(spec['lat']):.6f},{float(spec['lng']):.6f}"
        return f"{'les' if kind == 'add_lesplaats' else 'plek'}:{n}:{where}"
    if kind == "close":
        return f"dicht:{spec['location_id']}"
    if kind == "set_learners":
        return f"lln:{spec['learners']}:{spec['location_id']}"
    if kind == "recognise":
        return "erken:" + ",".join(spec["establishments"])
    return f"verval:{spec['before']}"


def spec_of_token(token: str) -> Spec:
    """Read a link token back into a spec (``DataError`` if it is not one).

    >>> spec_of_token("les:25:gemeente:11002")
    {'kind': 'add_lesplaats', 'learners': '25', 'nis': '11002'}
    >>> spec_of_token("lln:30:L-0001")
    {'kind': 'set_learners', 'learners': '30', 'location_id': 'L-0001'}
    """
    head, _, rest = str(token).partition(":")
    if head in ("les", "plek") and rest.count(":") >= 1:
        n, _, where = rest.partition(":")
        place = _place(where)
        if head == "les":
            if "area" in place:
                level, _, code = place.pop("area").partition(":")
                if level != MUNICIPALITY.slug:
                    raise DataError(
                        f"wijziging {token!r}: een lesplaats ligt in een "
                        "gemeente (gemeente:NIS) of op een punt"
                    )
                place = {"nis": code}
            return {"kind": "add_lesplaats", "learners": n, **place}
        return {"kind": "add_workplaces", "workplaces": n, **place}
    if head == "dicht" and rest:
        return {"kind": "close", "location_id": rest}
    if head == "lln" and ":" in rest:
        n, _, location = rest.partition(":")
        return {"kind": "set_learners", "learners": n, "location_id": location}
    if head == "erken" and rest:
        return {"kind": "recognise", "establishments": rest.split(",")}
    if head == "verval" and rest:
        return {"kind": "drop_expiring", "before": rest}
    raise DataError(f"wijziging {token!r} niet begrepen")


def tokens_of(scenario: Scenario) -> list[str]:
    """Write every change of a scenario as a link token."""
    return [token_of(spec_of(c)) for c in scenario.changes]


def scenario_of_tokens(b: Base, tokens: list[str]) -> Scenario:
    """Build the scenario of a link's tokens on the base."""
    changes = tuple(build(b, spec_of_token(t)) for t in tokens)
    return Scenario(b.programme_id, b.as_of, changes, b.related_weight)


def to_json(scenario: Scenario) -> str:
    """Write a scenario as a small JSON document."""
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "programme": scenario.programme_id,
        "as_of": f"{scenario.as_of:%Y-%m-%d}",
        "related_weight": scenario.related_weight,
        "changes": [spec_of(c) for c in scenario.changes],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def read_json(text: str | bytes) -> tuple[str, pd.Timestamp, float, list[Spec]]:
    """Read a scenario document: (programme, as_of, related weight, specs)."""
    try:
        doc = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataError(f"scenariobestand: geen geldige JSON ({exc})") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("changes"), list):
        raise DataError("scenariobestand: verwacht een object met een lijst 'changes'")
    if "programme" not in doc or "as_of" not in doc:
        raise DataError("scenariobestand: 'programme' of 'as_of' ontbreekt")
    weight = params.weight(doc.get("related_weight", 0.0))
    as_of = day(doc["as_of"], "scenariobestand, as_of")
    return str(doc["programme"]), as_of, weight, list(doc["changes"])


def scenario_of_json(b: Base, text: str | bytes) -> Scenario:
    """Build the scenario of a JSON document on the base (same programme and date)."""
    programme, as_of, _, specs = read_json(text)
    if programme != b.programme_id or as_of != b.as_of:
        raise DataError(
            f"scenariobestand hoort bij {programme} op {as_of:%d-%m-%Y}, "
            f"niet bij {b.programme_id} op {b.as_of:%d-%m-%Y}"
        )
    changes = tuple(build(b, spec) for spec in specs)
    return Scenario(b.programme_id, b.as_of, changes, b.related_weight)


def spec_of_option(kind: str, text: str) -> Spec:
    """Read a command-line option: ``LAT,LNG:N`` or ``NIS:N`` (``--add-lesplaats``),
    ``LAT,LNG:M`` or ``LEVEL:CODE:M`` (``--add-workplaces``), ``LOCATION_ID``
    (``--close``).

    >>> spec_of_option("add_lesplaats", "51.02,4.31:25")
    {'kind': 'add_lesplaats', 'learners': '25', 'lat': '51.02', 'lng': '4.31'}
    >>> spec_of_option("add_workplaces", "resoc:KEMP:10")
    {'kind': 'add_workplaces', 'workplaces': '10', 'area': 'resoc:KEMP'}
    """
    if kind == "close":
        return {"kind": "close", "location_id": text}
    where, sep, n = text.rpartition(":")
    if not sep or not where:
        form = "BREEDTE,LENGTE:N" if kind == "add_lesplaats" else "BREEDTE,LENGTE:M"
        raise DataError(f"{text!r}: verwacht {form}")
    if kind == "add_lesplaats":
        if where.isdigit():
            return {"kind": kind, "learners": n, "nis": where}
        place = _place(where)
        if "area" in place:
            raise DataError(f"{text!r}: een lesplaats komt op BREEDTE,LENGTE of NIS")
        return {"kind": kind, "learners": n, **place}
    return {"kind": kind, "workplaces": n, **_place(where)}
