"""Cached access to the dataset and derived results (Streamlit-only).

The dataset is held once per process in ``st.cache_resource`` (never mutate it);
small derived tables go through ``st.cache_data``, keyed by the dataset folder. The
per-programme indexes are read from the dataset folder, where they are written with
the dataset (rebuilt there when missing or stale).

Modules only some pages need (analysis and scipy, the prospect index, the policy
reports with their LP audit, the demo generator) are imported inside the functions
that use them: a fresh server shows the Overzicht without loading them.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from radar.ingest.store import Store
from radar.kernel import calendar, load
from radar.kernel.calendar import Coverage
from radar.kernel.paths import Paths
from radar.kernel.settings import Settings
from radar.policy import overview, tables

if TYPE_CHECKING:
    from radar.policy.build import PolicyTable
    from radar.policy.index import PolicyIndex
    from radar.prospects.index import ProspectIndex
    from radar.prospects.ranking import ProspectResult
    from radar.supply_demand import analysis


def paths() -> Paths:
    """The app's folders: the UI's one read of the environment (``radar.kernel.paths``).

    Read on every call (it is cheap), so a changed environment takes effect at once.
    """
    return Paths.from_env()


def data_store() -> Store:
    """The real-data store (ingests, snapshots, the demo/real switch)."""
    return Store(paths().store)


def data_dir() -> Path:
    """The dataset folder in use: ``RADAR_DATA_DIR`` when set (an override), else
    the real dataset when chosen on the Data page, else the embedded demo folder.

    A real dataset folder is named after its snapshot, so every cache keyed by this
    path reloads after a new ingest.
    """
    where = paths()
    if where.data_override is not None:
        return where.data_override
    store = Store(where.store)
    if store.active() == "real":
        folder = store.dataset_dir()
        if folder is not None:
            return folder
    return where.demo


@st.cache_resource(show_spinner="Gegevens laden…", max_entries=4)
def _dataset(path: str) -> load.Dataset:
    folder, where = Path(path), paths()
    if folder.resolve() == where.demo.resolve():
        from radar.demo import ensure_demo

        ensure_demo(folder, where.reference)
    ds = load.load_dataset(folder)
    # The establishments (deferred by load_dataset) are read in the background: the
    # Overzicht does not wait for them, and Prospectie finds them read. Parquet
    # decoding releases the GIL, so on two cores the first page hardly notices.
    threading.Thread(
        target=lambda: ds.establishments, name="radar-prefetch", daemon=True
    ).start()
    return ds


@st.cache_resource(show_spinner=False, max_entries=4)
def _coverage(path: str) -> Coverage:
    return calendar.coverage(_dataset(path))


def coverage() -> Coverage:
    """What the dataset in use covers (dates, school years with learner counts)."""
    return _coverage(str(data_dir()))


def dataset() -> load.Dataset:
    """The dataset in use (shared, read-only)."""
    return _dataset(str(data_dir()))


@st.cache_data(show_spinner=False, max_entries=64)
def recognition_table(path: str, as_of: pd.Timestamp, by: str) -> pd.DataFrame:
    """Cached ``radar.tables.recognition_table`` for the dataset at ``path``."""
    ds = _dataset(path)
    return tables.recognition_table(
        ds.recognitions,
        ds.municipalities,
        ds.programmes,
        as_of,
        by=by,  # type: ignore[arg-type]
    )


@st.cache_data(show_spinner=False, max_entries=64)
def headline(path: str, as_of: pd.Timestamp) -> overview.Headline:
    """Cached headline figures."""
    return overview.headline(_dataset(path), as_of)


@st.cache_resource(show_spinner="Gegevens indexeren…", max_entries=2)
def _prepared(path: str) -> analysis.Prepared:
    from radar.supply_demand import analysis

    return analysis.load_prepared(_dataset(path), Path(path))


def prepared() -> analysis.Prepared:
    """The dataset in use, indexed for per-programme questions (shared, read-only)."""
    return _prepared(str(data_dir()))


@st.cache_resource(show_spinner=False, max_entries=16)
def _sd_base(
    path: str,
    programme_id: str,
    as_of: pd.Timestamp,
    related_weight: float,
    active_only: bool,
    settings: Settings,
) -> analysis.Base:
    """Cached ``radar.supply_demand.analysis.base``: all of a selection but its
    level, so a level change recomputes only the areas. One shared copy, read only
    by ``supply_demand`` and ``hexagon_access`` (which never mutate it): not pickled
    on every hit as ``st.cache_data`` would."""
    from radar.supply_demand import analysis

    return analysis.base(
        _prepared(path), programme_id, as_of, settings, related_weight, active_only
    )


@st.cache_data(show_spinner=False, max_entries=32)
def supply_demand(
    path: str,
    programme_id: str,
    as_of: pd.Timestamp,
    level: str,
    related_weight: float,
    active_only: bool,
    settings: Settings,
) -> analysis.Analysis:
    """Cached ``radar.analysis.analyse`` for the dataset at ``path`` (the cached
    level-free part, ``_sd_base``, with the areas of ``level``)."""
    from radar.supply_demand import analysis

    part = _sd_base(path, programme_id, as_of, related_weight, active_only, settings)
    return analysis.at_level(_prepared(path), part, level, settings)


@st.cache_data(show_spinner=False, max_entries=32)
def hexagon_access(
    path: str,
    programme_id: str,
    as_of: pd.Timestamp,
    related_weight: float,
    active_only: bool,
    settings: Settings,
) -> pd.DataFrame:
    """Cached accessibility at hexagon centres (from the cached ``_sd_base``)."""
    from radar.supply_demand import analysis

    part = _sd_base(path, programme_id, as_of, related_weight, active_only, settings)
    return analysis.hexagon_access(_prepared(path), part, settings)


@st.cache_resource(show_spinner="Erkenningen indexeren…", max_entries=4)
def _policy_index(path: str) -> PolicyIndex:
    from radar.policy.index import PolicyIndex

    return PolicyIndex(_dataset(path))


def policy_index(path: str) -> PolicyIndex:
    """The recognitions of the dataset at ``path`` indexed by date (shared,
    read-only): a date change on Tabellen reads no pass over the recognitions."""
    return _policy_index(path)


@st.cache_data(show_spinner=False, max_entries=64)
def policy_table(
    path: str,
    kind: str,
    by: str,
    cross: str | None,
    as_of: pd.Timestamp,
    compare_to: pd.Timestamp | None,
    months: int,
    suppress: int,
) -> object:
    """Cached ``radar.policy.build_table`` for the dataset at ``path``, counted
    from the dataset's ``policy_index``."""
    from radar.policy import build as policy

    request = policy.TableRequest(
        as_of=as_of,
        kind=kind,  # type: ignore[arg-type]
        by=by,  # type: ignore[arg-type]  # a grouping id, checked by build_table
        cross=cross,  # type: ignore[arg-type]
        compare_to=compare_to,
        months=months,
        suppress=suppress,
    )
    return policy.build_table(_dataset(path), request, _policy_index(path))


