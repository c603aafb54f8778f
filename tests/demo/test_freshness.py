"""A demo on disk is regenerated when its generator, reference tables or parameters
change: ``ensure_demo`` (the CLI and the app) and ``make run``/``make test``."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

import radar.demo.freshness as fp
from radar.demo import ensure_demo, fingerprint
from radar.demo.generator import generate
from radar.kernel import load
from radar.kernel.paths import REFERENCE_DIR, REPO_ROOT

SMALL = {"seed": 3, "establishments": 1000}


@pytest.fixture(scope="module")
def small_demo(reference, tmp_path_factory):
    folder = tmp_path_factory.mktemp("fresh") / "demo"
    load.write_dataset(generate(reference, **SMALL), folder)
    return folder


def _meta(folder):
    return json.loads((folder / load.META_FILE).read_text(encoding="utf-8"))


def test_the_demo_records_its_fingerprint_and_parameters(small_demo, reference):
    meta = _meta(small_demo)
    assert meta["parameters"] == SMALL
    assert meta["fingerprint"] == fingerprint(reference, **SMALL)


def test_an_up_to_date_demo_is_kept(small_demo):
    before = (small_demo / "offerings.parquet").stat().st_mtime_ns
    assert ensure_demo(small_demo, REFERENCE_DIR) is False
    assert (small_demo / "offerings.parquet").stat().st_mtime_ns == before


def test_a_changed_generator_regenerates_the_demo_with_its_parameters(
    small_demo, reference, monkeypatch
):
    real = fp.generator_sources()
    old = _meta(small_demo)["fingerprint"]
    name, code = real[0]
    changed = [(name, code + b"\n# changed\n"), *real[1:]]
    monkeypatch.setattr(fp, "generator_sources", lambda: changed)
    assert ensure_demo(small_demo, REFERENCE_DIR) is True
    meta = _meta(small_demo)
    assert meta["parameters"] == SMALL
    assert meta["fingerprint"] == fingerprint(reference, **SMALL) != old
    assert ensure_demo(small_demo, REFERENCE_DIR) is False


def test_changed_reference_tables_or_seed_change_the_fingerprint(reference, tmp_path):
    base = fingerprint(reference, **SMALL)
    assert fingerprint(reference, seed=4, establishments=1000) != base
    ref_dir = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIR, ref_dir)
    path = ref_dir / "programmes.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("96.021", "96.02", 1), encoding="utf-8")
    assert fingerprint(load.read_reference(ref_dir), **SMALL) != base


def test_a_demo_without_fingerprint_is_stale(small_demo, tmp_path, monkeypatch):
    folder = tmp_path / "old"
    shutil.copytree(small_demo, folder)
    meta = _meta(folder)
    del meta["fingerprint"]
    (folder / load.META_FILE).write_text(json.dumps(meta), encoding="utf-8")
    calls = []
    monkeypatch.setattr("radar.demo.generate", lambda ref, seed, n: calls.append(n))
    monkeypatch.setattr(load, "write_dataset", lambda ds, path: None)
    assert ensure_demo(folder, REFERENCE_DIR) is True
    assert calls == [1000]


def test_make_checks_the_demo_before_running_or_testing():
    make = shutil.which("make")
    if make is None:
        pytest.skip("make not installed")
    for target in ("test", "run"):
        out = subprocess.run(
            [make, "-n", target],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()
        demo = next(i for i, line in enumerate(out) if "-m radar.demo" in line)
        last = next(
            i for i, line in enumerate(out) if "pytest" in line or "streamlit" in line
        )
        assert demo < last, out
