"""AppTest of the Data page: sources, upload and ingest, rejects, the demo/real switch,
and the other pages on a real dataset that holds only the company register."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from radar.ingest.store import Store
from radar.kernel.paths import REPO_ROOT

APP = str(REPO_ROOT / "app.py")
FIXTURES = Path(__file__).parents[1] / "data" / "ingest"


@pytest.fixture
def local(tmp_path, monkeypatch) -> Path:
    """An empty real-data store for the app, and no RADAR_DATA_DIR override."""
    root = tmp_path / "local"
    monkeypatch.setenv("RADAR_LOCAL_DIR", str(root))
    monkeypatch.delenv("RADAR_DATA_DIR", raising=False)
    return root


def open_page(page: str = "views/data.py") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, at.exception
    return at


def plain(markdown: str) -> str:
    """A message as the browser shows it (Markdown escapes removed)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def upload(
    at: AppTest, source: str, name: str, data: bytes, allow_empty: bool = False
) -> AppTest:
    at.selectbox(key="data.source").set_value(source).run()
    if allow_empty:
        at.checkbox(key="data.allow_empty").check()
    at.file_uploader(key="data.file").set_value((name, data, "text/csv"))
    at.button(key="data.ingest").click()
    at.run()
    assert not at.exception, at.exception
    return at


def test_data_page_on_the_demo_shows_every_source_with_zeros(local):
    at = open_page()
    assert at.title[0].value == "Data"
    table = at.dataframe[0].value
    assert list(table["rijen"]) == [0, 0, 0, 0]
    assert at.radio(key="data.use").value == "demo"
    assert at.radio(key="data.use").disabled
    assert any("demodata (synthetisch)" in m.value for m in at.main.markdown)


def test_uploading_a_broken_file_shows_the_report_and_the_rejects(local):
    data = (FIXTURES / "recognitions_broken.csv").read_bytes()
    at = upload(open_page(), "recognitions", "../../erkenningen export.csv", data)
    assert "Erkenningen: 10 rijen gelezen, 2 bewaard, 8 afgewezen" in (
        at.success[0].value
    )
    table = at.dataframe[0].value.set_index("bron")
    assert table.loc["Erkenningen", "afgewezen"] == 8
    assert table.loc["Erkenningen", "bestand"] == "erkenningen export.csv"
    rejects = at.dataframe[1].value
    assert len(rejects) == 8
    assert "controlegetal klopt niet" in set(rejects["reden"])
    assert at.get("download_button")  # the rejects CSV
    # the uploaded name was never used as a path; the temporary upload is gone
    assert not any((local / "tmp").iterdir())
    assert not (local.parent / "erkenningen export.csv").exists()


def test_a_file_without_required_columns_is_refused_on_the_page(local):
    data = (FIXTURES / "offerings_missing_columns.csv").read_bytes()
    at = upload(open_page(), "offerings", "aanbod.csv", data)
    assert "verplichte kolommen ontbreken" in at.error[0].value
    assert Store(local).manifest() == {}


def test_switching_to_real_data_with_only_the_kbo_keeps_every_page_working(
    local, reference
):
    Store(local).ingest("kbo", FIXTURES / "kbo", reference)
    at = open_page()
    at.radio(key="data.use").set_value("real").run()
    assert not at.exception, at.exception
    assert Store(local).active() == "real"
    assert at.caption[0].value.startswith("eigen gegevens: KBO (vestigingen)")
    assert not any("demodata (synthetisch)" in m.value for m in at.main.markdown)
    overview = open_page("views/overview.py")
    values = {m.label: m.value for m in overview.metric}
    assert values["Erkenningen"] == "0"
    tables = open_page("views/tables.py")
    assert not tables.exception
    at = open_page()
    at.radio(key="data.use").set_value("demo").run()
    assert Store(local).active() == "demo"


