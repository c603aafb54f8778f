"""The recognitions register export (CSV or XLSX) -> the recognitions table.

Columns follow the proposed register export (formats.md section 3), matched
case-insensitively; the schema's own names are accepted too. ``datum_einde`` is the
last day of the recognition (inclusive), so ``valid_to`` = ``datum_einde`` + 1 day;
an empty ``datum_einde`` gives the legal five-year term. Status ``aangevraagd``
(requested, not granted) is skipped; ``erkend``, ``opgeschort`` and ``opgeheven`` are
kept (a revoked recognition ends on its ``datum_einde``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from radar.ingest import checks, places, sniff
from radar.ingest.checks import Checker, programme_lookup
from radar.ingest.result import Parsed
from radar.kernel import schema as s

ALIASES: dict[str, list[str]] = {
    "recognition_id": ["erkenning_id", "erkenningsnummer"],
    "enterprise_number": ["ondernemingsnummer"],
    "establishment_number": ["vestigingsnummer"],
    "name": ["naam", "vestigingsnaam"],
    "programme_id": ["opleiding_code"],
    "programme_name": ["opleiding_naam"],
    "status": [],
    "valid_from": ["datum_erkenning", "begindatum"],
    "end": ["datum_einde", "einddatum"],
    "valid_to": [],
    "learners_hosted": ["aantal_lopende_overeenkomsten"],
    "postcode": [],
    "municipality": ["gemeente"],
    "nis": ["nis_gemeente"],
    "lat": ["latitude"],
    "lng": ["lon", "longitude"],
}
REQUIRED = (
    "recognition_id",
    "enterprise_number",
    "establishment_number",
    "programme_id|programme_name",
    "valid_from",
    "nis|postcode",
)
KEPT_STATUS = ("erkend", "opgeschort", "opgeheven")
SKIPPED_STATUS = ("aangevraagd",)
TERM = pd.DateOffset(years=5)
STATUS = "status"


def _check(
    chk: Checker, reference: dict[str, pd.DataFrame], skipped: dict[str, int]
) -> pd.DataFrame:
    """Row checks of one piece; the frame of all its rows (``chk.alive`` marks the
    valid ones)."""
    status = chk.text("status").str.lower()
    asked = status.isin(SKIPPED_STATUS).to_numpy() & chk.alive
    if asked.any():
        key = "status aangevraagd (nog niet erkend)"
        skipped[key] = skipped.get(key, 0) + int(asked.sum())
    chk.alive &= ~asked
    chk.reject(
        ((status != "") & ~status.isin(KEPT_STATUS)).to_numpy(),
        "status",
        "bad_value",
        f"onbekende status, verwacht {', '.join(KEPT_STATUS + SKIPPED_STATUS)}",
    )
    rid = chk.required("recognition_id")
    enterprise = chk.kbo("enterprise_number", "enterprise")
    establishment = chk.kbo("establishment_number", "establishment")
    chk.required("enterprise_number")
    chk.required("establishment_number")
    lookup = programme_lookup(reference["programmes"])
    code = chk.text("programme_id")
    name = chk.text("programme_name")
    key = code.where(code != "", name).str.lower()
    pid = key.map(lookup)
    column = "programme_id" if chk.has("programme_id") else "programme_name"
    chk.reject(
        pid.isna().to_numpy(),
        column,
        "unknown_programme",
        "onbekende opleiding",
        code.where(code != "", name),
    )
    chk.required("valid_from")
    start = chk.date("valid_from")
    end = chk.date("end") + pd.Timedelta(days=1)
    until = chk.date("valid_to")
    valid_to = until.fillna(end).fillna(start + TERM)
    chk.reject(
        (start.notna() & (valid_to <= start)).to_numpy(),
        "end" if chk.has("end") else "valid_to",
        "bad_interval",
        "einddatum valt voor de erkenningsdatum",
        chk.text("end" if chk.has("end") else "valid_to"),
    )
    hosted = chk.count("learners_hosted").fillna(0)
    where = chk.place(
        reference,
        skipped,
        postcode="postcode",
        municipality="municipality",
        nis="nis",
        lat="lat",
        lng="lng",
    )
    return pd.DataFrame(
        {
            s.RECOGNITION_ID: rid,
            s.ENTERPRISE_NUMBER: enterprise,
            s.ESTABLISHMENT_NUMBER: establishment,
            s.NAME: chk.text("name"),
            s.PROGRAMME_ID: pid.fillna(""),
            s.VALID_FROM: start,
            s.VALID_TO: valid_to.astype("datetime64[ms]"),
            s.LEARNERS_HOSTED: hosted,
            s.NIS: where[s.NIS],
            s.LAT: where[s.LAT],
            s.LNG: where[s.LNG],
            STATUS: status.where(status != "", "erkend"),
            places.POINT_SOURCE: where[places.POINT_SOURCE],
        }
    )


def parse(
    path: Path,
    reference: dict[str, pd.DataFrame],
    progress: sniff.Progress = sniff.no_progress,
    file: str = "",
) -> Parsed:
    """Read the register export into recognitions rows and their rejects."""
    file = file or Path(path).name
    table = sniff.read_any(Path(path), file, ALIASES, REQUIRED, progress)
    skipped: dict[str, int] = {}
    kept, rejects = [], [table.rejects]
    for frame, chk in checks.run_pieces(
        table, lambda c: _check(c, reference, skipped), progress
    ):
        kept.append(frame)
        rejects.append(chk.rejects())
    frame = checks.concat(kept)
    dup, rj = checks.duplicates(
        frame,
        [s.RECOGNITION_ID],
        file,
        table.headers.get("recognition_id"),
        s.RECOGNITION_ID,
    )
    frame = frame[~dup].reset_index(drop=True)
    rejects.append(rj)
    out = checks.sorted_rejects(rejects)
    return Parsed(
        "recognitions",
        frame,
        out,
        rows_read=table.rows_read,
        rows_kept=len(frame),
        rows_rejected=len(out),
        skipped=skipped,
    )
