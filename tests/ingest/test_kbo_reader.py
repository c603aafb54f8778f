"""The fast KBO reader: the same answers whatever path a file takes through it.

Small hand-made deliveries with known answers: numbers in every spelling, start dates
that do not exist, NACE codes per version and class, a UTF-8 file that turns out to
hold a cp1252 byte far past the part the encoding is sniffed from (read again as text,
nothing printed), and a zip that reads like its folder.
"""

from __future__ import annotations

import shutil
import sys
import zipfile
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from radar.ingest import kbo, kbo_numbers, textio
from radar.ingest.kbo_tables import repeated, sorted_unique, start_dates
from radar.kernel import schema as s

FIXTURES = Path(__file__).parents[1] / "data" / "ingest"


def test_numbers_in_every_spelling_have_the_same_value_as_alone():
    spelled = [
        "0200.065.765",  # enterprise, dotted
        "2.000.000.339",  # establishment, dotted
        "0200065765",  # ten digits
        "BE 0200.065.765",  # prefix and space: the slow way
        "02.00065765",  # dots elsewhere: the slow way
        "0200.065.76",  # nine digits
        "0200.065.7a5",
        "",
    ]
    n, ok = kbo_numbers.digits(pa.array(spelled))
    assert ok.tolist() == [True, True, True, True, True, False, False, False]
    assert n[ok].tolist() == [200065765, 2000000339, 200065765, 200065765, 200065765]
    # a number reads the same in a batch of the usual spelling only
    alone, alone_ok = kbo_numbers.digits(pa.chunked_array([spelled[:3], spelled[:2]]))
    assert alone_ok.all() and alone.tolist()[3:] == [200065765, 2000000339]


def test_dotted_writes_both_kinds_and_odd_values_the_slow_way():
    numbers = np.array([200065765, 2000000339, 0, 9999999999])
    assert kbo_numbers.dotted(numbers, "enterprise").tolist() == [
        "0200.065.765",
        "2000.000.339",
        "0000.000.000",
        "9999.999.999",
    ]
    assert kbo_numbers.dotted(numbers[:2], "establishment").tolist() == [
        "0.200.065.765",
        "2.000.000.339",
    ]
    assert kbo_numbers.dotted(np.array([10**10]), "enterprise").tolist() == [
        "1000.000.000"  # 11 digits: zfill keeps them all
    ]


def test_distinct_and_repeated_numbers_by_sorting():
    values = np.array([2000000339, 200065765, 2000000339, 5, 200065765, 2000000339])
    assert sorted_unique(values).tolist() == [5, 200065765, 2000000339]
    assert repeated(values).tolist() == [False, False, True, False, True, True]


def test_start_dates_that_do_not_exist_are_told_apart():
    day, why = start_dates(
        pa.chunked_array(
            [["29-02-2000", "29-02-2021", "01-01-1799", "1-2-2020", "", " 15-06-1987"]]
        )
    )
    assert [str(d)[:10] for d in day] == [
        "2000-02-29",
        "NaT",
        "NaT",
        "NaT",
        "NaT",
        "1987-06-15",
    ]
    assert why.tolist() == [
        None,
        "geen geldige datum: deze dag bestaat niet",
        "geen geldige datum: jaar buiten 1800-2199",
        "geen geldige datum (verwacht DD-MM-JJJJ)",
        None,
        None,
    ]


def _delivery(tmp_path: Path, activity_rows: list[str]) -> Path:
    folder = tmp_path / "kbo"
    shutil.copytree(FIXTURES / "kbo", folder)
    head = '"EntityNumber","ActivityGroup","NaceVersion","NaceCode","Classification"\n'
    (folder / "activity.csv").write_text(head + "\n".join(activity_rows) + "\n")
    return folder


