"""The command line prints the published numbers and writes its formats."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from radar.cli import main
from radar.kernel.paths import DEMO_DIR

PUBLISHED_CSV = """provincie,erkenningen,unieke vestigingen
Brussels H. Gewest,315,242
Provincie Antwerpen,4010,2648
Provincie Limburg,2110,1315
Provincie Oost-Vlaanderen,3471,2273
Provincie Vlaams-Brabant,2080,1330
Provincie West-Vlaanderen,2906,1872
Eindtotaal,14892,9680
"""


def test_table_csv_prints_exactly_the_published_numbers(demo, capsys):
    assert (
        main(
            [
                "table",
                "--as-of",
                "2022-02-07",
                "--format",
                "csv",
                "--data",
                str(DEMO_DIR),
            ]
        )
        == 0
    )
    assert capsys.readouterr().out == PUBLISHED_CSV


def test_table_markdown_and_xlsx(demo, capsys, tmp_path):
    assert main(["table", "--as-of", "2022-02-07", "--by", "resoc"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "| resoc | erkenningen | unieke vestigingen |"
    assert "| Eindtotaal | 14892 | 9680 |" in out
    target = tmp_path / "t.xlsx"
    assert (
        main(
            ["table", "--as-of", "2022-02-07", "--format", "xlsx", "--out", str(target)]
        )
        == 0
    )
    ws = load_workbook(io.BytesIO(target.read_bytes())).active
    rows = [tuple(c.value for c in r) for r in ws.iter_rows()]
    assert ("Eindtotaal", 14892, 9680) in rows
    assert ("Provincie Limburg", 2110, 1315) in rows


def test_bad_input_prints_one_clear_line(capsys, tmp_path):
    assert main(["table", "--as-of", "2022-02-07", "--data", str(tmp_path)]) == 2
    assert "fout:" in capsys.readouterr().err
    assert main(["table", "--as-of", "gisteren"]) == 2
