"""Shared fixtures: the reference tables, the demo dataset, and a network guard.

Every test runs with non-loopback connections refused, so hidden network use fails
loudly instead of hanging.
"""

from __future__ import annotations

import os
import socket

import pandas as pd
import pytest

from radar.demo import ensure_demo
from radar.kernel import load
from radar.kernel.paths import DEMO_DIR, REFERENCE_DIR

# No background warm-up (ui/warmup.py) in the pages run by AppTest or in the servers
# the browser tests start (they inherit this environment): nothing competes with them.
os.environ["RADAR_WARMUP"] = "0"

LOOPBACK = ("127.", "::1", "localhost")
_real_connect = socket.socket.connect


def _guarded_connect(self: socket.socket, address: object) -> None:
    host = address[0] if isinstance(address, tuple) else str(address)
    if self.family in (socket.AF_INET, socket.AF_INET6) and not str(host).startswith(
        LOOPBACK
    ):
        raise OSError(f"network access blocked in tests: {address!r}")
    _real_connect(self, address)


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)


@pytest.fixture(scope="session")
def reference() -> dict[str, pd.DataFrame]:
    return load.read_reference()


@pytest.fixture(scope="session")
def demo() -> load.Dataset:
    """The embedded demo dataset: data/demo, (re)generated first when it is missing
    or stale (its fingerprint differs from the current generator and reference)."""
    ensure_demo(DEMO_DIR, REFERENCE_DIR)
    return load.load_dataset(DEMO_DIR)
