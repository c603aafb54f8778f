"""A corpus of broken and hostile inputs for all four sources, each run the way the
Data page runs it (``ui.upload.ingest_upload`` -> ``Store.ingest``) and through
``python -m radar ingest``.

Every case is either refused with one clear Dutch message naming the uploaded file
(and the store stays byte for byte as it was), or read row by row: the expected rows
kept, each bad row rejected on its own physical line with its reason, nothing lost
(read = kept + rejected + skipped), nothing shifted, no traceback.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import logging
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest

from radar.cli import main
from radar.ingest.store import Store
from radar.kernel import load
from radar.kernel import schema as s
from radar.kernel.errors import DataError
from radar.kernel.settings import Limits
from ui import upload

FIXTURES = Path(__file__).parents[1] / "data" / "ingest"
# ingest_upload runs outside a Streamlit script here (bare mode): no warnings about it
logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(
    logging.ERROR
)
# the register fixture with a name column (empty) at the end
REC = "".join(
    line + (",naam\n" if i == 0 else ",\n")
    for i, line in enumerate(
        (FIXTURES / "recognitions.csv").read_text(encoding="utf-8").splitlines()
    )
)
REC_HEADER, *REC_ROWS = REC.splitlines()
LEARNERS = (FIXTURES / "learners.csv").read_bytes().decode("cp1252")
OFFER_CSV = (
    "instelling_nummer;instellingslocatie_vestigingsnummer;instelling_naam;"
    "structuuronderdeel_nummer;schooljaar;instellingslocatie_gemeente_nis;"
    "instellingslocatie_postcode\n"
)


def rec(*rows: str, header: str = REC_HEADER, end: str = "\n") -> bytes:
    return (end.join([header, *rows]) + end).encode("utf-8")


def rec_row(**changes: str) -> str:
    """The first good register row with some columns changed."""
    names = REC_HEADER.split(",")
    values = REC_ROWS[0].split(",")
    for name, value in changes.items():
        values[names.index(name)] = value
    return ",".join(values)


def learners(*rows: str) -> bytes:
    header = LEARNERS.splitlines()[0]
    return ("\n".join([header, *rows]) + "\n").encode("cp1252")


def learner_row(count: str, gender: str = "M") -> str:
    return (
        "030767;VTI Brugge;1;8000;Brugge;311;3de graad Elektrische installaties duaal;"
        f"Elektrische installaties duaal;5;{gender};{count};2025-2026"
    )


@dataclass
class Case:
    """One hostile input and what it must get."""

    name: str
    source: str
    file: str
    make: Callable[[Path], Path]
    refused: str | None = None
    kept: int | None = None
    rejects: dict[int, str] = field(default_factory=dict)
    check: Callable[[dict, Store], None] | None = None


def data(file: str, content: bytes) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / file
        path.write_bytes(content)
        return path

    return make


def kbo(edit: Callable[[Path], None], zipped: bool = False) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        target = folder / "kbo"
        shutil.copytree(FIXTURES / "kbo", target)
        edit(target)
        if not zipped:
            return target
        archive = folder / "KboOpenData_0136_2025_06_Full.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
            for f in sorted(target.iterdir()):
                zf.write(f, f.name)
        return archive

    return make


def add_rows(name: str, *rows: str) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        with (folder / name).open("a", encoding="utf-8", newline="") as fh:
            fh.write("".join(r + "\n" for r in rows))

    return edit


def replace(name: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        path = folder / name
        text = path.read_bytes().decode("utf-8")
        assert old in text, (name, old)
        path.write_bytes(text.replace(old, new).encode("utf-8"))

    return edit


def damaged_zip(folder: Path) -> Path:
    path = kbo(lambda f: None, zipped=True)(folder)
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) - 30])  # the central directory's end is gone
    return path


def corrupt_member(folder: Path) -> Path:
    path = kbo(lambda f: None, zipped=True)(folder)
    raw = bytearray(path.read_bytes())
    start = raw.find(b"establishment.csv") + len("establishment.csv") + 5
    raw[start : start + 20] = b"\xff" * 20  # compressed data of the first member
    path.write_bytes(bytes(raw))
    return path


def xlsx(rows: list[list[object]]) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "data"
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def xlsx_register(*changes: dict[str, object]) -> bytes:
    names = REC_HEADER.split(",")
    rows: list[list[object]] = [names]
    for change in changes:
        values: list[object] = REC_ROWS[0].split(",")
        for key, value in change.items():
            values[names.index(key)] = value
        rows.append(values)
    return xlsx(rows)


def findings_of(store: Store) -> dict[str, int]:
    return store.findings()


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)) * 4
STATUS_FORMULA = '"=HYPERLINK(""http://x"",""y"")"'

CASES = [
    # --- recognitions: dates, counts, formulas, encodings, line numbers -------------
    Case(
        "impossible dates are refused, never rolled over",
        "recognitions",
        "erkenningen.csv",
        data(
            "erkenningen.csv",
            rec(
                rec_row(erkenning_id="A", datum_erkenning="31-02-2020"),
                rec_row(erkenning_id="B", datum_erkenning="29-02-2023"),
                rec_row(erkenning_id="C", datum_einde="31-04-2021"),
                rec_row(erkenning_id="D", datum_erkenning="29-02-2024"),
                rec_row(erkenning_id="E", datum_einde="31-12-9999"),
            ),
        ),
        kept=1,
        rejects={2: "bad_date", 3: "bad_date", 4: "bad_date", 6: "bad_date"},
    ),
    Case(
        "huge and malformed counts reject their row only",
        "recognitions",
        "erkenningen.csv",
        data(
            "erkenningen.csv",
            rec(
                rec_row(erkenning_id="A", aantal_lopende_overeenkomsten="1e300"),
                rec_row(
                    erkenning_id="B",
                    aantal_lopende_overeenkomsten="9223372036854775808",
                ),
                rec_row(
                    erkenning_id="C",
                    aantal_lopende_overeenkomsten="9223372036854775807",
                ),
                rec_row(erkenning_id="D", aantal_lopende_overeenkomsten="-1"),
                rec_row(erkenning_id="E", aantal_lopende_overeenkomsten="1.000"),
                rec_row(erkenning_id="F", aantal_lopende_overeenkomsten="3"),
            ),
        ),
        kept=1,
        rejects={2: "bad_value", 3: "bad_value", 4: "bad_value", 5: "bad_value"}
        | {6: "bad_value"},
    ),
    Case(
        "formulas in cells are rejected or kept as text, never live in rejects.csv",
        "recognitions",
        "erkenningen.csv",
        data(
            "erkenningen.csv",
            rec(
                rec_row(erkenning_id="A", status=STATUS_FORMULA),
                rec_row(erkenning_id="B", status="@SUM(A1)"),
                rec_row(erkenning_id="=1+1", status="erkend"),
            ),
        ),
        kept=1,
        rejects={2: "bad_value", 3: "bad_value"},
        check=lambda report, store: _no_live_formulas(store),
    ),
    Case(
        "a CSV saved by Excel as Unicode text (UTF-16, tabs)",
        "recognitions",
        "erkenningen.txt",
        data(
            "erkenningen.txt",
            codecs.BOM_UTF16_LE + REC.replace(",", "\t").encode("utf-16-le"),
        ),
        kept=3,
    ),
    Case(
        "UTF-16 without BOM",
        "recognitions",
        "erkenningen.csv",
        data("erkenningen.csv", REC.encode("utf-16-le")),
        kept=3,
    ),
    Case(
        "CRLF, BOM and a quoted line break keep the physical lines",
        "recognitions",
        "erkenningen.csv",
        data(
            "erkenningen.csv",
            codecs.BOM_UTF8
            + rec(
                rec_row(erkenning_id="A", naam='"Bakkerij\r\nDe Zon"'),
                rec_row(erkenning_id="B", datum_erkenning="31-02-2020"),
                "",
                rec_row(erkenning_id="C", opleiding_code="SO-99999"),
                end="\r\n",
            ),
        ),
        kept=1,
        rejects={4: "bad_date", 6: "unknown_programme"},
    ),
    Case(
        "blank lines and rows of empty fields are not rows",
        "recognitions",
        "erkenningen.csv",
        data(
            "erkenningen.csv",
            rec(
                "", rec_row(erkenning_id="A"), ",,,,,,", "  ", rec_row(erkenning_id="B")
            ),
        ),
        kept=2,
    ),
    Case(
        "a quote that never closes is reported with the lines it swallowed",
        "recognitions",
        "erkenningen.csv",
        data(
            "erkenningen.csv",
            rec(
                rec_row(erkenning_id="A"),
                rec_row(erkenning_id="B", naam='"open'),
                rec_row(erkenning_id="C"),
            ),
        ),
        kept=1,
        rejects={3: "unclosed_quote"},
    ),
    Case(
        "KBO numbers with BE, spaces and no dots are read; bad ones rejected",
        "recognitions",
        "erkenningen.csv",
        data(
            "erkenningen.csv",
            rec(
                rec_row(erkenning_id="A", ondernemingsnummer="BE 0200 065 765"),
                rec_row(erkenning_id="B", vestigingsnummer="2000000339"),
                rec_row(erkenning_id="C", vestigingsnummer="2.000.000.338"),
                rec_row(erkenning_id="D", ondernemingsnummer="+200065765"),
            ),
        ),
        kept=2,
        rejects={4: "bad_check_digit", 5: "bad_number"},
    ),
    Case(
        "Markdown and HTML in a name are kept as text",
        "recognitions",
        "erkenningen.csv",
        data(
            "erkenningen.csv",
            rec(
                rec_row(naam="[klik](http://evil.example) <img src=x onerror=alert(1)>")
            ),
        ),
        kept=1,
    ),
    Case(
        "a header without rows is refused",
        "recognitions",
        "erkenningen.csv",
        data("erkenningen.csv", rec()),
        refused="geen gegevensrijen",
    ),
    Case(
        "a file whose every row is rejected is refused, with the reasons",
        "recognitions",
        "erkenningen.csv",
        data("erkenningen.csv", rec(rec_row(opleiding_code="SO-0"))),
        refused="1 x onbekende opleiding",
    ),
    Case(
        "an empty file",
        "recognitions",
        "erkenningen.csv",
        data("erkenningen.csv", b""),
        refused="erkenningen.csv: leeg bestand",
    ),
    Case(
        "a PNG renamed .csv",
        "recognitions",
        "erkenningen.csv",
        data("erkenningen.csv", PNG),
        refused="geen tekstbestand",
    ),
    Case(
        "an old .xls",
        "recognitions",
        "erkenningen.xls",
        data("erkenningen.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600),
        refused="oud Excel-bestand",
    ),
    Case(
        "a damaged XLSX",
        "recognitions",
        "erkenningen.xlsx",
        data("erkenningen.xlsx", (FIXTURES / "recognitions.xlsx").read_bytes()[:-40]),
        refused="beschadigd zip-archief",
    ),
    Case(
        "an XLSX with a time, a huge number and a date in the wrong cells",
        "recognitions",
        "erkenningen.xlsx",
        data(
            "erkenningen.xlsx",
            xlsx_register(
                {"erkenning_id": "A", "datum_erkenning": "01-09-2023"},
                {"erkenning_id": "B", "aantal_lopende_overeenkomsten": 1e300},
                {
                    "erkenning_id": "C",
                    "datum_erkenning": __import__("datetime").time(8),
                },
                {"erkenning_id": "D", "aantal_lopende_overeenkomsten": 2.5},
            ),
        ),
        kept=1,
        rejects={3: "bad_value", 4: "bad_date", 5: "bad_value"},
    ),
    Case(
        "a JSON that is not a list of records",
        "recognitions",
        "erkenningen.json",
        data("erkenningen.json", b'{"a": [1, 2, {"b": '),
        refused="geen geldige JSON",
    ),
    Case(
        "required columns missing are named as the export names them",
        "recognitions",
        "erkenningen.csv",
        data("erkenningen.csv", b"naam,postcode\nx,9000\n"),
        refused="erkenning_id/erkenningsnummer",
    ),
    Case(
        "findings: approximate point, not in the KBO, other enterprise, overlap",
        "recognitions",
        "erkenningen.csv",
        data(
            "erkenningen.csv",
            rec(
                rec_row(erkenning_id="A"),
                rec_row(
                    erkenning_id="B",
                    datum_erkenning="01-01-2025",
                    datum_einde="31-12-2025",
                ),
                rec_row(erkenning_id="C", vestigingsnummer="2.000.000.933"),
                rec_row(
                    erkenning_id="D",
                    ondernemingsnummer="0200.068.636",
                    opleiding_code="SO-214",
                ),
                rec_row(
                    erkenning_id="E",
                    opleiding_code="SO-49",
                    postcode="9999",
                    nis_gemeente="",
                    gemeente="Gent",
                    lat="",
                    lon="",
                ),
            ),
        ),
        kept=5,
        check=lambda report, store: _findings(store),
    ),
    # --- offerings -------------------------------------------------------------------
    Case(
        "an offer with a header and no rows does not replace the offer",
        "offerings",
        "aanbod.csv",
        data("aanbod.csv", OFFER_CSV.encode()),
        refused="geen gegevensrijen",
    ),
    Case(
        "a truncated API JSON",
        "offerings",
        "aanbod.json",
        data("aanbod.json", (FIXTURES / "offerings.json").read_bytes()[:700]),
        refused="geen geldige JSON",
    ),
    Case(
        "JSON records that are not objects are rejected one by one",
        "offerings",
        "aanbod.json",
        data(
            "aanbod.json",
            b'{"content": [5, "x", '
            + (FIXTURES / "offerings.json").read_bytes().split(b'"content": [')[1][:-3]
            + b"}",
        ),
        kept=3,
        rejects={1: "bad_value", 2: "bad_value"},
    ),
    Case(
        "deeply nested JSON",
        "offerings",
        "aanbod.json",
        data("aanbod.json", b"[" * 100_000 + b"]" * 100_000),
        refused="aanbod.json",
    ),
    Case(
        "a school year that is not one, and a NIS code that does not exist",
        "offerings",
        "aanbod.csv",
        data(
            "aanbod.csv",
            (
                OFFER_CSV
                + "030767;1;VTI Brugge;88;2025;31005;8000\n"
                + "030767;1;VTI Brugge;88;2025-2026;31005;8000\n"
                + "030767;2;VTI Brugge;88;2025-2026;99999;8000\n"
            ).encode(),
        ),
        kept=1,
        rejects={2: "bad_value", 4: "unknown_nis"},
    ),
    # --- learners --------------------------------------------------------------------
    Case(
        "learner counts beyond any school are rejected, the rest summed",
        "learners",
        "leerlingen.csv",
        data(
            "leerlingen.csv",
            learners(
                learner_row("6"),
                learner_row("9223372036854775807", "V"),
                learner_row("1e300", "X"),
                learner_row("20000", "Y"),
                learner_row("zes", "Z"),
            ),
        ),
        kept=1,
        rejects={3: "bad_value", 4: "bad_value", 5: "bad_value", 6: "bad_value"},
        check=lambda report, store: _learners(store, 6),
    ),
    Case(
        "a learner XLSX with counts as floats",
        "learners",
        "leerlingen.xlsx",
        data(
            "leerlingen.xlsx",
            xlsx(
                [
                    [h for h in LEARNERS.splitlines()[0].split(";")],
                    [*learner_row("x").split(";")[:10], 6.0, "2025-2026"],
                    [*learner_row("x", "V").split(";")[:10], 2.5, "2025-2026"],
                ]
            ),
        ),
        kept=1,
        rejects={3: "bad_value"},
    ),
    Case(
        "a learner file cut off inside a row",
        "learners",
        "leerlingen.csv",
        data("leerlingen.csv", learners(learner_row("6"), learner_row("2", "V"))[:-30]),
        kept=1,
        rejects={3: "field_count"},
    ),
    # --- KBO -------------------------------------------------------------------------
    Case(
        "KBO start dates that do not exist are rejected, not rolled over",
        "kbo",
        "kbo",
        kbo(
            add_rows(
                "establishment.csv",
                '"2.000.000.834","31-02-2020","0200.065.765"',
                '"2.000.001.032","29-02-2023","0200.065.765"',
                '"2.000.001.131","31-04-2021","0200.065.765"',
            )
        ),
        kept=4,
        rejects={7: "bad_date", 8: "bad_date", 9: "bad_date"},
    ),
    Case(
        "a quoted line break in a KBO file keeps the lines after it",
        "kbo",
        "kbo",
        kbo(
            lambda f: (
                replace("establishment.csv", '"01-02-2005"', '"01-02-2005"')(f),
                replace("address.csv", '"Korenmarkt"', '"Koren\nmarkt"')(f),
                add_rows(
                    "address.csv",
                    '"2.000.000.834","BAET",,,"9999",,,"X","X","1","","",',
                )(f),
                add_rows(
                    "establishment.csv", '"2.000.000.834","01-01-2020","0200.065.765"'
                )(f),
            )
        ),
        kept=4,
        rejects={9: "unknown_postcode"},
        check=lambda report, store: _reject_file(store, "kbo", "kbo/address.csv"),
    ),
    Case(
        "KBO files with CRLF and a BOM",
        "kbo",
        "kbo",
        kbo(
            lambda f: [
                (f / n).write_bytes(
                    codecs.BOM_UTF8 + (f / n).read_bytes().replace(b"\n", b"\r\n")
                )
                for n in ("establishment.csv", "address.csv", "activity.csv")
            ]
        ),
        kept=4,
    ),
    Case(
        "a KBO zip with a damaged central directory",
        "kbo",
        "KboOpenData_0136_2025_06_Full.zip",
        damaged_zip,
        refused="beschadigd zip-archief",
    ),
    Case(
        "a KBO zip whose data is corrupt",
        "kbo",
        "KboOpenData_0136_2025_06_Full.zip",
        corrupt_member,
        refused="KboOpenData_0136_2025_06_Full.zip",
    ),
    Case(
        "a KBO delivery without establishments",
        "kbo",
        "kbo",
        kbo(
            lambda f: (f / "establishment.csv").write_text(
                '"EstablishmentNumber","StartDate","EnterpriseNumber"\n'
            )
        ),
        refused="geen gegevensrijen",
    ),
    Case(
        "a KBO zip missing a file",
        "kbo",
        "KboOpenData_0136_2025_06_Full.zip",
        kbo(lambda f: (f / "activity.csv").unlink(), zipped=True),
        refused="KBO-bestanden ontbreken: activity.csv",
    ),
]


def _no_live_formulas(store: Store) -> None:
    text = store.rejects_csv("recognitions").decode("utf-8-sig")
    for line in text.splitlines()[1:]:
        for cell in line.split(","):
            assert not cell.strip('"').startswith(("=", "@", "+", "-")), line
    assert "'=HYPERLINK" in text and "'@SUM(A1)" in text


def _findings(store: Store) -> None:
    found = store.findings()
    assert found == {
        "approximate_point": 2,  # one in the register, one in the KBO fixture
        "not_in_kbo": 1,
        "other_enterprise": 1,
        "overlapping": 1,
    }, found
    frame = store.findings_frame()
    kbo = frame[frame["bron"] == "KBO (vestigingen)"]
    assert kbo[["bestand", "regel", "sleutel"]].values.tolist() == [
        ["kbo/address.csv", "7", "2.000.000.735"]
    ]
    frame = frame[frame["bron"] == "Erkenningen"]
    lines = dict(zip(frame["soort"], frame["regel"].astype(int), strict=True))
    assert lines == {
        "approximate_point": 6,
        "not_in_kbo": 4,
        "other_enterprise": 5,
        "overlapping": 3,
    }
    assert set(frame["bestand"]) == {"erkenningen.csv"}


def _learners(store: Store, count: int) -> None:
    ds = load.load_dataset(store.dataset_dir())
    assert ds.offerings[s.LEARNERS].tolist() == [count]


def _reject_file(store: Store, source: str, file: str) -> None:
    rejects = store.rejects_preview(source)
    assert set(rejects["bestand"]) == {file}, rejects


class Uploaded(io.BytesIO):
    """What ``st.file_uploader`` hands the page: a file object with a name."""

    def __init__(self, name: str, content: bytes) -> None:
        super().__init__(content)
        self.name = name


def tree(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.parts[len(root.parts)] != "tmp" and p.name != ".lock"
    }


@pytest.fixture
def store(tmp_path, reference) -> Store:
    """A store that already holds the KBO fixture (so nothing may be lost)."""
    st = Store(tmp_path / "local")
    st.ingest("kbo", FIXTURES / "kbo", reference)
    return st


def ingest(case: Case, store: Store, path: Path, reference) -> dict:
    """Ingest as the Data page does: an upload for a file, the store for a folder."""
    if path.is_file():
        return upload.ingest_upload(
            store, case.source, Uploaded(case.file, path.read_bytes()), Limits()
        )
    return store.ingest(case.source, path, reference, input_name=case.file)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_hostile_input_is_refused_or_read_row_by_row(
    case, store, reference, tmp_path
):
    path = case.make(tmp_path)
    before = tree(store.root)
    if case.refused:
        with pytest.raises(DataError) as err:
            ingest(case, store, path, reference)
        message = str(err.value)
        assert case.refused in message
        assert message.startswith(case.file) or case.file in message
        assert "Traceback" not in message
        assert tree(store.root) == before  # nothing changed
        return
    report = ingest(case, store, path, reference)
    assert report["input"] == case.file
    assert report["rows_read"] == (
        report["rows_kept"] + report["rows_rejected"] + sum(report["skipped"].values())
    )
    rejects = store.rejects_preview(case.source)
    main_file = rejects[~rejects["bestand"].str.contains("/address.csv")]
    got = dict(zip(rejects["regel"].astype(int), rejects["code"], strict=True))
    assert got == case.rejects, rejects.to_string()
    if case.kept is not None:
        assert report["rows_kept"] == case.kept
    if case.source != "kbo":
        assert set(main_file["bestand"]) <= {case.file}
    if case.check:
        case.check(report, store)


@pytest.mark.parametrize(
    "case",
    [c for c in CASES if c.source != "kbo" or c.refused],
    ids=[c.name for c in CASES if c.source != "kbo" or c.refused],
)
def test_the_command_line_answers_every_case_in_one_line(case, tmp_path, capsys):
    path = case.make(tmp_path)
    root = tmp_path / "cli-store"
    assert main(["ingest", "kbo", str(FIXTURES / "kbo"), "--store", str(root)]) == 0
    capsys.readouterr()
    code = main(["ingest", case.source, str(path), "--store", str(root)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    if case.refused:
        assert code == 2
        last = err.strip().splitlines()[-1]
        assert last.startswith("fout: ") and case.refused in last
    else:
        assert code == 0
        assert "rijen gelezen" in out


def test_allow_empty_empties_a_source_on_purpose_and_says_so(
    store, reference, tmp_path
):
    path = tmp_path / "aanbod.csv"
    path.write_text(OFFER_CSV)
    store.ingest("offerings", FIXTURES / "offerings.json", reference)
    assert len(load.load_dataset(store.dataset_dir()).offerings) == 3
    report = store.ingest("offerings", path, reference, allow_empty=True)
    assert report["allowed_empty"] and report["rows_read"] == 0
    assert load.load_dataset(store.dataset_dir()).offerings.empty


def test_an_upload_over_the_limit_is_refused_before_it_is_read(store):
    big = Uploaded("groot.csv", b"x" * (2 << 20))
    with pytest.raises(DataError, match="bestand te groot"):
        upload.ingest_upload(store, "learners", big, Limits(upload_max_mb=1))
    assert not any((store.root / "tmp").iterdir())


def test_rejects_name_the_uploaded_file_and_its_columns(store):
    report = upload.ingest_upload(
        store,
        "recognitions",
        Uploaded(
            "../Mijn export (2).csv",
            rec(rec_row(vestigingsnummer="2.000.000.338"))
            + rec_row(erkenning_id="B").encode()
            + b"\n",
        ),
        Limits(),
    )
    assert report["input"] == "Mijn export (2).csv"
    rejects = store.rejects_preview("recognitions")
    assert rejects.iloc[0][["bestand", "regel", "kolom"]].tolist() == [
        "Mijn export (2).csv",
        "2",
        "vestigingsnummer",
    ]


def test_old_rejects_files_are_neutralised_when_served(store, reference):
    store.ingest(
        "recognitions",
        FIXTURES / "recognitions_broken.csv",
        reference,
    )
    report = store.reports()["recognitions"]
    path = store.root / "sources" / "recognitions" / report["snapshot"] / "rejects.csv"
    pd.DataFrame({"waarde": ["=1+1"]}).to_csv(path, index=False)  # as before
    manifest = store.manifest()
    del manifest["sources"]["recognitions"]["rejects_format"]
    (store.root / "manifest.json").write_text(__import__("json").dumps(manifest))
    assert store.rejects_csv("recognitions").decode("utf-8-sig").splitlines()[1] == (
        "'=1+1"
    )
