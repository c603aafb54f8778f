"""Cached access to the dataset and derived results (Streamlit-only).

The dataset is held once per process in ``st.cache_resource`` (never mutate it);
small derived tables go through ``st.cache_data``, keyed by the dataset folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import streamlit as st

from radar import load, overview, report, tables
from radar.config import DEMO_DIR, REFERENCE_DIR
from radar.demo import generate


def data_dir() -> Path:
    """The dataset folder: ``RADAR_DATA_DIR`` or the embedded demo folder."""
    return Path(os.environ.get("RADAR_DATA_DIR") or DEMO_DIR)


@st.cache_resource(show_spinner="Gegevens laden…")
def _dataset(path: str) -> load.Dataset:
    folder = Path(path)
    if not load.is_dataset(folder) and folder.resolve() == DEMO_DIR.resolve():
        load.write_dataset(generate(load.read_reference(REFERENCE_DIR)), folder)
    return load.load_dataset(folder)


def dataset() -> load.Dataset:
    """The dataset in use (shared, read-only)."""
    return _dataset(str(data_dir()))


@st.cache_data(show_spinner=False, max_entries=64)
def recognition_table(path: str, as_of: pd.Timestamp, by: str) -> pd.DataFrame:
    """Cached ``radar.tables.recognition_table`` for the dataset at ``path``."""
    ds = _dataset(path)
    return tables.recognition_table(
        ds.recognitions, ds.municipalities, ds.programmes, as_of, by=by
    )


@st.cache_data(show_spinner=False, max_entries=64)
def headline(path: str, as_of: pd.Timestamp) -> overview.Headline:
    """Cached headline figures."""
    return overview.headline(_dataset(path), as_of)


def table_xlsx(path: str, as_of: pd.Timestamp, by: str) -> bytes:
    """XLSX bytes of a recognitions table (not cached: it carries its creation time)."""
    ds = _dataset(path)
    return report.table_workbook(recognition_table(path, as_of, by), ds, as_of, by)