def test_a_refused_upload_names_the_source_and_the_file_and_keeps_the_choice(local):
    at = upload(open_page(), "learners", "leeg.csv", b"")
    (error,) = at.error
    assert error.value.startswith("**Geweigerd, er is niets veranderd** (")
    assert "Leerlingenaantallen, bestand `leeg.csv`" in error.value
    assert "leeg.csv: leeg bestand" in plain(error.value)
    assert at.selectbox(key="data.source").value == "learners"
    assert Store(local).manifest() == {}


def test_a_png_renamed_csv_is_refused_in_dutch(local):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
    at = upload(open_page(), "recognitions", "foto.csv", png)
    assert "foto.csv: dit is geen tekstbestand" in plain(at.error[0].value)
    assert "codec" not in at.error[0].value


def test_a_header_only_file_does_not_replace_a_good_source_unless_allowed(local):
    at = upload(
        open_page(),
        "offerings",
        "aanbod.json",
        (FIXTURES / "offerings.json").read_bytes(),
    )
    before = Store(local).manifest()["dataset"]
    header = (FIXTURES / "offerings_broken.csv").read_bytes().splitlines()[0]
    at = upload(at, "offerings", "aanbod.csv", header + b"\n")
    assert "geen gegevensrijen" in at.error[0].value
    assert "Lege bron toestaan" in at.error[0].value
    assert Store(local).manifest()["dataset"] == before
    at = upload(at, "offerings", "aanbod.csv", header + b"\n", allow_empty=True)
    assert not at.error
    assert any("is nu leeg" in w.value for w in at.warning)
    assert Store(local).manifest()["dataset"] != before


def test_a_utf16_export_from_excel_is_read(local):
    text = (FIXTURES / "recognitions.csv").read_text(encoding="utf-8")
    data = text.replace(",", "\t").encode("utf-16")
    at = upload(open_page(), "recognitions", "erkenningen.txt", data)
    assert "4 rijen gelezen, 3 bewaard, 0 afgewezen" in at.success[0].value


def test_findings_are_counted_and_listed_on_the_page(local, reference):
    Store(local).ingest("kbo", FIXTURES / "kbo", reference)
    text = (FIXTURES / "recognitions.csv").read_text(encoding="utf-8")
    # ERK-0002's establishment belongs to 0200.065.765 in the KBO, not 0200.068.636
    text = text.replace(
        "ERK-0002,0200.065.765,2.000.000.438", "ERK-0002,0200.068.636,2.000.000.438"
    )
    at = upload(open_page(), "recognitions", "erkenningen.csv", text.encode())
    labels = [e.label for e in at.expander]
    assert any(
        label.startswith("erkenning onder een ander ondernemingsnummer")
        and label.endswith(": 1")
        for label in labels
    ), labels
    assert any(label.startswith("punt benaderd") for label in labels), labels
    listed = {
        kind
        for d in at.dataframe
        if "soort" in getattr(d.value, "columns", [])
        for kind in d.value["soort"]
    }
    assert listed == {"other_enterprise", "approximate_point"}


def test_an_unexpected_error_while_ingesting_gives_an_incident_not_a_traceback(
    local, monkeypatch
):
    def broken(*args, **kwargs):
        raise TypeError("kapot")

    monkeypatch.setattr(Store, "ingest", broken)
    data = (FIXTURES / "recognitions.csv").read_bytes()
    at = upload(open_page(), "recognitions", "erkenningen.csv", data)
    message = plain(at.error[0].value)
    assert "onverwachte fout bij het inlezen (incident " in message
    assert "kapot" not in message and "Traceback" not in message


def test_the_rejects_report_has_no_live_formulas_and_the_users_names(local):
    rows = (FIXTURES / "recognitions.csv").read_text(encoding="utf-8").splitlines()
    rows.append(rows[1].replace("ERK-0001", "ERK-9").replace("erkend", "=1+2"))
    at = upload(
        open_page(), "recognitions", "mijn export.csv", "\n".join(rows).encode()
    )
    assert not at.exception
    text = Store(local).rejects_csv("recognitions").decode("utf-8-sig")
    assert text.splitlines()[1] == (
        "mijn export.csv,6,status,bad_value,"
        '"onbekende status, verwacht erkend, opgeschort, opgeheven, aangevraagd",'
        "'=1+2"
    )
