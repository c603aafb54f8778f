"""Freshness of the demo on disk: a fingerprint of everything that generates it.

The fingerprint hashes the generator's source (every module of ``radar.demo`` and
the kernel modules it builds on), the reference tables it reads and its parameters
(seed, universe size). ``generate`` records it in the dataset's ``meta.json``;
``ensure_demo`` regenerates a demo whose recorded fingerprint differs.

The sources are read once, when this module is imported with the generator, so the
fingerprint describes the code this process runs: a long-running process that still
runs an older generator records the older fingerprint with the older data, never a
new fingerprint on old data.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import importlib.util
from pathlib import Path

import pandas as pd

KERNEL_MODULES = (
    "radar.kernel.calendar",
    "radar.kernel.geo",
    "radar.kernel.hexgrid",
    "radar.kernel.ids",
    "radar.kernel.load",
    "radar.kernel.schema",
)
"""Kernel modules whose code shapes the generated tables."""


def _read_sources() -> list[tuple[str, bytes]]:
    demo = importlib.resources.files("radar.demo")
    out = [
        (f"radar.demo/{f.name}", f.read_bytes())
        for f in sorted(demo.iterdir(), key=lambda f: f.name)
        if f.name.endswith(".py")
    ]
    for name in KERNEL_MODULES:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            raise ImportError(name)
        out.append((name, Path(spec.origin).read_bytes()))
    return out


_LOADED = _read_sources()


def generator_sources() -> list[tuple[str, bytes]]:
    """(name, source bytes) of every module the generator runs, in a fixed order, as
    they were when this process imported them."""
    return _LOADED


def fingerprint(ref: dict[str, pd.DataFrame], seed: int, establishments: int) -> str:
    """Hash of the generator's source, the reference tables and the parameters."""
    h = hashlib.sha256()
    for name, data in generator_sources():
        h.update(f"{name}:{len(data)}\n".encode())
        h.update(data)
    for name in sorted(ref):
        h.update(f"table {name}\n".encode())
        h.update(ref[name].to_csv(index=False).encode())
    h.update(f"seed={seed};establishments={establishments}".encode())
    return h.hexdigest()[:20]
