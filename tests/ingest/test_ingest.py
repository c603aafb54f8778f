"""Parsers of the official exports, on hand-made fixtures in their real formats
(tests/data/ingest/): what is kept, and for every error class a specific reject."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from radar.ingest import education, kbo, places, recognitions, sniff
from radar.kernel import schema as s
from radar.kernel.errors import DataError

FIXTURES = Path(__file__).parents[1] / "data" / "ingest"


def rejects_by_line(parsed) -> dict[int, tuple[str, str | None]]:
    r = parsed.rejects
    return {
        int(line): (code, col)
        for line, code, col in zip(r["regel"], r["code"], r["kolom"], strict=True)
    }


def only(frame: pd.DataFrame, column: str, value: str) -> pd.Series:
    rows = frame[frame[column] == value]
    assert len(rows) == 1, rows
    return rows.iloc[0]


# --- reading: encodings, delimiters, required columns -------------------------


@pytest.mark.parametrize(
    ("encoding", "bom", "delimiter"),
    [
        ("utf-8", b"", ","),
        ("utf-8", b"\xef\xbb\xbf", ";"),
        ("cp1252", b"", "|"),
        ("cp1252", b"", "\t"),
    ],
)
def test_delimited_files_are_read_in_every_encoding_and_delimiter(
    encoding, bom, delimiter, tmp_path
):
    text = delimiter.join(["id", "naam"]) + "\n" + delimiter.join(["1", "Café – Één"])
    path = tmp_path / "f.csv"
    path.write_bytes(bom + text.encode(encoding))
    table = sniff.read_delimited(path, "f.csv", {"id": [], "name": ["naam"]}, ["id"])
    assert table.delimiter == delimiter
    assert table.encoding == ("utf-8-sig" if bom else encoding)
    assert table.frame["name"].tolist() == ["Café – Één"]
    assert table.frame[sniff.LINE].tolist() == [2]


def test_a_file_without_required_columns_is_refused_with_one_message_listing_them():
    with pytest.raises(DataError) as err:
        education.parse_offerings(FIXTURES / "offerings_missing_columns.csv", {})
    message = str(err.value)
    assert "verplichte kolommen ontbreken" in message
    # named as the exports name them, alternatives joined with "of"
    assert "instellingslocatie_vestigingsnummer/intern_volgnr_vpl" in message
    assert "of lesplaats_id" in message
    assert "schooljaar" in message
    assert "opleiding_code of structuuronderdeel_nummer of studierichting" in message
    assert message.startswith("offerings_missing_columns.csv: ")


def test_line_numbers_count_physical_lines_across_quoted_line_breaks(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes(b'id,naam\n1,"twee\nregels"\n2,x\n3\n')
    table = sniff.read_delimited(path, "f.csv", {"id": [], "naam": []}, ["id"])
    assert table.frame[sniff.LINE].tolist() == [2, 4]
    rejects = table.rejects
    assert list(zip(rejects["regel"], rejects["code"], strict=True)) == [
        (5, "field_count")
    ]


# --- places ---------------------------------------------------------------------


def test_places_prefer_the_postcode_part_of_the_named_municipality(reference):
    where = places.locate(
        4,
        reference,
        postcode=pd.Series(["1040", "1040", "9999", "4000"]),
        municipality=pd.Series(["Etterbeek", "", "Gent", "Luik"]),
    )
    assert where[s.NIS].tolist() == ["21005", "21004", "44021", "62063"]
    assert where[places.POINT_SOURCE].tolist()[:3] == [
        "postcode",
        "postcode",
        "gemeente",
    ]
    assert where["problem"].tolist()[3] == places.OUT_OF_REGION


# --- KBO ------------------------------------------------------------------------


def test_kbo_folder_gives_active_establishments_in_flanders_and_brussels(reference):
    parsed = kbo.parse(FIXTURES / "kbo", reference)
    frame = parsed.frame.set_index(s.ESTABLISHMENT_NUMBER)
    assert list(frame.index) == [
        "2.000.000.339",
        "2.000.000.438",
        "2.000.000.537",
        "2.000.000.735",
    ]
    assert parsed.skipped == {"buiten Vlaanderen en Brussel": 1}  # Luik
    assert parsed.rejects.empty and parsed.extract_date == "2025-06-06"
    gent = frame.loc["2.000.000.339"]
    # commercial name of the establishment, Dutch first; own activity rows
    assert gent[s.NAME] == "Peeters Gent"
    assert gent[s.ADDRESS] == "Korenmarkt 12 bus 3, 9000 Gent"
    assert (gent[s.NACE_MAIN], gent[s.NACE_OTHER]) == ("43211", "43221;43999")
    assert (gent[kbo.NACE_MAIN_2025], gent[kbo.NACE_OTHER_2025]) == ("43210", "")
    assert gent[s.IS_EMPLOYER] and gent[s.START_DATE] == pd.Timestamp("2005-02-01")
    assert gent[s.ENTERPRISE_NUMBER] == "0200.065.765"
    # no own name or activities: the enterprise's name (Dutch) and activities
    antwerp = frame.loc["2.000.000.438"]
    assert antwerp[s.NAME] == "Bouwbedrijf Peeters"
    assert (antwerp[s.NACE_MAIN], antwerp[kbo.ACTIVITY_SOURCE]) == (
        "41201",
        "onderneming",
    )
    assert antwerp[s.IS_EMPLOYER]
    # own activities, none in group 006: not an employer (2003 row ignored)
    brussels = frame.loc["2.000.000.537"]
    assert (brussels[s.NIS], brussels[s.IS_EMPLOYER]) == ("21005", False)
    assert brussels[s.NAME] == "Bakkerij Janssens"
    # postcode 9999 unknown, municipality Gent known: its point, flagged
    fallback = frame.loc["2.000.000.735"]
    assert (fallback[s.NIS], fallback[places.POINT_SOURCE]) == ("44021", "gemeente")
    assert pd.isna(fallback[s.START_DATE])


def test_kbo_zip_reads_like_the_folder_and_cp1252_semicolon_files_too(
    reference, tmp_path
):
    folder = tmp_path / "kbo"
    shutil.copytree(FIXTURES / "kbo", folder)
    den = folder / "denomination.csv"
    text = den.read_text(encoding="utf-8").replace(",", ";") + (
        '"2.000.000.438";"2";"003";"Café Meir – Zuid"\n'
    )
    den.write_bytes(text.encode("cp1252"))
    archive = tmp_path / "KboOpenData_0136_2025_06_Full.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for f in folder.iterdir():
            zf.write(f, f"extract/{f.name.upper()}")
    parsed = kbo.parse(archive, reference)
    names = parsed.frame.set_index(s.ESTABLISHMENT_NUMBER)[s.NAME]
    assert names["2.000.000.438"] == "Café Meir – Zuid"
    assert len(parsed.frame) == 4


def test_kbo_broken_rows_are_rejected_each_with_its_reason_and_the_rest_kept(
    reference,
):
    parsed = kbo.parse(FIXTURES / "kbo_broken", reference)
    r = parsed.rejects
    columns = (r["bestand"], r["regel"], r["kolom"].fillna(""), r["code"])
    got = set(zip(*columns, strict=True))
    assert got == {
        ("kbo_broken/establishment.csv", 7, "EstablishmentNumber", "bad_check_digit"),
        ("kbo_broken/establishment.csv", 8, "StartDate", "bad_date"),
        ("kbo_broken/establishment.csv", 9, "", "field_count"),
        ("kbo_broken/establishment.csv", 10, "EstablishmentNumber", "duplicate_key"),
        ("kbo_broken/address.csv", 8, "EntityNumber", "bad_check_digit"),
        ("kbo_broken/address.csv", 10, "Zipcode", "unknown_postcode"),
    }
    reasons = dict(zip(r["code"], r["reden"], strict=False))
    assert reasons["field_count"] == "verkeerd aantal velden: 2 in plaats van 3"
    assert reasons["duplicate_key"] == "dubbele sleutel, eerder op regel 2"
    # the four valid establishments of the same files are kept; every row counted
    assert len(parsed.frame) == 4
    assert (parsed.rows_read, parsed.rows_kept, parsed.rows_rejected) == (10, 4, 5)
    assert parsed.is_balanced()
    assert "2.000.000.339" in set(parsed.frame[s.ESTABLISHMENT_NUMBER])


def test_kbo_refuses_a_delivery_missing_a_file_or_a_column(reference, tmp_path):
    folder = tmp_path / "kbo"
    shutil.copytree(FIXTURES / "kbo", folder)
    (folder / "activity.csv").unlink()
    with pytest.raises(DataError, match="KBO-bestanden ontbreken: activity.csv"):
        kbo.parse(folder, reference)
    shutil.copy(FIXTURES / "kbo" / "activity.csv", folder)
    est = folder / "establishment.csv"
    est.write_text(est.read_text().replace("StartDate", "Begin"))
    with pytest.raises(DataError, match="verplichte kolommen ontbreken: StartDate"):
        kbo.parse(folder, reference)


# --- education offer and learners -------------------------------------------------


def test_onderwijs_api_json_gives_offerings_with_provider_and_point(reference):
    parsed = education.parse_offerings(FIXTURES / "offerings.json", reference)
    frame = parsed.frame
    assert parsed.rejects.empty
    assert parsed.skipped == {"geen duale opleiding": 1}
    brugge = only(frame, s.PROGRAMME_ID, "SO-88")
    assert brugge[s.OFFERING_ID] == "03076701-SO-88-2025-26"
    assert (brugge[s.LOCATION_ID], brugge[s.SCHOOL_YEAR]) == ("03076701", "2025-26")
    assert (brugge[s.LAT], brugge[places.POINT_SOURCE]) == (51.2017, "bron")
    gent = only(frame, s.PROGRAMME_ID, "SO-214")
    assert (gent[s.PROVIDER_TYPE], gent[places.POINT_SOURCE]) == ("CDO", "postcode")
    assert only(frame, s.PROGRAMME_ID, "SO-49")[s.PROVIDER_TYPE] == "Syntra"
    assert frame[s.LEARNERS].isna().all()


def test_offerings_broken_csv_rejects_each_error_class_and_keeps_valid_rows(
    reference,
):
    parsed = education.parse_offerings(FIXTURES / "offerings_broken.csv", reference)
    assert rejects_by_line(parsed) == {
        3: ("field_count", None),
        4: ("unknown_nis", "instellingslocatie_gemeente_nis"),
        5: ("outside_belgium", "gps_breedtegraad"),
        6: ("unknown_programme", "structuuronderdeel_nummer"),
        7: ("duplicate_key", "structuuronderdeel_nummer"),
        8: ("unknown_postcode", "instellingslocatie_postcode"),
    }
    assert sorted(parsed.frame[s.OFFERING_ID]) == [
        "03076701-SO-88-2025-26",
        "12691202-SO-214-2025-26",
    ]


@pytest.mark.parametrize("name", ["learners.csv", "learners.xlsx"])
def test_discimus_learners_are_summed_per_offering_and_non_dual_rows_skipped(
    reference, name
):
    parsed = education.parse_learners(FIXTURES / name, reference)
    assert parsed.rejects.empty
    assert parsed.skipped == {"geen duale opleiding": 1}  # Latijn
    brugge = only(parsed.frame, s.PROGRAMME_ID, "SO-88")
    assert brugge[s.LEARNERS] == (7 if name.endswith(".csv") else 8)  # M + V
    if name.endswith(".csv"):  # cp1252, ';', a DBSO and a SYN group
        cdo = only(parsed.frame, s.PROVIDER_TYPE, "CDO")
        assert cdo[s.SCHOOL_NAME] == "CLW Gent – Sint-Amandsberg"
        assert cdo[s.PROGRAMME_ID] == "SO-214"
        assert only(parsed.frame, s.PROVIDER_TYPE, "Syntra")[s.LEARNERS] == 3


def test_learners_broken_rows_are_rejected(reference):
    parsed = education.parse_learners(FIXTURES / "learners_broken.csv", reference)
    assert rejects_by_line(parsed) == {
        3: ("duplicate_key", "aantal_lln_op_teldag_01_10"),
        4: ("bad_value", "aantal_lln_op_teldag_01_10"),
        5: ("unknown_programme", "studierichting"),
    }
    counts = parsed.frame.set_index(s.PROGRAMME_ID)[s.LEARNERS]
    assert counts.to_dict() == {"SO-88": 6, "SO-93": 3}


# --- recognitions -------------------------------------------------------------------


def test_register_export_maps_dates_status_and_place(reference):
    parsed = recognitions.parse(FIXTURES / "recognitions.csv", reference)
    frame = parsed.frame.set_index(s.RECOGNITION_ID)
    assert parsed.rejects.empty
    assert parsed.skipped == {"status aangevraagd (nog niet erkend)": 1}
    first = frame.loc["ERK-0001"]
    # datum_einde is the last day: valid_to (exclusive) is the day after
    assert first[s.VALID_FROM] == pd.Timestamp("2023-09-01")
    assert first[s.VALID_TO] == pd.Timestamp("2028-09-01")
    assert (first[s.LEARNERS_HOSTED], first[s.NIS]) == (1, "44021")
    assert frame.loc["ERK-0003", recognitions.STATUS] == "opgeheven"
    assert frame.loc["ERK-0002", places.POINT_SOURCE] == "postcode"


def test_register_xlsx_with_native_dates_and_an_open_end(reference):
    parsed = recognitions.parse(FIXTURES / "recognitions.xlsx", reference)
    frame = parsed.frame.set_index(s.RECOGNITION_ID)
    assert frame.loc["ERK-0101", s.VALID_TO] == pd.Timestamp("2028-09-01")
    # no datum_einde: the five-year term
    assert frame.loc["ERK-0102", s.VALID_TO] == pd.Timestamp("2029-02-01")
    assert frame.loc["ERK-0102", s.NIS] == "21005"


def test_register_broken_rows_each_get_their_specific_reason(reference):
    parsed = recognitions.parse(FIXTURES / "recognitions_broken.csv", reference)
    assert rejects_by_line(parsed) == {
        3: ("bad_check_digit", "vestigingsnummer"),
        4: ("bad_date", "datum_erkenning"),
        5: ("unknown_programme", "opleiding_code"),
        6: ("duplicate_key", "erkenning_id"),
        7: ("unknown_postcode", "postcode"),
        8: ("unknown_nis", "nis_gemeente"),
        9: ("outside_belgium", "lat"),
        10: ("field_count", None),
    }
    reasons = dict(zip(parsed.rejects["code"], parsed.rejects["reden"], strict=True))
    assert reasons["bad_check_digit"] == "controlegetal klopt niet"
    # 31-02-2023 is refused, not rolled over into March
    assert reasons["bad_date"] == "geen geldige datum: deze dag bestaat niet"
    assert reasons["unknown_programme"] == "onbekende opleiding"
    assert reasons["unknown_postcode"] == "onbekende postcode"
    assert reasons["unknown_nis"] == "onbekende NIS-code"
    assert reasons["outside_belgium"] == "coördinaten buiten België"
    assert sorted(parsed.frame[s.RECOGNITION_ID]) == ["ERK-0001", "ERK-0010"]


@pytest.mark.parametrize(
    ("parse", "name"),
    [
        (education.parse_learners, "learners.csv"),
        (education.parse_offerings, "offerings_broken.csv"),
        (education.parse_offerings, "offerings.json"),
        (recognitions.parse, "recognitions_broken.csv"),
    ],
)
def test_checking_in_pieces_gives_what_checking_at_once_gives(
    reference, monkeypatch, parse, name
):
    whole = parse(FIXTURES / name, reference)
    monkeypatch.setattr(sniff, "PROGRESS_EVERY", 1)  # one row per piece
    pieces = parse(FIXTURES / name, reference)
    assert pieces.is_balanced() and whole.is_balanced()
    assert (pieces.rows_read, pieces.rows_kept, pieces.rows_rejected) == (
        whole.rows_read,
        whole.rows_kept,
        whole.rows_rejected,
    )
    assert pieces.skipped == whole.skipped
    pd.testing.assert_frame_equal(pieces.rejects, whole.rejects)
    pd.testing.assert_frame_equal(
        pieces.frame.astype(str).reset_index(drop=True),
        whole.frame.astype(str).reset_index(drop=True),
    )


def test_a_utf8_file_with_a_few_cp1252_characters_reads_both(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes("id;naam\n1;industriële\n".encode() + b"2;caf\xe9\n")
    table = sniff.read_delimited(path, "f.csv", {"id": [], "naam": []}, ["id"])
    assert table.frame["naam"].tolist() == ["industriële", "café"]


def test_skipped_rows_add_up_over_the_pieces(reference, monkeypatch, tmp_path):
    text = (FIXTURES / "learners.csv").read_bytes().decode("cp1252")
    latin = next(line for line in text.splitlines() if "Latijn" in line)
    path = tmp_path / "leerlingen.csv"
    path.write_text(text + latin.replace(";M;", ";V;") + "\n", encoding="cp1252")
    monkeypatch.setattr(sniff, "PROGRESS_EVERY", 2)
    parsed = education.parse_learners(path, reference)
    assert parsed.skipped == {"geen duale opleiding": 2}
    assert parsed.is_balanced()
