"""Assemble the real dataset from the latest good source tables and the reference.

A source that was never ingested gives an empty table with the schema's columns, so
the app works with, say, only the company register loaded.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

import pandas as pd

from radar.kernel import load
from radar.kernel import schema as s
from radar.kernel.validate import validate_dataset

REAL_LABEL = "eigen gegevens"
EXAMPLES = 50


def empty(spec: s.TableSpec) -> pd.DataFrame:
    """An empty frame with the spec's columns and dtypes."""
    return load.coerce(pd.DataFrame({c: [] for c in spec.columns}), spec)


def _coerce(frame: pd.DataFrame, spec: s.TableSpec) -> pd.DataFrame:
    """Cast to the schema; derived columns (``h3_cell``) are computed by coerce."""
    return load.coerce(frame[[c for c in spec.columns if c in frame.columns]], spec)


def _offerings(
    offer: pd.DataFrame | None, learners: pd.DataFrame | None
) -> pd.DataFrame:
    """Offer rows with learner counts filled in; learner rows without an offer row
    become offerings of their own (the count proves the programme is taught)."""
    if offer is None and learners is None:
        return empty(s.OFFERINGS)
    if learners is None:
        return _coerce(offer, s.OFFERINGS)  # type: ignore[arg-type]
    if offer is None:
        return _coerce(learners, s.OFFERINGS)
    cols = [c for c in s.OFFERINGS.columns if c in offer.columns]
    counts = learners.set_index(s.OFFERING_ID)[s.LEARNERS]
    base = offer[cols].copy()
    base[s.LEARNERS] = counts.reindex(base[s.OFFERING_ID]).to_numpy()
    extra = learners[~learners[s.OFFERING_ID].isin(set(base[s.OFFERING_ID]))]
    both = pd.concat([base, extra[cols]], ignore_index=True)
    return _coerce(both, s.OFFERINGS)


def _recognitions(
    rec: pd.DataFrame | None, establishments: pd.DataFrame
) -> pd.DataFrame:
    """Recognitions; an empty name takes the establishment's name from the KBO."""
    if rec is None:
        return empty(s.RECOGNITIONS)
    out = rec[[c for c in s.RECOGNITIONS.columns if c in rec.columns]].copy()
    names = establishments.set_index(s.ESTABLISHMENT_NUMBER)[s.NAME]
    names = names[~names.index.duplicated()]
    found = names.reindex(out[s.ESTABLISHMENT_NUMBER]).to_numpy(dtype=object)
    blank = out[s.NAME].fillna("").eq("").to_numpy()
    out.loc[blank, s.NAME] = pd.Series(found[blank], dtype=object).fillna("").to_numpy()
    return _coerce(out, s.RECOGNITIONS)


def validation_summary(ds: load.Dataset) -> dict[str, Any]:
    """Validate ``ds``; return the issue count, counts by code and the first issues."""
    issues = validate_dataset(ds)
    return {
        "issues": len(issues),
        "by_code": dict(Counter(i.code for i in issues).most_common()),
        "examples": [i.message for i in issues[:EXAMPLES]],
    }


def assemble(
    sources: Mapping[str, pd.DataFrame],
    reference: Mapping[str, pd.DataFrame],
    meta: Mapping[str, Any],
) -> load.Dataset:
    """Build the real ``Dataset`` from source tables (``kbo``, ``offerings``,
    ``learners``, ``recognitions``; any may be missing) and the reference tables."""
    kbo = sources.get("kbo")
    establishments = (
        empty(s.ESTABLISHMENTS) if kbo is None else _coerce(kbo, s.ESTABLISHMENTS)
    )
    return load.Dataset(
        programmes=reference["programmes"],
        municipalities=reference["municipalities"],
        postal_codes=reference["postal_codes"],
        offerings=_offerings(sources.get("offerings"), sources.get("learners")),
        recognitions=_recognitions(sources.get("recognitions"), establishments),
        establishments=establishments,
        meta={"kind": "real", "label": REAL_LABEL, **meta},
    )