def test_nace_codes_per_version_main_first_duplicates_once(reference, tmp_path):
    rows = [
        # Gent: 2008 codes as MAIN and SECO (MAIN wins), one twice, a 2003 row
        '"2.000.000.339","001","2008","43999","SECO"',
        '"2.000.000.339","001","2008","43211","SECO"',
        '"2.000.000.339","001","2008","43211","MAIN"',
        '"2.000.000.339","001","2008","01110","SECO"',
        '"2.000.000.339","001","2008","43999","SECO"',
        '"2.000.000.339","001","2003","99999","MAIN"',
        '"2.000.000.339","001","2025","43210","SECO"',
        # Brussels: no MAIN row: every code is "other"; an RSZ row: employer
        '"2.000.000.537","006","2008","10711","SECO"',
        '"2.000.000.537","001","2008","10711","ANCI"',
        '"2.000.000.537","001","2008","47241","SECO"',
        # a code that is no code is reported, the row's entity keeps the others
        '"2.000.000.537","001","2008","4724","SECO"',
    ]
    parsed = kbo.parse(_delivery(tmp_path, rows), reference)
    frame = parsed.frame.set_index(s.ESTABLISHMENT_NUMBER)
    gent, brussels = frame.loc["2.000.000.339"], frame.loc["2.000.000.537"]
    assert (gent[s.NACE_MAIN], gent[s.NACE_OTHER]) == ("43211", "01110;43999")
    assert (gent[kbo.NACE_MAIN_2025], gent[kbo.NACE_OTHER_2025]) == ("", "43210")
    assert not gent[s.IS_EMPLOYER]
    assert (brussels[s.NACE_MAIN], brussels[s.NACE_OTHER]) == ("", "10711;47241")
    assert brussels[s.IS_EMPLOYER]
    # no rows of its own, nor its enterprise's: nothing, said so
    antwerp = frame.loc["2.000.000.438"]
    assert (antwerp[s.NACE_MAIN], antwerp[kbo.ACTIVITY_SOURCE]) == ("", "geen")
    assert parsed.rejects[["regel", "kolom", "code", "waarde"]].values.tolist() == [
        [12, "NaceCode", "bad_value", "4724"]
    ]


def test_a_utf8_file_with_a_cp1252_byte_late_is_read_again_as_text(
    reference, tmp_path, monkeypatch
):
    # pyarrow cannot hand a row it cannot decode to the handler: it would print an
    # "Exception ignored" message (to the user's terminal) through this hook
    unraisable: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    rows = ['"2.000.000.339","001","2008","43211","MAIN"'] * 60_000
    # past the first MB (where the encoding is sniffed): a cp1252 byte in a kept
    # row and one in a row with a field too many
    rows += ['"2.000.000.537","001","2008","47241","MAIN"']
    folder = _delivery(tmp_path, rows)
    path = folder / "activity.csv"
    data = path.read_bytes()
    assert len(data) > textio.SAMPLE_BYTES
    data += '"2.000.000.537","001","2008","10711","SECO","Caf\xe9"\n'.encode("cp1252")
    data += '"2.000.000.537","001","2008","10712","SECO\xe9"\n'.encode("cp1252")
    path.write_bytes(data)
    for delivery in (folder, _zipped(folder, tmp_path / "kbo.zip")):
        parsed = kbo.parse(delivery, reference)
        brussels = parsed.frame.set_index(s.ESTABLISHMENT_NUMBER).loc["2.000.000.537"]
        # SECOé is no class: the code counts as other
        assert (brussels[s.NACE_MAIN], brussels[s.NACE_OTHER]) == ("47241", "10712")
        wide = parsed.rejects[parsed.rejects["code"] == "field_count"]
        assert wide["regel"].tolist() == [60_003]
        assert wide["waarde"].iloc[0].endswith('"SECO","Café"')
    assert unraisable == []


def _zipped(folder: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in sorted(folder.iterdir()):
            zf.write(f, f.name)
    return target


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_raw_reader_counts_lines_and_refuses_bytes_that_are_not_utf8(newline):
    text = f"a;b{newline}c;é{newline}d;e".encode()
    reader = textio.RawReader(lambda: _Chunks(text, 3), 0)
    got = b""
    while piece := reader.read(3):
        got += piece
    assert got == text and reader.lines_passed() == 3
    bad = textio.RawReader(lambda: _Chunks(b"a;b\nc;\xe9\n", 4), 0)
    with pytest.raises(textio.NotUtf8Error):
        while bad.read(4):
            pass


class _Chunks:
    """A binary file that hands out at most ``size`` bytes per read."""

    def __init__(self, data: bytes, size: int) -> None:
        self.data, self.size = data, size

    def read(self, n: int = -1) -> bytes:
        n = self.size if n < 0 else min(n, self.size)
        out, self.data = self.data[:n], self.data[n:]
        return out

    def close(self) -> None:
        pass
