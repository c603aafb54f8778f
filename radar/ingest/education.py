"""The education offer (Onderwijs API / CSV export) and learner counts (Discimus).

Both read one row per programme at a school location in a school year and map onto
the ``offerings`` table: ``location_id`` = institution number + 2-digit location
number, ``offering_id`` = ``<location_id>-<programme_id>-<school_year>``. Learner
rows for the same offering (per gender, per leerjaar) are summed. Rows of programmes
that are not dual are skipped (counted); dual rows of a programme missing from the
catalogue are rejected (``unknown_programme``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from radar.ingest import checks, places, sniff
from radar.ingest.checks import Checker, programme_lookup
from radar.ingest.result import Parsed
from radar.kernel import schema as s

ALIASES: dict[str, list[str]] = {
    "school_id": ["instelling_nummer", "nummer_instelling", "schoolnummer"],
    "location_no": [
        "instellingslocatie_vestigingsnummer",
        "intern_volgnr_vpl",
        "intern_vplnummer",
    ],
    "location_id": ["lesplaats_id"],
    "school_name": ["instelling_naam", "naam_instelling"],
    "provider_type": ["aanbieder_type"],
    "hoofdstructuur": ["nummer_hoofdstructuur", "hoofdstructuur"],
    "programme_id": ["opleiding_code"],
    "structuuronderdeel": ["structuuronderdeel_nummer"],
    "programme_name": [
        "studierichting",
        "administratievegroep_studierichting.omschrijving",
        "opleiding_naam",
        "administratievegroep_omschrijving",
        "naam_administratieve_groep",
    ],
    "group_name": ["naam_administratieve_groep", "administratievegroep_omschrijving"],
    "dual": ["administratievegroep_duaal", "duaal"],
    "school_year": ["schooljaar"],
    "nis": ["instellingslocatie_gemeente_nis", "nis_gemeente"],
    "postcode": ["instellingslocatie_postcode", "postnummer_vpl"],
    "municipality": ["instellingslocatie_gemeente", "gemeente_vpl", "gemeente"],
    "lat": ["gps_breedtegraad", "latitude"],
    "lng": ["gps_lengtegraad", "lon", "longitude"],
    "learners": ["aantal_lln_op_teldag_01_10", "aantal_leerlingen"],
    "gender": ["geslacht"],
    "year_of_study": ["leerjaar"],
}
PLACE = "nis|postcode"
REQUIRED_OFFERINGS = (
    "school_id|location_id",
    "location_no|location_id",
    "programme_id|structuuronderdeel|programme_name",
    "school_year",
    PLACE,
)
REQUIRED_LEARNERS = (*REQUIRED_OFFERINGS, "learners")
PROVIDER_BY_STRUCTURE = {"312": "CDO", "315": "Syntra"}
PLACE_FIELDS = {
    "postcode": "postcode",
    "municipality": "municipality",
    "nis": "nis",
    "lat": "lat",
    "lng": "lng",
}
SPLIT = "_split"  # gender and year of study: learner rows of one offering
_YEAR = re.compile(r"^(\d{4})\s*[-/]\s*(\d{2}|\d{4})$")


def school_year(text: str) -> str | None:
    """Normalise a school year to ``2021-22``; None when it is not one.

    >>> school_year("2021-2022"), school_year("2021/22"), school_year("2021")
    ('2021-22', '2021-22', None)
    """
    m = _YEAR.match(text.strip())
    if not m:
        return None
    start, end = int(m.group(1)), int(m.group(2)[-2:])
    if (start + 1) % 100 != end:
        return None
    return f"{start}-{end:02d}"


def _programmes(
    chk: Checker, reference: dict[str, pd.DataFrame], skipped: dict[str, int]
) -> pd.Series:
    """Map each row to a programme id; skip non-dual rows, reject unknown ones."""
    lookup = programme_lookup(reference["programmes"])
    explicit = chk.text("programme_id")
    so = chk.text("structuuronderdeel")
    name = chk.text("programme_name").str.lower()
    group = chk.text("group_name").str.lower()
    code = explicit.where(explicit != "", np.where(so != "", "SO-" + so, ""))
    by_code = code.str.lower().map(lookup)
    stripped = name.str.replace(r"\s+(dbso|syn)$", "", regex=True)
    by_name = stripped.map(lookup)
    pid = by_code.where(code != "", by_name)
    dual_flag = chk.text("dual").str.lower().isin(["true", "1", "ja", "j"])
    structure = chk.text("hoofdstructuur")
    is_dual = (
        dual_flag
        | name.str.contains("duaal", regex=False)
        | group.str.contains("duaal", regex=False)
        | group.str.contains(r"\b(?:dbso|syn)$", regex=True)
        | name.str.contains(r"\b(?:dbso|syn)$", regex=True)
        | structure.isin(list(PROVIDER_BY_STRUCTURE))
    )
    knows_dual = any(chk.has(c) for c in ("dual", "hoofdstructuur", "group_name"))
    unknown = pid.isna().to_numpy()
    if knows_dual or chk.has("programme_name"):
        not_dual = unknown & ~is_dual.to_numpy() & chk.alive
        if not_dual.any():
            key = "geen duale opleiding"
            skipped[key] = skipped.get(key, 0) + int(not_dual.sum())
        chk.alive &= ~not_dual
    shown = code.where(code != "", chk.text("programme_name"))
    column = (
        "programme_id"
        if chk.has("programme_id")
        else (
            "structuuronderdeel" if chk.has("structuuronderdeel") else "programme_name"
        )
    )
    chk.reject(unknown, column, "unknown_programme", "onbekende opleiding", shown)
    return pid.fillna("")


def _provider(chk: Checker) -> pd.Series:
    given = chk.text("provider_type")
    known = {p.lower(): p for p in s.PROVIDER_TYPES}
    by_given = given.str.lower().map(known)
    chk.reject(
        ((given != "") & by_given.isna()).to_numpy(),
        "provider_type",
        "bad_value",
        f"onbekend type aanbieder, verwacht {', '.join(s.PROVIDER_TYPES)}",
    )
    structure = chk.text("hoofdstructuur").map(PROVIDER_BY_STRUCTURE)
    group = chk.text("group_name").str.lower() + " " + chk.text("programme_name")
    by_suffix = np.where(
        group.str.lower().str.contains(r"\bdbso\b"),
        "CDO",
        np.where(group.str.lower().str.contains(r"\bsyn\b"), "Syntra", "secundair"),
    )
    return by_given.fillna(structure).fillna(pd.Series(by_suffix))


def _parse(
    chk: Checker, reference: dict[str, pd.DataFrame], skipped: dict[str, int]
) -> pd.DataFrame:
    """Row checks shared by the offer and the learner counts, for one piece."""
    pid = _programmes(chk, reference, skipped)
    raw_year = chk.required("school_year")
    year = raw_year.map(school_year)
    chk.reject(
        year.isna().to_numpy(),
        "school_year",
        "bad_value",
        "geen schooljaar (verwacht 2021-22 of 2021-2022)",
    )
    location = chk.text("location_id")
    school = chk.text("school_id")
    # institution numbers have six digits; a spreadsheet may have dropped the zero
    school = school.where(~school.str.fullmatch(r"\d{1,5}"), school.str.zfill(6))
    number = chk.text("location_no").str.replace(r"\.0$", "", regex=True)
    built = school + number.str.zfill(2)
    location = location.where(location != "", built)
    school = school.where(school != "", location.str[:-2])
    chk.reject(
        ((location == "") | (school == "")).to_numpy(),
        "location_id" if chk.has("location_id") else "location_no",
        "missing_value",
        "lesplaats ontbreekt",
    )
    where = chk.place(reference, skipped, **PLACE_FIELDS)
    return pd.DataFrame(
        {
            s.OFFERING_ID: location + "-" + pid + "-" + year.fillna(""),
            s.SCHOOL_ID: school,
            s.LOCATION_ID: location,
            s.SCHOOL_NAME: chk.text("school_name"),
            s.PROVIDER_TYPE: _provider(chk),
            s.PROGRAMME_ID: pid,
            s.SCHOOL_YEAR: year.fillna(""),
            s.NIS: where[s.NIS],
            s.LAT: where[s.LAT],
            s.LNG: where[s.LNG],
            places.POINT_SOURCE: where[places.POINT_SOURCE],
        }
    )


def _learner_rows(
    chk: Checker, reference: dict[str, pd.DataFrame], skipped: dict[str, int]
) -> pd.DataFrame:
    frame = _parse(chk, reference, skipped)
    frame[s.LEARNERS] = chk.count("learners")
    chk.reject(
        frame[s.LEARNERS].isna().to_numpy(),
        "learners",
        "missing_value",
        "waarde ontbreekt",
    )
    frame[SPLIT] = chk.text("gender") + "\x1f" + chk.text("year_of_study")
    return frame


def _read(
    path: Path,
    reference: dict[str, pd.DataFrame],
    progress: sniff.Progress,
    file: str,
    required: tuple[str, ...],
    rows: Callable[[Checker, dict[str, pd.DataFrame], dict[str, int]], pd.DataFrame],
) -> tuple[sniff.Table, pd.DataFrame, list[pd.DataFrame], dict[str, int]]:
    """Read and check an input piece by piece: the table, kept rows, rejects, skips."""
    table = sniff.read_any(Path(path), file, ALIASES, required, progress)
    skipped: dict[str, int] = {}
    kept, rejects = [], [table.rejects]
    for frame, chk in checks.run_pieces(
        table, lambda c: rows(c, reference, skipped), progress
    ):
        kept.append(_compact(frame))
        rejects.append(chk.rejects())
    return table, checks.concat(kept), rejects, skipped


def _compact(frame: pd.DataFrame) -> pd.DataFrame:
    """Repeated text as categories: a big learner file's rows stay small in memory."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object:
            out[col] = out[col].astype("category")
    return out


