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
from pathlib import Path

import numpy as np
import pandas as pd

from radar.ingest import places, sniff
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
            skipped["geen duale opleiding"] = int(not_dual.sum())
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
    table: sniff.Table, reference: dict[str, pd.DataFrame], source: str
) -> tuple[pd.DataFrame, Checker, dict[str, int]]:
    chk = Checker(table)
    skipped: dict[str, int] = {}
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
    frame = pd.DataFrame(
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
    return frame, chk, skipped


def parse_offerings(
    path: Path,
    reference: dict[str, pd.DataFrame],
    progress: sniff.Progress = sniff.no_progress,
    file: str = "",
) -> Parsed:
    """Read the education offer: one row per programme at a location in a year."""
    file = file or Path(path).name
    table = sniff.read_any(Path(path), file, ALIASES, REQUIRED_OFFERINGS, progress)
    frame, chk, skipped = _parse(table, reference, "offerings")
    chk.duplicates([frame[s.OFFERING_ID]], "programme_id", frame[s.OFFERING_ID])
    frame = frame[chk.alive].reset_index(drop=True)
    frame[s.LEARNERS] = pd.array([pd.NA] * len(frame), dtype="Int64")
    return Parsed(
        "offerings",
        frame,
        chk.rejects(),
        len(table.frame) + len(table.rejects),
        skipped,
    )


def parse_learners(
    path: Path,
    reference: dict[str, pd.DataFrame],
    progress: sniff.Progress = sniff.no_progress,
    file: str = "",
) -> Parsed:
    """Read learner counts (count day 1 October), summed per offering."""
    file = file or Path(path).name
    table = sniff.read_any(Path(path), file, ALIASES, REQUIRED_LEARNERS, progress)
    frame, chk, skipped = _parse(table, reference, "learners")
    frame[s.LEARNERS] = chk.count("learners")
    chk.reject(
        frame[s.LEARNERS].isna().to_numpy(),
        "learners",
        "missing_value",
        "waarde ontbreekt",
    )
    split = [chk.text("gender"), chk.text("year_of_study")]
    chk.duplicates([frame[s.OFFERING_ID], *split], "learners", frame[s.OFFERING_ID])
    kept = frame[chk.alive]
    first = kept.drop_duplicates(s.OFFERING_ID).set_index(s.OFFERING_ID)
    totals = kept.groupby(s.OFFERING_ID, sort=False)[s.LEARNERS].sum()
    first[s.LEARNERS] = totals.astype("Int64")
    out = first.reset_index()
    return Parsed(
        "learners", out, chk.rejects(), len(table.frame) + len(table.rejects), skipped
    )
