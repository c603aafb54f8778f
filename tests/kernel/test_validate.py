"""Validation: every check catches its defect and names the table, row and column.

The hand-made world is three municipalities (Antwerpen, Gent, Brussel), three
programmes, one enterprise with two establishments and one with one. KBO numbers carry
check digits worked out by hand: the last two digits are 97 - (first eight mod 97).

- 0200.065.765: 2000657 mod 97 = 32, 97 - 32 = 65
- 0403.170.701: 4031707 mod 97 = 96, 97 - 96 = 01
- 2.000.000.339: 20000003 mod 97 = 58, 97 - 58 = 39
- 2.000.000.438: 20000004 mod 97 = 59, 97 - 59 = 38
- 2.123.456.791: 21234567 mod 97 = 6, 97 - 6 = 91
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pandas as pd
import pytest

from radar.demo.generator import generate
from radar.kernel import ids
from radar.kernel import schema as s
from radar.kernel.errors import DataError, RadarError
from radar.kernel.load import Dataset, coerce, read_reference
from radar.kernel.validate import (
    Issue,
    raise_on_issues,
    validate_dataset,
    validate_table,
)

ENT_A, ENT_B = "0200.065.765", "0403.170.701"
EST_A1, EST_A2, EST_B = "2.000.000.339", "2.000.000.438", "2.123.456.791"
NIS_KNOWN = {"11002", "44021", "21004"}


def programmes() -> pd.DataFrame:
    return pd.DataFrame(
        {
            s.PROGRAMME_ID: ["SO-8", "SO-13", "SO-100"],
            s.NAME: ["Dierenzorg duaal", "Plantenteelt duaal", "Sanitair duaal"],
            s.GRADE: ["2de graad", "2de graad", "3de graad"],
            s.FINALITY: ["arbeidsmarktfinaliteit"] * 3,
            s.STUDY_AREA: ["LAND- EN TUINBOUW", "LAND- EN TUINBOUW", "STEM"],
            s.PARTNERSHIP: ["Groene sectoren", "Groene sectoren", "Bouw"],
            s.NACE_PREFIXES: ["0141;0142", "0113", "4322"],
            s.RELATED_IDS: ["SO-13", "SO-8", ""],
            s.PROGRAMME_VALID_TO: [None, None, "2025-08-31"],
        }
    )


def municipalities() -> pd.DataFrame:
    return pd.DataFrame(
        {
            s.NIS: ["11002", "44021", "21004"],
            s.NAME_NL: ["Antwerpen", "Gent", "Brussel"],
            s.ARRONDISSEMENT_NIS: ["11000", "44000", "21000"],
            s.ARRONDISSEMENT_NL: ["Antwerpen", "Gent", "Brussel-Hoofdstad"],
            s.PROVINCE_NIS: ["10000", "40000", "04000"],
            s.PROVINCE_NL: ["Antwerpen", "Oost-Vlaanderen", "Brussels Gewest"],
            s.RESOC: ["Antwerpen", "Gent", "Brussel"],
            s.RESOC_CODE: ["ANTW", "GENT", "BRU"],
            s.LAT: [51.25942, 51.07443, 50.88630],
            s.LNG: [4.37180, 3.72545, 4.36045],
            s.POPULATION: [540196, 263927, 185103],
            s.AREA_KM2: [208.23, 157.78, 33.08],
        }
    )


def postal_codes() -> pd.DataFrame:
    # 7500 Doornik lies outside the municipalities table: postcodes cover Belgium.
    return pd.DataFrame(
        {
            s.POSTCODE: ["2000", "2018", "9000", "1000", "7500"],
            s.NIS: ["11002", "11002", "44021", "21004", "57081"],
            s.NAME_NL: ["Antwerpen", "Antwerpen", "Gent", "Brussel", "Doornik"],
            s.LAT: [51.2199, 51.2199, 51.05, 50.8504, 50.58737],
            s.LNG: [4.4035, 4.4035, 3.7167, 4.3488, 3.38387],
        }
    )


def offerings() -> pd.DataFrame:
    return pd.DataFrame(
        {
            s.OFFERING_ID: ["10101-SO-8-2021-22", "10101-SO-13-2021-22", "20201-SO-8"],
            s.SCHOOL_ID: ["101", "101", "202"],
            s.LOCATION_ID: ["10101", "10101", "20201"],
            s.SCHOOL_NAME: ["VTI Gent", "VTI Gent", "Syntra campus Antwerpen"],
            s.PROVIDER_TYPE: ["secundair", "secundair", "Syntra"],
            s.PROGRAMME_ID: ["SO-8", "SO-13", "SO-8"],
            s.SCHOOL_YEAR: ["2021-22", "2021-22", "2021-22"],
            s.LEARNERS: [12, 0, 3],
            s.NIS: ["44021", "44021", "11002"],
            s.LAT: [51.05, 51.05, 51.21],
            s.LNG: [3.72, 3.72, 4.41],
        }
    )


def recognitions() -> pd.DataFrame:
    return pd.DataFrame(
        {
            s.RECOGNITION_ID: ["E1", "E2", "E3"],
            s.ENTERPRISE_NUMBER: [ENT_A, ENT_A, ENT_B],
            s.ESTABLISHMENT_NUMBER: [EST_A1, EST_A2, EST_B],
            s.NAME: ["Hoeve Maes - Antwerpen", "Hoeve Maes - Gent", "Sanitair Claes"],
            s.PROGRAMME_ID: ["SO-8", "SO-13", "SO-100"],
            s.VALID_FROM: ["2020-01-01", "2021-03-01", "2022-02-07"],
            s.VALID_TO: ["2025-01-01", "2026-03-01", "2025-09-01"],
            s.LEARNERS_HOSTED: [1, 0, 2],
            s.NIS: ["11002", "44021", "21004"],
            s.LAT: [51.22, 51.05, 50.85],
            s.LNG: [4.40, 3.72, 4.35],
        }
    )


def establishments() -> pd.DataFrame:
    return pd.DataFrame(
        {
            s.ESTABLISHMENT_NUMBER: [EST_A1, EST_A2, EST_B],
            s.ENTERPRISE_NUMBER: [ENT_A, ENT_A, ENT_B],
            s.NAME: ["Hoeve Maes - Antwerpen", "Hoeve Maes - Gent", "Sanitair Claes"],
            s.ADDRESS: ["Kerkstraat 1, 2000 Antwerpen", "Veldstraat 2, 9000 Gent", ""],
            s.NACE_MAIN: ["01410", "01130", "43221"],
            s.NACE_OTHER: ["", "01420", ""],
            s.IS_EMPLOYER: [True, False, True],
            s.START_DATE: ["1999-05-01", "2010-01-15", "2015-06-30"],
            s.NIS: ["11002", "44021", "21004"],
            s.LAT: [51.22, 51.05, 50.85],
            s.LNG: [4.40, 3.72, 4.35],
        }
    )


BUILDERS: dict[str, Callable[[], pd.DataFrame]] = {
    "programmes": programmes,
    "municipalities": municipalities,
    "postal_codes": postal_codes,
    "offerings": offerings,
    "recognitions": recognitions,
    "establishments": establishments,
}


def typed(name: str) -> pd.DataFrame:
    """The hand-made table cast to the schema, as the loader returns it."""
    return coerce(BUILDERS[name](), s.TABLES[name])


def world() -> Dataset:
    return Dataset(**{name: typed(name) for name in BUILDERS})


def with_value(
    frame: pd.DataFrame, row: int, column: str, value: object
) -> pd.DataFrame:
    """Return a copy of ``frame`` with one cell replaced (any type)."""
    out = frame.copy()
    out[column] = out[column].astype(object)
    out.iloc[row, out.columns.get_loc(column)] = value
    return out


def check(name: str, frame: pd.DataFrame) -> list[Issue]:
    """Validate one table as validate_dataset does: NIS codes only in data tables."""
    spec = s.TABLES[name]
    nis_known = NIS_KNOWN if spec in s.DATA_TABLES else None
    return validate_table(frame, spec, nis_known=nis_known)


def found(issues: list[Issue]) -> list[tuple[str, int | None, str | None, str]]:
    return [(i.table, i.row, i.column, i.code) for i in issues]


@pytest.mark.parametrize("name", list(BUILDERS))
def test_hand_made_tables_are_valid_both_typed_and_as_csv_text(name):
    as_text = typed(name).astype("string").fillna("")
    assert check(name, typed(name)) == []
    assert check(name, as_text) == []


def test_hand_made_kbo_numbers_are_valid_by_the_ids_module():
    assert all(map(ids.is_enterprise_number, [ENT_A, ENT_B]))
    assert all(map(ids.is_establishment_number, [EST_A1, EST_A2, EST_B]))


def test_hand_made_world_validates_as_a_dataset():
    assert validate_dataset(world()) == []


# (table, row, column, bad value, expected code[, column the issue names])
BAD_VALUES = [
    ("recognitions", 1, s.ENTERPRISE_NUMBER, "0200.065.766", "bad_enterprise_number"),
    ("recognitions", 1, s.ENTERPRISE_NUMBER, "0200.065", "bad_enterprise_number"),
    ("recognitions", 1, s.ENTERPRISE_NUMBER, EST_A1, "bad_enterprise_number"),
    ("recognitions", 1, s.ENTERPRISE_NUMBER, "0200.O65.765", "bad_enterprise_number"),
    ("recognitions", 2, s.ESTABLISHMENT_NUMBER, ENT_A, "bad_establishment_number"),
    (
        "recognitions",
        2,
        s.ESTABLISHMENT_NUMBER,
        "2.123.456.792",
        "bad_establishment_number",
    ),
    ("recognitions", 0, s.LAT, "noord", "wrong_type"),
    ("recognitions", 0, s.LAT, 48.9, "outside_belgium"),
    ("recognitions", 0, s.LAT, 4.40, "outside_belgium"),
    ("recognitions", 2, s.LNG, 7.0, "outside_belgium"),
    ("recognitions", 1, s.VALID_FROM, "gisteren", "wrong_type"),
    ("recognitions", 1, s.VALID_TO, "2022-02-30", "wrong_type"),
    ("recognitions", 1, s.VALID_TO, "07-02-2022", "wrong_type"),
    ("recognitions", 1, s.VALID_TO, "2021-03-01", "bad_interval"),
    ("recognitions", 1, s.VALID_FROM, "2030-01-01", "bad_interval", s.VALID_TO),
    ("recognitions", 0, s.LEARNERS_HOSTED, -1, "bad_value"),
    ("recognitions", 0, s.LEARNERS_HOSTED, 1.5, "wrong_type"),
    ("recognitions", 2, s.RECOGNITION_ID, None, "missing_value"),
    ("recognitions", 2, s.RECOGNITION_ID, "  ", "missing_value"),
    ("recognitions", 2, s.RECOGNITION_ID, "E1", "duplicate_key"),
    ("recognitions", 1, s.NIS, "99999", "unknown_nis"),
    ("offerings", 0, s.PROVIDER_TYPE, "Hogeschool", "bad_value"),
    ("offerings", 0, s.PROVIDER_TYPE, "syntra", "bad_value"),
    ("offerings", 1, s.LEARNERS, -3, "bad_value"),
    ("offerings", 1, s.LEARNERS, "veel", "wrong_type"),
    ("offerings", 2, s.OFFERING_ID, "10101-SO-8-2021-22", "duplicate_key"),
    ("offerings", 2, s.NIS, "57081", "unknown_nis"),
    ("establishments", 0, s.IS_EMPLOYER, "misschien", "wrong_type"),
    ("establishments", 2, s.START_DATE, "31-12-1999", "wrong_type"),
    ("establishments", 1, s.ESTABLISHMENT_NUMBER, EST_A1, "duplicate_key"),
    ("establishments", 2, s.ENTERPRISE_NUMBER, "0403.170.710", "bad_enterprise_number"),
    ("municipalities", 0, s.POPULATION, "veel", "wrong_type"),
    ("municipalities", 2, s.NIS, "", "missing_value"),
    ("municipalities", 2, s.LNG, 2.0, "outside_belgium"),
    ("programmes", 0, s.PROGRAMME_VALID_TO, "nooit", "wrong_type"),
    ("programmes", 1, s.PROGRAMME_ID, "SO-8", "duplicate_key"),
    ("postal_codes", 4, s.POSTCODE, None, "missing_value"),
]


@pytest.mark.parametrize(
    ("name", "row", "column", "value", "code", "named"),
    [(*c[:5], c[5] if len(c) > 5 else c[2]) for c in BAD_VALUES],
    ids=[f"{c[0]}.{c[2]}={c[3]!r}" for c in BAD_VALUES],
)
def test_each_bad_value_gives_one_issue_naming_its_row_and_column(
    name, row, column, value, code, named
):
    frame = with_value(typed(name), row, column, value)
    issues = check(name, frame)
    assert found(issues) == [(name, row, named, code)]


# (table, row, column, a spelling that load.coerce or the KBO accepts)
GOOD_SPELLINGS = [
    ("recognitions", 1, s.NIS, 44021),  # coerce turns it into "44021"
    ("recognitions", 1, s.VALID_TO, "2026-03-01T00:00:00"),
    ("recognitions", 0, s.LEARNERS_HOSTED, "4"),
    ("recognitions", 0, s.LAT, " 51.3 "),
    ("establishments", 0, s.IS_EMPLOYER, "false"),
    ("establishments", 0, s.IS_EMPLOYER, 1),
    ("establishments", 1, s.ESTABLISHMENT_NUMBER, "BE 2000000438"),
    ("establishments", 2, s.ENTERPRISE_NUMBER, "0403170701"),
]


@pytest.mark.parametrize(("name", "row", "column", "value"), GOOD_SPELLINGS)
def test_other_spellings_of_good_values_give_no_issue(name, row, column, value):
    frame = with_value(typed(name), row, column, value)
    assert check(name, frame) == []


def test_the_message_names_table_row_column_reason_and_value():
    frame = with_value(typed("recognitions"), 1, s.ENTERPRISE_NUMBER, "0200.065.766")
    (issue,) = validate_table(frame, s.RECOGNITIONS)
    assert issue.message == (
        "recognitions rij 1, kolom enterprise_number: "
        "controlegetal klopt niet (0200.065.766)"
    )


def test_a_duplicate_names_the_row_it_repeats():
    frame = with_value(typed("recognitions"), 2, s.RECOGNITION_ID, "E1")
    (issue,) = validate_table(frame, s.RECOGNITIONS)
    assert issue.message.endswith("dubbele sleutel (E1), eerder in rij 0")


def test_a_duplicate_composite_key_names_all_key_columns():
    frame = with_value(typed("postal_codes"), 1, s.POSTCODE, "2000")
    assert found(validate_table(frame, s.POSTAL_CODES)) == [
        ("postal_codes", 1, "postcode, nis", "duplicate_key")
    ]


def test_every_repeat_after_the_first_occurrence_is_reported():
    frame = pd.concat([typed("offerings")] * 3, ignore_index=True)
    dups = [i.row for i in validate_table(frame, s.OFFERINGS)]
    assert dups == [3, 4, 5, 6, 7, 8]


def test_two_missing_keys_are_not_also_duplicates_of_each_other():
    frame = with_value(typed("recognitions"), 0, s.RECOGNITION_ID, None)
    frame = with_value(frame, 1, s.RECOGNITION_ID, "")
    assert [i.code for i in validate_table(frame, s.RECOGNITIONS)] == [
        "missing_value",
        "missing_value",
    ]


def test_nulls_outside_key_columns_are_not_reported():
    frame = typed("recognitions")
    for column in (s.NAME, s.LAT, s.VALID_TO, s.NIS, s.ENTERPRISE_NUMBER):
        frame = with_value(frame, 1, column, None)
    assert validate_table(frame, s.RECOGNITIONS, nis_known=NIS_KNOWN) == []


def test_nis_is_checked_only_when_known_codes_are_given():
    frame = with_value(typed("recognitions"), 1, s.NIS, "99999")
    assert validate_table(frame, s.RECOGNITIONS) == []


@pytest.mark.parametrize(
    ("name", "column"),
    [(name, column) for name, spec in s.TABLES.items() for column in spec.required],
)
def test_a_missing_column_is_one_table_issue_and_skips_its_checks(name, column):
    frame = typed(name).drop(columns=column)
    issues = check(name, frame)
    assert found(issues) == [(name, None, column, "missing_column")]
    assert issues[0].message == f"{name}, kolom {column}: kolom ontbreekt"


@pytest.mark.parametrize(
    ("column", "value", "dropped"),
    [
        (s.VALID_TO, "2021-03-01", s.VALID_FROM),  # no interval without its start
        (s.RECOGNITION_ID, "E1", s.RECOGNITION_ID),  # no duplicates without the key
        (s.LAT, 60.0, s.LNG),  # lat is still checked when lng is gone
    ],
)
def test_a_missing_column_switches_off_only_the_checks_that_need_it(
    column, value, dropped
):
    frame = with_value(typed("recognitions"), 2, column, value).drop(columns=dropped)
    expected = [("recognitions", None, dropped, "missing_column")]
    if column == s.LAT:
        expected.append(("recognitions", 2, s.LAT, "outside_belgium"))
    assert found(validate_table(frame, s.RECOGNITIONS)) == expected


def test_rows_are_positions_even_when_the_index_has_other_labels():
    frame = with_value(typed("recognitions"), 1, s.LAT, 60.0)
    frame.index = [10, 20, 30]
    assert [i.row for i in validate_table(frame, s.RECOGNITIONS)] == [1]


def test_issues_come_sorted_by_row_after_table_level_issues():
    frame = with_value(typed("recognitions"), 2, s.LAT, 60.0)
    frame = with_value(frame, 0, s.LNG, 9.0).drop(columns=s.NAME)
    assert [i.row for i in validate_table(frame, s.RECOGNITIONS)] == [None, 0, 2]


def test_several_defects_in_one_row_are_each_reported():
    frame = with_value(typed("recognitions"), 1, s.LAT, 4.40)
    frame = with_value(frame, 1, s.LNG, 51.22)  # lat and lng swapped
    assert found(validate_table(frame, s.RECOGNITIONS)) == [
        ("recognitions", 1, s.LAT, "outside_belgium"),
        ("recognitions", 1, s.LNG, "outside_belgium"),
    ]


def test_kbo_checks_agree_with_the_ids_module_number_by_number():
    # Every pair of check digits for a few bases, and the spellings the ids accept.
    bases = [2000657, 4031707, 12345678, 20000003, 29876543, 97 * 100_000]
    numbers = [f"{b:08d}{c:02d}" for b in bases for c in range(100)]
    numbers += ["BE 0200.065.765", "be0200065765", "0200 065 765", "0200-065-765"]
    numbers += ["2.000.000.339 ", "200000033", "02000657650", "x", "１２３"]
    frame = pd.DataFrame(
        {s.ENTERPRISE_NUMBER: numbers, s.ESTABLISHMENT_NUMBER: numbers}
    )
    issues = validate_table(frame, s.ESTABLISHMENTS)
    for column, code, is_valid in (
        (s.ENTERPRISE_NUMBER, "bad_enterprise_number", ids.is_enterprise_number),
        (
            s.ESTABLISHMENT_NUMBER,
            "bad_establishment_number",
            ids.is_establishment_number,
        ),
    ):
        flagged = {i.row for i in issues if i.code == code}
        assert flagged == {r for r, n in enumerate(numbers) if not is_valid(n)}
        assert all(i.column == column for i in issues if i.code == code)


def test_dataset_reports_unknown_programmes_and_establishments():
    ds = world()
    ds = dataclasses.replace(
        ds,
        offerings=with_value(ds.offerings, 2, s.PROGRAMME_ID, "SO-999"),
        recognitions=with_value(ds.recognitions, 0, s.ESTABLISHMENT_NUMBER, EST_B),
    )
    ds = dataclasses.replace(
        ds, establishments=ds.establishments.drop(index=2).reset_index(drop=True)
    )
    assert found(validate_dataset(ds)) == [
        ("offerings", 2, s.PROGRAMME_ID, "unknown_programme"),
        ("recognitions", 0, s.ESTABLISHMENT_NUMBER, "unknown_establishment"),
        ("recognitions", 2, s.ESTABLISHMENT_NUMBER, "unknown_establishment"),
    ]


def test_dataset_checks_nis_against_municipalities_but_not_for_postcodes():
    ds = world()
    ds = dataclasses.replace(
        ds, municipalities=ds.municipalities[ds.municipalities[s.NIS] != "21004"]
    )
    assert found(validate_dataset(ds)) == [
        ("recognitions", 2, s.NIS, "unknown_nis"),
        ("establishments", 2, s.NIS, "unknown_nis"),
    ]


def test_a_missing_referenced_column_does_not_flood_the_report():
    ds = world()
    ds = dataclasses.replace(ds, programmes=ds.programmes.drop(columns=s.PROGRAMME_ID))
    assert found(validate_dataset(ds)) == [
        ("programmes", None, s.PROGRAMME_ID, "missing_column")
    ]


def test_raise_on_issues_is_silent_without_issues():
    assert raise_on_issues([]) is None


def test_raise_on_issues_quotes_the_first_five_and_counts_the_rest():
    frame = pd.concat([typed("offerings")] * 3, ignore_index=True)
    frame[s.LAT] = 60.0
    issues = validate_table(frame, s.OFFERINGS)
    assert len(issues) == 15  # 9 rows outside Belgium, 6 duplicate offering ids
    with pytest.raises(DataError) as caught:
        raise_on_issues(issues)
    text = str(caught.value)
    assert text.startswith("15 problemen in de data: offerings rij 0, kolom lat")
    assert text.endswith("(en nog 10)")
    assert text.count("offerings rij") == 5
    assert isinstance(caught.value, RadarError) and isinstance(caught.value, ValueError)


@pytest.fixture(scope="module")
def small_demo() -> Dataset:
    return generate(read_reference(), establishments=2000)


def test_demo_data_validates_without_any_issue(small_demo):
    assert validate_dataset(small_demo) == []


# (table, row, column, injected value, expected code)
DEMO_DEFECTS = [
    ("recognitions", 7, s.ENTERPRISE_NUMBER, "0200.065.766", "bad_enterprise_number"),
    (
        "recognitions",
        7,
        s.ESTABLISHMENT_NUMBER,
        "2.000.000.338",
        "bad_establishment_number",
    ),
    (
        "recognitions",
        7,
        s.ESTABLISHMENT_NUMBER,
        "2.000.000.339",
        "unknown_establishment",
    ),
    ("recognitions", 7, s.PROGRAMME_ID, "SO-99999", "unknown_programme"),
    ("recognitions", 7, s.VALID_TO, "2015-01-01", "bad_interval"),
    ("recognitions", 7, s.LEARNERS_HOSTED, -1, "bad_value"),
    ("recognitions", 7, s.RECOGNITION_ID, "E000001", "duplicate_key"),
    ("offerings", 7, s.PROGRAMME_ID, "SO-99999", "unknown_programme"),
    ("offerings", 7, s.PROVIDER_TYPE, "Hogeschool", "bad_value"),
    ("offerings", 7, s.LEARNERS, "veel", "wrong_type"),
    ("offerings", 7, s.OFFERING_ID, None, "missing_value"),
    ("establishments", 7, s.NIS, "99999", "unknown_nis"),
    ("establishments", 7, s.LAT, 52.5, "outside_belgium"),
    ("establishments", 7, s.LNG, "oost", "wrong_type"),
    ("establishments", 7, s.ENTERPRISE_NUMBER, "0200.065.766", "bad_enterprise_number"),
    ("establishments", 7, s.IS_EMPLOYER, "misschien", "wrong_type"),
    ("establishments", 7, s.START_DATE, "31-12-1999", "wrong_type"),
    ("municipalities", 7, s.LAT, 40.0, "outside_belgium"),
    ("postal_codes", 7, s.POSTCODE, "", "missing_value"),
    ("programmes", 7, s.PROGRAMME_VALID_TO, "nooit", "wrong_type"),
]


@pytest.mark.parametrize(
    ("name", "row", "column", "value", "code"),
    DEMO_DEFECTS,
    ids=[f"{c[0]}.{c[2]}={c[3]!r}" for c in DEMO_DEFECTS],
)
def test_a_defect_injected_into_demo_data_is_caught_at_its_row_and_column(
    small_demo, name, row, column, value, code
):
    frame = with_value(small_demo.table(name), row, column, value)
    issues = validate_dataset(dataclasses.replace(small_demo, **{name: frame}))
    # A malformed establishment number is also unknown: both name the same cell.
    assert (name, row, column, code) in found(issues)
    assert {(i.table, i.row, i.column) for i in issues} == {(name, row, column)}


def test_a_column_dropped_from_demo_data_is_one_issue(small_demo):
    frame = small_demo.recognitions.drop(columns=s.LAT)
    issues = validate_dataset(dataclasses.replace(small_demo, recognitions=frame))
    assert found(issues) == [("recognitions", None, s.LAT, "missing_column")]
