"""The demo dataset: a seeded, calibrated synthetic dataset the app opens on.

A leaf of the package: nothing in the kernel or the features imports it; the edges
(``radar.cli``, ``ui.cache``) call ``ensure_demo`` to create it on first use.
"""

from __future__ import annotations

from pathlib import Path

from radar.demo.calibration import DEFAULT_ESTABLISHMENTS, DEFAULT_SEED
from radar.demo.generator import generate
from radar.kernel import load

__all__ = ["DEFAULT_ESTABLISHMENTS", "DEFAULT_SEED", "ensure_demo", "generate"]


def ensure_demo(folder: Path, reference_dir: Path) -> bool:
    """Generate the demo dataset into ``folder`` unless a complete one is there.

    Returns True when it generated one.
    """
    if load.is_dataset(folder):
        return False
    load.write_dataset(generate(load.read_reference(reference_dir)), folder)
    return True
