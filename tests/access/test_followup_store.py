"""The follow-up store: status and note per prospect survive a restart and a new
KBO ingest, and two editors of one prospect never lose a write silently."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from radar.access import db, followup
from radar.access.followup import FollowupConflictError, Status
from radar.access.policy import Role, User
from radar.ingest.store import Store
from radar.kernel import load
from radar.kernel import schema as s
from radar.kernel.paths import REPO_ROOT

FIXTURES = Path(__file__).parents[1] / "data" / "ingest"
AMY = User("Amy Account", "u-amy", frozenset({Role.ACCOUNTMANAGER}))
CAS = User("Cas Consulent", "u-cas", frozenset({Role.CONSULENT}), frozenset({"Bouw"}))
EST = "2.000.000.339"
PID = "SO-115"


def test_a_prospect_never_edited_is_new_and_reading_creates_no_database(tmp_path):
    path = db.database_path(tmp_path)
    assert followup.get(path, EST, PID) is None
    assert followup.for_programme(path, PID).empty
    assert followup.history(path, EST, PID) == []
    assert not path.exists()


def test_status_and_note_are_saved_with_author_time_and_version(tmp_path):
    path = db.database_path(tmp_path)
    first = followup.save(path, AMY, EST, PID, "gecontacteerd", " belde \x07", 0)
    assert (first.status, first.note, first.author, first.version) == (
        Status.CONTACTED,
        "belde",
        "Amy Account",
        1,
    )
    second = followup.save(path, AMY, EST, PID, Status.INTERESTED, "komt langs", 1)
    assert second.version == 2
    assert followup.get(path, EST, PID) == second
    assert followup.get(path, EST, "SO-1") is None  # per programme
    table = followup.for_programme(path, PID)
    assert table.loc[EST, "status"] == "interesse"
    with pytest.raises(ValueError):
        followup.save(path, AMY, EST, PID, "misschien", "", 2)


def test_the_follow_up_survives_a_restart(tmp_path):
    path = db.database_path(tmp_path)
    followup.save(path, AMY, EST, PID, "interesse", "terugbellen in maart", 0)
    code = (
        "import sys; from pathlib import Path; from radar.access import followup;"
        f"r = followup.get(Path(sys.argv[1]), {EST!r}, {PID!r});"
        "print(r.status.value, '|', r.note, '|', r.author, '|', r.version)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(path)],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        check=True,
    )
    assert out.stdout.strip() == "interesse | terugbellen in maart | Amy Account | 1"


def test_the_follow_up_survives_a_new_kbo_ingest(tmp_path, reference):
    store = Store(tmp_path / "local")
    store.ingest("kbo", FIXTURES / "kbo", reference)
    before = load.load_dataset(store.dataset_dir()).establishments
    number = str(before[s.ESTABLISHMENT_NUMBER].iloc[0])
    path = db.database_path(store.root)
    followup.save(path, AMY, number, PID, "geen interesse", "nee", 0)

    first = store.dataset_dir()
    store.ingest("kbo", FIXTURES / "kbo", reference)  # a new extract
    assert store.dataset_dir() != first
    after = load.load_dataset(store.dataset_dir()).establishments
    record = followup.get(path, number, PID)
    assert record is not None and record.status is Status.NOT_INTERESTED
    listed = followup.attach(
        after, followup.for_programme(path, PID), s.ESTABLISHMENT_NUMBER
    )
    row = listed[listed[s.ESTABLISHMENT_NUMBER] == number].iloc[0]
    assert (row[followup.STATUS], row[followup.BY]) == ("geen interesse", "Amy Account")
    assert (listed[followup.STATUS] == "nieuw").sum() == len(listed) - 1
    assert len(followup.open_only(listed)) == len(listed) - 1


def test_two_sessions_see_the_final_state_with_its_author_or_a_conflict(tmp_path):
    path = db.database_path(tmp_path)
    amy_seen = cas_seen = 0  # both opened the prospect before anyone saved
    followup.save(path, AMY, EST, PID, "gecontacteerd", "Amy belde", amy_seen)
    with pytest.raises(FollowupConflictError) as info:
        followup.save(path, CAS, EST, PID, "interesse", "Cas belde", cas_seen)
    other = info.value.current
    assert (other.author, other.note, other.version) == ("Amy Account", "Amy belde", 1)
    assert "Amy Account" in str(info.value)
    # Cas takes the newest version and saves on top of it.
    final = followup.save(path, CAS, EST, PID, "interesse", "Cas belde ook", 1)
    for _session in ("amy", "cas"):
        seen = followup.get(path, EST, PID)
        assert seen == final
        assert (seen.author, seen.status, seen.version) == (
            "Cas Consulent",
            Status.INTERESTED,
            2,
        )
    history = followup.history(path, EST, PID)
    assert [(h.author, h.note) for h in history] == [
        ("Amy Account", "Amy belde"),
        ("Cas Consulent", "Cas belde ook"),
    ]


def _race(path: str, name: str, barrier, results) -> None:
    user = User(name, f"u-{name}", frozenset({Role.ACCOUNTMANAGER}))
    barrier.wait()
    try:
        followup.save(Path(path), user, EST, PID, "interesse", name, 0)
        results.put((name, "saved"))
    except FollowupConflictError as exc:
        results.put((name, f"conflict:{exc.current.author}"))


def test_two_processes_saving_the_same_version_one_wins_one_conflicts(tmp_path):
    path = db.database_path(tmp_path)
    followup.save(path, AMY, "2.000.000.000", PID, "nieuw", "", 0)  # schema exists
    ctx = multiprocessing.get_context("fork")
    barrier, results = ctx.Barrier(2), ctx.Queue()
    procs = [
        ctx.Process(target=_race, args=(str(path), name, barrier, results))
        for name in ("een", "twee")
    ]
    for p in procs:
        p.start()
    outcome = dict(results.get(timeout=120) for _ in procs)
    for p in procs:
        p.join(timeout=60)
    assert sorted(outcome.values())[1] == "saved"
    winner = next(n for n, o in outcome.items() if o == "saved")
    loser = next(n for n in outcome if n != winner)
    assert outcome[loser] == f"conflict:{winner}"
    assert followup.get(path, EST, PID).author == winner


def test_attach_marks_unedited_prospects_new_and_hides_handled_ones():
    table = pd.DataFrame({s.ESTABLISHMENT_NUMBER: ["2.1", "2.2", "2.3"]})
    found = pd.DataFrame(
        {
            "status": ["erkend", "interesse"],
            "note": ["", "x"],
            "author": ["A", "B"],
            "updated_at": ["t1", "t2"],
            "version": [3, 1],
        },
        index=["2.1", "2.3"],
    )
    out = followup.attach(table, found, s.ESTABLISHMENT_NUMBER)
    assert list(out[followup.STATUS]) == ["erkend", "nieuw", "interesse"]
    assert list(out[followup.VERSION]) == [3, 0, 1]
    assert list(followup.open_only(out)[s.ESTABLISHMENT_NUMBER]) == ["2.2", "2.3"]
