"""Read the reference CSVs and dataset folders into typed frames; write datasets.

A dataset folder holds one Parquet file per table (``programmes``, ``municipalities``,
``postal_codes``, ``offerings``, ``recognitions``, ``establishments``) and a
``meta.json`` (kind ``demo`` or ``real``, extract date, provenance). Folders are
written next to their target and renamed into place, so a reader never sees half a
dataset.

Beside the tables a folder may hold derived indexes (``index-<name>.npz``, written by
the features that build them: ``write_index`` / ``read_index``). Each records its
format version and the ``dataset_signature`` of the tables it was built from; a
missing, older, corrupt or stale index reads as None, and the feature rebuilds it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import threading
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from radar.kernel import schema as s
from radar.kernel.errors import DataError
from radar.kernel.hexgrid import points_to_cells
from radar.kernel.paths import REFERENCE_DIR

META_FILE = "meta.json"
COMPLETE_FILE = ".complete"
INDEX_PREFIX = "index-"
_INDEX_META = "__index_meta__"
_UNREADABLE = (OSError, ValueError, KeyError, TypeError, EOFError, zipfile.BadZipFile)
DEFERRED_TABLES = ("establishments",)
"""Tables ``load_dataset`` reads on first use: ~0.8 s of the 1 s a 1M-establishment
dataset takes to load, which the Overzicht and Vraag & aanbod never need."""
log = logging.getLogger(__name__)


class _Deferred:
    """One table of a dataset folder, read when first used, from the file that was
    there when the dataset was loaded (an open handle: a dataset rewritten in place
    meanwhile cannot mix its tables into this one)."""

    def __init__(self, path: Path, name: str) -> None:
        self.name = name
        self.handle = (path / f"{name}.parquet").open("rb")

    def read(self) -> pd.DataFrame:
        try:
            return coerce(pd.read_parquet(self.handle), s.TABLES[self.name])
        finally:
            self.handle.close()

    def __del__(self) -> None:
        self.handle.close()  # a dataset dropped unread: no "unclosed file" warning


_DEFERRED_LOCK = threading.Lock()


@dataclass(frozen=True)
class Dataset:
    """The six tables plus provenance. Treat the frames as read-only.

    ``load_dataset`` defers the establishments (the company register: most of the
    bytes, needed by Prospectie and Wat als only) until first used; to a caller the
    attribute is an ordinary frame.
    """

    programmes: pd.DataFrame
    municipalities: pd.DataFrame
    postal_codes: pd.DataFrame
    offerings: pd.DataFrame
    recognitions: pd.DataFrame
    establishments: pd.DataFrame
    meta: Mapping[str, Any] = field(default_factory=dict)

    @property
    def is_demo(self) -> bool:
        """Tell whether this is the synthetic demo dataset."""
        return self.meta.get("kind") == "demo"

    @property
    def extract_date(self) -> pd.Timestamp:
        """The date the data describes (register extract / learner count date)."""
        return pd.Timestamp(self.meta.get("extract_date", "today")).normalize()

    def table(self, name: str) -> pd.DataFrame:
        """Return one table by its schema name."""
        frame: pd.DataFrame = getattr(self, name)
        return frame

    if not TYPE_CHECKING:  # mypy keeps checking attribute names

        def __getattr__(self, name: str) -> Any:
            # Only called for a missing attribute: a table deferred by load_dataset.
            deferred = self.__dict__.get("_deferred", {})
            if name not in deferred:
                raise AttributeError(name)
            with _DEFERRED_LOCK:
                if name not in self.__dict__:
                    object.__setattr__(self, name, deferred[name].read())
            return self.__dict__[name]

    def __getstate__(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def coerce(frame: pd.DataFrame, spec: s.TableSpec) -> pd.DataFrame:
    """Return ``frame`` with exactly the spec's columns, in order, cast to its dtypes.

    Derived columns missing from ``frame`` are computed (``h3_cell`` from lat/lng, so
    lat and lng come before it in the spec). Raises ``DataError`` naming the missing
    columns or the column a value cannot be read in.
    """
    missing = [c for c in spec.required if c not in frame.columns]
    if missing:
        raise DataError(f"{spec.name}: kolommen ontbreken: {', '.join(missing)}")
    out = pd.DataFrame(index=range(len(frame)))
    for col, dtype in spec.columns.items():
        if col == s.CELL and col not in frame.columns:
            out[col] = pd.Series(
                points_to_cells(out[s.LAT].to_numpy(), out[s.LNG].to_numpy()),
                dtype=dtype,
            )
            continue
        values = frame[col].reset_index(drop=True)
        try:
            if dtype == s.DATE:
                out[col] = pd.to_datetime(values).astype(s.DATE)
            else:
                out[col] = values.astype(dtype)
        except (ValueError, TypeError, ArithmeticError) as exc:
            raise DataError(
                f"{spec.name}, kolom {col}: kan niet als {dtype} lezen ({exc})"
            ) from exc
    return out


def _read_codes_csv(path: Path) -> pd.DataFrame:
    # Codes keep their leading zeros: read everything as text, cast later.
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def read_municipalities(ref_dir: Path = REFERENCE_DIR) -> pd.DataFrame:
    """Read ``municipalities.csv`` (source columns) into the schema (``lon`` -> lng)."""
    raw = _read_codes_csv(ref_dir / "municipalities.csv").rename(columns={"lon": s.LNG})
    return coerce(raw, s.MUNICIPALITIES)


def read_postal_codes(ref_dir: Path = REFERENCE_DIR) -> pd.DataFrame:
    """Read ``postal_codes.csv``, dropping the one Walloon code without a point."""
    raw = _read_codes_csv(ref_dir / "postal_codes.csv").rename(columns={"lon": s.LNG})
    raw = raw[(raw[s.LAT] != "") & (raw[s.LNG] != "")]
    return coerce(raw, s.POSTAL_CODES)


def read_programmes(ref_dir: Path = REFERENCE_DIR) -> pd.DataFrame:
    """Read ``programmes.csv``: code -> programme_id, NACE codes without dots, and
    related programmes mapped from names to ids (names not in the catalogue dropped).
    """
    raw = _read_codes_csv(ref_dir / "programmes.csv")
    id_by_name = dict(zip(raw["name"], raw["code"], strict=True))

    def related(names: str) -> str:
        ids = [id_by_name[n] for n in names.split(";") if n in id_by_name]
        return ";".join(ids)

    out = pd.DataFrame(
        {
            s.PROGRAMME_ID: raw["code"],
            s.NAME: raw["name"],
            s.GRADE: raw["grade"],
            s.FINALITY: raw["finality"],
            s.STUDY_AREA: raw["study_area"],
            s.PARTNERSHIP: raw["sector_partnership"],
            s.NACE_PREFIXES: raw["nace_codes"].str.replace(".", "", regex=False),
            s.RELATED_IDS: raw["related_programmes"].map(related),
            s.PROGRAMME_VALID_TO: pd.to_datetime(raw["valid_to"].replace("", None)),
        }
    )
    return coerce(out, s.PROGRAMMES)


def read_reference(ref_dir: Path = REFERENCE_DIR) -> dict[str, pd.DataFrame]:
    """Read the three reference tables, keyed by table name."""
    return {
        "municipalities": read_municipalities(ref_dir),
        "postal_codes": read_postal_codes(ref_dir),
        "programmes": read_programmes(ref_dir),
    }


def is_dataset(path: Path) -> bool:
    """Tell whether ``path`` holds a complete dataset."""
    return (path / COMPLETE_FILE).exists()


def load_dataset(path: Path) -> Dataset:
    """Read a dataset folder written by ``write_dataset``.

    Raises ``DataError`` when the folder is missing or incomplete. The tables in
    ``DEFERRED_TABLES`` are read on first use (their files are opened now).
    """
    path = Path(path)
    if not is_dataset(path):
        raise DataError(
            f"{path}: hier staat geen volledige dataset "
            "(maak er een met `python -m radar demo`)"
        )
    meta = json.loads((path / META_FILE).read_text(encoding="utf-8"))
    ds = Dataset.__new__(Dataset)
    deferred = {n: _Deferred(path, n) for n in DEFERRED_TABLES}
    for name in s.TABLES:
        if name not in deferred:
            frame = coerce(pd.read_parquet(path / f"{name}.parquet"), s.TABLES[name])
            object.__setattr__(ds, name, frame)
    object.__setattr__(ds, "meta", meta)
    object.__setattr__(ds, "_deferred", deferred)
    return ds


def write_dataset(ds: Dataset, path: Path) -> None:
    """Write ``ds`` to ``path`` atomically: a sibling temp folder, then a rename swap.

    If anything fails before the swap, the dataset already at ``path`` stays as it was.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.new-", dir=path.parent))
    try:
        for name in s.TABLES:
            ds.table(name).to_parquet(tmp / f"{name}.parquet", index=False)
        (tmp / META_FILE).write_text(
            json.dumps(dict(ds.meta), indent=2, default=str), encoding="utf-8"
        )
        (tmp / COMPLETE_FILE).write_text("ok\n", encoding="utf-8")
        old = path.parent / f".{path.name}.old"
        if old.exists():
            shutil.rmtree(old)
        if path.exists():
            os.replace(path, old)
        os.replace(tmp, path)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def dataset_signature(path: Path) -> str:
    """Return a short hash of the table files and ``meta.json`` (names, sizes and
    modification times): it changes whenever the dataset is rewritten."""
    h = hashlib.sha256()
    for name in [*sorted(f"{n}.parquet" for n in s.TABLES), META_FILE]:
        try:
            st = (Path(path) / name).stat()
        except OSError:
            h.update(f"{name}:missing;".encode())
            continue
        h.update(f"{name}:{st.st_size}:{st.st_mtime_ns};".encode())
    return h.hexdigest()[:24]


