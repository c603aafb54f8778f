"""Province and other tables on a hand-made world, and on the demo's 2022 snapshot."""

from __future__ import annotations

import pandas as pd
import pytest

from radar.kernel import schema as s
from radar.policy.tables import (
    COL_ESTABLISHMENTS,
    COL_RECOGNITIONS,
    TOTAL_LABEL,
    recognition_table,
    to_markdown,
    to_plain_text,
)

PUBLISHED_2022 = [
    ("Brussels H. Gewest", 315, 242),
    ("Provincie Antwerpen", 4010, 2648),
    ("Provincie Limburg", 2110, 1315),
    ("Provincie Oost-Vlaanderen", 3471, 2273),
    ("Provincie Vlaams-Brabant", 2080, 1330),
    ("Provincie West-Vlaanderen", 2906, 1872),
    ("Eindtotaal", 14892, 9680),
]


def recognitions(rows: list[tuple[str, str, str, str, str]]) -> pd.DataFrame:
    """Build recognitions from (establishment, programme, nis, from, to) tuples."""
    return pd.DataFrame(
        {
            s.RECOGNITION_ID: [f"R{i}" for i in range(len(rows))],
            s.ESTABLISHMENT_NUMBER: [r[0] for r in rows],
            s.PROGRAMME_ID: [r[1] for r in rows],
            s.NIS: [r[2] for r in rows],
            s.VALID_FROM: pd.to_datetime([r[3] for r in rows]),
            s.VALID_TO: pd.to_datetime([r[4] for r in rows]),
        }
    )


# Antwerpen (11002, province 10000), Mechelen (12025, province 10000),
# Gent (44021, province 40000), Brussel (21004).
WORLD = recognitions(
    [
        # one establishment in Antwerpen, two programmes: 2 recognitions, 1 unique
        ("E1", "SO-8", "11002", "2020-01-01", "2025-01-01"),
        ("E1", "SO-13", "11002", "2020-01-01", "2025-01-01"),
        # Mechelen: starts exactly on the date (counts)
        ("E2", "SO-8", "12025", "2022-02-07", "2027-02-07"),
        # Gent: ends exactly on the date (does not count: half-open interval)
        ("E3", "SO-8", "44021", "2017-02-07", "2022-02-07"),
        # Gent: counts
        ("E4", "SO-23", "44021", "2021-06-01", "2026-06-01"),
        # Brussel: not yet started
        ("E5", "SO-8", "21004", "2022-02-08", "2027-02-08"),
    ]
)
AS_OF = pd.Timestamp("2022-02-07")


def as_dict(table: pd.DataFrame) -> dict[str, tuple[int, int]]:
    label = table.columns[0]
    return {
        r[label]: (r[COL_RECOGNITIONS], r[COL_ESTABLISHMENTS])
        for _, r in table.iterrows()
    }


def test_province_table_counts_half_open_validity_and_unique_establishments(reference):
    table = recognition_table(
        WORLD, reference["municipalities"], reference["programmes"], AS_OF
    )
    assert as_dict(table) == {
        "Brussels H. Gewest": (0, 0),
        "Provincie Antwerpen": (3, 2),
        "Provincie Limburg": (0, 0),
        "Provincie Oost-Vlaanderen": (1, 1),
        "Provincie Vlaams-Brabant": (0, 0),
        "Provincie West-Vlaanderen": (0, 0),
        TOTAL_LABEL: (4, 3),
    }
    assert list(table["provincie"]) == [row[0] for row in PUBLISHED_2022]


def test_arrondissement_table_lists_every_arrondissement(reference):
    table = recognition_table(
        WORLD,
        reference["municipalities"],
        reference["programmes"],
        AS_OF,
        by="arrondissement",
    )
    counts = as_dict(table)
    assert len(table) == 23 + 1
    assert counts["Antwerpen"] == (2, 1)
    assert counts["Mechelen"] == (1, 1)
    assert counts["Gent"] == (1, 1)
    assert counts[TOTAL_LABEL] == (4, 3)


def test_partnership_total_counts_an_establishment_once_across_groups(reference):
    # E1 holds SO-8 and SO-13, both 'Groene sectoren'; SO-23 is 'Mobiliteit ...'.
    table = recognition_table(
        WORLD,
        reference["municipalities"],
        reference["programmes"],
        AS_OF,
        by="partnership",
    )
    counts = as_dict(table)
    assert counts["Groene sectoren"] == (3, 2)
    assert counts["Mobiliteit (garage, carrosserie, tweewielers)"] == (1, 1)
    assert counts[TOTAL_LABEL] == (4, 3)


