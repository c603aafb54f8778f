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
    assert "| Eindtotaal | 14.892 | 9.680 |" in out  # Markdown is for people
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


BAD_PARAMETERS = [
    # (arguments, words the one-line message must hold)
    (["accessibility", "--radius-km", "0"], ["--radius-km", "(0, 200]"]),
    (["accessibility", "--radius-km", "nan"], ["--radius-km", "eindig"]),
    (["accessibility", "--radius-km", "-5"], ["--radius-km"]),
    (["supply-demand", "--related-weight", "2"], ["--related-weight", "[0, 1]"]),
    (["supply-demand", "--related-weight", "-1"], ["--related-weight", "[0, 1]"]),
    (["supply-demand", "--related-weight", "nan"], ["--related-weight"]),
    (["supply-demand", "--tau", "0"], ["--tau"]),
]


def _sd(args: list[str]) -> list[str]:
    return [args[0], "--programme", "SO-410", "--as-of", "2026-10-01", *args[1:]]


def test_bad_parameters_are_refused_naming_the_parameter_and_range(demo, capsys):
    for args, words in BAD_PARAMETERS:
        assert main(_sd(args)) == 2, args
        err = capsys.readouterr().err
        assert err.startswith("fout: ") and err.count("\n") == 1, err
        for word in words:
            assert word in err, (args, err)
    prospects = ["prospects", "--programme", "SO-115", "--as-of", "2026-10-01"]
    for extra, word in (
        (["--area", "resoc:KEMP", "--top", "-3"], "top"),
        (["--area", "resoc:KEMP", "--top", "0"], "top"),
        (["--near", "X", "--radius-km", "-5"], "--radius-km"),
    ):
        assert main([*prospects, *extra]) == 2
        assert word in capsys.readouterr().err
    table = ["table", "--as-of", "2022-02-07"]
    for extra, word in (
        (["--suppress", "1"], "afschermdrempel"),
        (["--months", "0"], "maanden"),
    ):
        assert main([*table, *extra]) == 2
        assert word in capsys.readouterr().err


def test_dates_outside_the_data_and_ended_programmes_are_refused(demo, capsys):
    assert (
        main(["supply-demand", "--programme", "SO-410", "--as-of", "2040-01-01"]) == 2
    )
    err = capsys.readouterr().err
    assert "valt buiten de gegevens" in err and "tot 01-10-2026" in err
    ended = demo.programmes.dropna(subset=["valid_to"])
    ended = ended[ended["valid_to"] < demo.extract_date].iloc[0]
    for command in ("supply-demand", "accessibility"):
        args = [command, "--programme", ended["programme_id"], "--as-of", "2026-10-01"]
        assert main(args) == 2
        assert "wordt niet meer aangeboden sinds" in capsys.readouterr().err
    assert main(["table", "--as-of", "2030-01-01"]) == 2
    assert "valt buiten de gegevens" in capsys.readouterr().err


def test_csv_numbers_are_exact_and_estimates_are_marked(demo, capsys):
    args = ["accessibility", "--programme", "SO-410", "--as-of", "2026-10-01"]
    assert main(args) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith(",geschat")
    assert all(line.split(",")[-1] in ("ja", "nee") for line in lines[1:])
    for line in lines[1:]:
        for cell in line.split(","):
            assert "e+" not in cell and "e-" not in cell, line
    access = [float(line.split(",")[3]) for line in lines[1:]]
    # The printed accessibility is the computed one exactly, not rounded.
    from radar.kernel.settings import Settings
    from radar.supply_demand import analysis

    result = analysis.analyse(
        analysis.prepare(demo), "SO-410", demo.extract_date, "gemeente", Settings()
    )
    assert access == result.locations["accessibility"].tolist()