def _text_columns(frame: pd.DataFrame) -> pd.DataFrame:
    cats = [c for c in frame.columns if isinstance(frame[c].dtype, pd.CategoricalDtype)]
    return frame.astype({c: object for c in cats})


def parse_offerings(
    path: Path,
    reference: dict[str, pd.DataFrame],
    progress: sniff.Progress = sniff.no_progress,
    file: str = "",
) -> Parsed:
    """Read the education offer: one row per programme at a location in a year."""
    file = file or Path(path).name
    table, frame, rejects, skipped = _read(
        path, reference, progress, file, REQUIRED_OFFERINGS, _parse
    )
    frame = _text_columns(frame)
    dup, rj = checks.duplicates(
        frame, [s.OFFERING_ID], file, _programme_column(table), s.OFFERING_ID
    )
    rejects.append(rj)
    frame = frame[~dup].reset_index(drop=True)
    frame[s.LEARNERS] = pd.array([pd.NA] * len(frame), dtype="Int64")
    out = checks.sorted_rejects(rejects)
    return Parsed(
        "offerings",
        frame,
        out,
        rows_read=table.rows_read,
        rows_kept=len(frame),
        rows_rejected=len(out),
        skipped=skipped,
    )


def _programme_column(table: sniff.Table) -> str:
    for name in ("programme_id", "structuuronderdeel", "programme_name"):
        if name in table.headers:
            return table.headers[name]
    return "programme_id"


