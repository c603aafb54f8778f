"""Check frames against the schema and against each other; report ``Issue``s.

Every check is vectorised and reports one ``Issue`` per offending value, naming the
table, the 0-based row position in the frame, the column and the reason (in Dutch, for
the app). A missing column is one table-level issue and switches off the checks that
need it. Null or blank values are reported only in key columns (``missing_value``); the
other checks skip them. Text columns are checked as ``load.coerce`` casts them, so a
``nis`` read as the integer 4000 does not match "04000".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from radar.kernel import schema as s
from radar.kernel.errors import DataError
from radar.kernel.load import Dataset

# column -> (issue code, allowed first digits)
KBO_COLUMNS = {
    s.ENTERPRISE_NUMBER: ("bad_enterprise_number", "01"),
    s.ESTABLISHMENT_NUMBER: ("bad_establishment_number", "2"),
}
# (table, column) referring to the same-named column of a target table
REFERENCES = (
    (s.OFFERINGS, s.PROGRAMME_ID, s.PROGRAMMES),
    (s.RECOGNITIONS, s.PROGRAMME_ID, s.PROGRAMMES),
    (s.RECOGNITIONS, s.ESTABLISHMENT_NUMBER, s.ESTABLISHMENTS),
)
UNKNOWN = {  # target table -> (issue code, reason)
    s.PROGRAMMES.name: ("unknown_programme", "onbekende opleiding"),
    s.ESTABLISHMENTS.name: ("unknown_establishment", "niet in establishments"),
}
NON_NEGATIVE = (s.LEARNERS, s.LEARNERS_HOSTED)
TYPE_NAMES = {
    s.FLOAT: "geen getal",
    s.INT: "geen geheel getal",
    s.DATE: "geen datum (verwacht JJJJ-MM-DD)",
    s.BOOL: "geen ja/nee-waarde",
}
_TRUTHY = ("true", "false", "1", "0", "1.0", "0.0")


@dataclass(frozen=True)
class Issue:
    """One problem in a table; ``row`` is the 0-based position, None for the table."""

    table: str
    row: int | None
    column: str | None
    code: str
    message: str


def _issue(
    table: str, row: int | None, column: str | None, code: str, why: str
) -> Issue:
    where = table if row is None else f"{table} rij {row}"
    if column is not None:
        where += f", kolom {column}"
    return Issue(table, row, column, code, f"{where}: {why}")


def _row_issues(
    table: str,
    column: str,
    code: str,
    mask: np.ndarray,
    shown: pd.Series,
    why: str,
) -> list[Issue]:
    """Report ``why (value)`` for every row where ``mask`` holds."""
    return [
        _issue(table, r, column, code, f"{why} ({shown.iat[r]})")
        for r in np.flatnonzero(mask).tolist()
    ]


def _isin(values: pd.Series, known: Iterable[object]) -> np.ndarray:
    """Tell which values are in ``known`` (hashing objects: Arrow's isin loops).

    >>> _isin(pd.Series(["a", "b", None], dtype="string"), {"a"}).tolist()
    [True, False, False]
    """
    objects = pd.Series(values.to_numpy(dtype=object, na_value=None), dtype=object)
    return objects.isin(np.asarray(list(known), dtype=object)).to_numpy(dtype=bool)


def _cast(values: pd.Series, dtype: str) -> tuple[pd.Series, np.ndarray, np.ndarray]:
    """Cast values to a schema dtype; return them with the missing and bad masks.

    >>> typed, missing, bad = _cast(pd.Series(["51.2", "", "noord", None]), s.FLOAT)
    >>> typed.tolist()[:1], missing.tolist(), bad.tolist()
    ([51.2], [False, True, False, True], [False, False, True, False])
    """
    values = values.reset_index(drop=True)
    missing = values.isna().to_numpy(dtype=bool)
    if values.dtype == object or pd.api.types.is_string_dtype(values.dtype):
        blank = values.astype("string").str.strip().eq("")
        missing = missing | blank.to_numpy(dtype=bool, na_value=False)
    present = values.mask(missing)
    if dtype == s.STR:
        return values.astype("string"), missing, np.zeros(len(values), dtype=bool)
    if dtype in (s.FLOAT, s.INT):
        num = pd.to_numeric(present, errors="coerce")
        typed = pd.Series(num.to_numpy(dtype="float64", na_value=np.nan))
        bad = typed.isna().to_numpy() & ~missing
        if dtype == s.INT:
            bad = bad | ((typed % 1 != 0).to_numpy() & typed.notna().to_numpy())
        return typed.where(~pd.Series(bad)), missing, bad
    if dtype == s.DATE:
        if pd.api.types.is_datetime64_any_dtype(values.dtype):
            typed = values
        else:
            typed = pd.to_datetime(present, errors="coerce", format="ISO8601")
        return typed, missing, typed.isna().to_numpy() & ~missing
    if pd.api.types.is_bool_dtype(values.dtype):
        return values, missing, np.zeros(len(values), dtype=bool)
    text = present.astype("string").str.strip().str.lower()
    bad = ~text.isin(_TRUTHY).to_numpy(dtype=bool) & ~missing
    return text.isin(("true", "1", "1.0")), missing, bad


def _kbo_reasons(numbers: pd.Series, first_digits: str) -> np.ndarray:
    """Say why each KBO number is invalid (None when valid); dots, spaces, BE allowed.

    >>> numbers = ["0200.065.765", "0200.065.766", "0200.065", "2.000.000.339"]
    >>> _kbo_reasons(pd.Series(numbers), "01").tolist()
    [None, 'controlegetal klopt niet', 'geen 10 cijfers', 'moet met 0 of 1 beginnen']
    """
    digits = (
        numbers.astype("string")
        .str.strip()
        .str.upper()
        .str.removeprefix("BE")
        .str.replace(".", "", regex=False)
        .str.replace(" ", "", regex=False)
    )
    ten = digits.str.fullmatch(r"\d{10}").to_numpy(dtype=bool, na_value=False)
    n = np.zeros(len(digits), dtype=np.int64)
    n[ten] = digits[ten].to_numpy(dtype=str).astype(np.int64)
    check_ok = 97 - (n // 100) % 97 == n % 100
    lead_ok = np.isin(n // 10**9, [int(c) for c in first_digits])
    reasons = np.full(len(digits), None, dtype=object)
    reasons[~check_ok] = "controlegetal klopt niet"
    reasons[~lead_ok] = f"moet met {' of '.join(first_digits)} beginnen"
    reasons[~ten] = "geen 10 cijfers"
    return reasons


def _duplicate_issues(
    frame: pd.DataFrame, spec: s.TableSpec, skip: np.ndarray
) -> list[Issue]:
    """Report every row whose key repeats an earlier row's key."""
    keys = frame[list(spec.key)].reset_index(drop=True)[~skip]
    dup_any = keys.duplicated(keep=False)
    if not dup_any.any():
        return []
    dups = keys[dup_any]
    first = dups.index.to_series().groupby([dups[c] for c in spec.key]).transform("min")
    later = dups.index[dups.duplicated(keep="first").to_numpy()]
    column = ", ".join(spec.key)
    issues = []
    for r in later.tolist():
        key = ", ".join(map(str, keys.loc[r]))
        why = f"dubbele sleutel ({key}), eerder in rij {first[r]}"
        issues.append(_issue(spec.name, int(r), column, "duplicate_key", why))
    return issues


def validate_table(
    frame: pd.DataFrame, spec: s.TableSpec, *, nis_known: set[str] | None = None
) -> list[Issue]:
    """Check one frame against its ``TableSpec``; return issues sorted by row.

    ``nis_known`` (municipality codes) turns on the ``unknown_nis`` check.
    """
    name = spec.name
    issues = [
        _issue(name, None, c, "missing_column", "kolom ontbreekt")
        for c in spec.required
        if c not in frame.columns
    ]
    typed: dict[str, pd.Series] = {}
    usable: dict[str, np.ndarray] = {}
    for col, dtype in spec.columns.items():
        if col not in frame.columns:
            continue
        typed[col], missing, bad = _cast(frame[col], dtype)
        usable[col] = ~missing & ~bad
        raw = frame[col].reset_index(drop=True)
        if col in spec.key:
            issues += _row_issues(
                name, col, "missing_value", missing, raw, "waarde ontbreekt"
            )
        issues += _row_issues(
            name, col, "wrong_type", bad, raw, TYPE_NAMES.get(dtype, "")
        )
    for col, (code, first) in KBO_COLUMNS.items():
        if col in typed:
            reasons = _kbo_reasons(typed[col], first)
            for r in np.flatnonzero(usable[col] & reasons.astype(bool)).tolist():
                why = f"{reasons[r]} ({typed[col].iat[r]})"
                issues.append(_issue(name, r, col, code, why))
    if nis_known is not None and s.NIS in typed:
        unknown = usable[s.NIS] & ~_isin(typed[s.NIS], nis_known)
        issues += _row_issues(
            name, s.NIS, "unknown_nis", unknown, typed[s.NIS], "onbekende NIS-code"
        )
    for col, (lo, hi) in ((s.LAT, s.BELGIUM_LAT), (s.LNG, s.BELGIUM_LNG)):
        if col in typed:
            v = typed[col].to_numpy(dtype=float)
            outside = usable[col] & ((v < lo) | (v > hi))
            issues += _row_issues(
                name, col, "outside_belgium", outside, typed[col], "buiten België"
            )
    if s.VALID_FROM in typed and s.VALID_TO in typed:
        start, end = typed[s.VALID_FROM], typed[s.VALID_TO]
        both = usable[s.VALID_FROM] & usable[s.VALID_TO]
        for r in np.flatnonzero(both & (start >= end).to_numpy(dtype=bool)).tolist():
            why = (
                f"valid_from ({start.iat[r]:%Y-%m-%d}) valt niet voor "
                f"valid_to ({end.iat[r]:%Y-%m-%d})"
            )
            issues.append(_issue(name, r, s.VALID_TO, "bad_interval", why))
    if all(c in typed for c in spec.key):
        no_key = np.logical_or.reduce([~usable[c] for c in spec.key])
        issues += _duplicate_issues(frame, spec, no_key)
    if s.PROVIDER_TYPE in typed:
        known = _isin(typed[s.PROVIDER_TYPE], s.PROVIDER_TYPES)
        why = f"onbekend type aanbieder, verwacht {', '.join(s.PROVIDER_TYPES)}"
        bad = usable[s.PROVIDER_TYPE] & ~known
        issues += _row_issues(
            name, s.PROVIDER_TYPE, "bad_value", bad, typed[s.PROVIDER_TYPE], why
        )
    for col in NON_NEGATIVE:
        if col in typed:
            negative = usable[col] & (typed[col].to_numpy(dtype=float) < 0)
            issues += _row_issues(
                name, col, "bad_value", negative, typed[col], "mag niet negatief zijn"
            )
    return sorted(issues, key=lambda i: -1 if i.row is None else i.row)


def _unknown_refs(
    ds: Dataset, spec: s.TableSpec, column: str, target: s.TableSpec
) -> list[Issue]:
    """Report rows whose ``column`` value is absent from that column of ``target``."""
    frame, known = ds.table(spec.name), ds.table(target.name)
    if column not in frame.columns or column not in known.columns:
        return []
    values, missing, _ = _cast(frame[column], s.STR)
    targets, gone, _ = _cast(known[column], s.STR)
    unknown = ~missing & ~_isin(values, targets[~gone].to_numpy(dtype=object))
    code, why = UNKNOWN[target.name]
    return _row_issues(spec.name, column, code, unknown, values, why)


def validate_dataset(ds: Dataset) -> list[Issue]:
    """Validate all six tables of ``ds`` and the references between them."""
    mun = ds.municipalities
    nis_known = set(mun[s.NIS].dropna().astype(str)) if s.NIS in mun.columns else None
    issues: list[Issue] = []
    for name, spec in s.TABLES.items():
        # postal_codes covers all of Belgium, beyond the municipalities table.
        check_nis = spec in s.DATA_TABLES
        issues += validate_table(
            ds.table(name), spec, nis_known=nis_known if check_nis else None
        )
    for spec, column, target in REFERENCES:
        issues += _unknown_refs(ds, spec, column, target)
    return issues


def raise_on_issues(issues: Iterable[Issue], limit: int = 5) -> None:
    """Raise ``DataError`` quoting the first ``limit`` issues, if there are any."""
    issues = list(issues)
    if not issues:
        return
    shown = "; ".join(i.message for i in issues[:limit])
    more = f" (en nog {len(issues) - limit})" if len(issues) > limit else ""
    raise DataError(f"{len(issues)} problemen in de data: {shown}{more}")
