"""Row checks shared by the small-file parsers (offerings, learners, recognitions).

A ``Checker`` walks the rows of one piece of a ``sniff.Table``: each check rejects the
rows it fails that are still alive, so every rejected input row gets one reject line,
for the first problem found. Rejects name the column as the file names it and the
file as the user gave it. ``duplicates`` runs over all pieces at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np
import pandas as pd
import pyarrow as pa

from radar.ingest import dates, places, sniff
from radar.ingest.arrowcsv import digits, dotted, kbo_reasons, reject_frame
from radar.kernel import schema as s

INPUT_LINE = "input_line"
"""Extra column of a source table: the input line of the row (the first, if summed)."""


class Checker:
    """Collect rejects for one piece of an input table and track the valid rows."""

    def __init__(self, table: sniff.Table, frame: pd.DataFrame) -> None:
        self.file = table.file
        self.headers = table.headers
        self.frame = frame.reset_index(drop=True)
        self.lines = self.frame[sniff.LINE].to_numpy(dtype=np.int64)
        self.alive = np.ones(len(self.frame), dtype=bool)
        self.parts: list[pd.DataFrame] = []

    def __len__(self) -> int:
        return len(self.frame)

    def has(self, name: str) -> bool:
        """Tell whether the input has the field ``name``."""
        return name in self.frame.columns and name != sniff.LINE

    def column(self, name: str | None) -> str | None:
        """The column name the user's file gives the field ``name``."""
        return None if name is None else self.headers.get(name, name)

    def text(self, name: str) -> pd.Series:
        """The field as stripped text ("" when absent or empty)."""
        if not self.has(name):
            return pd.Series([""] * len(self.frame), dtype=object)
        values = self.frame[name].astype("string").fillna("").str.strip()
        return pd.Series(values.to_numpy(dtype=object))

    def reject(
        self,
        mask: np.ndarray,
        column: str | None,
        code: str,
        reason: str | list[str] | np.ndarray | pd.Series,
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
                self.column(column),
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
        """Parse a date field strictly (DD-MM-JJJJ, DD/MM/JJJJ, JJJJ-MM-DD); reject
        others, days that do not exist and implausible years."""
        parsed, why = dates.parse_dates(self.text(name))
        bad = why.notna().to_numpy()
        self.reject(bad, name, "bad_date", why.fillna("").to_numpy())
        return parsed

    def count(self, name: str) -> pd.Series:
        """Parse a whole number from 0 to ``dates.MAX_COUNT``; empty gives <NA>."""
        counts, why = dates.parse_counts(self.text(name))
        bad = why.notna().to_numpy()
        self.reject(bad, name, "bad_value", why.fillna("").to_numpy())
        return counts.where(~pd.Series(bad), pd.NA).astype("Int64")

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
            places.UNKNOWN_POSTCODE: postcode if self.has(postcode) else municipality,
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
            key = "buiten Vlaanderen en Brussel"
            skipped[key] = skipped.get(key, 0) + int(out.sum())
        self.alive &= ~out
        return where

    def rejects(self) -> pd.DataFrame:
        """All rejects of this piece."""
        return pd.concat(self.parts, ignore_index=True) if self.parts else empty()


def empty() -> pd.DataFrame:
    """A rejects frame without rows."""
    return sniff.rejects_frame()


def concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The kept rows of all pieces as one frame."""
    if len(frames) == 1:
        return frames[0]
    return pd.concat(frames, ignore_index=True)


def sorted_rejects(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Rejects of all pieces, in file order."""
    frames = [p for p in parts if len(p)]
    if not frames:
        return empty()
    frame = pd.concat(frames, ignore_index=True)
    frame = frame.sort_values(["bestand", "regel"], kind="stable")
    return frame.reset_index(drop=True)


def run_pieces(
    table: sniff.Table,
    check: Callable[[Checker], pd.DataFrame],
    progress: sniff.Progress,
) -> Iterator[tuple[pd.DataFrame, Checker]]:
    """Check ``table`` piece by piece: yield each piece's kept rows (``check`` builds
    them, with ``INPUT_LINE``) and its checker, reporting progress as it goes."""
    done = 0
    # an input without rows still gives the kept frame its columns
    pieces = table.chunks() if len(table) else iter([table.chunk(0, 0)])
    for piece in pieces:
        chk = Checker(table, piece)
        frame = check(chk)
        frame[INPUT_LINE] = chk.lines
        yield frame[chk.alive].reset_index(drop=True), chk
        done += len(piece)
        progress(f"{table.file}: controleren", done, None)


def duplicates(
    frame: pd.DataFrame, keys: list[str], file: str, column: str | None, shown: str
) -> tuple[np.ndarray, pd.DataFrame]:
    """Find rows whose ``keys`` repeat an earlier row's (by input line); return the
    mask of the later rows and their rejects, naming the line of the first."""
    if frame.empty:
        return np.zeros(0, dtype=bool), empty()
    lines = frame[INPUT_LINE].to_numpy(dtype=np.int64)
    order = np.argsort(lines, kind="stable")
    ordered = frame.iloc[order]
    dup_sorted = ordered.duplicated(keys, keep="first").to_numpy()
    if not dup_sorted.any():
        return np.zeros(len(frame), dtype=bool), empty()
    first = ordered.groupby(keys, sort=False, dropna=False)[INPUT_LINE].transform("min")
    mask = np.zeros(len(frame), dtype=bool)
    mask[order[dup_sorted]] = True
    firsts = np.empty(len(frame), dtype=np.int64)
    firsts[order] = first.to_numpy(dtype=np.int64)
    rejects = reject_frame(
        file,
        lines[mask],
        column,
        "duplicate_key",
        [f"dubbele sleutel, eerder op regel {x}" for x in firsts[mask]],
        frame[shown].to_numpy(dtype=object)[mask],
    )
    return mask, rejects


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
