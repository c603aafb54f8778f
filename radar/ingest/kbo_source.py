"""The KBO delivery: which files it holds, the columns read from each, and ``Source``.

A delivery is the open-data zip or the folder it unpacks to; files are found by name,
case-insensitively, wherever they sit in the zip.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

from radar.kernel.errors import DataError

FILES = ("establishment.csv", "address.csv", "denomination.csv", "activity.csv")
COLUMNS = {
    "establishment.csv": ["EstablishmentNumber", "StartDate", "EnterpriseNumber"],
    "address.csv": [
        "EntityNumber",
        "TypeOfAddress",
        "CountryNL",
        "Zipcode",
        "MunicipalityNL",
        "MunicipalityFR",
        "StreetNL",
        "StreetFR",
        "HouseNumber",
        "Box",
    ],
    "denomination.csv": [
        "EntityNumber",
        "Language",
        "TypeOfDenomination",
        "Denomination",
    ],
    "activity.csv": [
        "EntityNumber",
        "ActivityGroup",
        "NaceVersion",
        "NaceCode",
        "Classification",
    ],
}
REQUIRED = {
    "establishment.csv": COLUMNS["establishment.csv"],
    "address.csv": ["EntityNumber", "TypeOfAddress", "Zipcode"],
    "denomination.csv": COLUMNS["denomination.csv"],
    "activity.csv": COLUMNS["activity.csv"],
}


class Source:
    """The KBO files in a zip or a folder, found by name case-insensitively.

    ``label`` is the name the user gave the delivery; rejects name a file as
    ``<label>/<file as named in the delivery>``.
    """

    def __init__(self, path: Path, label: str = "") -> None:
        self.path = Path(path)
        self.label = label or self.path.name
        self.names: dict[str, str]
        self.zip: zipfile.ZipFile | None = None
        if self.path.is_dir():
            self.names = {
                p.name.lower(): str(p) for p in self.path.iterdir() if p.is_file()
            }
        elif zipfile.is_zipfile(self.path):
            try:
                self.zip = zipfile.ZipFile(self.path)
            except (zipfile.BadZipFile, OSError, ValueError) as exc:
                raise DataError(
                    f"{self.label}: beschadigd zip-archief ({exc})"
                ) from exc
            self.names = {
                Path(i.filename).name.lower(): i.filename
                for i in self.zip.infolist()
                if not i.is_dir()
            }
        else:
            raise DataError(f"{self.label}: geen KBO-zip of -map")
        missing = [f for f in FILES if f not in self.names]
        if missing:
            self.close()
            raise DataError(
                f"{self.label}: KBO-bestanden ontbreken: {', '.join(missing)}"
            )

    def display(self, name: str) -> str:
        """How a reject names the file ``name`` (lower case) of the delivery."""
        return f"{self.label}/{Path(self.names[name]).name}"

    def opener(self, name: str) -> Callable[[], IO[bytes]]:
        """Return a function opening one file for binary reading."""
        target = self.names[name]
        if self.zip is not None:
            zf, member = self.zip, str(target)
            return lambda: zf.open(member)
        path = Path(target)
        return lambda: path.open("rb")

    def path_of(self, name: str) -> Path | None:
        """The file ``name`` on disk (None for a file inside the zip)."""
        return None if self.zip is not None else Path(self.names[name])

    def has(self, name: str) -> bool:
        """Tell whether the delivery holds ``name``."""
        return name in self.names

    def close(self) -> None:
        """Close the zip, if any."""
        if self.zip is not None:
            self.zip.close()
