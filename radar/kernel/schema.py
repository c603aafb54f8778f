"""Column names, dtypes and keys of the six RadarDuaal tables, defined once.

Every other module refers to columns through these constants. Dtypes use pandas'
nullable and Arrow-backed types so that Parquet round-trips keep them.
"""

from __future__ import annotations

from dataclasses import dataclass

# Shared column names.
NIS = "nis"
LAT = "lat"
LNG = "lng"
PROGRAMME_ID = "programme_id"
NAME = "name"
ENTERPRISE_NUMBER = "enterprise_number"
ESTABLISHMENT_NUMBER = "establishment_number"

# programmes
GRADE = "grade"
FINALITY = "finality"
STUDY_AREA = "study_area"
PARTNERSHIP = "partnership"
NACE_PREFIXES = "nace_prefixes"
RELATED_IDS = "related_ids"
PROGRAMME_VALID_TO = "valid_to"

# municipalities (reference)
NAME_NL = "name_nl"
ARRONDISSEMENT_NIS = "arrondissement_nis"
ARRONDISSEMENT_NL = "arrondissement_nl"
PROVINCE_NIS = "province_nis"
PROVINCE_NL = "province_nl"
RESOC = "resoc"
RESOC_CODE = "resoc_code"
POPULATION = "population"
AREA_KM2 = "area_km2"

# postal_codes (reference)
POSTCODE = "postcode"

# offerings
OFFERING_ID = "offering_id"
SCHOOL_ID = "school_id"
LOCATION_ID = "location_id"
SCHOOL_NAME = "school_name"
PROVIDER_TYPE = "provider_type"
SCHOOL_YEAR = "school_year"
LEARNERS = "learners"

# recognitions
RECOGNITION_ID = "recognition_id"
VALID_FROM = "valid_from"
VALID_TO = "valid_to"
LEARNERS_HOSTED = "learners_hosted"

# establishments
NACE_MAIN = "nace_main"
NACE_OTHER = "nace_other"
IS_EMPLOYER = "is_employer"
START_DATE = "start_date"
ADDRESS = "address"
CELL = "h3_cell"  # H3 res-8 cell of the point, hex string; derived from lat/lng

PROVIDER_TYPES = ("secundair", "CDO", "Syntra")

# A generous box around Belgium (WGS84): points outside it are rejected.
BELGIUM_LAT = (49.49, 51.51)
BELGIUM_LNG = (2.54, 6.41)

STR = "string"
INT = "Int64"
FLOAT = "float64"
BOOL = "boolean"
DATE = "datetime64[ms]"


@dataclass(frozen=True)
class TableSpec:
    """Name, typed columns and primary key of one table."""

    name: str
    columns: dict[str, str]
    key: tuple[str, ...]
    derived: tuple[str, ...] = ()

    @property
    def required(self) -> tuple[str, ...]:
        """Columns an input must have: all but the derived ones (computed on load)."""
        return tuple(c for c in self.columns if c not in self.derived)


PROGRAMMES = TableSpec(
    "programmes",
    {
        PROGRAMME_ID: STR,
        NAME: STR,
        GRADE: STR,
        FINALITY: STR,
        STUDY_AREA: STR,
        PARTNERSHIP: STR,
        NACE_PREFIXES: STR,  # ';'-separated, without dots: "4321;4322"
        RELATED_IDS: STR,  # ';'-separated programme ids
        PROGRAMME_VALID_TO: DATE,  # last day the programme can be taught, or NaT
    },
    (PROGRAMME_ID,),
)

MUNICIPALITIES = TableSpec(
    "municipalities",
    {
        NIS: STR,
        NAME_NL: STR,
        ARRONDISSEMENT_NIS: STR,
        ARRONDISSEMENT_NL: STR,
        PROVINCE_NIS: STR,
        PROVINCE_NL: STR,
        RESOC: STR,
        RESOC_CODE: STR,
        LAT: FLOAT,
        LNG: FLOAT,
        POPULATION: INT,
        AREA_KM2: FLOAT,
    },
    (NIS,),
)

POSTAL_CODES = TableSpec(
    "postal_codes",
    {POSTCODE: STR, NIS: STR, NAME_NL: STR, LAT: FLOAT, LNG: FLOAT},
    (POSTCODE, NIS),
)

OFFERINGS = TableSpec(
    "offerings",
    {
        OFFERING_ID: STR,
        SCHOOL_ID: STR,
        LOCATION_ID: STR,
        SCHOOL_NAME: STR,
        PROVIDER_TYPE: STR,
        PROGRAMME_ID: STR,
        SCHOOL_YEAR: STR,  # "2021-22"
        LEARNERS: INT,
        NIS: STR,
        LAT: FLOAT,
        LNG: FLOAT,
        CELL: STR,
    },
    (OFFERING_ID,),
    derived=(CELL,),
)

RECOGNITIONS = TableSpec(
    "recognitions",
    {
        RECOGNITION_ID: STR,
        ENTERPRISE_NUMBER: STR,
        ESTABLISHMENT_NUMBER: STR,
        NAME: STR,
        PROGRAMME_ID: STR,
        VALID_FROM: DATE,  # first day the recognition counts
        VALID_TO: DATE,  # first day it no longer counts (half-open interval)
        LEARNERS_HOSTED: INT,  # learners with a running agreement on the extract date
        NIS: STR,
        LAT: FLOAT,
        LNG: FLOAT,
        CELL: STR,
    },
    (RECOGNITION_ID,),
    derived=(CELL,),
)

ESTABLISHMENTS = TableSpec(
    "establishments",
    {
        ESTABLISHMENT_NUMBER: STR,
        ENTERPRISE_NUMBER: STR,
        NAME: STR,
        ADDRESS: STR,
        NACE_MAIN: STR,  # 5 digits, no dots (KBO style): "43211"
        NACE_OTHER: STR,  # ';'-separated 5-digit codes, may be empty
        IS_EMPLOYER: BOOL,
        START_DATE: DATE,
        NIS: STR,
        LAT: FLOAT,
        LNG: FLOAT,
        CELL: STR,
    },
    (ESTABLISHMENT_NUMBER,),
    derived=(CELL,),
)

REFERENCE_TABLES = (MUNICIPALITIES, POSTAL_CODES, PROGRAMMES)
DATA_TABLES = (OFFERINGS, RECOGNITIONS, ESTABLISHMENTS)
TABLES = {t.name: t for t in (*REFERENCE_TABLES, *DATA_TABLES)}
