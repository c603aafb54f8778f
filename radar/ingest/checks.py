"""Row checks shared by the small-file parsers (offerings, learners, recognitions).

A ``Checker`` walks the rows of one ``sniff.Table``: each check rejects the rows it
fails that are still alive, so every rejected input row gets one reject line, for the
first problem found, in the rejects CSV.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from radar.ingest import places, sniff
from radar.ingest.arrowcsv import digits, dotted, kbo_reasons, reject_frame
from radar.kernel import schema as s

DATE_FORMATS = ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y")


class Checker:
    """Collect rejects for one input table and track which rows are still valid."""

    def __init__(self, table: sniff.Table) -> None:
        self.file = table.file
        self.frame = table.frame.reset_index(drop=True)
        self.lines = self.frame[sniff.LINE].to_numpy(dtype=np.int64)
        self.alive = np.ones(len(self.frame), dtype=bool)
        self.parts = [sniff.rejects_frame(table.rejects)]

    def __len__(self) -> int:
        return len(self.frame)

    def has(self, name: str) -> bool:
        """Tell whether the input has the field ``name``."""
        return name in self.frame.columns

    def text(self, name: str) -> pd.Series:
        """The field as stripped text ("" when absent or empty)."""
        if name not in self.frame.columns:
            return pd.Series([""] * len(self.frame), dtype=object)
        values = self.frame[name].astype("string").fillna("").str.strip()
        return pd.Series(values.to_numpy(dtype=object))

    def reject(
        self,
        mask: np.ndarray,
        column: str | None,
        code: str,
        reason: str | list[str] | np.ndarray,
        values: pd.Series | np.ndarray | None = None,
    ) -> None:
        """Reject the alive rows where ``mask`` holds."""
        m = np.asarray(mask, dtype=bool) & self.alive
        if not m.any():
            return
        shown = self.text(column or "") if values is None else pd.Series(values)
        why = reason if isinstance(reason, str) else list(np.asarray(reason)[m])
        self.parts.append(
            reject_frame(
                self.file,
                self.lines[m],
                column,
                code,
                why,
                shown.to_numpy(dtype=object)[m],
            )
        )
        self.alive &= ~m

    def required(self, name: str) -> pd.Series:
        """Reject rows where ``name`` is empty; return the field as text."""
        values = self.text(name)
        self.reject(
            (values == "").to_numpy(), name, "missing_value", "waarde ontbreekt"
        )
        return values

    def kbo(self, name: str, kind: str) -> pd.Series:
        """Check a KBO number (``enterprise``/``establishment``); return it dotted."""
        values = self.text(name)
        n, ok = digits(pa.array(values.to_numpy(dtype=object), pa.string()))
        why = kbo_reasons(n, ok, "01" if kind == "enterprise" else "2")
        given = (values != "").to_numpy()
        self.reject(
            given & (why == "bad_check_digit"),
            name,
            "bad_check_digit",
            "controlegetal klopt niet",
        )
        self.reject(
            given & (why == "bad_number"),
            name,
            "bad_number",
            f"geen geldig {'ondernemings' if kind == 'enterprise' else 'vestigings'}"
            "nummer",
        )
        return pd.Series(np.where(ok, dotted(n, kind), values.to_numpy()))

    def date(self, name: str) -> pd.Series:
        """Parse a date field (DD-MM-JJJJ, DD/MM/JJJJ or JJJJ-MM-DD); reject others."""
        values = self.text(name)
        parsed = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ms]")
        for fmt in DATE_FORMATS:
            attempt = pd.to_datetime(values, format=fmt, errors="coerce")
            parsed = parsed.fillna(attempt.astype("datetime64[ms]"))
        bad = (values != "").to_numpy() & parsed.isna().to_numpy()
        self.reject(bad, name, "bad_date", "geen geldige datum (verwacht DD-MM-JJJJ)")
        return parsed

    def count(self, name: str) -> pd.Series:
        """Parse a non-negative whole number; empty gives <NA>."""
        values = self.text(name)
        num = pd.to_numeric(values.str.replace(",", "."), errors="coerce")
        given = (values != "").to_numpy()
        bad = given & (num.isna() | (num % 1 != 0) | (num < 0)).to_numpy()
        self.reject(bad, name, "bad_value", "geen aantal (geheel getal >= 0)")
        return num.where(~pd.Series(bad)).astype("Int64")

    def duplicates(self, keys: list[pd.Series], column: str, shown: pd.Series) -> None:
        """Reject alive rows whose key repeats an earlier alive row's key."""
        frame = pd.DataFrame({f"k{i}": k.to_numpy() for i, k in enumerate(keys)})
        frame["line"] = self.lines
        alive = frame[self.alive]
        dup = alive.duplicated([c for c in frame.columns if c != "line"], keep="first")
        if not dup.any():
            return
        first = alive.groupby([c for c in frame.columns if c != "line"])[
            "line"
        ].transform("min")
        mask = np.zeros(len(frame), dtype=bool)
        mask[alive.index[dup.to_numpy()]] = True
        reasons = np.full(len(frame), "", dtype=object)
        reasons[alive.index] = [f"dubbele sleutel, eerder op regel {x}" for x in first]
        self.reject(mask, column, "duplicate_key", reasons, shown)

    def place(
        self,
        reference: dict[str, pd.DataFrame],
        skipped: dict[str, int],
        *,
        postcode: str,
        municipality: str,
        nis: str,
        lat: str,
        lng: str,
    ) -> pd.DataFrame:
        """Locate rows (see ``places.locate``); reject unplaceable rows and count the
        rows outside Flanders and Brussels in ``skipped`` (they are dropped)."""
        where = places.locate(
            len(self),
            reference,
            postcode=self.text(postcode) if self.has(postcode) else None,
            municipality=self.text(municipality) if self.has(municipality) else None,
            nis=self.text(nis) if self.has(nis) else None,
            lat=self.text(lat) if self.has(lat) else None,
            lng=self.text(lng) if self.has(lng) else None,
        )
        problem = where["problem"].to_numpy(dtype=object)
        columns = {
            places.UNKNOWN_NIS: nis,
            places.UNKNOWN_POSTCODE: postcode,
            places.OUTSIDE_BELGIUM: lat,
            places.BAD_COORDINATES: lat,
        }
        for code, column in columns.items():
            mask = problem == code
            if code in (places.OUTSIDE_BELGIUM, places.BAD_COORDINATES):
                shown = self.text(lat) + ", " + self.text(lng)
                self.reject(mask, column, code, places.REASONS[code], shown)
            else:
                self.reject(mask, column, code, places.REASONS[code])
        out = (problem == places.OUT_OF_REGION) & self.alive
        if out.any():
            skipped["buiten Vlaanderen en Brussel"] = int(out.sum())
        self.alive &= ~out
        return where

    def rejects(self) -> pd.DataFrame:
        """All rejects so far, in file order."""
        frame = pd.concat(self.parts, ignore_index=True)
        return frame.sort_values("regel", kind="stable").reset_index(drop=True)


def programme_lookup(programmes: pd.DataFrame) -> dict[str, str]:
    """Map lower-case names (with and without " duaal") and ids to programme ids.

    >>> p = pd.DataFrame({"programme_id": ["SO-8"], "name": ["Kok duaal"]})
    >>> sorted(programme_lookup(p).items())
    [('kok', 'SO-8'), ('kok duaal', 'SO-8'), ('so-8', 'SO-8')]
    """
    out: dict[str, str] = {}
    for pid, name in zip(programmes[s.PROGRAMME_ID], programmes[s.NAME], strict=True):
        low = str(name).strip().lower()
        out[low] = pid
        out[low.removesuffix(" duaal")] = pid
        out[str(pid).lower()] = pid
    return out