def index_path(path: Path, name: str) -> Path:
    """Where the derived index ``name`` of the dataset at ``path`` lives."""
    return Path(path) / f"{INDEX_PREFIX}{name}.npz"


def write_index(
    path: Path, name: str, version: int, arrays: Mapping[str, np.ndarray]
) -> None:
    """Write numeric or text arrays as the index ``name`` of the dataset at ``path``,
    stamped with ``version`` and the dataset's signature (atomically: a temp file,
    then a rename). Object arrays must hold text; they come back as object arrays.
    """
    text = [k for k, v in arrays.items() if np.asarray(v).dtype == object]
    stamp = {"version": version, "signature": dataset_signature(path), "text": text}
    plain = {
        k: (np.asarray(v).astype(str) if k in text else np.asarray(v))
        for k, v in arrays.items()
    }
    plain[_INDEX_META] = np.array(json.dumps(stamp))
    fd, tmp = tempfile.mkstemp(prefix=f".{name}-", suffix=".npz", dir=path)
    try:
        with os.fdopen(fd, "wb") as out:
            np.savez(out, **plain)  # type: ignore[arg-type]
        os.chmod(tmp, 0o644)  # like the tables (mkstemp makes it owner-only)
        os.replace(tmp, index_path(path, name))
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_index(path: Path, name: str, version: int) -> dict[str, np.ndarray] | None:
    """Read the index ``name`` of the dataset at ``path``; None when it is missing,
    of another version, built from other tables (stale) or unreadable."""
    file = index_path(path, name)
    if not file.exists():
        return None
    try:
        with file.open("rb") as handle, np.load(handle, allow_pickle=False) as npz:
            stamp = json.loads(str(npz[_INDEX_META]))
            if stamp.get("version") != version:
                return None
            if stamp.get("signature") != dataset_signature(path):
                return None
            text = set(stamp.get("text", []))
            return {
                k: (npz[k].astype(object) if k in text else npz[k])
                for k in npz.files
                if k != _INDEX_META
            }
    except (
        OSError,
        ValueError,
        KeyError,
        TypeError,
        EOFError,
        zipfile.BadZipFile,
    ) as exc:
        log.warning("index %s unreadable, rebuilt: %s", file, exc)
        return None
