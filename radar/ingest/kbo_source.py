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
    """The KBO files in a zip or a folder, found by name case-insensitively."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.names: dict[str, str]
        if self.path.is_dir():
            self.names = {p.name.lower(): str(p) for p in self.path.iterdir()}
            self.zip: zipfile.ZipFile | None = None
        elif zipfile.is_zipfile(self.path):
            self.zip = zipfile.ZipFile(self.path)
            self.names = {
                Path(i.filename).name.lower(): i.filename
                for i in self.zip.infolist()
                if not i.is_dir()
            }
        else:
            raise DataError(f"{self.path.name}: geen KBO-zip of -map")
        missing = [f for f in FILES if f not in self.names]
        if missing:
            raise DataError(
                f"{self.path.name}: KBO-bestanden ontbreken: {', '.join(missing)}"
            )

    def opener(self, name: str) -> Callable[[], IO[bytes]]:
        """Return a function opening one file for binary reading."""
        target = self.names[name]
        if self.zip is not None:
            zf, member = self.zip, str(target)
            return lambda: zf.open(member)
        path = Path(target)
        return lambda: path.open("rb")

    def has(self, name: str) -> bool:
        """Tell whether the delivery holds ``name``."""
        return name in self.names

    def close(self) -> None:
        """Close the zip, if any."""
        if self.zip is not None:
            self.zip.close()
