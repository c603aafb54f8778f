"""Archive checks and hashed copies of ingest inputs (zip bombs, checksums)."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

from radar.kernel.errors import DataError
from radar.kernel.format import number
from radar.kernel.settings import Limits

MB = 1 << 20


def check_archive(path: Path, limits: Limits, name: str = "") -> None:
    """Refuse a ZIP (or XLSX) whose members would unpack too big or too compressed,
    or whose directory is damaged.

    Sizes come from the archive's directory; reading a member never yields more than
    its declared size, so the check bounds what a parser can be made to read.
    """
    name = name or path.name
    if not zipfile.is_zipfile(path):
        with path.open("rb") as fh:
            if fh.read(4) == b"PK\x03\x04":
                raise DataError(f"{name}: beschadigd zip-archief (geen inhoudsopgave)")
        return
    try:
        with zipfile.ZipFile(path) as zf:
            infos = [i for i in zf.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise DataError(f"{name}: beschadigd zip-archief ({exc})") from exc
    total = sum(i.file_size for i in infos)
    limit = limits.zip_max_uncompressed_mb * MB
    if total > limit:
        raise DataError(
            f"{name}: archief geweigerd: uitgepakt {number(total / MB)} MB, meer dan "
            f"{number(limits.zip_max_uncompressed_mb)} MB"
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MB and ratio > limits.zip_max_ratio:
            raise DataError(
                f"{name}: archief geweigerd: {Path(info.filename).name} is "
                f"{number(ratio)} keer gecomprimeerd (grens "
                f"{number(limits.zip_max_ratio)})"
            )


def copy_hashed(src: Path, dst: Path) -> tuple[str, int]:
    """Copy a file, returning its sha256 and size."""
    digest = hashlib.sha256()
    size = 0
    with src.open("rb") as fin, dst.open("wb") as fout:
        while chunk := fin.read(4 * MB):
            digest.update(chunk)
            fout.write(chunk)
            size += len(chunk)
    return digest.hexdigest(), size
