"""Prospect lists: exports stay inert, the CLI writes them, demo lists make sense."""

from __future__ import annotations

import io
from datetime import datetime

import pandas as pd
import pytest
from openpyxl import load_workbook
from test_scoring import AS_OF, LETTER, world

from radar.cli import main
from radar.kernel import load
from radar.kernel import schema as s
from radar.kernel.calendar import valid_on
from radar.kernel.export import to_csv_bytes
from radar.kernel.settings import Settings
from radar.prospects.export import export_frame, prospect_workbook
from radar.prospects.index import Area, prepare_prospects
from radar.prospects.nace import programme_prefixes, read_descriptions
from radar.prospects.ranking import rank_prospects

EVIL = '=HYPERLINK("http://x","y")'


@pytest.fixture(scope="module")
def evil_world(reference):
    return world(reference, name_of_a=EVIL)


@pytest.fixture(scope="module")
def evil_result(evil_world):
    index = prepare_prospects(evil_world)
    return rank_prospects(
        index, "SO-P", AS_OF, Area.parse("gemeente:11002"), Settings()
    )


def test_a_formula_name_comes_out_inert_in_the_csv(evil_result):
    text = to_csv_bytes(export_frame(evil_result)).decode("utf-8-sig")
    rows = pd.read_csv(io.StringIO(text), dtype=str)
    a = rows[rows[s.ESTABLISHMENT_NUMBER] == LETTER["A"]].iloc[0]
    assert a[s.NAME] == "'" + EVIL


def test_a_formula_name_comes_out_inert_in_the_xlsx(evil_result, evil_world):
    data = prospect_workbook(
        evil_result, evil_world, AS_OF, now=datetime(2024, 3, 1, 9, 30)
    )
    ws = load_workbook(io.BytesIO(data)).active
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c for c in cells if c.data_type == "f"], "a cell became a formula"
    names = [
        c.value for c in cells if isinstance(c.value, str) and "HYPERLINK" in c.value
    ]
    assert names == ["'" + EVIL]


def test_the_xlsx_starts_with_a_header_block_and_lists_each_row_once(
    evil_result, evil_world
):
    data = prospect_workbook(
        evil_result, evil_world, AS_OF, now=datetime(2024, 3, 1, 9, 30)
    )
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    header = {r[0]: r[1] for r in rows[1:8]}
    assert rows[0][0] == "Prospectie: Elektrische installaties, gemeente Antwerpen"
    assert header["Opleiding"] == "Elektrische installaties"
    assert header["Gebied"] == "gemeente Antwerpen"
    assert header["Peildatum"] == "01-03-2024"
    assert header["Gegevensbron"].startswith("demodata (synthetisch)")
    assert header["Gegenereerd op"] == "2024-03-01 09:30"
    columns = next(r for r in rows if r[0] == "rang")
    assert columns[:4] == ("rang", "vestigingsnummer", "ondernemingsnummer", "naam")
    assert "waarom" in columns and "rank" not in columns
    start = next(i for i, r in enumerate(rows) if r[0] == "rang") + 1
    body = [r for r in rows[start:] if isinstance(r[0], int)]
    numbers = [r[1] for r in body]
    assert len(numbers) == len(set(numbers)) == evil_result.n_candidates
    assert [r[0] for r in body] == list(range(1, len(body) + 1))


def test_cli_prints_the_csv_and_writes_the_xlsx(
    evil_world, tmp_path, capsys: pytest.CaptureFixture[str]
):
    folder = tmp_path / "world"
    load.write_dataset(evil_world, folder)
    args = ["prospects", "--programme", "SO-P", "--as-of", "2024-03-01"]
    assert main([*args, "--area", "gemeente:11002", "--data", str(folder)]) == 0
    out = capsys.readouterr().out
    table = pd.read_csv(io.StringIO(out), dtype=str)
    for column in (
        "rank", "establishment_number", "enterprise_number", "name", "address",
        "nis", "nace_main", "score", "reason", "distance_km",
    ):  # fmt: skip
        assert column in table.columns
    assert table[s.NAME].iloc[2] == "'" + EVIL
    near = [*args, "--near", "10000101", "--radius-km", "2.5", "--top", "2"]
    target = tmp_path / "lijst.xlsx"
    assert (
        main([*near, "--format", "xlsx", "--out", str(target), "--data", str(folder)])
        == 0
    )
    rows = list(load_workbook(target).active.iter_rows(values_only=True))
    assert ("Gebied", "2,5 km rond lesplaats School L") in [r[:2] for r in rows]
    assert main([*args, "--data", str(folder)]) == 2  # neither --area nor --near


DEMO_CASES = [
    ("SO-115", "resoc:KEMP"),
    ("SO-363", "provincie:10000"),
    ("SO-410", "arrondissement:12000"),
]


@pytest.fixture(scope="module")
def demo_index(demo):
    return prepare_prospects(demo)


@pytest.mark.parametrize(("programme", "area"), DEMO_CASES)
def test_demo_top_20_fits_the_programme_and_is_not_recognised(
    demo, demo_index, programme, area
):
    as_of = demo.extract_date
    result = rank_prospects(
        demo_index,
        programme,
        as_of,
        Area.parse(area),
        Settings(),
        top_n=20,
        descriptions=read_descriptions(),
    )
    table = result.table
    assert len(table) == 20
    prefixes = tuple(programme_prefixes(demo.programmes, programme))
    est = demo.establishments.set_index(s.ESTABLISHMENT_NUMBER)
    for number in table[s.ESTABLISHMENT_NUMBER]:
        codes = [
            est.at[number, s.NACE_MAIN],
            *str(est.at[number, s.NACE_OTHER] or "").split(";"),
        ]
        assert any(c.startswith(prefixes) for c in codes if c)
    rec = valid_on(demo.recognitions, as_of)
    recognised = set(rec.loc[rec[s.PROGRAMME_ID] == programme, s.ESTABLISHMENT_NUMBER])
    assert not recognised & set(table[s.ESTABLISHMENT_NUMBER])
    assert table[s.ESTABLISHMENT_NUMBER].is_unique
    assert table["reason"].str.contains(" past bij ").all()
    assert (table["nace_description"] != "").all()
    assert table["score"].between(0, 1).all()


def test_the_xlsx_goes_through_the_one_writer_with_a_score_format(
    evil_result, evil_world
):
    data = prospect_workbook(evil_result, evil_world, AS_OF)
    ws = load_workbook(io.BytesIO(data)).active
    header = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "rang")
    assert ws.freeze_panes == f"A{header + 1}"
    assert ws.cell(header, 1).font.bold
    columns = [c.value for c in ws[header]]
    score = columns.index("score") + 1
    assert ws.cell(header + 1, score).number_format == "0.000"
    assert ws.cell(ws.max_row, 1).value.startswith("Kandidaten:")