def parse_learners(
    path: Path,
    reference: dict[str, pd.DataFrame],
    progress: sniff.Progress = sniff.no_progress,
    file: str = "",
) -> Parsed:
    """Read learner counts (count day 1 October), summed per offering."""
    file = file or Path(path).name
    table, rows, rejects, skipped = _read(
        path, reference, progress, file, REQUIRED_LEARNERS, _learner_rows
    )
    dup, rj = checks.duplicates(
        rows,
        [s.OFFERING_ID, SPLIT],
        file,
        table.headers.get("learners"),
        s.OFFERING_ID,
    )
    rejects.append(rj)
    rows = rows[~dup]
    kept = len(rows)
    first = rows.drop_duplicates(s.OFFERING_ID).set_index(s.OFFERING_ID)
    totals = rows.groupby(s.OFFERING_ID, sort=False, observed=True)[s.LEARNERS].sum()
    first = _text_columns(first.drop(columns=[SPLIT]).reset_index())
    first[s.LEARNERS] = (
        totals.reindex(first[s.OFFERING_ID].astype(str)).astype("Int64").to_numpy()
    )
    out = checks.sorted_rejects(rejects)
    return Parsed(
        "learners",
        first,
        out,
        rows_read=table.rows_read,
        rows_kept=kept,
        rows_rejected=len(out),
        skipped=skipped,
    )
