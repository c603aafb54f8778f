"""The audit itself (``radar.policy.audit``) on publications with known answers."""

from __future__ import annotations

import pandas as pd

from radar.policy.audit import audit
from radar.policy.build import TableRequest, answer, single_table
from radar.policy.publication import PRIMARY, SECONDARY, SHOWN, Builder


def line(values: list[int], marks: list[int], total_mark: int = SHOWN, k: int = 5):
    """One line of cells and its total, with the given marks."""
    b = Builder(k)
    cells = [
        b.entry(i, f"c{i}", v, m)
        for i, (v, m) in enumerate(zip(values, marks, strict=True))
    ]
    for i in cells:
        b.allow_hiding(i)
    total = b.entry("t", "totaal", sum(values), total_mark)
    b.equal(cells, [total])
    return b.build()


def test_a_small_cell_beside_a_hidden_zero_and_a_published_total_of_1_is_pinned():
    # The row "x,0,0,<5,0,0,1": the total 1 is published, the <5 is 1, the
    # x is 0. A shown count 1..K-1 is a finding in itself.
    pub = line([0, 0, 0, 1, 0, 0], [SECONDARY, 0, 0, PRIMARY, 0, 0])
    found = {f.label: (f.low, f.high) for f in audit(pub)}
    assert found == {"c0": (0, 0), "totaal": (1, 1)}
    # The <5 is pinned too; it counts as what the <5 marks alone say here, since
    # with its total shown nothing else in the line could be hidden to help it.
    hidden_total = line([0, 0, 0, 1, 0, 0], [0, 0, 0, PRIMARY, 0, 0], PRIMARY)
    assert audit(hidden_total) == []


def test_three_small_cells_adding_up_to_a_published_12_are_each_4():
    pub = line([4, 4, 4, 30], [PRIMARY, PRIMARY, PRIMARY, SHOWN])
    assert sorted((f.label, f.low, f.high) for f in audit(pub)) == [
        ("c0", 4, 4),
        ("c1", 4, 4),
        ("c2", 4, 4),
    ]
    # Hiding the 30 too lets each be 1..4, and the 30 itself is not pinned.
    assert (
        audit(pub.with_marks(pub.marks.copy() | (pub.values == 30) * SECONDARY)) == []
    )


def test_small_cells_are_free_where_the_rest_of_the_line_gives_room():
    assert audit(line([2, 3, 40], [PRIMARY, PRIMARY, SHOWN])) == []
    # 1 + 1 = 2 shown beside 40 (total 42): each is 1, until the 40 is hidden
    pinned = line([1, 1, 40], [PRIMARY, PRIMARY, SHOWN])
    assert {(f.label, f.low, f.high) for f in audit(pinned)} == {
        ("c0", 1, 1),
        ("c1", 1, 1),
    }
    hide_40 = pinned.marks.copy() | (pinned.values == 40) * SECONDARY
    assert audit(pinned.with_marks(hide_40)) == []


def test_the_demos_largest_crosstab_passes_its_own_audit(demo):
    d = pd.Timestamp("2022-02-07")
    req = TableRequest(as_of=d, by="programme", cross="arrondissement", suppress=5)
    values = single_table(demo, req, d)
    marks, pub = answer(demo, req, d).crosstab_marks(values, req.by, req.cross)
    assert audit(pub) == []
    hidden = marks.iloc[:-1, 1:-1].to_numpy() != 0
    assert hidden.sum() > 0.4 * hidden.size
