"""AppTest of the Data page: sources, upload and ingest, rejects, the demo/real switch,
and the other pages on a real dataset that holds only the company register."""

from __future__ import annotations

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


def upload(at: AppTest, source: str, name: str, data: bytes) -> AppTest:
    at.selectbox(key="data.source").set_value(source)
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