def policy_xlsx(path: str, table: PolicyTable) -> bytes:
    """XLSX bytes of a policy table (not cached: it carries its creation time)."""
    from radar.policy import report

    return report.policy_workbook([table], _dataset(path))


def policy_text(path: str, table: PolicyTable) -> str:
    """The policy table as plain text with title, footnote and source."""
    from radar.policy import report

    return report.plain_text(table, _dataset(path))


@st.cache_data(show_spinner=False, max_entries=16)
def expiring_list(path: str, as_of: pd.Timestamp, months: int) -> pd.DataFrame:
    """Cached ``radar.policy.expiring_list``."""
    from radar.policy import build as policy

    return policy.expiring_list(_dataset(path), as_of, months)


@st.cache_resource(show_spinner="Prospectie voorbereiden…", max_entries=2)
def _prospect_index(path: str) -> ProspectIndex:
    from radar.prospects import index

    return index.load_prospects(_dataset(path), Path(path))


@st.cache_resource(show_spinner=False)
def nace_descriptions() -> dict[str, str]:
    """Dutch NACE class titles (4-digit class -> description)."""
    from radar.prospects import nace

    return nace.read_descriptions(paths().reference)


@st.cache_data(show_spinner=False, max_entries=32)
def programme_locations(
    path: str, programme_id: str, as_of: pd.Timestamp, settings: Settings
) -> pd.DataFrame:
    """Cached ``radar.prospects.programme_locations`` (lesplaatsen with shortage)."""
    from radar.prospects import ranking as prospects

    return prospects.programme_locations(_dataset(path), programme_id, as_of, settings)


@st.cache_data(show_spinner="Vestigingen rangschikken…", max_entries=32)
def prospect_list(
    path: str,
    programme_id: str,
    as_of: pd.Timestamp,
    level: str,
    code: str,
    radius_km: float,
    settings: Settings,
    top_n: int,
    main_only: bool,
    employers_only: bool,
    include_warm: bool,
) -> ProspectResult:
    """Cached ``radar.prospects.rank_prospects`` (a ``ProspectResult``)."""
    from radar.prospects import index
    from radar.prospects import ranking as prospects

    return prospects.rank_prospects(
        _prospect_index(path),
        programme_id,
        as_of,
        index.Area(level, code, radius_km),
        settings,
        top_n=top_n,
        main_only=main_only,
        employers_only=employers_only,
        include_warm=include_warm,
        descriptions=nace_descriptions(),
        locations=programme_locations(path, programme_id, as_of, settings),
    )


def prospect_xlsx(path: str, result: ProspectResult, as_of: pd.Timestamp) -> bytes:
    """XLSX bytes of a prospect list (not cached: it carries its creation time)."""
    from radar.prospects import export

    return export.prospect_workbook(result, _dataset(path), as_of)