def test_programme_table_keeps_only_programmes_with_recognitions(reference):
    table = recognition_table(
        WORLD,
        reference["municipalities"],
        reference["programmes"],
        AS_OF,
        by="programme",
    )
    assert as_dict(table) == {
        "Assistent dierlijke productie duaal": (2, 2),
        "Assistent plantaardige productie duaal": (1, 1),
        "Bandenmonteur duaal": (1, 1),
        TOTAL_LABEL: (4, 3),
    }


def test_row_order_of_the_input_changes_nothing(reference):
    shuffled = WORLD.sample(frac=1.0, random_state=3)
    for by in ("province", "resoc", "programme"):
        args = (reference["municipalities"], reference["programmes"], AS_OF)
        pd.testing.assert_frame_equal(
            recognition_table(WORLD, *args, by=by),
            recognition_table(shuffled, *args, by=by),
        )


def test_demo_reproduces_the_published_province_table_of_2022(demo):
    table = recognition_table(
        demo.recognitions, demo.municipalities, demo.programmes, AS_OF
    )
    got = [tuple(r) for r in table.itertuples(index=False)]
    assert got == PUBLISHED_2022


@pytest.mark.parametrize(
    "as_of", ["2019-09-01", "2022-02-07", "2024-06-30", "2026-10-01"]
)
@pytest.mark.parametrize("by", ["province", "arrondissement", "resoc", "partnership"])
def test_tables_equal_a_plain_recount_of_the_raw_rows(demo, as_of, by):
    d = pd.Timestamp(as_of)
    table = recognition_table(
        demo.recognitions, demo.municipalities, demo.programmes, d, by=by
    )
    rec = demo.recognitions
    active = rec[(rec[s.VALID_FROM] <= d) & (rec[s.VALID_TO] > d)]
    mun = demo.municipalities.set_index(s.NIS)
    if by == "partnership":
        key = active[s.PROGRAMME_ID].map(
            demo.programmes.set_index(s.PROGRAMME_ID)[s.PARTNERSHIP]
        )
    else:
        column = {
            "province": s.PROVINCE_NIS,
            "arrondissement": s.ARRONDISSEMENT_NL,
            "resoc": s.RESOC,
        }[by]
        key = active[s.NIS].map(mun[column])
    expected_total = (len(active), active[s.ESTABLISHMENT_NUMBER].nunique())
    counts = as_dict(table)
    assert counts[TOTAL_LABEL] == expected_total
    body = table[table.iloc[:, 0] != TOTAL_LABEL]
    assert body[COL_RECOGNITIONS].sum() == len(active)
    if by != "province":
        for group, rows in active.groupby(key):
            assert counts[group] == (len(rows), rows[s.ESTABLISHMENT_NUMBER].nunique())


def test_markdown_and_plain_text_render_every_row():
    table = pd.DataFrame({"provincie": ["A", TOTAL_LABEL], COL_RECOGNITIONS: [5, 12]})
    md = to_markdown(table)
    assert md.splitlines()[1] == "| --- | ---: |"
    assert "| Eindtotaal | 12 |" in md
    assert to_plain_text(table).splitlines() == [
        "provincie\terkenningen",
        "A\t5",
        "Eindtotaal\t12",
    ]


def test_text_renderings_right_align_markers_and_write_decimal_commas():
    table = pd.DataFrame(
        {
            "opleiding": ["Kapper duaal", TOTAL_LABEL],
            "erkenningen": pd.Series(["<5", 12], dtype=object),
            "verschil %": [float("nan"), 12.5],
        }
    )
    assert to_plain_text(table).splitlines() == [
        "opleiding\terkenningen\tverschil %",
        "Kapper duaal\t<5\t-",
        "Eindtotaal\t12\t12,5",
    ]
    assert to_markdown(table).splitlines()[1] == "| --- | ---: | ---: |"
    assert "| Kapper duaal | <5 | - |" in to_markdown(table)


def test_plain_text_pastes_as_a_table_with_dutch_thousands():
    table = pd.DataFrame(
        {
            "provincie": ["Provincie Antwerpen", TOTAL_LABEL],
            COL_RECOGNITIONS: [4010, 14892],
        }
    )
    lines = to_plain_text(table).splitlines()
    assert [line.split("\t") for line in lines] == [
        ["provincie", "erkenningen"],
        ["Provincie Antwerpen", "4.010"],
        ["Eindtotaal", "14.892"],
    ]
    assert "  " not in to_plain_text(table)  # no padding that misaligns in Word
