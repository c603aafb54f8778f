"""A Discimus-like learner-count CSV of a given size, for the ingest memory bench.

56 columns (the export's identification columns, 34 count dates, school year and
extract time), ``;``-separated UTF-8, dual programmes of the catalogue mixed with
non-dual ones. Deterministic per size.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pandas as pd

IDENTIFICATION = [
    "nummer_instelling", "naam_instelling", "intern_volgnr_vpl", "straatnaam_vpl",
    "huisnr_vpl", "postnummer_vpl", "gemeente_vpl", "fusiegemeente_vpl",
    "provincie_vpl", "naam_im", "naam_net", "nummer_hoofdstructuur",
    "naam_administratieve_groep", "onderwijsvorm", "type_buitengewoon",
    "opleidingsvorm_buso", "domein_so", "finaliteit_so", "graad", "leerjaar",
    "studierichting", "geslacht",
]  # fmt: skip
COUNT_DAYS = [
    "01_10", "01_09", "15_10", "01_11", "15_11", "01_12", "15_12", "15_01", "01_02",
    "15_02", "01_03", "15_03", "01_04", "15_04", "01_05", "15_05", "01_06", "15_06",
    "30_06", "01_07", "15_07", "31_07", "15_08", "31_08", "01_10_vorig",
    "01_02_vorig", "30_06_vorig", "01_09_vorig", "15_09", "30_09", "31_10", "30_11",
]  # fmt: skip
COUNTS = ["aantal_lln_op_teldag_01_10", "aantal_lln_op_instap_01_09"] + [
    f"aantal_lln_op_{d}" for d in COUNT_DAYS[2:]
]
COLUMNS = [*IDENTIFICATION, *COUNTS, "schooljaar", "tijdstip_gegevens"]
NON_DUAL = ("Latijn", "Moderne talen", "Wetenschappen", "Economie", "Humane wet.")


def write_learners_csv(
    path: Path, megabytes: int, programmes: pd.DataFrame, postal_codes: pd.DataFrame
) -> int:
    """Write a learners CSV of about ``megabytes`` MB to ``path``; return its rows."""
    rng = random.Random(megabytes)
    names = list(programmes["name"])
    codes = postal_codes[["postcode", "name_nl"]].to_numpy().tolist()
    target, size, rows, school = megabytes << 20, 0, 0, 0
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh, delimiter=";")
        out.writerow(COLUMNS)
        while size < target:
            school += 1
            postcode, town = codes[rng.randrange(len(codes))]
            for place in (1, 2):
                for year in ("2024-2025", "2025-2026"):
                    for name in rng.sample(names, 6) + rng.sample(NON_DUAL, 2):
                        for grade_year in (3, 4):
                            for sex in ("M", "V"):
                                n = rng.randint(0, 30)
                                row = [
                                    f"{100000 + school:06d}", f"Instituut {school}",
                                    place, "Kerkstraat", rng.randint(1, 200), postcode,
                                    town, town, "Antwerpen", "GO!", "Officieel",
                                    311, f"2de graad {name}", "BSO", "", "", "STEM",
                                    "arbeidsmarktfinaliteit", "2de graad", grade_year,
                                    name, sex, *[n] * len(COUNTS), year,
                                    "2025-10-01 00:00:00",
                                ]  # fmt: skip
                                out.writerow(row)
                                size += sum(len(str(v)) + 1 for v in row) + 1
                                rows += 1
    return rows
