"""`python -m radar table`: kinds, crosstabs, comparison, suppression, workbooks."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from radar.cli import main
from radar.kernel.paths import DEMO_DIR

DATA = ["--data", str(DEMO_DIR)]


def run(capsys, *args: str) -> str:
    assert main(["table", *args, *DATA]) == 0
    return capsys.readouterr().out


def test_default_csv_is_still_the_published_province_table(demo, capsys):
    out = run(capsys, "--as-of", "2022-02-07", "--format", "csv")
    assert out.splitlines()[0] == "provincie,erkenningen,unieke vestigingen"
    assert out.splitlines()[-1] == "Eindtotaal,14892,9680"


def test_compare_to_adds_the_earlier_value_and_the_change(demo, capsys):
    out = run(
        capsys, "--as-of", "2022-02-07", "--compare-to", "2021-02-07", "--format", "csv"
    )
    header = out.splitlines()[0].split(",")
    assert header[:5] == [
        "provincie",
        "erkenningen 07-02-2021",
        "erkenningen 07-02-2022",
        "erkenningen verschil",
        "erkenningen verschil %",
    ]
    total = out.splitlines()[-1].split(",")
    assert total[0] == "Eindtotaal"
    before, now, change = int(total[1]), int(total[2]), int(total[3])
    assert now == 14892 and change == now - before
    assert float(total[4]) == pytest.approx(round(change / before * 100, 1))


def test_crosstab_with_suppression_prints_markers_and_true_totals(demo, capsys):
    out = run(
        capsys,
        "--as-of",
        "2022-02-07",
        "--by",
        "programme",
        "--cross",
        "province",
        "--suppress",
        "5",
        "--format",
        "csv",
    )
    lines = out.splitlines()
    assert lines[0].endswith(",Eindtotaal")
    assert lines[-1] == "Eindtotaal,315,4010,2110,3471,2080,2906,14892"
    assert any(",<5," in line for line in lines)
    assert any(",x," in line for line in lines)


def test_offer_and_expiring_kinds(demo, capsys):
    out = run(capsys, "--as-of", "2022-02-07", "--kind", "offer")
    assert out.splitlines()[0] == "| provincie | lesplaatsen | leerlingen |"
    assert out.splitlines()[-1].endswith("| 2.338 |")
    out = run(capsys, "--as-of", "2026-10-01", "--kind", "expiring", "--months", "3")
    assert out.splitlines()[0] == "| provincie | erkenningen | unieke vestigingen |"


def test_several_tables_go_to_one_workbook_with_a_sheet_each(demo, tmp_path):
    target = tmp_path / "t.xlsx"
    args = ["--as-of", "2026-10-01", "--kind", "expiring", "--by", "province"]
    args += ["--by", "partnership", "--format", "xlsx", "--out", str(target)]
    assert main(["table", *args, *DATA]) == 0
    wb = load_workbook(io.BytesIO(target.read_bytes()))
    assert wb.sheetnames == ["per provincie", "lijst vervallend", "per partnerschap"]
    ws = wb["per partnerschap"]
    assert ws["A1"].value.startswith("Erkenningen en unieke erkende vestigingen die")
    labels = [ws.cell(r, 1).value for r in range(2, 12)]
    for key in ("Peildatum", "Vervalt binnen", "Gegevensbron", "Gegenereerd op"):
        assert key in labels


def test_csv_refuses_several_tables_and_bad_requests_print_one_line(demo, capsys):
    args = ["--as-of", "2022-02-07", "--by", "province", "--by", "resoc"]
    assert main(["table", *args, "--format", "csv", *DATA]) == 2
    assert "fout:" in capsys.readouterr().err
    args = ["--as-of", "2022-02-07", "--cross", "province"]
    assert main(["table", *args, *DATA]) == 2
    args = ["--as-of", "2022-02-07", "--cross", "resoc", "--compare-to", "2021-02-07"]
    assert main(["table", *args, *DATA]) == 2
    assert "fout:" in capsys.readouterr().err
