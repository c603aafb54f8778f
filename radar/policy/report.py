"""Ready-to-send documents built from tables: the Excel workbook with provenance."""

from __future__ import annotations

import textwrap
from datetime import datetime

import pandas as pd

from radar.kernel.export import Sheet, to_xlsx_bytes
from radar.kernel.format import date
from radar.kernel.load import Dataset
from radar.kernel.sources import data_source, source_lines
from radar.policy import linked
from radar.policy.audit import Finding, audit
from radar.policy.build import PolicyTable, answer_key, expiring_list, period_label
from radar.policy.suppress import SuppressionError
from radar.policy.tables import COL_LEARNERS, COL_RECOGNITIONS, to_plain_text

LIST_FILTERS = ("Peildatum", "Vervalt binnen")


def policy_sheets(
    tables: list[PolicyTable], ds: Dataset, now: datetime | None = None
) -> list[Sheet]:
    """Turn policy tables into workbook sheets (published values, provenance).

    An ``expiring`` table without suppression gets a second sheet listing the
    recognitions themselves (leads for sector consultants); a suppressed one does not,
    since the list names establishments.
    """
    sources = source_lines(ds, now)
    sheets = []
    listed: list[tuple[pd.Timestamp, int]] = []
    for pt in tables:
        sheets.append(
            Sheet(
                name=pt.sheet_name,
                title=pt.title,
                table=pt.table,
                provenance=pt.filters + sources,
                footnote=pt.footnote,
            )
        )
        req = pt.request
        key = (pd.Timestamp(req.as_of), req.months)
        if req.kind != "expiring" or req.suppress >= 2 or key in listed:
            continue
        listed.append(key)
        sheets.append(
            Sheet(
                name="lijst vervallend"
                + (f" {len(listed)}" if len(listed) > 1 else ""),
                title=(
                    f"Erkenningen die binnen {req.months} maanden na {req.period} "
                    "vervallen"
                ),
                table=expiring_list(ds, req.as_of, req.months),
                provenance=(
                    *(f for f in pt.filters if f[0] in LIST_FILTERS),
                    *sources,
                ),
                footnote=(
                    "Vervalt op = eerste dag zonder erkenning. Werklijst, niet voor "
                    "publicatie: bevat namen van vestigingen."
                ),
                total_label=None,
            )
        )
    return sheets


def published(pt: PolicyTable) -> list[linked.Published]:
    """What a suppressed table publishes, for ``audit_tables``: one part per date."""
    req = pt.request
    if pt.marks is None:
        return []
    listed = ("lesplaatsen",) if req.kind == "offer" else req.measures
    if req.cross is not None:
        main = COL_LEARNERS if req.kind == "offer" else COL_RECOGNITIONS
        key = answer_key(req, req.as_of)
        return [linked.Published(key, req.by, req.cross, (main,), pt.values, pt.marks)]
    dates = [(req.as_of, "")]
    if req.compare_to is not None:
        dates = [
            (d, f" {period_label(req.kind, d)}") for d in (req.as_of, req.compare_to)
        ]
    out = []
    label = pt.values.columns[0]
    for when, suffix in dates:
        names = {f"{m}{suffix}": m for m in req.measures}
        cols = [label, *names]
        values = pt.values[cols].rename(columns=names)
        marks = pt.marks[cols].rename(columns=names)
        key = answer_key(req, when)
        out.append(
            linked.Published(key, req.by, None, req.measures, values, marks, listed)
        )
    return out


def audit_tables(tables: list[PolicyTable], ds: Dataset) -> list[Finding]:
    """Audit suppressed tables published together (``radar.policy.audit``): shared
    totals, nested groupings and nested crosstabs included. Empty: safe."""
    parts = [p for pt in tables for p in published(pt)]
    ks = {pt.request.suppress for pt in tables if pt.marks is not None}
    if not parts:
        return []
    if len(ks) > 1:
        raise SuppressionError("tabellen met verschillende drempels samen publiceren")
    up = linked.parents(ds.municipalities, ds.programmes)
    return audit(linked.together(parts, ks.pop(), up))


def check_together(tables: list[PolicyTable], ds: Dataset) -> None:
    """Refuse tables that together give a hidden cell away.

    Each table is protected with every one-way table it shares totals with, so any
    mix of one-way tables and crosstabs of one answer passes; two crosstabs whose
    groupings nest (sector partnership and programme, or province, Resoc and
    arrondissement, on the same side) are not protected against each other.
    """
    if sum(pt.marks is not None for pt in tables) < 2:
        return  # each table alone was audited when it was built
    findings = audit_tables(tables, ds)
    if findings:
        raise SuppressionError(
            "deze tabellen samen geven afgeschermde cellen prijs ("
            + "; ".join(str(f) for f in findings[:3])
            + "): kruistabellen van geneste indelingen (partnerschap en opleiding, "
            "of provincie, Resoc en arrondissement) niet samen publiceren"
        )


def policy_workbook(
    tables: list[PolicyTable], ds: Dataset, now: datetime | None = None
) -> bytes:
    """Build one XLSX with a sheet per policy table (and per expiring list).

    Several suppressed tables are audited as a whole first (``check_together``).
    """
    check_together(tables, ds)
    return to_xlsx_bytes(policy_sheets(tables, ds, now))


def plain_text(pt: PolicyTable, ds: Dataset, width: int = 90) -> str:
    """Render a policy table as plain text for a letter: title, table, notes, source."""
    notes = textwrap.fill(pt.footnote, width)
    return (
        f"{pt.title}\n\n{to_plain_text(pt.table)}\n\n{notes}\n"
        f"Bron: {data_source(ds)}, gegevens tot {date(ds.extract_date)}."
    )
